import ArgumentParser
import Foundation
import ReportKit
import Sections

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compares the current results' metrics with a saved baseline.",
        discussion: """
            Every metric on both sides prints the baseline value, ours, the difference and a verdict: \
            within, moved, not_compared (timings, and values that the baseline's profile and ours make \
            mean different things), only_in_baseline or only_in_current. \
            Exit status: 0 when nothing moved beyond its tolerance, 1 when something did, 2 for an error \
            (a missing or damaged baseline or result, a bad option).
            """)

    @Option(help: ArgumentHelp("Baseline name: reports/baselines/<name>.json.", valueName: "name"),
            completion: .custom(Completions.baselineNames))
    var baseline: String = "original"

    // Unconditional, so that "-1" reaches the check below instead of reading as an option.
    @Option(parsing: .unconditional, help: "Accuracy tolerance in percentage points, ≥ 0 (default: the baseline's, else 0.5).")
    var tolerance: Double?

    @Option(parsing: .unconditional, help: "Loss tolerance, relative, ≥ 0 (0.1 = 10 %; default: the baseline's, else 0.1).")
    var lossTolerance: Double?

    @Flag(help: "A few lines: the verdicts counted per step and what moved, instead of every row.")
    var summary = false

    @Flag(help: "Machine-readable output (with --summary: the counts and the moved metrics, without the rows).")
    var json = false

    @OptionGroup var reports: ReportsFolderOption

    func validate() throws {
        for (flag, value, kind) in [("--tolerance", tolerance, MetricKind.accuracyPercent), ("--loss-tolerance", lossTolerance, .loss)] {
            if let value, let problem = Tolerances.problem(with: value, for: kind) {
                throw ValidationError("\(flag) \(problem)")
            }
        }
    }

    func run() throws {
        var moved = false
        // Like diff(1): 1 means "they differ", so every error is 2.
        try runReportingErrors(failureStatus: 2) {
            var overrides: [String: Double] = [:]
            if let tolerance { overrides[MetricKind.accuracyPercent.rawValue] = tolerance }
            if let lossTolerance { overrides[MetricKind.loss.rawValue] = lossTolerance }
            let options = try reports.options()
            let result = try BaselineComparison.run(options: options, baseline: baseline, overrides: overrides, onlyComparable: true)
            // Nothing to compare is not "within tolerance".
            if result.snapshot.metrics.isEmpty {
                throw ReportError("\(options.resultsDirectory): no saved results to compare with baseline '\(baseline)'; run `report build` first")
            }
            result.notes.forEach { warn($0) }
            if json {
                print(try DiffPrinter.json(result, summary: summary))
            } else {
                print(summary ? DiffPrinter.summary(result) : DiffPrinter.text(result))
            }
            moved = result.diff.failed
        }
        if moved { throw ExitCode(1) }
    }
}

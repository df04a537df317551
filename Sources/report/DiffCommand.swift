import ArgumentParser
import Foundation
import Report

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compares the current results' metrics with a saved baseline.",
        discussion: """
            Every metric in both prints the baseline value, ours, the difference and a verdict. \
            Exit status 1 when a shared metric moved beyond its tolerance; metrics on one side \
            only are listed but do not fail.
            """)

    @Option(help: "Baseline name: reports/baselines/<name>.json.")
    var baseline: String = "original"

    @Option(help: "Accuracy tolerance in percentage points (default: the baseline's, else 0.5).")
    var tolerance: Double?

    @Option(help: "Loss tolerance, relative (0.1 = 10 %; default: the baseline's, else 0.1).")
    var lossTolerance: Double?

    @Flag(help: "Only summary metrics (final values, totals); leave out per-epoch points.")
    var summary = false

    @Flag(help: "Machine-readable output.")
    var json = false

    @Option(help: "Folder holding results/ and baselines/.")
    var reportsDir: String = "reports"

    func run() throws {
        var failed = false
        try runReportingErrors {
            var options = BuildOptions()
            options.reportsDirectory = reportsDir
            var overrides: [String: Double] = [:]
            if let tolerance { overrides[MetricKind.accuracyPercent.rawValue] = tolerance }
            if let lossTolerance { overrides[MetricKind.loss.rawValue] = lossTolerance }
            let result = try BaselineComparison.run(options: options, baseline: baseline, overrides: overrides)
            var diff = result.diff
            if summary { diff.rows = diff.rows.filter { MetricName.isSummary($0.metric) } }
            if json {
                print(try DiffPrinter.json(diff, snapshot: result.snapshot))
            } else {
                print(DiffPrinter.text(diff, snapshot: result.snapshot, baseline: result.baseline))
            }
            failed = diff.failed
        }
        if failed { throw ExitCode(1) }
    }
}

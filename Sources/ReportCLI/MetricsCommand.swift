import ArgumentParser
import Foundation
import ReportKit
import Sections

struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Every metric of the saved results, one row each: step, metric, epoch, value, unit, kind.",
        discussion: """
            The names are those of `report diff` and the baselines. `epoch` is set for per-epoch points \
            and empty otherwise; `unit` is % for accuracies, s for timings, empty for plain numbers. \
            A result file that cannot be read is named on stderr, the other rows are still written, and the exit status is 1.
            """)

    @Argument(help: "Steps to export, ids or prefixes such as p1 (default: all).", completion: Completions.steps)
    var steps: [String] = []

    @Flag(help: "Comma-separated values with a header row (RFC 4180).")
    var csv = false

    @Flag(help: "A JSON array of rows.")
    var json = false

    @OptionGroup var reports: ReportsFolderOption

    func validate() throws {
        if csv && json { throw ValidationError("choose one of --csv and --json") }
    }

    func run() throws {
        var failed = false
        try runReportingErrors {
            let results = try SavedResults.read(store: ResultsStore(directory: try reports.path() + "/results"), selecting: steps)
            let rows = MetricRow.rows(results.filter { $0.problem == nil })
            if csv {
                print(MetricRow.csv(rows), terminator: "")
            } else if json {
                print(String(decoding: try JSONCoding.encode(rows), as: UTF8.self))
            } else {
                print(MetricRow.table(rows))
            }
            let problems = results.compactMap(\.problem)
            problems.forEach { FileHandle.standardError.write(Data("error: \($0)\n".utf8)) }
            failed = !problems.isEmpty
        }
        if failed { throw ExitCode(1) }
    }
}

import ArgumentParser
import Foundation
import ReportKit
import Sections

struct ResultsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "Shows the saved results: each step's metrics (final values, totals), or the records as JSON.",
        discussion: "A result file that cannot be read is named on stderr, the others are still shown, and the exit status is 1.")

    @Argument(help: "Steps to show, ids or prefixes such as p1 (default: all).", completion: Completions.steps)
    var steps: [String] = []

    @Flag(help: "Also the per-epoch points.")
    var epochs = false

    @Flag(help: "The saved records as one JSON object keyed by step id (encoded tensors and images left out).")
    var json = false

    @Flag(help: "With --json: keep the encoded tensors and images (about a megabyte).")
    var tensors = false

    @OptionGroup var reports: ReportsFolderOption

    func validate() throws {
        if tensors && !json { throw ValidationError("--tensors goes with --json") }
        if epochs && json { throw ValidationError("--json holds every saved value; --epochs is for the text") }
    }

    func run() throws {
        var failed = false
        try runReportingErrors {
            let store = ResultsStore(directory: try reports.path() + "/results")
            let problems: [String]
            if json {
                let (records, unreadable) = try SavedResults.records(store: store, selecting: steps, tensors: tensors)
                let data = try JSONSerialization.data(withJSONObject: records, options: [.sortedKeys, .prettyPrinted])
                print(String(decoding: data, as: UTF8.self))
                problems = unreadable
            } else {
                let results = try SavedResults.read(store: store, selecting: steps)
                if results.isEmpty { print("no saved results in \(store.directory)/; `report build` makes them") }
                SavedResults.text(results, epochs: epochs).forEach { print($0) }
                problems = results.compactMap(\.problem)
            }
            problems.forEach { FileHandle.standardError.write(Data("error: \($0)\n".utf8)) }
            failed = !problems.isEmpty
        }
        if failed { throw ExitCode(1) }
    }
}

import ArgumentParser
import Foundation
import Report

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Saves or lists baselines: reference metrics for `report diff`.",
        subcommands: [Save.self, List.self])

    struct Save: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copies the current results' metrics into reports/baselines/<name>.json.")

        @Argument(help: "Baseline name (letters, digits, '-', '_', '.').")
        var name: String

        @Option(help: "A sentence saying what these numbers are.")
        var description: String?

        @Flag(help: "Replace an existing baseline of that name.")
        var overwrite = false

        @Option(help: "Folder holding results/ and baselines/.")
        var reportsDir: String = "reports"

        func run() throws {
            try runReportingErrors {
                var options = BuildOptions()
                options.reportsDirectory = reportsDir
                let (baseline, path) = try BaselineComparison.save(
                    options: options, name: name, description: description, overwrite: overwrite)
                print("saved \(baseline.metrics.count) metrics to \(path)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists the saved baselines.")

        @Option(help: "Folder holding baselines/.")
        var reportsDir: String = "reports"

        func run() throws {
            try runReportingErrors {
                let store = BaselineStore(directory: reportsDir + "/baselines")
                for name in store.names() {
                    let baseline = try store.load(name)
                    print("\(name)\t\(baseline.metrics.count) metrics\t\(baseline.description)")
                }
            }
        }
    }
}

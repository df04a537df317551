import ArgumentParser
import Foundation
import ReportKit
import Sections

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Saves or lists baselines: reference metrics for `report diff`.",
        subcommands: [Save.self, List.self])

    struct Save: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copies the current results' metrics into reports/baselines/<name>.json.")

        @Argument(help: "Baseline name (letters, digits, '-', '_', '.').", completion: .custom(Completions.baselineNames))
        var name: String

        @Option(help: "A sentence saying what these numbers are.")
        var description: String?

        @Flag(help: "Replace an existing baseline of that name.")
        var overwrite = false

        @OptionGroup var reports: ReportsFolderOption

        func run() throws {
            try runReportingErrors {
                let options = try reports.options()
                let (baseline, path) = try BaselineComparison.save(
                    options: options, name: name, description: description, overwrite: overwrite)
                print("saved \(baseline.metrics.count) metrics to \(path)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lists the saved baselines; one that cannot be read is listed with its error (exit status 1).")

        @Flag(help: "Machine-readable output: [{name, profile, metrics, description}], or {name, error} for a damaged one.")
        var json = false

        @OptionGroup var reports: ReportsFolderOption

        struct Entry: Encodable {
            var name: String
            var profile: String?
            var metrics: Int?
            var description: String?
            var error: String?
        }

        func run() throws {
            var failed = false
            try runReportingErrors {
                let store = BaselineStore(directory: try reports.path() + "/baselines")
                let entries = store.names().map { name -> Entry in
                    do {
                        let baseline = try store.load(name)
                        return Entry(name: name, profile: baseline.profile, metrics: baseline.metrics.count,
                                     description: baseline.description)
                    } catch {
                        return Entry(name: name, error: ReportError.describing(error))
                    }
                }
                if json {
                    print(String(decoding: try JSONCoding.encode(entries), as: UTF8.self))
                } else if entries.isEmpty {
                    print("no baselines in \(store.directory)/; `report baseline save NAME` saves one")
                }
                for entry in entries where !json {
                    print(entry.error.map { "\(entry.name)\terror: \($0)" }
                        ?? "\(entry.name)\t\(entry.metrics ?? 0) metrics\tprofile \(entry.profile ?? "unknown")\t\(entry.description ?? "")")
                }
                failed = entries.contains { $0.error != nil }
            }
            if failed { throw ExitCode(1) }
        }
    }
}

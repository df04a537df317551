import ArgumentParser
import Foundation
import Report

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Each run of the build: done, running (with its last epoch), pending in Slurm's queue, or not done.")

    @OptionGroup var common: BuildOptionsGroup

    @Option(help: "Comma-separated steps or prefixes (default: all).")
    var steps: String?

    func run() throws {
        try runReportingErrors {
            let selection = steps.map { $0.split(separator: ",").map(String.init) } ?? []
            let (options, note) = SlurmExecutor.optionsFollowingLastSubmission(common.options)
            if let note { print(note) }
            let builder = ReportBuilder(options: options, progress: ProgressReporter(mode: .quiet))
            let statuses = try builder.runStatuses(selection: selection)
            statuses.forEach { print($0.description) }
            let done = statuses.filter { $0.state == .done }.count
            print("\(done) of \(statuses.count) runs done")
        }
    }
}

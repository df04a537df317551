import ArgumentParser
import Foundation
import ReportKit
import Sections

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Each run of the build: done, running (with its last epoch), pending in Slurm's queue, or not done.")

    @OptionGroup var common: BuildOptionsGroup

    @Option(parsing: .upToNextOption, help: "Steps or prefixes (default: all), separated by commas or spaces as for `report build --steps`.",
            completion: Completions.steps)
    var steps: [String] = []

    func run() throws {
        try runReportingErrors {
            let selection = StepRegistry.parseList(steps)
            let (options, note) = SlurmExecutor.optionsFollowingLastSubmission(try common.options())
            if let note { print(note) }
            let builder = ReportBuilder(options: options, progress: ProgressReporter(mode: .quiet))
            let statuses = try builder.runStatuses(selection: selection)
            statuses.forEach { print($0.description) }
            let done = statuses.filter { $0.state == .done }.count
            let running = statuses.filter { $0.state == .running }.count
            print("\(done) of \(NumberFormat.counted(statuses.count, "run")) done" + (running > 0 ? ", \(running) running" : ""))
        }
    }
}

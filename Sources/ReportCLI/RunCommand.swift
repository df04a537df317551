import ArgumentParser
import Foundation
import ReportKit
import Sections

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Executes one run of a step alone and saves its result under reports/runs/ (what a Slurm array task does).",
        discussion: "`report plan` lists the runs of every step. A run resumes from its checkpoint; `report build` then combines the saved runs into the step's result.")

    @OptionGroup var common: BuildOptionsGroup

    @Argument(help: "The step, e.g. p3.tuning.", completion: .list(StepRegistry.all.map(\.id)))
    var step: String

    @Argument(help: "The run, e.g. vgg_lr0.05_bs128.")
    var runID: String

    func run() throws {
        try runReportingErrors {
            let options = try common.options()
            let progress = ProgressReporter.automatic(quiet: options.quiet)
            let seconds = try ReportBuilder(options: options, progress: progress).executeRun(step: step, run: runID)
            progress.log(String(format: "done  %@ %@ in %.1f s", step, runID, seconds))
        }
    }
}

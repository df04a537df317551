import ArgumentParser
import Foundation
import ReportKit
import Sections

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Runs the steps whose results are missing or stale, then assembles the report.")

    @OptionGroup var common: BuildOptionsGroup

    @Option(parsing: .upToNextOption,
            help: "Steps or prefixes to build (default: all), separated by commas or spaces: p1, p1.init,p1.gradcheck or p1.init p1.gradcheck.",
            completion: Completions.steps)
    var steps: [String] = []

    @Option(parsing: .upToNextOption,
            help: "Steps to rerun even when their saved result is up to date; the same list syntax as --steps.",
            completion: Completions.steps)
    var force: [String] = []

    /// --steps and --force as step names.
    var selection: [String] { StepRegistry.parseList(steps) }
    var forced: [String] { StepRegistry.parseList(force) }

    @Option(help: "Folder of the report's templates (default: templates/ in the checkout).")
    var templatesDir: String?

    @Flag(help: "Also write reports/report-standalone.html, with the figures inside the page.")
    var standalone = false

    @Flag(help: "Also print the page to reports/report.pdf with headless Chromium (apt-get install chromium).")
    var pdf = false

    @Flag(help: "Only run the steps; do not draw figures or assemble the report.")
    var skipAssembly = false

    @Flag(help: "Print what would run, why, and how long it should take on this machine; run nothing.")
    var dryRun = false

    @Option(help: "Where the runs execute: local (here, one after another) or slurm (one job array, then a job that assembles the report).")
    var executor: Executor = .local

    @Option(help: "Extra sbatch options for every job, e.g. \"--partition=gpu --account=abc\" (with --executor slurm).")
    var slurmArgs: String = ""

    @Flag(help: "With --executor slurm: stay, show each run's progress, and return when the report is assembled.")
    var wait = false

    enum Executor: String, ExpressibleByArgument { case local, slurm }

    func validate() throws {
        for (flag, names) in [("--steps", selection), ("--force", forced)] {
            do { _ = try StepRegistry.matching(names) } catch let error as ReportError { throw ValidationError("\(flag): \(error.message)") }
        }
        if !steps.isEmpty && selection.isEmpty { throw ValidationError("--steps names no step") }
        if executor == .local && (wait || !slurmArgs.isEmpty) {
            throw ValidationError("--wait and --slurm-args go with --executor slurm")
        }
        if skipAssembly && (pdf || standalone) {
            throw ValidationError("--skip-assembly writes no report, so --pdf and --standalone cannot go with it")
        }
    }

    /// A build that will train for more than about ten minutes says so, with its plan, before it starts.
    private func announceLongBuild(_ builder: ReportBuilder, selection: [String], progress: ProgressReporter) throws {
        let chosen = try Set(StepRegistry.resolve(selection + forced).map(\.id))
        guard !forced.isEmpty || builder.status().contains(where: { chosen.contains($0.step) && $0.state != .fresh }) else { return }
        let plan = try builder.plan(selection: selection, force: forced)
        progress.expectedRuns = plan.trainingRuns.map { ($0.step, $0.run.id, $0.run.estimatedSeconds) }
        guard plan.totalSeconds > 600 else { return }
        progress.log("This build trains for a while; its plan (`report build --dry-run` prints it alone):")
        plan.describe().forEach { progress.log("  " + $0) }
    }

    func run() throws {
        try runReportingErrors {
            let started = Date()
            let options = try common.options()
            if let image = options.visualizedImage { try CatDogData.requireLabelledPhoto(image, in: options.catdogPath) }
            let templates = try ProjectRoot.folder(templatesDir, default: "templates")
            let progress = ProgressReporter.automatic(quiet: options.quiet)
            // Template mistakes surface now, not after hours of training.
            let assembler = skipAssembly ? nil : try ReportAssembler(options: options, templatesDirectory: templates, progress: progress)
            try assembler?.preflight()
            // A missing browser is said now, not after the steps have run.
            if pdf { _ = try ReportAssembler.pdfPrinter() }
            let builder = ReportBuilder(options: options, progress: progress)
            if executor == .slurm {
                try SlurmBuild(command: self, templatesDirectory: templates, builder: builder, selection: selection, progress: progress).run()
                return
            }
            if dryRun {
                try builder.plan(selection: selection, force: forced).describe().forEach { print($0) }
                return
            }
            try announceLongBuild(builder, selection: selection, progress: progress)
            try builder.build(selection: selection, force: forced) { _ in
                guard let assembler else { return }
                let output = try assembler.assemble(standalone: standalone, pdf: pdf)
                if !output.missingSections.isEmpty {
                    progress.log("note: no results yet for sections \(output.missingSections.joined(separator: ", ")); they say so in the report")
                }
                progress.log("wrote \(assembler.markdownPath), \(assembler.htmlPath)"
                    + (standalone ? ", \(assembler.standalonePath)" : "") + (pdf ? ", \(assembler.pdfPath)" : "")
                    + " (\(output.figures.count) figures) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            }
        }
    }
}

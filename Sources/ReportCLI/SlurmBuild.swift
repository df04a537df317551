import ArgumentParser
import Foundation
import ReportKit
import Sections

/// `report build --executor slurm`: the plan's runs as one job array and a
/// dependent job that assembles the report; with `--dry-run`, what would be
/// submitted; with `--wait`, the runs' progress until the report is written.
struct SlurmBuild {
    let command: BuildCommand
    let templatesDirectory: String
    let builder: ReportBuilder
    let selection: [String]
    let progress: ProgressReporter

    func run() throws {
        let plan = try builder.plan(selection: selection, force: command.forced)
        if !command.forced.isEmpty && !command.dryRun { try builder.discardRuns(of: command.forced) }
        let batch = SlurmBatch(plan: plan, invocation: invocation(), directory: BuildOptionsGroup.absolute(builder.options.reportsDirectory) + "/slurm")
        let extra = command.slurmArgs.split(separator: " ").map(String.init)
        plan.describe().forEach { print($0) }
        if command.dryRun {
            print("\n# \(batch.directory)/runs.sbatch (\(NumberFormat.counted(batch.tasks.count, "array task")))")
            print(batch.tasks.isEmpty ? "# (no run to train: no array)" : batch.arrayScript)
            print("# \(batch.directory)/assemble.sbatch")
            print(batch.assembleScript)
            print("# submitted with:")
            SlurmExecutor.commands(batch, extraArguments: extra).forEach { print($0) }
            return
        }
        let submission = try SlurmExecutor.submit(batch, extraArguments: extra, options: builder.options)
        print("submitted \(NumberFormat.counted(batch.tasks.count, "run")) as job array \(submission.arrayJob ?? "—"), "
            + "assembly as job \(submission.assembleJob); follow with `report status`")
        if command.wait { try waitForAssembly(submission) }
    }

    private func invocation() -> SlurmBatch.Invocation {
        var build = ["--templates-dir", BuildOptionsGroup.absolute(templatesDirectory)]
        if !command.selection.isEmpty { build += ["--steps", command.selection.joined(separator: ",")] }
        if command.standalone { build.append("--standalone") }
        if command.pdf { build.append("--pdf") }
        return SlurmBatch.Invocation(
            executable: Self.executablePath(), options: BuildOptionsGroup.absoluteArguments(builder.options),
            workingDirectory: FileManager.default.currentDirectoryPath, buildArguments: build)
    }

    /// This program's own path, so that every job runs the same binary.
    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? BuildOptionsGroup.absolute(CommandLine.arguments[0])
    }

    /// Shows each run's state when it changes, until the assembly job has left the queue.
    private func waitForAssembly(_ submission: SlurmExecutor.Submission) throws {
        var shown: [String] = []
        while true {
            let lines = try builder.runStatuses(selection: selection).map(\.description)
            if lines != shown { lines.forEach { progress.log("  " + $0) }; shown = lines }
            if !SlurmQueue.isQueued(submission.assembleJob) { break }
            Thread.sleep(forTimeInterval: 5)
        }
        let chosen = try Set(StepRegistry.resolve(selection).map(\.id))
        let stale = builder.status().filter { chosen.contains($0.step) && $0.state != .fresh }
        guard stale.isEmpty else {
            throw ReportError("the Slurm jobs ended but \(stale.map(\.step).joined(separator: ", ")) are not built; see the logs in \(submission.directory)/, then submit again (finished runs are kept)")
        }
        progress.log("report assembled by job \(submission.assembleJob)")
    }
}

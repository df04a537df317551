import Foundation

/// Where each run of the build stands: done (its saved result is current),
/// running (with the last epoch its checkpoint holds), pending in Slurm's
/// queue, or not done. Read from the shared reports folder (a run being
/// trained holds its run lock, whether a local build or a Slurm task trains
/// it) and, when the runs were submitted to Slurm, from `squeue`.
public struct RunStatus: Sendable, Equatable {
    public enum State: String, Sendable {
        case done, running, pending
        case notDone = "not done"
    }

    public var step: String
    public var run: String
    public var state: State
    public var epochsDone: Int?
    public var epochs: Int
    /// Slurm's job id of the run's task, when it was submitted.
    public var job: String?
    /// The saved run's header, when it is done: what it cost, and where.
    public var saved: RunHeader?

    public var description: String {
        var text = "\(step) \(run): \(state.rawValue)"
        if state != .done, let epochsDone { text += ", checkpoint after epoch \(epochsDone) of \(epochs)" }
        if let job, state != .done { text += " (Slurm job \(job))" }
        if state == .done, let saved { text += " (\(Self.cost(of: saved, epochs: epochs)))" }
        return text
    }

    /// "35 epochs in 1h03m on AMD EPYC, 2 threads, peak 1.78 GB": saved wall
    /// times depend on the machine, so the machine is named with them.
    static func cost(of header: RunHeader, epochs: Int) -> String {
        let trained = header.epochsTrained
        let what = trained == epochs || trained == 0 ? NumberFormat.counted(epochs, "epoch")
            : "the last \(trained) of \(NumberFormat.counted(epochs, "epoch")), after a checkpoint,"
        var text = "\(what) in \(formatDuration(header.wallSeconds)) on \(header.provenance.cpuModel)"
        text += ", \(NumberFormat.counted(header.provenance.threads, "thread"))"
        if let peak = header.peakResidentBytes { text += String(format: ", peak %.2f GB", Double(peak) / 1e9) }
        if let job = header.slurmJob { text += ", Slurm job \(job)" }
        return text
    }
}

extension ReportBuilder {
    /// Every run of the selected steps, with Slurm's view of the last submission if there is one.
    public func runStatuses(selection: [String] = []) throws -> [RunStatus] {
        let chosen = try StepRegistry.resolve(selection, in: steps)
        let submission = SlurmExecutor.lastSubmission(reportsDirectory: options.reportsDirectory)
        let queue = submission.flatMap { $0.arrayJob }.map { SlurmQueue.states(ofArray: $0) } ?? [:]
        let runStore = RunStore(reportsDirectory: options.reportsDirectory)
        var statuses: [RunStatus] = []
        for step in chosen {
            let context = context(for: step)
            let keys = try step.runKeys(context), resumeKeys = try step.resumeKeys(context)
            for spec in step.runs(options) {
                let index = submission?.tasks.firstIndex(of: SlurmBatch.Task(step: step.id, run: spec.id))
                let job = index.flatMap { i in submission?.arrayJob.map { "\($0)_\(i)" } }
                let header = runStore.header(step: step.id, run: spec.id)
                let done = header?.key == keys[spec.id]
                let queued = job.flatMap { queue[$0] }
                let training = queued == "RUNNING" || BuildLock.isHeld(path: runStore.lockPath(step: step.id, run: spec.id))
                let state: RunStatus.State = done ? .done : training ? .running : queued == "PENDING" ? .pending : .notDone
                statuses.append(RunStatus(
                    step: step.id, run: spec.id, state: state,
                    epochsDone: Checkpoints.epochsDone(reportsDirectory: options.reportsDirectory, step: step.id, run: spec.id,
                                                       resumeKey: resumeKeys[spec.id]),
                    epochs: spec.cost.epochs, job: job, saved: done ? header : nil))
            }
        }
        return statuses
    }
}

/// What `squeue` says of a job array's tasks.
public enum SlurmQueue {
    /// Task id ("123_4") → state ("PENDING", "RUNNING", …); empty when Slurm does not know the job any more.
    package static func states(ofArray job: String) -> [String: String] {
        guard let result = try? Subprocess.run("squeue", ["-h", "-r", "-j", job, "-o", "%i|%T"]), result.status == 0 else { return [:] }
        var states: [String: String] = [:]
        for line in result.output.split(separator: "\n") {
            let parts = line.split(separator: "|")
            if parts.count == 2 { states[String(parts[0])] = String(parts[1]) }
        }
        return states
    }

    /// Whether a job is still in the queue (pending or running).
    public static func isQueued(_ job: String) -> Bool {
        guard let result = try? Subprocess.run("squeue", ["-h", "-j", job, "-o", "%T"]), result.status == 0 else { return false }
        return !result.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }
}

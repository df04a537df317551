import Foundation

/// What a build would do, before it does it: each selected step's state and
/// reason, each run that would train (and why), and how long it should take
/// on this machine.
///
/// Estimates come from a short calibration of each network on this machine
/// (a few batches; see `NetworkCalibration`). A run saved before, with the
/// calibration of the machine that ran it, has its wall time scaled by the
/// ratio of the two calibrations; a run never saved is estimated from the
/// calibration alone.
public struct BuildPlan: Sendable {
    public struct Run: Sendable {
        public var id: String
        /// "saved" (read back), "missing", "configuration changed", "resumes after epoch k",
        /// "training now in another process".
        public var state: String
        public var willTrain: Bool
        /// Another process holds the run's lock: it is training the run now.
        public var trainingElsewhere = false
        public var remainingEpochs: Int
        public var estimatedSeconds: Double
        public var cost: RunCost
        /// The run's network as the report names it ("cats-vs-dogs VGG").
        public var network: String
        /// Whether the estimate scales a saved wall time (else: calibration alone).
        public var fromSavedTime: Bool
        /// The peak a saved run of it measured, if there is one.
        public var peakResidentBytes: Int?
        /// The report's estimate of the peak, for a run never measured.
        public var estimatedPeakBytes: Int
    }

    public struct Step: Sendable {
        public var id: String
        public var willRun: Bool
        public var reason: String
        public var runs: [Run]
        /// For a step that is one piece of work: its saved wall time, when known.
        public var estimatedSeconds: Double
    }

    public var steps: [Step]
    public var calibrationSeconds: Double
    /// Another build holds the reports folder's lock: a build started now waits
    /// for it, and the calibration shared the machine with it.
    public var anotherBuildRunning = false

    public var totalSeconds: Double { steps.filter(\.willRun).map(\.estimatedSeconds).reduce(0, +) }
    public var trainingRuns: [(step: String, run: Run)] {
        steps.filter(\.willRun).flatMap { step in step.runs.filter(\.willTrain).map { (step.id, $0) } }
    }
}

extension ReportBuilder {
    /// The plan of `build(selection:force:)`: runs nothing but a short calibration
    /// of the networks that would train, and takes no lock.
    public func plan(selection: [String] = [], force: [String] = [],
                     calibration: NetworkCalibration? = nil) throws -> BuildPlan {
        let calibration = calibration ?? NetworkCalibration(measure: definition.networks.measure)
        let forced = try StepRegistry.matching(force, in: steps)
        let chosen = Set((selection.isEmpty ? steps : try StepRegistry.resolve(selection + force, in: steps)).map(\.id))
        let started = Date()
        var planned: [BuildPlan.Step] = []
        for (step, status) in zip(steps, status()) where chosen.contains(step.id) {
            let willRun = forced.contains(step.id) || status.state != .fresh
            let reason = forced.contains(step.id) ? "forced" : status.reason
            let runs = willRun ? try planRuns(step, forced: forced.contains(step.id), calibration: calibration) : []
            let oneShot = store.savedWallSeconds(step.id) ?? 0
            let seconds = runs.isEmpty ? oneShot : runs.map(\.estimatedSeconds).reduce(0, +)
            planned.append(BuildPlan.Step(id: step.id, willRun: willRun, reason: reason, runs: runs, estimatedSeconds: seconds))
        }
        return BuildPlan(steps: planned, calibrationSeconds: Date().timeIntervalSince(started),
                         anotherBuildRunning: BuildLock.isHeld(path: BuildLock.folderLockPath(options.reportsDirectory)))
    }

    private func planRuns(_ step: RegisteredStep, forced: Bool, calibration: NetworkCalibration) throws -> [BuildPlan.Run] {
        let context = context(for: step)
        let keys = try step.runKeys(context), resumeKeys = try step.resumeKeys(context)
        let runStore = RunStore(reportsDirectory: options.reportsDirectory)
        return step.runs(options).map { spec in
            let saved = runStore.header(step: step.id, run: spec.id)
            // The report names and sizes the network now: a plan is printed, and
            // sizes a Slurm batch, without the definition.
            var run = BuildPlan.Run(
                id: spec.id, state: "saved", willTrain: false, remainingEpochs: 0, estimatedSeconds: 0, cost: spec.cost,
                network: definition.networks.describe(spec.cost.network), fromSavedTime: true,
                peakResidentBytes: saved?.peakResidentBytes,
                estimatedPeakBytes: definition.networks.estimatedPeakBytes(spec.cost.network, spec.cost.batchSize))
            if !forced, let saved, saved.key == keys[spec.id] { return run }
            let done = Checkpoints.epochsDone(reportsDirectory: options.reportsDirectory, step: step.id, run: spec.id,
                                              resumeKey: resumeKeys[spec.id])
            let resumable = done.map { $0 <= spec.cost.epochs } ?? false
            run.willTrain = true
            run.trainingElsewhere = BuildLock.isHeld(path: runStore.lockPath(step: step.id, run: spec.id))
            run.remainingEpochs = spec.cost.epochs - (resumable ? done! : 0)
            let progress = resumable ? "after epoch \(done!) of \(spec.cost.epochs)" : nil
            run.state = run.trainingElsewhere ? "training now in another process" + (progress.map { ", \($0)" } ?? "")
                : progress.map { "resumes \($0)" } ?? (saved == nil ? "missing" : "configuration, code or data changed")
            (run.estimatedSeconds, run.fromSavedTime) = estimate(
                spec.cost, remainingEpochs: run.remainingEpochs, saved: saved, calibration: calibration)
            return run
        }
    }

    /// Seconds for `remainingEpochs` of a run: a saved run's time per epoch
    /// scaled to this machine when there is one, else the calibration alone.
    package func estimate(_ cost: RunCost, remainingEpochs: Int, saved: RunHeader?,
                          calibration: NetworkCalibration) -> (seconds: Double, fromSavedTime: Bool) {
        let now = calibration.measurement(cost.network, batchSize: cost.batchSize)
        if let saved, let then = saved.calibration, then > 0, saved.epochsTrained > 0, saved.cost.network == cost.network {
            let perEpoch = saved.wallSeconds / Double(saved.epochsTrained) * now.trainSecondsPerSample / then
            let sizeRatio = Double(cost.trainSamples) / Double(max(saved.cost.trainSamples, 1))
            return (perEpoch * sizeRatio * Double(remainingEpochs), true)
        }
        let epoch = Double(cost.trainSamples) * now.trainSecondsPerSample + Double(cost.evaluatedSamples) * now.evaluateSecondsPerSample
        let final = remainingEpochs > 0 ? Double(cost.finalSamples) * now.evaluateSecondsPerSample : 0
        return (epoch * Double(remainingEpochs) + final, false)
    }
}

extension ResultsStore {
    /// The wall time a saved result records, when it can be read.
    package func savedWallSeconds(_ stepID: String) -> Double? { (try? header(stepID))??.wallSeconds }
}

import Foundation
import Tensor
import XCTest
@testable import ReportKit
@testable import Sections

/// A step of two runs whose second run's setting follows the profile, so
/// changing the profile changes one run and not the other.
struct FakeSplit: RunnableStep {
    static let id = "t.split"
    static let title = "Fake split"
    static let inputs: [DataInput] = []
    struct Run: Codable, Sendable { var id: String; var factor: Int }
    struct Config: Codable, Sendable { var runs: [Run] }
    struct Output: Codable, Sendable { var values: [Int] }

    func config(for options: BuildOptions) -> Config {
        Config(runs: [Run(id: "a", factor: 2), Run(id: "b", factor: options.profile == .quick ? 3 : 5)])
    }

    /// Run b checkpoints its epochs: its factor is what a checkpoint depends on.
    func runs(of config: Config, options: BuildOptions) -> [RunSpec] {
        config.runs.map {
            let cost = RunCost(network: .mlp(hidden: [4]), epochs: 10, batchSize: 8, trainSamples: 100, evaluatedSamples: 10)
            return $0.id == "b" ? RunSpec(id: $0.id, configuration: $0, cost: cost, resumeConfiguration: $0.factor)
                : RunSpec(id: $0.id, configuration: $0, cost: cost)
        }
    }

    func execute(_ run: RunSpec, config: Config, context: StepContext) throws -> Int {
        RunLog.shared.record(run.id, in: context.options.reportsDirectory)
        return config.runs.first { $0.id == run.id }!.factor * 7
    }

    func combine(_ outputs: [Int], config: Config, context: StepContext) throws -> Output {
        RunLog.shared.record("combine", in: context.options.reportsDirectory)
        return Output(values: outputs)
    }
}

final class RunLevelTests: XCTestCase {
    var directory: TemporaryDirectory!

    override func setUp() { directory = TemporaryDirectory("runs") }
    override func tearDown() { directory.remove() }

    func builder(_ profile: Profile = .quick) -> ReportBuilder {
        var options = options(reports: directory.path)
        options.profile = profile
        return ReportBuilder(options: options, steps: [RegisteredStep(FakeSplit.self)], progress: CapturedLog().reporter)
    }

    /// A run that a build is training holds its run lock, so `report status`
    /// says "running" (it said "not done" while a background build trained it).
    func testStatusSaysRunningWhileABuildHoldsTheRunsLock() throws {
        let lockPath = RunStore(reportsDirectory: directory.path).lockPath(step: FakeSplit.id, run: "b")
        XCTAssertEqual(try builder().runStatuses().map(\.state), [.notDone, .notDone])
        let lock = try BuildLock(path: lockPath, holder: "training b", progress: CapturedLog().reporter)
        XCTAssertEqual(try builder().runStatuses().map(\.state), [.notDone, .running])
        XCTAssertEqual(try builder().runStatuses()[1].description, "t.split b: running")
        lock.release()
        XCTAssertEqual(try builder().runStatuses().map(\.state), [.notDone, .notDone], "a lock file nobody holds is not a run")
        try builder().build()
        XCTAssertEqual(try builder().runStatuses().map(\.state), [.done, .done])
    }

    /// A done run says what it cost and where, from its saved header, so a
    /// reader of `report status` sees how long each run took on which machine.
    func testStatusOfADoneRunNamesItsTimeMachineAndMemory() throws {
        try builder().build()
        let done = try builder().runStatuses()[0]
        XCTAssertEqual(done.saved?.run, "a")
        let cpu = try XCTUnwrap(done.saved?.provenance.cpuModel)
        XCTAssertTrue(done.description.hasPrefix("t.split a: done (10 epochs in "), done.description)
        XCTAssertTrue(done.description.contains(" on \(cpu), "), done.description)
        XCTAssertNil(try builder(.short).runStatuses()[1].saved, "a run whose setting changed is not done, and shows no saved cost")
    }

    func testSavedRunCostNamesResumedEpochsMemoryAndSlurmJob() {
        var header = RunHeader(
            step: "s", run: "r", key: "k", wallSeconds: 3785, epochsTrained: 35,
            cost: RunCost(network: .mlp(hidden: [4]), epochs: 35, batchSize: 8, trainSamples: 100, evaluatedSamples: 10),
            peakResidentBytes: 1_779_216_384, provenance: P1Fixtures.header("s").provenance)
        XCTAssertEqual(RunStatus.cost(of: header, epochs: 35), "35 epochs in 1h03m on Test CPU, 2 threads, peak 1.78 GB")
        header.epochsTrained = 25
        header.peakResidentBytes = nil
        header.slurmJob = "41_3"
        XCTAssertEqual(RunStatus.cost(of: header, epochs: 35),
                       "the last 25 of 35 epochs, after a checkpoint, in 1h03m on Test CPU, 2 threads, Slurm job 41_3")
    }

    func testChangingOneRunsSettingRerunsThatRunOnly() throws {
        try builder().build()
        XCTAssertEqual(RunLog.shared.runs(in: directory.path), ["a", "b", "combine"])
        try builder(.short).build()
        XCTAssertEqual(RunLog.shared.runs(in: directory.path), ["a", "b", "combine", "b", "combine"])
        let saved = try ResultsStore(directory: directory.file("results")).load(FakeSplit.self)
        XCTAssertEqual(saved.output.values, [14, 35])
    }

    /// Runs executed alone (as Slurm array tasks do) are read back by the build, which only combines them.
    func testRunsExecutedAloneAreReadBackByTheBuild() throws {
        XCTAssertGreaterThanOrEqual(try builder().executeRun(step: "t.split", run: "b"), 0)
        _ = try builder().executeRun(step: "t.split", run: "a")
        XCTAssertEqual(RunLog.shared.runs(in: directory.path), ["b", "a"])
        try builder().build()
        XCTAssertEqual(RunLog.shared.runs(in: directory.path), ["b", "a", "combine"])
        let header = try XCTUnwrap(RunStore(reportsDirectory: directory.path).header(step: "t.split", run: "b"))
        XCTAssertEqual(header.epochsTrained, 10)
        XCTAssertNotNil(header.calibration)
        XCTAssertThrowsError(try builder().executeRun(step: "t.split", run: "c")) {
            XCTAssertTrue("\($0)".contains("its runs: a, b"), "\($0)")
        }
    }

    func testPlanSaysWhichRunsTrainAndWhy() throws {
        _ = try builder().executeRun(step: "t.split", run: "a")
        let calibration = NetworkCalibration()
        calibration.record(.init(trainSecondsPerSample: 0.01, evaluateSecondsPerSample: 0.002), for: NetworkKind.mlp(hidden: [4]).key, batchSize: 8)
        let plan = try builder().plan(calibration: calibration)
        let runs = try XCTUnwrap(plan.steps.first?.runs)
        XCTAssertEqual(runs.map(\.state), ["saved", "missing"])
        XCTAssertEqual(runs.map(\.willTrain), [false, true])
        // Calibration alone: 10 epochs × (100 × 0.01 + 10 × 0.002) s.
        XCTAssertEqual(runs[1].estimatedSeconds, 10.2, accuracy: 1e-9)
        XCTAssertEqual(plan.totalSeconds, 10.2, accuracy: 1e-9)
        XCTAssertTrue(plan.describe().contains { $0.contains("b") && $0.contains("missing: 10 epochs") }, plan.describe().joined(separator: "\n"))
    }

    /// Writes run b's checkpoint after `epochs` epochs, under `resumeKey` (nil: as before resume keys existed).
    func writeCheckpointOfB(epochs: Int, resumeKey: String?) throws {
        let path = Checkpoints.path(reportsDirectory: directory.path, step: FakeSplit.id, run: "b")
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var checkpoint = Checkpoint<[Int]>(runKey: "its own", epochsDone: epochs, rng: SeededGenerator(seed: 1), progress: [], tensors: [])
        checkpoint.metadata.resumeKey = resumeKey
        try checkpoint.write(to: path)
    }

    /// The plan says a run resumes only when its checkpoint was saved under the
    /// run's current resume key; one saved under another setting (here, the
    /// other profile's factor) means the run starts over, and is planned so.
    func testPlanResumesOnlyACheckpointOfTheSameSetting() throws {
        let step = RegisteredStep(FakeSplit.self)
        let current = try XCTUnwrap(step.resumeKeys(builder().context(for: step))["b"])
        let other = try XCTUnwrap(step.resumeKeys(builder(.short).context(for: step))["b"])
        XCTAssertNotEqual(current, other)
        XCTAssertNil(try step.resumeKeys(builder().context(for: step))["a"], "run a keeps no checkpoints")
        func stateOfB() throws -> String { try XCTUnwrap(builder().plan(calibration: NetworkCalibration()).steps.first?.runs[1]).state }

        try writeCheckpointOfB(epochs: 4, resumeKey: current)
        XCTAssertEqual(try stateOfB(), "resumes after epoch 4 of 10")
        try writeCheckpointOfB(epochs: 4, resumeKey: other)
        XCTAssertEqual(try stateOfB(), "missing")
        try writeCheckpointOfB(epochs: 3, resumeKey: nil)
        XCTAssertEqual(try stateOfB(), "resumes after epoch 3 of 10", "a checkpoint without a resume key is taken at its word")
    }

    /// While a build trains run b in the background, a dry run says so: that
    /// run is being trained by another process, and the calibration shared the
    /// machine with that build. Neither is said once the locks are free.
    func testPlanNamesARunAnotherBuildIsTrainingNow() throws {
        try writeCheckpointOfB(epochs: 4, resumeKey: nil)
        let folderLock = try BuildLock(directory: directory.path, progress: CapturedLog().reporter)
        let runLock = try BuildLock(path: RunStore(reportsDirectory: directory.path).lockPath(step: FakeSplit.id, run: "b"),
                                    holder: "training b", progress: CapturedLog().reporter)
        let busy = try builder().plan(calibration: NetworkCalibration())
        XCTAssertEqual(busy.steps.first?.runs.map(\.state), ["missing", "training now in another process, after epoch 4 of 10"])
        XCTAssertTrue(busy.anotherBuildRunning)
        XCTAssertTrue(busy.describe().last?.hasPrefix("another build is running in this reports folder") ?? false,
                      busy.describe().joined(separator: "\n"))
        runLock.release()
        folderLock.release()
        let idle = try builder().plan(calibration: NetworkCalibration())
        XCTAssertEqual(idle.steps.first?.runs.map(\.state), ["missing", "resumes after epoch 4 of 10"])
        XCTAssertFalse(idle.anotherBuildRunning)
        XCTAssertFalse(idle.describe().joined().contains("another build"))
    }

    /// A saved run's time per epoch, scaled by how much slower the calibration is now than when it ran.
    func testPlanScalesASavedTimeByTheCalibrations() throws {
        let header = RunHeader(
            step: "t.split", run: "b", key: "old", wallSeconds: 100, epochsTrained: 5,
            cost: RunCost(network: .mlp(hidden: [4]), epochs: 10, batchSize: 8, trainSamples: 100, evaluatedSamples: 10),
            calibration: 0.01, provenance: P1Fixtures.header("x").provenance)
        let calibration = NetworkCalibration()
        calibration.record(.init(trainSecondsPerSample: 0.02, evaluateSecondsPerSample: 0), for: NetworkKind.mlp(hidden: [4]).key, batchSize: 8)
        let (seconds, scaled) = builder().estimate(header.cost, remainingEpochs: 3, saved: header, calibration: calibration)
        XCTAssertTrue(scaled)
        XCTAssertEqual(seconds, 100.0 / 5 * 2 * 3, accuracy: 1e-9)
    }
}

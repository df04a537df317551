import Foundation
import XCTest
@testable import ReportKit
@testable import Sections

/// The batch scripts as sbatch receives them, without a cluster.
final class SlurmBatchTests: XCTestCase {
    private func plan() -> BuildPlan {
        func run(_ id: String, seconds: Double, peak: Int?) -> BuildPlan.Run {
            BuildPlan.Run(id: id, state: "missing", willTrain: true, remainingEpochs: 35, estimatedSeconds: seconds,
                          cost: RunCost(network: .catDogVGG, epochs: 35, batchSize: 128, trainSamples: 16_000, evaluatedSamples: 4_000),
                          network: "cats-vs-dogs VGG", fromSavedTime: false, peakResidentBytes: peak,
                          estimatedPeakBytes: NetworkKind.catDogVGG.estimatedPeakBytes(batchSize: 128))
        }
        return BuildPlan(steps: [
            BuildPlan.Step(id: "p3.train", willRun: true, reason: "missing", runs: [run("vgg main", seconds: 3600, peak: 1 << 31)], estimatedSeconds: 3600),
            BuildPlan.Step(id: "p3.tuning", willRun: true, reason: "missing",
                           runs: [run("a", seconds: 7200, peak: nil), BuildPlan.Run(id: "kept", state: "saved", willTrain: false, remainingEpochs: 0,
                                  estimatedSeconds: 0, cost: RunCost(network: .smallVGG, epochs: 1, batchSize: 1, trainSamples: 1, evaluatedSamples: 1),
                                  network: "SmallVGGNet", fromSavedTime: true, estimatedPeakBytes: 1 << 30)], estimatedSeconds: 7200),
            BuildPlan.Step(id: "p3.visualize", willRun: true, reason: "missing", runs: [], estimatedSeconds: 600),
        ], calibrationSeconds: 1)
    }

    func testOneTaskPerRunToTrainSizedByTheLargestNeedWithAMargin() {
        let invocation = SlurmBatch.Invocation(executable: "/opt/a1 report/report", options: ["--profile", "original"],
                                               workingDirectory: "/home/me/a1", buildArguments: ["--steps", "p3"])
        let batch = SlurmBatch(plan: plan(), invocation: invocation, directory: "/home/me/a1/reports/slurm")
        XCTAssertEqual(batch.tasks, [.init(step: "p3.train", run: "vgg main"), .init(step: "p3.tuning", run: "a")])
        XCTAssertEqual(batch.timeLimitMinutes, 7200 * 3 / 2 / 60 + 10)
        XCTAssertEqual(batch.memoryMegabytes, Int((Double(1 << 31) * 1.25 / 1_048_576).rounded(.up)))
        XCTAssertTrue(batch.arrayScript.contains("#SBATCH --array=0-1\n"), batch.arrayScript)
        XCTAssertTrue(batch.arrayScript.contains("#SBATCH --time=3:10:00\n"))
        XCTAssertTrue(batch.arrayScript.contains("'p3.train vgg main'"), "a run id with a space stays one task")
        XCTAssertTrue(batch.arrayScript.contains("exec '/opt/a1 report/report' run --profile original \"$step\" \"$run\""), batch.arrayScript)
        XCTAssertTrue(batch.assembleScript.contains("exec '/opt/a1 report/report' build --profile original --steps p3"), batch.assembleScript)
        XCTAssertTrue(batch.assembleScript.contains("#SBATCH --time=0:45:00\n"), "the one-piece steps' time, with a margin")
        XCTAssertEqual(SlurmExecutor.commands(batch, extraArguments: ["--partition=cpu"]), [
            "sbatch --parsable --partition=cpu /home/me/a1/reports/slurm/runs.sbatch",
            "sbatch --parsable --dependency=afterok:<array job> --kill-on-invalid-dep=yes --partition=cpu /home/me/a1/reports/slurm/assemble.sbatch",
        ])
    }

    /// The script really runs in bash: the task list picks the right step and run.
    func testTheArrayScriptPicksItsTaskInBash() throws {
        let invocation = SlurmBatch.Invocation(executable: "/bin/echo", options: ["--seed", "1"], workingDirectory: "/", buildArguments: [])
        let batch = SlurmBatch(plan: plan(), invocation: invocation, directory: "/tmp")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", batch.arrayScript]
        process.environment = ["SLURM_ARRAY_TASK_ID": "1", "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(text, "run --seed 1 p3.tuning a\n")
    }

    func testSlurmJobIsReadFromSlurmsVariables() {
        XCTAssertEqual(RunHeader.currentSlurmJob(["SLURM_ARRAY_JOB_ID": "12", "SLURM_ARRAY_TASK_ID": "3", "SLURM_JOB_ID": "15"]), "12_3")
        XCTAssertEqual(RunHeader.currentSlurmJob(["SLURM_JOB_ID": "15"]), "15")
        XCTAssertNil(RunHeader.currentSlurmJob([:]))
    }

    /// `report status` after `build --profile quick --executor slurm` must look
    /// for the quick runs' keys, not the default profile's (it showed every
    /// finished quick run as "not done").
    func testStatusFollowsTheOptionsOfTheLastSubmission() throws {
        let folder = NSTemporaryDirectory() + "a1report-status-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var submitted = BuildOptions()
        submitted.profile = .quick
        submitted.seed = 7
        submitted.dataset = .fashionMNIST
        submitted.reportsDirectory = folder
        let record = SlurmExecutor.Submission(
            arrayJob: "5", assembleJob: "6", tasks: [], directory: folder + "/slurm", settings: SlurmExecutor.Settings(submitted))
        try FileManager.default.createDirectory(atPath: folder + "/slurm", withIntermediateDirectories: true)
        try JSONCoding.encode(record).write(to: URL(fileURLWithPath: SlurmExecutor.submissionPath(reportsDirectory: folder)))

        var asked = BuildOptions()
        asked.reportsDirectory = folder
        let (followed, note) = SlurmExecutor.optionsFollowingLastSubmission(asked)
        XCTAssertEqual(followed.profile, .quick)
        XCTAssertEqual(followed.seed, 7)
        XCTAssertEqual(followed.dataset, .fashionMNIST)
        XCTAssertEqual(followed.reportsDirectory, folder)
        XCTAssertEqual(note, "runs of the last Slurm submission (profile quick, seed 7, dataset fashion-mnist)")
        let (unchanged, noNote) = SlurmExecutor.optionsFollowingLastSubmission(submitted)
        XCTAssertEqual(unchanged.profile, .quick)
        XCTAssertNil(noNote, "no note when the options asked for are the submitted ones")
    }

    /// Submissions recorded before the parts' choices were kept whole named
    /// the data set and the ResNet width on their own: they still read.
    func testASubmissionRecordedBeforeChoicesStillReads() throws {
        let json = #"{"profile":"quick","seed":3,"dataset":"fashion-mnist","resnetWidth":0.5}"#
        let settings = try JSONCoding.decode(SlurmExecutor.Settings.self, from: Data(json.utf8), file: "submission.json")
        let options = settings.applied(to: BuildOptions())
        XCTAssertEqual(options.seed, 3)
        XCTAssertEqual(options.dataset, .fashionMNIST)
        XCTAssertEqual(options.resnetWidth, 0.5)
        let again = try JSONCoding.decode(SlurmExecutor.Settings.self, from: try JSONCoding.encode(settings), file: "again")
        XCTAssertEqual(again, settings)
    }
}

import Foundation
import XCTest
@testable import ReportKit
@testable import Sections

/// A one-node Slurm cluster started for the test (Debian's slurm-wlm and
/// munge, as root, with a throwaway configuration and a munge key made for
/// it), and a quick build handed to it through `report build --executor slurm`:
/// its metrics must be those of the same build run locally.
final class SlurmClusterTests: XCTestCase {
    var cluster: SlurmTestCluster!
    var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        cluster = try SlurmTestCluster.start()
        directory = TemporaryDirectory("slurm")
    }

    override func tearDown() {
        cluster?.stop()
        directory?.remove()
    }

    func testQuickBuildThroughSlurmMatchesTheLocalBuild() throws {
        let report = try ProjectPaths.releaseBinary()
        // Problem 1's initialisation runs: three array tasks of a few seconds each.
        let steps = "p1.init"
        let common = ["--profile", "quick", "--steps", steps, "--data-dir", ProjectPaths.root + "/data",
                      "--templates-dir", ProjectPaths.root + "/templates", "--quiet"]
        let slurmDir = directory.file("slurm-build"), localDir = directory.file("local-build")
        let submitted = try cluster.run(report, ["build"] + common + ["--reports-dir", slurmDir, "--executor", "slurm", "--wait"])
        XCTAssertEqual(submitted.status, 0, submitted.errors)
        let local = try cluster.run(report, ["build"] + common + ["--reports-dir", localDir])
        XCTAssertEqual(local.status, 0, local.errors)

        let submission = try JSONCoding.decode(
            SlurmExecutor.Submission.self, from: Data(contentsOf: URL(fileURLWithPath: slurmDir + "/slurm/submission.json")), file: "submission")
        XCTAssertEqual(submission.tasks.map(\.run), ["zero", "normal", "glorot"], "one array task per run")
        // Each run was trained by its own array task, not retrained by the assembly job.
        let runs = RunStore(reportsDirectory: slurmDir)
        XCTAssertEqual(submission.tasks.map { runs.header(step: $0.step, run: $0.run)?.slurmJob },
                       (0..<3).map { "\(submission.arrayJob ?? "?")_\($0)" })
        let viaSlurm = try metrics(slurmDir, steps: ["p1.init"])
        let here = try metrics(localDir, steps: ["p1.init"])
        XCTAssertGreaterThan(viaSlurm.count, 10)
        XCTAssertEqual(viaSlurm, here)
        XCTAssertTrue(FileManager.default.fileExists(atPath: slurmDir + "/report.md"), "the assembly job wrote the report")
    }

    /// Every metric but wall times, which no two runs share.
    private func metrics(_ reports: String, steps: [String]) throws -> [String: Double] {
        let store = ResultsStore(directory: reports + "/results")
        var all: [String: Double] = [:]
        for step in StepRegistry.all where steps.contains(step.id) {
            for (name, metric) in try step.metrics!(store) where !name.contains("seconds") { all[name] = metric.value }
        }
        return all
    }
}

/// Where the project and its release binary are, from this file's path.
enum ProjectPaths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The release `report` that `make test` builds before the tests (the Slurm
    /// jobs run it; a debug build would train far too slowly).
    static func releaseBinary() throws -> String {
        let path = root + "/.build/release/report"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            let message = "no release binary at .build/release/report: `make test` builds it before the tests"
            // In CI `make test` must have built it: its absence is a failure there, not a reason to skip.
            if ProcessInfo.processInfo.environment["CI"] == "true" { throw ReportError(message) }
            throw XCTSkip(message)
        }
        return path
    }
}

import Foundation
import XCTest

/// `make clean` removes what a build makes and nothing that is committed: the
/// results, figures and report took hours to compute. `make clean-results`
/// deletes those, and only after a warning and a confirmation.
final class MakefileTests: XCTestCase {
    var directory: TemporaryDirectory!
    override func setUp() { directory = TemporaryDirectory("makefile") }
    override func tearDown() { directory.remove() }

    static let makefile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Makefile").path

    let committed = ["reports/results/p1.init.json", "reports/figures/p1-init-loss.png", "reports/report.md",
                     "reports/index.html", "reports/submission.csv", "reports/baselines/original.json"]

    /// A project folder with a build folder and the committed outputs.
    func layOut() {
        directory.write("binary", to: ".build/release/report")
        for file in committed { directory.write("kept", to: file) }
    }

    func make(_ arguments: [String]) throws -> (status: Int32, output: String) {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/make") else { throw XCTSkip("make is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/make")
        process.arguments = ["-f", Self.makefile, "-C", directory.path] + arguments
        process.standardInput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: directory.file(relative)) }

    func testCleanRemovesTheBuildAndKeepsTheCommittedResults() throws {
        layOut()
        let (status, output) = try make(["clean"])
        XCTAssertEqual(status, 0, output)
        XCTAssertFalse(exists(".build"))
        for file in committed { XCTAssertTrue(exists(file), "\(file) kept") }
    }

    func testCleanResultsWarnsAndDeletesOnlyWhenConfirmed() throws {
        layOut()
        let refused = try make(["clean-results"])
        XCTAssertNotEqual(refused.status, 0, "no confirmation, no deletion")
        XCTAssertTrue(refused.output.contains("warning"), refused.output)
        XCTAssertTrue(refused.output.contains("CONFIRM=yes"), refused.output)
        for file in committed { XCTAssertTrue(exists(file), "\(file) kept") }

        let confirmed = try make(["clean-results", "CONFIRM=yes"])
        XCTAssertEqual(confirmed.status, 0, confirmed.output)
        XCTAssertTrue(confirmed.output.contains("warning"), confirmed.output)
        for file in committed where !file.contains("baselines") { XCTAssertFalse(exists(file), "\(file) deleted") }
        XCTAssertTrue(exists("reports/baselines/original.json"), "baselines are kept: they are saved by hand")
        XCTAssertTrue(exists(".build/release/report"), "the build is not a result")
    }
}

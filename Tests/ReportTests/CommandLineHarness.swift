import Foundation
import XCTest
@testable import ReportKit
@testable import Sections

/// The `report` binary that `swift test` built beside the test bundle, run as
/// a user runs it: its exit status, stdout and stderr.
enum ReportCLI {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The products folder holds both the test bundle and the executable.
    /// REPORT_TEST_BINARY runs the tests against another build (an older one, to see them fail).
    static func executable() throws -> String {
        if let other = ProcessInfo.processInfo.environment["REPORT_TEST_BINARY"] { return other }
        let bundle = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundlePath ?? CommandLine.arguments[0]
        let path = URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("report").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ReportError("no report binary beside the tests at \(path); `swift build` builds it")
        }
        return path
    }

    /// Runs `report arguments…` in `directory`, with `environment` over this process's.
    static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.executableURL = URL(fileURLWithPath: try executable())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        // Files, not pipes: nothing to drain while the child runs.
        let capture = NSTemporaryDirectory() + "report-cli-\(UUID().uuidString.prefix(8))"
        XCTAssertTrue(FileManager.default.createFile(atPath: capture + ".out", contents: nil))
        XCTAssertTrue(FileManager.default.createFile(atPath: capture + ".err", contents: nil))
        defer { for suffix in [".out", ".err"] { try? FileManager.default.removeItem(atPath: capture + suffix) } }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: capture + ".out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: capture + ".err"))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        func read(_ suffix: String) -> String { (try? String(contentsOfFile: capture + suffix, encoding: .utf8)) ?? "" }
        return Outcome(status: process.terminationStatus, stdout: read(".out"), stderr: read(".err"))
    }
}

/// A made-up checkout: Package.swift naming a1report and templates/, so that
/// commands run inside it find their folders as in the real one.
func makeCheckout(_ directory: TemporaryDirectory) {
    directory.write("// swift-tools-version:5.9\nlet package = Package(name: \"a1report\")\n", to: "Package.swift")
    directory.write("", to: "templates/.keep")
}

import Foundation
import XCTest
@testable import ReportKit
@testable import Sections

/// Every result records the versions of the C libraries it was computed with:
/// OpenBLAS (its kernels decide the rounding of every matrix product), libjpeg-turbo
/// (the decoded pixels) and Cairo (the figures).
final class ProvenanceTests: XCTestCase {
    func testTheProbeRecordsTheLibrariesVersions() throws {
        let libraries = try XCTUnwrap(ProvenanceProbe.current().libraries)
        XCTAssertEqual(Set(libraries.keys), ["cairo", "openblas", "libjpeg-turbo"])
        for (name, version) in libraries {
            XCTAssertNotNil(version.wholeMatch(of: #/\d+\.\d+\.\d+( .+)?/#), "\(name): \(version)")
        }
        // pkg-config reads the same versions from the -dev packages, independently.
        for (package, name) in [("cairo", "cairo"), ("openblas", "openblas"), ("libturbojpeg", "libjpeg-turbo")] {
            guard let expected = Self.pkgConfigVersion(package) else { continue }
            XCTAssertTrue(libraries[name]?.hasPrefix(expected) == true, "\(name): \(libraries[name] ?? "none") against pkg-config's \(expected)")
        }
    }

    func testTheReportListsTheLibrariesOfTheResults() throws {
        let directory = TemporaryDirectory("provenance")
        defer { directory.remove() }
        try P1Fixtures.writeAll(reports: directory.path)
        let store = ResultsStore(directory: directory.file("results"))
        var record = P1Fixtures.gradientCheck()
        record.header.provenance.libraries = ["cairo": "1.16.0", "openblas": "0.3.21 (Haswell)", "libjpeg-turbo": "2.1.5"]
        try store.save(record)
        let markdown = try ReportAssembler(options: options(reports: directory.path), templatesDirectory: templatesDirectory,
                                           progress: CapturedLog().reporter).assemble(formats: [.png]).markdown
        XCTAssertTrue(markdown.contains("Cairo 1.16.0, OpenBLAS 0.3.21 (Haswell), libjpeg-turbo 2.1.5"), markdown)
        XCTAssertTrue(markdown.contains("not recorded"), "results from before the versions were recorded say so")
    }

    /// A step assembled on one machine from a run trained on another names both
    /// machines, and each library once with every version the results used.
    func testTheReportNamesTheMachinesOfSavedRunsAndEachLibraryOnce() throws {
        let directory = TemporaryDirectory("provenance-runs")
        defer { directory.remove() }
        try P1Fixtures.writeAll(reports: directory.path)
        let store = ResultsStore(directory: directory.file("results"))
        var record = P1Fixtures.initialisation()
        record.header.provenance.cpuModel = "AMD EPYC"
        record.header.provenance.libraries = ["cairo": "1.16.0", "openblas": "0.3.21 (Zen)", "libjpeg-turbo": "2.1.5"]
        try store.save(record)
        var run = record.header.provenance
        run.cpuModel = "Intel Xeon"
        run.libraries = ["cairo": "1.16.0", "openblas": "0.3.21 (SkylakeX)", "libjpeg-turbo": "2.1.5"]
        let header = RunHeader(step: "p1.init", run: "glorot", key: "k", wallSeconds: 1, epochsTrained: 1,
                               cost: RunCost(network: .catDogVGG, epochs: 1, batchSize: 1, trainSamples: 1, evaluatedSamples: 1),
                               provenance: run)
        try RunStore(reportsDirectory: directory.path).save(RunRecord(header: header, output: ["unused": 0]))
        let markdown = try ReportAssembler(options: options(reports: directory.path), templatesDirectory: templatesDirectory,
                                           progress: CapturedLog().reporter).assemble(formats: [.png]).markdown
        let machines = try XCTUnwrap(markdown.split(separator: "\n").first { $0.contains("Machines that computed") })
        XCTAssertTrue(machines.contains("AMD EPYC (") && machines.contains("Intel Xeon ("), String(machines))
        let libraries = try XCTUnwrap(markdown.split(separator: "\n").first { $0.contains("C libraries they used") })
        XCTAssertTrue(libraries.contains("OpenBLAS 0.3.21 (SkylakeX) or 0.3.21 (Zen)"), String(libraries))
        XCTAssertEqual(libraries.ranges(of: "Cairo").count, 1, String(libraries))
    }

    static func pkgConfigVersion(_ package: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pkg-config", "--modversion", package]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

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

import Foundation
import XCTest
@testable import Bench
import Plot
import PlotTesting

final class GalleryTests: XCTestCase {
    /// Every gallery figure renders in all three formats; files are
    /// non-empty and start with the right magic bytes.
    func testGalleryRendersAllFormats() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let paths = try Gallery.render(into: dir)
        XCTAssertEqual(paths.count, Gallery.figures().count * 3)
        for path in paths {
            let data = try XCTUnwrap(FileManager.default.contents(atPath: path), path)
            XCTAssertGreaterThan(data.count, 500, path)
            switch (path as NSString).pathExtension {
            case "png": XCTAssertEqual(Array(data.prefix(4)), [0x89, 0x50, 0x4E, 0x47], path)
            case "pdf": XCTAssertEqual(String(decoding: data.prefix(5), as: UTF8.self), "%PDF-", path)
            default: XCTAssertTrue(String(decoding: data, as: UTF8.self).contains("<svg"), path)
            }
        }
        // No temporary files are left behind by the atomic writes.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [])
    }

    /// Set PLOT_GALLERY_DIR to keep the gallery for visual inspection.
    func testWriteGalleryForInspection() throws {
        guard let dir = ProcessInfo.processInfo.environment["PLOT_GALLERY_DIR"] else { throw XCTSkip("PLOT_GALLERY_DIR not set") }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = try Gallery.render(into: dir)
    }
}

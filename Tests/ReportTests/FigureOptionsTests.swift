import Foundation
import Plot
import XCTest
@testable import Report

/// `report figure NAME --scale S`: the PNG's pixels per point.
final class FigureScaleTests: XCTestCase {
    var directory: TemporaryDirectory!
    override func setUp() { directory = TemporaryDirectory("figure-scale") }
    override func tearDown() { directory.remove() }

    func renderer() throws -> FigureRenderer {
        try P1Fixtures.writeAll(reports: directory.path)
        return FigureRenderer(options: options(reports: directory.path))
    }

    func testScaleSetsThePixelsAndTheDeclaredResolutionNotTheSizeOnThePage() throws {
        let renderer = try renderer(), figure = try FigureRegistry.figure(named: "p1-gradcheck")
        let two = directory.file("two.png"), three = directory.file("three.png")
        try renderer.render(figure, out: two)
        try renderer.render(figure, out: three, scale: 3)
        let small = try XCTUnwrap(FileManager.default.contents(atPath: two))
        let large = try XCTUnwrap(FileManager.default.contents(atPath: three))
        XCTAssertEqual(try RasterImage(png: large).width * 2, try RasterImage(png: small).width * 3)
        XCTAssertEqual(try XCTUnwrap(PNGResolution.dotsPerInch(of: large)), 216, accuracy: 0.01)
        XCTAssertEqual(HTMLConversion.figureWidth(three), HTMLConversion.figureWidth(two), "the page shows both at one size")
    }

    func testAScaleOutsideItsRangeIsAnErrorAndWritesNothing() throws {
        let renderer = try renderer(), figure = try FigureRegistry.figure(named: "p1-gradcheck")
        for scale in [0, -1, .nan, .infinity, 0.1, 17] {
            let out = directory.file("bad.png")
            XCTAssertThrowsError(try renderer.render(figure, out: out, scale: scale), "scale \(scale)") { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains("--scale"), message)
                XCTAssertTrue(message.contains("between 0.25 and 16"), message)
                XCTAssertFalse(message.contains("\n"), message)
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), "scale \(scale)")
        }
    }
}

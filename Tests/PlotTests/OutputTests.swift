import Foundation
import XCTest
@testable import Bench
@testable import Plot
import PlotTesting
#if canImport(FoundationXML)
import FoundationXML
#endif

final class OutputTests: XCTestCase {
    func sampleFigure() -> Figure {
        let fig = Figure(width: 360, height: 240)
        let ax = fig.addAxes()
        ax.line(x: [1, 2, 3, 4], y: [0.9, 0.5, 0.3, 0.25], label: "train & <val>")
        ax.set(xLabel: "Epoch", yLabel: "Loss", title: "Loss curves")
        ax.integerXTicks = true
        return fig
    }

    func testSVGHasRealTextAndIsWellFormed() throws {
        let svg = sampleFigure().svgString()
        XCTAssertTrue(svg.contains(">Loss curves</text>"), "title as text")
        XCTAssertTrue(svg.contains(">Epoch</text>"))
        XCTAssertTrue(svg.contains(">0.5</text>"), "a y tick label as text")
        XCTAssertTrue(svg.contains(">4</text>"), "an x tick label as text")
        XCTAssertTrue(svg.contains(">train &amp; &lt;val&gt;</text>"), "escaped legend label")
        XCTAssertTrue(svg.contains("transform=\"translate("), "rotated y label")
        XCTAssertFalse(svg.contains("<symbol"), "no glyph outlines")
        #if canImport(FoundationXML) || os(macOS)
        let parser = XMLParser(data: Data(svg.utf8))
        XCTAssertTrue(parser.parse(), "SVG is well-formed XML: \(String(describing: parser.parserError))")
        #endif
    }

    func testSVGLogLabelsUseRaisedExponents() {
        let svg = Gallery.gradientCheck().svgString()
        XCTAssertTrue(svg.contains(">10<tspan dy=\"-3.78\" font-size=\"6.3\">\u{2212}6</tspan></text>"), "10⁻⁶ as text with a superscript")
        XCTAssertTrue(svg.contains(">Gradient check</text>"))
    }

    func testRendersAreDeterministic() throws {
        let a = Gallery.lossByInitialisation(), b = Gallery.lossByInitialisation()
        XCTAssertEqual(try a.pngData(scale: 2), try b.pngData(scale: 2))
        XCTAssertEqual(a.svgString(), b.svgString())
        let pdf1 = try a.pdfData(), pdf2 = try b.pdfData()
        XCTAssertEqual(pdf1, pdf2)
        XCTAssertFalse(String(decoding: pdf1, as: UTF8.self).contains("/CreationDate"))
        // Images too (embedded PNG data in SVG).
        XCTAssertEqual(Gallery.rgbKernels().svgString(), Gallery.rgbKernels().svgString())
    }

    /// A value far outside fixed limits maps to a coordinate beyond Int's range.
    func testSVGOfAValueFarOutsideFixedLimits() throws {
        let fig = Figure(width: 300, height: 200)
        let ax = fig.addAxes()
        ax.line(x: [1, 2, 3], y: [1e300, 0.5, 0], label: "damaged")
        ax.yLimits = 0...1
        XCTAssertTrue(fig.svgString().contains("</svg>"))
        XCTAssertEqual(num(-1e300), "-1000000000")
    }

    func testWriteChoosesFormatFromExtensionAtomically() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fig = sampleFigure()
        for ext in ["png", "svg", "pdf", "PNG"] {
            let path = (dir as NSString).appendingPathComponent("figure.\(ext)")
            try fig.write(to: path, scale: 2)
            try fig.write(to: path, scale: 2)  // overwriting works too
            XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        }
        let png = try XCTUnwrap(FileManager.default.contents(atPath: (dir as NSString).appendingPathComponent("figure.png")))
        let img = try RasterImage(png: png)
        XCTAssertEqual(img.width, 720)
        XCTAssertEqual(img.height, 480)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        XCTAssertEqual(names, ["figure.PNG", "figure.pdf", "figure.png", "figure.svg"], "no temporary files left")
    }

    func testWriteErrorsNameThePath() throws {
        let fig = sampleFigure()
        // A folder that cannot be made: its parent is a regular file.
        let file = (NSTemporaryDirectory() as NSString).appendingPathComponent("not-a-dir-\(UUID().uuidString)")
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let missing = file + "/plot.png"
        XCTAssertThrowsError(try fig.write(to: missing)) { error in
            guard case PlotError.writeFailed(let path, _) = error else { return XCTFail("unexpected \(error)") }
            XCTAssertEqual(path, missing)
            XCTAssertTrue("\(error)".contains(missing))
        }
        XCTAssertThrowsError(try fig.write(to: "figure.jpg")) { error in
            XCTAssertEqual(error as? PlotError, .unsupportedFormat(path: "figure.jpg"))
        }
        XCTAssertThrowsError(try RasterImage(png: Data([1, 2, 3])))
    }
}

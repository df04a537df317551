import Foundation
import XCTest
@testable import Plot
import PlotTesting

/// `Axes.band`: the shaded area between two curves (matplotlib's `fill_between`).
final class BandTests: XCTestCase {
    let orange = Color(hex: "ff7f0e")

    /// Three validation-accuracy runs and their min–max band, added after
    /// the lines so that drawing in call order would put it on top of them.
    func seedsFigure() -> (Figure, Axes, runs: [[Double]]) {
        let fig = Figure(width: 400, height: 300)
        let ax = fig.addAxes()
        let epochs = (1...6).map(Double.init)
        let runs = [[0.50, 0.62, 0.70, 0.74, 0.77, 0.78],
                    [0.46, 0.60, 0.66, 0.73, 0.75, 0.79],
                    [0.52, 0.58, 0.69, 0.71, 0.76, 0.77]]
        for (k, r) in runs.enumerated() { ax.line(x: epochs, y: r, label: "seed \(k)") }
        let lower = epochs.indices.map { i in runs.map { $0[i] }.min()! }
        let upper = epochs.indices.map { i in runs.map { $0[i] }.max()! }
        ax.band(x: epochs, lower: lower, upper: upper, label: "min–max", color: orange)
        return (fig, ax, runs)
    }

    func transform(_ fig: Figure) throws -> AxesTransform {
        try XCTUnwrap(FigureLayout(figure: fig, snap: PixelSnapper(scale: 0)).cells.first?.axesLayout).transform
    }

    /// Fills in `color` drawn between the data clip's push and pop.
    func clippedFills(_ rec: RecordingBackend, color: Color) -> [(index: Int, path: Path)] {
        let push = rec.commands.firstIndex { if case .pushClip = $0 { return true } else { return false } } ?? 0
        let pop = rec.commands.firstIndex { $0 == .popClip } ?? rec.commands.count
        return rec.commands.indices.compactMap { i in
            guard i > push, i < pop, case .fill(let p, color) = rec.commands[i] else { return nil }
            return (i, p)
        }
    }

    func points(_ p: Path) -> [Point] {
        p.elements.compactMap { e in
            switch e {
            case .move(let q), .line(let q): return q
            default: return nil
            }
        }
    }

    func subpathCount(_ p: Path) -> Int { p.elements.filter { if case .move = $0 { return true } else { return false } }.count }

    func testBandIsOneClippedFillAlongUpperThenBackAlongLowerUnderTheLines() throws {
        let (fig, ax, _) = seedsFigure()
        let t = try transform(fig)
        let rec = RecordingBackend()
        fig.draw(on: rec)

        let fills = clippedFills(rec, color: orange.withAlpha(0.2))
        XCTAssertEqual(fills.count, 1, "one fill, inside the plot clip, at the default opacity 0.2")
        let band = try XCTUnwrap(fills.first)
        guard case .band(let b) = ax.items[3] else { return XCTFail("the band is stored as a band") }
        let upper = b.x.indices.map { t.point(b.x[$0], b.upper[$0]) }
        let lower = b.x.indices.map { t.point(b.x[$0], b.lower[$0]) }
        XCTAssertEqual(points(band.path), upper + lower.reversed(), "upper left→right, then lower right→left")
        XCTAssertEqual(subpathCount(band.path), 1)
        XCTAssertEqual(band.path.elements.last, .close)

        let lineStrokes = rec.commands.indices.filter { i in
            if case .stroke(_, let s) = rec.commands[i] { return Color.category10.prefix(3).contains(s.color) && s.width == 1.6 }
            return false
        }
        XCTAssertEqual(lineStrokes.count, 3 + 3, "three lines plus their legend handles")
        XCTAssertLessThan(band.index, try XCTUnwrap(lineStrokes.first), "the band is drawn before (under) the lines")
    }

    func testColourComesFromTheCycleLikeALineAndOpacityReplacesAlpha() throws {
        let fig = Figure(width: 300, height: 200)
        let ax = fig.addAxes()
        ax.band(x: [0, 1, 2], lower: [0, 0, 0], upper: [1, 2, 1])
        ax.line(x: [0, 1, 2], y: [0.5, 1, 0.5])
        ax.band(x: [0, 1, 2], lower: [1, 1, 1], upper: [2, 3, 2], color: Color(hex: "123456", alpha: 0.7), opacity: 0.5)
        let rec = RecordingBackend()
        fig.draw(on: rec)
        XCTAssertEqual(clippedFills(rec, color: Color.category10[0].withAlpha(0.2)).count, 1, "first band: first cycle colour")
        XCTAssertEqual(rec.strokeColors.filter { Color.category10.contains($0) }, [Color.category10[1]],
                       "the line after an uncoloured band takes the next colour, as after a line")
        XCTAssertEqual(clippedFills(rec, color: Color(hex: "123456", alpha: 0.5)).count, 1, "given colour, alpha = opacity")
    }

    func testNonFiniteValuesSplitTheBandIntoPieces() throws {
        let fig = Figure(width: 400, height: 300)
        let ax = fig.addAxes()
        let x: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, .nan, 10, 11]
        let upper: [Double] = [2, 3, 3, .nan, 4, 5, 5, 6, 100, 7, 7]
        let lower: [Double] = [1, 1, 2, 2, 3, -.infinity, 3, 4, 4, 5, 5]
        ax.band(x: x, lower: lower, upper: upper, color: orange)
        let rec = RecordingBackend()
        fig.draw(on: rec)
        let band = try XCTUnwrap(clippedFills(rec, color: orange.withAlpha(0.2)).first).path
        // Pieces: x 1–3, x 5 alone (no area, dropped), x 7–8, x 10–11.
        XCTAssertEqual(subpathCount(band), 3, "NaN and ±∞ in x, lower or upper each break the band")
        XCTAssertEqual(points(band).count, 2 * (3 + 2 + 2))
        XCTAssertTrue(points(band).allSatisfy { $0.x.isFinite && $0.y.isFinite })
        let range = ax.resolvedYRange()
        XCTAssertEqual(range.lowerBound, 1 - 0.05 * 6, accuracy: 1e-9, "finite values 1…7 with a 5% margin; −∞ ignored")
        XCTAssertEqual(range.upperBound, 7 + 0.05 * 6, accuracy: 1e-9, "y at the NaN x ignored, as for lines")
        XCTAssertFalse(rec.texts.contains("NaN"), "no edge marks or legend entries for a band's gaps")
    }

    func testBandExtendsTheAutomaticLimits() {
        let fig = Figure(width: 300, height: 200)
        let ax = fig.addAxes()
        ax.line(x: [2, 8], y: [0.4, 0.6])
        ax.band(x: [0, 10], lower: [0, 0.2], upper: [0.8, 1])
        XCTAssertEqual(ax.resolvedXRange().lowerBound, -0.5, accuracy: 1e-9)
        XCTAssertEqual(ax.resolvedXRange().upperBound, 10.5, accuracy: 1e-9)
        XCTAssertEqual(ax.resolvedYRange().lowerBound, -0.05, accuracy: 1e-9)
        XCTAssertEqual(ax.resolvedYRange().upperBound, 1.05, accuracy: 1e-9)
    }

    func testMismatchedLengthsUseTheShortestArrayLikeLine() throws {
        let fig = Figure(width: 300, height: 200)
        let ax = fig.addAxes()
        ax.band(x: [0, 1, 2, 3, 4], lower: [0, 0, 0, 0], upper: [1, 2, 3], color: orange)
        let rec = RecordingBackend()
        fig.draw(on: rec)
        let band = try XCTUnwrap(clippedFills(rec, color: orange.withAlpha(0.2)).first).path
        XCTAssertEqual(points(band).count, 6)
        XCTAssertEqual(ax.resolvedXRange().upperBound, 2.1, accuracy: 1e-9, "x 3 and 4 have no lower/upper")
        // Empty or unplaceable bands draw nothing and do not crash.
        ax.band(x: [], lower: [], upper: [])
        ax.yScale = .log10
        ax.band(x: [1, 2], lower: [-1, 0], upper: [0, -2])
        _ = try fig.pngData(scale: 1)
    }

    func testLabelledBandHasAFilledLegendSwatch() throws {
        let (fig, ax, _) = seedsFigure()
        let rec = RecordingBackend()
        fig.draw(on: rec)
        XCTAssertTrue(rec.texts.contains("min–max"))
        let pop = try XCTUnwrap(rec.commands.firstIndex { $0 == .popClip })
        let swatches = rec.commands[pop...].filter { if case .fill(_, orange.withAlpha(0.2)) = $0 { return true } else { return false } }
        XCTAssertEqual(swatches.count, 1, "a filled patch, in the band's translucent colour, outside the plot clip")
        guard case .patch(let c, nil)? = ax.legendEntries.last?.handle else { return XCTFail("a patch handle") }
        XCTAssertEqual(c, orange.withAlpha(0.2))

        let unlabelled = Figure().addAxes()
        unlabelled.band(x: [0, 1], lower: [0, 0], upper: [1, 1])
        XCTAssertTrue(unlabelled.legendEntries.isEmpty, "no label, no entry")
    }

    /// A red band from 0.25 to 0.75 at opacity 0.4 on white, with a blue
    /// line through it added before the band.
    func probeFigure() -> Figure {
        let fig = Figure(width: 200, height: 150)
        let ax = fig.addAxes()
        ax.xLimits = 0...1
        ax.yLimits = 0...1
        ax.showGrid = false
        ax.line(x: [0, 1], y: [0.5, 0.5], style: LineStyle(color: Color(hex: "1f77b4"), width: 3))
        ax.band(x: [-1, 2], lower: [0.25, 0.25], upper: [0.75, 0.75], color: Color(hex: "d62728"), opacity: 0.4)
        return fig
    }

    func testPNGBlendsTheBandOverTheBackgroundUnderTheLine() throws {
        let fig = probeFigure()
        let img = try RasterImage(png: try fig.pngData(scale: 2))
        let plot = try XCTUnwrap(FigureLayout(figure: fig, snap: PixelSnapper(scale: 2)).cells.first?.axesLayout).plot
        func px(_ fx: Double, _ fy: Double) -> Color {
            img.pixel(x: Int(2 * (plot.minX + fx * plot.width)), y: Int(2 * (plot.maxY - fy * plot.height)))
        }
        let red = Color(hex: "d62728")
        let blended = Color.white.mixed(with: red, 0.4)
        for (c, what) in [(px(0.5, 0.35), "inside the band"), (px(0.1, 0.65), "inside, near the left")] {
            XCTAssertEqual(c.red, blended.red, accuracy: 0.02, what)
            XCTAssertEqual(c.green, blended.green, accuracy: 0.02, what)
            XCTAssertEqual(c.blue, blended.blue, accuracy: 0.02, what)
        }
        XCTAssertEqual(px(0.5, 0.9), .white, "above the band")
        XCTAssertEqual(px(0.5, 0.1), .white, "below the band")
        XCTAssertEqual(img.pixel(x: 2, y: Int(2 * plot.midY)), .white, "clipped: nothing left of the axes")
        let line = px(0.5, 0.5)
        XCTAssertEqual(line.hexString, "1f77b4", "the line is drawn over the band, not veiled by it")
    }

    func testSVGAndPDFKeepTheTranslucency() throws {
        let svg = probeFigure().svgString()
        XCTAssertTrue(svg.contains("fill=\"#d62728\" fill-opacity=\"0.4\""), "SVG fill-opacity")
        let pdf = try probeFigure().pdfData()
        // Cairo writes constant alpha as an ExtGState with /ca (fill alpha).
        XCTAssertNotNil(pdf.range(of: Data("/ca 0.4".utf8)), "PDF fill alpha")
    }
}

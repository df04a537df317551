import Foundation
import XCTest
@testable import Bench
@testable import Plot
import PlotTesting

/// Renders figures to pixels and probes them.
final class RenderTests: XCTestCase {
    let red = Color(hex: "d62728")

    /// A red line at y = 0.5 inside fixed [0,1]² limits, and a blue line at
    /// y = 0.9 running far beyond the x limits.
    func probeFigure() -> (Figure, Axes) {
        let fig = Figure(width: 200, height: 150)
        let ax = fig.addAxes()
        ax.xLimits = 0...1
        ax.yLimits = 0...1
        ax.line(x: [0, 1], y: [0.5, 0.5], style: LineStyle(color: red, width: 3))
        ax.line(x: [-5, 5], y: [0.9, 0.9], style: LineStyle(color: Color(hex: "1f77b4"), width: 3))
        return (fig, ax)
    }

    func plotRect(_ fig: Figure, scale: Double) throws -> Rect {
        try XCTUnwrap(FigureLayout(figure: fig, snap: PixelSnapper(scale: scale)).cells.first?.axesLayout).plot
    }

    func assertColor(_ c: Color, _ expected: Color, tolerance: Double = 0.04, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(c.red, expected.red, accuracy: tolerance, message, file: file, line: line)
        XCTAssertEqual(c.green, expected.green, accuracy: tolerance, message, file: file, line: line)
        XCTAssertEqual(c.blue, expected.blue, accuracy: tolerance, message, file: file, line: line)
    }

    func testPNGPixelsBackgroundLineAndClipping() throws {
        let (fig, _) = probeFigure()
        for scale in [1.0, 2.0] {
            let png = try fig.pngData(scale: scale)
            let img = try RasterImage(png: png)
            XCTAssertEqual(img.width, Int(200 * scale))
            XCTAssertEqual(img.height, Int(150 * scale))
            let plot = try plotRect(fig, scale: scale)
            func px(_ x: Double, _ y: Double) -> Color { img.pixel(x: Int(x * scale), y: Int(y * scale)) }

            assertColor(px(1, 1), .white, "background at \(scale)x")
            // The red line passes through the middle of the plot.
            assertColor(px(plot.midX + 0.3, plot.midY), red, "red line at \(scale)x")
            // The blue line is clipped: nothing right of the plot (beyond the
            // spine) on its row, nor left of the y tick labels.
            let blueY = plot.minY + 0.1 * plot.height
            assertColor(px(plot.midX, blueY), Color(hex: "1f77b4"), "blue line inside at \(scale)x")
            for x in stride(from: plot.maxX + 2, to: 199, by: 1) {
                assertColor(px(x, blueY), .white, "outside right of the axes at x=\(x), \(scale)x")
            }
            assertColor(px(3, blueY), .white, "outside left of the axes at \(scale)x")
            // Above the plot there is only the figure margin.
            assertColor(px(plot.midX, plot.minY - 3), .white, "above the axes at \(scale)x")
        }
    }

    func testMarginsKeepLabelsInsideTheFigure() throws {
        let fig = Figure(width: 300, height: 200)
        let ax = fig.addAxes()
        ax.line(x: [0, 123_456], y: [-0.00012, 0.00034])
        ax.set(xLabel: "Number of samples", yLabel: "Difference", title: "A title")
        let rec = RecordingBackend(deviceScale: 1)
        fig.draw(on: rec)
        for case .text(let s, let p, let font, _, let align, let angle) in rec.commands {
            let w = TextMeasurer.shared.width(s, font: font)
            if angle == 0 {
                let x0 = align.horizontal == .left ? p.x : (align.horizontal == .center ? p.x - w / 2 : p.x - w)
                XCTAssertGreaterThanOrEqual(x0, 0, "'\(s)' clipped on the left")
                XCTAssertLessThanOrEqual(x0 + w, 300, "'\(s)' clipped on the right")
                XCTAssertGreaterThanOrEqual(p.y - font.size, 0, "'\(s)' clipped at the top")
                XCTAssertLessThanOrEqual(p.y + 0.24 * font.size, 200, "'\(s)' clipped at the bottom")
            } else {
                XCTAssertGreaterThanOrEqual(p.x - font.size, 0, "rotated '\(s)' clipped")
                XCTAssertGreaterThanOrEqual(p.y - w / 2, 0, "rotated '\(s)' clipped")
            }
        }
    }

    func testSeriesUseCategory10InOrder() {
        let fig = Figure()
        let ax = fig.addAxes()
        for k in 0..<3 { ax.line(x: [0, 1, 2], y: [Double(k), Double(k) + 1, Double(k)]) }
        ax.line(x: [0, 1], y: [0, 1], style: LineStyle(color: Color(hex: "123456"), dash: .dashed))
        let rec = RecordingBackend()
        fig.draw(on: rec)
        let dataStrokes = rec.commands.compactMap { c -> StrokeStyle? in
            if case .stroke(_, let s) = c, s.width == 1.6 { return s } else { return nil }
        }
        XCTAssertEqual(dataStrokes.map(\.color), Array(Color.category10.prefix(3)) + [Color(hex: "123456")])
        XCTAssertEqual(dataStrokes.last?.dash, [3.7 * 1.6, 1.6 * 1.6])
        // Data is drawn inside a clip equal to the plot rectangle.
        XCTAssertTrue(rec.commands.contains { if case .pushClip = $0 { return true } else { return false } })
    }

    func testKernelCellsAreCrispBlocks() throws {
        let fig = Figure(width: 120, height: 120)
        let m = Matrix(rows: 3, cols: 3, values: (0..<9).map(Double.init))
        fig.matrixGrid([m], columns: 1, colorMap: .gray, range: 0...8, colorBar: false)
        let scale = 2.0
        let rec = RecordingBackend(deviceScale: scale)
        fig.draw(on: rec)
        let rect = try XCTUnwrap(rec.commands.compactMap { c -> Rect? in
            if case .image(_, _, let r, let interp) = c { XCTAssertEqual(interp, .nearest); return r } else { return nil }
        }.first)
        // Pixel aligned, and each matrix entry gets the same whole number of pixels.
        let devW = rect.width * scale
        XCTAssertEqual(devW, devW.rounded())
        XCTAssertEqual(devW.truncatingRemainder(dividingBy: 3), 0)
        XCTAssertEqual(rect.x * scale, (rect.x * scale).rounded())

        let img = try fig.rasterize(scale: scale)
        let cellPx = Int(devW) / 3
        for r in 0..<3 {
            for c in 0..<3 {
                let expected = Double(byte(Double(r * 3 + c) / 8)) / 255
                let x0 = Int(rect.x * scale) + c * cellPx, y0 = Int(rect.y * scale) + r * cellPx
                // Every pixel of the block, edges included, has the exact cell value.
                for (dx, dy) in [(0, 0), (cellPx - 1, 0), (0, cellPx - 1), (cellPx - 1, cellPx - 1), (cellPx / 2, cellPx / 2)] {
                    XCTAssertEqual(img.pixel(x: x0 + dx, y: y0 + dy).red, expected, accuracy: 0.5 / 255, "cell (\(r),\(c))")
                }
            }
        }
    }

    func testScaleTwoDoublesPixelsWithSameLayout() throws {
        let fig = Gallery.lossByInitialisation()
        let a = try fig.rasterize(scale: 1), b = try fig.rasterize(scale: 2)
        XCTAssertEqual(b.width, 2 * a.width)
        XCTAssertEqual(b.height, 2 * a.height)
    }
}

final class DecimationTests: XCTestCase {
    func testLongRunsKeepTheirEnvelope() {
        let ax = Figure().addAxes()
        let run = (0..<20_000).map { i in Point(Double(i) / 100, sin(Double(i)) * 50 + 100) }
        let d = ax.decimated(run)
        XCTAssertLessThan(d.count, 4 * 4 * 200 + 10, "at most four points per quarter-point column")
        XCTAssertEqual(d.first, run.first)
        XCTAssertEqual(d.last, run.last)
        XCTAssertEqual(d.map(\.y).min(), run.map(\.y).min())
        XCTAssertEqual(d.map(\.y).max(), run.map(\.y).max())
        XCTAssertEqual(ax.decimated(Array(run.prefix(100))), Array(run.prefix(100)), "short runs untouched")
    }
}

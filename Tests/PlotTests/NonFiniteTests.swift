import XCTest
@testable import Plot
import PlotTesting

final class NonFiniteTests: XCTestCase {
    func testNonFiniteValuesBreakTheLineAndAreMarked() throws {
        let fig = Figure(width: 400, height: 300)
        let ax = fig.addAxes()
        let color = Color(hex: "d62728")
        ax.line(x: [1, 2, 3, 4, 5, 6, 7, 8], y: [1, 2, .nan, 3, 4, .infinity, 5, 6], label: "run", style: LineStyle(color: color))

        let range = ax.resolvedYRange()
        XCTAssertTrue(range.lowerBound.isFinite && range.upperBound.isFinite)
        XCTAssertEqual(range.lowerBound, 0.75, accuracy: 1e-9, "finite data 1…6 with a 5% margin")
        XCTAssertLessThan(range.upperBound, 7, "infinity does not stretch the axis")

        let t = try XCTUnwrap(FigureLayout(figure: fig, snap: PixelSnapper(scale: 0)).cells.first?.axesLayout).transform
        guard case .line(let series) = ax.items[0] else { return XCTFail() }
        XCTAssertEqual(ax.finiteRuns(series, t: t).map(\.count), [2, 2, 2], "three pieces")
        XCTAssertEqual(ax.nonFiniteMarks(series, t: t).map(\.kind), [.nan, .positiveInfinity])

        let rec = RecordingBackend()
        fig.draw(on: rec)
        let strokes = rec.commands.compactMap { c -> Path? in
            if case .stroke(let p, let s) = c, s.color == color { return p } else { return nil }
        }
        func subpaths(_ p: Path) -> Int { p.elements.filter { if case .move = $0 { return true } else { return false } }.count }
        XCTAssertEqual(strokes.filter { subpaths($0) == 1 }.count, 4, "three line pieces plus the legend handle")
        XCTAssertEqual(strokes.filter { subpaths($0) == 2 }.count, 1, "one × for the NaN")
        let triangles = rec.commands.filter { if case .fill(let p, color) = $0 { return p.elements.count == 4 } else { return false } }
        XCTAssertEqual(triangles.count, 1, "one ▲ for +∞")
        XCTAssertTrue(rec.texts.contains("NaN"), "legend explains the marks")
        XCTAssertTrue(rec.texts.contains("+∞"))
        _ = try fig.pngData(scale: 1)
    }

    func testNaNOnlyDataRendersWithDefaultRange() throws {
        let fig = Figure(width: 300, height: 200)
        let ax = fig.addAxes()
        ax.line(x: [1, 2, 3], y: [.nan, .nan, .nan], label: "diverged")
        XCTAssertEqual(ax.resolvedYRange(), 0...1)
        let rec = RecordingBackend()
        fig.draw(on: rec)
        XCTAssertTrue(rec.texts.contains("0.0") && rec.texts.contains("1.0"), "default y ticks")
        _ = try fig.pngData(scale: 1)
        _ = fig.svgString()
        _ = try fig.pdfData()
    }

    func testEmptyAndDegenerateInputsDoNotCrash() throws {
        let fig = Figure(width: 300, height: 200)
        let a = fig.addAxes(row: 0, col: 0), b = fig.addAxes(row: 0, col: 1), c = fig.addAxes(row: 1, col: 0)
        a.line(x: [], y: [])
        b.xScale = .log10; b.yScale = .log10
        b.line(x: [0, -1, 10, 100], y: [0, 1e-3, -5, 1e-6])
        c.line(x: [.infinity, .nan], y: [1, 2])
        c.xLimits = 5...5  // unusable limits fall back to automatic
        _ = try fig.pngData(scale: 2)
        _ = fig.svgString()
        _ = try Figure(width: 100, height: 80, title: "Nothing yet").pngData(scale: 1)
        let empty = Figure()
        empty.matrixGrid([], columns: 4)
        empty.imageGrid([], columns: 3, row: 0, col: 1)
        _ = try empty.pngData(scale: 1)
        _ = empty.svgString()
        let tiny = Figure(width: 20, height: 10)
        tiny.addAxes().line(y: [1, 2, 3])
        _ = try tiny.pngData(scale: 1)
    }
}

import XCTest
@testable import Plot
import PlotTesting

final class LegendTests: XCTestCase {
    /// Lays out a single-axes figure and returns the axes and its transform.
    func layout(_ build: (Axes) -> Void) throws -> (Axes, AxesTransform) {
        let fig = Figure(width: 400, height: 300)
        let ax = fig.addAxes()
        build(ax)
        let l = try XCTUnwrap(FigureLayout(figure: fig, snap: PixelSnapper(scale: 1)).cells.first?.axesLayout)
        return (ax, l.transform)
    }

    func best(_ build: (Axes) -> Void) throws -> LegendPlacement {
        let (ax, t) = try layout(build)
        return ax.bestLegendPlacement(size: ax.legendSize(ax.legendEntries), t: t)
    }

    func testBestPicksTheEmptyCorner() throws {
        // Data along the top and down the right side: only the lower-left is free.
        let placement = try best { ax in
            ax.line(x: (0...10).map(Double.init), y: Array(repeating: 10, count: 11), label: "top")
            ax.line(x: Array(repeating: 10, count: 11), y: (0...10).map(Double.init), label: "right")
            ax.line(x: [5, 6, 7, 8, 9, 10], y: [0, 0.5, 1, 1.5, 2, 2.5], label: "bottom right")
        }
        XCTAssertEqual(placement, .lowerLeft)
    }

    func testFallingLossCurvesLeaveUpperRight() throws {
        let placement = try best { ax in
            let x = (1...30).map(Double.init)
            ax.line(x: x, y: x.map { 0.5 + 2 / $0 }, label: "train")
            ax.line(x: x, y: x.map { 0.8 + 2 / $0 }, label: "validation")
        }
        XCTAssertEqual(placement, .upperRight)
    }

    func testRisingAccuracyCurvesWithTargetLineLeaveLowerRight() throws {
        // Rising curves leave the upper left and lower right free; a target
        // line across the top takes the upper left too.
        let placement = try best { ax in
            let x = (1...30).map(Double.init)
            ax.line(x: x, y: x.map { 1 - exp(-$0 / 4) }, label: "train")
            ax.line(x: x, y: x.map { 0.9 - 0.9 * exp(-$0 / 4) }, label: "validation")
            ax.line(x: [1, 30], y: [1, 1], label: "target")
        }
        XCTAssertEqual(placement, .lowerRight)
    }

    func testLegendIsDrawnWhereChosenAndExplicitCornerIsHonoured() throws {
        let fig = Figure(width: 400, height: 300)
        let ax = fig.addAxes()
        ax.line(x: [0, 10], y: [10, 10], label: "top")
        ax.line(x: [10, 10], y: [0, 10], label: "right")
        let plot = try XCTUnwrap(FigureLayout(figure: fig, snap: PixelSnapper(scale: 0)).cells.first?.axesLayout).plot
        let rec = RecordingBackend()
        fig.draw(on: rec)
        let p = try XCTUnwrap(rec.position(ofText: "top"))
        XCTAssertLessThan(p.x, plot.midX)
        XCTAssertGreaterThan(p.y, plot.midY)

        ax.legend = .upperRight
        let rec2 = RecordingBackend()
        fig.draw(on: rec2)
        let q = try XCTUnwrap(rec2.position(ofText: "top"))
        XCTAssertGreaterThan(q.x, plot.midX)
        XCTAssertLessThan(q.y, plot.midY)

        ax.legend = .none
        let rec3 = RecordingBackend()
        fig.draw(on: rec3)
        XCTAssertNil(rec3.position(ofText: "top"))
    }

    func testSegmentRectangleIntersection() {
        let r = Rect(x: 0, y: 0, width: 10, height: 10)
        XCTAssertTrue(segmentIntersects(Point(-5, 5), Point(15, 5), r), "crosses through")
        XCTAssertTrue(segmentIntersects(Point(2, 2), Point(3, 3), r), "inside")
        XCTAssertFalse(segmentIntersects(Point(-5, -5), Point(-1, 20), r), "passes left")
        XCTAssertFalse(segmentIntersects(Point(11, 0), Point(20, 10), r), "passes right")
    }
}

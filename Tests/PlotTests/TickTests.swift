import XCTest
@testable import Plot

/// Exact, table-driven expectations for tick selection and labels.
final class TickTests: XCTestCase {
    struct LinearCase {
        let lo: Double, hi: Double
        var integer = false
        let values: [Double]
        let labels: [String]
    }

    func testLinearTicksOnKnownRanges() {
        let cases: [LinearCase] = [
            LinearCase(lo: 0, hi: 1, values: [0, 0.2, 0.4, 0.6, 0.8, 1.0],
                       labels: ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]),
            LinearCase(lo: 0.0001, hi: 0.0003, values: [0.0001, 0.00015, 0.0002, 0.00025, 0.0003],
                       labels: ["0.00010", "0.00015", "0.00020", "0.00025", "0.00030"]),
            LinearCase(lo: -1, hi: 1, values: [-1, -0.5, 0, 0.5, 1],
                       labels: ["\u{2212}1.0", "\u{2212}0.5", "0.0", "0.5", "1.0"]),
            LinearCase(lo: 0, hi: 10, values: [0, 2, 4, 6, 8, 10], labels: ["0", "2", "4", "6", "8", "10"]),
            LinearCase(lo: 0.9, hi: 3.3, values: [1.0, 1.5, 2.0, 2.5, 3.0], labels: ["1.0", "1.5", "2.0", "2.5", "3.0"]),
            LinearCase(lo: 0, hi: 7.6, values: [0, 1, 2, 3, 4, 5, 6, 7], labels: ["0", "1", "2", "3", "4", "5", "6", "7"]),
            LinearCase(lo: 0, hi: 17, values: [0, 2.5, 5, 7.5, 10, 12.5, 15], labels: ["0.0", "2.5", "5.0", "7.5", "10.0", "12.5", "15.0"]),
            // Epoch axes: 1…10 and 1…35 with 5% margins, whole numbers only.
            LinearCase(lo: 0.55, hi: 10.45, integer: true, values: [2, 4, 6, 8, 10], labels: ["2", "4", "6", "8", "10"]),
            LinearCase(lo: -0.7, hi: 36.7, integer: true, values: [0, 5, 10, 15, 20, 25, 30, 35],
                       labels: ["0", "5", "10", "15", "20", "25", "30", "35"]),
            LinearCase(lo: 0.5, hi: 3.5, integer: true, values: [1, 2, 3], labels: ["1", "2", "3"]),
            LinearCase(lo: 0, hi: 3_000_000, values: [0, 500_000, 1_000_000, 1_500_000, 2_000_000, 2_500_000, 3_000_000],
                       labels: ["0", "5.0×10⁵", "1.0×10⁶", "1.5×10⁶", "2.0×10⁶", "2.5×10⁶", "3.0×10⁶"]),
        ]
        for c in cases {
            let ticks = TickLocator.linear(c.lo, c.hi, integer: c.integer)
            XCTAssertEqual(ticks.map(\.value), c.values, "values for [\(c.lo), \(c.hi)]")
            XCTAssertEqual(ticks.map(\.label), c.labels, "labels for [\(c.lo), \(c.hi)]")
            XCTAssertTrue((5...8).contains(ticks.count) || c.integer || c.hi - c.lo < 5, "tick count for [\(c.lo), \(c.hi)]")
        }
    }

    func testLogTicksForGradientCheckN() {
        let ticks = TickLocator.log10(1, 500_000)
        let major = ticks.filter { !$0.isMinor }
        XCTAssertEqual(major.map(\.value), [1, 10, 100, 1000, 10000, 100_000])
        XCTAssertEqual(major.map(\.label), ["10⁰", "10¹", "10²", "10³", "10⁴", "10⁵"])
        let minor = ticks.filter(\.isMinor)
        XCTAssertEqual(minor.count, 44, "2…9 in five full decades plus 2–5 × 10⁵")
        XCTAssertTrue(minor.allSatisfy { $0.label.isEmpty })
        XCTAssertEqual(minor.last?.value, 500_000)
    }

    func testLogTicksThinOutManyDecades() {
        // Gradient differences: 1e-12 … 1e-1, twelve decades → every second labelled.
        let ticks = TickLocator.log10(1e-12, 1e-1)
        let major = ticks.filter { !$0.isMinor }
        XCTAssertEqual(major.map(\.value), [1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2])
        XCTAssertEqual(major.map(\.label), ["10⁻¹²", "10⁻¹⁰", "10⁻⁸", "10⁻⁶", "10⁻⁴", "10⁻²"])
        XCTAssertEqual(ticks.filter(\.isMinor).map(\.value), [1e-11, 1e-9, 1e-7, 1e-5, 1e-3, 1e-1])
    }

    func testLogTicksWithinOneDecadeFallBackToOneTwoFive() {
        let ticks = TickLocator.log10(0.15, 0.9)
        XCTAssertEqual(ticks.filter { !$0.isMinor }.map(\.label), ["0.2", "0.5"])
        XCTAssertEqual(TickLocator.log10(0, 10), [], "non-positive limits give no log ticks instead of crashing")
    }

    /// Limits from a damaged or diverged result: no ticks, and no Int conversion trap.
    func testLimitsBeyondDoubleRangeOrSubnormalGiveNoTicks() {
        XCTAssertEqual(TickLocator.linear(-1e308, 1e308), [], "the span overflows to ∞")
        XCTAssertEqual(TickLocator.linear(0, Double.leastNonzeroMagnitude * 2024), [], "the step underflows to 0")
        XCTAssertFalse(TickLocator.linear(1e18, 1e18 + 1e4).isEmpty)
    }

    func testSingleValueAndNaNOnlyRanges() {
        let single = AxisRange.auto([5, 5, 5])
        XCTAssertEqual(single, 4.5...5.5)
        XCTAssertEqual(TickLocator.linear(single.lowerBound, single.upperBound).map(\.label), ["4.6", "4.8", "5.0", "5.2", "5.4"])
        XCTAssertEqual(AxisRange.auto([0]), -1...1)

        let nanOnly = AxisRange.auto([.nan, .nan, .infinity])
        XCTAssertEqual(nanOnly, 0...1)
        XCTAssertEqual(TickLocator.linear(nanOnly.lowerBound, nanOnly.upperBound).map(\.value), [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        XCTAssertEqual(AxisRange.auto([.nan], scale: .log10), 1...10)
        XCTAssertEqual(AxisRange.auto([2, -3, 0], scale: .log10), 0.2...20, "only positive values count on a log axis")
    }

    func testAutoRangeIgnoresNonFiniteAndAddsMargins() {
        let r = AxisRange.auto([1, .nan, 3, .infinity, -.infinity])
        XCTAssertEqual(r.lowerBound, 0.9, accuracy: 1e-12)
        XCTAssertEqual(r.upperBound, 3.1, accuracy: 1e-12)
        let log = AxisRange.auto([1, 100], scale: .log10)
        XCTAssertEqual(log10(log.lowerBound), -0.1, accuracy: 1e-12)
        XCTAssertEqual(log10(log.upperBound), 2.1, accuracy: 1e-12)
    }

    func testLabelFormatting() {
        XCTAssertEqual(formatTickLabels([0, 2.5, 5, 7.5, 10]), ["0.0", "2.5", "5.0", "7.5", "10.0"])
        XCTAssertEqual(formatTickLabels([0, 0.25, 0.5]), ["0.00", "0.25", "0.50"])
        XCTAssertEqual(formatTickLabels([1e-5, 2e-5]), ["10⁻⁵", "2×10⁻⁵"])
        XCTAssertEqual(formatTickLabels([-0.0]), ["0"])
        XCTAssertEqual(superscript(-12), "⁻¹²")
        XCTAssertEqual(Superscript.runs("10⁻⁶"), [TextRun(text: "10", isSuperscript: false), TextRun(text: "\u{2212}6", isSuperscript: true)])
    }

    func testTicksThinOutOnShortAxes() {
        let fig = Figure(width: 160, height: 120)
        let ax = fig.addAxes()
        ax.line(x: [0.0001, 0.0003], y: [0, 1])
        let layout = try! XCTUnwrap(FigureLayout(figure: fig, snap: PixelSnapper(scale: 1)).cells.first?.axesLayout)
        let labels = layout.transform.x.labelledTicks
        let widths = labels.map { TextMeasurer.shared.width($0.label, font: Theme.tickFont) }
        let positions = labels.map { layout.transform.px($0.value) }
        for i in 1..<labels.count {
            XCTAssertGreaterThan(positions[i] - positions[i - 1], (widths[i] + widths[i - 1]) / 2, "x tick labels overlap")
        }
    }
}

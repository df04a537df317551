import Foundation
import XCTest
@testable import Plot
import PlotTesting
@testable import ReportKit
@testable import Sections

/// What the report's figures say, read off their drawing calls.
final class FigureContentTests: XCTestCase {
    var directory: TemporaryDirectory!
    var store: ResultsStore!
    override func setUp() {
        directory = TemporaryDirectory("figure-content")
        store = ResultsStore(directory: directory.file("results"))
    }
    override func tearDown() { directory.remove() }

    func figure(_ name: String) throws -> Figure { try FigureRegistry.figure(named: name).draw(store) }

    func recording(_ name: String) throws -> RecordingBackend {
        let backend = RecordingBackend(deviceScale: 2)
        try figure(name).draw(on: backend)
        return backend
    }

    /// p3.visualize's fixture with `change` applied.
    func saveVisualize(_ change: (inout P3VisualizeStep.Output) -> Void) throws {
        var record = P3Fixtures.visualize()
        change(&record.output)
        try store.save(record)
    }

    // MARK: confusing and misclassified photos

    /// The most confusing photos all sit near 0.50: two decimals printed
    /// "cat 0.50 / dog 0.50" under every one of them.
    func testPhotoCaptionsHaveTheDigitsToTellThePhotosApart() throws {
        let catProbabilities = [0.5002, 0.5006, 0.4992, 0.4991, 0.5011]
        let dogProbabilities = [0.9649, 0.8917, 0.89164, 0.8851]
        try saveVisualize { output in
            let template = output.confusing[0][0]
            func shown(_ cat: Double, _ i: Int) -> P3VisualizeStep.ShownImage {
                var image = template
                image.name = "\(i).jpg"
                image.probabilities = [cat, 1 - cat]
                return image
            }
            output.confusing[0] = catProbabilities.enumerated().map { shown($1, $0) }
            output.misclassified[1] = dogProbabilities.enumerated().map { shown($1, $0) }
        }
        for (name, count) in [("p3-confusing-cats", 5), ("p3-misclassified-dogs", 4)] {
            let probabilities = try recording(name).texts.filter { $0.hasPrefix("cat ") }
            XCTAssertEqual(probabilities.count, count, name)
            XCTAssertEqual(Set(probabilities).count, count, "\(name): \(probabilities)")
        }
        XCTAssertTrue(try recording("p3-confusing-cats").texts.contains("cat 0.5002 / dog 0.4998"))
    }

    func testTwoDecimalsWhenTheyAreEnough() throws {
        try saveVisualize { _ in }
        let probabilities = try recording("p3-misclassified-cats").texts.filter { $0.hasPrefix("cat ") }
        XCTAssertFalse(probabilities.isEmpty)
        for text in probabilities { XCTAssertTrue(text.wholeMatch(of: #/cat 0\.\d\d / dog 0\.\d\d/#) != nil, text) }
    }

    // MARK: the reliability diagram

    func reliabilityFixture() throws {
        try saveVisualize { output in
            output.reliability = [
                .init(lower: 0.5, upper: 0.6, count: 137, meanConfidence: 0.55, accuracy: 0.50),
                .init(lower: 0.6, upper: 0.7, count: 0, meanConfidence: 0, accuracy: 0),
                .init(lower: 0.7, upper: 0.8, count: 911, meanConfidence: 0.75, accuracy: 0.79),
                .init(lower: 0.8, upper: 0.9, count: 2048, meanConfidence: 0.86, accuracy: 0.84),
                .init(lower: 0.9, upper: 1.0, count: 4419, meanConfidence: 0.97, accuracy: 0.95),
            ]
        }
    }

    /// Confidence was a fraction (0.5 … 1.0) against accuracy in percent.
    func testReliabilityAxesShareTheirUnit() throws {
        try reliabilityFixture()
        let texts = try recording("p3-reliability").texts
        XCTAssertTrue(texts.contains { $0.hasPrefix("Confidence") && $0.contains("(%)") }, "\(texts)")
        XCTAssertTrue(texts.contains { $0.hasPrefix("Accuracy") && $0.contains("(%)") }, "\(texts)")
        for fraction in ["0.5", "0.6", "0.7", "0.8", "0.9", "1.0"] { XCTAssertFalse(texts.contains(fraction), fraction) }
        XCTAssertTrue(texts.contains("50") && texts.contains("90"), "\(texts)")
    }

    /// The gap bars were translucent red over blue where accuracy exceeds
    /// confidence: a purple that the legend did not show.
    func testEveryBarColourIsInTheLegend() throws {
        try reliabilityFixture()
        let axes = try figure("p3-reliability").cells.compactMap { cell -> Axes? in
            if case .axes(let axes) = cell.content { return axes } else { return nil }
        }
        let legend = axes.flatMap(\.legendEntries).compactMap { entry -> Color? in
            if case .patch(let color, _) = entry.handle { return color } else { return nil }
        }
        var barColours = 0
        for case .bars(let bars) in axes.flatMap(\.items) where !bars.x.isEmpty {
            barColours += 1
            XCTAssertEqual(bars.color.alpha, 1, "\(bars.label ?? "unlabelled"): no blend of colours the legend cannot show")
            XCTAssertTrue(legend.contains(bars.color) || bars.label == nil && axes.count > 1,
                          "\(bars.label ?? "unlabelled") is in the legend")
        }
        XCTAssertGreaterThanOrEqual(barColours, 3, "accuracy, and a gap either way")
        let texts = try recording("p3-reliability").texts
        XCTAssertTrue(texts.contains { $0.lowercased().contains("accuracy above confidence") }, "\(texts)")
    }

    func testReliabilityShowsTheBinCounts() throws {
        try reliabilityFixture()
        let texts = try recording("p3-reliability").texts
        for count in ["137", "911", "2,048", "4,419"] { XCTAssertTrue(texts.contains(count), "\(count) in \(texts)") }
    }

    // MARK: the last layer's kernels

    func testLastLayerKernelGridLabelsItsAxes() throws {
        try saveVisualize { _ in }
        let backend = try recording("p3-kernels-last")
        var angles: [String: Double] = [:]
        for case .text(let text, _, _, _, _, let angle) in backend.commands { angles[text] = angle }
        XCTAssertEqual(angles["Input channel"], 0, "\(backend.texts)")
        XCTAssertEqual(angles["Output channel"], 90, "\(backend.texts)")
        for number in ["1", "20"] { XCTAssertTrue(backend.texts.filter { $0 == number }.count >= 2, "channel \(number) on both axes") }
    }

    // MARK: the zero initialisation's reference line

    /// The zero network's accuracy is the majority share: its curve lay on
    /// the reference line and hid it.
    func testReferenceLineShowsAroundTheCurveItCoincidesWith() throws {
        try store.save(P1Fixtures.initialisation())
        let backend = try recording("p1-init-accuracy")
        let zero = P1Figures.color(.zero)
        func heights(_ path: Path) -> Set<Double> {
            Set(path.elements.compactMap { element -> Double? in
                switch element {
                case .move(let p), .line(let p): return (p.y * 100).rounded() / 100
                default: return nil
                }
            })
        }
        var curve: (index: Int, style: StrokeStyle, y: Set<Double>)?
        var others: [(index: Int, style: StrokeStyle, y: Set<Double>)] = []
        for (i, command) in backend.commands.enumerated() {
            guard case .stroke(let path, let style) = command, heights(path).count == 1 else { continue }
            if style.color == zero, style.dash.isEmpty, curve == nil { curve = (i, style, heights(path)) } else { others.append((i, style, heights(path))) }
        }
        let line = try XCTUnwrap(curve, "the zero curve is a horizontal line")
        let reference = try XCTUnwrap(others.first { $0.y == line.y && $0.style.color != zero }, "a reference line on the curve")
        let markerRadius = 2.0
        XCTAssertGreaterThanOrEqual(reference.style.width / 2, max(line.style.width / 2, markerRadius) + 1.5,
                                    "the reference shows at least 1.5 pt on each side of the curve and its markers")
        XCTAssertLessThan(reference.index, line.index, "drawn under the curve, which stays visible on top")
    }
}

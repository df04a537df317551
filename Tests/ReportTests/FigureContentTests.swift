import Foundation
import XCTest
@testable import Plot
@testable import Report

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

import Foundation
import Plot
import PlotTesting
import XCTest
@testable import ReportKit
@testable import Sections

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

/// `report figure NAME --baseline BASELINE`: the baseline's per-epoch curves
/// over the figure's, like `dvc plots diff`.
final class FigureBaselineTests: XCTestCase {
    var directory: TemporaryDirectory!
    var renderer: FigureRenderer!
    override func setUp() {
        directory = TemporaryDirectory("figure-baseline")
        renderer = FigureRenderer(options: options(reports: directory.path))
    }
    override func tearDown() { directory.remove() }

    /// Five epochs of the main VGG run, two more than the fixture's three.
    func vggBaseline(name: String = "longer") -> Baseline {
        var metrics = MetricMap()
        let base = "p3.train.vgg_lr0.1_bs128"
        metrics.addCurve(base + ".valid.accuracy", [61, 70, 79, 83, 85], kind: .accuracyPercent)
        metrics.addCurve(base + ".train.loss", [0.69, 0.6, 0.5, 0.45, 0.4], kind: .loss)
        metrics.add("p3.train.parameters.total", 5_884_162, kind: .count)
        return Baseline(name: name, description: "a fixture", profile: "original", metrics: metrics)
    }

    func testTheBaselinesCurvesAreDrawnDashedInTheColourOfTheirCurveAndLabelled() throws {
        try P3Fixtures.writeAll(reports: directory.path)
        let figure = try FigureRegistry.figure(named: "p3-curves").draw(renderer.store)
        let keyed = figure.allAxes.flatMap(\.keyedLines)
        try BaselineOverlay.overlay(vggBaseline(), on: figure, named: "p3-curves", among: FigureRegistry.all)
        let backend = RecordingBackend()
        figure.draw(on: backend)
        XCTAssertTrue(backend.texts.contains("Validation (longer)"), "\(backend.texts)")
        // The fixture's curves have 3 epochs, the baseline's 5: one dashed line
        // of 5 points for each metric the baseline holds, in its curve's colour.
        for key in ["p3.train.vgg_lr0.1_bs128.valid.accuracy", "p3.train.vgg_lr0.1_bs128.train.loss"] {
            let curve = try XCTUnwrap(keyed.first { $0.key == key }, key)
            let dashedFivePoint = backend.commands.filter {
                guard case .stroke(let path, let style) = $0 else { return false }
                return !style.dash.isEmpty && style.color == curve.color && path.elements.count == 5
            }
            XCTAssertEqual(dashedFivePoint.count, 1, key)
        }
        XCTAssertFalse(backend.texts.contains("Training (augmented) (longer)"), "no training accuracy in the baseline, so no line")
    }

    func testRenderWritesBesideTheFigureAndLeavesTheFigureAlone() throws {
        try P3Fixtures.writeAll(reports: directory.path)
        try BaselineStore(directory: directory.file("baselines")).save(vggBaseline())
        let figure = try FigureRegistry.figure(named: "p3-curves")
        let paths = try renderer.render(figure, formats: [.svg], baseline: BaselineStore(directory: directory.file("baselines")).load("longer"))
        XCTAssertEqual(paths, [directory.file("figures/p3-curves-vs-longer.svg")])
        XCTAssertTrue(directory.read("figures/p3-curves-vs-longer.svg").contains(">Validation (longer)</text>"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.file("figures/p3-curves.svg")))
    }

    func testAFigureWithoutEpochCurvesIsAOneLineError() throws {
        try P1Fixtures.writeAll(reports: directory.path)
        let out = directory.file("g.png")
        XCTAssertThrowsError(try renderer.render(FigureRegistry.figure(named: "p1-gradcheck"), out: out, baseline: vggBaseline())) {
            let message = "\($0)"
            XCTAssertTrue(message.contains("p1-gradcheck has no per-epoch curves"), message)
            XCTAssertTrue(message.contains("p3-curves"), "names the figures that have: \(message)")
            XCTAssertFalse(message.contains("\n"), message)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testABaselineWithNoneOfTheFiguresCurvesIsAnError() throws {
        try P1Fixtures.writeAll(reports: directory.path)
        let out = directory.file("a.png")
        XCTAssertThrowsError(try renderer.render(FigureRegistry.figure(named: "p1-hyper-valid"), out: out, baseline: vggBaseline(),
                                                 baselineFile: "baselines/longer.json")) {
            let message = "\($0)"
            XCTAssertTrue(message.hasPrefix("baselines/longer.json: baseline longer has no per-epoch values for figure p1-hyper-valid"), message)
            XCTAssertTrue(message.contains("p1.hyperparams."), "says which it looked for: \(message)")
            XCTAssertFalse(message.contains("\n"), message)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}

extension FigureBaselineTests {
    /// A curve's key is the name its values have in results and baselines:
    /// every keyed line of every figure with epoch curves is among the metrics.
    func testEveryCurveIsKeyedByItsMetricsName() throws {
        try P1Fixtures.writeAll(reports: directory.path)
        try renderer.store.save(P1Fixtures.cnn())
        try P3Fixtures.writeAll(reports: directory.path)
        let metrics = try MetricExtractor.snapshot(store: renderer.store).metrics
        for figure in FigureRegistry.all {
            let keys = try figure.draw(renderer.store).allAxes.flatMap(\.keyedLines).map(\.key)
            XCTAssertEqual(!keys.isEmpty, figure.epochCurves, figure.name)
            for key in keys { XCTAssertNotNil(metrics[key + ".final"], "\(figure.name): \(key)") }
        }
    }
}

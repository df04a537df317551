import Foundation
import XCTest
@testable import ReportKit
@testable import Sections

/// Shapes and sizes in a saved result come from a file: a damaged one is an
/// error (or a result that does not decode, hence rerun), never an arithmetic
/// trap or an index out of range in the figures.
final class DamagedResultTests: XCTestCase {
    var directory: TemporaryDirectory!
    override func setUp() { directory = TemporaryDirectory("damaged") }
    override func tearDown() { directory.remove() }

    var store: ResultsStore { ResultsStore(directory: directory.file("results")) }

    /// Saves the visualisation fixture with `change` applied to its JSON text.
    func saveVisualization(_ change: (String) -> String) throws {
        try store.save(P3Fixtures.visualize())
        let file = store.path(for: P3VisualizeStep.id)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let changed = change(text)
        XCTAssertNotEqual(changed, text, "the fixture changed")
        try changed.write(toFile: file, atomically: true, encoding: .utf8)
    }

    func render(_ name: String) throws {
        let renderer = FigureRenderer(store: store, directory: directory.file("figures"))
        try renderer.render(FigureRegistry.figure(named: name))
    }

    func testATensorShapeWhoseSizeOverflowsDoesNotDecode() throws {
        try saveVisualization { $0.replacingOccurrences(of: "32,\n        3,\n        3,\n        3", with: "4611686018427387904,\n        4,\n        3,\n        3") }
        XCTAssertThrowsError(try store.load(P3VisualizeStep.self)) { error in
            XCTAssertTrue("\(error)".contains("not a tensor shape"), "\(error)")
        }
    }

    func testATensorOfTheWrongRankIsAnErrorInItsFigure() throws {
        try saveVisualization { $0.replacingOccurrences(of: "32,\n        8,\n        8", with: "2048") }
        XCTAssertThrowsError(try render("p3-feature-maps")) { error in
            XCTAssertTrue("\(error)".contains("featureMaps has shape [2048], expected 3 dimensions"), "\(error)")
        }
    }

    func testAnImageSideWhoseAreaOverflowsIsAnError() throws {
        try saveVisualization { $0.replacingOccurrences(of: "\"side\" : 4", with: "\"side\" : 4611686018427387904") }
        XCTAssertThrowsError(try render("p3-confusing-cats")) { error in
            XCTAssertTrue("\(error)".contains("saved pixels are not"), "\(error)")
        }
    }

    /// The submission's classes are read back from the run's saved file.
    func testASavedPredictionOutsideTheClassesIsAnError() throws {
        var options = BuildOptions()
        options.reportsDirectory = directory.path
        options.catdogDirectory = CatDogPhotos.write(in: directory.file("catdog"))
        let context = StepContext(options: options, data: DataCatalog(options: options), store: store,
                                  progress: CapturedLog().reporter, stepID: P3SubmissionStep.id)
        let step = P3SubmissionStep()
        let saved = P3SubmissionStep.RunOutput(run: P3Fixtures.run("vgg_retrain_all", curve: []), trainCount: 16, predictions: [1, 5])
        XCTAssertThrowsError(try step.combine([saved], config: step.config(for: options), context: context)) { error in
            XCTAssertTrue("\(error)".contains("the saved predictions hold class 5, outside 0..<2"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.file("submission.csv")), "nothing half-written")
    }

    /// The tuning table reads epochs 15, 25 and 35 off p3.train's saved curve.
    func testASavedCurveShorterThanTheTuningTableNeedsIsAnError() throws {
        var options = BuildOptions()
        options.reportsDirectory = directory.path
        options.profile = .original
        options.catdogDirectory = CatDogPhotos.write(in: directory.file("catdog"))
        try store.save(P3Fixtures.train())  // three epochs
        let context = StepContext(options: options, data: DataCatalog(options: options), store: store,
                                  progress: CapturedLog().reporter, stepID: P3TuningStep.id)
        let step = P3TuningStep()
        XCTAssertThrowsError(try step.combine([], config: step.config(for: options), context: context)) { error in
            XCTAssertTrue("\(error)".contains("the saved curve has 3 epochs, 15 are needed"), "\(error)")
        }
    }
}

import Foundation
import XCTest
@testable import ReportKit
@testable import Sections

/// Problems 1 and 2 once saved accuracies in percent, without saying so; every
/// output now holds fractions and says `"accuracyUnit": "fraction"`. The results
/// saved in percent must keep loading (their cache keys are still valid), as
/// fractions, and give the same metrics as before.
final class AccuracyUnitTests: XCTestCase {
    var directory: TemporaryDirectory!
    override func setUp() { directory = TemporaryDirectory("accuracy-unit") }
    override func tearDown() { directory.remove() }

    func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONCoding.decode(type, from: Data(json.utf8), file: "legacy.json")
    }

    /// An MLP run as the steps saved it in percent: no marker.
    static let legacyRun = """
        {"config": {"id": "zero", "hidden": [4], "initializer": "zero", "learningRate": 0.001, "batchSize": 200, "epochs": 2},
         "curve": [{"epoch": 1, "accuracy": 11.356, "loss": 2.3, "exactLoss": 2.3, "trainSeconds": 0.5},
                   {"epoch": 2, "accuracy": 97.925, "loss": 2.2, "exactLoss": 2.2, "trainSeconds": 0.5}],
         "parameters": 3190}
        """

    func testAnInitialisationResultSavedInPercentReadsAsFractions() throws {
        let legacy = "{\"runs\": [\(Self.legacyRun)], \"majorityClass\": 1, \"majorityClassPercent\": 11.356, \"trainExamples\": 5000}"
        let output = try decode(P1InitStep.Output.self, legacy)
        XCTAssertEqual(output.runs[0].curve.map(\.accuracy), [11.356 / 100, 97.925 / 100])
        XCTAssertEqual(output.majorityClassShare, 11.356 / 100)
        XCTAssertEqual(output.runs[0].curve.map(\.loss), [2.3, 2.2], "losses are not shares")
        // Saved again, it says which unit it is in, under the share's new name.
        let saved = String(decoding: try JSONCoding.encode(output), as: UTF8.self)
        XCTAssertTrue(saved.contains("\"majorityClassShare\" : 0.11356"), saved)
        XCTAssertFalse(saved.contains("majorityClassPercent"), saved)
        XCTAssertEqual(saved.components(separatedBy: "\"accuracyUnit\" : \"fraction\"").count - 1, 2, "the output and its run")
    }

    func testASearchResultSavedInPercentReadsAsFractions() throws {
        let score = "{\"accuracy\": 97.76, \"loss\": 0.08, \"exactLoss\": 0.07}"
        let result = "{\"run\": \(Self.legacyRun), \"finalValidAccuracy\": 97.925, \"test\": \(score)}"
        let output = try decode(P1HyperparameterStep.Output.self, "{\"runs\": [\(result)], \"bestRun\": \"zero\", \"bestTest\": \(score)}")
        XCTAssertEqual(output.runs[0].finalValidAccuracy, 0.97925)
        XCTAssertEqual(output.runs[0].test.accuracy, 0.9776)
        XCTAssertEqual(output.runs[0].run.curve.last?.accuracy, 0.97925)
        XCTAssertEqual(output.bestTest.accuracy, 0.9776)
        XCTAssertEqual(output.bestTest.exactLoss, 0.07)
    }

    func testACNNResultAndRunSavedInPercentReadAsFractions() throws {
        let fields = """
            "layers": [{"layer": "Dense 4→10", "outputShape": [10], "parameters": 50}], "totalParameters": 50,
            "curve": [{"epoch": 0, "trainAccuracy": 10.315000000000001, "trainLoss": 2.3, "testAccuracy": 10.91, "testLoss": 2.3, "trainSeconds": 0}],
            "trainExamples": 60000, "testExamples": 10000
            """
        let run = try decode(P2CNNStep.RunOutput.self, "{\(fields)}")
        XCTAssertEqual(run.curve[0].trainAccuracy, 10.315000000000001 / 100)
        XCTAssertEqual(run.curve[0].testAccuracy, 0.1091)
        let comparison = "{\"model\": \"MLP\", \"parameters\": 1, \"testAccuracy\": 97.81, \"testLoss\": 0.07, \"trainingSeconds\": 99}"
        let output = try decode(P2CNNStep.Output.self, "{\(fields), \"comparison\": [\(comparison)]}")
        XCTAssertEqual(output.curve[0].testAccuracy, 0.1091)
        XCTAssertEqual(output.comparison[0].testAccuracy, 0.9781)
        XCTAssertEqual(output.comparison[0].trainingSeconds, 99)
    }

    /// What the steps save now reads back as it was: nothing is divided twice.
    func testAResultSavedInFractionsRoundTrips() throws {
        let store = ResultsStore(directory: directory.file("results"))
        try store.save(P1Fixtures.initialisation())
        try store.save(P1Fixtures.hyperparameters())
        try store.save(P1Fixtures.cnn())
        let initialisation = try store.load(P1InitStep.self).output
        XCTAssertEqual(initialisation.majorityClassShare, P1Fixtures.initialisation().output.majorityClassShare)
        XCTAssertEqual(initialisation.runs.map(\.curve), P1Fixtures.initialisation().output.runs.map(\.curve))
        let search = try store.load(P1HyperparameterStep.self).output, expected = P1Fixtures.hyperparameters().output
        XCTAssertEqual(search.runs.map(\.finalValidAccuracy), expected.runs.map(\.finalValidAccuracy))
        XCTAssertEqual(search.runs.map(\.test.accuracy), expected.runs.map(\.test.accuracy))
        XCTAssertEqual(search.bestTest.accuracy, expected.bestTest.accuracy)
        let cnn = try store.load(P2CNNStep.self).output
        XCTAssertEqual(cnn.curve.map(\.testAccuracy), P1Fixtures.cnn().output.curve.map(\.testAccuracy))
        XCTAssertEqual(cnn.comparison.map(\.testAccuracy), P1Fixtures.cnn().output.comparison.map(\.testAccuracy))
    }

    /// A result saved in percent and the same result saved in fractions give
    /// the same metrics, in percent: baselines and `report diff` see no change.
    func testMetricsOfAResultSavedInPercentAreTheOnesItSaved() throws {
        let current = P1InitStep.metrics(P1Fixtures.initialisation())
        XCTAssertEqual(current["p1.init.zero.accuracy.epoch01"]?.value, 11.356)
        XCTAssertEqual(current["p1.init.majority_class.percent"]?.value, 11.356)
        let store = ResultsStore(directory: directory.file("results"))
        try FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: true)
        for (id, record) in [
            (P1InitStep.id, try JSONCoding.encode(P1Fixtures.initialisation())),
            (P1HyperparameterStep.id, try JSONCoding.encode(P1Fixtures.hyperparameters())),
            (P2CNNStep.id, try JSONCoding.encode(P1Fixtures.cnn())),
        ] {
            let legacy = Self.inPercent(try JSONCoding.decoder().decode(JSONValue.self, from: record))
            let text = try JSONCoding.encode(legacy)
            XCTAssertFalse(String(decoding: text, as: UTF8.self).contains(AccuracyUnit.key))
            try text.write(to: URL(fileURLWithPath: store.path(for: id)))
        }
        XCTAssertEqual(P1InitStep.metrics(try store.load(P1InitStep.self)), current)
        XCTAssertEqual(P1HyperparameterStep.metrics(try store.load(P1HyperparameterStep.self)),
                       P1HyperparameterStep.metrics(P1Fixtures.hyperparameters()))
        XCTAssertEqual(P2CNNStep.metrics(try store.load(P2CNNStep.self)), P2CNNStep.metrics(P1Fixtures.cnn()))
    }

    /// A record as the steps saved it before fractions: every share times 100,
    /// the majority's share under its old name, and no unit marker. (The JSON
    /// value of network keys, which writes numbers back exactly as it read them.)
    static func inPercent(_ value: JSONValue, key: String? = nil) -> JSONValue {
        let shares: Set<String> = ["accuracy", "finalValidAccuracy", "trainAccuracy", "testAccuracy", "majorityClassShare"]
        switch value {
        case .object(let object):
            var legacy: [String: JSONValue] = [:]
            for (key, value) in object where key != AccuracyUnit.key {
                legacy[key == "majorityClassShare" ? "majorityClassPercent" : key] = inPercent(value, key: key)
            }
            return .object(legacy)
        case .array(let values):
            return .array(values.map { inPercent($0, key: key) })
        case .number(let share) where shares.contains(key ?? ""):
            return .number(100 * share)
        case .integer(let share) where shares.contains(key ?? ""):
            return .number(100 * Double(share))
        default:
            return value
        }
    }
}

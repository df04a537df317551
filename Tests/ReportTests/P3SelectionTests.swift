@testable import ReportKit
@testable import Sections
import Tensor
import XCTest

final class P3SelectionTests: XCTestCase {
    // Probabilities are exact binary fractions, so ties are real ties.
    private let items: [P3Selection.Scored] = [
        .init(index: 0, name: "c1", label: 0, probabilities: [0.625, 0.375]),
        .init(index: 1, name: "c2", label: 0, probabilities: [0.375, 0.625]),
        .init(index: 2, name: "c3", label: 0, probabilities: [0.0625, 0.9375]),
        .init(index: 3, name: "c4", label: 0, probabilities: [0.96875, 0.03125]),
        .init(index: 4, name: "c0", label: 0, probabilities: [0.625, 0.375]),
        .init(index: 5, name: "d1", label: 1, probabilities: [0.75, 0.25]),
        .init(index: 6, name: "d2", label: 1, probabilities: [0.125, 0.875]),
    ]

    func testMostConfusingAreClosestToOneHalfWithTiesByName() {
        let picked = P3Selection.mostConfusing(items, label: 0, count: 3).map(\.name)
        XCTAssertEqual(picked, ["c0", "c1", "c2"])
    }

    func testMostMisclassifiedAreTheMostConfidentlyWrong() {
        XCTAssertEqual(P3Selection.mostMisclassified(items, label: 0, count: 5).map(\.name), ["c3", "c2"])
        XCTAssertEqual(P3Selection.mostMisclassified(items, label: 1, count: 5).map(\.name), ["d1"])
    }

    func testConfusionMatrixAndCalibration() {
        XCTAssertEqual(P3Selection.confusionMatrix(items, classes: 2), [[3, 2], [1, 1]])
        let (bins, ece) = P3Selection.reliability(items, bins: 5, lowest: 0.5)
        XCTAssertEqual(bins.map(\.count).reduce(0, +), items.count)
        XCTAssertEqual(bins.map(\.count), [0, 3, 1, 1, 2])
        XCTAssertEqual(bins[1].accuracy, 2.0 / 3, accuracy: 1e-12)
        // By hand: [0.6, 0.7) holds three 0.625s (two right), [0.7, 0.8) one wrong 0.75,
        // [0.8, 0.9) one right 0.875, [0.9, 1] one wrong 0.9375 and one right 0.96875.
        let expected = 3.0 / 7 * abs(2.0 / 3 - 0.625) + 1.0 / 7 * 0.75 + 1.0 / 7 * 0.125 + 2.0 / 7 * abs(0.5 - (0.9375 + 0.96875) / 2)
        XCTAssertEqual(ece, expected, accuracy: 1e-12)
    }

    func testSubmissionCSVUsesNumericIdsAndClassNames() {
        let probabilities = Tensor<Float>(shape: [3, 2], scalars: [0.9, 0.1, 0.2, 0.8, 0.6, 0.4])
        let csv = P3SubmissionStep.csv(names: ["1.jpg", "2.jpg", "10.jpg"], predictions: probabilities.argmaxRows(), classes: ["Cat", "Dog"])
        XCTAssertEqual(csv, "id,label\n1,Cat\n2,Dog\n10,Cat\n")
    }

    func testSplitIsPerClassDisjointAndSeeded() {
        let labels = Array(repeating: 0, count: 50) + Array(repeating: 1, count: 30)
        var a = SeededGenerator(seed: 1), b = SeededGenerator(seed: 1)
        let first = CatDogData.split(labels: labels, classes: 2, rng: &a)
        let again = CatDogData.split(labels: labels, classes: 2, rng: &b)
        XCTAssertEqual(first.train, again.train)
        XCTAssertEqual(first.train.count, 64)
        XCTAssertEqual(first.valid.filter { labels[$0] == 1 }.count, 6)
        XCTAssertTrue(Set(first.train).isDisjoint(with: first.valid))
        XCTAssertEqual(Set(first.train + first.valid).count, 80)
    }

    func testSubsetKeepsBothClassesAndIsPartOfTheFullSplit() {
        // Class-sorted labels, as a folder listing gives them: a plain prefix would hold cats only.
        let labels = Array(repeating: 0, count: 100) + Array(repeating: 1, count: 100)
        var a = SeededGenerator(seed: 3), b = SeededGenerator(seed: 3)
        let full = CatDogData.split(labels: labels, classes: 2, rng: &a)
        let part = CatDogData.split(labels: labels, classes: 2, keep: 0.25, rng: &b)
        XCTAssertEqual(part.train.filter { labels[$0] == 0 }.count, 20)
        XCTAssertEqual(part.train.filter { labels[$0] == 1 }.count, 20)
        XCTAssertEqual(part.valid.filter { labels[$0] == 1 }.count, 5)
        XCTAssertTrue(Set(part.train).isSubset(of: full.train))
        XCTAssertTrue(Set(part.valid).isSubset(of: full.valid))
    }

    func testSavedTensorsRoundTripAsBase64Float32() throws {
        let tensor = P3VisualizeStep.Array4(shape: [1, 2, 2, 1], values: [1.5, -0.0, .greatestFiniteMagnitude, .leastNormalMagnitude / 4])
        let json = try JSONEncoder().encode(tensor)
        XCTAssertTrue(String(decoding: json, as: UTF8.self).contains("\"float32\""))
        let back = try JSONDecoder().decode(P3VisualizeStep.Array4.self, from: json)
        XCTAssertEqual(back.shape, tensor.shape)
        XCTAssertEqual(back.values.map(\.bitPattern), tensor.values.map(\.bitPattern))
        let short = Data(#"{"shape": [2, 2, 1, 1], "float32": "AAAAAA=="}"#.utf8)
        XCTAssertThrowsError(try JSONDecoder().decode(P3VisualizeStep.Array4.self, from: short))
    }
}

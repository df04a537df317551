@testable import Datasets
import Learning
import Tensor
import XCTest
@testable import ReportKit
@testable import Sections

/// The submission predicts photos that carry no label (the test set's are
/// held back): prediction must not read labels, evaluation must.
final class PhotoPredictionTests: XCTestCase {
    private func photos(_ count: Int, labelled: Bool) -> ImageSet {
        var rng = SeededGenerator(seed: 3)
        let pixels = (0..<(count * 64 * 64 * 3)).map { _ in UInt8(rng.integer(below: 256)) }
        return ImageSet(
            side: 64, pixels: pixels, labels: labelled ? (0..<count).map { $0 % 2 } : [],
            names: (0..<count).map { "\($0 + 1).jpg" }, classes: labelled ? ["Cat", "Dog"] : [], skipped: [])
    }

    func testUnlabelledPhotosArePredicted() {
        var rng = SeededGenerator(seed: 1)
        let model = CatDogVGG.make(rng: &rng) as Sequential<Float>
        let probabilities = predictImages(model, photos(3, labelled: false))
        XCTAssertEqual(probabilities.shape, [3, 2])
        for row in 0..<3 {
            XCTAssertEqual(Double(probabilities[row, 0] + probabilities[row, 1]), 1, accuracy: 1e-5)
        }
    }

    func testEvaluationOfLabelledPhotosCountsEveryPhoto() {
        var rng = SeededGenerator(seed: 2)
        let model = CatDogVGG.make(rng: &rng) as Sequential<Float>
        let set = photos(5, labelled: true)
        let result = evaluate(model, on: UnaugmentedPhotos(set), batchSize: 2)
        XCTAssertEqual(result.examples, 5)
        let predicted = predictImages(model, set).argmaxRows()
        XCTAssertEqual(result.correct, zip(predicted, set.labels).filter { $0 == $1 }.count)
    }
}

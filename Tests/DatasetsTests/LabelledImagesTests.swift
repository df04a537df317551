import Tensor
import XCTest

@testable import Datasets

final class LabelledImagesTests: XCTestCase {
    /// Four 1×1×2 images whose pixels encode their index, labels 0, 1, 2, 0.
    let set = LabelledImages(
        images: Tensor(shape: [4, 2], scalars: [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5]),
        labels: [0, 1, 2, 0], imageShape: [1, 1, 2], classCount: 3)

    func testSubset() {
        let middle = set.subset(1..<3)
        XCTAssertEqual(middle.count, 2)
        XCTAssertEqual(middle.images.shape, [2, 2])
        XCTAssertEqual(middle.images.scalars, [1, 1.5, 2, 2.5])
        XCTAssertEqual(middle.labels, [1, 2])
        XCTAssertEqual(middle.imageShape, [1, 1, 2])
        XCTAssertEqual(set.subset(2..<2).count, 0)
    }

    func testGatherKeepsOrderAndRepeats() {
        let picked = set.gather([3, 0, 3])
        XCTAssertEqual(picked.images.scalars, [3, 3.5, 0, 0.5, 3, 3.5])
        XCTAssertEqual(picked.labels, [0, 0, 0])
    }

    func testConcatenated() {
        let whole = set.subset(0..<1).concatenated(with: set.subset(1..<4))
        XCTAssertEqual(whole, set)
    }

    func testHistogram() {
        XCTAssertEqual(set.classHistogram, [2, 1, 1])
    }
}

@testable import Datasets
import Tensor
import XCTest

final class ImageSetTests: XCTestCase {
    /// Five 3×3 images whose bytes say which image they belong to.
    private let set = ImageSet(
        side: 3, pixels: (0..<5).flatMap { image in (0..<27).map { UInt8(image * 40 + $0) } },
        labels: [0, 1, 0, 1, 1], names: (0..<5).map { "\($0).jpg" }, classes: ["a", "b"], skipped: [])

    /// What `subset` returned before it shared bytes: a copy of each image's bytes.
    private func copiedSubset(_ indices: [Int]) -> ImageSet {
        ImageSet(side: 3, pixels: indices.flatMap { set.image($0).pixels }, labels: indices.map { set.labels[$0] },
                 names: indices.map { set.names[$0] }, classes: set.classes, skipped: [])
    }

    func testSubsetSharesTheBytesAndKeepsImagesLabelsAndNames() {
        let indices = [3, 0, 4]
        let part = set.subset(indices), copy = copiedSubset(indices)
        XCTAssertEqual(part.storage.count, set.storage.count, "a subset refers to its parent's bytes")
        XCTAssertEqual(part.count, 3)
        XCTAssertEqual(part.labels, [1, 0, 1])
        XCTAssertEqual(part.names, ["3.jpg", "0.jpg", "4.jpg"])
        for i in 0..<3 { XCTAssertEqual(part.image(i).pixels, copy.image(i).pixels, "image \(i)") }

        let nested = part.subset([2, 0])
        XCTAssertEqual(nested.names, ["4.jpg", "3.jpg"])
        XCTAssertEqual(nested.image(1).pixels, set.image(3).pixels)
    }

    func testBatchesOfASubsetEqualThoseOfACopy() {
        let part = set.subset([4, 1, 2]), copy = copiedSubset([4, 1, 2])
        var rngA = SeededGenerator(seed: 9), rngB = SeededGenerator(seed: 9)
        let augmentation = Augmentation()
        XCTAssertEqual(part.batch([2, 0, 1], augmentation: augmentation, rng: &rngA).scalars,
                       copy.batch([2, 0, 1], augmentation: augmentation, rng: &rngB).scalars)
    }

    /// The normalisation of section 3.6 is measured on the training photos
    /// only: a subset's statistics must not count its parent's other images.
    func testChannelStatisticsOfASubsetCountOnlyItsImages() {
        let part = set.subset([0, 1]), copy = copiedSubset([0, 1])
        let statistics = ChannelStatistics(of: part), reference = ChannelStatistics(of: copy)
        XCTAssertEqual(statistics.mean, reference.mean)
        XCTAssertEqual(statistics.std, reference.std)
        XCTAssertNotEqual(statistics.mean, ChannelStatistics(of: set).mean)
    }

    func testStoredBytesMustMatchTheImageCount() {
        // A precondition, not a thrown error: loaders build sets from their own decoding.
        XCTAssertEqual(set.count * set.bytesPerImage, set.storage.count)
    }
}

@testable import Datasets
import Tensor
import XCTest

final class AugmentationTests: XCTestCase {
    private let side = 16

    private func rampSet() -> ImageSet {
        ImageSet(side: side, pixels: ImageFixtures.ramp(width: side, height: side), labels: [0], names: ["ramp"], classes: ["a"], skipped: [])
    }

    func testNoAugmentationIsBytesOver255InCHW() {
        var rng = SeededGenerator(seed: 1)
        let out = rampSet().batch([0], augmentation: .none, rng: &rng)
        let plane = side * side
        for y in [0, 7, 15] { for x in [0, 3, 15] {
            for c in 0..<3 { XCTAssertEqual(out.scalars[c * plane + y * side + x], Float(rampSet().image(0)[x, y, c]) / 255, accuracy: 1e-6) }
        } }
    }

    func testFlipMirrorsTheRamp() {
        var flipOnly = Augmentation.none
        flipOnly.flipProbability = 1
        var rng = SeededGenerator(seed: 1)
        let plain = rampSet().batch([0], augmentation: .none, rng: &rng)
        let flipped = rampSet().batch([0], augmentation: flipOnly, rng: &rng)
        for y in 0..<side { for x in 0..<side {
            XCTAssertEqual(flipped.scalars[y * side + x], plain.scalars[y * side + (side - 1 - x)], accuracy: 1e-6)
        } }
    }

    func testCropsStayInsideTheImageWithinScaleAndRatio() {
        let augmentation = Augmentation()
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<2000 {
            let crop = augmentation.sampleCrop(side: 64, rng: &rng)
            XCTAssertGreaterThanOrEqual(crop.x, 0)
            XCTAssertGreaterThanOrEqual(crop.y, 0)
            XCTAssertLessThanOrEqual(crop.x + crop.width, 64)
            XCTAssertLessThanOrEqual(crop.y + crop.height, 64)
            let area = Double(crop.width * crop.height) / 4096
            XCTAssertGreaterThan(area, 0.70)
            let ratio = Double(crop.width) / Double(crop.height)
            XCTAssertTrue(ratio > 0.7 && ratio < 1.4, "ratio \(ratio)")
        }
    }

    func testFullAugmentationStaysInRangeAndIsReproducibleAcrossThreadCounts() {
        let set = ImageSet(side: 64, pixels: (0..<(4 * 64 * 64 * 3)).map { UInt8($0 % 251) }, labels: [0, 1, 0, 1],
                           names: ["a", "b", "c", "d"], classes: ["x", "y"], skipped: [])
        let saved = Parallelism.threads
        defer { Parallelism.threads = saved }
        Parallelism.threads = 1
        var rng1 = SeededGenerator(seed: 8)
        let one = set.batch([3, 1, 2, 0], augmentation: Augmentation(), rng: &rng1)
        Parallelism.threads = 2
        var rng2 = SeededGenerator(seed: 8)
        let two = set.batch([3, 1, 2, 0], augmentation: Augmentation(), rng: &rng2)
        XCTAssertEqual(one, two)
        XCTAssertTrue(one.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        var rng3 = SeededGenerator(seed: 9)
        XCTAssertNotEqual(one, set.batch([3, 1, 2, 0], augmentation: Augmentation(), rng: &rng3))
    }
}

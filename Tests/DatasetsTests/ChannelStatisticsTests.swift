@testable import Datasets
import Tensor
import XCTest

final class ChannelStatisticsTests: XCTestCase {
    private func photos(count: Int, side: Int, seed: UInt64, values: (inout SeededGenerator, Int) -> UInt8) -> ImageSet {
        var rng = SeededGenerator(seed: seed)
        let pixels = (0..<(count * side * side * 3)).map { values(&rng, $0) }
        return ImageSet(side: side, pixels: pixels, labels: Array(repeating: 0, count: count),
                        names: (0..<count).map { "\($0).jpg" }, classes: ["a"], skipped: [])
    }

    /// Two passes in Double over the batches the network sees (CHW Float in [0, 1]).
    private func naiveStatistics(_ set: ImageSet) -> (mean: [Double], std: [Double]) {
        var rng = SeededGenerator(seed: 0)
        let batch = set.batch(Array(0..<set.count), augmentation: .none, rng: &rng)
        let plane = set.side * set.side
        func channel(_ c: Int) -> [Double] {
            (0..<set.count).flatMap { n in (0..<plane).map { Double(batch.scalars[(n * 3 + c) * plane + $0]) } }
        }
        let values = (0..<3).map(channel)
        let means = values.map { $0.reduce(0, +) / Double($0.count) }
        let stds = zip(values, means).map { xs, m in (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count)).squareRoot() }
        return (means, stds)
    }

    func testStatisticsMatchANaiveTwoPassReference() {
        // Channels with different distributions: uniform, skewed low, nearly constant.
        let set = photos(count: 9, side: 7, seed: 1) { rng, i in
            switch i % 3 {
            case 0: UInt8(rng.integer(below: 256))
            case 1: UInt8(rng.integer(below: 16) * rng.integer(below: 16))
            default: UInt8(200 + rng.integer(below: 3))
            }
        }
        let statistics = ChannelStatistics(of: set)
        let reference = naiveStatistics(set)
        for c in 0..<3 {
            // The batches hold Float(byte) / 255, the statistics Double(byte) / 255: 1e-7 apart.
            XCTAssertEqual(statistics.mean[c], reference.mean[c], accuracy: 1e-6, "channel \(c)")
            XCTAssertEqual(statistics.std[c], reference.std[c], accuracy: 1e-6 * reference.std[c], "channel \(c)")
        }
    }

    /// Bytes 254 and 255 in equal numbers: mean 254.5/255 and std 0.5/255
    /// exactly, where E[x²] − E[x]² in Float would lose most digits.
    func testStatisticsAreExactForASmallSpreadAroundALargeMean() {
        let set = photos(count: 40, side: 32, seed: 2) { _, i in (i / 3) % 2 == 0 ? 254 : 255 }
        let statistics = ChannelStatistics(of: set)
        for c in 0..<3 {
            XCTAssertEqual(statistics.mean[c], 254.5 / 255, accuracy: 1e-15)
            XCTAssertEqual(statistics.std[c], 0.5 / 255, accuracy: 1e-15)
        }
    }

    /// (x − mean) / std per channel against a per-element reference in Double,
    /// for the flat and the 4-D layout; the training photos come out with mean
    /// 0 and standard deviation 1 per channel.
    func testNormalizationMatchesTheDefinition() {
        let set = photos(count: 5, side: 6, seed: 3) { rng, _ in UInt8(rng.integer(below: 256)) }
        let statistics = ChannelStatistics(mean: [0.25, 0.5, 0.75], std: [0.5, 0.2, 0.125])
        var rng = SeededGenerator(seed: 0)
        let batch = set.batch(Array(0..<set.count), augmentation: .none, rng: &rng)
        let normalized = statistics.normalized(batch)
        XCTAssertEqual(normalized.shape, batch.shape)
        let plane = 36
        for i in 0..<batch.count {
            let c = (i / plane) % 3
            let expected = (Double(batch.scalars[i]) - statistics.mean[c]) / statistics.std[c]
            XCTAssertEqual(Double(normalized.scalars[i]), expected, accuracy: 1e-6 * max(1, abs(expected)), "value \(i)")
        }
        var fourD = batch.reshaped([5, 3, 6, 6])
        statistics.normalize(&fourD)
        XCTAssertEqual(fourD.scalars, normalized.scalars)

        let result = ChannelStatistics(of: set).normalized(batch)
        for c in 0..<3 {
            let values = (0..<5).flatMap { n in (0..<plane).map { Double(result.scalars[(n * 3 + c) * plane + $0]) } }
            let mean = values.reduce(0, +) / Double(values.count)
            let std = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
            XCTAssertEqual(mean, 0, accuracy: 1e-6, "channel \(c)")
            XCTAssertEqual(std, 1, accuracy: 1e-6, "channel \(c)")
        }
    }
}

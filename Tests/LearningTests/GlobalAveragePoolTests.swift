import Learning
import Tensor
import XCTest

final class GlobalAveragePoolTests: XCTestCase {
    /// Each (sample, channel) plane's mean, by a loop over its positions in
    /// order: the result the layer must give bit for bit (the ResNets' saved
    /// runs were trained with this summation order).
    private func naiveMeans(_ x: Tensor<Float>) -> [Float] {
        let (planes, area) = (x.shape[0] * x.shape[1], x.shape[2] * x.shape[3])
        return (0..<planes).map { i in
            var sum: Float = 0
            for j in 0..<area { sum += x.scalars[i * area + j] }
            return sum / Float(area)
        }
    }

    func testForwardIsThePlaneMeanSummedInOrder() {
        var rng = SeededGenerator(seed: 21)
        let x = Tensor<Float>.uniform(shape: [3, 5, 7, 6], low: -2, high: 3, using: &rng)
        let y = GlobalAveragePool<Float>().forward(x, training: true)
        XCTAssertEqual(y.shape, [3, 5])
        XCTAssertEqual(y.scalars, naiveMeans(x))
        let small = Tensor<Float>(shape: [1, 2, 2, 2], scalars: [1, 2, 3, 6, -4, 0, 0, 8])
        XCTAssertEqual(GlobalAveragePool<Float>().forward(small, training: false).scalars, [3, 1])
    }

    /// L = Σ upstream ⊙ y is linear in x, so central differences give dL/dx exactly (up to rounding).
    func testBackwardMatchesFiniteDifferences() {
        var rng = SeededGenerator(seed: 22)
        let x = Tensor<Double>.uniform(shape: [2, 3, 4, 5], low: -1, high: 1, using: &rng)
        let upstream = Tensor<Double>.uniform(shape: [2, 3], low: -1, high: 1, using: &rng)
        let pool = GlobalAveragePool<Double>()
        _ = pool.forward(x, training: true)
        let dx = pool.backward(upstream, needsInputGradient: true)!
        XCTAssertEqual(dx.shape, x.shape)
        for index in stride(from: 0, to: x.count, by: 7) {
            var plus = x, minus = x
            plus.scalars[index] += 1e-5
            minus.scalars[index] -= 1e-5
            let lp = (pool.forward(plus, training: false) * upstream).sum()
            let lm = (pool.forward(minus, training: false) * upstream).sum()
            XCTAssertEqual(dx.scalars[index], (lp - lm) / 2e-5, accuracy: 1e-9, "index \(index)")
        }
        XCTAssertNil(pool.backward(upstream, needsInputGradient: false))
    }
}

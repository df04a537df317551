import Learning
import Tensor
import XCTest

final class DropoutTests: XCTestCase {
    /// On 200,000 ones the dropped share is p within 5 standard deviations of
    /// a binomial share, and every survivor is exactly 1/(1 − p).
    func testDropsAShareOfPAndScalesSurvivorsByOneOverOneMinusP() {
        for p in [0.5, 0.2] {
            let dropout = Dropout<Float>(probability: p, generator: SeededGenerator(seed: 5))
            let n = 200_000
            let y = dropout.forward(Tensor(repeating: 1, shape: [200, n / 200]), training: true)
            let dropped = y.scalars.filter { $0 == 0 }.count
            let sigma = (p * (1 - p) / Double(n)).squareRoot()
            XCTAssertEqual(Double(dropped) / Double(n), p, accuracy: 5 * sigma, "p = \(p)")
            let survivors = Set(y.scalars.filter { $0 != 0 })
            XCTAssertEqual(survivors, [Float(1 / (1 - p))], "p = \(p)")
            // Inverted dropout keeps the expected activation: the mean stays 1.
            XCTAssertEqual(Double(y.sum()) / Double(n), 1, accuracy: 5 * sigma / (1 - p), "p = \(p)")
        }
    }

    func testEvaluationIsTheIdentityAndDrawsNothing() {
        let dropout = Dropout<Double>(probability: 0.5, generator: SeededGenerator(seed: 1))
        var rng = SeededGenerator(seed: 2)
        let x = Tensor<Double>.normal(shape: [3, 7], using: &rng)
        XCTAssertEqual(dropout.forward(x, training: false), x)
        XCTAssertEqual(dropout.passes.value.scalars, [0])
        let trained = dropout.forward(x, training: true)
        XCTAssertNotEqual(trained, x)
        XCTAssertEqual(dropout.passes.value.scalars, [1])
    }

    func testZeroProbabilityIsTheIdentityForwardAndBackward() {
        let dropout = Dropout<Double>(probability: 0, generator: SeededGenerator(seed: 1))
        var rng = SeededGenerator(seed: 3)
        let x = Tensor<Double>.normal(shape: [4, 5], using: &rng)
        let g = Tensor<Double>.normal(shape: [4, 5], using: &rng)
        XCTAssertEqual(dropout.forward(x, training: true), x)
        XCTAssertEqual(dropout.backward(g, needsInputGradient: true), g)
    }

    /// L = Σ u·y with the mask held fixed (the pass counter set back before
    /// each evaluation): the back-propagated gradient matches central finite
    /// differences, is zero at dropped units and u/(1 − p) at kept ones.
    func testBackwardMatchesFiniteDifferencesWithAFixedMask() {
        let p = 0.4
        let dropout = Dropout<Double>(probability: p, generator: SeededGenerator(seed: 8))
        var rng = SeededGenerator(seed: 9)
        let x = Tensor<Double>.uniform(shape: [4, 6], low: -1, high: 1, using: &rng)
        let u = Tensor<Double>.uniform(shape: [4, 6], low: -1, high: 1, using: &rng)
        let y = dropout.forward(x, training: true)
        let dx = dropout.backward(u, needsInputGradient: true)!
        func loss(_ input: Tensor<Double>) -> Double {
            dropout.passes.value.scalars[0] = 0  // replay the first pass's mask
            return (dropout.forward(input, training: true) * u).sum()
        }
        var kept = 0
        for i in 0..<x.count {
            var plus = x, minus = x
            plus.scalars[i] += 1e-6
            minus.scalars[i] -= 1e-6
            let numeric = (loss(plus) - loss(minus)) / 2e-6
            XCTAssertEqual(dx.scalars[i], numeric, accuracy: 1e-8, "element \(i)")
            if y.scalars[i] == 0 {
                XCTAssertEqual(dx.scalars[i], 0, "element \(i) was dropped")
            } else {
                kept += 1
                XCTAssertEqual(y.scalars[i], x.scalars[i] / (1 - p), accuracy: 1e-15)
                XCTAssertEqual(dx.scalars[i], u.scalars[i] / (1 - p), accuracy: 1e-15, "element \(i) was kept")
            }
        }
        XCTAssert(kept > 0 && kept < x.count, "the mask should keep some units and drop others")
    }

    /// Masks depend only on the generator and the pass: two layers from the
    /// same generator draw the same masks, each pass draws a new one, and a
    /// layer given another's pass counter (as a checkpoint restores buffers)
    /// draws the mask the other would draw next.
    func testMasksAreReproducibleAndResumeFromThePassCounter() {
        let ones = Tensor<Float>(repeating: 1, shape: [8, 32])
        let a = Dropout<Float>(probability: 0.5, generator: SeededGenerator(seed: 4))
        let b = Dropout<Float>(probability: 0.5, generator: SeededGenerator(seed: 4))
        let first = a.forward(ones, training: true)
        XCTAssertEqual(b.forward(ones, training: true), first)
        let second = a.forward(ones, training: true)
        XCTAssertNotEqual(second, first)
        let resumed = Dropout<Float>(probability: 0.5, generator: SeededGenerator(seed: 4))
        resumed.passes.value = a.passes.value
        XCTAssertEqual(resumed.forward(ones, training: true), a.forward(ones, training: true))
        let other = Dropout<Float>(probability: 0.5, generator: SeededGenerator(seed: 5))
        XCTAssertNotEqual(other.forward(ones, training: true), first)
    }
}

import Learning
import Tensor
import XCTest

/// Every layer's backward pass against central finite differences, in Double.
final class LayerGradientTests: XCTestCase {
    private func tinyModel(_ hiddenActivation: String, rng: inout SeededGenerator) -> Sequential<Double> {
        func activation() -> any Layer<Double> { hiddenActivation == "relu" ? ReLU<Double>() : Sigmoid<Double>() }
        return Sequential(inputShape: [6], layers: [
            Dense(inputs: 6, outputs: 5, initializer: .glorot, rng: &rng), activation(),
            Dense(inputs: 5, outputs: 4, initializer: .glorot, rng: &rng), activation(),
            Dense(inputs: 4, outputs: 3, initializer: .glorot, rng: &rng),
        ])
    }

    private func assertGradientsMatch(_ model: Sequential<Double>, rng: inout SeededGenerator, file: StaticString = #filePath, line: UInt = #line) {
        let x = Tensor<Double>.uniform(shape: [4, 6], low: -1, high: 1, using: &rng)
        let labels = [0, 2, 1, 2]
        let analytic = GradientCheck.backpropGradients(model, inputs: x, labels: labels)
        for (k, p) in model.parameters.enumerated() {
            let all = Array(0..<p.value.count)
            let numeric = GradientCheck.finiteDifferences(model, parameter: p, indices: all, epsilon: 1e-6, inputs: x, labels: labels)
            for i in all {
                let a = analytic[k].scalars[i], b = numeric[i]
                XCTAssertEqual(a, b, accuracy: 1e-8 + 1e-6 * abs(a), "parameter \(k) index \(i)", file: file, line: line)
            }
        }
    }

    func testDenseReLUNetworkGradients() {
        var rng = SeededGenerator(seed: 11)
        assertGradientsMatch(tinyModel("relu", rng: &rng), rng: &rng)
    }

    func testDenseSigmoidNetworkGradients() {
        var rng = SeededGenerator(seed: 12)
        assertGradientsMatch(tinyModel("sigmoid", rng: &rng), rng: &rng)
    }

    func testInputGradientOfDenseMatchesFiniteDifferences() {
        var rng = SeededGenerator(seed: 13)
        let dense = Dense<Double>(inputs: 3, outputs: 2, initializer: .normal, rng: &rng)
        let x = Tensor<Double>.uniform(shape: [2, 3], low: -1, high: 1, using: &rng)
        let upstream = Tensor<Double>(shape: [2, 2], scalars: [0.3, -1.2, 0.7, 2.0])
        _ = dense.forward(x, training: true)
        let dx = dense.backward(upstream, needsInputGradient: true)!
        // L = sum(upstream * y) is linear in x: dL/dx = upstream · Wᵀ exactly.
        for i in 0..<2 { for j in 0..<3 {
            var plus = x, minus = x
            plus[i, j] += 1e-5
            minus[i, j] -= 1e-5
            let lp = (dense.forward(plus, training: false) * upstream).sum()
            let lm = (dense.forward(minus, training: false) * upstream).sum()
            XCTAssertEqual(dx[i, j], (lp - lm) / 2e-5, accuracy: 1e-9)
        } }
    }

    func testReLUDerivativeAtZeroIsZero() {
        let relu = ReLU<Double>()
        _ = relu.forward(Tensor(shape: [1, 3], scalars: [-1, 0, 2]), training: true)
        let g = relu.backward(Tensor(shape: [1, 3], scalars: [5, 5, 5]), needsInputGradient: true)!
        XCTAssertEqual(g.scalars, [0, 0, 5])
    }
}

import Learning
import Tensor
import XCTest

/// A layer with `option` and the same layer through the BLAS: the same
/// weights (same seed) and the same random, nonzero biases.
private func twinLayers(
    inputs: Int, outputs: Int, seed: UInt64, rng: inout SeededGenerator,
    _ option: (Int, Int, inout SeededGenerator) -> Dense<Float>
) -> (candidate: Dense<Float>, blas: Dense<Float>) {
    var seedA = SeededGenerator(seed: seed), seedB = SeededGenerator(seed: seed)
    let candidate = option(inputs, outputs, &seedA)
    let blas = Dense<Float>(inputs: inputs, outputs: outputs, initializer: .glorot, rng: &seedB)
    candidate.bias.value = Tensor.uniform(shape: [outputs], low: -1, high: 1, using: &rng)
    blas.bias.value = candidate.bias.value
    return (candidate, blas)
}

private func assertClose(_ a: Tensor<Float>, _ b: Tensor<Float>, _ what: String, line: UInt = #line) {
    XCTAssertEqual(a.shape, b.shape, what, line: line)
    for (u, v) in zip(a.scalars, b.scalars) { XCTAssertEqual(u, v, accuracy: 1e-5, what, line: line) }
}

/// A dense layer that skips its input's zeros against the same layer through
/// the BLAS, and Problem 1's network with it against finite differences.
final class DenseSparseInputTests: XCTestCase {
    /// A batch shaped like MNIST's: four in five inputs zero, one sample all zeros.
    private func pixels<Scalar: TensorScalar>(_ rows: Int, _ columns: Int, _ rng: inout SeededGenerator) -> Tensor<Scalar> {
        var x = Tensor<Scalar>(zeros: [rows, columns])
        for r in 1..<rows {
            for c in 0..<columns where rng.uniform(0, 1) < 0.2 { x[r, c] = Scalar(rng.uniform(0, 1)) }
        }
        return x
    }

    func testSkippingZerosGivesTheBLASLayersValuesAndGradients() {
        var rng = SeededGenerator(seed: 31)
        let x: Tensor<Float> = pixels(40, 130, &rng)
        let g = Tensor<Float>.uniform(shape: [40, 70], low: -1, high: 1, using: &rng)
        let (sparse, blas) = twinLayers(inputs: 130, outputs: 70, seed: 32, rng: &rng) {
            Dense(inputs: $0, outputs: $1, initializer: .glorot, rng: &$2, skipsZeroInputs: true)
        }

        let (ySparse, yBLAS) = (sparse.forward(x, training: true), blas.forward(x, training: true))
        assertClose(ySparse, yBLAS, "output")
        let inputGradient = sparse.backward(g, needsInputGradient: true)!
        assertClose(inputGradient, blas.backward(g, needsInputGradient: true)!, "input gradient")
        assertClose(sparse.weight.gradient, blas.weight.gradient, "weight gradient")
        XCTAssertEqual(sparse.bias.gradient, blas.bias.gradient)
        assertClose(sparse.forward(x, training: false), yBLAS, "evaluation output")
    }

    func testProblem1NetworkSkippingZerosMatchesFiniteDifferences() {
        var rng = SeededGenerator(seed: 33)
        let model: Sequential<Double> = MLP.make(hidden: [9, 7], initializer: .glorot, rng: &rng, inputs: 30, classes: 4)
        XCTAssertTrue((model.layers.first as? Dense<Double>)?.skipsZeroInputs == true)
        // Nonzero biases: with Glorot's zero biases the all-zero sample would
        // sit on the rectifier's kink, where finite differences disagree.
        for layer in model.layers { if let dense = layer as? Dense<Double> { dense.bias.value = .uniform(shape: [dense.outputs], low: -0.5, high: 0.5, using: &rng) } }
        let x: Tensor<Double> = pixels(6, 30, &rng)
        assertGradientsMatchFiniteDifferences(model, inputs: x, labels: [0, 3, 1, 2, 2, 1])
    }
}

/// A dense layer whose products run on the workers against the same layer
/// through BLAS's own threads, at a size where the products are split.
final class DenseProductsOnWorkersTests: XCTestCase {
    /// On one thread the side-by-side products run one after the other; on
    /// two, at once.
    func testWorkersGiveTheBLASLayersValuesAndGradients() {
        let saved = Parallelism.threads
        defer { Parallelism.threads = saved }
        for threads in [1, 2] {
            Parallelism.threads = threads
            compareWithBLASLayer()
        }
    }

    private func compareWithBLASLayer() {
        var rng = SeededGenerator(seed: 41)
        let x = Tensor<Float>.uniform(shape: [50, 120], low: -1, high: 1, using: &rng)
        let g = Tensor<Float>.uniform(shape: [50, 90], low: -1, high: 1, using: &rng)
        let (workers, blas) = twinLayers(inputs: 120, outputs: 90, seed: 42, rng: &rng) {
            Dense(inputs: $0, outputs: $1, initializer: .glorot, rng: &$2, productsOnWorkers: true)
        }

        assertClose(workers.forward(x, training: true), blas.forward(x, training: true), "output")
        assertClose(workers.backward(g, needsInputGradient: true)!, blas.backward(g, needsInputGradient: true)!, "input gradient")
        assertClose(workers.weight.gradient, blas.weight.gradient, "weight gradient")
        XCTAssertEqual(workers.bias.gradient, blas.bias.gradient)
        // Without the input gradient, the weight gradient alone is computed.
        workers.weight.gradient = Tensor(zeros: [120, 90])
        XCTAssertNil(workers.backward(g, needsInputGradient: false))
        assertClose(workers.weight.gradient, blas.weight.gradient, "weight gradient alone")
    }

    func testProblem1NetworkRunsItsProductsOnTheWorkers() {
        var rng = SeededGenerator(seed: 43)
        let model: Sequential<Float> = MLP.make(hidden: [9], initializer: .glorot, rng: &rng, inputs: 30, classes: 4)
        XCTAssertEqual(model.layers.compactMap { ($0 as? Dense<Float>)?.productsOnWorkers }, [true, true])
    }
}

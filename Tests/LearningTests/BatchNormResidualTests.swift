import Learning
import Tensor
import XCTest

/// BatchNorm and the residual block against central finite differences, in Double.
final class BatchNormResidualTests: XCTestCase {
    func testBatchNormGradients() {
        var rng = SeededGenerator(seed: 21)
        let model = Sequential<Double>(inputShape: [5], layers: [
            Dense(inputs: 5, outputs: 4, initializer: .glorot, rng: &rng), BatchNorm(channels: 4), ReLU(),
            Dense(inputs: 4, outputs: 3, initializer: .glorot, rng: &rng),
        ])
        // Non-trivial scale and shift, so their gradients are exercised away from 1 and 0.
        model.layers[1].parameters[0].value = Tensor(shape: [4], scalars: [1.5, 0.7, -0.4, 1.1])
        model.layers[1].parameters[1].value = Tensor(shape: [4], scalars: [0.1, -0.3, 0.2, 0.5])
        let x = Tensor<Double>.uniform(shape: [6, 5], low: -1, high: 1, using: &rng)
        assertGradientsMatchFiniteDifferences(model, inputs: x, labels: [0, 1, 2, 1, 0, 2])
    }

    func testResidualBlockGradients() {
        var rng = SeededGenerator(seed: 22)
        let block = ResidualBlock<Double>(body: [
            Dense(inputs: 4, outputs: 4, initializer: .glorot, rng: &rng), BatchNorm(channels: 4), ReLU(),
            Dense(inputs: 4, outputs: 4, initializer: .glorot, rng: &rng),
        ])
        let model = Sequential<Double>(inputShape: [4], layers: [
            block, Dense(inputs: 4, outputs: 2, initializer: .glorot, rng: &rng),
        ])
        let x = Tensor<Double>.uniform(shape: [5, 4], low: -1, high: 1, using: &rng)
        assertGradientsMatchFiniteDifferences(model, inputs: x, labels: [0, 1, 1, 0, 1])
    }

    /// A block whose body ends in a BatchNorm (ResNet's conv-BN-ReLU-conv-BN)
    /// normalises, adds the shortcut and rectifies in one pass.
    func testResidualBlockEndingInBatchNormGradients() {
        var rng = SeededGenerator(seed: 25)
        let block = ResidualBlock<Double>(
            body: [
                Dense(inputs: 4, outputs: 4, initializer: .glorot, rng: &rng), BatchNorm(channels: 4, relu: true),
                Dense(inputs: 4, outputs: 4, initializer: .glorot, rng: &rng), BatchNorm(channels: 4),
            ],
            shortcut: [Dense(inputs: 4, outputs: 4, initializer: .glorot, rng: &rng), BatchNorm(channels: 4)])
        let model = Sequential<Double>(inputShape: [4], layers: [
            block, Dense(inputs: 4, outputs: 2, initializer: .glorot, rng: &rng),
        ])
        let x = Tensor<Double>.uniform(shape: [6, 4], low: -1, high: 1, using: &rng)
        assertGradientsMatchFiniteDifferences(model, inputs: x, labels: [0, 1, 1, 0, 1, 0])
    }

    /// The fused pass gives the block's output bit for bit as the BatchNorm's
    /// output plus the shortcut, rectified: with the identity shortcut and a
    /// projection, on one thread and split between the workers.
    func testBatchNormSumAndReLUInOnePassMatchSeparatePasses() {
        var rng = SeededGenerator(seed: 26)
        let x = Tensor<Float>.uniform(shape: [40, 3, 33, 33], low: -2, high: 3, using: &rng)
        for projected in [false, true] {
            let last = BatchNorm<Float>(channels: 3), projection = BatchNorm<Float>(channels: 3)
            last.shift.value = Tensor(shape: [3], scalars: [0.3, -0.2, 0])
            last.scale.value = Tensor(shape: [3], scalars: [1.5, 0.7, -1])
            projection.shift.value = Tensor(shape: [3], scalars: [-0.1, 0.4, 0.2])
            let block = ResidualBlock<Float>(body: [last], shortcut: projected ? [projection] : [])
            let fused = block.forward(x, training: true)
            var expected = last.forward(x, training: true)
            expected.addRectifying(projected ? projection.forward(x, training: true) : x)
            XCTAssertEqual(fused.scalars.map(\.bitPattern), expected.scalars.map(\.bitPattern), "projected: \(projected)")
            XCTAssertTrue(fused.scalars.contains(0) && fused.scalars.contains { $0 > 0 })
        }
    }

    func testTrainingNormalisesAndEvaluationUsesRunningStatistics() {
        let bn = BatchNorm<Double>(channels: 1, momentum: 1)
        let x = Tensor<Double>(shape: [4, 1, 1, 1], scalars: [1, 2, 3, 4])
        let y = bn.forward(x, training: true)
        XCTAssertEqual(y.scalars.reduce(0, +), 0, accuracy: 1e-12)
        XCTAssertEqual(y.scalars.map { $0 * $0 }.reduce(0, +) / 4, 1, accuracy: 1e-4)
        XCTAssertEqual(bn.runningMean.value.scalars, [2.5])
        XCTAssertEqual(bn.runningVariance.value.scalars[0], 5.0 / 3, accuracy: 1e-12, "unbiased variance")
        let z = bn.forward(Tensor(shape: [1, 1, 1, 1], scalars: [2.5]), training: false)
        XCTAssertEqual(z.scalars[0], 0, accuracy: 1e-12)
    }

    /// Channels are split between threads, each summed in the single-thread
    /// order: one thread or two give bit-identical outputs and gradients.
    func testBatchNormIsIdenticalOnOneAndTwoThreads() {
        func run(threads: Int) -> [[Float]] {
            let saved = Parallelism.threads
            Parallelism.threads = threads
            defer { Parallelism.threads = saved }
            var rng = SeededGenerator(seed: 21)
            let layer = BatchNorm<Float>(channels: 7)
            let x = Tensor<Float>.uniform(shape: [5, 7, 9, 9], low: -2, high: 3, using: &rng)
            let dy = Tensor<Float>.uniform(shape: [5, 7, 9, 9], low: -1, high: 1, using: &rng)
            let y = layer.forward(x, training: true)
            let dx = layer.backward(dy, needsInputGradient: true)!
            return [y.scalars, dx.scalars, layer.scale.gradient.scalars, layer.shift.gradient.scalars,
                    layer.runningMean.value.scalars, layer.runningVariance.value.scalars]
        }
        XCTAssertEqual(run(threads: 1), run(threads: 2))
    }

    /// Planes of 15 elements (one eight-wide block and a tail of seven), with
    /// the rectifier fused and a scale and shift that cut part of the output.
    func testConvolutionalBatchNormWithFusedReLUGradients() {
        var rng = SeededGenerator(seed: 23)
        let norm = BatchNorm<Double>(channels: 2, relu: true)
        norm.scale.value = Tensor(shape: [2], scalars: [1.3, -0.6])
        norm.shift.value = Tensor(shape: [2], scalars: [0.2, -0.1])
        let model = Sequential<Double>(inputShape: [1, 3, 5], layers: [
            Conv2D(inputChannels: 1, outputChannels: 2, kernelSize: 3, padding: 1, rng: &rng), norm,
            Flatten(), Dense(inputs: 30, outputs: 3, initializer: .glorot, rng: &rng),
        ])
        let x = Tensor<Double>.uniform(shape: [4, 15], low: -1, high: 1, using: &rng)
        assertGradientsMatchFiniteDifferences(model, inputs: x, labels: [0, 1, 2, 1])
    }

    /// The fused layer is the layer followed by ReLU, bit for bit, forward and backward.
    func testFusedReLUMatchesASeparateReLU() {
        func run(fused: Bool) -> [[Float]] {
            var rng = SeededGenerator(seed: 24)
            let norm = BatchNorm<Float>(channels: 3, relu: fused)
            norm.shift.value = Tensor(shape: [3], scalars: [0.3, -0.2, 0])
            let relu = ReLU<Float>()
            let x = Tensor<Float>.uniform(shape: [4, 3, 6, 7], low: -2, high: 3, using: &rng)
            let dy = Tensor<Float>.uniform(shape: [4, 3, 6, 7], low: -1, high: 1, using: &rng)
            var y = norm.forward(x, training: true)
            if !fused { y = relu.forward(y, training: true) }
            let g = fused ? dy : relu.backward(dy, needsInputGradient: true)!
            let dx = norm.backward(g, needsInputGradient: true)!
            return [y.scalars, dx.scalars, norm.scale.gradient.scalars, norm.shift.gradient.scalars]
        }
        XCTAssertEqual(run(fused: true), run(fused: false))
    }

    /// Float statistics and output against plain Double loops over each channel.
    func testFloatStatisticsMatchNaiveDoubleLoops() {
        var rng = SeededGenerator(seed: 25)
        let (n, c, hw) = (6, 4, 37)
        let x = Tensor<Float>.uniform(shape: [n, c, hw, 1], low: -3, high: 5, using: &rng)
        let norm = BatchNorm<Float>(channels: c, momentum: 1)
        let y = norm.forward(x, training: true)
        for channel in 0..<c {
            let values = (0..<n).flatMap { s in (0..<hw).map { Double(x.scalars[(s * c + channel) * hw + $0]) } }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
            XCTAssertEqual(Double(norm.runningMean.value.scalars[channel]), mean, accuracy: 1e-5)
            let unbiased = variance * Double(values.count) / Double(values.count - 1)
            XCTAssertEqual(Double(norm.runningVariance.value.scalars[channel]), unbiased, accuracy: 1e-4)
            let first = (0 * c + channel) * hw
            XCTAssertEqual(Double(y.scalars[first]), (values[0] - mean) / (variance + 1e-5).squareRoot(), accuracy: 1e-4)
        }
    }
}

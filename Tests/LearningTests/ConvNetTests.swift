import Learning
import Tensor
import XCTest

/// Finite-difference checks, model factories, determinism and a short training run for conv nets.
final class ConvNetTests: XCTestCase {
    private func assertGradientCheck(
        _ model: Sequential<Double>, batch: Int, classes: Int, seed: UInt64,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        var rng = SeededGenerator(seed: seed)
        let x = Tensor<Double>.uniform(shape: [batch, model.inputShape.reduce(1, *)], low: -1, high: 1, using: &rng)
        let labels = (0..<batch).map { $0 % classes }
        let errors = GradientCheck.relativeErrors(model, inputs: x, labels: labels, epsilon: 1e-6, samplesPerParameter: 12, rng: &rng)
        XCTAssertEqual(errors.count, model.parameters.count, file: file, line: line)
        for (name, error) in errors {
            XCTAssertLessThanOrEqual(error, 1e-6, "parameter \(name)", file: file, line: line)
        }
    }

    func testConvolutionWithPaddingAndStrideGradientCheck() {
        var rng = SeededGenerator(seed: 41)
        for algorithm in [Conv2D<Double>.Algorithm.im2col, .winograd2x2, .winograd4x4] {
            let model = Sequential<Double>(inputShape: [2, 7, 6], layers: [
                Conv2D(inputChannels: 2, outputChannels: 3, kernelSize: 3, padding: 1, algorithm: algorithm, rng: &rng),
                ReLU(),
                Conv2D(inputChannels: 3, outputChannels: 4, kernelSize: 3, stride: 2, padding: 1, rng: &rng),
                Flatten(),
                Dense(inputs: 4 * 4 * 3, outputs: 3, initializer: .glorot, rng: &rng),
            ])
            assertGradientCheck(model, batch: 3, classes: 3, seed: 42)
        }
    }

    func testMaxPoolGradientCheck() {
        var rng = SeededGenerator(seed: 43)
        let model = Sequential<Double>(inputShape: [2, 6, 6], layers: [
            Conv2D(inputChannels: 2, outputChannels: 3, kernelSize: 3, padding: 1, rng: &rng),
            MaxPool2D(size: 2),
            Conv2D(inputChannels: 3, outputChannels: 2, kernelSize: 1, rng: &rng),
            MaxPool2D(size: 3, stride: 1),
            Flatten(),
            Dense(inputs: 2, outputs: 2, initializer: .glorot, rng: &rng),
        ])
        assertGradientCheck(model, batch: 4, classes: 2, seed: 44)
    }

    /// A SmallVGG-shaped network (two conv blocks, pooling, MLP head) shrunk to run in a debug build.
    func testTinySmallVGGLikeNetworkGradientCheck() {
        var rng = SeededGenerator(seed: 45)
        let model = Sequential<Double>(inputShape: [1, 6, 6], layers: [
            Conv2D(inputChannels: 1, outputChannels: 4, kernelSize: 3, padding: 2, rng: &rng), ReLU(),
            Conv2D(inputChannels: 4, outputChannels: 8, kernelSize: 3, padding: 1, algorithm: .winograd2x2, rng: &rng), ReLU(),
            MaxPool2D(size: 2),
            Conv2D(inputChannels: 8, outputChannels: 8, kernelSize: 3, padding: 1, rng: &rng), ReLU(),
            MaxPool2D(size: 2),
            Flatten(),
            Dense(inputs: 32, outputs: 10, initializer: .glorot, rng: &rng), ReLU(),
            Dense(inputs: 10, outputs: 3, initializer: .glorot, rng: &rng),
        ])
        assertGradientCheck(model, batch: 3, classes: 3, seed: 46)
    }

    /// The real SmallVGGNet (padding 3 and 1, three pools, dense head), in Double,
    /// on two digits: a few sampled weights of every parameter tensor.
    func testWholeSmallVGGNetGradientCheck() {
        var rng = SeededGenerator(seed: 47)
        let model: Sequential<Double> = SmallVGGNet.make(rng: &rng)
        // Biases start at zero, and with padding 3 the border of the first
        // feature maps is bias alone: exactly on the ReLU's kink, where a finite
        // difference sees half the slope. Random biases move every unit off it.
        for p in model.parameters where p.name == "bias" {
            p.value = Tensor<Double>.uniform(shape: p.value.shape, low: 0.05, high: 0.2, using: &rng)
        }
        let x = Tensor<Double>.uniform(shape: [2, 784], low: 0, high: 1, using: &rng)
        let errors = GradientCheck.relativeErrors(model, inputs: x, labels: [3, 7], epsilon: 1e-6, samplesPerParameter: 3, rng: &rng)
        XCTAssertEqual(errors.count, 18)
        for (name, error) in errors {
            XCTAssertLessThanOrEqual(error, 1e-6, "parameter \(name)")
        }
    }

    /// A convolution with its ReLU fused gives exactly what the convolution
    /// followed by a ReLU layer gives, forward and backward, on both algorithms.
    func testFusedReLUMatchesASeparateLayer() {
        // 33×33 planes make im2col take one sample per group, 12×12 several.
        let cases: [(Conv2D<Float>.Algorithm, Int)] = [(.im2col, 12), (.im2col, 33), (.winograd4x4, 12), (.winograd2x2, 12)]
        for (algorithm, side) in cases {
            var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
            let fused = Conv2D<Float>(inputChannels: 8, outputChannels: 6, kernelSize: 3, padding: 1, algorithm: algorithm, relu: true, rng: &a)
            let plain = Conv2D<Float>(inputChannels: 8, outputChannels: 6, kernelSize: 3, padding: 1, algorithm: algorithm, rng: &b)
            let relu = ReLU<Float>()
            var rng = SeededGenerator(seed: 10)
            let x = Tensor<Float>.uniform(shape: [3, 8, side, side], low: -1, high: 1, using: &rng)
            let dy = Tensor<Float>.uniform(shape: [3, 6, side, side], low: -1, high: 1, using: &rng)
            let y = fused.forward(x, training: true)
            XCTAssertEqual(y.scalars, relu.forward(plain.forward(x, training: true), training: true).scalars, "\(algorithm)")
            XCTAssertTrue(y.scalars.contains(0) && y.scalars.contains { $0 > 0 })
            let dx = fused.backward(dy, needsInputGradient: true)!
            let dxPlain = plain.backward(relu.backward(dy, needsInputGradient: true)!, needsInputGradient: true)!
            XCTAssertEqual(dx.scalars, dxPlain.scalars, "\(algorithm)")
            XCTAssertEqual(fused.weight.gradient.scalars, plain.weight.gradient.scalars, "\(algorithm)")
            XCTAssertEqual(fused.bias.gradient.scalars, plain.bias.gradient.scalars, "\(algorithm)")
            // The pre-activation is the plain convolution.
            XCTAssertEqual(fused.preActivation(x).scalars, plain.forward(x, training: false).scalars)
        }
    }

    func testSmallVGGNetParametersAndShapes() {
        var rng = SeededGenerator(seed: 0)
        let model: Sequential<Float> = SmallVGGNet.make(rng: &rng)
        XCTAssertEqual(model.parameterCount, 839_802)
        let summary = model.summary()
        // Each convolution carries its ReLU.
        XCTAssertEqual(summary.map(\.outputShape), [
            [16, 32, 32], [16, 32, 32], [16, 16, 16],
            [32, 16, 16], [32, 16, 16], [32, 8, 8],
            [64, 8, 8], [64, 8, 8], [64, 4, 4],
            [1024], [500], [500], [500], [500], [10],
        ])
        XCTAssertEqual(summary.first?.layer, "Conv 1→16 3×3 pad 3 + ReLU")
        XCTAssertEqual(summary[3].layer, "Conv 16→32 3×3 pad 1 + ReLU")
        XCTAssertEqual(summary.map(\.parameters).reduce(0, +), 839_802)
        let logits = model.forward(Tensor(zeros: [2, 784]), training: false)
        XCTAssertEqual(logits.shape, [2, 10])
    }

    func testCatDogVGGParametersAndShapes() {
        var rng = SeededGenerator(seed: 0)
        let model: Sequential<Float> = CatDogVGG.make(rng: &rng)
        let summary = model.summary()
        XCTAssertEqual(model.parameterCount, 5_884_162)
        XCTAssertEqual(summary.filter { $0.layer.hasPrefix("Conv") }.map(\.outputShape), [
            [32, 64, 64], [64, 32, 32], [64, 32, 32], [128, 16, 16], [128, 16, 16], [256, 8, 8], [256, 8, 8],
        ])
        XCTAssertEqual(summary.filter { $0.layer.hasPrefix("MaxPool") }.count, 4)
        XCTAssertEqual(summary.first { $0.layer == "Flatten" }?.outputShape, [4096])
        XCTAssertEqual(summary.last?.outputShape, [2])
    }

    /// Bars: class 0 has a bright vertical bar, class 1 a horizontal one, at random places, plus noise.
    private func bars(_ n: Int, size: Int, rng: inout SeededGenerator) -> InMemoryExamples<Float> {
        var xs: [Float] = [], ys: [Int] = []
        for i in 0..<n {
            let label = i % 2
            let at = rng.integer(below: size)
            for y in 0..<size { for x in 0..<size {
                let on = label == 0 ? x == at : y == at
                xs.append((on ? 1 : 0) + Float(rng.uniform(-0.2, 0.2)))
            } }
            ys.append(label)
        }
        return InMemoryExamples(inputs: Tensor(shape: [n, size * size], scalars: xs), labels: ys)
    }

    private func tinyConvNet(rng: inout SeededGenerator) -> Sequential<Float> {
        Sequential(inputShape: [1, 8, 8], layers: [
            Conv2D(inputChannels: 1, outputChannels: 4, kernelSize: 3, padding: 1, rng: &rng), ReLU(),
            Conv2D(inputChannels: 4, outputChannels: 8, kernelSize: 3, padding: 1, algorithm: .winograd4x4, rng: &rng), ReLU(),
            MaxPool2D(size: 2),
            Flatten(),
            Dense(inputs: 128, outputs: 2, initializer: .glorot, rng: &rng),
        ])
    }

    private func trainTiny(seed: UInt64, epochs: Int, threads: Int? = nil) throws -> (Sequential<Float>, Evaluation) {
        var rng = SeededGenerator(seed: seed)
        let data = bars(200, size: 8, rng: &rng)
        let model = tinyConvNet(rng: &rng)
        for layer in model.layers {
            (layer as? Conv2D<Float>)?.threads = threads
            (layer as? MaxPool2D<Float>)?.threads = threads
        }
        let trainer = Trainer(model: model, optimizer: SGD(learningRate: 0.1, momentum: 0.9))
        try trainer.fit(data, batchSize: 20, epochs: epochs, rng: &rng) { _ in }
        return (model, evaluate(model, on: data))
    }

    func testTinyConvNetLearnsBars() throws {
        let (_, result) = try trainTiny(seed: 7, epochs: 6)
        XCTAssertGreaterThan(result.accuracy, 0.95)
    }

    func testSameSeedGivesIdenticalWeights() throws {
        let (a, ea) = try trainTiny(seed: 8, epochs: 1, threads: 2)
        let (b, eb) = try trainTiny(seed: 8, epochs: 1, threads: 2)
        XCTAssertEqual(a.parameters.map(\.value), b.parameters.map(\.value))
        XCTAssertEqual(ea, eb)
        // Gradients are summed per fixed slice of the batch, so the thread count does not matter either.
        let (c, ec) = try trainTiny(seed: 8, epochs: 1, threads: 1)
        XCTAssertEqual(a.parameters.map(\.value), c.parameters.map(\.value))
        XCTAssertEqual(ea, ec)
    }
}

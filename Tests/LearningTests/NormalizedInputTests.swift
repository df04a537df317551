import Learning
import Tensor
import XCTest

/// A BatchNorm followed by a Winograd convolution leaves its map to the
/// convolution, which applies it to each plane as it copies it. These tests
/// hold that path to the layers run one by one, bit for bit, and to finite
/// differences.
final class NormalizedInputTests: XCTestCase {
    /// The map applied by a plain loop, independently of `ChannelNormalization.apply`.
    private func naivelyNormalized<Scalar: TensorScalar>(
        _ x: Tensor<Scalar>, _ map: ChannelNormalization<Scalar>
    ) -> Tensor<Scalar> {
        let channels = x.shape[1], plane = x.shape[2] * x.shape[3]
        var y = x
        for i in 0..<x.count {
            let c = (i / plane) % channels
            let value = map.scale[c] * ((x.scalars[i] - map.mean[c]) * map.inverseStd[c]) + map.shift[c]
            y.scalars[i] = map.rectifies ? (value > 0 ? value : 0) : value
        }
        return y
    }

    private func map<Scalar: TensorScalar>(channels: Int, rectifies: Bool, _ rng: inout SeededGenerator) -> ChannelNormalization<Scalar> {
        func values(_ low: Double, _ high: Double) -> [Scalar] { (0..<channels).map { _ in Scalar(rng.uniform(low, high)) } }
        return ChannelNormalization(
            mean: values(-0.5, 0.5), inverseStd: values(0.5, 2), scale: values(-1.5, 1.5), shift: values(-0.5, 0.5),
            rectifies: rectifies)
    }

    /// Output, input gradient and parameter gradients of `conv` on `input`
    /// (through `normalization` when given), then those of a copy of `conv`
    /// on `reference` (the input the map produces, computed apart).
    private func convolutionResults<Scalar: TensorScalar>(
        algorithm: Conv2D<Scalar>.Algorithm, relu: Bool, input: Tensor<Scalar>,
        normalization: ChannelNormalization<Scalar>?, threads: Int
    ) -> [[Scalar]] {
        var rng = SeededGenerator(seed: 41)
        let conv = Conv2D<Scalar>(
            inputChannels: input.shape[1], outputChannels: 5, kernelSize: 3, padding: 1, algorithm: algorithm,
            relu: relu, rng: &rng)
        conv.threads = threads
        conv.bias.value = Tensor.uniform(shape: [5], low: -0.2, high: 0.2, using: &rng)
        let y = conv.forward(input, training: true, recordingPlaneMoments: false, normalizedBy: normalization).output
        let dy = Tensor<Scalar>.uniform(shape: y.shape, low: -1, high: 1, using: &rng)
        let dx = conv.backward(dy, needsInputGradient: true)!
        return [y.scalars, dx.scalars, conv.weight.gradient.scalars, conv.bias.gradient.scalars]
    }

    private func assertConvolutionTakesTheMap<Scalar: TensorScalar>(_: Scalar.Type, file: StaticString = #filePath, line: UInt = #line) {
        var rng = SeededGenerator(seed: 40)
        // 13×11: partial tiles on both axes for F(2×2) and F(4×4).
        let x = Tensor<Scalar>.uniform(shape: [6, 4, 13, 11], low: -2, high: 2, using: &rng)
        for algorithm in [Conv2D<Scalar>.Algorithm.winograd2x2, .winograd4x4] {
            for rectifies in [false, true] {
                let map: ChannelNormalization<Scalar> = map(channels: 4, rectifies: rectifies, &rng)
                let normalized = naivelyNormalized(x, map)
                if rectifies { XCTAssertTrue(normalized.scalars.contains(0), file: file, line: line) }
                for threads in [1, 2] {
                    let fused = convolutionResults(algorithm: algorithm, relu: rectifies, input: x, normalization: map, threads: threads)
                    let separate = convolutionResults(
                        algorithm: algorithm, relu: rectifies, input: normalized, normalization: nil, threads: threads)
                    XCTAssertEqual(fused, separate, "\(algorithm), rectifying map \(rectifies), \(threads) threads", file: file, line: line)
                }
            }
        }
    }

    func testWinogradConvolutionAppliesTheMapAsTheSeparatePassDoesInFloat() {
        assertConvolutionTakesTheMap(Float.self)
    }

    func testWinogradConvolutionAppliesTheMapAsTheSeparatePassDoesInDouble() {
        assertConvolutionTakesTheMap(Double.self)
    }

    func testOnlyWinogradConvolutionsTakeTheMap() {
        var rng = SeededGenerator(seed: 42)
        let winograd = Conv2D<Float>(inputChannels: 4, outputChannels: 4, kernelSize: 3, padding: 1, algorithm: .winograd4x4, rng: &rng)
        let im2col = Conv2D<Float>(inputChannels: 4, outputChannels: 4, kernelSize: 3, padding: 1, algorithm: .im2col, rng: &rng)
        let strided = Conv2D<Float>(inputChannels: 4, outputChannels: 4, kernelSize: 3, stride: 2, padding: 1, rng: &rng)
        XCTAssertTrue(winograd.takesNormalizedInput([2, 4, 8, 8]))
        XCTAssertFalse(winograd.takesNormalizedInput([2, 3, 8, 8]), "other channel count")
        XCTAssertFalse(im2col.takesNormalizedInput([2, 4, 8, 8]))
        XCTAssertFalse(strided.takesNormalizedInput([2, 4, 8, 8]))
    }

    /// conv → BN + ReLU → conv → BN, as a ResNet block's body: a Sequential
    /// (which fuses) against the same layers run one by one, in training and
    /// then in evaluation, with a Winograd or an im2col second convolution.
    func testChainGivesTheValuesOfTheLayersRunOneByOne() {
        func layers(_ second: Conv2D<Float>.Algorithm) -> [any Layer<Float>] {
            var rng = SeededGenerator(seed: 43)
            let first = BatchNorm<Float>(channels: 6, relu: true)
            first.scale.value = Tensor.uniform(shape: [6], low: 0.5, high: 1.5, using: &rng)
            first.shift.value = Tensor.uniform(shape: [6], low: -0.3, high: 0.3, using: &rng)
            return [
                Conv2D(inputChannels: 3, outputChannels: 6, kernelSize: 3, padding: 1, rng: &rng), first,
                Conv2D(inputChannels: 6, outputChannels: 6, kernelSize: 3, padding: 1, algorithm: second, rng: &rng),
                BatchNorm(channels: 6),
            ]
        }
        var rng = SeededGenerator(seed: 44)
        let x = Tensor<Float>.uniform(shape: [5, 3, 10, 9], low: -1, high: 1, using: &rng)
        let dy = Tensor<Float>.uniform(shape: [5, 6, 10, 9], low: -1, high: 1, using: &rng)
        for second in [Conv2D<Float>.Algorithm.winograd4x4, .winograd2x2, .im2col] {
            let chained = layers(second), alone = layers(second)
            let model = Sequential<Float>(inputShape: [3, 10, 9], layers: chained)
            var outputs = [model.forward(x, training: true).scalars], expected = [run(alone, x, training: true).scalars]
            model.backward(dy)
            var g = dy
            for (i, layer) in alone.enumerated().reversed() {
                guard let next = layer.backward(g, needsInputGradient: i > 0) else { break }
                g = next
            }
            outputs.append(model.forward(x, training: false).scalars)
            expected.append(run(alone, x, training: false).scalars)
            for (a, b) in zip(chained, alone) {
                outputs += (a.parameters + a.buffers).flatMap { [$0.value.scalars, $0.gradient.scalars] }
                expected += (b.parameters + b.buffers).flatMap { [$0.value.scalars, $0.gradient.scalars] }
            }
            XCTAssertEqual(outputs, expected, "second convolution \(second)")
        }
    }

    private func run(_ layers: [any Layer<Float>], _ x: Tensor<Float>, training: Bool) -> Tensor<Float> {
        layers.reduce(x) { $1.forward($0, training: training) }
    }

    /// The fused path against central finite differences, in Double.
    func testChainGradientsMatchFiniteDifferences() {
        var rng = SeededGenerator(seed: 45)
        let norm = BatchNorm<Double>(channels: 4, relu: true)
        norm.scale.value = Tensor(shape: [4], scalars: [1.3, -0.6, 0.9, 1.1])
        norm.shift.value = Tensor(shape: [4], scalars: [0.2, -0.1, 0.3, 0])
        let model = Sequential<Double>(inputShape: [2, 5, 6], layers: [
            Conv2D(inputChannels: 2, outputChannels: 4, kernelSize: 3, padding: 1, rng: &rng), norm,
            Conv2D(inputChannels: 4, outputChannels: 3, kernelSize: 3, padding: 1, algorithm: .winograd4x4, rng: &rng),
            Flatten(), Dense(inputs: 90, outputs: 3, initializer: .glorot, rng: &rng),
        ])
        let x = Tensor<Double>.uniform(shape: [4, 60], low: -1, high: 1, using: &rng)
        assertGradientsMatchFiniteDifferences(model, inputs: x, labels: [0, 1, 2, 1])
    }
}

import Learning
import Tensor
import XCTest

/// Problem 1's MLP and SmallVGGNet, built with our own layers and trained for 10
/// SGD steps from the start PyTorch started from, follow PyTorch's float32
/// trajectory (TorchTrajectoryFixtures.swift): the 10 losses, every gradient
/// at step 1 and, for the MLP, at step 10 and where the weights end.
///
/// Tolerances (`TorchTrajectory.tolerances`): 1e-5 relative for a loss, 1e-4
/// for gradients and sums of squares (an entry or a sum relative to its
/// tensor's root mean square, see `Tolerances`). Float32 rounding is 6e-8; a
/// sum of K terms in another order differs by about √K of it, and K here goes
/// up to 1024 in a dense layer's dot products and to n·h·w = 16,384 in a
/// convolution's weight gradient (√K·6e-8 ≈ 8e-6); Winograd's transforms lose
/// a few bits more than a direct convolution. PyTorch's float32 trajectory
/// itself differs from its float64 one by up to 2e-7 in a loss and 1.4e-5 in a
/// gradient. A real bug (a sign, a layout, a scale) moves the first loss or
/// gradient by 1e-2 or more.
///
/// Why not SmallVGGNet's gradients at step 10: in float32 nobody reproduces
/// them, PyTorch included (at learning rate 0.1, one thread against two
/// changes their sums of squares by 100 %; at the 0.01 used here, a start
/// moved by a relative 1e-6 moves entries by a quarter of their root mean
/// square): somewhere in 10 steps a ReLU input or a pooling window's runner-up
/// sits within rounding of the deciding value, correct implementations take
/// different sides, and the gradients part. The script records only what
/// survives that.
final class TorchTrajectoryTests: XCTestCase {
    private let tolerances = TorchTrajectory.tolerances

    func testMLPFollowsPyTorch() {
        var rng = SeededGenerator(seed: 0)  // the weights it draws are all overwritten
        let sizes = [784, 666, 666, 10]
        var layers: [any Layer<Float>] = []
        for (i, (inputs, outputs)) in zip(sizes, sizes.dropFirst()).enumerated() {
            layers.append(Dense<Float>(inputs: inputs, outputs: outputs, initializer: .zero, rng: &rng))
            if i < sizes.count - 2 { layers.append(ReLU<Float>()) }
        }
        assertFollows(TorchTrajectory.mlp, Sequential(inputShape: [784], layers: layers), "MLP")
    }

    /// As it trains by default: the automatic choice runs im2col for the first
    /// convolution and Winograd F(4×4, 3×3) or F(2×2, 3×3) for the others.
    /// Three steps, not ten: in a debug build Winograd's SIMD code runs
    /// unspecialised, about 2 s a step. Step 1's gradients cover its forward and
    /// backward passes, the next two losses that updated weights reach its
    /// transformed weights.
    func testSmallVGGNetFollowsPyTorchForThreeStepsWithWinograd() {
        var rng = SeededGenerator(seed: 0)
        let model: Sequential<Float> = SmallVGGNet.make(rng: &rng)
        XCTAssertEqual(Set(Self.convolutionAlgorithms(model)), [.im2col, .winograd4x4, .winograd2x2])
        assertFollows(TorchTrajectory.smallVGGNet, model, "SmallVGGNet", steps: 3)
    }

    func testSmallVGGNetFollowsPyTorchForTenStepsWithIm2Col() {
        var rng = SeededGenerator(seed: 0)
        let model: Sequential<Float> = SmallVGGNet.make(rng: &rng)
        for case let convolution as Conv2D<Float> in model.layers { convolution.algorithm = .im2col }
        assertFollows(TorchTrajectory.smallVGGNet, model, "SmallVGGNet (im2col)")
    }

    /// The hash formula gives what the script's numpy code gives (values that
    /// code computed), so that a broken formula is not taken for a training bug.
    func testHashedValuesMatchTheScript() {
        XCTAssertEqual(HashedValues.splitmix64(0), 0xE220_A839_7B1D_CDAF)  // splitmix64's published first output
        XCTAssertEqual(HashedValues.splitmix64(7 << 32 | 123_456), 0x2832_1B1B_EECA_6AC5)
        XCTAssertEqual(HashedValues.unit(stream: 1000, index: 2), 0.8679158687591553)
        XCTAssertEqual(HashedValues.centred(stream: 17, index: 599_999), -0.5570057034492493)
    }

    // MARK: - Running and comparing

    private func assertFollows(
        _ reference: TorchTrajectory, _ model: Sequential<Float>, _ network: String, steps: Int? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let layouts = ParameterLayout.of(model)
        guard start(model, like: reference, layouts: layouts, network, file: file, line: line) else { return }
        let initial = model.parameters.map(\.value)
        let trainer = Trainer(model: model, optimizer: SGD(learningRate: reference.learningRate))
        let batch = TorchTrajectory.batch()
        let steps = steps ?? reference.steps
        for step in 1...steps {
            let loss = trainer.step(batch)
            let mean = loss.totalLoss / Double(batch.labels.count)
            let expected = Double(reference.losses[step - 1])
            assertClose(
                mean, expected, within: tolerances.loss * abs(expected),
                "\(network) loss before update \(step): \(mean), PyTorch \(expected)", file: file, line: line)
            for recorded in reference.gradients where recorded.step == step {
                assertGradients(model, recorded, layouts: layouts, "\(network) step \(step)", file: file, line: line)
            }
        }
        if steps == reference.steps {
            assertDisplacements(model, from: initial, reference, network, file: file, line: line)
        }
    }

    /// Overwrites every parameter with the script's formula; false (after
    /// failing) when the networks' parameter lists do not line up.
    private func start(
        _ model: Sequential<Float>, like reference: TorchTrajectory, layouts: [ParameterLayout], _ network: String,
        file: StaticString, line: UInt
    ) -> Bool {
        let parameters = model.parameters
        guard parameters.count == reference.parameters.count else {
            XCTFail("\(network) has \(parameters.count) parameter tensors, PyTorch's \(reference.parameters.count)", file: file, line: line)
            return false
        }
        for ((parameter, start), layout) in zip(zip(parameters, reference.parameters), layouts) {
            guard parameter.value.shape == layout.shape(forTorchShape: start.torchShape) else {
                XCTFail("\(network) \(start.name): shape \(parameter.value.shape), PyTorch \(start.torchShape)", file: file, line: line)
                return false
            }
            var scalars = [Float](repeating: 0, count: parameter.value.count)
            for index in scalars.indices {
                let value = start.scale * HashedValues.centred(stream: start.stream, index: index)
                scalars[layout.storageIndex(ofTorchIndex: index)] = Float(value)
            }
            parameter.value = Tensor(shape: parameter.value.shape, scalars: scalars)
        }
        return true
    }

    private func assertGradients(
        _ model: Sequential<Float>, _ recorded: TorchTrajectory.RecordedGradients, layouts: [ParameterLayout],
        _ context: String, file: StaticString, line: UInt
    ) {
        XCTAssertEqual(recorded.tensors.count, model.parameters.count, "\(context): gradients recorded", file: file, line: line)
        for (i, (parameter, expected)) in zip(model.parameters, recorded.tensors).enumerated() {
            let gradient = parameter.gradient.scalars
            let what = "\(context) gradient of parameter \(i) (\(parameter.name) \(parameter.value.shape))"
            let (sum, sumOfSquares) = Self.sums(gradient)
            let rootMeanSquare = (expected.sumOfSquares / Double(gradient.count)).squareRoot()
            assertClose(
                sum, expected.sum, within: tolerances.gradient * Double(gradient.count) * rootMeanSquare,
                "\(what): sum \(sum), PyTorch \(expected.sum)", file: file, line: line)
            assertClose(
                sumOfSquares, expected.sumOfSquares, within: tolerances.sumOfSquares * expected.sumOfSquares,
                "\(what): sum of squares \(sumOfSquares), PyTorch \(expected.sumOfSquares)", file: file, line: line)
            for (index, value) in zip(expected.indices, expected.values) {
                let ours = Double(gradient[layouts[i].storageIndex(ofTorchIndex: index)])
                assertClose(
                    ours, Double(value), within: tolerances.gradient * rootMeanSquare,
                    "\(what): entry \(index) \(ours), PyTorch \(value)", file: file, line: line)
            }
        }
    }

    private func assertDisplacements(
        _ model: Sequential<Float>, from initial: [Tensor<Float>], _ reference: TorchTrajectory, _ network: String,
        file: StaticString, line: UInt
    ) {
        for (i, ((parameter, start), expected)) in zip(zip(model.parameters, initial), reference.displacements).enumerated() {
            let what = "\(network) displacement of parameter \(i) (\(parameter.name) \(parameter.value.shape))"
            // Subtracted in Double, as the script does: exact for any two floats.
            var sum = 0.0, sumOfSquares = 0.0
            for (after, before) in zip(parameter.value.scalars, start.scalars) {
                let moved = Double(after) - Double(before)
                sum += moved
                sumOfSquares += moved * moved
            }
            let rootMeanSquare = (expected.sumOfSquares / Double(start.count)).squareRoot()
            assertClose(
                sum, expected.sum, within: tolerances.gradient * Double(start.count) * rootMeanSquare,
                "\(what): sum \(sum), PyTorch \(expected.sum)", file: file, line: line)
            assertClose(
                sumOfSquares, expected.sumOfSquares, within: tolerances.sumOfSquares * expected.sumOfSquares,
                "\(what): sum of squares \(sumOfSquares), PyTorch \(expected.sumOfSquares)", file: file, line: line)
        }
    }

    private func assertClose(
        _ actual: Double, _ expected: Double, within allowed: Double, _ message: @autoclosure () -> String,
        file: StaticString, line: UInt
    ) {
        XCTAssertLessThanOrEqual(abs(actual - expected), allowed, message(), file: file, line: line)
    }

    /// The algorithm each convolution runs on the batch's image size.
    private static func convolutionAlgorithms(_ model: Sequential<Float>) -> [Conv2D<Float>.Algorithm] {
        var shape = model.inputShape
        var algorithms: [Conv2D<Float>.Algorithm] = []
        for layer in model.layers {
            if let convolution = layer as? Conv2D<Float> {
                algorithms.append(convolution.resolvedAlgorithm(convolution.geometry(height: shape[1], width: shape[2])))
            }
            shape = layer.outputShape(for: shape)
        }
        return algorithms
    }

    /// Sum and sum of squares in float64, as the script takes them.
    private static func sums(_ values: [Float]) -> (sum: Double, sumOfSquares: Double) {
        var sum = 0.0, sumOfSquares = 0.0
        for value in values {
            sum += Double(value)
            sumOfSquares += Double(value) * Double(value)
        }
        return (sum, sumOfSquares)
    }
}

import Learning
import Tensor
import XCTest

/// A convolution that feeds a BatchNorm records its output planes' moments as
/// it writes them; the BatchNorm's statistics from those are the ones it
/// computes from its input itself.
final class PlaneMomentsTests: XCTestCase {
    /// The moments of every final output plane (after the bias and the fused
    /// ReLU), at its index, for each kernel and path: Winograd F(2×2) and
    /// F(4×4), im2col with one sample a group (a 64×64 plane) and several
    /// (9×9, strided 1×1), with and without ReLU, split between the workers.
    func testConvolutionRecordsItsOutputPlanesMoments() {
        typealias Case = (algorithm: Conv2D<Float>.Algorithm, cin: Int, side: Int, kernel: Int, stride: Int, samples: Int)
        let cases: [Case] = [
            (.winograd2x2, 8, 8, 3, 1, 12), (.winograd4x4, 8, 20, 3, 1, 12),
            (.im2col, 3, 64, 3, 1, 3), (.im2col, 4, 9, 3, 1, 10), (.im2col, 4, 16, 1, 2, 10),
        ]
        for c in cases {
            for relu in [false, true] {
                var rng = SeededGenerator(seed: 41)
                let conv = Conv2D<Float>(
                    inputChannels: c.cin, outputChannels: 5, kernelSize: c.kernel, stride: c.stride, padding: c.kernel / 2,
                    algorithm: c.algorithm, relu: relu, rng: &rng)
                let x = Tensor<Float>.uniform(shape: [c.samples, c.cin, c.side, c.side], low: -1, high: 1, using: &rng)
                let (y, recorded) = conv.forward(x, training: true, recordingPlaneMoments: true)
                XCTAssertEqual(y, conv.forward(x, training: true), "\(c)")
                XCTAssertEqual(recorded, Self.moments(of: y), "\(c), relu \(relu)")
            }
        }
    }

    /// An empty batch gives an empty output and no moments.
    func testEmptyBatchRecordsNoMoments() {
        var rng = SeededGenerator(seed: 45)
        let conv = Conv2D<Float>(inputChannels: 8, outputChannels: 5, kernelSize: 3, padding: 1, rng: &rng)
        let (y, moments) = conv.forward(Tensor<Float>(zeros: [0, 8, 6, 6]), training: true, recordingPlaneMoments: true)
        XCTAssertEqual(y.shape, [0, 5, 6, 6])
        XCTAssertEqual(moments, PlaneMoments(planes: 0))
    }

    /// A Sequential and a residual block with conv-BatchNorm pairs give the
    /// outputs and running statistics of their layers run one at a time, bit
    /// for bit. (The backward pass reads what the forward pass kept, the same
    /// input and statistics.)
    func testConvolutionBatchNormPairsMatchLayerByLayer() {
        func network() -> Sequential<Float> {
            var rng = SeededGenerator(seed: 42)
            let block = ResidualBlock<Float>(
                body: [
                    Conv2D(inputChannels: 8, outputChannels: 8, kernelSize: 3, padding: 1, rng: &rng),
                    BatchNorm(channels: 8, relu: true),
                    Conv2D(inputChannels: 8, outputChannels: 8, kernelSize: 3, padding: 1, rng: &rng), BatchNorm(channels: 8),
                ],
                shortcut: [Conv2D(inputChannels: 8, outputChannels: 8, kernelSize: 1, rng: &rng), BatchNorm(channels: 8)])
            return Sequential(inputShape: [3, 12, 12], layers: [
                Conv2D(inputChannels: 3, outputChannels: 8, kernelSize: 3, padding: 1, rng: &rng),
                BatchNorm(channels: 8, relu: true), block,
            ])
        }
        var rng = SeededGenerator(seed: 43)
        let x = Tensor<Float>.uniform(shape: [6, 3 * 12 * 12], low: -1, high: 1, using: &rng)
        let paired = network(), separate = network()
        let y = paired.forward(x, training: true)
        let expected = Self.layerByLayer(separate, x.reshaped([6, 3, 12, 12]))
        XCTAssertEqual(y.scalars.map(\.bitPattern), expected.scalars.map(\.bitPattern))
        XCTAssertEqual(paired.buffers.count, 8)
        for (a, b) in zip(paired.buffers, separate.buffers) { XCTAssertEqual(a.value, b.value, a.name) }
    }

    /// Every layer's own `forward`, the residual block's sum and ReLU as separate passes.
    private static func layerByLayer(_ model: Sequential<Float>, _ input: Tensor<Float>) -> Tensor<Float> {
        func run(_ layers: [any Layer<Float>], _ x: Tensor<Float>) -> Tensor<Float> {
            layers.reduce(x) { x, layer in
                guard let block = layer as? ResidualBlock<Float> else { return layer.forward(x, training: true) }
                var main = run(block.body, x)
                main.addRectifying(run(block.shortcut, x))
                return main
            }
        }
        return run(model.layers, input)
    }

    private static func moments(of y: Tensor<Float>) -> PlaneMoments {
        let spatial = y.shape[2] * y.shape[3], planes = y.shape[0] * y.shape[1]
        var moments = PlaneMoments(planes: planes)
        y.scalars.withUnsafeBufferPointer { p in
            moments.withRecorder { recorder in
                for plane in 0..<planes {
                    PlaneMoments.record(p.baseAddress! + plane * spatial, count: spatial, plane: plane, into: recorder)
                }
            }
        }
        return moments
    }
}

import Learning
import Tensor
import XCTest

final class MultiplyAddsTests: XCTestCase {
    /// Counted by hand: a strided residual block counts both of its paths at
    /// the shapes they see; pooling and activations cost nothing.
    func testAResidualBlockCountsItsBodyAndShortcut() {
        var rng = SeededGenerator(seed: 1)
        let block = ResidualBlock<Float>(
            body: [
                Conv2D(inputChannels: 2, outputChannels: 4, kernelHeight: 3, kernelWidth: 3,
                       strideY: 2, strideX: 2, paddingY: 1, paddingX: 1, rng: &rng),
                ReLU(),
                Conv2D(inputChannels: 4, outputChannels: 4, kernelHeight: 3, kernelWidth: 3,
                       paddingY: 1, paddingX: 1, rng: &rng),
            ],
            shortcut: [Conv2D(inputChannels: 2, outputChannels: 4, kernelHeight: 1, kernelWidth: 1,
                              strideY: 2, strideX: 2, rng: &rng)])
        let model = Sequential<Float>(inputShape: [2, 6, 6], layers: [
            block, GlobalAveragePool(), Dense(inputs: 4, outputs: 3, initializer: .glorot, rng: &rng),
        ])
        // Outputs of 4×3×3: body 4·9·(2·9) + 4·9·(4·9), shortcut 4·9·2.
        XCTAssertEqual(model.multiplyAddsPerLayer, [648 + 1296 + 72, 0, 12])
    }
}

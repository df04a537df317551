import Learning
import Tensor
import XCTest

/// `CatDogVGG.make`'s variants for the experiments, and its default: exactly
/// the network, and the initial weights, of the code before the variants.
final class CatDogVGGVariantTests: XCTestCase {
    /// `CatDogVGG.make` as it was before the variants (commit a0f8510), copied verbatim.
    private func originalVGG(rng: inout SeededGenerator, initializer: Initializer = .glorot) -> Sequential<Float> {
        typealias Scalar = Float
        let blocks = [(1, 32), (2, 64), (2, 128), (2, 256)]
        let featureSide = 4, classes = 2
        var layers: [any Layer<Scalar>] = []
        var channels = 3
        for (count, width) in blocks {
            for _ in 0..<count {
                layers.append(Conv2D<Scalar>(
                    inputChannels: channels, outputChannels: width, kernelSize: 3, padding: 1,
                    initializer: initializer, relu: true, rng: &rng))
                channels = width
            }
            layers.append(MaxPool2D<Scalar>(size: 2))
        }
        layers.append(Flatten<Scalar>())
        layers.append(Dense<Scalar>(inputs: channels * featureSide * featureSide, outputs: 1024, initializer: initializer, rng: &rng))
        layers.append(ReLU<Scalar>())
        layers.append(Dense<Scalar>(inputs: 1024, outputs: 512, initializer: initializer, rng: &rng))
        layers.append(ReLU<Scalar>())
        layers.append(Dense<Scalar>(inputs: 512, outputs: classes, initializer: initializer, rng: &rng))
        return Sequential(inputShape: [3, 64, 64], layers: layers)
    }

    /// FNV-1a over the bit patterns of every parameter, in order.
    private func fingerprint(_ model: Sequential<Float>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for p in model.parameters {
            for v in p.value.scalars { hash = (hash ^ UInt64(v.bitPattern)) &* 0x0000_0100_0000_01b3 }
        }
        return hash
    }

    private func descriptions(_ model: Sequential<Float>) -> [String] { model.layers.map(\.description) }

    /// The default network: same layers, same weights drawn in the same order,
    /// and the generator left where the original left it. The fingerprint was
    /// computed from the original code (`originalVGG`) with seed 2024.
    func testDefaultIsTheOriginalNetworkWithTheOriginalWeights() {
        var rng = SeededGenerator(seed: 2024), originalRng = SeededGenerator(seed: 2024)
        let model: Sequential<Float> = CatDogVGG.make(rng: &rng)
        let original = originalVGG(rng: &originalRng)
        XCTAssertEqual(descriptions(model), descriptions(original))
        XCTAssertEqual(model.summary(), original.summary())
        XCTAssertEqual(model.parameters.map(\.name), original.parameters.map(\.name))
        XCTAssertTrue(model.parameters.map(\.value) == original.parameters.map(\.value), "initial weights differ")
        XCTAssertEqual(rng, originalRng, "the model drew a different number of values")
        XCTAssertEqual(model.parameterCount, 5_884_162)
        XCTAssertEqual(fingerprint(original), 15_540_425_863_813_350_350)
        XCTAssertEqual(fingerprint(model), fingerprint(original))
        XCTAssert(model.buffers.isEmpty)
    }

    /// Every variant starts from the default's weights: BatchNorm draws
    /// nothing, Dropout's generators are derived without advancing `rng`.
    /// (Both options at once, to build fewer 5.9-million-weight networks; the
    /// Dropout-only network is compared with the plain one in evaluation below.)
    func testVariantsStartFromTheDefaultWeights() {
        var rng = SeededGenerator(seed: 7), variantRng = SeededGenerator(seed: 7)
        let plain: Sequential<Float> = CatDogVGG.make(rng: &rng)
        let variant: Sequential<Float> = CatDogVGG.make(rng: &variantRng, batchNorm: true, dropout: true)
        func weights(_ model: Sequential<Float>) -> [Tensor<Float>] { model.parameters.filter { $0.name == "weight" }.map(\.value) }
        XCTAssertTrue(weights(variant) == weights(plain))
        XCTAssertEqual(variantRng, rng)
        XCTAssertEqual(variant.layers.filter { $0 is BatchNorm<Float> }.count, 7)
        XCTAssertEqual(variant.layers.filter { $0 is Dropout<Float> }.count, 2)
    }

    func testBatchNormVariantNormalisesAfterEveryConvolution() {
        var rng = SeededGenerator(seed: 1)
        let model: Sequential<Float> = CatDogVGG.make(rng: &rng, batchNorm: true)
        let convolutions = model.layers.enumerated().filter { $0.element is Conv2D<Float> }
        XCTAssertEqual(convolutions.count, 7)
        for (i, layer) in convolutions {
            let conv = layer as! Conv2D<Float>
            let norm = model.layers[i + 1] as? BatchNorm<Float>
            XCTAssertEqual(norm?.channels, conv.outputChannels, "layer \(i + 1)")
            XCTAssertEqual(norm?.rectifiesOutput, true, "the ReLU follows the normalisation")
            XCTAssertFalse(conv.rectifiesOutput, "no ReLU before the normalisation: \(conv.description)")
        }
        XCTAssertEqual(model.summary().last?.outputShape, [2])
        XCTAssertFalse(model.layers.contains { $0 is Dropout<Float> })
        let logits = model.forward(Tensor(repeating: 0.5, shape: [2, 3 * 64 * 64]), training: true)
        XCTAssertEqual(logits.shape, [2, 2])
    }

    /// Dropout of 0.5 before the two hidden dense layers only; in evaluation
    /// the network computes exactly what the plain one does.
    func testDropoutVariantDropsBeforeEachHiddenDenseLayer() {
        var rng = SeededGenerator(seed: 3), plainRng = SeededGenerator(seed: 3)
        let model: Sequential<Float> = CatDogVGG.make(rng: &rng, dropout: true)
        let plain: Sequential<Float> = CatDogVGG.make(rng: &plainRng)
        let tail = descriptions(model).drop { $0 != "Flatten" }
        XCTAssertEqual(Array(tail), ["Flatten", "Dropout 0.5", "Dense 4096→1024", "ReLU", "Dropout 0.5", "Dense 1024→512", "ReLU", "Dense 512→2"])
        XCTAssertEqual(model.layers.compactMap { ($0 as? Dropout<Float>)?.probability }, [0.5, 0.5])
        var inputRng = SeededGenerator(seed: 4)
        let x = Tensor<Float>.uniform(shape: [2, 3 * 64 * 64], low: 0, high: 1, using: &inputRng)
        XCTAssertEqual(model.forward(x, training: false), plain.forward(x, training: false))
        XCTAssertNotEqual(model.forward(x, training: true), plain.forward(x, training: true))
    }
}

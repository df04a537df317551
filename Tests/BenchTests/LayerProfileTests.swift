import XCTest
@testable import Bench
import Learning
import Tensor

final class LayerProfileTests: XCTestCase {
    /// A small network with a convolution, an activation, a reshape and a dense layer.
    private func makeNetwork(seed: UInt64) -> (model: Sequential<Float>, batch: Batch<Float>) {
        var rng = SeededGenerator(seed: seed)
        let model = Sequential<Float>(inputShape: [1, 6, 6], layers: [
            Conv2D<Float>(inputChannels: 1, outputChannels: 2, kernelSize: 3, padding: 1, rng: &rng),
            ReLU<Float>(),
            Flatten<Float>(),
            Dense<Float>(inputs: 72, outputs: 3, initializer: .glorot, rng: &rng),
        ])
        let batch = Batch(inputs: Tensor<Float>.uniform(shape: [4, 36], low: 0, high: 1, using: &rng),
                          labels: [0, 2, 1, 2])
        return (model, batch)
    }

    /// The profiled step is the training step, not a look-alike: after two of
    /// them the parameters equal, bit for bit, those after two `Trainer.step`s.
    func testProfiledStepsTrainLikeTrainerSteps() {
        let (profiled, batch) = makeNetwork(seed: 3)
        let (reference, _) = makeNetwork(seed: 3)
        _ = LayerProfile.trainingEpoch(profiled, batch: batch, samples: 8, learningRate: 0.1, timedBatches: 1, warmUp: 1)
        let trainer = Trainer(model: reference, optimizer: SGD<Float>(learningRate: 0.1))
        trainer.step(batch)
        trainer.step(batch)
        XCTAssertEqual(profiled.parameters.count, reference.parameters.count)
        for (a, b) in zip(profiled.parameters, reference.parameters) {
            XCTAssertEqual(a.value.scalars, b.value.scalars, a.name)
        }
        XCTAssertNotEqual(profiled.parameters[0].value.scalars, makeNetwork(seed: 3).model.parameters[0].value.scalars)
    }

    /// A row per layer with its output shape and work, then the loss and the update;
    /// the epoch is the timed batches scaled to `samples`.
    func testRowsFollowTheModel() {
        let (model, batch) = makeNetwork(seed: 5)
        let result = LayerProfile.trainingEpoch(model, batch: batch, samples: 10, timedBatches: 2, warmUp: 0)
        XCTAssertEqual(result.rows.map(\.name), model.layers.map(\.description) + ["loss", "SGD update"])
        XCTAssertEqual(result.rows.prefix(4).map(\.outputShape), model.summary().map(\.outputShape))
        XCTAssertEqual(result.rows.map(\.multiplyAdds), [2 * 36 * 9, 0, 0, 72 * 3, 0, 0])
        XCTAssertEqual(result.samples, 8)
        XCTAssertTrue(result.rows.allSatisfy { $0.forwardSeconds >= 0 && $0.backwardSeconds >= 0 })
        XCTAssertGreaterThan(result.rows[0].forwardSeconds, 0)
        XCTAssertGreaterThan(result.rows[0].backwardSeconds, 0)
        XCTAssertEqual(result.rows[5].forwardSeconds, 0)
        // The process's CPU time is read around each pass too (the convolution keeps a core busy).
        XCTAssertGreaterThan(result.rows[0].forwardCPUSeconds, 0)
        XCTAssertGreaterThan(result.rows[0].backwardCPUSeconds, 0)
        XCTAssertEqual(result.rows[5].forwardCPUSeconds, 0)
        let table = LayerProfile.table(result)
        XCTAssertEqual(table.split(separator: "\n").count, 1 + result.rows.count + 1)
        XCTAssertTrue(table.contains("SGD update"))
        XCTAssertTrue(table.hasPrefix("layer") && table.contains("  cores  "), table)
    }

    /// Long names (a residual block's description) are cut with an ellipsis,
    /// so the columns stay aligned and readable.
    func testTableCutsLongNames() {
        let long = String(repeating: "Conv 16→16 3×3 pad 1, ", count: 5)
        let result = LayerProfile.Result(
            rows: [.init(name: long, outputShape: [16, 8, 8], forwardSeconds: 1, backwardSeconds: 3, multiplyAdds: 10)],
            samples: 100, batchSize: 10, timedBatches: 1)
        let lines = LayerProfile.table(result).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines[1].hasPrefix(String(long.prefix(LayerProfile.nameWidth - 1)) + "…"), lines[1])
        XCTAssertTrue(lines[1].contains("100.0 %"), lines[1])
        // The share column lines up in the row and the total (counted in characters).
        func shareColumn(_ line: String) -> Int? { line.firstIndex(of: "%").map { line.distance(from: line.startIndex, to: $0) } }
        XCTAssertEqual(shareColumn(lines[1]), shareColumn(lines[2]))
    }
}

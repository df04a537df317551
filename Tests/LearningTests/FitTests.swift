import Learning
import Tensor
import XCTest

/// `Trainer.fit`, the one training loop: the batches it draws, its stop on
/// divergence, and resuming from a checkpoint.
final class FitTests: XCTestCase {
    private func examples(_ n: Int, rng: inout SeededGenerator) -> InMemoryExamples<Float> {
        var xs: [Float] = [], ys: [Int] = []
        for i in 0..<n {
            let label = i % 3
            for d in 0..<5 { xs.append(Float(rng.normal() * 0.7) + (d == label ? 1 : 0)) }
            ys.append(label)
        }
        return InMemoryExamples(inputs: Tensor(shape: [n, 5], scalars: xs), labels: ys)
    }

    private func trainer(seed: UInt64, learningRate: Float = 0.1) -> Trainer<Float> {
        var rng = SeededGenerator(seed: seed)
        let model = MLP.make(hidden: [7], initializer: .glorot, rng: &rng, inputs: 5, classes: 3) as Sequential<Float>
        return Trainer(model: model, optimizer: SGD(learningRate: learningRate, momentum: 0.5))
    }

    private func weights(_ trainer: Trainer<Float>) -> [[Float]] { trainer.model.parameters.map(\.value.scalars) }

    /// The reference loop written out: a fresh permutation per epoch, batches
    /// cut in its order, the last one short.
    func testFitDrawsTheSameBatchesAsAHandWrittenLoop() throws {
        var dataRng = SeededGenerator(seed: 1)
        let data = examples(103, rng: &dataRng)
        let fitted = trainer(seed: 2), reference = trainer(seed: 2)
        var rng = SeededGenerator(seed: 3), referenceRng = SeededGenerator(seed: 3)
        var epochsSeen: [Int] = []
        try fitted.fit(data, batchSize: 10, epochs: 3, rng: &rng) { epochsSeen.append($0.epoch) }
        for _ in 0..<3 {
            let order = referenceRng.permutation(data.count)
            for start in stride(from: 0, to: data.count, by: 10) {
                let picked = order[start..<min(start + 10, data.count)]
                reference.step(Batch(inputs: data.inputs.gather(rows: picked), labels: picked.map { data.labels[$0] }))
            }
        }
        XCTAssertEqual(epochsSeen, [1, 2, 3])
        XCTAssertEqual(weights(fitted), weights(reference))
        XCTAssertEqual(rng.next(), referenceRng.next(), "fit must draw exactly what the loop draws")
    }

    func testDivergenceStopsBeforeTheEpochIsHandedOn() throws {
        var dataRng = SeededGenerator(seed: 4)
        let data = examples(60, rng: &dataRng)
        let exploding = trainer(seed: 5, learningRate: 1e30)
        var rng = SeededGenerator(seed: 6)
        var handedOn: [Int] = []
        XCTAssertThrowsError(try exploding.fit(data, batchSize: 20, epochs: 5, rng: &rng) { handedOn.append($0.epoch) }) { error in
            guard let diverged = error as? TrainingDiverged else { return XCTFail("\(error)") }
            XCTAssertFalse(diverged.loss.isFinite)
            XCTAssertEqual(handedOn, Array(1..<diverged.epoch), "the diverged epoch must not reach onEpoch")
        }
    }

    /// A run stopped after epoch 2 and resumed gives the weights and curve of an uninterrupted run.
    func testResumingFromACheckpointContinuesTheSameRun() throws {
        var dataRng = SeededGenerator(seed: 7)
        let data = examples(90, rng: &dataRng)
        let whole = trainer(seed: 8)
        var rng = SeededGenerator(seed: 9)
        var wholeLosses: [Double] = []
        try whole.fit(data, batchSize: 16, epochs: 4, rng: &rng) { wholeLosses.append($0.seen.meanLoss) }

        let store = MemoryCheckpointer(stopAfter: 2)
        var firstRng = SeededGenerator(seed: 9)
        var losses: [Double] = []
        XCTAssertThrowsError(try trainer(seed: 8).fit(data, batchSize: 16, epochs: 4, rng: &firstRng, checkpointer: store) {
            losses.append($0.seen.meanLoss)
        })
        store.stopAfter = nil
        let resumed = trainer(seed: 99)  // other initial weights: everything must come from the checkpoint
        var resumedRng = SeededGenerator(seed: 12345)
        let resumedAfter = try resumed.fit(data, batchSize: 16, epochs: 4, rng: &resumedRng, checkpointer: store) {
            losses.append($0.seen.meanLoss)
        }
        XCTAssertEqual(resumedAfter, 2)
        XCTAssertEqual(losses, wholeLosses)
        XCTAssertEqual(weights(resumed), weights(whole))
    }
}

/// Keeps the last epoch's state in memory; throws after `stopAfter`, as a kill would.
private final class MemoryCheckpointer: TrainingCheckpointer {
    struct Stopped: Error {}
    var stopAfter: Int?
    private var saved: (epoch: Int, values: [Tensor<Float>], velocities: [Tensor<Float>], rng: SeededGenerator)?

    init(stopAfter: Int?) { self.stopAfter = stopAfter }

    func resume(_ trainer: Trainer<Float>, rng: inout SeededGenerator) throws -> Int {
        guard let saved else { return 0 }
        for (parameter, value) in zip(trainer.model.parameters, saved.values) { parameter.value = value }
        trainer.optimizer.restore(velocities: saved.velocities)
        rng = saved.rng
        return saved.epoch
    }

    func save(epoch: Int, _ trainer: Trainer<Float>, rng: SeededGenerator) throws {
        saved = (epoch, trainer.model.parameters.map(\.value), trainer.optimizer.velocities, rng)
        if epoch == stopAfter { throw Stopped() }
    }
}

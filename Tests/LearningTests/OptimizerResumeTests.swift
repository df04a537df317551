import Learning
import Tensor
import XCTest

/// `Trainer.fit` with any optimiser: a run stopped after an epoch and resumed
/// from the optimiser's `state()` gives the weights of an uninterrupted run.
final class OptimizerResumeTests: XCTestCase {
    private func examples(_ n: Int) -> InMemoryExamples<Float> {
        var rng = SeededGenerator(seed: 3)
        var xs: [Float] = [], ys: [Int] = []
        for i in 0..<n {
            for d in 0..<5 { xs.append(Float(rng.normal() * 0.7) + (d == i % 3 ? 1 : 0)) }
            ys.append(i % 3)
        }
        return InMemoryExamples(inputs: Tensor(shape: [n, 5], scalars: xs), labels: ys)
    }

    /// A small network with Dropout, so that its masks must resume too (through the buffers).
    private func model(seed: UInt64) -> Sequential<Float> {
        var rng = SeededGenerator(seed: seed)
        return Sequential(inputShape: [5], layers: [
            Dense(inputs: 5, outputs: 8, initializer: .glorot, rng: &rng), ReLU(),
            Dropout(probability: 0.3, generator: SeededGenerator(seed: 77)),
            Dense(inputs: 8, outputs: 3, initializer: .glorot, rng: &rng),
        ])
    }

    private func assertResumesExactly<Method: Optimizer>(_ makeOptimizer: () -> Method) throws where Method.Scalar == Float {
        let data = examples(70)
        let whole = ModelTrainer(model: model(seed: 1), optimizer: makeOptimizer())
        var rng = SeededGenerator(seed: 9)
        var wholeLosses: [Double] = []
        try whole.fit(data, batchSize: 16, epochs: 4, rng: &rng) { wholeLosses.append($0.seen.meanLoss) }

        let store = StateCheckpointer<Method>(stopAfter: 2)
        var firstRng = SeededGenerator(seed: 9)
        var losses: [Double] = []
        let first = ModelTrainer(model: model(seed: 1), optimizer: makeOptimizer())
        XCTAssertThrowsError(try first.fit(data, batchSize: 16, epochs: 4, rng: &firstRng, checkpointer: store) {
            losses.append($0.seen.meanLoss)
        })
        store.stopAfter = nil
        // Other weights and another generator: everything must come from the checkpoint.
        let resumed = ModelTrainer(model: model(seed: 2), optimizer: makeOptimizer())
        var resumedRng = SeededGenerator(seed: 12345)
        let resumedAfter = try resumed.fit(data, batchSize: 16, epochs: 4, rng: &resumedRng, checkpointer: store) {
            losses.append($0.seen.meanLoss)
        }
        XCTAssertEqual(resumedAfter, 2)
        XCTAssertEqual(losses, wholeLosses)
        XCTAssertEqual(resumed.model.parameters.map(\.value), whole.model.parameters.map(\.value))
        XCTAssertEqual(resumed.optimizer.state(), whole.optimizer.state())
        XCTAssertEqual(resumed.optimizer.stepCount, 4 * 5)
    }

    func testAdamRunResumesExactly() throws {
        try assertResumesExactly { Adam<Float>(learningRate: 0.01) }
    }

    func testSGDWithMomentumRunResumesExactlyThroughTheProtocol() throws {
        try assertResumesExactly { SGD<Float>(learningRate: 0.1, momentum: 0.9) }
    }
}

/// Keeps the last epoch's weights, buffers, optimiser state and generator in
/// memory; throws after `stopAfter`, as a kill would.
private final class StateCheckpointer<Method: Optimizer>: TrainingCheckpointer {
    struct Stopped: Error {}
    var stopAfter: Int?
    private var saved: (epoch: Int, slots: [Tensor<Method.Scalar>], optimizer: OptimizerState<Method.Scalar>, rng: SeededGenerator)?

    init(stopAfter: Int?) { self.stopAfter = stopAfter }

    func resume(_ trainer: ModelTrainer<Method>, rng: inout SeededGenerator) throws -> Int {
        guard let saved else { return 0 }
        for (slot, value) in zip(trainer.model.parameters + trainer.model.buffers, saved.slots) { slot.value = value }
        try trainer.optimizer.restore(saved.optimizer)
        rng = saved.rng
        return saved.epoch
    }

    func save(epoch: Int, _ trainer: ModelTrainer<Method>, rng: SeededGenerator) throws {
        let slots = (trainer.model.parameters + trainer.model.buffers).map(\.value)
        saved = (epoch, slots, trainer.optimizer.state(), rng)
        if epoch == stopAfter { throw Stopped() }
    }
}

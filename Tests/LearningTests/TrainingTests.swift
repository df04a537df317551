import Learning
import Tensor
import XCTest

final class TrainingTests: XCTestCase {
    /// Two Gaussian blobs in 4-D; a small MLP must separate them.
    private func blobs(_ n: Int, rng: inout SeededGenerator) -> InMemoryExamples<Float> {
        var xs: [Float] = [], ys: [Int] = []
        for i in 0..<n {
            let label = i % 2
            for d in 0..<4 { xs.append(Float(rng.normal() * 0.5 + (label == 0 ? -1 : 1) * (d < 2 ? 1 : 0))) }
            ys.append(label)
        }
        return InMemoryExamples(inputs: Tensor(shape: [n, 4], scalars: xs), labels: ys)
    }

    private func model(_ initializer: Initializer, rng: inout SeededGenerator) -> Sequential<Float> {
        Sequential(inputShape: [4], layers: [
            Dense(inputs: 4, outputs: 8, initializer: initializer, rng: &rng), ReLU(),
            Dense(inputs: 8, outputs: 2, initializer: initializer, rng: &rng),
        ])
    }

    private func train(seed: UInt64, initializer: Initializer = .glorot, epochs: Int = 5) throws -> (Sequential<Float>, Evaluation) {
        var rng = SeededGenerator(seed: seed)
        let data = blobs(400, rng: &rng)
        let net = model(initializer, rng: &rng)
        let trainer = Trainer(model: net, optimizer: SGD(learningRate: 0.1))
        try trainer.fit(data, batchSize: 20, epochs: epochs, rng: &rng) { _ in }
        return (net, evaluate(net, on: data))
    }

    func testLearnsSeparableData() throws {
        let (_, result) = try train(seed: 1)
        XCTAssertGreaterThan(result.accuracy, 0.95)
    }

    func testSameSeedGivesBitIdenticalWeights() throws {
        let (a, ea) = try train(seed: 2, epochs: 2)
        let (b, eb) = try train(seed: 2, epochs: 2)
        XCTAssertEqual(a.parameters.map(\.value), b.parameters.map(\.value))
        XCTAssertEqual(ea, eb)
    }

    /// All-zero weights: hidden units output 0, ReLU'(0) = 0, so only the last bias moves
    /// and the network predicts one class for every input.
    func testZeroInitialisationOnlyMovesTheOutputBias() throws {
        let (net, _) = try train(seed: 3, initializer: .zero, epochs: 1)
        let values = net.parameters.map(\.value)
        XCTAssertTrue(values[0].scalars.allSatisfy { $0 == 0 })
        XCTAssertTrue(values[2].scalars.allSatisfy { $0 == 0 })
        XCTAssertFalse(values[3].scalars.allSatisfy { $0 == 0 })
    }

    func testModelSummaryCountsParameters() {
        var rng = SeededGenerator(seed: 0)
        let net = Sequential<Float>(inputShape: [784], layers: [
            Dense(inputs: 784, outputs: 666, initializer: .zero, rng: &rng), ReLU(),
            Dense(inputs: 666, outputs: 666, initializer: .zero, rng: &rng), ReLU(),
            Dense(inputs: 666, outputs: 10, initializer: .zero, rng: &rng),
        ])
        XCTAssertEqual(net.parameterCount, 973_702)
        XCTAssertEqual(net.summary().map(\.parameters), [522_810, 0, 444_222, 0, 6_670])
        XCTAssertEqual(net.summary().last?.outputShape, [10])
    }
}

import Datasets
import Foundation
import Learning
import Tensor

/// Times Problem 1's training epoch: 784-666-666-10, Float, batch 100, 50k examples.
public enum MLPBenchmark {
    public struct Result: Sendable {
        public var epochSeconds: Double
        public var gflops: Double
    }

    /// Best of `repeats` full epochs (the minimum is the least disturbed by other load).
    public static func run(train: LabelledImages, repeats: Int = 3) -> Result {
        var rng = SeededGenerator(seed: 7)
        let model: Sequential<Float> = MLP.make(hidden: [666, 666], initializer: .glorot, rng: &rng)
        let trainer = Trainer(model: model, optimizer: SGD(learningRate: 0.1))
        let examples = InMemoryExamples(inputs: train.images, labels: train.labels)
        var best = Double.infinity
        for _ in 0..<repeats {
            let started = Date()
            // An MLP at learning rate 0.1 on MNIST does not diverge in an epoch.
            _ = try? trainer.fit(examples, batchSize: 100, epochs: 1, rng: &rng) { _ in }
            best = min(best, Date().timeIntervalSince(started))
        }
        return Result(epochSeconds: best, gflops: flops(examples: examples.count) / best / 1e9)
    }

    /// Multiply-adds ×2 of forward (3 GEMMs), weight gradients (3) and input gradients (2: the first layer's is skipped),
    /// counted dense: the first layer's products skip the zero pixels, so the rate is a dense-equivalent one.
    static func flops(examples: Int) -> Double {
        let forward = 784.0 * 666 + 666 * 666 + 666 * 10
        let inputGradients = 666.0 * 666 + 666 * 10
        return 2 * Double(examples) * (2 * forward + inputGradients)
    }
}

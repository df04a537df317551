import Foundation
import Datasets
import Learning
import Tensor

/// Timings of the networks on random data (the MLP's profile: MNIST), for `report bench`.
///
/// Each figure runs a few warm-up batches, times as many more as the PyTorch
/// anchor does (100 for SmallVGGNet, 10 for the cats-vs-dogs VGG) and
/// extrapolates to the full epoch. FLOPs are counted as for the direct
/// algorithm, whatever kernel runs (Winograd does fewer multiplications, so
/// its "effective" GFLOP/s can exceed what the hardware's GEMM reaches):
/// a convolution costs cout·Ho·Wo·cin·kh·kw multiply-adds per sample, a dense
/// layer inputs·outputs; 2 FLOPs per multiply-add. A training step costs the
/// forward pass plus twice that for the backward pass (input gradient and
/// weight gradient), less the first layer's input gradient, which is not computed.
public enum ConvBenchmark {
    public struct Result: Codable, Equatable, Sendable {
        /// Seconds for the whole epoch (or evaluation pass), extrapolated.
        public var seconds: Double
        /// Samples in that epoch.
        public var samples: Int
        public var batchSize: Int
        /// Batches actually timed (after the warm-up).
        public var timedBatches: Int
        /// FLOPs of the whole epoch, counted as documented on `ConvBenchmark`.
        public var flops: Double
        public var threads: Int
        /// Processor seconds (all threads of the process, less the worker pool's
        /// yielding while it waits) for the same extrapolated work: on a machine
        /// shared with other jobs this moves less than `seconds`.
        public var processorSeconds: Double

        public var gflopsPerSecond: Double { flops / seconds / 1e9 }
        public var samplesPerSecond: Double { Double(samples) / seconds }
    }

    /// FLOPs per sample of inference and of one training step, as documented above.
    public static func flopsPerSample<Scalar>(_ model: Sequential<Scalar>) -> (forward: Double, training: Double) {
        let perLayer = model.multiplyAddsPerLayer
        let forward = 2 * Double(perLayer.reduce(0, +))
        let firstInputGradient = 2 * Double(perLayer.first { $0 > 0 } ?? 0)
        return (forward, 3 * forward - firstInputGradient)
    }

    /// A network as the bench trains it: random inputs in [0, 1) and random
    /// labels, the epoch's size, and how many batches are timed after how many
    /// warm-up ones (as many as the PyTorch anchor times).
    public struct Workload {
        public var name: String
        public var model: Sequential<Float>
        public var batch: Batch<Float>
        public var samples: Int
        public var timedBatches: Int
        public var warmUp: Int

        init(name: String, model: Sequential<Float>, batch: Batch<Float>, samples: Int, timedBatches: Int, warmUp: Int) {
            self.name = name
            self.model = model
            self.batch = batch
            self.samples = samples
            self.timedBatches = timedBatches
            self.warmUp = warmUp
        }

        /// On a batch of random inputs and labels.
        init(name: String, model: Sequential<Float>, classes: Int, samples: Int, batchSize: Int,
             timedBatches: Int, warmUp: Int, rng: inout SeededGenerator) {
            let features = model.inputShape.reduce(1, *)
            let batch = Batch(
                inputs: Tensor<Float>.uniform(shape: [batchSize, features], low: 0, high: 1, using: &rng),
                labels: (0..<batchSize).map { _ in rng.integer(below: classes) })
            self.init(name: name, model: model, batch: batch, samples: samples, timedBatches: timedBatches, warmUp: warmUp)
        }

        /// Problem 1's MLP 784-666-666-10: 50,000 samples at batch 100, on
        /// `digits`' first 100 images rather than random ones, because its
        /// first layer skips zero pixels: on random inputs, which have none,
        /// that layer would take several times its MNIST time.
        public static func mlp(digits: LabelledImages, timedBatches: Int = 100, warmUp: Int = 3, seed: UInt64 = 1) -> Workload {
            var rng = SeededGenerator(seed: seed)
            let model: Sequential<Float> = MLP.make(hidden: [666, 666], initializer: .glorot, rng: &rng)
            let batch = InMemoryExamples(inputs: digits.images, labels: digits.labels).batch(0..<min(100, digits.count))
            return Workload(name: "MLP 784-666-666-10", model: model, batch: batch, samples: 50_000,
                            timedBatches: timedBatches, warmUp: warmUp)
        }

        /// SmallVGGNet: 60,000 samples at batch 100.
        public static func smallVGG(timedBatches: Int = 100, warmUp: Int = 3, seed: UInt64 = 1) -> Workload {
            var rng = SeededGenerator(seed: seed)
            let model: Sequential<Float> = SmallVGGNet.make(rng: &rng)
            return Workload(name: "SmallVGGNet", model: model, classes: SmallVGGNet.classes, samples: 60_000, batchSize: 100,
                            timedBatches: timedBatches, warmUp: warmUp, rng: &rng)
        }

        /// The cats-vs-dogs VGG: 16,000 samples at batch 128.
        public static func catDogVGG(timedBatches: Int = 10, warmUp: Int = 1, seed: UInt64 = 1) -> Workload {
            var rng = SeededGenerator(seed: seed)
            let model: Sequential<Float> = CatDogVGG.make(rng: &rng)
            return Workload(name: "cats-vs-dogs VGG", model: model, classes: CatDogVGG.classes, samples: 16_000,
                            batchSize: 128, timedBatches: timedBatches, warmUp: warmUp, rng: &rng)
        }

        /// The cats-vs-dogs ResNet-18 at width multiplier `width`: 16,000 samples at batch 128.
        public static func catDogResNet(
            width: Double, batchNorm: Bool, timedBatches: Int = 10, warmUp: Int = 1, seed: UInt64 = 1
        ) -> Workload {
            var rng = SeededGenerator(seed: seed)
            let model: Sequential<Float> = CatDogResNet.make(width: width, batchNorm: batchNorm, rng: &rng)
            return Workload(name: "ResNet-18 ×\(width)\(batchNorm ? "" : " without BatchNorm")", model: model, classes: 2,
                            samples: 16_000, batchSize: 128, timedBatches: timedBatches, warmUp: warmUp, rng: &rng)
        }
    }

    /// Seconds for one training epoch of `workload`, extrapolated from its timed batches.
    public static func trainingEpoch(_ workload: Workload) -> Result {
        trainingEpoch(workload.model, batch: workload.batch, samples: workload.samples,
                      timedBatches: workload.timedBatches, warmUp: workload.warmUp)
    }

    /// Seconds for SmallVGGNet's forward-only evaluation of 10,000 samples (batches of 1000, as `evaluate` uses).
    public static func smallVGGEvaluation(timedBatches: Int = 10, warmUp: Int = 1, seed: UInt64 = 1) -> Result {
        var rng = SeededGenerator(seed: seed)
        let model: Sequential<Float> = SmallVGGNet.make(rng: &rng)
        return evaluationPass(model, samples: 10_000, batchSize: 1000, timedBatches: timedBatches, warmUp: warmUp, rng: &rng)
    }

    /// Times `timedBatches` SGD steps on `batch` after `warmUp` untimed ones;
    /// extrapolates to `samples / batchSize` steps.
    public static func trainingEpoch<Scalar>(
        _ model: Sequential<Scalar>, batch: Batch<Scalar>, samples: Int, timedBatches: Int, warmUp: Int
    ) -> Result {
        let trainer = Trainer(model: model, optimizer: SGD(learningRate: 0.01))
        for _ in 0..<warmUp { trainer.step(batch) }
        let start = DispatchTime.now().uptimeNanoseconds, cpuStart = processorTime()
        for _ in 0..<timedBatches { trainer.step(batch) }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, cpu = processorTime() - cpuStart
        let batchSize = batch.labels.count, steps = samples / batchSize
        let scale = Double(steps) / Double(max(timedBatches, 1))
        return Result(
            seconds: elapsed * scale, samples: steps * batchSize,
            batchSize: batchSize, timedBatches: timedBatches,
            flops: flopsPerSample(model).training * Double(steps * batchSize), threads: Parallelism.threads,
            processorSeconds: cpu * scale)
    }

    /// Times forward passes (no training caches) the same way.
    public static func evaluationPass<Scalar>(
        _ model: Sequential<Scalar>, samples: Int, batchSize: Int, timedBatches: Int, warmUp: Int,
        rng: inout SeededGenerator
    ) -> Result {
        let features = model.inputShape.reduce(1, *)
        let inputs = Tensor<Scalar>.uniform(shape: [batchSize, features], low: 0, high: 1, using: &rng)
        for _ in 0..<warmUp { _ = model.forward(inputs, training: false) }
        let start = DispatchTime.now().uptimeNanoseconds, cpuStart = processorTime()
        for _ in 0..<timedBatches { _ = model.forward(inputs, training: false) }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, cpu = processorTime() - cpuStart
        let steps = (samples + batchSize - 1) / batchSize
        let scale = Double(steps) / Double(max(timedBatches, 1))
        return Result(
            seconds: elapsed * scale, samples: samples,
            batchSize: batchSize, timedBatches: timedBatches,
            flops: flopsPerSample(model).forward * Double(samples), threads: Parallelism.threads,
            processorSeconds: cpu * scale)
    }
}

/// Processor seconds the whole process has worked so far: its CPU time less
/// what the worker pool's threads spent yielding while they waited for work.
func processorTime() -> Double {
    var usage = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &usage)
    return Double(usage.tv_sec) + Double(usage.tv_nsec) / 1e9 - WorkerPool.waitingSeconds
}

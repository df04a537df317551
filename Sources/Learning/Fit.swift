import Foundation
import Tensor

/// One finished epoch of `Trainer.fit`.
public struct FittedEpoch: Sendable {
    public var epoch: Int
    /// Loss and accuracy over the batches as training saw them (weights
    /// changing along the way, augmented inputs).
    public var seen: Evaluation
    /// Seconds spent on the epoch's batches (drawing, augmenting, stepping);
    /// no evaluation.
    public var seconds: Double
}

/// The training loss stopped being a number: the weights have diverged.
/// Thrown before anything of the epoch is handed on, so that NaN weights are
/// never checkpointed or evaluated.
public struct TrainingDiverged: Error, Sendable {
    public var epoch: Int
    public var loss: Double
}

/// Saves and restores a run's state between epochs, so that a killed run
/// resumes where it stopped with the same result.
/// `Method` is the trainer's optimiser: a checkpointer written for
/// `Trainer<Float>` (SGD) infers `SGD<Float>`.
public protocol TrainingCheckpointer<Method> {
    associatedtype Method: Optimizer
    /// Restores the state after the last saved epoch into the trainer and
    /// `rng`; returns that epoch, 0 when there is nothing to resume.
    func resume(_ trainer: ModelTrainer<Method>, rng: inout SeededGenerator) throws -> Int
    /// Saves the state after `epoch` (once `onEpoch` has seen it).
    func save(epoch: Int, _ trainer: ModelTrainer<Method>, rng: SeededGenerator) throws
}

/// Follows an epoch batch by batch (a progress bar).
public protocol TrainingObserver {
    func epochStarted(_ epoch: Int, of epochs: Int, batches: Int)
    func batchFinished(_ batch: Int, seen: Evaluation)
    func epochFinished(_ epoch: Int)
}

extension ModelTrainer {
    /// Trains for `epochs` epochs, each over a fresh permutation of
    /// `examples` drawn from `rng` and cut into batches of `batchSize` (the
    /// last one may be short). After each epoch it checks the loss, calls
    /// `onEpoch` (evaluation, logging), then saves a checkpoint. With a
    /// checkpointer, it first resumes from the last saved epoch.
    /// Returns the epoch it resumed after (0: trained from the start).
    @discardableResult
    public func fit<Examples: LabelledExamples>(
        _ examples: Examples, batchSize: Int, epochs: Int, rng: inout SeededGenerator,
        checkpointer: (any TrainingCheckpointer<Method>)? = nil, observer: TrainingObserver? = nil,
        onEpoch: (FittedEpoch) throws -> Void
    ) throws -> Int where Examples.Scalar == Scalar {
        precondition(batchSize > 0, "batch size must be positive")
        let resumedFrom = try checkpointer?.resume(self, rng: &rng) ?? 0
        guard resumedFrom < epochs else { return resumedFrom }
        for epoch in (resumedFrom + 1)...epochs {
            let fitted = runEpoch(epoch, of: epochs, examples, batchSize: batchSize, rng: &rng, observer: observer)
            guard fitted.seen.meanLoss.isFinite else { throw TrainingDiverged(epoch: epoch, loss: fitted.seen.meanLoss) }
            try onEpoch(fitted)
            try checkpointer?.save(epoch: epoch, self, rng: rng)
        }
        return resumedFrom
    }

    private func runEpoch<Examples: LabelledExamples>(
        _ epoch: Int, of epochs: Int, _ examples: Examples, batchSize: Int, rng: inout SeededGenerator,
        observer: TrainingObserver?
    ) -> FittedEpoch where Examples.Scalar == Scalar {
        let batchCount = (examples.count + batchSize - 1) / batchSize
        observer?.epochStarted(epoch, of: epochs, batches: batchCount)
        let started = Date()
        var seen = Evaluation()
        let order = rng.permutation(examples.count)
        for (b, start) in stride(from: 0, to: examples.count, by: batchSize).enumerated() {
            let batch = examples.trainingBatch(order[start..<min(start + batchSize, order.count)], rng: &rng)
            seen.add(step(batch), count: batch.labels.count)
            observer?.batchFinished(b + 1, seen: seen)
        }
        observer?.epochFinished(epoch)
        return FittedEpoch(epoch: epoch, seen: seen, seconds: Date().timeIntervalSince(started))
    }
}

import Foundation
import Learning
import ReportKit

/// A training loop's progress on the console: "p3.train vgg epoch 3/35,
/// batch 40/125" with the running loss and accuracy of the epoch.
struct EpochProgressBar: TrainingObserver {
    let reporter: ProgressReporter
    /// "p3.train vgg_lr0.1_bs128".
    let label: String

    func epochStarted(_ epoch: Int, of epochs: Int, batches: Int) {
        reporter.begin("\(label) epoch \(epoch)/\(epochs)", total: batches)
    }

    func batchFinished(_ batch: Int, seen: Evaluation) {
        reporter.update(batch, detail: String(format: "loss %.4f acc %.3f", seen.meanLoss, seen.accuracy))
    }

    func epochFinished(_ epoch: Int) { reporter.end() }
}

import Foundation

/// Stops a run whose training loss is no longer a number. Checked after every
/// epoch, before anything of the epoch is saved: NaN weights would otherwise
/// be checkpointed, resumed, and finally trap where a probability is turned
/// into a bin index (NaN → Int), far from the cause.
func requireFiniteLoss(_ loss: Double, epoch: Int, run: String, learningRate: Double, context: StepContext) throws {
    guard !loss.isFinite else { return }
    throw ReportError(
        "\(context.stepID) \(run): training diverged at epoch \(epoch) (training loss \(loss)); lower the learning rate (now \(NumberFormat.plain(learningRate)))")
}

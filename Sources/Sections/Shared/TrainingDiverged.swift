import ReportKit
import Foundation
import Learning

/// Runs a training loop, turning its divergence into the step's error. The
/// loop stops at the first epoch whose training loss is no longer a number,
/// before anything of that epoch is saved: NaN weights would otherwise be
/// checkpointed, resumed, and finally trap where a probability is turned into
/// a bin index (NaN → Int), far from the cause.
@discardableResult
func explainingDivergence<T>(
    run: String, learningRate: Double, context: StepContext, _ body: () throws -> T
) throws -> T {
    do {
        return try body()
    } catch let diverged as TrainingDiverged {
        throw ReportError(
            "\(context.stepID) \(run): training diverged at epoch \(diverged.epoch) (training loss \(diverged.loss)); lower the learning rate (now \(NumberFormat.plain(learningRate)))")
    }
}

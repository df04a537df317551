import Datasets
import Foundation
import Tensor

/// What a running step may use: the options, the data, the outputs of the
/// steps it depends on, a seeded generator, and the progress reporter.
public final class StepContext: @unchecked Sendable {
    public let options: BuildOptions
    public let data: DataCatalog
    public let progress: ProgressReporter
    let store: ResultsStore
    let stepID: String

    init(options: BuildOptions, data: DataCatalog, store: ResultsStore, progress: ProgressReporter, stepID: String) {
        self.options = options
        self.data = data
        self.store = store
        self.progress = progress
        self.stepID = stepID
    }

    /// A generator for one named run inside the step; the stream depends only
    /// on the build seed, the step id and the label.
    public func rng(_ label: String) -> SeededGenerator {
        SeededGenerator(seed: options.seed).derived("\(stepID)/\(label)")
    }

    /// The saved output of a step this one depends on.
    public func output<S: ReportStep>(of step: S.Type) throws -> S.Output {
        try store.load(step).output
    }
}

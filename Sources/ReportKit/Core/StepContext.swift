import Foundation
import Tensor

/// What a running step may use: the options, the data, the outputs of the
/// steps it depends on, a seeded generator, and the progress reporter.
public final class StepContext: @unchecked Sendable {
    public let options: BuildOptions
    /// The build's data; the parts read it through their own typed view of it.
    public let dataSource: any DataSource
    public let progress: ProgressReporter
    public let store: ResultsStore
    public let stepID: String
    /// The report being built: what times its networks and names its libraries.
    public let definition: ReportDefinition

    public init(options: BuildOptions, data: any DataSource, store: ResultsStore, progress: ProgressReporter, stepID: String,
                definition: ReportDefinition) {
        self.options = options
        self.dataSource = data
        self.store = store
        self.progress = progress
        self.stepID = stepID
        self.definition = definition
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

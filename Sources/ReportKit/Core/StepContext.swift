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

    private let resumeKeysLock = NSLock()
    private var resumeKeysByRun: [String: String] = [:]

    /// The key the run `id`'s checkpoints are saved under and must carry to be
    /// continued (set by the framework before it executes the run; nil for a
    /// run that keeps no checkpoints).
    public func resumeKey(ofRun id: String) -> String? {
        resumeKeysLock.withLock { resumeKeysByRun[id] }
    }

    package func setResumeKey(_ key: String?, ofRun id: String) {
        resumeKeysLock.withLock { resumeKeysByRun[id] = key }
    }

    /// The saved output of a step this one depends on.
    public func output<S: ReportStep>(of step: S.Type) throws -> S.Output {
        try store.load(step).output
    }
}

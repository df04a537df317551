import Foundation

/// Everything about a build that a user chooses on the command line.
public struct BuildOptions: Sendable {
    public var profile: Profile = .standard
    public var seed: UInt64 = 1
    public var dataDirectory: String = "data"
    public var reportsDirectory: String = "reports"
    public var quiet: Bool = false
    /// The choices the report's parts offer beyond these (a data set, a
    /// folder, a network width), by name. The framework only carries them
    /// (to Slurm jobs, for instance); the parts read and write them through
    /// typed properties of their own.
    public var choices: [String: String] = [:]
    /// Whether each run trained also times its network on a few full batches
    /// (the calibration its saved wall time is scaled by in later plans). Tests
    /// that train runs of a few photos turn it off: in a debug build, timing
    /// the cats-vs-dogs VGG at batch 128 takes minutes, the run itself seconds.
    /// It enters no cache key; a run saved without it is planned from calibration alone.
    public var calibratesRuns: Bool = true

    public init() {}

    public var resultsDirectory: String { reportsDirectory + "/results" }
}

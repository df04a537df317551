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

    public init() {}

    public var resultsDirectory: String { reportsDirectory + "/results" }
}

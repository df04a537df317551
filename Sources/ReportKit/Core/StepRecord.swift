import Foundation

/// What a step's result file holds: the output plus everything needed to
/// decide whether it is still valid and to say how it was made.
public struct StepRecord<Config: Codable & Sendable, Output: Codable & Sendable>: Codable, Sendable {
    public var header: StepHeader
    public var config: Config
    public var output: Output
}

/// The part of a record that every reader understands, whatever the step.
public struct StepHeader: Codable, Sendable, Equatable {
    public var step: String
    public var title: String
    public var cacheKey: String
    public var codeVersion: Int
    public var profile: Profile
    public var seed: UInt64
    public var dataFingerprints: [String: String]
    public var wallSeconds: Double
    public var provenance: Provenance
}

/// How and where a result was computed.
public struct Provenance: Codable, Sendable, Equatable {
    public var gitCommit: String
    public var gitDirty: Bool
    public var createdAt: String
    public var threads: Int
    public var cpuModel: String
    public var cores: Int
    public var toolchain: String
    /// Versions of the C libraries the result was computed with ("cairo",
    /// "openblas", "libjpeg-turbo"); nil in results saved before they were recorded.
    public var libraries: [String: String]? = nil
}

/// Reads only the header of a record file.
package struct HeaderOnly: Decodable {
    package var header: StepHeader
}

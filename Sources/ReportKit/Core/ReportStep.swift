import Foundation

/// One section's computation: trains or evaluates, and returns what the report
/// needs as a Codable value. A step never draws and never writes prose.
public protocol ReportStep: Sendable {
    associatedtype Config: Codable & Sendable
    associatedtype Output: Codable & Sendable

    /// Stable id, e.g. "p1.init"; results live in reports/results/<id>.json.
    static var id: String { get }
    static var title: String { get }
    /// Steps whose saved outputs this one reads (through `StepContext.output`).
    static var dependencies: [String] { get }
    /// Bump when the step's algorithm changes, so cached results are recomputed.
    static var codeVersion: Int { get }
    /// The data sets the step reads; their fingerprints enter the cache key.
    static var inputs: [DataInput] { get }

    init()
    func config(for options: BuildOptions) -> Config
    func run(_ config: Config, context: StepContext) throws -> Output
}

extension ReportStep {
    public static var dependencies: [String] { [] }
    public static var codeVersion: Int { 1 }
}

/// A data set a step reads from outside the project, by name; the parts
/// declare theirs (`DataInput.digits`) and a `DataSource` fingerprints them.
/// The name enters cache keys.
public struct DataInput: RawRepresentable, Hashable, Codable, Sendable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// Where a build's data comes from: what each input is, cheaply (a hash of a
/// file or of a folder's listing), so that cache keys change with the data.
public protocol DataSource: AnyObject, Sendable {
    func fingerprint(of input: DataInput) throws -> String
}

import AtomicWrite
import Foundation

/// A named set of reference numbers: reports/baselines/<name>.json, tracked in git.
///
///     {
///       "name": "original",
///       "description": "Numbers published in the original report …",
///       "profile": "full",
///       "tolerances": { "accuracy_percent": 1.0 },
///       "metrics": {
///         "p1.init.zero.accuracy.final": { "kind": "accuracy_percent", "value": 11.356 },
///         …
///       }
///     }
///
/// `metrics` is a flat map of metric name (see `MetricName`) to value and kind;
/// `tolerances` optionally overrides the default tolerance of some kinds.
public struct Baseline: Codable, Sendable, Equatable {
    public var name: String
    public var description: String
    /// The profile of the results the numbers come from, when known.
    public var profile: String?
    public var tolerances: [String: Double]?
    public var metrics: MetricMap

    public init(name: String, description: String, profile: String? = nil,
                tolerances: [String: Double]? = nil, metrics: MetricMap) {
        self.name = name
        self.description = description
        self.profile = profile
        self.tolerances = tolerances
        self.metrics = metrics
    }
}

/// Baselines on disk, one JSON file per name.
public struct BaselineStore: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public func path(for name: String) -> String { "\(directory)/\(name).json" }

    public func names() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }.sorted()
    }

    public func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(for: name)) }

    public func load(_ name: String) throws -> Baseline {
        try Self.validate(name: name)
        let file = path(for: name)
        guard let data = FileManager.default.contents(atPath: file) else {
            let known = names()
            throw ReportError("\(file): no baseline named '\(name)'"
                + (known.isEmpty ? "; save one with `report baseline save \(name)`" : "; known baselines: \(known.joined(separator: ", "))"))
        }
        let baseline = try JSONCoding.decode(Baseline.self, from: data, file: file)
        for (key, value) in (baseline.tolerances ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let kind = MetricKind(rawValue: key) else {
                throw ReportError("\(file): unknown metric kind '\(key)' in tolerances; kinds: \(MetricKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if let problem = Tolerances.problem(with: value, for: kind) {
                throw ReportError("\(file): the tolerance of \(key) \(problem)")
            }
        }
        return baseline
    }

    public func save(_ baseline: Baseline) throws {
        try Self.validate(name: baseline.name)
        try AtomicFile.write(JSONCoding.encode(baseline), to: path(for: baseline.name))
    }

    /// Names become file names: keep them to letters, digits, '-', '_' and '.'.
    public static func validate(name: String) throws {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        guard !name.isEmpty, !name.hasPrefix("."), name.unicodeScalars.allSatisfy(allowed.contains) else {
            throw ReportError("invalid baseline name '\(name)': use letters, digits, '-', '_' and '.'")
        }
    }
}

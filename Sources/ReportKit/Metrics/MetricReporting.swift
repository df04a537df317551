import Foundation

/// The per-step hook that turns a step's typed output into flat metrics.
///
/// A step opts in with an extension (kept next to the other metric code, in
/// `Report/Metrics/`), e.g.
///
///     extension P2CNNStep: MetricReporting {
///         static func metrics(_ record: StepRecord<Config, Output>) -> MetricMap { … }
///     }
///
/// `RegisteredStep` finds the conformance by itself, so baselines, `report diff`
/// and the report's comparison table pick the new metrics up without further wiring.
public protocol MetricReporting: ReportStep {
    static func metrics(_ record: StepRecord<Config, Output>) -> MetricMap
}

extension MetricReporting {
    package static func savedMetrics(in store: ResultsStore) throws -> MetricMap {
        metrics(try store.load(Self.self))
    }
}

/// The metrics of every saved result.
public struct MetricSnapshot: Sendable {
    public var metrics: MetricMap
    /// Steps that report metrics but have no saved result.
    public var missingSteps: [String]
    /// Profile of each step whose metrics are included.
    public var profiles: [String: Profile]

    /// Profiles of the included results, e.g. "default" or "quick, default".
    public var profileSummary: String {
        Set(profiles.values.map(\.rawValue)).sorted().joined(separator: ", ")
    }
}

public enum MetricExtractor {
    /// Metrics of every step in `steps` that has a saved result. A result that
    /// exists but cannot be read is an error naming its file.
    public static func snapshot(store: ResultsStore, steps: [RegisteredStep]) throws -> MetricSnapshot {
        var snapshot = MetricSnapshot(metrics: [:], missingSteps: [], profiles: [:])
        for step in steps {
            guard let extract = step.metrics else { continue }
            guard store.exists(step.id) else {
                snapshot.missingSteps.append(step.id)
                continue
            }
            let metrics = try extract(store)
            snapshot.metrics.merge(metrics) { _, new in new }
            if let header = try store.header(step.id) { snapshot.profiles[step.id] = header.profile }
        }
        return snapshot
    }
}

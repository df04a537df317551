import Foundation

/// The two things users do with baselines: save the current metrics, and compare with them.
public enum BaselineComparison {
    public struct Result: Sendable {
        public var baseline: Baseline
        public var snapshot: MetricSnapshot
        public var diff: MetricDiff
        /// What limits the comparison (profiles that differ), for the reader.
        public var notes: [String] = []
        /// The ids of the report's steps, in order (to count verdicts per step).
        public var stepIDs: [String] = []
    }

    /// Compares the saved results under `options` with baseline `name`.
    /// Tolerances: defaults, then the baseline's own, then `overrides` (by kind name).
    /// With `onlyComparable`, metrics that the two profiles make mean different
    /// things are shown but not compared (`ProfileComparability`); the report's
    /// own comparison section compares everything and says which profile made what.
    public static func run(options: BuildOptions, baseline name: String, overrides: [String: Double] = [:],
                           onlyComparable: Bool = false, steps: [RegisteredStep]) throws -> Result {
        let baseline = try BaselineStore(directory: options.baselinesDirectory).load(name)
        let snapshot = try MetricExtractor.snapshot(store: ResultsStore(directory: options.resultsDirectory), steps: steps)
        let tolerances = Tolerances().overridden(by: baseline.tolerances).overridden(by: overrides)
        let scope = onlyComparable
            ? ProfileComparability(baselineProfile: baseline.profile, current: snapshot.profiles, steps: steps) : .everything
        let diff = MetricDiff.compare(baseline: baseline, current: snapshot.metrics, tolerances: tolerances,
                                      comparable: scope.isComparable)
        return Result(baseline: baseline, snapshot: snapshot, diff: diff, notes: scope.notes, stepIDs: steps.map(\.id))
    }

    /// A baseline saved from other results, compared with a reference baseline.
    public struct SavedRun: Sendable {
        public var baseline: Baseline
        public var diff: MetricDiff
    }

    /// Every other baseline saved from original-schedule results (e.g. the 35-epoch
    /// VGG run made with `--profile full --steps p3.train`), compared with
    /// `original`: a long run the default build cannot afford stays visible
    /// in the report.
    public static func savedFullRuns(options: BuildOptions, against original: Baseline) throws -> [SavedRun] {
        let store = BaselineStore(directory: options.baselinesDirectory)
        let tolerances = Tolerances().overridden(by: original.tolerances)
        return try store.names().filter { $0 != original.name }.compactMap { name in
            let saved = try store.load(name)
            guard ["full", Profile.original.rawValue].contains(saved.profile) else { return nil }
            return SavedRun(baseline: saved, diff: MetricDiff.compare(baseline: original, current: saved.metrics, tolerances: tolerances))
        }
    }

    /// Writes the current metrics as baseline `name`; returns it and its path.
    public static func save(options: BuildOptions, name: String, description: String?, overwrite: Bool,
                            steps: [RegisteredStep]) throws -> (Baseline, String) {
        let store = BaselineStore(directory: options.baselinesDirectory)
        try BaselineStore.validate(name: name)
        if store.exists(name) && !overwrite {
            throw ReportError("\(store.path(for: name)): a baseline named '\(name)' exists; pass --overwrite to replace it")
        }
        let results = ResultsStore(directory: options.resultsDirectory)
        let snapshot = try MetricExtractor.snapshot(store: results, steps: steps)
        guard !snapshot.metrics.isEmpty else {
            throw ReportError("\(options.resultsDirectory): no saved results to take metrics from; run `report build` first")
        }
        let commits = Set(snapshot.profiles.keys.compactMap { try? results.header($0)?.provenance.gitCommit.prefix(10) })
        let about = description ?? "Metrics of the saved results (profile \(snapshot.profileSummary), commit "
            + (commits.isEmpty ? "unknown" : commits.sorted().joined(separator: ", ")) + ")."
        let baseline = Baseline(name: name, description: about, profile: snapshot.profileSummary, metrics: snapshot.metrics)
        try store.save(baseline)
        return (baseline, store.path(for: name))
    }
}

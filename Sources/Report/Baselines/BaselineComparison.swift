import Foundation

/// The two things users do with baselines: save the current metrics, and compare with them.
public enum BaselineComparison {
    public struct Result: Sendable {
        public var baseline: Baseline
        public var snapshot: MetricSnapshot
        public var diff: MetricDiff
    }

    /// Compares the saved results under `options` with baseline `name`.
    /// Tolerances: defaults, then the baseline's own, then `overrides` (by kind name).
    public static func run(options: BuildOptions, baseline name: String, overrides: [String: Double] = [:],
                           steps: [RegisteredStep] = StepRegistry.all) throws -> Result {
        let baseline = try BaselineStore(directory: options.baselinesDirectory).load(name)
        let snapshot = try MetricExtractor.snapshot(store: ResultsStore(directory: options.resultsDirectory), steps: steps)
        let tolerances = Tolerances().overridden(by: baseline.tolerances).overridden(by: overrides)
        let diff = MetricDiff.compare(baseline: baseline, current: snapshot.metrics, tolerances: tolerances)
        return Result(baseline: baseline, snapshot: snapshot, diff: diff)
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
                            steps: [RegisteredStep] = StepRegistry.all) throws -> (Baseline, String) {
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

/// `report diff`'s output, as text for people and JSON for scripts.
public enum DiffPrinter {
    public static func text(_ diff: MetricDiff, snapshot: MetricSnapshot, baseline: Baseline) -> String {
        var lines: [String] = []
        lines.append("baseline \(baseline.name): \(baseline.description)")
        lines.append("current: results of profile \(snapshot.profileSummary.isEmpty ? "none" : snapshot.profileSummary)"
            + (snapshot.missingSteps.isEmpty ? "" : "; no results for \(snapshot.missingSteps.joined(separator: ", "))"))
        if snapshot.profiles.values.contains(.quick), baseline.profile != "quick" {
            lines.append("note: results of the quick profile (subsets, few epochs) against a baseline of profile \(baseline.profile ?? "unknown"); expect differences")
        }
        let t = diff.tolerances
        lines.append("tolerances: accuracy \(t.describe(.accuracyPercent)), loss \(t.describe(.loss)), "
            + "gradient error \(t.describe(.gradientError)), counts \(t.describe(.count)), timings \(t.describe(.seconds))")
        lines.append("")
        let shared = diff.shared
        if !shared.isEmpty {
            let width = max(6, shared.map(\.metric.count).max() ?? 0)
            lines.append(pad("metric", width) + "  " + lpad("baseline", 12) + "  " + lpad("current", 12) + "  "
                + lpad("difference", 12) + "  verdict")
            for row in shared {
                let verdict: String
                switch row.verdict {
                case .same: verdict = "ok"
                case .moved: verdict = "MOVED (tolerance \(row.tolerance))"
                case .info: verdict = "info"
                case .onlyInBaseline, .onlyInCurrent: verdict = ""
                }
                lines.append(pad(row.metric, width) + "  " + lpad(value(row.baseline, row.kind), 12) + "  "
                    + lpad(value(row.current, row.kind), 12) + "  "
                    + lpad(MetricDiff.describeDifference(row), 12) + "  " + verdict)
            }
            lines.append("")
        }
        for (title, rows) in [("only in the baseline", diff.onlyInBaseline), ("only in the current results", diff.onlyInCurrent)]
        where !rows.isEmpty {
            lines.append("\(title) (\(rows.count), not compared):")
            lines.append(contentsOf: collapse(rows.map(\.metric)).map { "  " + $0 })
        }
        let moved = diff.failures
        let within = shared.filter { $0.verdict == .same }.count
        lines.append("\(shared.count) shared metrics: \(within) within tolerance, \(moved.count) moved beyond it"
            + (shared.contains { $0.verdict == .info } ? ", \(shared.filter { $0.verdict == .info }.count) timings not compared" : ""))
        if !moved.isEmpty {
            lines.append("FAILED: moved beyond tolerance: " + moved.map(\.metric).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    public static func json(_ diff: MetricDiff, snapshot: MetricSnapshot) throws -> String {
        struct Output: Encodable {
            var baseline: String
            var failed: Bool
            var currentProfile: String
            var moved: [String]
            var rows: [DiffRow]
        }
        let output = Output(baseline: diff.baselineName, failed: diff.failed, currentProfile: snapshot.profileSummary,
                            moved: diff.failures.map(\.metric), rows: diff.rows)
        return String(decoding: try JSONCoding.encode(output), as: UTF8.self)
    }

    /// A value as a person reads it in a terminal.
    static func value(_ x: Double?, _ kind: MetricKind) -> String {
        guard let x else { return "—" }
        guard x.isFinite else { return x.isNaN ? "NaN" : x > 0 ? "inf" : "-inf" }
        switch kind {
        case .accuracyPercent: return String(format: "%.3f", x)
        case .loss: return String(format: "%.4f", x)
        case .count: return NumberFormat.count(x)
        case .seconds: return String(format: "%.2f s", x)
        case .gradientError: return String(format: "%.2e", x)
        }
    }

    /// Folds per-epoch runs of names into one line: "p2.cnn.test.accuracy.epoch00…epoch10 (11)".
    static func collapse(_ names: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < names.count {
            guard let (base, _) = splitEpoch(names[i]) else {
                out.append(names[i])
                i += 1
                continue
            }
            var j = i + 1
            while j < names.count, let (other, _) = splitEpoch(names[j]), other == base { j += 1 }
            if j - i == 1 {
                out.append(names[i])
            } else {
                out.append("\(names[i])…\(splitEpoch(names[j - 1])!.1) (\(j - i))")
            }
            i = j
        }
        return out
    }

    private static func splitEpoch(_ name: String) -> (String, String)? {
        guard let dot = name.lastIndex(of: "."), name[name.index(after: dot)...].hasPrefix("epoch") else { return nil }
        return (String(name[..<dot]), String(name[name.index(after: dot)...]))
    }

    private static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    private static func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
}

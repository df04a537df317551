import Foundation

/// `report diff`'s output: every row as text, a summary a person reads at a
/// glance, and JSON for scripts. All three use the verdicts' own words
/// (`DiffRow.Verdict`): within, moved, not_compared, only_in_baseline, only_in_current.
public enum DiffPrinter {
    public static func text(_ result: BaselineComparison.Result) -> String {
        let diff = result.diff
        var lines = heading(result)
        lines.append("")
        let shared = diff.shared
        if !shared.isEmpty {
            let width = max(6, shared.map(\.metric.count).max() ?? 0)
            lines.append(pad("metric", width) + "  " + lpad("baseline", 12) + "  " + lpad("current", 12) + "  "
                + lpad("difference", 12) + "  verdict")
            for row in shared {
                lines.append(pad(row.metric, width) + "  " + lpad(value(row.baseline, row.kind), 12) + "  "
                    + lpad(value(row.current, row.kind), 12) + "  "
                    + lpad(MetricDiff.describeDifference(row), 12) + "  " + verdictText(row, diff.tolerances))
            }
            lines.append("")
        }
        for (title, rows) in [("only in the baseline", diff.onlyInBaseline), ("only in the current results", diff.onlyInCurrent)]
        where !rows.isEmpty {
            lines.append("\(title) (\(rows.count), not compared):")
            lines.append(contentsOf: collapse(rows.map(\.metric)).map { "  " + $0 })
        }
        if diff.failed { lines.append("moved beyond tolerance: " + diff.failures.map(\.metric).joined(separator: ", ")) }
        lines.append(closing(diff))
        return lines.joined(separator: "\n")
    }

    /// A few lines: the verdicts counted per step, then what moved (at most `shown` of them).
    public static func summary(_ result: BaselineComparison.Result, shown: Int = 10) -> String {
        var lines = heading(result, describing: false)
        lines.append("")
        let verdicts = DiffRow.Verdict.allCases
        let names = ["step"] + verdicts.map(\.rawValue)
        let steps = perStep(result.diff, steps: result.stepIDs)
        let width = max(names[0].count, steps.map(\.step.count).max() ?? 0)
        lines.append(([pad(names[0], width)] + names.dropFirst().map { lpad($0, max($0.count, 6)) }).joined(separator: "  "))
        for (step, counts) in steps {
            let cells = verdicts.map { lpad(String(counts[$0] ?? 0), max($0.rawValue.count, 6)) }
            lines.append(([pad(step, width)] + cells).joined(separator: "  "))
        }
        let moved = result.diff.failures
        if !moved.isEmpty {
            lines.append("")
            lines.append("moved:")
            for row in moved.prefix(shown) {
                lines.append("  \(row.metric)  \(value(row.baseline, row.kind)) → \(value(row.current, row.kind))  "
                    + "(\(MetricDiff.describeDifference(row)); tolerance \(result.diff.tolerances.describe(row.kind)))")
            }
            if moved.count > shown { lines.append("  … and \(moved.count - shown) more (`report diff` without --summary lists them)") }
        }
        lines.append(closing(result.diff))
        return lines.joined(separator: "\n")
    }

    /// The verdicts per step, in the steps' order (metrics of no known step last, as "other").
    package static func perStep(_ diff: MetricDiff, steps: [String]) -> [(step: String, counts: [DiffRow.Verdict: Int])] {
        var counts: [String: [DiffRow.Verdict: Int]] = [:]
        for row in diff.rows {
            let step = steps.first { row.metric.hasPrefix($0 + ".") } ?? "other"
            counts[step, default: [:]][row.verdict, default: 0] += 1
        }
        return (steps + ["other"]).compactMap { step in counts[step].map { (step, $0) } }
    }

    private static func heading(_ result: BaselineComparison.Result, describing: Bool = true) -> [String] {
        let snapshot = result.snapshot, baseline = result.baseline
        let t = result.diff.tolerances
        let profile = baseline.profile.map { Profile(savedName: $0)?.rawValue ?? $0 } ?? "unknown"
        return [
            "baseline \(baseline.name) (profile \(profile))" + (describing ? ": \(baseline.description)" : ""),
            "current: results of profile \(snapshot.profileSummary.isEmpty ? "none" : snapshot.profileSummary)"
                + (snapshot.missingSteps.isEmpty ? "" : "; no results for \(snapshot.missingSteps.joined(separator: ", "))"),
            "tolerances: accuracy \(t.describe(.accuracyPercent)), loss \(t.describe(.loss)), "
                + "gradient error \(t.describe(.gradientError)), counts \(t.describe(.count)), timings not compared",
        ]
    }

    private static func closing(_ diff: MetricDiff) -> String {
        let counts = diff.counts
        let notCompared = diff.rows.filter { $0.verdict == .notCompared }
        let reasons = [DiffRow.Reason.timing, .profile].compactMap { reason -> String? in
            let n = notCompared.filter { $0.reason == reason }.count
            return n == 0 ? nil : "\(n) \(reason.rawValue)"
        }
        return "\(diff.shared.count) shared metrics: \(counts[.within] ?? 0) within, \(counts[.moved] ?? 0) moved, "
            + "\(notCompared.count) not_compared" + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))")
            + " — result: " + (diff.failed ? "moved" : "within")
    }

    private static func verdictText(_ row: DiffRow, _ tolerances: Tolerances) -> String {
        switch row.verdict {
        case .moved: return "moved (tolerance \(tolerances.describe(row.kind)))"
        case .notCompared: return "not_compared (\(row.reason?.rawValue ?? "?"))"
        default: return row.verdict.rawValue
        }
    }

    public static func json(_ result: BaselineComparison.Result, summary: Bool) throws -> String {
        let diff = result.diff
        let tolerances = Dictionary(uniqueKeysWithValues: MetricKind.allCases.map { kind in
            (kind.rawValue, DiffJSON.Tolerance(rule: Tolerances.rule(kind), value: diff.tolerances.value(kind)))
        })
        let profile = result.baseline.profile.map { Profile(savedName: $0)?.rawValue ?? $0 }
        let output = DiffJSON(
            baseline: .init(name: result.baseline.name, profile: profile, description: result.baseline.description),
            current: .init(profiles: result.snapshot.profiles.mapValues(\.rawValue), missingSteps: result.snapshot.missingSteps),
            result: diff.failed ? .moved : .within, warnings: result.notes, tolerances: tolerances,
            counts: Dictionary(uniqueKeysWithValues: diff.counts.map { ($0.key.rawValue, $0.value) }),
            steps: summary ? Dictionary(uniqueKeysWithValues: perStep(diff, steps: result.stepIDs).map { step, counts in
                (step, Dictionary(uniqueKeysWithValues: DiffRow.Verdict.allCases.map { ($0.rawValue, counts[$0] ?? 0) }))
            }) : nil,
            moved: diff.failures.map(\.metric), rows: summary ? nil : diff.rows)
        return String(decoding: try JSONCoding.encode(output), as: UTF8.self)
    }

    /// A value as a person reads it in a terminal.
    package static func value(_ x: Double?, _ kind: MetricKind) -> String {
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
    package static func collapse(_ names: [String]) -> [String] {
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

/// The shape of `report diff --json`.
package struct DiffJSON: Encodable {
    package struct BaselineInfo: Encodable {
        package var name: String
        package var profile: String?
        package var description: String
    }

    package struct Current: Encodable {
        /// Step id → the profile its saved result was made with.
        package var profiles: [String: String]
        package var missingSteps: [String]
    }

    package struct Tolerance: Encodable {
        package var rule: Tolerances.Rule
        package var value: Double?
    }

    package var baseline: BaselineInfo
    package var current: Current
    /// `within` (exit status 0) or `moved` (1).
    package var result: DiffRow.Verdict
    package var warnings: [String]
    /// Metric kind → its rule and numeric tolerance.
    package var tolerances: [String: Tolerance]
    /// Verdict → rows with it.
    package var counts: [String: Int]
    /// With --summary: step → verdict → rows.
    package var steps: [String: [String: Int]]?
    package var moved: [String]
    /// Without --summary: every row.
    package var rows: [DiffRow]?
}

import Foundation

/// How far each kind of metric may move before a diff calls it a change.
public struct Tolerances: Sendable, Equatable {
    /// Accuracy, in absolute percentage points.
    public var accuracyPoints: Double = 0.5
    /// Loss, relative to the baseline value (0.10 = 10 %).
    public var lossRelative: Double = 0.10
    /// Gradient errors: allowed ratio between the two values, either way.
    public var gradientFactor: Double = 10
    /// Counts: absolute difference (0: must match).
    public var countAbsolute: Double = 0

    public init() {}

    /// Defaults, then the baseline's own overrides, then the user's.
    public func overridden(by values: [String: Double]?) -> Tolerances {
        var result = self
        for (key, value) in values ?? [:] {
            switch MetricKind(rawValue: key) {
            case .accuracyPercent: result.accuracyPoints = value
            case .loss: result.lossRelative = value
            case .gradientError: result.gradientFactor = value
            case .count: result.countAbsolute = value
            case .seconds, nil: break
            }
        }
        return result
    }

    /// The tolerance of `kind` in words, e.g. "±0.5 pts".
    public func describe(_ kind: MetricKind) -> String {
        switch kind {
        case .accuracyPercent: return "±" + NumberFormat.decimal(accuracyPoints, digits: 2) + " pts"
        case .loss: return "±" + NumberFormat.decimal(100 * lossRelative, digits: 1) + " %"
        case .gradientError: return "×" + NumberFormat.decimal(gradientFactor, digits: 1)
        case .count: return countAbsolute == 0 ? "exact" : "±" + NumberFormat.decimal(countAbsolute, digits: 0)
        case .seconds: return "not compared"
        }
    }
}

/// One metric compared between a baseline and the current results.
public struct DiffRow: Codable, Sendable, Equatable {
    public enum Verdict: String, Codable, Sendable {
        /// Within tolerance.
        case same
        /// Beyond tolerance: the diff fails.
        case moved
        /// Not compared (timings).
        case info
        case onlyInBaseline = "only_in_baseline"
        case onlyInCurrent = "only_in_current"
    }

    public var metric: String
    public var kind: MetricKind
    public var baseline: Double?
    public var current: Double?
    /// current − baseline (points for accuracy, the raw difference otherwise).
    public var difference: Double?
    public var tolerance: String
    public var verdict: Verdict
}

/// Every metric of a baseline beside the current value, with verdicts.
public struct MetricDiff: Sendable {
    public var baselineName: String
    public var rows: [DiffRow]
    public var tolerances: Tolerances

    public var shared: [DiffRow] { rows.filter { $0.baseline != nil && $0.current != nil } }
    public var failures: [DiffRow] { rows.filter { $0.verdict == .moved } }
    public var onlyInBaseline: [DiffRow] { rows.filter { $0.verdict == .onlyInBaseline } }
    public var onlyInCurrent: [DiffRow] { rows.filter { $0.verdict == .onlyInCurrent } }
    /// True when some shared metric moved beyond its tolerance.
    public var failed: Bool { !failures.isEmpty }

    public static func compare(baseline: Baseline, current: MetricMap, tolerances: Tolerances) -> MetricDiff {
        let names = Set(baseline.metrics.keys).union(current.keys).sorted(by: metricOrder)
        let rows = names.map { name -> DiffRow in
            let old = baseline.metrics[name], new = current[name]
            let kind = old?.kind ?? new!.kind
            var row = DiffRow(metric: name, kind: kind, baseline: old?.value, current: new?.value,
                              difference: nil, tolerance: tolerances.describe(kind), verdict: .same)
            guard let old, let new else {
                row.verdict = old == nil ? .onlyInCurrent : .onlyInBaseline
                return row
            }
            row.difference = new.value - old.value
            row.verdict = verdict(old: old.value, new: new.value, kind: kind, tolerances: tolerances)
            return row
        }
        return MetricDiff(baselineName: baseline.name, rows: rows, tolerances: tolerances)
    }

    static func verdict(old: Double, new: Double, kind: MetricKind, tolerances: Tolerances) -> DiffRow.Verdict {
        if kind == .seconds { return .info }
        if old.isNaN || new.isNaN { return old.isNaN && new.isNaN ? .same : .moved }
        if old == new { return .same }
        let within: Bool
        switch kind {
        case .accuracyPercent: within = abs(new - old) <= tolerances.accuracyPoints + 1e-9
        case .loss: within = abs(new - old) <= tolerances.lossRelative * abs(old) + 1e-12
        case .count: within = abs(new - old) <= tolerances.countAbsolute
        case .gradientError:
            // Ratios of tiny errors: zero against zero is the same, zero against anything else is not.
            guard old > 0, new > 0 else { return .moved }
            within = max(new / old, old / new) <= tolerances.gradientFactor
        case .seconds: within = true
        }
        return within ? .same : .moved
    }

    /// Names in reading order: numbers inside names compare as numbers (n5 < n50 < n500).
    /// Names the numeric order calls equal (lr0.05 and lr0.005: both "5" after
    /// "0.") fall back to plain order, so that a sort never depends on the
    /// order of a dictionary.
    static func metricOrder(_ a: String, _ b: String) -> Bool {
        switch a.compare(b, options: [.numeric]) {
        case .orderedAscending: return true
        case .orderedDescending: return false
        case .orderedSame: return a < b
        }
    }

    /// The difference in words: "+0.42 pts", "−8.1 %", "×3.2".
    public static func describeDifference(_ row: DiffRow) -> String {
        guard let old = row.baseline, let new = row.current, let difference = row.difference else { return "" }
        switch row.kind {
        case .accuracyPercent: return NumberFormat.signed(difference, digits: 2) + NumberFormat.unitSpace + "pts"
        case .loss, .seconds:
            guard old != 0 else { return NumberFormat.signed(difference, digits: 4) }
            return NumberFormat.signed(100 * difference / abs(old), digits: 1) + NumberFormat.unitSpace + "%"
        case .count: return NumberFormat.signed(difference, digits: 0, grouped: true)
        case .gradientError:
            guard old > 0, new > 0 else { return NumberFormat.signed(difference, digits: 2) }
            return "×" + NumberFormat.significant(new / old, digits: 2)
        }
    }
}

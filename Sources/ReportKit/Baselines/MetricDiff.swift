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

    /// What is wrong with `value` as the tolerance of `kind`, or nil when nothing is:
    /// a negative or non-finite tolerance would make every comparison fail, or none.
    public static func problem(with value: Double, for kind: MetricKind) -> String? {
        guard value.isFinite else { return "must be a finite number, got \(value)" }
        if kind == .gradientError { return value >= 1 ? nil : "is a factor and must be at least 1, got \(value)" }
        return value >= 0 ? nil : "must not be negative, got \(value)"
    }

    /// How a kind's tolerance applies.
    public enum Rule: String, Codable, Sendable {
        /// |current − baseline| ≤ tolerance (accuracy in percentage points, counts).
        case absolute
        /// |current − baseline| ≤ tolerance × |baseline| (losses).
        case relative
        /// max(current / baseline, baseline / current) ≤ tolerance (gradient errors).
        case factor
        /// Never compared (timings).
        case none
    }

    public static func rule(_ kind: MetricKind) -> Rule {
        switch kind {
        case .accuracyPercent, .count: .absolute
        case .loss: .relative
        case .gradientError: .factor
        case .seconds: .none
        }
    }

    /// The tolerance of `kind` as a number (nil for timings, which are not compared).
    public func value(_ kind: MetricKind) -> Double? {
        switch kind {
        case .accuracyPercent: accuracyPoints
        case .loss: lossRelative
        case .gradientError: gradientFactor
        case .count: countAbsolute
        case .seconds: nil
        }
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
    /// The one vocabulary of `report diff`, in its text and its JSON alike.
    public enum Verdict: String, Codable, Sendable, CaseIterable {
        /// Compared, and within tolerance.
        case within
        /// Compared, and beyond tolerance: the diff fails (exit status 1).
        case moved
        /// On both sides but not compared; `reason` says why.
        case notCompared = "not_compared"
        case onlyInBaseline = "only_in_baseline"
        case onlyInCurrent = "only_in_current"
    }

    /// Why a metric on both sides was not compared.
    public enum Reason: String, Codable, Sendable {
        /// A timing: machines differ, so it is shown, never judged.
        case timing
        /// The baseline's profile and the results' own make the number mean different things
        /// (another number of epochs, another subset or width).
        case profile
    }

    public var metric: String
    public var kind: MetricKind
    public var baseline: Double?
    public var current: Double?
    /// current − baseline (points for accuracy, the raw difference otherwise).
    public var difference: Double?
    /// The tolerance of this metric's kind, as a number: how it applies is the
    /// kind's rule (`Tolerances.rule`); nil for what is not compared.
    public var tolerance: Double?
    public var verdict: Verdict
    public var reason: Reason?

    private enum CodingKeys: String, CodingKey { case metric, kind, baseline, current, difference, tolerance, verdict, reason }

    /// Absent values as null, so that every row of `report diff --json` has the same keys.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(metric, forKey: .metric)
        try container.encode(kind, forKey: .kind)
        try container.encode(baseline, forKey: .baseline)
        try container.encode(current, forKey: .current)
        try container.encode(difference, forKey: .difference)
        try container.encode(tolerance, forKey: .tolerance)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(reason, forKey: .reason)
    }
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

    /// How many rows have each verdict (every verdict present, zeros included).
    public var counts: [DiffRow.Verdict: Int] {
        var counts = Dictionary(uniqueKeysWithValues: DiffRow.Verdict.allCases.map { ($0, 0) })
        for row in rows { counts[row.verdict, default: 0] += 1 }
        return counts
    }

    /// `comparable` says which shared metrics mean the same thing on both sides;
    /// the others are shown as not compared, and never fail the diff.
    public static func compare(baseline: Baseline, current: MetricMap, tolerances: Tolerances,
                               comparable: (String) -> Bool = { _ in true }) -> MetricDiff {
        let names = Set(baseline.metrics.keys).union(current.keys).sorted(by: metricOrder)
        let rows = names.map { name -> DiffRow in
            let old = baseline.metrics[name], new = current[name]
            let kind = old?.kind ?? new!.kind
            var row = DiffRow(metric: name, kind: kind, baseline: old?.value, current: new?.value,
                              difference: nil, tolerance: nil, verdict: .within)
            guard let old, let new else {
                row.verdict = old == nil ? .onlyInCurrent : .onlyInBaseline
                return row
            }
            row.difference = new.value - old.value
            if kind == .seconds || !comparable(name) {
                row.verdict = .notCompared
                row.reason = kind == .seconds ? .timing : .profile
                return row
            }
            row.tolerance = tolerances.value(kind)
            row.verdict = verdict(old: old.value, new: new.value, kind: kind, tolerances: tolerances)
            return row
        }
        return MetricDiff(baselineName: baseline.name, rows: rows, tolerances: tolerances)
    }

    package static func verdict(old: Double, new: Double, kind: MetricKind, tolerances: Tolerances) -> DiffRow.Verdict {
        if kind == .seconds { return .notCompared }
        if old.isNaN || new.isNaN { return old.isNaN && new.isNaN ? .within : .moved }
        if old == new { return .within }
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
        return within ? .within : .moved
    }

    /// Names in reading order: numbers inside names compare as numbers (n5 < n50 < n500).
    /// Names the numeric order calls equal (lr0.05 and lr0.005: both "5" after
    /// "0.") fall back to plain order, so that a sort never depends on the
    /// order of a dictionary.
    package static func metricOrder(_ a: String, _ b: String) -> Bool {
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

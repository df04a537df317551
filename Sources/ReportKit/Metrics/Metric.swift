import Foundation

/// What a number measures, which decides how far it may move before a diff
/// calls it a change (see `Tolerances`).
public enum MetricKind: String, Codable, CaseIterable, Sendable {
    /// Accuracy in percent; compared in absolute points.
    case accuracyPercent = "accuracy_percent"
    /// A loss; compared relatively (a 10 % change of a small loss is a change).
    case loss
    /// A count (parameters, examples); must match exactly.
    case count
    /// A gradient error that spans decades; compared by ratio.
    case gradientError = "gradient_error"
    /// A timing; shown, never a failure (machines differ).
    case seconds
}

/// One number of a result, with its kind.
public struct Metric: Codable, Equatable, Sendable {
    public var value: Double
    public var kind: MetricKind

    public init(_ value: Double, _ kind: MetricKind) {
        self.value = value
        self.kind = kind
    }
}

/// Metric name → metric: the flat view of all results that baselines store and diffs compare.
public typealias MetricMap = [String: Metric]

/// How metric names are formed — the one place the scheme is written down.
///
///     <step id>.<run>[.<split>].<quantity>.<when>
///
/// - `<step id>`: the step that produced the number (`p1.init`, `p1.hyperparams`, `p2.cnn`, …).
/// - `<run>`: the run inside the step (`zero`, `lr0.01`, `best_lr0.1_bs100`), left out when the step has one run.
/// - `<split>`: `train`, `valid` or `test`, given when a step evaluates on more than one set
///   (Problem 1's initialisation runs are scored on the training set only, and say nothing).
/// - `<quantity>`: `accuracy` (percent), `loss` (the printed, clamped loss), `exact_loss`, `parameters`, …
/// - `<when>`: `final` (after the last epoch), `epochNN` (two digits; `epoch00` is before
///   training when a step measures it), or a label such as `total`, `mean`, `n500`.
///
/// Examples: `p1.init.zero.accuracy.final`, `p1.hyperparams.lr0.01.valid.accuracy.epoch03`,
/// `p1.model.parameters.total`, `p2.cnn.test.loss.epoch00`, `p3.train.vgg_lr0.1_bs128.valid.accuracy.final`.
/// Accuracies are always in percent, the unit baselines compare in; steps save fractions, and
/// `addAccuracy` and `addAccuracyCurve` are where they become percent.
public enum MetricName {
    public static func epoch(_ base: String, _ epoch: Int) -> String {
        base + ".epoch" + (epoch < 10 ? "0" : "") + String(epoch)
    }

    public static func final(_ base: String) -> String { base + ".final" }

    /// True for names that summarise a run (final values, totals), as opposed to per-epoch points.
    public static func isSummary(_ name: String) -> Bool {
        !(name.split(separator: ".").last ?? "").hasPrefix("epoch")
    }
}

extension Dictionary where Key == String, Value == Metric {
    /// Adds one value per epoch (`<base>.epochNN`, numbered from `firstEpoch`) and the last one as `<base>.final`.
    public mutating func addCurve(_ base: String, _ values: [Double], kind: MetricKind, firstEpoch: Int = 1) {
        for (i, value) in values.enumerated() { self[MetricName.epoch(base, firstEpoch + i)] = Metric(value, kind) }
        if let last = values.last { self[MetricName.final(base)] = Metric(last, kind) }
    }

    public mutating func add(_ name: String, _ value: Double, kind: MetricKind) {
        self[name] = Metric(value, kind)
    }

    /// Adds an accuracy (or another share) saved as a fraction, in percent.
    public mutating func addAccuracy(_ name: String, fraction: Double) {
        add(name, 100 * fraction, kind: .accuracyPercent)
    }

    /// `addCurve` for accuracies saved as fractions, in percent.
    public mutating func addAccuracyCurve(_ base: String, fractions: [Double], firstEpoch: Int = 1) {
        addCurve(base, fractions.map { 100 * $0 }, kind: .accuracyPercent, firstEpoch: firstEpoch)
    }
}

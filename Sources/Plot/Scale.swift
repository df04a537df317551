import Foundation

// Axis scales and automatic axis ranges. Ranges are computed from finite
// data only, so a diverged run (NaN, ±∞) can never blow up the axis.

/// How data values map onto an axis.
public enum Scale: Sendable {
    case linear
    /// Base-10 logarithmic; values ≤ 0 cannot be shown and are treated like −∞.
    case log10

    /// Maps a data value into the linear space the axis is drawn in.
    /// Non-positive values on a log axis give −∞ (0) or NaN (negative).
    func transform(_ v: Double) -> Double {
        switch self {
        case .linear: return v
        case .log10:
            if v > 0 { return Foundation.log10(v) }
            return v == 0 ? -.infinity : .nan
        }
    }

    func inverse(_ t: Double) -> Double {
        switch self {
        case .linear: return t
        case .log10: return pow(10, t)
        }
    }
}

/// Automatic axis ranges.
public enum AxisRange {
    /// The default range for data: the finite (and, on a log axis, positive)
    /// values plus a relative `margin` on each side, measured in the axis'
    /// transformed space as matplotlib does. Empty data gives [0, 1]
    /// (log: [1, 10]); a single distinct value v gives v ± 10% (v = 0: ±1;
    /// log: one decade each side) so it sits in the middle of the axis.
    public static func auto(_ values: [Double], scale: Scale = .linear, margin: Double = 0.05) -> ClosedRange<Double> {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values {
            let t = scale.transform(v)
            if t.isFinite { lo = min(lo, t); hi = max(hi, t) }
        }
        guard lo <= hi else { return scale == .log10 ? 1...10 : 0...1 }
        if lo == hi { return singular(scale.inverse(lo), scale: scale) }
        let pad = (hi - lo) * margin
        return scale.inverse(lo - pad)...scale.inverse(hi + pad)
    }

    static func singular(_ v: Double, scale: Scale) -> ClosedRange<Double> {
        switch scale {
        case .log10: return (v / 10)...(v * 10)
        case .linear:
            let pad = v == 0 ? 1 : abs(v) * 0.1
            return (v - pad)...(v + pad)
        }
    }
}

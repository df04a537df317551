import Foundation

// "Nice number" tick selection for linear axes and the label formatting
// shared by all axes and colour bars.

/// A tick mark on an axis. Minor ticks have empty labels.
public struct Tick: Equatable, Sendable {
    public var value: Double
    public var label: String
    public var isMinor: Bool
    public init(value: Double, label: String, isMinor: Bool = false) {
        self.value = value; self.label = label; self.isMinor = isMinor
    }
}

/// Chooses tick positions and labels.
public enum TickLocator {
    /// Ticks at multiples of a step from {1, 2, 2.5, 5} × 10^k: the smallest
    /// such step giving at most `maxTicks` ticks inside [lo, hi] (inclusive),
    /// which yields about 5–8 ticks for the default. With `integer` only whole
    /// steps (1, 2, 5, 10, 20, 25, ...) are used, e.g. for epochs.
    public static func linear(_ lo: Double, _ hi: Double, maxTicks: Int = 8, integer: Bool = false) -> [Tick] {
        guard lo.isFinite, hi.isFinite else { return [] }
        if lo == hi { return [Tick(value: lo, label: formatTickLabels([lo]).first ?? "")] }
        let (a, b) = (min(lo, hi), max(lo, hi))
        // Limits ±1e308 apart overflow the span to ∞, whose logarithm has no Int.
        guard (b - a).isFinite else { return [] }
        let step = niceStep(a, b, maxTicks: max(1, maxTicks), integer: integer)
        let values = step.values(in: a, b)
        let labels = formatTickLabels(values)
        return zip(values, labels).map { Tick(value: $0, label: $1) }
    }

    /// A step m × 10^p with integer mantissa m ∈ {10, 20, 25, 50}; keeping
    /// the mantissa integral lets tick values be computed as exact decimals.
    struct Step {
        let mantissa: Int
        let exponent: Int

        var value: Double { decimal(mantissa, exponent) }

        // A small tolerance so that a limit which is a multiple of the step
        // up to rounding (0.3 / 0.05) still counts as inside.
        func range(in lo: Double, _ hi: Double) -> ClosedRange<Int>? {
            let s = value
            let first = (lo / s - 1e-9).rounded(.up), last = (hi / s + 1e-9).rounded(.down)
            // A step that underflowed to 0 (a subnormal span) or limits far from
            // the step's scale give no ticks rather than an Int conversion trap
            // (the bound also keeps `index * mantissa` below in Int's range).
            guard first.isFinite, last.isFinite, abs(first) < 1e17, abs(last) < 1e17, first <= last else { return nil }
            return Int(first)...Int(last)
        }

        func count(in lo: Double, _ hi: Double) -> Int { range(in: lo, hi)?.count ?? 0 }

        func values(in lo: Double, _ hi: Double) -> [Double] {
            guard let r = range(in: lo, hi) else { return [] }
            return r.map { decimal($0 * mantissa, exponent) }
        }
    }

    static func niceStep(_ lo: Double, _ hi: Double, maxTicks: Int, integer: Bool) -> Step {
        let span = hi - lo
        var p = Int(Foundation.log10(span / Double(maxTicks)).rounded(.down)) - 2
        // Never needs more than a few decades of candidates; the bound guards
        // against pathological inputs.
        for _ in 0..<12 {
            for m in [10, 20, 25, 50] {
                let step = Step(mantissa: m, exponent: p)
                if integer && !isWhole(step) { continue }
                if step.count(in: lo, hi) <= maxTicks { return step }
            }
            p += 1
        }
        return Step(mantissa: 10, exponent: p)
    }

    private static func isWhole(_ s: Step) -> Bool {
        s.exponent >= 0 || (s.exponent == -1 && s.mantissa % 10 == 0)
    }
}

/// n × 10^p, correctly rounded: dividing by an exact power of ten gives
/// 0.1 rather than 1 × 0.1000000000000000055.
func decimal(_ n: Int, _ p: Int) -> Double {
    p >= 0 ? Double(n) * pow(10, Double(p)) : Double(n) / pow(10, Double(-p))
}

/// Labels for evenly spaced tick values: all with the same, fewest number of
/// decimals that represents every value exactly (hence keeps them distinct),
/// e.g. 0.0 0.2 … 1.0 or 0 2.5 5.0 → "0.0", "2.5", "5.0". Very large or very
/// small magnitudes switch to "2.5×10⁻⁵" so labels stay short.
public func formatTickLabels(_ values: [Double]) -> [String] {
    guard !values.isEmpty else { return [] }
    let maxAbs = values.map(abs).max() ?? 0
    if maxAbs >= 1e6 || (maxAbs > 0 && maxAbs < 1e-4) {
        return formatScientific(values)
    }
    let d = fewestDecimals(values)
    return values.map { fixed($0, decimals: d) }
}

/// The fewest decimals (0...12) at which every value prints exactly.
func fewestDecimals(_ values: [Double]) -> Int {
    for d in 0...12 {
        let scale = pow(10, Double(d))
        let exact = values.allSatisfy { v in
            let r = (v * scale).rounded() / scale
            return abs(r - v) <= 1e-9 * max(1, abs(v))
        }
        if exact { return d }
    }
    return 12
}

/// Fixed-point text with a typographic minus sign and no "-0".
func fixed(_ v: Double, decimals: Int) -> String {
    var s = String(format: "%.\(decimals)f", v)
    if s.hasPrefix("-") {
        let digits = s.dropFirst()
        s = digits.allSatisfy({ $0 == "0" || $0 == "." }) ? String(digits) : "\u{2212}" + digits
    }
    return s
}

/// "m×10ⁿ" labels sharing the fewest mantissa decimals; zero stays "0".
func formatScientific(_ values: [Double]) -> [String] {
    let exps = values.map { v -> Int in v == 0 ? 0 : Int(Foundation.log10(abs(v)).rounded(.down)) }
    let mantissas = zip(values, exps).map { v, e in v / pow(10, Double(e)) }
    let d = fewestDecimals(mantissas.map { ($0 * 1e6).rounded() / 1e6 })
    return zip(mantissas, exps).map { m, e in
        if m == 0 { return "0" }
        let ms = fixed(m, decimals: d)
        return (ms == "1" ? "" : ms + "×") + "10" + superscript(e)
    }
}

/// An integer in Unicode superscript digits, e.g. −6 → "⁻⁶".
func superscript(_ n: Int) -> String {
    let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
    let body = String(abs(n)).map { digits[Int(String($0))!] }
    return (n < 0 ? "⁻" : "") + String(body)
}

/// A short plain label for a single value (log-axis sub-decade labels).
func formatPlain(_ v: Double) -> String {
    fixed(v, decimals: fewestDecimals([v]))
}

import Foundation

/// Numbers as the report prints them. Locale-independent, so a report built
/// anywhere reads the same; non-finite values print as "n/a".
public enum NumberFormat {
    /// Fixed decimals: `decimal(97.8612, digits: 2)` = "97.86".
    public static func decimal(_ x: Double, digits: Int, grouped: Bool = false) -> String {
        guard x.isFinite else { return notAvailable(x) }
        let text = String(format: "%.\(max(0, digits))f", x)
        guard grouped else { return text.replacingOccurrences(of: "-", with: "−") }
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", maxSplits: 1)
        let integer = group(String(parts[0]))
        return (negative ? "−" : "") + integer + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// Joins a number to its unit so a line never breaks between them.
    public static let unitSpace = "\u{00A0}"

    /// An accuracy or another share, as every step saves it (a fraction), in
    /// percent: 0.8508 → "85.08 %"; "—" when there is none.
    public static func percent(fraction: Double?, digits: Int = 2) -> String {
        fraction.map { percent(inPercent: 100 * $0, digits: digits) } ?? "—"
    }

    /// `count` of `total` in percent: 597 of 2,000 → "29.9 %" (0 % of none).
    /// From the counts, `100 × count / total` is rounded once; through a
    /// fraction it would be rounded twice, and a share exactly halfway between
    /// two printed digits (29.85 %) could print either way.
    public static func percent(_ count: Int, of total: Int, digits: Int = 2) -> String {
        percent(inPercent: 100 * Double(count) / Double(max(total, 1)), digits: digits)
    }

    /// A value that is in percent already: only metrics are, because baselines
    /// and `report diff` compare accuracies in points (a baseline's 84.64 →
    /// "84.64 %"). Anything a step saved goes through `percent(fraction:)`.
    public static func percent(inPercent x: Double, digits: Int = 2) -> String {
        x.isFinite ? decimal(x, digits: digits) + unitSpace + "%" : notAvailable(x)
    }

    /// A whole number with thousands separators: "973,702".
    public static func count(_ n: Int) -> String {
        (n < 0 ? "−" : "") + group(String(n.magnitude))
    }

    /// A count and its noun, singular for one: (1, "epoch") → "1 epoch",
    /// (35, "epoch") → "35 epochs", (19998, "photo") → "19,998 photos".
    public static func counted(_ n: Int, _ noun: String) -> String {
        count(n) + " " + (n == 1 ? noun : noun + "s")
    }

    /// A duration: "0.42 s", "12.3 s", "2 min 05 s", "1 h 02 min".
    public static func seconds(_ s: Double) -> String {
        guard s.isFinite else { return notAvailable(s) }
        let u = unitSpace
        if s < 1 { return decimal(s, digits: 2) + u + "s" }
        if s < 60 { return decimal(s, digits: 1) + u + "s" }
        // A saved wall time of 1e300 s would overflow Int (no run lasts a million years).
        guard s < 3e13 else { return scientific(s) + u + "s" }
        let whole = Int(s.rounded())
        if whole < 3600 { return "\(whole / 60)\(u)min " + String(format: "%02d", whole % 60) + u + "s" }
        return "\(whole / 3600)\(u)h " + String(format: "%02d", whole % 3600 / 60) + u + "min"
    }

    /// With an explicit sign and a true minus: "+0.42", "−1.20".
    public static func signed(_ x: Double, digits: Int, grouped: Bool = false) -> String {
        guard x.isFinite else { return notAvailable(x) }
        let text = decimal(abs(x), digits: digits, grouped: grouped)
        let zero = Double(String(format: "%.\(max(0, digits))f", abs(x))) == 0
        return (zero ? "±" : x > 0 ? "+" : "−") + text
    }

    /// `digits` significant digits, plain for ordinary magnitudes and in
    /// powers of ten otherwise: "3.2", "0.0071", "6.2 × 10⁻¹³".
    public static func significant(_ x: Double, digits: Int = 2) -> String {
        guard x.isFinite else { return notAvailable(x) }
        if x == 0 { return "0" }
        let exponent = Int(floor(log10(abs(x))))
        if exponent >= -3 && exponent < 6 {
            let decimals = max(0, digits - 1 - exponent)
            return decimal(x, digits: decimals, grouped: exponent >= 4)
        }
        return scientific(x, digits: digits)
    }

    /// Always in powers of ten: "6.2 × 10⁻¹³".
    public static func scientific(_ x: Double, digits: Int = 2) -> String {
        guard x.isFinite else { return notAvailable(x) }
        if x == 0 { return "0" }
        var exponent = Int(floor(log10(abs(x))))
        var mantissa = x / pow(10, Double(exponent))
        // Rounding can carry into the next power (9.96 → 10.0).
        if Double(String(format: "%.\(max(0, digits - 1))f", abs(mantissa)))! >= 10 {
            exponent += 1
            mantissa /= 10
        }
        let m = decimal(mantissa, digits: max(0, digits - 1))
        if exponent == 0 { return m }
        return m + unitSpace + "×" + unitSpace + "10" + superscript(exponent)
    }

    /// A setting as it was written in the configuration: 0.001 → "0.001", 0.1 → "0.1", 100 → "100".
    public static func plain(_ x: Double) -> String {
        guard x.isFinite else { return notAvailable(x) }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        let text = "\(x)"
        return text.contains("e") ? significant(x, digits: 3) : text.replacingOccurrences(of: "-", with: "−")
    }

    /// A loss: four decimals while small, fewer as it grows ("2.3026", "382.1", "12,345").
    public static func loss(_ x: Double) -> String {
        guard x.isFinite else { return notAvailable(x) }
        if abs(x) < 10 { return decimal(x, digits: 4) }
        if abs(x) < 1000 { return decimal(x, digits: 1) }
        return decimal(x, digits: 0, grouped: true)
    }

    /// A number of examples or parameters written in words-and-digits, e.g. 50000 → "50,000".
    /// Beyond Int's range (only in a damaged result) in powers of ten, rather than trapping.
    public static func count(_ n: Double) -> String {
        guard n.isFinite else { return notAvailable(n) }
        return abs(n) < 1e18 ? count(Int(n.rounded())) : scientific(n)
    }

    package static func superscript(_ n: Int) -> String {
        let digits: [Character: Character] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
        ]
        return String(String(n).map { digits[$0] ?? $0 })
    }

    private static func group(_ digits: String) -> String {
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    private static func notAvailable(_ x: Double) -> String {
        x.isNaN ? "n/a" : x > 0 ? "∞" : "−∞"
    }
}

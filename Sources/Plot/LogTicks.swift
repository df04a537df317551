import Foundation

// Ticks for base-10 logarithmic axes: labelled decades ("10⁻⁶") with
// unlabelled minor ticks at 2…9 × 10^k, thinned out for wide ranges.

extension TickLocator {
    /// Log-scale ticks for [lo, hi] (both > 0). Decades 10^k inside the range
    /// are major ticks labelled "10ᵏ"; if there are more than `maxLabels`
    /// decades only every 2nd (3rd, …) is labelled and the others become minor
    /// ticks; otherwise 2…9 × 10^k are minor ticks. Ranges spanning less than
    /// two decades fall back to labelled 1, 2, 5 × 10^k, then to linear ticks.
    public static func log10(_ lo: Double, _ hi: Double, maxLabels: Int = 8) -> [Tick] {
        guard lo > 0, hi > 0, lo.isFinite, hi.isFinite else { return [] }
        let (a, b) = (min(lo, hi), max(lo, hi))
        let kMin = Int((Foundation.log10(a) - 1e-10).rounded(.up))
        let kMax = Int((Foundation.log10(b) + 1e-10).rounded(.down))
        let decades = kMax - kMin + 1
        if decades >= 2 { return decadeTicks(a, b, kMin: kMin, kMax: kMax, maxLabels: max(2, maxLabels)) }
        return subDecadeTicks(a, b, maxLabels: maxLabels)
    }

    private static func decadeTicks(_ a: Double, _ b: Double, kMin: Int, kMax: Int, maxLabels: Int) -> [Tick] {
        let decades = kMax - kMin + 1
        let stride = (decades + maxLabels - 1) / maxLabels
        var ticks: [Tick] = []
        for k in kMin...kMax {
            let labelled = ((k % stride) + stride) % stride == 0
            ticks.append(Tick(value: powerOfTen(k), label: labelled ? "10" + superscript(k) : "", isMinor: !labelled))
        }
        if stride == 1 {
            // 2…9 × 10^k, including the partial decades below kMin and above kMax.
            for k in (kMin - 1)...kMax {
                for j in 2...9 {
                    let v = Double(j) * powerOfTen(k)
                    if v >= a * (1 - 1e-12) && v <= b * (1 + 1e-12) { ticks.append(Tick(value: v, label: "", isMinor: true)) }
                }
            }
        }
        return ticks.sorted { $0.value < $1.value }
    }

    private static func subDecadeTicks(_ a: Double, _ b: Double, maxLabels: Int) -> [Tick] {
        let kLo = Int(Foundation.log10(a).rounded(.down)), kHi = Int(Foundation.log10(b).rounded(.up))
        var major: [Double] = [], minor: [Double] = []
        for k in kLo...kHi {
            for j in 1...9 {
                let v = Double(j) * powerOfTen(k)
                guard v >= a * (1 - 1e-12) && v <= b * (1 + 1e-12) else { continue }
                if j == 1 || j == 2 || j == 5 { major.append(v) } else { minor.append(v) }
            }
        }
        if major.count >= 2 && major.count <= max(2, maxLabels) {
            let labelled = major.map { Tick(value: $0, label: formatPlain($0)) }
            return (labelled + minor.map { Tick(value: $0, label: "", isMinor: true) }).sorted { $0.value < $1.value }
        }
        // Very narrow range: evenly spaced ticks read better than sparse 1-2-5.
        return linear(a, b, maxTicks: max(2, min(maxLabels, 6)))
    }
}

/// 10^k exactly as the literal would be (1e-6, not 1.0000000000000002e-6).
func powerOfTen(_ k: Int) -> Double {
    k >= 0 ? pow(10, Double(k)) : 1 / pow(10, Double(-k))
}

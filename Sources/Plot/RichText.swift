// Superscripts in labels. Labels such as "10⁻⁶" are stored with Unicode
// superscript characters (so they stay plain, searchable strings), but
// DejaVu's superscript glyphs are tiny. For display they are split into runs
// and the exponent is drawn with ordinary digits at 70% size, raised – the
// way TeX and matplotlib's mathtext set 10^{-6}.

/// A piece of a label drawn at one size and baseline.
struct TextRun: Equatable {
    var text: String
    var isSuperscript: Bool
}

enum Superscript {
    /// Size of an exponent relative to the base font.
    static let scale = 0.7
    /// Baseline rise of an exponent, in em of the base font.
    static let rise = 0.42

    private static let map: [Character: Character] = [
        "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9",
        "⁻": "\u{2212}", "⁺": "+",
    ]

    static func contains(_ text: String) -> Bool { text.contains { map[$0] != nil } }

    /// Splits text into normal and superscript runs (superscripts converted to normal characters).
    static func runs(_ text: String) -> [TextRun] {
        var out: [TextRun] = []
        for ch in text {
            let sup = map[ch]
            let c = sup ?? ch
            if let last = out.last, last.isSuperscript == (sup != nil) {
                out[out.count - 1].text.append(c)
            } else {
                out.append(TextRun(text: String(c), isSuperscript: sup != nil))
            }
        }
        return out
    }

    static func font(_ base: Font) -> Font { Font(size: base.size * scale, bold: base.bold) }

    /// How far an exponent reaches above the cap height of the base text (0 without exponents).
    static func overhang(_ text: String, font: Font) -> Double {
        guard contains(text) else { return 0 }
        let m = TextMeasurer.shared
        return max(0, font.size * rise + m.metrics(Self.font(font)).capHeight - m.metrics(font).capHeight)
    }
}

// Colours are stored as straight (non-premultiplied) RGBA in 0...1 so
// they can be written unchanged to SVG and converted once for Cairo.

/// An sRGB colour with alpha.
public struct Color: Equatable, Hashable, Sendable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red; self.green = green; self.blue = blue; self.alpha = alpha
    }

    /// Creates a colour from a hex string such as "1f77b4" or "#1f77b4".
    /// Invalid strings give black rather than crashing a report run.
    public init(hex: String, alpha: Double = 1) {
        let digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        let v = UInt32(digits, radix: 16) ?? 0
        self.init(red: Double((v >> 16) & 0xff) / 255,
                  green: Double((v >> 8) & 0xff) / 255,
                  blue: Double(v & 0xff) / 255, alpha: alpha)
    }

    /// The same colour with a different opacity.
    public func withAlpha(_ a: Double) -> Color { Color(red: red, green: green, blue: blue, alpha: a) }

    /// Lowercase "rrggbb" (no alpha), used by the SVG writer and tests.
    public var hexString: String {
        func byte(_ v: Double) -> String {
            let b = UInt8(max(0, min(255, (v * 255).rounded())))
            let s = String(b, radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return byte(red) + byte(green) + byte(blue)
    }

    /// Relative luminance (Rec. 709 weights on sRGB values); good enough to
    /// choose black or white annotation text on a coloured cell.
    var luminance: Double { 0.2126 * red + 0.7152 * green + 0.0722 * blue }

    /// Linear interpolation in sRGB, used between colour-map anchors.
    func mixed(with other: Color, _ t: Double) -> Color {
        Color(red: red + (other.red - red) * t, green: green + (other.green - green) * t,
              blue: blue + (other.blue - blue) * t, alpha: alpha + (other.alpha - alpha) * t)
    }

    public static let white = Color(red: 1, green: 1, blue: 1)
    public static let black = Color(red: 0, green: 0, blue: 0)
    /// Near-black used for text and spines: softer than pure black on screen.
    public static let ink = Color(hex: "262626")

    /// matplotlib's default "tab10" / category10 cycle, so our figures keep
    /// the colour associations readers already know.
    public static let category10: [Color] = [
        "1f77b4", "ff7f0e", "2ca02c", "d62728", "9467bd",
        "8c564b", "e377c2", "7f7f7f", "bcbd22", "17becf",
    ].map { Color(hex: $0) }
}

// Colour maps for matrices, kernels and feature maps. Each map is a list of
// evenly spaced anchors interpolated linearly in sRGB; with 11 anchors the
// result is visually indistinguishable from matplotlib's 256-entry tables.

/// A mapping from [0, 1] to colours.
public struct ColorMap: Sendable {
    public let name: String
    let anchors: [Color]
    /// Colour for NaN cells, so a missing value is visible rather than
    /// masquerading as the minimum.
    public var badColor = Color(hex: "d9d9d9")

    public init(name: String, anchors: [Color]) {
        precondition(anchors.count >= 2, "a colour map needs at least two anchors")
        self.name = name
        self.anchors = anchors
    }

    /// The colour at `t` (clamped to [0, 1]; NaN gives `badColor`).
    public func color(at t: Double) -> Color {
        guard !t.isNaN else { return badColor }
        let x = max(0, min(1, t)) * Double(anchors.count - 1)
        let i = min(anchors.count - 2, Int(x))
        return anchors[i].mixed(with: anchors[i + 1], x - Double(i))
    }

    /// A 256-entry RGB byte table; rasterising a 64×64 map does a lookup per
    /// pixel instead of an interpolation.
    func lookupTable() -> [UInt8] {
        var lut = [UInt8](repeating: 0, count: 256 * 3)
        for i in 0..<256 {
            let c = color(at: Double(i) / 255)
            lut[3 * i] = byte(c.red); lut[3 * i + 1] = byte(c.green); lut[3 * i + 2] = byte(c.blue)
        }
        return lut
    }

    /// Perceptually uniform, colour-blind friendly; matplotlib's default.
    public static let viridis = ColorMap(name: "viridis", anchors: [
        "440154", "482475", "414487", "355f8d", "2a788e", "21918c",
        "22a884", "44bf70", "7ad151", "bddf26", "fde725",
    ].map { Color(hex: $0) })

    /// Black to white.
    public static let gray = ColorMap(name: "gray", anchors: [Color.black, Color.white])

    /// Blue (negative) – white (zero) – red (positive), ColorBrewer RdBu
    /// reversed. Use with a range symmetric about zero so white means 0.
    public static let diverging = ColorMap(name: "diverging", anchors: [
        "053061", "2166ac", "4393c3", "92c5de", "d1e5f0", "f7f7f7",
        "fddbc7", "f4a582", "d6604d", "b2182b", "67001f",
    ].map { Color(hex: $0) })

    /// Light to dark blue, for counts such as a confusion matrix.
    public static let blues = ColorMap(name: "blues", anchors: [
        "f7fbff", "deebf7", "c6dbef", "9ecae1", "6baed6", "4292c6", "2171b5", "08519c", "08306b",
    ].map { Color(hex: $0) })
}

func byte(_ v: Double) -> UInt8 { UInt8(max(0, min(255, (v * 255).rounded()))) }

/// A value range for colour mapping.
enum ColorRange {
    /// Min–max of the finite values, or, for a diverging map, ±max|v| so that
    /// zero lands on the neutral centre colour. Degenerate data gives a unit range.
    static func auto(_ values: [Double], symmetric: Bool) -> ClosedRange<Double> {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite { lo = min(lo, v); hi = max(hi, v) }
        guard lo <= hi else { return symmetric ? -1...1 : 0...1 }
        if symmetric {
            let m = max(abs(lo), abs(hi))
            return m > 0 ? -m...m : -1...1
        }
        return lo < hi ? lo...hi : (lo - 0.5)...(hi + 0.5)
    }
}

/// A matrix of values, row-major. Plain storage so Plot needs no tensor type.
public struct Matrix: Sendable {
    public let rows: Int
    public let cols: Int
    public var values: [Double]

    public init(rows: Int, cols: Int, values: [Double]) {
        precondition(values.count == rows * cols, "Matrix needs rows*cols values")
        self.rows = rows; self.cols = cols; self.values = values
    }

    /// From nested rows; all rows must have the same length.
    public init(_ rowsOfValues: [[Double]]) {
        let c = rowsOfValues.first?.count ?? 0
        precondition(rowsOfValues.allSatisfy { $0.count == c }, "ragged matrix")
        self.init(rows: rowsOfValues.count, cols: c, values: rowsOfValues.flatMap { $0 })
    }

    public subscript(r: Int, c: Int) -> Double { values[r * cols + c] }

    /// Maps values through a colour map over `range` into an opaque image.
    public func image(colorMap: ColorMap, range: ClosedRange<Double>) -> RasterImage {
        let lut = colorMap.lookupTable()
        let bad = colorMap.badColor
        let span = range.upperBound - range.lowerBound
        var out = [UInt8](repeating: 255, count: rows * cols * 4)
        for (i, v) in values.enumerated() {
            if v.isNaN {
                out[4 * i] = byte(bad.red); out[4 * i + 1] = byte(bad.green); out[4 * i + 2] = byte(bad.blue)
                continue
            }
            let t = span > 0 ? (v - range.lowerBound) / span : 0.5
            let k = Int((max(0, min(1, t)) * 255).rounded())
            out[4 * i] = lut[3 * k]; out[4 * i + 1] = lut[3 * k + 1]; out[4 * i + 2] = lut[3 * k + 2]
        }
        return RasterImage(width: cols, height: rows, rgba: out)
    }
}

// The drawing abstraction every figure is rendered through. Layout code
// never talks to Cairo directly: it emits these few calls, so the same
// figure can go to a Cairo surface (PNG, PDF), to our own SVG writer (real
// <text> elements, which Cairo 1.16's SVG surface cannot produce), or to a
// recording backend that tests inspect without decoding pixels.

/// A font of the single family used everywhere (DejaVu Sans).
public struct Font: Hashable, Sendable {
    public var size: Double
    public var bold: Bool
    public init(size: Double, bold: Bool = false) { self.size = size; self.bold = bold }
}

public enum HorizontalAlignment: Sendable { case left, center, right }

/// Vertical anchor of a text line. `top` and `center` use the cap height
/// (not the font's ascent) so digits look optically centred on a tick.
public enum VerticalAlignment: Sendable { case baseline, top, center, bottom }

public struct TextAlignment: Equatable, Sendable {
    public var horizontal: HorizontalAlignment
    public var vertical: VerticalAlignment
    public init(_ horizontal: HorizontalAlignment, _ vertical: VerticalAlignment) {
        self.horizontal = horizontal; self.vertical = vertical
    }
}

/// How an image is resampled when drawn larger or smaller than its pixels.
public enum Interpolation: Sendable {
    /// Nearest neighbour: each source pixel becomes a crisp block (kernels, matrices).
    case nearest
    /// Bilinear-or-better smoothing (photographs).
    case smooth
}

public enum LineCap: Sendable { case butt, round, square }
public enum LineJoin: Sendable { case miter, round, bevel }

/// How a path is stroked.
public struct StrokeStyle: Equatable, Sendable {
    public var color: Color
    public var width: Double
    /// Alternating on/off lengths in points; empty means solid.
    public var dash: [Double]
    public var cap: LineCap
    public var join: LineJoin

    public init(color: Color, width: Double, dash: [Double] = [], cap: LineCap = .butt, join: LineJoin = .round) {
        self.color = color; self.width = width; self.dash = dash; self.cap = cap; self.join = join
    }
}

/// An 8-bit RGBA image with straight (non-premultiplied) alpha, row-major,
/// top row first. The common currency for images drawn into figures and for
/// PNGs read back in tests.
public struct RasterImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public var rgba: [UInt8]

    public init(width: Int, height: Int, rgba: [UInt8]) {
        precondition(rgba.count == width * height * 4, "RasterImage needs width*height*4 bytes")
        self.width = width; self.height = height; self.rgba = rgba
    }

    /// An opaque image from interleaved RGB bytes.
    public init(width: Int, height: Int, rgb: [UInt8]) {
        precondition(rgb.count == width * height * 3, "RGB data needs width*height*3 bytes")
        var out = [UInt8](repeating: 255, count: width * height * 4)
        for i in 0..<(width * height) {
            out[4 * i] = rgb[3 * i]; out[4 * i + 1] = rgb[3 * i + 1]; out[4 * i + 2] = rgb[3 * i + 2]
        }
        self.init(width: width, height: height, rgba: out)
    }

    /// The pixel at (x, y) as a colour; tests use this to probe renders.
    public func pixel(x: Int, y: Int) -> Color {
        let i = 4 * (y * width + x)
        return Color(red: Double(rgba[i]) / 255, green: Double(rgba[i + 1]) / 255,
                     blue: Double(rgba[i + 2]) / 255, alpha: Double(rgba[i + 3]) / 255)
    }
}

/// A target that figures are drawn onto. Coordinates are figure points.
public protocol DrawingBackend: AnyObject {
    /// Device pixels per point (2 for a 2x PNG), or 0 for vector output,
    /// which has no pixel grid. Layout uses it to snap hairlines and image
    /// cells to whole pixels.
    var deviceScale: Double { get }
    func fill(_ path: Path, color: Color)
    func stroke(_ path: Path, style: StrokeStyle)
    /// Draws one line of text anchored at `point`; `angle` is in degrees,
    /// counter-clockwise (90 reads bottom-to-top, as a y-axis label).
    func drawText(_ text: String, at point: Point, font: Font, color: Color, alignment: TextAlignment, angle: Double)
    func drawImage(_ image: RasterImage, in rect: Rect, interpolation: Interpolation)
    /// Restricts drawing to `rect` until the matching `popClip`.
    func pushClip(_ rect: Rect)
    func popClip()
}

/// Offset from the anchor point to the text baseline, along the text's own
/// vertical direction. Shared by all backends so they agree to the point.
func baselineOffset(_ vertical: VerticalAlignment, font: Font) -> Double {
    let m = TextMeasurer.shared.metrics(font)
    switch vertical {
    case .baseline: return 0
    case .top: return m.capHeight
    case .center: return m.capHeight / 2
    case .bottom: return -m.descent
    }
}

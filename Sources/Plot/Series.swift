// Data items that can be placed in an axes: lines/scatters, bars, heatmaps
// and text annotations, plus the styles users choose for them.

/// Dash pattern of a line.
public enum Dash: Sendable {
    case solid, dashed, dotted, dashDot

    /// On/off lengths scaled with the line width, as matplotlib does, so a
    /// thick dashed line does not look like a dotted one.
    func pattern(width w: Double) -> [Double] {
        switch self {
        case .solid: return []
        case .dashed: return [3.7 * w, 1.6 * w]
        // Zero-length dashes with round caps draw round dots.
        case .dotted: return [0, 2.0 * w]
        case .dashDot: return [6.4 * w, 1.6 * w, 0, 1.6 * w]
        }
    }

    var cap: LineCap { self == .dotted || self == .dashDot ? .round : .butt }
}

/// Marker drawn at each data point.
public enum Marker: Sendable {
    case none, circle, square, triangle, diamond, cross, plus
}

/// Appearance of a line or scatter series.
public struct LineStyle: Sendable {
    /// nil takes the next colour of the axes' category10 cycle.
    public var color: Color?
    public var width: Double
    public var dash: Dash
    public var marker: Marker
    /// Marker diameter in points.
    public var markerSize: Double

    public init(color: Color? = nil, width: Double = 1.6, dash: Dash = .solid,
                marker: Marker = .none, markerSize: Double = 5) {
        self.color = color; self.width = width; self.dash = dash
        self.marker = marker; self.markerSize = markerSize
    }

    public static let solid = LineStyle()
    public static let dashed = LineStyle(dash: .dashed)
    public static let dotted = LineStyle(dash: .dotted)
}

/// A polyline and/or markers through (x, y) points.
struct LineSeries {
    var x: [Double]
    var y: [Double]
    var label: String?
    var color: Color
    var style: LineStyle
    /// false for scatter plots (markers only).
    var drawsLine: Bool
    /// What the line shows, when the caller named it (see `Axes.keyedLines`).
    var key: String? = nil
}

/// Vertical bars centred on x.
struct BarSeries {
    var x: [Double]
    var heights: [Double]
    var width: Double
    /// Base of each bar (same count as x).
    var bottoms: [Double]
    var label: String?
    var color: Color
    var edgeColor: Color?
}

/// The area between two curves over the same x, e.g. the min–max spread of
/// several training runs behind their lines.
struct BandSeries {
    var x: [Double]
    var lower: [Double]
    var upper: [Double]
    var label: String?
    /// Opaque colour; the fill uses it at `opacity`.
    var color: Color
    var opacity: Double

    /// What is actually painted (and shown in the legend).
    var fillColor: Color { color.withAlpha(opacity) }
}

/// A matrix drawn as coloured cells centred on integer coordinates
/// (cell (r, c) covers x ∈ [c−½, c+½], y ∈ [r−½, r+½]).
struct HeatmapLayer {
    var matrix: Matrix
    var colorMap: ColorMap
    var range: ClosedRange<Double>
    var annotations: [String]?
}

/// Text placed at data coordinates.
struct TextAnnotation {
    var text: String
    var x: Double
    var y: Double
    var font: Font
    var color: Color?
    var alignment: TextAlignment
}

/// Everything an axes can draw, kept in insertion order, which is the z-order
/// except that bands go under everything else (see `Axes.drawOrder`).
enum PlotItem {
    case line(LineSeries)
    case band(BandSeries)
    case bars(BarSeries)
    case heatmap(HeatmapLayer)
}

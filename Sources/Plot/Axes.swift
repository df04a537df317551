// One plotting area with its data, scales, labels and legend. Axes are
// created by a `Figure` and only store what the user asked for; layout and
// drawing happen when the figure is rendered.

/// Where the legend goes inside the axes.
public enum LegendPlacement: Sendable, CaseIterable {
    /// No legend even if series have labels.
    case none
    /// The candidate position covering the fewest data points and line segments.
    case best
    case upperRight, upperLeft, lowerLeft, lowerRight
    case centerLeft, centerRight, upperCenter, lowerCenter, center
}

/// A single plot: data series drawn in a rectangle with axes and labels.
public final class Axes {
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    public var xScale: Scale = .linear
    public var yScale: Scale = .linear
    /// Fixed data ranges; nil means automatic (data range plus `margin`).
    public var xLimits: ClosedRange<Double>?
    public var yLimits: ClosedRange<Double>?
    /// Only whole-number ticks (epochs, counts).
    public var integerXTicks = false
    public var integerYTicks = false
    public var legend: LegendPlacement = .best
    public var showGrid = true
    /// Relative padding added to automatic ranges on each side.
    public var margin = 0.05
    /// Draws y increasing downwards (matrix row order), e.g. for heatmaps.
    public var yInverted = false
    /// One data unit has the same length on both axes (square heatmap cells).
    public var equalAspect = false

    var items: [PlotItem] = []
    var annotations: [TextAnnotation] = []
    var customXTicks: [Tick]?
    var customYTicks: [Tick]?
    private var cycleIndex = 0

    init() {}

    /// Sets any of the axis labels and title; nil arguments leave the value unchanged.
    public func set(xLabel: String? = nil, yLabel: String? = nil, title: String? = nil) {
        if let xLabel { self.xLabel = xLabel }
        if let yLabel { self.yLabel = yLabel }
        if let title { self.title = title }
    }

    /// Adds a line through (x[i], y[i]). Non-finite values break the line and
    /// are marked at the axis edge; extra elements of the longer array are ignored.
    /// `key` names what the line shows (e.g. the metric its values are saved
    /// under), so a caller can find it again in `keyedLines`.
    public func line(x: [Double], y: [Double], label: String? = nil, style: LineStyle = .solid, key: String? = nil) {
        let n = min(x.count, y.count)
        items.append(.line(LineSeries(x: Array(x.prefix(n)), y: Array(y.prefix(n)), label: label,
                                      color: style.color ?? nextColor(), style: style, drawsLine: true, key: key)))
    }

    /// A line added with a key: what it shows, its legend label and its colour.
    public struct KeyedLine: Sendable, Equatable {
        public let key: String
        public let label: String?
        public let color: Color
    }

    /// The lines added with a key, in the order they were added.
    public var keyedLines: [KeyedLine] {
        items.compactMap { item in
            guard case .line(let s) = item, let key = s.key else { return nil }
            return KeyedLine(key: key, label: s.label, color: s.color)
        }
    }

    /// Adds a line with x = 1, 2, 3, … (e.g. one value per epoch).
    public func line(y: [Double], label: String? = nil, style: LineStyle = .solid) {
        line(x: (0..<y.count).map { Double($0 + 1) }, y: y, label: label, style: style)
    }

    /// Adds markers without a connecting line.
    public func scatter(x: [Double], y: [Double], label: String? = nil, marker: Marker = .circle,
                        size: Double = 5, color: Color? = nil) {
        let n = min(x.count, y.count)
        let style = LineStyle(color: color, marker: marker, markerSize: size)
        items.append(.line(LineSeries(x: Array(x.prefix(n)), y: Array(y.prefix(n)), label: label,
                                      color: color ?? nextColor(), style: style, drawsLine: false)))
    }

    /// Shades the area between `lower` and `upper` over `x` (matplotlib's
    /// `fill_between`), e.g. the spread of several runs behind their lines.
    /// Bands are drawn under lines, markers and bars whatever the call order,
    /// so a band added after its line never hides it. A non-finite x, lower
    /// or upper splits the band into pieces; a piece of a single point has no
    /// width and is not drawn. As with `line`, extra elements of the longer
    /// arrays are ignored. nil `color` takes the next colour of the cycle,
    /// as a line would; `opacity` (0…1) replaces the colour's alpha.
    public func band(x: [Double], lower: [Double], upper: [Double], label: String? = nil,
                     color: Color? = nil, opacity: Double = 0.2) {
        let n = min(x.count, lower.count, upper.count)
        // NaN opacity would reach the backends as a NaN alpha; opaque is the
        // visible, harmless reading of a nonsensical value.
        let alpha = opacity.isNaN ? 1 : min(1, max(0, opacity))
        items.append(.band(BandSeries(x: Array(x.prefix(n)), lower: Array(lower.prefix(n)), upper: Array(upper.prefix(n)),
                                      label: label, color: (color ?? nextColor()).withAlpha(1), opacity: alpha)))
    }

    /// Adds vertical bars of `width` (data units) centred on x, from `bottom` to bottom + height.
    public func bar(x: [Double], heights: [Double], width: Double = 0.8, bottom: Double = 0,
                    label: String? = nil, color: Color? = nil, edgeColor: Color? = nil) {
        bar(x: x, heights: heights, bottoms: Array(repeating: bottom, count: x.count), width: width,
            label: label, color: color, edgeColor: edgeColor)
    }

    /// Adds bars with individual bases, e.g. stacked on top of other bars.
    public func bar(x: [Double], heights: [Double], bottoms: [Double], width: Double = 0.8,
                    label: String? = nil, color: Color? = nil, edgeColor: Color? = nil) {
        let n = min(x.count, heights.count, bottoms.count)
        items.append(.bars(BarSeries(x: Array(x.prefix(n)), heights: Array(heights.prefix(n)), width: width,
                                     bottoms: Array(bottoms.prefix(n)), label: label, color: color ?? nextColor(),
                                     edgeColor: edgeColor)))
    }

    /// Draws a matrix as coloured cells, row 0 at the top, with integer ticks
    /// at the cell centres; `annotations` (row-major, one per cell) are
    /// written in each cell in black or white, whichever contrasts more.
    public func heatmap(_ matrix: Matrix, colorMap: ColorMap = .viridis, range: ClosedRange<Double>? = nil,
                        annotations: [String]? = nil) {
        let r = range ?? ColorRange.auto(matrix.values, symmetric: false)
        items.append(.heatmap(HeatmapLayer(matrix: matrix, colorMap: colorMap, range: r, annotations: annotations)))
        xLimits = xLimits ?? (-0.5)...(Double(matrix.cols) - 0.5)
        yLimits = yLimits ?? (-0.5)...(Double(matrix.rows) - 0.5)
        yInverted = true
        showGrid = false
        if customXTicks == nil { setXTicks((0..<matrix.cols).map(Double.init), labels: (0..<matrix.cols).map(String.init)) }
        if customYTicks == nil { setYTicks((0..<matrix.rows).map(Double.init), labels: (0..<matrix.rows).map(String.init)) }
    }

    /// Writes text at data coordinates (centred by default); nil colour is the theme's ink.
    public func text(_ text: String, x: Double, y: Double, fontSize: Double = 10,
                     color: Color? = nil, alignment: TextAlignment = TextAlignment(.center, .center)) {
        annotations.append(TextAnnotation(text: text, x: x, y: y, font: Font(size: fontSize),
                                          color: color, alignment: alignment))
    }

    /// Replaces automatic x ticks with labelled ticks at the given values (categories).
    public func setXTicks(_ values: [Double], labels: [String]) {
        customXTicks = zip(values, labels).map { Tick(value: $0, label: $1) }
    }

    /// Replaces automatic y ticks with labelled ticks at the given values.
    public func setYTicks(_ values: [Double], labels: [String]) {
        customYTicks = zip(values, labels).map { Tick(value: $0, label: $1) }
    }

    private func nextColor() -> Color {
        defer { cycleIndex += 1 }
        return Color.category10[cycleIndex % Color.category10.count]
    }

    var hasLegendEntries: Bool { !legendEntries.isEmpty }
}

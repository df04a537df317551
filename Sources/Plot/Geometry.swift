// Plain value types for figure geometry. All coordinates are in points
// (1/72 inch) with the origin at the top-left and y growing downwards,
// matching Cairo and SVG so no backend has to flip anything.

/// A position in figure points.
public struct Point: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

/// An axis-aligned rectangle in figure points.
public struct Rect: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }

    public var minX: Double { x }
    public var minY: Double { y }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var midX: Double { x + width / 2 }
    public var midY: Double { y + height / 2 }

    /// Shrinks the rectangle by the given insets; never returns a negative size
    /// so a tiny figure degrades to an empty plot instead of inverted drawing.
    func inset(_ e: EdgeInsets) -> Rect {
        Rect(x: x + e.left, y: y + e.top,
             width: max(0, width - e.left - e.right), height: max(0, height - e.top - e.bottom))
    }

    func inset(by d: Double) -> Rect { inset(EdgeInsets(top: d, left: d, bottom: d, right: d)) }

    func contains(_ p: Point) -> Bool { p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY }

    func intersects(_ r: Rect) -> Bool {
        r.minX < maxX && r.maxX > minX && r.minY < maxY && r.maxY > minY
    }
}

/// Space reserved around a rectangle (for tick labels, titles, ...).
struct EdgeInsets: Equatable {
    var top: Double = 0
    var left: Double = 0
    var bottom: Double = 0
    var right: Double = 0
}

/// Snaps coordinates to the device pixel grid so that 1-pixel-wide
/// horizontal and vertical lines (spines, grid, ticks) stay sharp in PNG output
/// instead of being smeared over two half-covered pixel rows.
struct PixelSnapper {
    let scale: Double

    /// Position for the centre of a line of the given width (in points).
    func line(_ v: Double, width: Double) -> Double {
        guard scale > 0 else { return v }
        let deviceWidth = max(1, (width * scale).rounded())
        let odd = Int(deviceWidth) % 2 == 1
        let d = v * scale
        let snapped = odd ? (d - 0.5).rounded() + 0.5 : d.rounded()
        return snapped / scale
    }

    /// Position of an edge (e.g. of an image cell) on a whole device pixel.
    func edge(_ v: Double) -> Double { scale > 0 ? (v * scale).rounded() / scale : v }
}

// A backend-neutral vector path. Only four primitives are needed: every
// shape we draw (lines, rectangles, rounded legend frames, circular and
// polygonal markers) can be expressed with moves, lines, cubic Béziers and
// closes, and each backend maps them one-to-one.

/// One element of a `Path`.
public enum PathElement: Equatable, Sendable {
    case move(Point)
    case line(Point)
    case curve(Point, Point, Point)  // control 1, control 2, end
    case close
}

/// A sequence of sub-paths in figure points.
public struct Path: Equatable, Sendable {
    public private(set) var elements: [PathElement] = []

    public init() {}

    public mutating func move(to p: Point) { elements.append(.move(p)) }
    public mutating func line(to p: Point) { elements.append(.line(p)) }
    public mutating func curve(to p: Point, control1: Point, control2: Point) {
        elements.append(.curve(control1, control2, p))
    }
    public mutating func close() { elements.append(.close) }

    /// Adds the points as a closed sub-path (several make one shape, e.g. a
    /// band broken by missing values).
    mutating func appendPolygon(_ points: [Point]) {
        elements += Path.polygon(points).elements
    }

    public var isEmpty: Bool { elements.isEmpty }

    /// An open polyline through the points.
    public static func polyline(_ points: [Point]) -> Path {
        var p = Path()
        for (i, pt) in points.enumerated() {
            if i == 0 { p.move(to: pt) } else { p.line(to: pt) }
        }
        return p
    }

    /// A closed polygon through the points.
    public static func polygon(_ points: [Point]) -> Path {
        var p = polyline(points)
        if !points.isEmpty { p.close() }
        return p
    }

    public static func rect(_ r: Rect) -> Path {
        polygon([Point(r.minX, r.minY), Point(r.maxX, r.minY), Point(r.maxX, r.maxY), Point(r.minX, r.maxY)])
    }

    /// A rectangle with circular corners (Bézier approximation, kappa = 0.5523).
    public static func roundedRect(_ r: Rect, radius: Double) -> Path {
        let rad = min(radius, r.width / 2, r.height / 2)
        if rad <= 0 { return rect(r) }
        let k = rad * (1 - 0.5523)
        var p = Path()
        p.move(to: Point(r.minX + rad, r.minY))
        p.line(to: Point(r.maxX - rad, r.minY))
        p.curve(to: Point(r.maxX, r.minY + rad), control1: Point(r.maxX - k, r.minY), control2: Point(r.maxX, r.minY + k))
        p.line(to: Point(r.maxX, r.maxY - rad))
        p.curve(to: Point(r.maxX - rad, r.maxY), control1: Point(r.maxX, r.maxY - k), control2: Point(r.maxX - k, r.maxY))
        p.line(to: Point(r.minX + rad, r.maxY))
        p.curve(to: Point(r.minX, r.maxY - rad), control1: Point(r.minX + k, r.maxY), control2: Point(r.minX, r.maxY - k))
        p.line(to: Point(r.minX, r.minY + rad))
        p.curve(to: Point(r.minX + rad, r.minY), control1: Point(r.minX, r.minY + k), control2: Point(r.minX + k, r.minY))
        p.close()
        return p
    }

    /// A circle as four cubic Béziers (max radial error about 0.03%).
    public static func circle(center c: Point, radius r: Double) -> Path {
        let k = 0.5523 * r
        var p = Path()
        p.move(to: Point(c.x + r, c.y))
        p.curve(to: Point(c.x, c.y + r), control1: Point(c.x + r, c.y + k), control2: Point(c.x + k, c.y + r))
        p.curve(to: Point(c.x - r, c.y), control1: Point(c.x - k, c.y + r), control2: Point(c.x - r, c.y + k))
        p.curve(to: Point(c.x, c.y - r), control1: Point(c.x - r, c.y - k), control2: Point(c.x - k, c.y - r))
        p.curve(to: Point(c.x + r, c.y), control1: Point(c.x + k, c.y - r), control2: Point(c.x + r, c.y - k))
        p.close()
        return p
    }

    /// A straight segment, the most common path (ticks, grid lines).
    public static func segment(_ a: Point, _ b: Point) -> Path { polyline([a, b]) }
}

// Marks for values that cannot be plotted. A diverged training run produces
// NaN or ±∞ losses; the line stops at the last finite value and a small mark
// at the plot edge shows where (and how) it left the chart: ▲ at the top for
// +∞, ▼ at the bottom for −∞ (also 0 on a log axis), × at the top for NaN.

enum NonFiniteKind: Equatable {
    case nan, positiveInfinity, negativeInfinity
}

struct NonFiniteMark: Equatable {
    var x: Double  // figure points
    var kind: NonFiniteKind
}

extension Axes {
    /// One mark at the start of each run of non-finite values whose x is
    /// finite and inside the plot horizontally.
    func nonFiniteMarks(_ s: LineSeries, t: AxesTransform) -> [NonFiniteMark] {
        var marks: [NonFiniteMark] = []
        var previous: NonFiniteKind?
        for (x, y) in zip(s.x, s.y) {
            let px = t.px(x)
            guard px.isFinite else { previous = nil; continue }
            let kind = classify(y)
            if let kind, kind != previous, px >= t.plot.minX - 0.5, px <= t.plot.maxX + 0.5 {
                marks.append(NonFiniteMark(x: px, kind: kind))
            }
            previous = kind
        }
        return marks
    }

    /// The kinds of non-finite values present in placeable points, for the legend.
    func nonFiniteKinds() -> [NonFiniteKind] {
        var found = Set<Int>()
        for case .line(let s) in items {
            for (x, y) in zip(s.x, s.y) where xScale.transform(x).isFinite {
                switch classify(y) {
                case .nan?: found.insert(0)
                case .positiveInfinity?: found.insert(1)
                case .negativeInfinity?: found.insert(2)
                case nil: break
                }
            }
        }
        return found.sorted().map { [NonFiniteKind.nan, .positiveInfinity, .negativeInfinity][$0] }
    }

    /// Legend text for a kind; on a log axis zero and negative values land here too.
    func nonFiniteLabel(_ kind: NonFiniteKind) -> String {
        let log = yScale == .log10
        switch kind {
        case .nan: return log ? "NaN or < 0" : "NaN"
        case .positiveInfinity: return "+∞"
        case .negativeInfinity: return log ? "−∞ or 0" : "−∞"
        }
    }

    /// Centre of the mark drawn for `m`, used to keep the legend off it.
    func nonFiniteMarkCenter(_ m: NonFiniteMark, plot p: Rect) -> Point {
        switch m.kind {
        case .nan: return Point(m.x, p.minY + 6)
        case .positiveInfinity, .negativeInfinity:
            let atTop = (m.kind == .positiveInfinity) != yInverted
            return Point(m.x, atTop ? p.minY + 4.5 : p.maxY - 4.5)
        }
    }

    func classify(_ y: Double) -> NonFiniteKind? {
        let ty = yScale.transform(y)
        if ty.isFinite { return nil }
        if ty.isNaN { return .nan }
        return ty > 0 ? .positiveInfinity : .negativeInfinity
    }

    func drawNonFiniteMarks(_ s: LineSeries, t: AxesTransform, ctx: RenderContext) {
        for m in nonFiniteMarks(s, t: t) {
            // +∞ points to the top edge unless the axis is inverted.
            let up = (m.kind == .positiveInfinity) != yInverted
            drawNonFiniteGlyph(m.kind, center: nonFiniteMarkCenter(m, plot: t.plot), pointingUp: up, color: s.color, ctx: ctx)
        }
    }
}

/// × for NaN, a triangle pointing off the chart for ±∞ (about 8 pt wide).
func drawNonFiniteGlyph(_ kind: NonFiniteKind, center c: Point, pointingUp: Bool, color: Color, ctx: RenderContext) {
    switch kind {
    case .nan:
        let d = 3.2
        var path = Path()
        path.move(to: Point(c.x - d, c.y - d)); path.line(to: Point(c.x + d, c.y + d))
        path.move(to: Point(c.x - d, c.y + d)); path.line(to: Point(c.x + d, c.y - d))
        ctx.backend.stroke(path, style: StrokeStyle(color: color, width: 1.6, cap: .round))
    case .positiveInfinity, .negativeInfinity:
        let tipY = pointingUp ? c.y - 3.5 : c.y + 3.5
        let baseY = pointingUp ? c.y + 3.5 : c.y - 3.5
        ctx.backend.fill(.polygon([Point(c.x, tipY), Point(c.x + 4, baseY), Point(c.x - 4, baseY)]), color: color)
    }
}

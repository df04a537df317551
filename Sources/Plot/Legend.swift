// The legend: a framed box of (handle, label) rows inside the axes. With
// `.best` every candidate position is scored by how much data it would hide
// – data points inside the box plus line segments crossing it plus bars
// overlapping it, as matplotlib does – and the least covered one wins, ties
// going to the earlier candidate (upper right first).

struct LegendEntry {
    enum Handle {
        case line(color: Color, style: LineStyle, drawsLine: Bool)
        case patch(color: Color, edge: Color?)
        /// Explains the edge marks of NaN / ±∞ values.
        case nonFinite(NonFiniteKind)
    }
    var label: String
    var handle: Handle
}

extension Axes {
    var legendEntries: [LegendEntry] {
        var out: [LegendEntry] = []
        for item in items {
            switch item {
            case .line(let s):
                if let l = s.label, !l.isEmpty { out.append(LegendEntry(label: l, handle: .line(color: s.color, style: s.style, drawsLine: s.drawsLine))) }
            case .bars(let b):
                if let l = b.label, !l.isEmpty { out.append(LegendEntry(label: l, handle: .patch(color: b.color, edge: b.edgeColor))) }
            case .band(let b):
                // The swatch has the band's own translucency, as matplotlib's does.
                if let l = b.label, !l.isEmpty { out.append(LegendEntry(label: l, handle: .patch(color: b.fillColor, edge: nil))) }
            case .heatmap: break
            }
        }
        if !out.isEmpty {
            for k in nonFiniteKinds() { out.append(LegendEntry(label: nonFiniteLabel(k), handle: .nonFinite(k))) }
        }
        return out
    }

    func drawLegend(_ t: AxesTransform, ctx: RenderContext) {
        let entries = legendEntries
        guard legend != .none, !entries.isEmpty else { return }
        let size = legendSize(entries)
        let placement = legend == .best ? bestLegendPlacement(size: size, t: t) : legend
        let box = legendRect(placement, size: size, plot: t.plot)
        drawLegendBox(entries, in: box, ctx: ctx)
    }

    /// Candidates in matplotlib's order of preference.
    static let legendCandidates: [LegendPlacement] = [
        .upperRight, .upperLeft, .lowerLeft, .lowerRight, .centerRight, .centerLeft, .lowerCenter, .upperCenter, .center,
    ]

    /// The candidate whose box covers the least data.
    func bestLegendPlacement(size: (width: Double, height: Double), t: AxesTransform) -> LegendPlacement {
        let obstacles = legendObstacles(t)
        var best = LegendPlacement.upperRight, bestScore = Int.max
        for c in Self.legendCandidates {
            let score = coverage(of: legendRect(c, size: size, plot: t.plot), obstacles)
            if score < bestScore { best = c; bestScore = score }
        }
        return best
    }

    struct LegendObstacles {
        var points: [Point] = []
        var segments: [(Point, Point)] = []
        var rects: [Rect] = []
    }

    func legendObstacles(_ t: AxesTransform) -> LegendObstacles {
        var o = LegendObstacles()
        for item in items {
            switch item {
            case .line(let s):
                for run in finiteRuns(s, t: t) {
                    o.points += run
                    if s.drawsLine { for (a, b) in zip(run, run.dropFirst()) { o.segments.append((a, b)) } }
                }
            case .bars(let b): o.rects += barRects(b, t: t)
            case .band(let b):
                // A band's edges count like two lines: the legend should not
                // cut across the spread it is meant to show.
                for piece in bandPieces(b, t: t) {
                    for edge in [piece.upper, piece.lower] {
                        o.points += edge
                        for (a, c) in zip(edge, edge.dropFirst()) { o.segments.append((a, c)) }
                    }
                }
            case .heatmap: break
            }
        }
        // Edge marks of non-finite values must stay visible: weight them like
        // several points so the legend avoids them strongly.
        for case .line(let s) in items {
            for m in nonFiniteMarks(s, t: t) {
                let c = nonFiniteMarkCenter(m, plot: t.plot)
                o.rects += Array(repeating: Rect(x: c.x - 5, y: c.y - 5, width: 10, height: 10), count: 3)
            }
        }
        return o
    }

    func coverage(of box: Rect, _ o: LegendObstacles) -> Int {
        var n = 0
        for p in o.points where box.contains(p) { n += 1 }
        for (a, b) in o.segments where segmentIntersects(a, b, box) { n += 1 }
        for r in o.rects where r.intersects(box) { n += 1 }
        return n
    }

    func legendSize(_ entries: [LegendEntry]) -> (width: Double, height: Double) {
        let m = TextMeasurer.shared, f = Theme.legendFont
        let textW = entries.map { m.width($0.label, font: f) }.max() ?? 0
        let lineH = m.metrics(f).lineHeight
        let w = 2 * Theme.legendPad + Theme.legendHandleLength + Theme.legendHandleGap + textW
        let h = 2 * Theme.legendPad + Double(entries.count) * lineH
        return (w, h)
    }

    func legendRect(_ placement: LegendPlacement, size: (width: Double, height: Double), plot p: Rect) -> Rect {
        let i = Theme.legendInset
        let left = p.minX + i, right = p.maxX - i - size.width, hc = p.midX - size.width / 2
        let top = p.minY + i, bottom = p.maxY - i - size.height, vc = p.midY - size.height / 2
        let (x, y): (Double, Double)
        switch placement {
        case .upperRight, .best, .none: (x, y) = (right, top)
        case .upperLeft: (x, y) = (left, top)
        case .lowerLeft: (x, y) = (left, bottom)
        case .lowerRight: (x, y) = (right, bottom)
        case .centerLeft: (x, y) = (left, vc)
        case .centerRight: (x, y) = (right, vc)
        case .upperCenter: (x, y) = (hc, top)
        case .lowerCenter: (x, y) = (hc, bottom)
        case .center: (x, y) = (hc, vc)
        }
        return Rect(x: x, y: y, width: size.width, height: size.height)
    }

    private func drawLegendBox(_ entries: [LegendEntry], in box: Rect, ctx: RenderContext) {
        let frame = Path.roundedRect(box, radius: 3)
        ctx.backend.fill(frame, color: Theme.legendFill)
        ctx.backend.stroke(frame, style: StrokeStyle(color: Theme.legendFrame, width: 0.6))
        let lineH = ctx.measurer.metrics(Theme.legendFont).lineHeight
        for (i, e) in entries.enumerated() {
            let cy = box.minY + Theme.legendPad + (Double(i) + 0.5) * lineH
            let hx = box.minX + Theme.legendPad
            drawHandle(e.handle, x: hx, cy: cy, ctx: ctx)
            ctx.text(e.label, at: Point(hx + Theme.legendHandleLength + Theme.legendHandleGap, cy), font: Theme.legendFont,
                     alignment: TextAlignment(.left, .center))
        }
    }

    private func drawHandle(_ h: LegendEntry.Handle, x: Double, cy: Double, ctx: RenderContext) {
        let len = Theme.legendHandleLength
        switch h {
        case .line(let color, let style, let drawsLine):
            if drawsLine {
                let st = StrokeStyle(color: color, width: style.width, dash: style.dash.pattern(width: style.width), cap: style.dash.cap)
                ctx.backend.stroke(.segment(Point(x, cy), Point(x + len, cy)), style: st)
            }
            if style.marker != .none {
                drawMarker(style.marker, at: Point(x + len / 2, cy), size: style.markerSize, color: color, ctx: ctx)
            }
        case .patch(let color, let edge):
            let r = Rect(x: x + 2, y: cy - 4, width: len - 4, height: 8)
            ctx.backend.fill(.rect(r), color: color)
            if let edge { ctx.backend.stroke(.rect(r), style: StrokeStyle(color: edge, width: 0.6, join: .miter)) }
        case .nonFinite(let kind):
            drawNonFiniteGlyph(kind, center: Point(x + len / 2, cy), pointingUp: kind == .positiveInfinity,
                               color: Theme.secondaryText, ctx: ctx)
        }
    }
}

/// Liang–Barsky test: does segment ab cross (or lie in) rectangle r?
func segmentIntersects(_ a: Point, _ b: Point, _ r: Rect) -> Bool {
    var t0 = 0.0, t1 = 1.0
    let dx = b.x - a.x, dy = b.y - a.y
    let checks = [(-dx, a.x - r.minX), (dx, r.maxX - a.x), (-dy, a.y - r.minY), (dy, r.maxY - a.y)]
    for (p, q) in checks {
        if p == 0 {
            if q < 0 { return false }
        } else {
            let u = q / p
            if p < 0 { if u > t1 { return false }; t0 = max(t0, u) } else { if u < t0 { return false }; t1 = min(t1, u) }
        }
    }
    return t0 <= t1
}

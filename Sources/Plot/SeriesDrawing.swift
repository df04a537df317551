import Foundation

// Drawing lines, markers, bars and heatmaps in data coordinates.

extension Axes {
    /// A line is split into runs of consecutive finite points: a NaN or ±∞
    /// breaks it rather than being drawn as a spike to the axis edge.
    func drawSeries(_ s: LineSeries, t: AxesTransform, ctx: RenderContext) {
        let runs = finiteRuns(s, t: t)
        if s.drawsLine {
            let style = StrokeStyle(color: s.color, width: s.style.width, dash: s.style.dash.pattern(width: s.style.width),
                                    cap: s.style.dash.cap, join: .round)
            for run in runs {
                if run.count >= 2 {
                    ctx.backend.stroke(.polyline(decimated(run)), style: style)
                } else if s.style.marker == .none, let p = run.first {
                    // An isolated finite value would otherwise be invisible.
                    ctx.backend.fill(.circle(center: p, radius: s.style.width * 1.2), color: s.color)
                }
            }
        }
        if s.style.marker != .none {
            for run in runs { for p in run { drawMarker(s.style.marker, at: p, size: s.style.markerSize, color: s.color, ctx: ctx) } }
        }
    }

    /// Long runs (e.g. a loss per batch) are thinned with M4 decimation:
    /// per quarter-point column the first, lowest, highest and last point are
    /// kept, which leaves the drawn line unchanged but keeps PNG rendering
    /// fast and SVG/PDF files small. Every bucket holds consecutive points of
    /// one column, so the result is visually identical for any path shape.
    func decimated(_ run: [Point]) -> [Point] {
        guard run.count > 2000 else { return run }
        var out: [Point] = [], bucket: [Point] = []
        var column = Double.nan
        func flush() {
            guard let first = bucket.first, let last = bucket.last else { return }
            let lo = bucket.indices.min { bucket[$0].y < bucket[$1].y }!
            let hi = bucket.indices.max { bucket[$0].y < bucket[$1].y }!
            for p in [first, bucket[min(lo, hi)], bucket[max(lo, hi)], last] where p != out.last { out.append(p) }
            bucket.removeAll(keepingCapacity: true)
        }
        for p in run {
            let c = (p.x * 4).rounded(.down)
            if c != column { flush(); column = c }
            bucket.append(p)
        }
        flush()
        return out
    }

    /// Pixel positions of the series split at non-finite points.
    func finiteRuns(_ s: LineSeries, t: AxesTransform) -> [[Point]] {
        var runs: [[Point]] = [], current: [Point] = []
        for (x, y) in zip(s.x, s.y) {
            let p = t.point(x, y)
            if p.x.isFinite && p.y.isFinite {
                current.append(p)
            } else if !current.isEmpty {
                runs.append(current); current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// One fill call per band, each piece a closed sub-path: along the upper
    /// curve in data order, then back along the lower one. Translucent
    /// pieces in one path are composited once, so no seams show between
    /// them; the non-zero fill rule also fills where the curves cross.
    func drawBand(_ b: BandSeries, t: AxesTransform, ctx: RenderContext) {
        var path = Path()
        for piece in bandPieces(b, t: t) { path.appendPolygon(piece.upper + piece.lower.reversed()) }
        guard !path.isEmpty else { return }
        ctx.backend.fill(path, color: b.fillColor)
    }

    /// Pixel positions of the band's edges, split where x, lower or upper
    /// cannot be placed (NaN, ±∞, ≤ 0 on a log axis), as `finiteRuns` splits
    /// a line. Pieces of one point enclose no area and are dropped.
    func bandPieces(_ b: BandSeries, t: AxesTransform) -> [(upper: [Point], lower: [Point])] {
        var pieces: [(upper: [Point], lower: [Point])] = []
        var upper: [Point] = [], lower: [Point] = []
        func finish() {
            if upper.count >= 2 { pieces.append((upper, lower)) }
            upper = []; lower = []
        }
        for i in b.x.indices {
            let hi = t.point(b.x[i], b.upper[i]), lo = t.point(b.x[i], b.lower[i])
            if hi.x.isFinite && hi.y.isFinite && lo.y.isFinite {
                upper.append(hi); lower.append(lo)
            } else {
                finish()
            }
        }
        finish()
        return pieces
    }

    func drawBars(_ b: BarSeries, t: AxesTransform, ctx: RenderContext) {
        for r in barRects(b, t: t) {
            ctx.backend.fill(.rect(r), color: b.color)
            if let edge = b.edgeColor {
                ctx.backend.stroke(.rect(r), style: StrokeStyle(color: edge, width: 0.6, join: .miter))
            }
        }
    }

    func barRects(_ b: BarSeries, t: AxesTransform) -> [Rect] {
        var out: [Rect] = []
        for i in b.x.indices {
            let (x, h, base) = (b.x[i], b.heights[i], b.bottoms[i])
            guard x.isFinite, h.isFinite, base.isFinite, h != 0 else { continue }
            let x0 = t.px(x - b.width / 2), x1 = t.px(x + b.width / 2)
            let y0 = t.py(base), y1 = t.py(base + h)
            guard x0.isFinite, x1.isFinite, y0.isFinite, y1.isFinite else { continue }
            out.append(Rect(x: min(x0, x1), y: min(y0, y1), width: abs(x1 - x0), height: abs(y1 - y0)))
        }
        return out
    }

    /// Cells as a nearest-neighbour image (crisp edges) plus optional
    /// per-cell text in black or white, whichever contrasts with the cell.
    func drawHeatmap(_ h: HeatmapLayer, t: AxesTransform, ctx: RenderContext) {
        let m = h.matrix
        guard m.rows > 0, m.cols > 0 else { return }
        let a = t.point(-0.5, -0.5), b = t.point(Double(m.cols) - 0.5, Double(m.rows) - 0.5)
        let rect = Rect(x: min(a.x, b.x), y: min(a.y, b.y), width: abs(b.x - a.x), height: abs(b.y - a.y))
        ctx.backend.drawImage(m.image(colorMap: h.colorMap, range: h.range), in: rect, interpolation: .nearest)
        guard let notes = h.annotations else { return }
        let span = h.range.upperBound - h.range.lowerBound
        for r in 0..<m.rows {
            for c in 0..<m.cols where r * m.cols + c < notes.count {
                let v = m[r, c]
                let cell = h.colorMap.color(at: span > 0 ? (v - h.range.lowerBound) / span : 0.5)
                let ink = cell.luminance < 0.5 ? Color.white : Theme.text
                ctx.text(notes[r * m.cols + c], at: t.point(Double(c), Double(r)), font: Theme.annotationFont,
                         color: ink, alignment: TextAlignment(.center, .center))
            }
        }
    }
}

/// Draws a marker centred on `p` with diameter `size`.
func drawMarker(_ marker: Marker, at p: Point, size: Double, color: Color, ctx: RenderContext) {
    let r = size / 2
    switch marker {
    case .none: return
    case .circle: ctx.backend.fill(.circle(center: p, radius: r), color: color)
    case .square: ctx.backend.fill(.rect(Rect(x: p.x - r * 0.9, y: p.y - r * 0.9, width: 1.8 * r, height: 1.8 * r)), color: color)
    case .triangle:
        ctx.backend.fill(.polygon([Point(p.x, p.y - r * 1.15), Point(p.x + r * 1.05, p.y + r * 0.7), Point(p.x - r * 1.05, p.y + r * 0.7)]), color: color)
    case .diamond:
        ctx.backend.fill(.polygon([Point(p.x, p.y - r * 1.2), Point(p.x + r * 0.85, p.y), Point(p.x, p.y + r * 1.2), Point(p.x - r * 0.85, p.y)]), color: color)
    case .cross, .plus:
        let d = marker == .cross ? r * 0.85 : r
        let style = StrokeStyle(color: color, width: max(1, size / 4), cap: .round)
        var path = Path()
        if marker == .cross {
            path.move(to: Point(p.x - d, p.y - d)); path.line(to: Point(p.x + d, p.y + d))
            path.move(to: Point(p.x - d, p.y + d)); path.line(to: Point(p.x + d, p.y - d))
        } else {
            path.move(to: Point(p.x - d, p.y)); path.line(to: Point(p.x + d, p.y))
            path.move(to: Point(p.x, p.y - d)); path.line(to: Point(p.x, p.y + d))
        }
        ctx.backend.stroke(path, style: style)
    }
}

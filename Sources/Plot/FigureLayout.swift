// Grid layout of a figure, in the spirit of matplotlib's tight_layout: each
// axes reports the space its labels need, each grid column gets the widest
// left/right need of its axes and each row the tallest top/bottom need, and
// the remaining space is shared by the plot areas. Plots in one column
// therefore line up exactly, and no label is clipped or overlaps a neighbour.

/// The computed geometry of one axes.
struct AxesLayout {
    var transform: AxesTransform
    var insets: EdgeInsets
    var plot: Rect { transform.plot }
}

struct FigureLayout {
    struct Placed {
        let cell: Figure.Cell
        /// The whole grid cell, including room for decorations.
        let outer: Rect
        /// Present for plot axes.
        let axesLayout: AxesLayout?
    }

    private(set) var cells: [Placed] = []

    init(figure: Figure, snap: PixelSnapper) {
        let rows = (figure.cells.map(\.row).max() ?? 0) + 1
        let cols = (figure.cells.map(\.col).max() ?? 0) + 1
        let content = Self.contentRect(figure)
        let colW = Self.normalised(figure.columnWeights, count: cols)
        let rowW = Self.normalised(figure.rowWeights, count: rows)

        // Ranges do not depend on the layout; compute them once.
        var ranges: [Int: (x: ClosedRange<Double>, y: ClosedRange<Double>)] = [:]
        for (i, c) in figure.cells.enumerated() {
            if case .axes(let a) = c.content { ranges[i] = (a.resolvedXRange(), a.resolvedYRange()) }
        }

        // Two passes: tick density depends on the plot size, which depends on
        // the labels' size. The first pass guesses 75% of each cell.
        var plotW = colW.map { $0 * content.width * 0.75 }
        var plotH = rowW.map { $0 * content.height * 0.75 }
        var result = Self.pass(figure, ranges: ranges, plotW: plotW, plotH: plotH, rows: rows, cols: cols)
        for _ in 0..<2 {
            let availW = content.width - zip(result.left, result.right).map(+).reduce(0, +) - Double(cols - 1) * Theme.panelGap
            let availH = content.height - zip(result.top, result.bottom).map(+).reduce(0, +) - Double(rows - 1) * Theme.panelGap
            plotW = colW.map { $0 * max(10, availW) }
            plotH = rowW.map { $0 * max(10, availH) }
            result = Self.pass(figure, ranges: ranges, plotW: plotW, plotH: plotH, rows: rows, cols: cols)
        }

        // Column and row origins.
        var colX: [Double] = [], x = content.minX
        for c in 0..<cols { colX.append(x); x += result.left[c] + plotW[c] + result.right[c] + Theme.panelGap }
        var rowY: [Double] = [], y = content.minY
        for r in 0..<rows { rowY.append(y); y += result.top[r] + plotH[r] + result.bottom[r] + Theme.panelGap }

        for (i, cell) in figure.cells.enumerated() {
            let (r, c) = (cell.row, cell.col)
            let outer = Rect(x: colX[c], y: rowY[r], width: result.left[c] + plotW[c] + result.right[c],
                             height: result.top[r] + plotH[r] + result.bottom[r])
            var axesLayout: AxesLayout?
            if case .axes(let a) = cell.content, let rng = ranges[i], let ticks = result.ticks[i] {
                var plot = Rect(x: colX[c] + result.left[c], y: rowY[r] + result.top[r], width: plotW[c], height: plotH[r])
                if a.equalAspect { plot = Self.equalAspect(plot, x: rng.x, y: rng.y, a) }
                plot = Self.snapped(plot, snap)
                let xm = AxisModel(scale: a.xScale, range: rng.x, ticks: ticks.x)
                let ym = AxisModel(scale: a.yScale, range: rng.y, ticks: ticks.y, inverted: a.yInverted)
                axesLayout = AxesLayout(transform: AxesTransform(plot: plot, x: xm, y: ym), insets: result.insets[i] ?? EdgeInsets())
            }
            cells.append(Placed(cell: cell, outer: outer, axesLayout: axesLayout))
        }
    }

    private struct PassResult {
        var left: [Double], right: [Double], top: [Double], bottom: [Double]
        var ticks: [Int: (x: [Tick], y: [Tick])] = [:]
        var insets: [Int: EdgeInsets] = [:]
    }

    /// Chooses ticks for the given plot sizes and collects the per-column and
    /// per-row decoration space.
    private static func pass(_ figure: Figure, ranges: [Int: (x: ClosedRange<Double>, y: ClosedRange<Double>)],
                             plotW: [Double], plotH: [Double], rows: Int, cols: Int) -> PassResult {
        var res = PassResult(left: Array(repeating: 0, count: cols), right: Array(repeating: 0, count: cols),
                             top: Array(repeating: 0, count: rows), bottom: Array(repeating: 0, count: rows))
        for (i, cell) in figure.cells.enumerated() {
            guard case .axes(let a) = cell.content, let rng = ranges[i] else { continue }
            let (w, h) = (plotW[cell.col], plotH[cell.row])
            let xt = a.xTicks(range: rng.x, length: w), yt = a.yTicks(range: rng.y, length: h)
            let xm = AxisModel(scale: a.xScale, range: rng.x, ticks: xt)
            let ym = AxisModel(scale: a.yScale, range: rng.y, ticks: yt, inverted: a.yInverted)
            let e = a.decorationInsets(x: xm, y: ym, plotSize: (w, h))
            res.ticks[i] = (xt, yt)
            res.insets[i] = e
            res.left[cell.col] = max(res.left[cell.col], e.left)
            res.right[cell.col] = max(res.right[cell.col], e.right)
            res.top[cell.row] = max(res.top[cell.row], e.top)
            res.bottom[cell.row] = max(res.bottom[cell.row], e.bottom)
        }
        return res
    }

    private static func contentRect(_ figure: Figure) -> Rect {
        var r = Rect(x: 0, y: 0, width: figure.width, height: figure.height).inset(by: Theme.figurePad)
        if let t = figure.title, !t.isEmpty {
            let h = TextMeasurer.shared.blockHeight(lineCount: lines(t).count, font: Theme.suptitleFont) + 8
            r = r.inset(EdgeInsets(top: h))
        }
        return r
    }

    private static func normalised(_ weights: [Double]?, count: Int) -> [Double] {
        var w = (weights ?? []).prefix(count).map { max(0, $0) }
        while w.count < count { w.append(1) }
        let total = w.reduce(0, +)
        return total > 0 ? w.map { $0 / total } : Array(repeating: 1 / Double(count), count: count)
    }

    /// Shrinks the plot so one data unit has the same length on both axes, centred.
    private static func equalAspect(_ plot: Rect, x: ClosedRange<Double>, y: ClosedRange<Double>, _ a: Axes) -> Rect {
        let sx = a.xScale.transform(x.upperBound) - a.xScale.transform(x.lowerBound)
        let sy = a.yScale.transform(y.upperBound) - a.yScale.transform(y.lowerBound)
        guard sx > 0, sy > 0 else { return plot }
        let unit = min(plot.width / sx, plot.height / sy)
        let w = sx * unit, h = sy * unit
        return Rect(x: plot.midX - w / 2, y: plot.midY - h / 2, width: w, height: h)
    }

    /// Puts the plot edges on whole device pixels so spines are crisp.
    private static func snapped(_ r: Rect, _ s: PixelSnapper) -> Rect {
        let x0 = s.edge(r.minX), y0 = s.edge(r.minY), x1 = s.edge(r.maxX), y1 = s.edge(r.maxY)
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }
}

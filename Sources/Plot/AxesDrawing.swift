import Foundation

// Drawing an axes in z-order: grid, clipped data, spines, ticks, labels,
// legend. Data is clipped to the plot rectangle so nothing is drawn outside
// the axes; decorations are drawn outside it in space the layout reserved.

extension Axes {
    func draw(_ layout: AxesLayout, ctx: RenderContext) {
        let t = layout.transform
        if showGrid { drawGrid(t, ctx: ctx) }
        ctx.backend.pushClip(t.plot)
        for item in drawOrder {
            switch item {
            case .band(let b): drawBand(b, t: t, ctx: ctx)
            case .bars(let b): drawBars(b, t: t, ctx: ctx)
            case .heatmap(let h): drawHeatmap(h, t: t, ctx: ctx)
            case .line(let s): drawSeries(s, t: t, ctx: ctx)
            }
        }
        for case .line(let s) in items { drawNonFiniteMarks(s, t: t, ctx: ctx) }
        drawAnnotations(t, ctx: ctx)
        ctx.backend.popClip()
        drawSpines(t.plot, ctx: ctx)
        drawTicks(layout, ctx: ctx)
        drawLabels(layout, ctx: ctx)
        drawLegend(t, ctx: ctx)
    }

    /// Items in the order they are painted: bands first, then the rest in
    /// the order added. A band shows a spread behind lines (matplotlib gives
    /// fills a lower z-order than lines for the same reason); painted in call
    /// order, a band added after its lines would veil them. Without bands
    /// this is exactly insertion order, so existing figures are unchanged.
    var drawOrder: [PlotItem] {
        let bands = items.filter { if case .band = $0 { return true } else { return false } }
        return bands + items.filter { if case .band = $0 { return false } else { return true } }
    }

    // MARK: grid and spines

    /// Light lines at major ticks (and at unlabelled decades on log axes),
    /// skipping those that coincide with a spine.
    private func drawGrid(_ t: AxesTransform, ctx: RenderContext) {
        let p = t.plot
        for tick in t.x.ticks {
            let x = t.px(tick.value)
            guard x > p.minX + 0.5, x < p.maxX - 0.5, let style = gridStyle(tick, scale: xScale) else { continue }
            ctx.hairline(from: Point(x, p.minY), to: Point(x, p.maxY), color: style.color, width: style.width)
        }
        for tick in t.y.ticks {
            let y = t.py(tick.value)
            guard y > p.minY + 0.5, y < p.maxY - 0.5, let style = gridStyle(tick, scale: yScale) else { continue }
            ctx.hairline(from: Point(p.minX, y), to: Point(p.maxX, y), color: style.color, width: style.width)
        }
    }

    private func gridStyle(_ tick: Tick, scale: Scale) -> StrokeStyle? {
        if !tick.isMinor { return StrokeStyle(color: Theme.gridColor, width: Theme.gridWidth) }
        // Minor grid only at powers of ten (thinned log labels), never at 2…9.
        guard scale == .log10, isPowerOfTen(tick.value) else { return nil }
        return StrokeStyle(color: Theme.minorGridColor, width: Theme.minorGridWidth)
    }

    private func drawSpines(_ p: Rect, ctx: RenderContext) {
        let c = Theme.spineColor, w = Theme.spineWidth
        // Corners are extended by half a line width so the frame closes cleanly.
        let h = w / 2
        ctx.hairline(from: Point(p.minX - h, p.minY), to: Point(p.maxX + h, p.minY), color: c, width: w)
        ctx.hairline(from: Point(p.minX - h, p.maxY), to: Point(p.maxX + h, p.maxY), color: c, width: w)
        ctx.hairline(from: Point(p.minX, p.minY), to: Point(p.minX, p.maxY), color: c, width: w)
        ctx.hairline(from: Point(p.maxX, p.minY), to: Point(p.maxX, p.maxY), color: c, width: w)
    }

    // MARK: ticks and labels

    private func drawTicks(_ layout: AxesLayout, ctx: RenderContext) {
        let t = layout.transform, p = t.plot
        let labelY = p.maxY + Theme.tickLength + Theme.tickPad + xTickLabelBlock(t.x).offset
        for tick in t.x.ticks {
            let x = t.px(tick.value)
            guard x >= p.minX - 0.5, x <= p.maxX + 0.5 else { continue }
            let len = tick.isMinor ? Theme.minorTickLength : Theme.tickLength
            ctx.hairline(from: Point(x, p.maxY), to: Point(x, p.maxY + len), color: Theme.spineColor,
                         width: tick.isMinor ? Theme.minorTickWidth : Theme.tickWidth)
            if !tick.label.isEmpty {
                ctx.text(tick.label, at: Point(x, labelY), font: Theme.tickFont,
                         alignment: TextAlignment(.center, .top))
            }
        }
        for tick in t.y.ticks {
            let y = t.py(tick.value)
            guard y >= p.minY - 0.5, y <= p.maxY + 0.5 else { continue }
            let len = tick.isMinor ? Theme.minorTickLength : Theme.tickLength
            ctx.hairline(from: Point(p.minX - len, y), to: Point(p.minX, y), color: Theme.spineColor,
                         width: tick.isMinor ? Theme.minorTickWidth : Theme.tickWidth)
            if !tick.label.isEmpty {
                ctx.text(tick.label, at: Point(p.minX - Theme.tickLength - Theme.tickPad, y), font: Theme.tickFont,
                         alignment: TextAlignment(.right, .center))
            }
        }
    }

    private func drawLabels(_ layout: AxesLayout, ctx: RenderContext) {
        let t = layout.transform, p = t.plot
        let m = ctx.measurer
        if let xLabel, !xLabel.isEmpty {
            let y = p.maxY + Theme.tickLength + Theme.tickPad + xTickLabelBlock(t.x).height
            ctx.text(xLabel, at: Point(p.midX, y + Theme.labelPad), font: Theme.labelFont, alignment: TextAlignment(.center, .top))
        }
        if let yLabel, !yLabel.isEmpty {
            let widest = t.y.labelledTicks.map { m.width($0.label, font: Theme.tickFont) }.max() ?? 0
            let x = p.minX - Theme.tickLength - Theme.tickPad - widest - Theme.labelPad
            // Rotated 90°: the block's bottom (descender side) faces the plot.
            ctx.text(yLabel, at: Point(x, p.midY), font: Theme.labelFont, alignment: TextAlignment(.center, .bottom), angle: 90)
        }
        if let title, !title.isEmpty {
            ctx.text(title, at: Point(p.midX, p.minY - Theme.titlePad), font: Theme.titleFont,
                     alignment: TextAlignment(.center, .bottom))
        }
    }

    private func drawAnnotations(_ t: AxesTransform, ctx: RenderContext) {
        for a in annotations {
            let pt = t.point(a.x, a.y)
            guard pt.x.isFinite, pt.y.isFinite else { continue }
            ctx.text(a.text, at: pt, font: a.font, color: a.color ?? Theme.text, alignment: a.alignment)
        }
    }
}

func isPowerOfTen(_ v: Double) -> Bool {
    guard v > 0 else { return false }
    let k = log10(v).rounded()
    return abs(v / powerOfTen(Int(k)) - 1) < 1e-9
}

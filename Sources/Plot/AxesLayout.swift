import Foundation

// Turning an axes' data into ranges, ticks and the space its decorations
// need. Ranges do not depend on the figure size; tick density does (labels
// must not collide), so ticks are chosen once the axis length is known.

/// One axis after layout: its scale, data range and ticks.
struct AxisModel {
    var scale: Scale
    var range: ClosedRange<Double>
    var ticks: [Tick]
    var inverted = false

    /// Position along the axis in [0, 1] (may be outside or non-finite).
    func fraction(_ v: Double) -> Double {
        let t0 = scale.transform(range.lowerBound), t1 = scale.transform(range.upperBound)
        let f = (scale.transform(v) - t0) / (t1 - t0)
        return inverted ? 1 - f : f
    }

    var labelledTicks: [Tick] { ticks.filter { !$0.label.isEmpty } }
}

/// Maps data coordinates into a plot rectangle.
struct AxesTransform {
    let plot: Rect
    let x: AxisModel
    let y: AxisModel

    func px(_ v: Double) -> Double { plot.minX + x.fraction(v) * plot.width }
    func py(_ v: Double) -> Double { plot.maxY - y.fraction(v) * plot.height }
    func point(_ xv: Double, _ yv: Double) -> Point { Point(px(xv), py(yv)) }
}

extension Axes {
    // MARK: ranges

    /// The x range: explicit limits or the data range with margins.
    func resolvedXRange() -> ClosedRange<Double> {
        if let xLimits, isUsable(xLimits, xScale) { return xLimits }
        return AxisRange.auto(xDataValues(), scale: xScale, margin: margin)
    }

    /// The y range: explicit limits or the data range with margins. Bars are
    /// "sticky" at their base so a bar chart starts exactly at zero.
    func resolvedYRange() -> ClosedRange<Double> {
        if let yLimits, isUsable(yLimits, yScale) { return yLimits }
        var r = AxisRange.auto(yDataValues(), scale: yScale, margin: margin)
        for case .bars(let b) in items where yScale == .linear {
            guard let base = b.bottoms.min() else { continue }
            let dataMin = zip(b.heights, b.bottoms).filter { $0.0.isFinite }.map { min($1, $1 + $0) }.min() ?? base
            if r.lowerBound < base && dataMin >= base && r.upperBound > base { r = base...r.upperBound }
        }
        return withMarkHeadroom(r)
    }

    /// Extra room at the edge where non-finite marks are drawn, so a mark
    /// never sits on top of the end of a line.
    private func withMarkHeadroom(_ r: ClosedRange<Double>) -> ClosedRange<Double> {
        let kinds = nonFiniteKinds()
        guard !kinds.isEmpty, yDataValues().contains(where: { yScale.transform($0).isFinite }) else { return r }
        let atTop = kinds.contains(.nan) || kinds.contains(yInverted ? .negativeInfinity : .positiveInfinity)
        let atBottom = kinds.contains(yInverted ? .positiveInfinity : .negativeInfinity)
        let (extendHigh, extendLow) = yInverted ? (atBottom, atTop) : (atTop, atBottom)
        var t0 = yScale.transform(r.lowerBound), t1 = yScale.transform(r.upperBound)
        let pad = 0.07 * (t1 - t0)
        if extendHigh { t1 += pad }
        if extendLow { t0 -= pad }
        return yScale.inverse(t0)...yScale.inverse(t1)
    }

    private func isUsable(_ r: ClosedRange<Double>, _ s: Scale) -> Bool {
        r.lowerBound.isFinite && r.upperBound.isFinite && r.lowerBound < r.upperBound
            && (s == .linear || r.lowerBound > 0)
    }

    private func xDataValues() -> [Double] {
        var v: [Double] = []
        for item in items {
            switch item {
            case .line(let s): v += s.x
            case .band(let b): v += b.x
            case .bars(let b): for x in b.x { v += [x - b.width / 2, x + b.width / 2] }
            case .heatmap(let h): v += [-0.5, Double(h.matrix.cols) - 0.5]
            }
        }
        return v
    }

    private func yDataValues() -> [Double] {
        var v: [Double] = []
        for item in items {
            switch item {
            case .line(let s):
                // Only points that can be placed horizontally count.
                for (x, y) in zip(s.x, s.y) where xScale.transform(x).isFinite { v.append(y) }
            case .band(let b):
                for i in b.x.indices where xScale.transform(b.x[i]).isFinite { v += [b.lower[i], b.upper[i]] }
            case .bars(let b): for (h, y0) in zip(b.heights, b.bottoms) where h.isFinite && y0.isFinite { v += [y0, y0 + h] }
            case .heatmap(let h): v += [-0.5, Double(h.matrix.rows) - 0.5]
            }
        }
        return v
    }

    // MARK: ticks

    /// Ticks for the x axis of the given length, thinned until labels do not collide.
    func xTicks(range: ClosedRange<Double>, length: Double) -> [Tick] {
        if let customXTicks { return customXTicks.filter { range.contains($0.value) } }
        let model = AxisModel(scale: xScale, range: range, ticks: [])
        var maxTicks = max(3, min(8, Int(length / 36)))
        while true {
            let ticks = locate(range, scale: xScale, maxTicks: maxTicks, integer: integerXTicks)
            if maxTicks <= 2 || horizontalLabelsFit(ticks, model: model, length: length) { return ticks }
            maxTicks -= 1
        }
    }

    /// Ticks for the y axis of the given length.
    func yTicks(range: ClosedRange<Double>, length: Double) -> [Tick] {
        if let customYTicks { return customYTicks.filter { range.contains($0.value) } }
        let minSpacing = TextMeasurer.shared.metrics(Theme.tickFont).capHeight + 12
        let maxTicks = max(3, min(8, Int(length / minSpacing)))
        return locate(range, scale: yScale, maxTicks: maxTicks, integer: integerYTicks)
    }

    private func locate(_ r: ClosedRange<Double>, scale: Scale, maxTicks: Int, integer: Bool) -> [Tick] {
        switch scale {
        case .linear: return TickLocator.linear(r.lowerBound, r.upperBound, maxTicks: maxTicks, integer: integer)
        case .log10: return TickLocator.log10(r.lowerBound, r.upperBound, maxLabels: maxTicks)
        }
    }

    /// Neighbouring labels need at least 1.5 em between them.
    private func horizontalLabelsFit(_ ticks: [Tick], model: AxisModel, length: Double) -> Bool {
        let font = Theme.tickFont
        let labelled = ticks.filter { !$0.label.isEmpty }
            .map { (pos: model.fraction($0.value) * length, w: TextMeasurer.shared.width($0.label, font: font)) }
            .sorted { $0.pos < $1.pos }
        for (a, b) in zip(labelled, labelled.dropFirst()) where b.pos - a.pos < (a.w + b.w) / 2 + 1.5 * font.size {
            return false
        }
        return true
    }

    // MARK: decorations

    /// The x tick labels' block below the ticks: labels with exponents are
    /// pushed down by the exponent's overhang so it cannot touch the tick.
    func xTickLabelBlock(_ x: AxisModel) -> (offset: Double, height: Double) {
        let labels = x.labelledTicks
        guard !labels.isEmpty else { return (0, 0) }
        let f = Theme.tickFont
        let offset = labels.map { Superscript.overhang($0.label, font: f) }.max() ?? 0
        let m = TextMeasurer.shared.metrics(f)
        return (offset, offset + m.capHeight + m.descent)
    }

    /// Space needed around a plot rectangle of the given size for ticks,
    /// tick labels, axis labels and title, so that nothing is clipped.
    func decorationInsets(x: AxisModel, y: AxisModel, plotSize: (width: Double, height: Double)) -> EdgeInsets {
        let m = TextMeasurer.shared
        let tickFont = Theme.tickFont
        let tickMetrics = m.metrics(tickFont)
        var e = EdgeInsets()

        let yLabelWidths = y.labelledTicks.map { m.width($0.label, font: tickFont) }
        e.left = Theme.tickLength + Theme.tickPad + (yLabelWidths.max() ?? 0)
        if let yLabel, !yLabel.isEmpty {
            e.left += Theme.labelPad + m.blockHeight(lineCount: lines(yLabel).count, font: Theme.labelFont)
        }

        e.bottom = Theme.tickLength + Theme.tickPad + xTickLabelBlock(x).height
        if let xLabel, !xLabel.isEmpty {
            e.bottom += Theme.labelPad + m.blockHeight(lineCount: lines(xLabel).count, font: Theme.labelFont)
        }

        // Half a tick label (plus any exponent) sticks out above the top y tick.
        let overhang = y.labelledTicks.map { Superscript.overhang($0.label, font: tickFont) }.max() ?? 0
        e.top = tickMetrics.capHeight / 2 + overhang + 2
        if let title, !title.isEmpty {
            e.top = max(e.top, Theme.titlePad + m.blockHeight(lineCount: lines(title).count, font: Theme.titleFont))
        }

        // End x labels are centred on their ticks and may overhang the plot.
        e.right = 4
        for t in x.labelledTicks {
            let w = m.width(t.label, font: tickFont)
            let f = x.fraction(t.value)
            e.right = max(e.right, w / 2 - (1 - f) * plotSize.width + 2)
            e.left = max(e.left, w / 2 - f * plotSize.width + 2)
        }
        return e
    }
}

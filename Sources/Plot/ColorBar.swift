// A vertical colour bar: the colour map as a gradient with value ticks, so
// colours in a matrix grid can be read back as numbers.

struct ColorBar {
    let colorMap: ColorMap
    let range: ClosedRange<Double>
    let label: String?

    static let barWidth = 10.0
    static let gap = 10.0

    func ticks(height: Double) -> [Tick] {
        let maxTicks = max(3, min(8, Int(height / 28)))
        return TickLocator.linear(range.lowerBound, range.upperBound, maxTicks: maxTicks)
    }

    /// Total width including the gap to the grid, tick labels and label.
    func width(height: Double) -> Double {
        let m = TextMeasurer.shared
        let labels = ticks(height: height).map { m.width($0.label, font: Theme.tickFont) }.max() ?? 0
        var w = Self.gap + Self.barWidth + Theme.tickLength + Theme.tickPad + labels
        if let label, !label.isEmpty { w += Theme.labelPad + m.blockHeight(lineCount: 1, font: Theme.labelFont) }
        return w
    }

    /// Draws the bar into `bar` (just the gradient rectangle).
    func draw(in bar: Rect, ctx: RenderContext) {
        // A 1×256 image, top row = maximum; smooth interpolation blends it.
        let lut = colorMap.lookupTable()
        var rgba = [UInt8](repeating: 255, count: 256 * 4)
        for i in 0..<256 {
            let k = 255 - i
            rgba[4 * i] = lut[3 * k]; rgba[4 * i + 1] = lut[3 * k + 1]; rgba[4 * i + 2] = lut[3 * k + 2]
        }
        ctx.backend.drawImage(RasterImage(width: 1, height: 256, rgba: rgba), in: bar, interpolation: .smooth)
        ctx.backend.stroke(.rect(bar), style: StrokeStyle(color: Theme.spineColor, width: 0.6, join: .miter))

        let span = range.upperBound - range.lowerBound
        let m = ctx.measurer
        var widest = 0.0
        for t in ticks(height: bar.height) where span > 0 {
            let y = bar.maxY - (t.value - range.lowerBound) / span * bar.height
            ctx.hairline(from: Point(bar.maxX, y), to: Point(bar.maxX + Theme.tickLength, y), color: Theme.spineColor, width: Theme.tickWidth)
            ctx.text(t.label, at: Point(bar.maxX + Theme.tickLength + Theme.tickPad, y), font: Theme.tickFont,
                     alignment: TextAlignment(.left, .center))
            widest = max(widest, m.width(t.label, font: Theme.tickFont))
        }
        if let label, !label.isEmpty {
            let x = bar.maxX + Theme.tickLength + Theme.tickPad + widest + Theme.labelPad
            // Reads top-to-bottom next to the bar, like matplotlib's colorbar label.
            ctx.text(label, at: Point(x, bar.midY), font: Theme.labelFont, alignment: TextAlignment(.center, .top), angle: 90)
        }
    }
}

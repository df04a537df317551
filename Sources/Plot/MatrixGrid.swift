import Foundation

// A grid of small matrices (convolution kernels, feature maps) drawn through
// one colour map with one shared value range, so that equal colours mean
// equal values across the whole grid, plus an optional colour bar.

/// A panel of colour-mapped matrices with a shared colour bar.
public final class MatrixGrid {
    public let matrices: [Matrix]
    public var columns: Int
    public var colorMap: ColorMap
    /// The value range mapped onto the colour map (shared by all cells).
    public var range: ClosedRange<Double>
    public var colorBar: Bool
    public var colorBarLabel: String?
    public var captions: [String]
    public var title: String?
    /// Space between cells in points.
    public var spacing: Double = 3
    /// A light frame around each cell; on by default for the diverging map,
    /// whose white (zero) cells would otherwise merge with the background.
    public var cellFrame: Bool
    /// What the grid's rows and columns are ("Output channel"), written left of
    /// and below the grid with the row and column numbers, counted from 1.
    public var rowLabel: String?
    public var columnLabel: String?
    /// Numbers the first row and column and every `numberEvery`-th after it.
    public var numberEvery = 5

    init(matrices: [Matrix], columns: Int, colorMap: ColorMap, range: ClosedRange<Double>?, colorBar: Bool,
         colorBarLabel: String?, captions: [String], title: String?) {
        self.matrices = matrices
        self.columns = max(1, columns)
        self.colorMap = colorMap
        let symmetric = colorMap.name == ColorMap.diverging.name
        self.range = range ?? ColorRange.auto(matrices.flatMap(\.values), symmetric: symmetric)
        self.colorBar = colorBar
        self.colorBarLabel = colorBarLabel
        self.captions = captions
        self.title = title
        self.cellFrame = symmetric
    }

    func draw(in outer: Rect, ctx: RenderContext) {
        guard !matrices.isEmpty else { return }
        let bar = colorBar ? ColorBar(colorMap: colorMap, range: range, label: colorBarLabel) : nil
        let area = outer.inset(by: 2), margins = axisMargins()
        let inner = Rect(x: area.x + margins.left, y: area.y, width: area.width - margins.left, height: area.height - margins.bottom)
        let g = MatrixGridLayout(self, in: inner, colorBar: bar, scale: ctx.snap.scale)
        if let title, !title.isEmpty {
            ctx.text(title, at: Point(g.origin.x + g.gridWidth / 2, g.origin.y - g.titleHeight), font: Theme.titleFont,
                     alignment: TextAlignment(.center, .top))
        }
        let frame = StrokeStyle(color: Color(hex: "c8c8c8"), width: 0.5, join: .miter)
        for (i, m) in matrices.enumerated() {
            let cell = g.cell(i)
            let rect = cellRect(m, in: cell, scale: g.scale, raster: g.raster)
            ctx.backend.drawImage(m.image(colorMap: colorMap, range: range), in: rect, interpolation: .nearest)
            if cellFrame { ctx.backend.stroke(.rect(rect), style: frame) }
            if i < captions.count, !captions[i].isEmpty {
                ctx.text(ellipsized(captions[i], font: Theme.captionFont, maxWidth: cell.width + g.gap),
                         at: Point(cell.midX, cell.maxY + 3), font: Theme.captionFont, alignment: TextAlignment(.center, .top))
            }
        }
        drawAxisLabels(g, ctx: ctx)
        if let bar {
            let barRect = Rect(x: g.origin.x + g.gridWidth + ColorBar.gap, y: g.origin.y,
                               width: ColorBar.barWidth, height: g.gridHeight)
            bar.draw(in: barRect, ctx: ctx)
        }
    }

    /// A non-square matrix keeps its aspect ratio inside the square cell,
    /// centred and still on whole device pixels.
    private func cellRect(_ m: Matrix, in box: Rect, scale s: Double, raster: Bool) -> Rect {
        guard m.rows != m.cols, m.rows > 0, m.cols > 0 else { return box }
        func r(_ v: Double) -> Double { raster ? v.rounded() : v }
        let (x, y, cell) = (box.x, box.y, box.width * s)
        let w = m.cols > m.rows ? cell : r(cell * Double(m.cols) / Double(m.rows))
        let h = m.rows > m.cols ? cell : r(cell * Double(m.rows) / Double(m.cols))
        let dx = r((cell - w) / 2), dy = r((cell - h) / 2)
        return Rect(x: x + dx / s, y: y + dy / s, width: w / s, height: h / s)
    }
}

/// Cell geometry of a matrix grid. On raster output everything is computed
/// in whole device pixels so all cells have the same size and every matrix
/// entry becomes an identical block; vector output has no pixel grid and
/// works in plain points.
struct MatrixGridLayout {
    let raster: Bool
    /// Device pixels per point (1 for vector output).
    let scale: Double
    let columns: Int
    /// Cell side and gap, in device pixels.
    let cellSize: Double
    let gapSize: Double
    /// Caption height below each cell and the title block, in points.
    let captionHeight: Double
    let titleHeight: Double
    /// Top-left of the first cell and the grid's size, in points.
    let origin: Point
    let gridWidth: Double
    let gridHeight: Double

    var gap: Double { gapSize / scale }

    init(_ grid: MatrixGrid, in area: Rect, colorBar: ColorBar?, scale deviceScale: Double) {
        raster = deviceScale > 0
        scale = raster ? deviceScale : 1
        let s = scale, raster = raster
        func whole(_ v: Double) -> Double { raster ? v.rounded(.down) : v }
        func wholeUp(_ v: Double) -> Double { raster ? (v * s).rounded(.up) / s : v }

        let n = grid.matrices.count
        columns = min(grid.columns, n)
        let rows = (n + columns - 1) / columns
        titleHeight = panelTitleHeight(grid.title)
        captionHeight = grid.captions.isEmpty ? 0 : wholeUp(3 + TextMeasurer.shared.blockHeight(lineCount: 1, font: Theme.captionFont))
        let barWidth = colorBar?.width(height: area.height - titleHeight) ?? 0

        gapSize = raster ? max(1, (grid.spacing * s).rounded()) : grid.spacing
        let maxW = (area.width - barWidth) * s
        let maxH = (area.height - titleHeight - Double(rows) * captionHeight) * s
        var cell = whole(min((maxW - Double(columns - 1) * gapSize) / Double(columns),
                             (maxH - Double(rows - 1) * gapSize) / Double(rows)))
        let entries = Double(grid.matrices.map { max($0.rows, $0.cols) }.max() ?? 1)
        if raster && cell / entries >= 2 { cell = (cell / entries).rounded(.down) * entries }
        cellSize = max(1, cell)

        gridWidth = (Double(columns) * cellSize + Double(columns - 1) * gapSize) / s
        gridHeight = (Double(rows) * cellSize + Double(rows - 1) * gapSize) / s + Double(rows) * captionHeight
        let x0 = area.midX - (gridWidth + barWidth) / 2
        let y0 = area.midY - (gridHeight + titleHeight) / 2 + titleHeight
        origin = raster ? Point((x0 * s).rounded() / s, (y0 * s).rounded() / s) : Point(x0, y0)
    }

    /// The square cell of matrix `i`, in points.
    func cell(_ i: Int) -> Rect {
        let r = i / columns, c = i % columns
        let x = origin.x + Double(c) * (cellSize + gapSize) / scale
        let y = origin.y + Double(r) * ((cellSize + gapSize) / scale + captionHeight)
        return Rect(x: x, y: y, width: cellSize / scale, height: cellSize / scale)
    }
}

// The top-level drawing: a page of a given size in points holding a grid of
// panels (plot axes, image grids, matrix grids) and an optional title.

/// A figure: a grid of panels rendered to PNG, SVG or PDF.
///
///     let fig = Figure(width: 480, height: 300)
///     let ax = fig.addAxes()
///     ax.line(y: losses, label: "He")
///     ax.set(xLabel: "Epoch", yLabel: "Loss")
///     try fig.write(to: "loss.png")
public final class Figure {
    /// Size in points (1/72 in); PNG pixels are this times the scale.
    public let width: Double
    public let height: Double
    /// A title above all panels.
    public var title: String?
    public var background = Theme.background
    /// Relative widths of the grid columns (default: equal).
    public var columnWeights: [Double]?
    /// Relative heights of the grid rows (default: equal).
    public var rowWeights: [Double]?

    var cells: [Cell] = []

    public init(width: Double = 480, height: Double = 320, title: String? = nil) {
        self.width = max(1, width)
        self.height = max(1, height)
        self.title = title
    }

    /// The plot axes in grid cell (row, col), created on first use. The grid
    /// grows to include the largest row and column used.
    @discardableResult
    public func addAxes(row: Int = 0, col: Int = 0) -> Axes {
        if let i = cells.firstIndex(where: { $0.row == row && $0.col == col }), case .axes(let a) = cells[i].content {
            return a
        }
        let a = Axes()
        place(.axes(a), row: row, col: col)
        return a
    }

    /// Every plot axes of the figure, in the order they were added.
    public var allAxes: [Axes] {
        cells.compactMap { if case .axes(let a) = $0.content { return a } else { return nil } }
    }

    /// Creates a rows × cols grid of axes, returned row by row.
    public func addAxesGrid(rows: Int, cols: Int) -> [Axes] {
        var out: [Axes] = []
        for r in 0..<rows { for c in 0..<cols { out.append(addAxes(row: r, col: c)) } }
        return out
    }

    /// Places a grid of images (photos, RGB kernels) with optional captions in cell (row, col).
    @discardableResult
    public func imageGrid(_ images: [RasterImage], captions: [String] = [], columns: Int,
                          interpolation: Interpolation = .smooth, title: String? = nil,
                          row: Int = 0, col: Int = 0) -> ImageGrid {
        let g = ImageGrid(images: images, captions: captions, columns: columns, interpolation: interpolation, title: title)
        place(.images(g), row: row, col: col)
        return g
    }

    /// Places a grid of small matrices drawn through a colour map, sharing one
    /// value range (and colour bar) so cells are comparable. With the
    /// diverging map the automatic range is symmetric about zero.
    @discardableResult
    public func matrixGrid(_ matrices: [Matrix], columns: Int, colorMap: ColorMap = .viridis,
                           range: ClosedRange<Double>? = nil, colorBar: Bool = true, colorBarLabel: String? = nil,
                           captions: [String] = [], title: String? = nil, row: Int = 0, col: Int = 0) -> MatrixGrid {
        let g = MatrixGrid(matrices: matrices, columns: columns, colorMap: colorMap, range: range,
                           colorBar: colorBar, colorBarLabel: colorBarLabel, captions: captions, title: title)
        place(.matrices(g), row: row, col: col)
        return g
    }

    /// Draws the whole figure onto any backend (used by all output formats).
    public func draw(on backend: DrawingBackend) {
        let ctx = RenderContext(backend: backend)
        backend.fill(.rect(Rect(x: 0, y: 0, width: width, height: height)), color: background)
        let layout = FigureLayout(figure: self, snap: ctx.snap)
        if let title, !title.isEmpty {
            ctx.text(title, at: Point(width / 2, Theme.figurePad), font: Theme.suptitleFont,
                     alignment: TextAlignment(.center, .top))
        }
        for placed in layout.cells {
            switch placed.cell.content {
            case .axes(let a): a.draw(placed.axesLayout!, ctx: ctx)
            case .images(let g): g.draw(in: placed.outer, ctx: ctx)
            case .matrices(let g): g.draw(in: placed.outer, ctx: ctx)
            }
        }
    }

    private func place(_ content: Cell.Content, row: Int, col: Int) {
        cells.removeAll { $0.row == row && $0.col == col }
        cells.append(Cell(row: max(0, row), col: max(0, col), content: content))
    }

    struct Cell {
        enum Content {
            case axes(Axes)
            case images(ImageGrid)
            case matrices(MatrixGrid)
        }
        let row: Int
        let col: Int
        let content: Content
    }
}

import Foundation

// A matrix grid's axes: which row and which column a cell is in (the output
// and input channel of a kernel), numbered from 1 along the left and bottom
// edges, with the name of each axis beyond the numbers.

extension MatrixGrid {
    /// Numbered rows and columns: the first, then every `numberEvery`-th.
    func numbered(_ count: Int) -> [Int] {
        (0..<count).filter { $0 == 0 || ($0 + 1) % max(1, numberEvery) == 0 }
    }

    var rowCount: Int {
        let columns = min(self.columns, matrices.count)
        return (matrices.count + columns - 1) / max(1, columns)
    }

    /// Room the labels take left of and below the grid, in points.
    func axisMargins() -> (left: Double, bottom: Double) {
        let m = TextMeasurer.shared
        var left = 0.0, bottom = 0.0
        if let rowLabel, !rowLabel.isEmpty {
            let widest = numbered(rowCount).map { m.width(String($0 + 1), font: Theme.tickFont) }.max() ?? 0
            left = Theme.tickPad + widest + Theme.labelPad + m.blockHeight(lineCount: 1, font: Theme.labelFont)
        }
        if let columnLabel, !columnLabel.isEmpty {
            bottom = Theme.tickPad + m.blockHeight(lineCount: 1, font: Theme.tickFont) + Theme.labelPad
                + m.blockHeight(lineCount: 1, font: Theme.labelFont)
        }
        return (left, bottom)
    }

    func drawAxisLabels(_ g: MatrixGridLayout, ctx: RenderContext) {
        let m = ctx.measurer
        let columns = min(self.columns, matrices.count)
        if let columnLabel, !columnLabel.isEmpty {
            let y = g.origin.y + g.gridHeight + Theme.tickPad
            for c in numbered(columns) {
                ctx.text(String(c + 1), at: Point(g.cell(c).midX, y), font: Theme.tickFont, alignment: TextAlignment(.center, .top))
            }
            let labelY = y + m.blockHeight(lineCount: 1, font: Theme.tickFont) + Theme.labelPad
            ctx.text(columnLabel, at: Point(g.origin.x + g.gridWidth / 2, labelY), font: Theme.labelFont,
                     alignment: TextAlignment(.center, .top))
        }
        if let rowLabel, !rowLabel.isEmpty {
            let x = g.origin.x - Theme.tickPad
            let rows = numbered(rowCount)
            for r in rows {
                ctx.text(String(r + 1), at: Point(x, g.cell(r * columns).midY), font: Theme.tickFont,
                         alignment: TextAlignment(.right, .center))
            }
            let widest = rows.map { m.width(String($0 + 1), font: Theme.tickFont) }.max() ?? 0
            // Rotated 90°: the block's bottom faces the grid, as an axes' y label.
            ctx.text(rowLabel, at: Point(x - widest - Theme.labelPad, g.origin.y + g.gridHeight / 2), font: Theme.labelFont,
                     alignment: TextAlignment(.center, .bottom), angle: 90)
        }
    }
}

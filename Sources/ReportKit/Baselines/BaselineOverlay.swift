import Foundation
import Plot

/// A baseline's per-epoch curves drawn over a figure's, like `dvc plots diff`:
/// every line a figure drew under a metric's name (`Axes.line(…, key:)`) gets
/// the baseline's values of that metric beside it, dashed, in the line's
/// colour, labelled with the baseline's name.
package enum BaselineOverlay {
    /// The baseline's values of `metric` by epoch (`<metric>.epochNN`), in epoch order.
    package static func epochValues(of metric: String, in baseline: Baseline) -> [(epoch: Int, value: Double)] {
        let prefix = metric + ".epoch"
        return baseline.metrics.compactMap { name, value -> (epoch: Int, value: Double)? in
            guard name.hasPrefix(prefix), let epoch = Int(name.dropFirst(prefix.count)) else { return nil }
            return (epoch, value.value)
        }.sorted { $0.epoch < $1.epoch }
    }

    /// Draws the baseline's curves over `figure` (the figure called `name`);
    /// throws when the figure has no per-epoch curves, or the baseline (read
    /// from `file`, which errors name) none of their values.
    package static func overlay(_ baseline: Baseline, file: String? = nil, on figure: Figure, named name: String,
                                among figures: [ReportFigure]) throws {
        let axes = figure.allAxes.filter { !$0.keyedLines.isEmpty }
        guard !axes.isEmpty else { throw noCurves(name, among: figures) }
        var drawn = 0
        for panel in axes {
            for line in panel.keyedLines {
                let points = epochValues(of: line.key, in: baseline)
                guard !points.isEmpty else { continue }
                panel.line(x: points.map { Double($0.epoch) }, y: points.map(\.value),
                           label: "\(line.label ?? line.key) (\(baseline.name))",
                           style: LineStyle(color: line.color, width: 1.3, dash: .dashed))
                drawn += 1
            }
        }
        guard drawn > 0 else {
            let wanted = axes.flatMap(\.keyedLines).map(\.key)
            let shown = wanted.prefix(3).map { $0 + ".epochNN" }.joined(separator: ", ") + (wanted.count > 3 ? ", …" : "")
            throw ReportError((file.map { $0 + ": " } ?? "")
                + "baseline \(baseline.name) has no per-epoch values for figure \(name) (looked for \(shown))")
        }
    }

    package static func noCurves(_ name: String, among figures: [ReportFigure]) -> ReportError {
        let curves = figures.filter(\.epochCurves).map(\.name).joined(separator: ", ")
        return ReportError("figure \(name) has no per-epoch curves to compare with a baseline; figures that have: \(curves)")
    }
}

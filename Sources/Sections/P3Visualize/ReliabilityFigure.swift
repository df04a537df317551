import ReportKit
import Foundation
import Plot

/// The reliability diagram: accuracy against confidence, both in percent, bin
/// by bin, with the gap between them, and below it how many photos each bin holds.
enum ReliabilityFigure {
    static let accuracyColor = Color(hex: "1f77b4")
    static let accuracyEdge = Color(hex: "0d3d63")
    static let gapEdge = Color(hex: "d62728")
    /// Where confidence exceeds accuracy (over-confidence): the gap's red at
    /// 30 % on white. Opaque, so what the page shows is what the legend shows.
    static let overconfident = Color(hex: "f3bebe")
    /// Where accuracy exceeds confidence (under-confidence): the same red at
    /// 30 % over the accuracy's blue, as the bars looked when they overlapped.
    static let underconfident = Color(hex: "565f8a")
    static let countColor = Color(hex: "9e9e9e")

    static func draw(_ output: P3VisualizeStep.Output) -> Figure {
        let used = output.reliability.filter { $0.count > 0 }
        let lowest = 100 * (output.reliability.first?.lower ?? 0.5)
        let figure = Figure(width: 360, height: 420)
        figure.rowWeights = [3, 1]
        let diagram = figure.addAxes(row: 0, col: 0), counts = figure.addAxes(row: 1, col: 0)
        drawBins(used, on: diagram)
        diagram.line(x: [lowest, 100], y: [lowest, 100], label: "Perfect calibration",
                     style: LineStyle(color: Color(hex: "7f7f7f"), width: 1.2, dash: .dashed))
        diagram.yLimits = 0...100
        // The bars rise with confidence: their tops, the informative part, keep
        // clear of a legend in the lower right, over the bars' plain bodies.
        diagram.legend = .lowerRight
        diagram.set(yLabel: "Accuracy (%)",
                    title: String(format: "Reliability (ECE = %.1f %%)", 100 * output.expectedCalibrationError))
        drawCounts(used, on: counts)
        counts.set(xLabel: "Confidence, the top probability (%)", yLabel: "Photos")
        for axes in [diagram, counts] { axes.xLimits = lowest...100 }
        return figure
    }

    /// Accuracy bars, and the gap to the mean confidence above them (over-confident)
    /// or as the top of the accuracy bar (under-confident), each in a colour of its own.
    static func drawBins(_ bins: [P3Selection.ReliabilityBin], on axes: Axes) {
        let width = bins.first.map { 100 * ($0.upper - $0.lower) } ?? 5
        func center(_ bin: P3Selection.ReliabilityBin) -> Double { 50 * (bin.lower + bin.upper) }
        axes.bar(x: bins.map(center), heights: bins.map { 100 * min($0.accuracy, $0.meanConfidence) }, width: width,
                 label: "Accuracy", color: accuracyColor, edgeColor: accuracyEdge)
        let over = bins.filter { $0.meanConfidence > $0.accuracy }, under = bins.filter { $0.accuracy > $0.meanConfidence }
        if !under.isEmpty {
            axes.bar(x: under.map(center), heights: under.map { 100 * ($0.accuracy - $0.meanConfidence) },
                     bottoms: under.map { 100 * $0.meanConfidence }, width: width,
                     label: "Accuracy above confidence", color: underconfident, edgeColor: accuracyEdge)
        }
        if !over.isEmpty {
            axes.bar(x: over.map(center), heights: over.map { 100 * ($0.meanConfidence - $0.accuracy) },
                     bottoms: over.map { 100 * $0.accuracy }, width: width,
                     label: "Confidence above accuracy", color: overconfident, edgeColor: gapEdge)
        }
    }

    /// How many photos each bin holds, written above its bar: a bin of a few
    /// photos says little about calibration.
    static func drawCounts(_ bins: [P3Selection.ReliabilityBin], on axes: Axes) {
        let width = bins.first.map { 100 * ($0.upper - $0.lower) } ?? 5
        let centers = bins.map { 50 * ($0.lower + $0.upper) }, heights = bins.map { Double($0.count) }
        axes.bar(x: centers, heights: heights, width: width, color: countColor, edgeColor: Color(hex: "616161"))
        let highest = heights.max() ?? 1
        for (x, count) in zip(centers, bins.map(\.count)) {
            axes.text(NumberFormat.count(count), x: x, y: Double(count) + highest * 0.04, fontSize: 7,
                      color: Color(hex: "595959"), alignment: TextAlignment(.center, .bottom))
        }
        axes.yLimits = 0...(highest * 1.3)
        axes.legend = .none
    }
}

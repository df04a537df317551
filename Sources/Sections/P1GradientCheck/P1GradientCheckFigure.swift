import ReportKit
import Foundation
import Learning
import Plot

extension P1Figures {
    static let gradientCheck = ReportFigure(
        name: "p1-gradcheck", summary: "max |backprop − finite difference| against N = 1/ε, float64 and float32",
        reads: [P1GradientCheckStep.id]
    ) { store in
        let output = try store.load(P1GradientCheckStep.self).output
        let points = output.points.sorted { $0.n < $1.n }
        let n = points.map { Double($0.n) }
        let float64 = points.map(\.maxDifferenceDouble), float32 = points.map(\.maxDifferenceFloat)
        let figure = Figure(width: 560, height: 360)
        let axes = figure.addAxes()
        axes.xScale = .log10
        axes.yScale = .log10
        axes.line(x: n, y: float64, label: "float64", style: LineStyle(color: Color(hex: "1f77b4"), marker: .circle, markerSize: 4.5))
        axes.line(x: n, y: float32, label: "float32", style: LineStyle(color: Color(hex: "d62728"), marker: .square, markerSize: 4))
        // Guides for the two error terms: truncation ∝ ε² and rounding ∝ 1/ε,
        // anchored on the measured points where each dominates.
        let guide = LineStyle(color: Color(hex: "8c8c8c"), width: 1, dash: .dashed)
        // The first point (ε = 1) is dominated by higher-order terms; anchor on the second.
        if n.count > 2, float64[1] > 0 {
            let best = float64.indices.min { float64[$0] < float64[$1] } ?? n.count - 1
            let span = Array(n[1...max(2, best)])
            axes.line(x: span, y: span.map { float64[1] * pow(n[1] / $0, 2) }, label: "∝ ε² (truncation)", style: guide)
        }
        if let lastN = n.last, let lastError = float32.last, lastError > 0, n.count > 1 {
            let span = n.suffix(max(2, n.count / 2))
            axes.line(x: Array(span), y: span.map { lastError * $0 / lastN }, label: "∝ 1/ε (rounding)",
                      style: LineStyle(color: Color(hex: "8c8c8c"), width: 1, dash: .dotted))
        }
        axes.set(xLabel: "N   (ε = 1/N)", yLabel: "max |∇ backprop − ∇ finite difference|",
                 title: "Gradient check on \(output.backpropGradient.count) weights of the second layer")
        axes.legend = .upperCenter
        return figure
    }
}

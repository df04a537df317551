import Foundation
import Plot

// One example of every kind of figure the report draws, built from fixture
// data. Used by the CLI to preview the figure style and by the tests to
// render every figure type in every format.

public enum Gallery {
    /// Renders every gallery figure in each of `formats` ("png", "svg",
    /// "pdf") into `directory` (which must exist) and returns the file paths
    /// written, in order. PNGs are rendered at 2x.
    public static func render(into directory: String, formats: [String] = ["png", "svg", "pdf"]) throws -> [String] {
        var written: [String] = []
        for (name, figure) in figures() {
            for ext in formats {
                let path = (directory as NSString).appendingPathComponent("\(name).\(ext.lowercased())")
                try figure.write(to: path, scale: 2)
                written.append(path)
            }
        }
        return written
    }

    /// File stems and figures, in presentation order.
    static func figures() -> [(String, Figure)] {
        [
            ("loss_by_initialisation", lossByInitialisation()),
            ("training_curves", trainingCurves()),
            ("gradient_check", gradientCheck()),
            ("diverged_runs", divergedRuns()),
            ("rgb_kernels", rgbKernels()),
            ("conv_kernels", convKernels()),
            ("feature_maps", featureMaps()),
            ("misclassified", misclassified()),
            ("confusion_matrix", confusionMatrix()),
            ("reliability_diagram", reliabilityDiagram()),
        ]
    }

    static func lossByInitialisation() -> Figure {
        let fig = Figure(width: 460, height: 300)
        let ax = fig.addAxes()
        for (label, losses) in Fixtures.initialisationLosses() {
            ax.line(x: Fixtures.epochs10, y: losses, label: label, style: LineStyle(marker: .circle, markerSize: 4))
        }
        ax.set(xLabel: "Epoch", yLabel: "Training loss", title: "Loss per epoch by weight initialisation")
        ax.integerXTicks = true
        return fig
    }

    static func trainingCurves() -> Figure {
        let fig = Figure(width: 720, height: 290)
        let c = Fixtures.trainingCurves()
        let acc = fig.addAxes(row: 0, col: 0), loss = fig.addAxes(row: 0, col: 1)
        acc.line(y: c.trainAcc, label: "Train")
        acc.line(y: c.valAcc, label: "Validation")
        acc.set(xLabel: "Epoch", yLabel: "Accuracy", title: "Accuracy")
        loss.line(y: c.trainLoss, label: "Train")
        loss.line(y: c.valLoss, label: "Validation")
        loss.set(xLabel: "Epoch", yLabel: "Cross-entropy loss", title: "Loss")
        for a in [acc, loss] { a.integerXTicks = true }
        return fig
    }

    static func gradientCheck() -> Figure {
        let fig = Figure(width: 460, height: 320)
        let ax = fig.addAxes()
        let d = Fixtures.gradientDifferences()
        ax.line(x: Fixtures.gradientN, y: d.float64, label: "float64", style: LineStyle(marker: .circle, markerSize: 4.5))
        ax.line(x: Fixtures.gradientN, y: d.float32, label: "float32", style: LineStyle(marker: .square, markerSize: 4))
        ax.xScale = .log10
        ax.yScale = .log10
        ax.set(xLabel: "N  (ε = 1/N)", yLabel: "max |numerical − analytic|", title: "Gradient check")
        return fig
    }

    static func divergedRuns() -> Figure {
        let fig = Figure(width: 460, height: 300)
        let ax = fig.addAxes()
        let e = (1...12).map(Double.init)
        ax.line(x: e, y: e.map { 0.7 + 1.5 * exp(-$0 / 3) }, label: "lr = 0.01")
        ax.line(x: e, y: e.map { $0 < 6 ? 1.9 + 0.25 * $0 : ($0 < 8 ? .infinity : .nan) }, label: "lr = 0.5 (diverged: ∞, NaN)")
        ax.line(x: e, y: e.map { $0 == 5 ? .nan : 0.9 + 1.2 * exp(-$0 / 2) }, label: "lr = 0.1 (one NaN batch)")
        ax.set(xLabel: "Epoch", yLabel: "Training loss", title: "Non-finite losses break the line and are marked")
        ax.integerXTicks = true
        return fig
    }

    static func rgbKernels() -> Figure {
        let fig = Figure(width: 440, height: 250, title: "First-layer kernels (3×3 RGB, min–max per kernel)")
        let images = KernelImages.rgb(Fixtures.rgbKernels(), height: 3, width: 3)
        fig.imageGrid(images, columns: 8, interpolation: .nearest)
        return fig
    }

    static func convKernels() -> Figure {
        let fig = Figure(width: 470, height: 430, title: "Second-layer kernels (400 × 3×3)")
        let kernels = KernelImages.matrices(Fixtures.grayKernels(), height: 3, width: 3)
        let g = fig.matrixGrid(kernels, columns: 20, colorMap: .diverging, colorBar: true, colorBarLabel: "Weight")
        g.spacing = 2
        return fig
    }

    static func featureMaps() -> Figure {
        let fig = Figure(width: 760, height: 330, title: "conv1 feature maps (32 × 64×64, ReLU)")
        let photo = Fixtures.photo(0)
        fig.columnWeights = [1, 4.6]
        fig.imageGrid([photo], captions: ["input 64×64"], columns: 1, interpolation: .smooth, row: 0, col: 0)
        let maps = Fixtures.featureMaps(of: photo, kernels: Fixtures.rgbKernels())
        fig.matrixGrid(maps, columns: 8, colorMap: .viridis, colorBar: true, colorBarLabel: "Activation", row: 0, col: 1)
        return fig
    }

    static func misclassified() -> Figure {
        let fig = Figure(width: 620, height: 190, title: "Misclassified validation images")
        let photos = (1...5).map(Fixtures.photo)
        fig.imageGrid(photos, captions: Fixtures.misclassifiedCaptions, columns: 5, interpolation: .smooth)
        return fig
    }

    static func confusionMatrix() -> Figure {
        let fig = Figure(width: 300, height: 270)
        let ax = fig.addAxes()
        let counts: [[Double]] = [[412, 88], [97, 403]]
        let total = counts.flatMap { $0 }.reduce(0, +)
        let notes = counts.flatMap { $0 }.map { "\(Int($0))\n\(String(format: "%.1f", 100 * $0 / total))%" }
        ax.heatmap(Matrix(counts), colorMap: .blues, range: 0...500, annotations: notes)
        ax.setXTicks([0, 1], labels: ["cat", "dog"])
        ax.setYTicks([0, 1], labels: ["cat", "dog"])
        ax.equalAspect = true
        ax.set(xLabel: "Predicted class", yLabel: "True class", title: "Confusion matrix (validation)")
        return fig
    }

    static func reliabilityDiagram() -> Figure {
        let fig = Figure(width: 340, height: 320)
        let ax = fig.addAxes()
        let r = Fixtures.reliability()
        let used = r.counts.indices.filter { r.counts[$0] > 0 }
        ax.bar(x: used.map { r.centers[$0] }, heights: used.map { r.accuracy[$0] }, width: 0.1, label: "Accuracy",
               color: Color(hex: "1f77b4"), edgeColor: Color(hex: "0d3d63"))
        ax.bar(x: used.map { r.centers[$0] }, heights: used.map { r.confidence[$0] - r.accuracy[$0] },
               bottoms: used.map { r.accuracy[$0] }, width: 0.1, label: "Gap to confidence", color: Color(hex: "d62728", alpha: 0.3), edgeColor: Color(hex: "d62728"))
        ax.line(x: [0, 1], y: [0, 1], label: "Perfect calibration", style: LineStyle(color: Color(hex: "7f7f7f"), width: 1.2, dash: .dashed))
        ax.xLimits = 0...1
        ax.yLimits = 0...1
        ax.equalAspect = true
        ax.set(xLabel: "Confidence", yLabel: "Accuracy", title: "Reliability diagram (ECE = 4.1%)")
        return fig
    }
}

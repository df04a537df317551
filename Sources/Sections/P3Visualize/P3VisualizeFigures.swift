import ReportKit
import Datasets
import Foundation
import Plot

/// Problem 3's visualisations, drawn from the saved result of `p3.visualize`
/// (which holds the selected photos, the kernels and the feature maps).
enum P3VisualizationFigures {
    /// In the order the section shows them, so that they are numbered in reading order.
    static let all: [ReportFigure] = [
        confusion,
        photos(kind: .confusing, classIndex: 0, name: "p3-confusing-cats"),
        photos(kind: .confusing, classIndex: 1, name: "p3-confusing-dogs"),
        photos(kind: .misclassified, classIndex: 0, name: "p3-misclassified-cats"),
        photos(kind: .misclassified, classIndex: 1, name: "p3-misclassified-dogs"),
        reliability, firstKernels, lastKernels, featureMaps,
    ]

    enum Selection { case confusing, misclassified }

    static func photos(kind: Selection, classIndex: Int, name: String) -> ReportFigure {
        let what = kind == .confusing ? "most confusing" : "most confidently misclassified"
        return ReportFigure(
            name: name, summary: "the \(what) validation photos of \(classIndex == 0 ? "cats" : "dogs")", reads: [P3VisualizeStep.id]
        ) { store in
            let output = try store.load(P3VisualizeStep.self).output
            let groups = kind == .confusing ? output.confusing : output.misclassified
            guard classIndex < groups.count else {
                throw ReportError("\(store.path(for: P3VisualizeStep.id)): no class \(classIndex) in the saved selection")
            }
            let shown = groups[classIndex]
            let className = output.classes[classIndex]
            let title = kind == .confusing
                ? "\(className) photos closest to 50 / 50"
                : "\(className) photos most confidently called \(output.classes[1 - classIndex])"
            let figure = Figure(width: 640, height: 210, title: title)
            if shown.isEmpty {
                let axes = figure.addAxes()
                axes.text("none in the validation set", x: 0.5, y: 0.5)
                return figure
            }
            figure.imageGrid(try shown.map(raster), captions: captions(shown, classes: output.classes),
                             columns: max(5, shown.count), interpolation: .smooth)
            return figure
        }
    }

    /// "3702.Cat.jpg" over "cat 0.51 / dog 0.49": the file, then each class's
    /// probability, with the decimals it takes to tell apart the photos shown
    /// together (the most confusing ones all round to 0.50).
    static func captions(_ images: [P3VisualizeStep.ShownImage], classes: [String]) -> [String] {
        let decimals = distinguishingDecimals(images.map(\.probabilities))
        return images.map { image in
            let probabilities = zip(classes, image.probabilities)
                .map { "\($0.lowercased()) \(String(format: "%.\(decimals)f", $1))" }.joined(separator: " / ")
            return "\(image.name)\n\(probabilities)"
        }
    }

    /// The fewest decimals, from 2 to 6, that print different probabilities
    /// differently.
    static func distinguishingDecimals(_ probabilities: [[Double]]) -> Int {
        let distinct = Set(probabilities).count
        for decimals in 2..<6 {
            let printed = Set(probabilities.map { $0.map { String(format: "%.\(decimals)f", $0) } })
            if printed.count == distinct { return decimals }
        }
        return 6
    }

    static func raster(_ image: P3VisualizeStep.ShownImage) throws -> RasterImage {
        // `side` comes from the saved result: multiplied with overflow checks.
        guard image.side > 0, let count = elementCount([image.side, image.side, 3]),
              let bytes = Data(base64Encoded: image.pixels), bytes.count == count else {
            throw ReportError("image \(image.name): saved pixels are not \(image.side)×\(image.side) RGB")
        }
        return RasterImage(width: image.side, height: image.side, rgb: [UInt8](bytes))
    }

    static let firstKernels = ReportFigure(
        name: "p3-kernels-first", summary: "the 32 first-layer kernels as RGB 3×3 tiles", reads: [P3VisualizeStep.id]
    ) { store in
        let weights = try store.load(P3VisualizeStep.self).output.firstLayerKernels
        let shape = try weights.dimensions(4, of: "firstLayerKernels")
        let (count, plane) = (shape[0], shape[1] * shape[2] * shape[3])
        let kernels = (0..<count).map { k in weights.values[(k * plane)..<((k + 1) * plane)].map(Double.init) }
        let figure = Figure(width: 440, height: 250, title: "First-layer kernels (3×3 RGB, min–max per kernel)")
        figure.imageGrid(KernelImages.rgb(kernels, height: shape[2], width: shape[3]),
                         columns: 8, interpolation: .nearest)
        return figure
    }

    static let lastKernels = ReportFigure(
        name: "p3-kernels-last", summary: "top-left 20×20 block of the last convolution's kernels", reads: [P3VisualizeStep.id]
    ) { store in
        let output = try store.load(P3VisualizeStep.self).output
        let block = output.lastLayerKernels
        let dimensions = try block.dimensions(4, of: "lastLayerKernels")
        let (rows, cols, kh, kw) = (dimensions[0], dimensions[1], dimensions[2], dimensions[3])
        let kernels = (0..<(rows * cols)).map { k in block.values[(k * kh * kw)..<((k + 1) * kh * kw)].map(Double.init) }
        // One symmetric range for all tiles, so zero is the same neutral colour everywhere.
        let largest = block.values.map { abs(Double($0)) }.max() ?? 1
        let shape = output.lastLayerShape.map(String.init).joined(separator: "×")
        let figure = Figure(width: 500, height: 480, title: "Last convolution (\(shape)): outputs 1–\(rows) × inputs 1–\(cols)")
        let grid = figure.matrixGrid(KernelImages.matrices(kernels, height: kh, width: kw), columns: cols,
                                     colorMap: .diverging, range: -largest...largest, colorBarLabel: "Weight")
        grid.spacing = 2
        // A row holds one output channel's kernels, a column one input channel's.
        grid.rowLabel = "Output channel"
        grid.columnLabel = "Input channel"
        return figure
    }

    static let featureMaps = ReportFigure(
        name: "p3-feature-maps", summary: "the first convolution's 32 feature maps for one photo", reads: [P3VisualizeStep.id]
    ) { store in
        let output = try store.load(P3VisualizeStep.self).output
        let maps = output.featureMaps
        let shape = try maps.dimensions(3, of: "featureMaps")
        let (count, height, width) = (shape[0], shape[1], shape[2])
        let matrices = (0..<count).map { k in
            Matrix(rows: height, cols: width, values: maps.values[(k * height * width)..<((k + 1) * height * width)].map(Double.init))
        }
        let largest = maps.values.map { abs(Double($0)) }.max() ?? 1
        let figure = Figure(width: ReportFigure.columnWidth, height: 300, title: "First convolution's \(count) feature maps (before the ReLU)")
        figure.columnWeights = [1, 4.6]
        let image = output.featureMapImage
        figure.imageGrid([try raster(image)], captions: captions([image], classes: output.classes), columns: 1,
                         interpolation: .smooth, row: 0, col: 0)
        figure.matrixGrid(matrices, columns: 8, colorMap: .diverging, range: -largest...largest,
                          colorBarLabel: "Activation", row: 0, col: 1)
        return figure
    }

    static let confusion = ReportFigure(
        name: "p3-confusion", summary: "confusion matrix of the VGG on the validation photos", reads: [P3VisualizeStep.id]
    ) { store in
        let output = try store.load(P3VisualizeStep.self).output
        let counts = output.confusion.map { $0.map(Double.init) }
        let total = max(1, counts.flatMap { $0 }.reduce(0, +))
        let notes = counts.flatMap { $0 }.map { "\(Int($0))\n\(String(format: "%.1f", 100 * $0 / total)) %" }
        let figure = Figure(width: 320, height: 290)
        let axes = figure.addAxes()
        axes.heatmap(Matrix(counts), colorMap: .blues, range: 0...(counts.flatMap { $0 }.max() ?? 1), annotations: notes)
        let ticks = output.classes.indices.map(Double.init)
        axes.setXTicks(ticks, labels: output.classes)
        axes.setYTicks(ticks, labels: output.classes)
        axes.equalAspect = true
        axes.set(xLabel: "Predicted class", yLabel: "True class", title: "Confusion matrix (validation)")
        return figure
    }

    static let reliability = ReportFigure(
        name: "p3-reliability", summary: "reliability diagram with the expected calibration error", reads: [P3VisualizeStep.id]
    ) { store in
        ReliabilityFigure.draw(try store.load(P3VisualizeStep.self).output)
    }
}

import ReportKit
import Foundation
import Learning

/// Problem 3's visualisation section, from the saved result of `p3.visualize`.
enum P3VisualizationSections {
    struct ClassView {
        var name: String
        var other: String
        /// Photos of this class the network called the other class.
        var errors: String
        var total: String
        var errorRate: String
        var confusingFigure: FigureRef
        var misclassifiedFigure: FigureRef
        var confusingRange: String
        var misclassifiedCount: String
        var highestWrongConfidence: String
    }

    struct View {
        var schedule: P3Sections.ScheduleView
        var validCount: String
        var validAccuracy: String
        var perClass: String
        var classes: [ClassView]
        var moreErrorsOn: String
        var fewerErrorsOn: String
        var balancedErrors: Bool
        var ece: String
        var meanConfidence: String
        var overconfident: Bool
        var confusionFigure: FigureRef
        var reliabilityFigure: FigureRef
        var firstKernelsFigure: FigureRef
        var lastKernelsFigure: FigureRef
        var featureMapsFigure: FigureRef
        var kernelCount: String
        var lastLayerShape: String
        var block: String
        var featureImage: String
        var featureImageLabel: String
        /// "cat 0.32 / dog 0.68"
        var featureImageProbabilities: String
        var featureImageCorrect: Bool
        var featureImageIsOriginal: Bool
        /// The photo asked for with --image (not the original's) was found and is shown.
        var featureImageRequested: Bool
        var featureMapCount: String
        /// The photos shown are those of the build the observations paragraph was written from.
        var referenceBuild: Bool
        var shapes: ShapesView
        var originalImage: String
    }

    /// Sizes the text states, from the saved tensors' shapes and the VGG's constants.
    struct ShapesView {
        /// A first-layer kernel, "3×3".
        var kernel: String
        /// The last convolution's input channels, and their side after and before the last pooling.
        var lastChannels: String
        var pooledSide: String
        var unpooledSide: String
        /// A first-layer feature map, "64×64".
        var featureMap: String
        /// The confidences the reliability diagram spans: "½ to 1" for two classes.
        var confidenceRange: String
    }

    static func shapesView(_ output: P3VisualizeStep.Output) -> ShapesView {
        let kernel = output.firstLayerKernels.shape.suffix(2).map(String.init).joined(separator: "×")
        let maps = output.featureMaps.shape.suffix(2).map(String.init).joined(separator: "×")
        let pooled = CatDogVGG.featureSide, unpooled = pooled * CatDogVGG.poolSize
        return ShapesView(
            kernel: kernel, lastChannels: output.lastLayerShape.count > 1 ? String(output.lastLayerShape[1]) : "—",
            pooledSide: "\(pooled)×\(pooled)", unpooledSide: "\(unpooled)×\(unpooled)", featureMap: maps,
            confidenceRange: P3Sections.fraction(1 / Double(max(output.classes.count, 1))) + " to 1")
    }

    /// The photo whose feature maps the original report showed.
    static let originalImage = "3702.Cat.jpg"

    /// Cache key of the `p3.train` result whose photos the template's observations describe.
    static let observedTrainingKey = "e53fd5abecffcc2f"

    static let visualize = ReportSection(
        id: "p3-visualize", heading: .subsection("What the network gets wrong, and what it learned"), reads: [P3VisualizeStep.id, P3TrainStep.id]
    ) { context in
        let record = try context.store.load(P3VisualizeStep.self)
        let trained = try context.store.load(P3TrainStep.self)
        let output = record.output
        let names = ["cats", "dogs"]
        let classViews = output.classes.indices.map { c -> ClassView in
            let row = output.confusion[c]
            let total = row.reduce(0, +), errors = total - row[c]
            let confusing = output.confusing[c].map { $0.probabilities[c] }
            let wrong = output.misclassified[c].map { 1 - $0.probabilities[c] }
            return ClassView(
                name: output.classes[c], other: output.classes[1 - c], errors: NumberFormat.count(errors),
                total: NumberFormat.count(total),
                errorRate: NumberFormat.percent(errors, of: total, digits: 1),
                confusingFigure: context.figure("p3-confusing-\(names[c])"),
                misclassifiedFigure: context.figure("p3-misclassified-\(names[c])"),
                confusingRange: range(confusing),
                misclassifiedCount: String(output.misclassified[c].count),
                highestWrongConfidence: wrong.max().map { String(format: "%.3f", $0) } ?? "—")
        }
        let errors = output.classes.indices.map { c in output.confusion[c].reduce(0, +) - output.confusion[c][c] }
        let used = output.reliability.filter { $0.count > 0 }
        let count = Double(used.map(\.count).reduce(0, +))
        let meanConfidence = used.map { $0.meanConfidence * Double($0.count) }.reduce(0, +) / max(count, 1)
        let image = output.featureMapImage
        return View(
            schedule: P3Sections.scheduleView(trained.config.schedule, profile: trained.header.profile.rawValue),
            validCount: NumberFormat.count(output.validCount), validAccuracy: NumberFormat.percent(fraction: output.validAccuracy),
            perClass: String(record.config.perClass), classes: classViews,
            moreErrorsOn: output.classes[errors[0] >= errors[1] ? 0 : 1],
            fewerErrorsOn: output.classes[errors[0] >= errors[1] ? 1 : 0],
            balancedErrors: abs(errors[0] - errors[1]) <= max(2, (errors[0] + errors[1]) / 10),
            ece: NumberFormat.percent(fraction: output.expectedCalibrationError, digits: 1),
            meanConfidence: NumberFormat.percent(fraction: meanConfidence), overconfident: meanConfidence > output.validAccuracy,
            confusionFigure: context.figure("p3-confusion"), reliabilityFigure: context.figure("p3-reliability"),
            firstKernelsFigure: context.figure("p3-kernels-first"), lastKernelsFigure: context.figure("p3-kernels-last"),
            featureMapsFigure: context.figure("p3-feature-maps"),
            kernelCount: String(output.firstLayerKernels.shape[0]),
            lastLayerShape: output.lastLayerShape.map(String.init).joined(separator: " × "),
            block: "\(output.lastLayerKernels.shape[0]) × \(output.lastLayerKernels.shape[1])",
            featureImage: image.name, featureImageLabel: image.label,
            featureImageProbabilities: zip(output.classes, image.probabilities)
                .map { "\($0.lowercased()) \(String(format: "%.2f", $1))" }.joined(separator: " / "),
            featureImageCorrect: output.classes.firstIndex(of: image.label)
                == image.probabilities.indices.max { image.probabilities[$0] < image.probabilities[$1] },
            featureImageIsOriginal: image.name == originalImage,
            featureImageRequested: image.name == record.config.image && image.name != originalImage,
            featureMapCount: String(output.featureMaps.shape[0]),
            referenceBuild: trained.header.cacheKey == observedTrainingKey,
            shapes: shapesView(output), originalImage: originalImage)
    }

    /// "0.497–0.503" for a list of probabilities.
    static func range(_ values: [Double]) -> String {
        guard let low = values.min(), let high = values.max() else { return "—" }
        return String(format: "%.3f–%.3f", low, high)
    }
}

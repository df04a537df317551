import ReportKit
import Foundation
import Learning

extension P1Sections {
    // MARK: 1.2 Initialisation

    struct InitRunView {
        var name: String
        var firstAccuracy: String
        var finalAccuracy: String
        var finalLoss: String
        var finalExactLoss: String
        var epochTime: String
        var errorRate: String
        /// (1 − accuracy) × −log(1e-8): the printed loss if every mistake were fully confident.
        var clampEstimate: String
        var clampDominates: Bool
        var improves: Bool
    }

    struct InitView {
        var epochCount: String
        var batchSize: String
        var learningRate: String
        var examples: String
        var subset: Bool
        var hidden: String
        var zero: InitRunView?
        var normal: InitRunView?
        var glorot: InitRunView?
        var majorityDigit: String
        var majorityShare: String
        var zeroAtMajority: Bool
        var clampLoss: String
        /// The ε of the original's −log(p + ε), "10⁻⁸".
        var clampProbability: String
        /// Number of classes, and log of it: the loss of equal probabilities.
        var classes: String
        var uniformLoss: String
        /// √(fan-in / 2) of the first layer, rounded: how much a N(0, 1) layer scales its input.
        var normalGain: String
        var normalAheadOfGlorot: Bool
        var normalExactWorse: Bool
        var table: String
        var lossFigure: FigureRef
        var accuracyFigure: FigureRef
    }

    /// −log(1e-8): what the original's loss charges for a probability of zero.
    static let clampLoss = -log(SoftmaxCrossEntropy<Float>.clampEpsilon)

    static let initialisation = ReportSection(
        id: "p1-init", heading: .subsection("Initialisation"), reads: [P1InitStep.id]
    ) { context in
        let record = try context.store.load(P1InitStep.self)
        let output = record.output
        func view(_ run: MLPRunOutput) -> InitRunView {
            let last = run.curve.last
            let accuracy = last?.accuracy ?? .nan
            let estimate = (1 - accuracy) * clampLoss
            return InitRunView(
                name: run.config.initializer.displayName,
                firstAccuracy: NumberFormat.percent(fraction: run.curve.first?.accuracy ?? .nan),
                finalAccuracy: NumberFormat.percent(fraction: accuracy),
                finalLoss: NumberFormat.loss(last?.loss ?? .nan),
                finalExactLoss: NumberFormat.loss(last?.exactLoss ?? .nan),
                epochTime: NumberFormat.seconds(run.meanEpochSeconds),
                errorRate: NumberFormat.percent(fraction: 1 - accuracy),
                clampEstimate: NumberFormat.decimal(estimate, digits: 2),
                clampDominates: (last?.loss).map { estimate >= 0.5 * $0 } ?? false,
                improves: percentagePoints(run.curve.last?.accuracy ?? 0, minus: run.curve.first?.accuracy ?? 0) > 0.5)
        }
        let runs = Dictionary(output.runs.map { ($0.config.initializer, $0) }, uniquingKeysWith: { a, _ in a })
        var table = MarkdownTable([
            ("Initialisation", .left), ("Accuracy, epoch 1", .right), ("Accuracy, last epoch", .right),
            ("Printed loss", .right), ("Exact loss", .right), ("Time per epoch", .right),
        ])
        for run in output.runs {
            let v = view(run)
            table.add([v.name, v.firstAccuracy, v.finalAccuracy, v.finalLoss, v.finalExactLoss, v.epochTime])
        }
        let config = record.config.runs.first
        let zeroFinal = runs[.zero]?.curve.last?.accuracy
        return InitView(
            epochCount: NumberFormat.counted(config?.epochs ?? 0, "epoch"),
            batchSize: String(config?.batchSize ?? 0),
            learningRate: NumberFormat.plain(config?.learningRate ?? .nan),
            examples: NumberFormat.count(output.trainExamples),
            subset: record.config.subset.train != nil,
            hidden: (config?.hidden ?? []).map(String.init).joined(separator: "–"),
            zero: runs[.zero].map(view), normal: runs[.normal].map(view), glorot: runs[.glorot].map(view),
            majorityDigit: String(output.majorityClass),
            majorityShare: NumberFormat.percent(fraction: output.majorityClassShare),
            zeroAtMajority: zeroFinal.map { abs(percentagePoints($0, minus: output.majorityClassShare)) < 0.005 } ?? false,
            clampLoss: NumberFormat.decimal(clampLoss, digits: 2),
            clampProbability: "10" + NumberFormat.superscript(Int(log10(SoftmaxCrossEntropy<Float>.clampEpsilon).rounded())),
            classes: String(MLP.defaultClasses), uniformLoss: NumberFormat.decimal(log(Double(MLP.defaultClasses)), digits: 4),
            normalGain: String(Int((Double(MLP.defaultInputs) / 2).squareRoot().rounded())),
            normalAheadOfGlorot: (runs[.normal]?.curve.last?.accuracy ?? 0) > (runs[.glorot]?.curve.last?.accuracy ?? 0),
            normalExactWorse: (runs[.normal]?.curve.last?.exactLoss ?? 0) > (runs[.glorot]?.curve.last?.exactLoss ?? .infinity),
            table: table.markdown,
            lossFigure: context.figure(P1Figures.initLoss.name),
            accuracyFigure: context.figure(P1Figures.initAccuracy.name))
    }
}

import Foundation
import Learning

/// Problem 1's sections: their view models, built from the P1 steps' saved results.
enum P1Sections {
    static let all: [ReportSection] = [model, initialisation, hyperparameters, gradientCheck]

    // MARK: 1.1 The model

    struct ModelView {
        var architecture: String
        var inputs: String
        var hidden: String
        var hiddenLayers: String
        /// All hidden layers have the same width.
        var hiddenEqual: Bool
        var hiddenWidth: String
        var classes: String
        var totalParameters: String
        var withinRange: Bool
        /// The assignment's parameter budget, "0.5 to 1 million".
        var budget: String
        /// The digit's side, "28×28", from the input count (the images are square).
        var imageSize: String
        var layerTable: String
    }

    /// The range of parameter counts the assignment allows.
    static let parameterBudget = 500_000...1_000_000

    static func budgetText(_ range: ClosedRange<Int>) -> String {
        "\(NumberFormat.plain(Double(range.lowerBound) / 1e6)) to \(NumberFormat.plain(Double(range.upperBound) / 1e6)) million"
    }

    static func squareSide(_ pixels: Int) -> String {
        let side = Int(Double(pixels).squareRoot().rounded())
        return "\(side)×\(side)"
    }

    static let model = ReportSection(
        id: "p1-model", template: "sections/p1-model.md.mustache", reads: [P1ModelStep.id]
    ) { context in
        let output = try context.store.load(P1ModelStep.self).output
        let dense = denseShapes(output.layers)
        var table = MarkdownTable([("Layer", .left), ("Output", .right), ("Parameters", .left), ("Count", .right)])
        var denseIndex = 0
        for layer in output.layers {
            let shape = layer.outputShape.map(String.init).joined(separator: "×")
            if layer.parameters > 0, denseIndex < dense.count {
                let (fanIn, fanOut) = dense[denseIndex]
                denseIndex += 1
                table.add(["fc\(denseIndex): \(layer.layer)", shape, "(\(fanIn) + 1) × \(fanOut)", NumberFormat.count(layer.parameters)])
            } else {
                table.add([layer.layer, shape, "—", NumberFormat.count(layer.parameters)])
            }
        }
        table.add(["**Total**", "", "", "**" + NumberFormat.count(output.totalParameters) + "**"])
        let sizes = (dense.first.map { [$0.0] } ?? []) + dense.map(\.1)
        return ModelView(
            architecture: sizes.map(String.init).joined(separator: " → "),
            inputs: dense.first.map { String($0.0) } ?? "?",
            hidden: dense.dropLast().map { String($0.1) }.joined(separator: " and "),
            hiddenLayers: String(max(0, dense.count - 1)),
            hiddenEqual: Set(dense.dropLast().map(\.1)).count == 1,
            hiddenWidth: dense.first.map { String($0.1) } ?? "?",
            classes: dense.last.map { String($0.1) } ?? "?",
            totalParameters: NumberFormat.count(output.totalParameters),
            withinRange: parameterBudget.contains(output.totalParameters), budget: budgetText(parameterBudget),
            imageSize: dense.first.map { squareSide($0.0) } ?? "?",
            layerTable: table.markdown)
    }

    /// (fan-in, fan-out) of each layer with parameters: a dense layer with n
    /// outputs has (fanIn + 1) × n parameters.
    static func denseShapes(_ layers: [LayerSummary]) -> [(Int, Int)] {
        layers.filter { $0.parameters > 0 }.map { layer in
            let fanOut = layer.outputShape.last ?? 1
            return (layer.parameters / max(fanOut, 1) - 1, fanOut)
        }
    }

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
        var epochs: String
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
        id: "p1-init", template: "sections/p1-init.md.mustache", reads: [P1InitStep.id],
        figures: [P1Figures.initLoss.name, P1Figures.initAccuracy.name]
    ) { context in
        let record = try context.store.load(P1InitStep.self)
        let output = record.output
        func view(_ run: MLPRunOutput) -> InitRunView {
            let last = run.curve.last
            let accuracy = last?.accuracy ?? .nan
            let estimate = (1 - accuracy / 100) * clampLoss
            return InitRunView(
                name: run.config.initializer.displayName,
                firstAccuracy: NumberFormat.percent(run.curve.first?.accuracy ?? .nan),
                finalAccuracy: NumberFormat.percent(accuracy),
                finalLoss: NumberFormat.loss(last?.loss ?? .nan),
                finalExactLoss: NumberFormat.loss(last?.exactLoss ?? .nan),
                epochTime: NumberFormat.seconds(run.meanEpochSeconds),
                errorRate: NumberFormat.percent(100 - accuracy),
                clampEstimate: NumberFormat.decimal(estimate, digits: 2),
                clampDominates: (last?.loss).map { estimate >= 0.5 * $0 } ?? false,
                improves: (run.curve.last?.accuracy ?? 0) > (run.curve.first?.accuracy ?? 0) + 0.5)
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
            epochs: String(config?.epochs ?? 0),
            batchSize: String(config?.batchSize ?? 0),
            learningRate: NumberFormat.plain(config?.learningRate ?? .nan),
            examples: NumberFormat.count(output.trainExamples),
            subset: record.config.subset.train != nil,
            hidden: (config?.hidden ?? []).map(String.init).joined(separator: "–"),
            zero: runs[.zero].map(view), normal: runs[.normal].map(view), glorot: runs[.glorot].map(view),
            majorityDigit: String(output.majorityClass),
            majorityShare: NumberFormat.percent(output.majorityClassPercent),
            zeroAtMajority: zeroFinal.map { abs($0 - output.majorityClassPercent) < 0.005 } ?? false,
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

    // MARK: 1.3 Hyper-parameter search

    struct BestRunView {
        var id: String
        var learningRate: String
        var batchSize: String
        var epochs: String
        var hidden: String
        var validAccuracy: String
        var testAccuracy: String
        var testLoss: String
        var reachesTarget: Bool
    }

    struct Comparison {
        var base: String
        var other: String
        /// "lr 0.01, batch 100, 666–666, 10 epochs"
        var baseSetting: String
        var otherSetting: String
        var baseLearningRate: String
        var otherLearningRate: String
        var baseBatch: String
        var otherBatch: String
        var baseEpochs: String
        var otherEpochs: String
        var baseHidden: String
        var otherHidden: String
        var baseAccuracy: String
        var otherAccuracy: String
        var difference: String
        var otherBetter: Bool
        /// Less than half a point apart: within run-to-run noise.
        var small: Bool
    }

    struct HyperView {
        var runCount: String
        var validExamples: String
        var testExamples: String
        var subset: Bool
        var target: String
        var best: BestRunView
        var table: String
        var learningRate: Comparison?
        var batch256: Comparison?
        var batch512: Comparison?
        var moreEpochs: Comparison?
        var wider: Comparison?
        /// Parameters of the wider run's network, from its configuration.
        var widerParameters: String
        var widerOverBudget: Bool
        var widerChosen: Bool
        var figure: FigureRef
    }

    static let target = 97.0

    static let hyperparameters = ReportSection(
        id: "p1-hyperparams", template: "sections/p1-hyperparams.md.mustache", reads: [P1HyperparameterStep.id],
        figures: [P1Figures.hyperValid.name]
    ) { context in
        let record = try context.store.load(P1HyperparameterStep.self)
        let output = record.output
        var table = MarkdownTable([
            ("Run", .left), ("Learning rate", .right), ("Batch", .right), ("Epochs", .right), ("Hidden", .right),
            ("Validation, last epoch", .right), ("Best validation (epoch)", .right), ("Test", .right),
        ])
        for result in output.runs {
            let run = result.run
            let best = run.curve.max { $0.accuracy < $1.accuracy }
            let chosen = run.config.id == output.bestRun
            let validation = NumberFormat.percent(result.finalValidAccuracy)
            table.add([
                "`\(run.config.id)`" + (chosen ? " (chosen)" : ""),
                NumberFormat.plain(run.config.learningRate), String(run.config.batchSize),
                String(run.config.epochs), run.config.hidden.map(String.init).joined(separator: "–"),
                chosen ? "**\(validation)**" : validation,
                best.map { "\(NumberFormat.percent($0.accuracy)) (\($0.epoch))" } ?? "n/a",
                NumberFormat.percent(result.test.accuracy),
            ])
        }
        let byID = Dictionary(output.runs.map { ($0.run.config.id, $0) }, uniquingKeysWith: { a, _ in a })
        guard let best = byID[output.bestRun] else {
            throw ReportError("\(context.store.path(for: P1HyperparameterStep.id)): best run '\(output.bestRun)' is not among the runs")
        }
        func compare(_ base: String, _ other: String) -> Comparison? {
            guard let a = byID[base], let b = byID[other] else { return nil }
            return Comparison(
                base: base, other: other, baseSetting: P1Figures.label(a.run.config), otherSetting: P1Figures.label(b.run.config),
                baseLearningRate: NumberFormat.plain(a.run.config.learningRate),
                otherLearningRate: NumberFormat.plain(b.run.config.learningRate),
                baseBatch: String(a.run.config.batchSize), otherBatch: String(b.run.config.batchSize),
                baseEpochs: String(a.run.config.epochs), otherEpochs: String(b.run.config.epochs),
                baseHidden: a.run.config.hidden.map(String.init).joined(separator: "–"),
                otherHidden: b.run.config.hidden.map(String.init).joined(separator: "–"),
                baseAccuracy: NumberFormat.percent(a.finalValidAccuracy),
                otherAccuracy: NumberFormat.percent(b.finalValidAccuracy),
                difference: NumberFormat.signed(b.finalValidAccuracy - a.finalValidAccuracy, digits: 2) + " pts",
                otherBetter: b.finalValidAccuracy > a.finalValidAccuracy,
                small: abs(b.finalValidAccuracy - a.finalValidAccuracy) < 0.5)
        }
        let subset = record.config.subset
        return HyperView(
            runCount: String(output.runs.count),
            validExamples: subset.valid.map(NumberFormat.count) ?? "10,000",
            testExamples: subset.test.map(NumberFormat.count) ?? "10,000",
            subset: subset.train != nil,
            target: NumberFormat.percent(target, digits: 0),
            best: BestRunView(
                id: best.run.config.id,
                learningRate: NumberFormat.plain(best.run.config.learningRate),
                batchSize: String(best.run.config.batchSize), epochs: String(best.run.config.epochs),
                hidden: best.run.config.hidden.map(String.init).joined(separator: "–"),
                validAccuracy: NumberFormat.percent(best.finalValidAccuracy),
                testAccuracy: NumberFormat.percent(best.test.accuracy),
                testLoss: NumberFormat.loss(best.test.exactLoss),
                reachesTarget: best.finalValidAccuracy >= target),
            table: table.markdown,
            learningRate: compare("lr0.01", "best_lr0.1_bs100"),
            batch256: compare("lr0.01", "bs256"),
            batch512: compare("lr0.01", "bs512"),
            moreEpochs: compare("lr0.01", "epochs20"),
            wider: compare("best_lr0.1_bs100", "hidden1024_512"),
            widerParameters: NumberFormat.count(byID["hidden1024_512"].map { parameterCount($0.run.config.hidden) } ?? 0),
            widerOverBudget: (byID["hidden1024_512"].map { parameterCount($0.run.config.hidden) } ?? 0) > parameterBudget.upperBound,
            widerChosen: output.bestRun == "hidden1024_512",
            figure: context.figure(P1Figures.hyperValid.name))
    }

    /// Parameters of a 784 → hidden… → 10 MLP: Σ (fan-in + 1) × fan-out.
    static func parameterCount(_ hidden: [Int]) -> Int {
        let sizes = [784] + hidden + [10]
        return zip(sizes, sizes.dropFirst()).map { ($0 + 1) * $1 }.reduce(0, +)
    }

    // MARK: 1.4 Gradient check

    struct PrecisionView {
        var minError: String
        var minN: String
        var minEpsilon: String
        var errorAtSmallestEpsilon: String
        var turnsUp: Bool
        var unitRoundoff: String
    }

    struct GradientView {
        var weights: String
        var exampleIndex: String
        var exampleLabel: String
        var zeroGradients: String
        var someZero: Bool
        var smallestN: String
        var largestN: String
        var float64: PrecisionView
        var float32: PrecisionView
        /// How many times finer float64 rounds than float32 (2²⁹).
        var roundoffRatio: String
        var table: String
        var figure: FigureRef
    }

    static let gradientCheck = ReportSection(
        id: "p1-gradcheck", template: "sections/p1-gradcheck.md.mustache", reads: [P1GradientCheckStep.id],
        figures: [P1Figures.gradientCheck.name]
    ) { context in
        let output = try context.store.load(P1GradientCheckStep.self).output
        let points = output.points.sorted { $0.n < $1.n }
        guard let first = points.first, let last = points.last else {
            throw ReportError("\(context.store.path(for: P1GradientCheckStep.id)): the gradient check has no points")
        }
        func precision(_ error: (P1GradientCheckStep.Point) -> Double, roundoff: Double) -> PrecisionView {
            let best = points.min { error($0) < error($1) }!
            return PrecisionView(
                minError: NumberFormat.scientific(error(best)), minN: NumberFormat.count(best.n),
                minEpsilon: NumberFormat.significant(best.epsilon, digits: 2),
                errorAtSmallestEpsilon: NumberFormat.scientific(error(last)),
                turnsUp: best.n < last.n && error(last) > 2 * error(best),
                unitRoundoff: NumberFormat.scientific(roundoff, digits: 2))
        }
        var table = MarkdownTable([("N", .right), ("ε = 1/N", .right), ("float64", .right), ("float32", .right)])
        for point in points {
            table.add([NumberFormat.count(point.n), NumberFormat.significant(point.epsilon, digits: 2),
                       NumberFormat.scientific(point.maxDifferenceDouble), NumberFormat.scientific(point.maxDifferenceFloat)])
        }
        let zeros = output.backpropGradient.filter { $0 == 0 }.count
        return GradientView(
            weights: String(output.backpropGradient.count),
            exampleIndex: NumberFormat.count(output.exampleIndex), exampleLabel: String(output.exampleLabel),
            zeroGradients: String(zeros), someZero: zeros > 0,
            smallestN: NumberFormat.count(first.n), largestN: NumberFormat.count(last.n),
            float64: precision({ $0.maxDifferenceDouble }, roundoff: Double.ulpOfOne / 2),
            float32: precision({ $0.maxDifferenceFloat }, roundoff: Double(Float.ulpOfOne) / 2),
            roundoffRatio: NumberFormat.scientific(Double(Float.ulpOfOne) / Double.ulpOfOne, digits: 1),
            table: table.markdown,
            figure: context.figure(P1Figures.gradientCheck.name))
    }
}

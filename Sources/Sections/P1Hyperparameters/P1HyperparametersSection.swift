import ReportKit
import Foundation
import Learning

extension P1Sections {
    // MARK: 1.3 Hyper-parameter search

    struct BestRunView {
        var id: String
        var learningRate: String
        var batchSize: String
        var epochCount: String
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
        var otherEpochCount: String
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

    /// The validation accuracy the assignment asks the best run to reach.
    static let target = 0.97

    static let hyperparameters = ReportSection(
        id: "p1-hyperparams", heading: .subsection("Hyper-parameter search"), reads: [P1HyperparameterStep.id]
    ) { context in
        let record = try context.store.load(P1HyperparameterStep.self)
        let output = record.output
        let byID = Dictionary(output.runs.map { ($0.run.config.id, $0) }, uniquingKeysWith: { a, _ in a })
        guard let best = byID[output.bestRun] else {
            throw ReportError("\(context.store.path(for: P1HyperparameterStep.id)): best run '\(output.bestRun)' is not among the runs")
        }
        func compare(_ base: P1SearchRun, _ other: P1SearchRun) -> Comparison? {
            guard let a = byID[base.rawValue], let b = byID[other.rawValue] else { return nil }
            return comparison(a, b)
        }
        let subset = record.config.subset, wider = byID[P1SearchRun.wider.rawValue].map { parameterCount($0.run.config.hidden) } ?? 0
        return HyperView(
            runCount: String(output.runs.count),
            validExamples: NumberFormat.count(subset.valid ?? DigitSplitSizes.valid),
            testExamples: NumberFormat.count(subset.test ?? DigitSplitSizes.test),
            subset: subset.train != nil,
            target: NumberFormat.percent(fraction: target, digits: 0),
            best: bestRunView(best),
            table: runTable(output).markdown,
            learningRate: compare(.smallRate, .best),
            batch256: compare(.smallRate, .batch256),
            batch512: compare(.smallRate, .batch512),
            moreEpochs: compare(.smallRate, .moreEpochs),
            wider: compare(.best, .wider),
            widerParameters: NumberFormat.count(wider),
            widerOverBudget: wider > parameterBudget.upperBound,
            widerChosen: output.bestRun == P1SearchRun.wider.rawValue,
            figure: context.figure(P1Figures.hyperValid.name))
    }

    /// One row per run, the chosen one in bold.
    static func runTable(_ output: P1HyperparameterStep.Output) -> MarkdownTable {
        var table = MarkdownTable([
            ("Run", .left), ("Learning rate", .right), ("Batch", .right), ("Epochs", .right), ("Hidden", .right),
            ("Validation, last epoch", .right), ("Best validation (epoch)", .right), ("Test", .right),
        ])
        for result in output.runs {
            let run = result.run
            let best = run.curve.max { $0.accuracy < $1.accuracy }
            let chosen = run.config.id == output.bestRun
            let validation = NumberFormat.percent(fraction: result.finalValidAccuracy)
            table.add([
                "`\(run.config.id)`" + (chosen ? " (chosen)" : ""),
                NumberFormat.plain(run.config.learningRate), String(run.config.batchSize),
                String(run.config.epochs), run.config.hidden.map(String.init).joined(separator: "–"),
                chosen ? "**\(validation)**" : validation,
                best.map { "\(NumberFormat.percent(fraction: $0.accuracy)) (\($0.epoch))" } ?? "n/a",
                NumberFormat.percent(fraction: result.test.accuracy),
            ])
        }
        return table
    }

    static func bestRunView(_ best: P1HyperparameterStep.RunResult) -> BestRunView {
        BestRunView(
            id: best.run.config.id,
            learningRate: NumberFormat.plain(best.run.config.learningRate),
            batchSize: String(best.run.config.batchSize), epochCount: NumberFormat.counted(best.run.config.epochs, "epoch"),
            hidden: best.run.config.hidden.map(String.init).joined(separator: "–"),
            validAccuracy: NumberFormat.percent(fraction: best.finalValidAccuracy),
            testAccuracy: NumberFormat.percent(fraction: best.test.accuracy),
            testLoss: NumberFormat.loss(best.test.exactLoss),
            reachesTarget: best.finalValidAccuracy >= target)
    }

    /// Run `b` against run `a`: their settings, accuracies and the difference.
    static func comparison(_ a: P1HyperparameterStep.RunResult, _ b: P1HyperparameterStep.RunResult) -> Comparison {
        let points = percentagePoints(b.finalValidAccuracy, minus: a.finalValidAccuracy)
        return Comparison(
            base: a.run.config.id, other: b.run.config.id,
            baseSetting: P1Figures.label(a.run.config), otherSetting: P1Figures.label(b.run.config),
            baseLearningRate: NumberFormat.plain(a.run.config.learningRate),
            otherLearningRate: NumberFormat.plain(b.run.config.learningRate),
            baseBatch: String(a.run.config.batchSize), otherBatch: String(b.run.config.batchSize),
            baseEpochs: String(a.run.config.epochs), otherEpochs: String(b.run.config.epochs),
            otherEpochCount: NumberFormat.counted(b.run.config.epochs, "epoch"),
            baseHidden: a.run.config.hidden.map(String.init).joined(separator: "–"),
            otherHidden: b.run.config.hidden.map(String.init).joined(separator: "–"),
            baseAccuracy: NumberFormat.percent(fraction: a.finalValidAccuracy),
            otherAccuracy: NumberFormat.percent(fraction: b.finalValidAccuracy),
            difference: NumberFormat.signed(points, digits: 2) + " pts",
            otherBetter: b.finalValidAccuracy > a.finalValidAccuracy,
            small: abs(points) < 0.5)
    }

    /// Parameters of a 784 → hidden… → 10 MLP: Σ (fan-in + 1) × fan-out.
    static func parameterCount(_ hidden: [Int]) -> Int {
        let sizes = [784] + hidden + [10]
        return zip(sizes, sizes.dropFirst()).map { ($0 + 1) * $1 }.reduce(0, +)
    }
}

import Foundation
import Learning
@testable import ReportKit
@testable import Sections

/// Small, made-up results for the Problem 3 steps, in the shape the steps save.
enum P3Fixtures {
    static func curve(_ accuracies: [(train: Double, valid: Double?)]) -> [ImageEpochPoint] {
        accuracies.enumerated().map { i, a in
            ImageEpochPoint(epoch: i + 1, trainLoss: 0.7 - 0.1 * Double(i), trainAccuracy: a.train,
                            validLoss: a.valid.map { _ in 0.68 - 0.1 * Double(i) }, validAccuracy: a.valid,
                            trainSeconds: 100, augmentSeconds: 2)
        }
    }

    static func run(_ id: String, _ architecture: ImageRunConfig.Architecture = .vgg, lr: Double = 0.1, batch: Int = 128,
                    curve: [ImageEpochPoint]) -> ImageRunOutput {
        ImageRunOutput(
            config: ImageRunConfig(id: id, architecture: architecture, learningRate: lr, batchSize: batch, epochs: curve.count),
            curve: curve, parameters: 5_884_162, resumedFromEpoch: 0)
    }

    static let schedule = P3Schedule.forProfile(.short)

    static func train() -> StepRecord<P3TrainStep.Config, P3TrainStep.Output> {
        let layer = try! JSONDecoder().decode(LayerSummary.self, from: Data(#"{"layer": "Conv 3→32 3×3 pad 1", "outputShape": [32, 64, 64], "parameters": 896}"#.utf8))
        let curve = curve([(0.55, 0.60), (0.66, 0.71), (0.72, 0.78)])
        return StepRecord(
            header: P1Fixtures.header(P3TrainStep.id, profile: .short),
            config: .init(run: P3TrainStep.mainRun(epochs: 3), schedule: schedule),
            output: .init(run: run("vgg_lr0.1_bs128", curve: curve), layers: [layer], classes: ["Cat", "Dog"],
                          trainCount: 16_000, validCount: 4_000, testCount: 4_999,
                          skippedFiles: ["trainset/Cat/bad.jpg: not a JPEG"], weightsFile: "models/p3.train.ckpt"))
    }

    static func tuning() -> StepRecord<P3TuningStep.Config, P3TuningStep.Output> {
        let runs = [
            run("vgg_lr0.1_bs128", curve: curve([(0.55, 0.62), (0.65, 0.70)])),
            run("vgg_lr0.005_bs128", lr: 0.005, curve: curve([(0.50, 0.50), (0.52, 0.53)])),
        ]
        let rows = [
            P3TuningStep.Row(parameter: .reference, value: "lr 0.1, batch 128", validAccuracy: 0.70, epochs: 2, source: "own run"),
            P3TuningStep.Row(parameter: .learningRate, value: "0.005", validAccuracy: 0.53, epochs: 2, source: "own run"),
        ]
        return StepRecord(
            header: P1Fixtures.header(P3TuningStep.id, profile: .short),
            config: .init(runs: runs.map(\.config), epochCheckpoints: [3], schedule: schedule),
            output: .init(rows: rows, runs: runs, tuningTrainCount: 8_000))
    }

    static func resnet() -> StepRecord<P3ResNetStep.Config, P3ResNetStep.Output> {
        let runs = [
            run("resnet-bn_lr0.05_bs128", .resnetBatchNorm, lr: 0.05, curve: curve([(0.60, 0.64), (0.70, 0.75)])),
            run("resnet-plain_lr0.05_bs128", .resnetPlain, lr: 0.05, curve: curve([(0.52, 0.55), (0.58, 0.61)])),
        ]
        return StepRecord(
            header: P1Fixtures.header(P3ResNetStep.id, profile: .short),
            config: .init(runs: runs.map(\.config), schedule: schedule),
            output: .init(runs: runs, layers: 12, trainCount: 16_000, validCount: 4_000))
    }

    static func submission() -> StepRecord<P3SubmissionStep.Config, P3SubmissionStep.Output> {
        var config = P3TrainStep.mainRun(epochs: 2)
        config.id = "vgg_retrain_all"
        config.trainOnAll = true
        return StepRecord(
            header: P1Fixtures.header(P3SubmissionStep.id, profile: .short),
            config: .init(run: config, schedule: schedule),
            output: .init(run: run("vgg_retrain_all", curve: curve([(0.6, nil), (0.7, nil)])), file: "submission.csv",
                          rows: 4_999, predicted: ["Cat": 2_400, "Dog": 2_599], sha256: String(repeating: "ab", count: 32),
                          trainCount: 20_000))
    }

    /// Twelve validation photos with known probabilities of "Cat" (class 0).
    static let catProbabilities: [(name: String, label: Int, cat: Double)] = [
        ("1.Cat.jpg", 0, 0.97), ("2.Cat.jpg", 0, 0.52), ("3.Cat.jpg", 0, 0.10), ("4.Cat.jpg", 0, 0.49),
        ("5.Cat.jpg", 0, 0.80), ("6.Cat.jpg", 0, 0.30), ("7.Dog.jpg", 1, 0.05), ("8.Dog.jpg", 1, 0.51),
        ("9.Dog.jpg", 1, 0.99), ("10.Dog.jpg", 1, 0.45), ("11.Dog.jpg", 1, 0.20), ("12.Dog.jpg", 1, 0.60),
    ]

    static func visualize() -> StepRecord<P3VisualizeStep.Config, P3VisualizeStep.Output> {
        let classes = ["Cat", "Dog"]
        let scored = catProbabilities.enumerated().map { i, item in
            P3Selection.Scored(index: i, name: item.name, label: item.label, probabilities: [item.cat, 1 - item.cat])
        }
        let side = 4
        func show(_ item: P3Selection.Scored) -> P3VisualizeStep.ShownImage {
            let pixels = (0..<(side * side * 3)).map { UInt8(($0 * 17 + item.index * 40) % 256) }
            return .init(name: item.name, label: classes[item.label], probabilities: item.probabilities, side: side,
                         pixels: Data(pixels).base64EncodedString())
        }
        let (bins, ece) = P3Selection.reliability(scored, bins: 5, lowest: 0.5)
        let first = (0..<(32 * 27)).map { Float(sin(Double($0))) }
        let last = (0..<(20 * 20 * 9)).map { Float(cos(Double($0))) * 0.03 }
        let maps = (0..<(32 * 8 * 8)).map { Float(sin(Double($0) / 7)) }
        let correct = scored.filter { $0.predicted == $0.label }.count
        return StepRecord(
            header: P1Fixtures.header(P3VisualizeStep.id, profile: .short),
            config: .init(perClass: 2, image: "4.Cat.jpg", reliabilityBins: 5, lastLayerBlock: 20),
            output: .init(
                classes: classes,
                confusing: [0, 1].map { c in P3Selection.mostConfusing(scored, label: c, count: 2).map(show) },
                misclassified: [0, 1].map { c in P3Selection.mostMisclassified(scored, label: c, count: 2).map(show) },
                firstLayerKernels: .init(shape: [32, 3, 3, 3], values: first),
                lastLayerKernels: .init(shape: [20, 20, 3, 3], values: last), lastLayerShape: [256, 256, 3, 3],
                featureMapImage: show(scored[3]), featureMaps: .init(shape: [32, 8, 8], values: maps),
                confusion: P3Selection.confusionMatrix(scored, classes: 2), reliability: bins, expectedCalibrationError: ece,
                validAccuracy: Double(correct) / Double(scored.count), validCount: scored.count))
    }

    /// Writes all five P3 results into `<reports>/results/`.
    static func writeAll(reports: String) throws {
        let store = ResultsStore(directory: reports + "/results")
        try store.save(train())
        try store.save(tuning())
        try store.save(resnet())
        try store.save(submission())
        try store.save(visualize())
        try store.save(conjectures())
    }

    /// Three epochs of each conjecture's run; the seeds of the main setting end
    /// at 78, 80 and 79 %, so the spread is 2 points: BatchNorm (+5) is
    /// beyond it, Dropout (+0.5) and the normalised inputs (−1) are within it.
    static func conjectures() -> StepRecord<P3ConjecturesStep.Config, P3ConjecturesStep.Output> {
        let ends: [P3Conjecture: [(Double, Double?)]] = [
            .adam: [(0.70, 0.72), (0.82, 0.81), (0.86, 0.83)],
            .batchNorm: [(0.70, 0.74), (0.82, 0.80), (0.88, 0.84)],
            .dropout: [(0.60, 0.62), (0.70, 0.72), (0.76, 0.795)],
            .normalisedInputs: [(0.60, 0.61), (0.70, 0.70), (0.77, 0.78)],
            .seed2: [(0.60, 0.62), (0.70, 0.71), (0.78, 0.80)],
            .seed3: [(0.60, 0.61), (0.70, 0.70), (0.77, 0.79)],
        ]
        let main = P3TrainStep.mainRun(epochs: 3)
        let runs = P3Conjecture.allCases.map { conjecture in
            ImageRunOutput(config: conjecture.run(from: main), curve: curve(ends[conjecture]!.map { (train: $0.0, valid: $0.1) }),
                           parameters: 5_884_162, resumedFromEpoch: 0)
        }
        return StepRecord(
            header: P1Fixtures.header(P3ConjecturesStep.id, profile: .short),
            config: .init(runs: runs.map(\.config), epochs: 3, subset: 1),
            output: .init(runs: runs, main: train().output.run, trainCount: 16_000, validCount: 4_000))
    }
}

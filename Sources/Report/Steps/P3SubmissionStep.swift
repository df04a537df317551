import Datasets
import Foundation
import Learning
import Tensor

/// The Kaggle submission: the main setting retrained on all labelled photos,
/// then a label for every test photo, written to reports/submission.csv.
struct P3SubmissionStep: ReportStep {
    static let id = "p3.submission"
    static let title = "Problem 3 — Kaggle submission"
    static let inputs: [DataInput] = [.catdog]

    struct Config: Codable, Sendable {
        var run: ImageRunConfig
        var schedule: P3Schedule
    }

    struct Output: Codable, Sendable {
        var run: ImageRunOutput
        var file: String
        var rows: Int
        var predicted: [String: Int]
        var sha256: String
        /// Labelled photos trained on (train and valid together); optional so older results still load.
        var trainCount: Int?
    }

    func config(for options: BuildOptions) -> Config {
        let schedule = P3Schedule.forProfile(options.profile)
        var run = P3TrainStep.mainRun(epochs: schedule.submissionEpochs)
        run.id = "vgg_retrain_all"
        run.trainOnAll = true
        return Config(run: run, schedule: schedule)
    }

    func run(_ config: Config, context: StepContext) throws -> Output {
        let data = try context.data.catdog()
        var all = data.train
        if config.schedule.subset < 1 {
            var rng = context.rng("subset")
            let keep = Int(Double(all.count) * config.schedule.subset)
            all = all.subset(Array(rng.permutation(all.count).prefix(keep)).sorted())
        }
        let (output, model) = try trainImageRun(config.run, train: all, valid: nil, context: context)
        let probabilities = predictImages(model, data.test)
        let csv = Self.csv(names: data.test.names, probabilities: probabilities, classes: data.train.classes)
        let file = "submission.csv"
        try AtomicFile.write(csv, to: context.options.reportsDirectory + "/" + file)
        var counts: [String: Int] = [:]
        for line in csv.split(separator: "\n").dropFirst() { counts[String(line.split(separator: ",")[1]), default: 0] += 1 }
        return Output(run: output, file: file, rows: data.test.count, predicted: counts, sha256: SHA256.hex(csv), trainCount: all.count)
    }

    /// `id,label` with ids from the file names in numeric order (the set is loaded sorted).
    static func csv(names: [String], probabilities: Tensor<Float>, classes: [String]) -> String {
        let predictions = probabilities.argmaxRows()
        var lines = ["id,label"]
        for (name, predicted) in zip(names, predictions) {
            lines.append("\((name as NSString).deletingPathExtension),\(classes[predicted])")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

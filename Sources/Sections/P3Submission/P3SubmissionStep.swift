import ReportKit
import Checksums
import AtomicWrite
import Datasets
import Foundation
import Learning
import Tensor

/// The Kaggle submission: the main setting retrained on all labelled photos,
/// then a label for every test photo, written to reports/submission.csv.
struct P3SubmissionStep: RunnableStep {
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

    /// The retraining and the class it predicts for each test photo (in file order).
    struct RunOutput: Codable, Sendable {
        var run: ImageRunOutput
        var trainCount: Int
        var predictions: [Int]
    }

    func runs(of config: Config, options: BuildOptions) -> [RunSpec] {
        [ImageRunSpec.make(config.run, subset: config.schedule.subset, options: options)]
    }

    func execute(_ run: RunSpec, config: Config, context: StepContext) throws -> RunOutput {
        let data = try context.data.catdog()
        let all = try labelledPhotos(data, config: config, context: context)
        let (output, model) = try trainImageRun(config.run, train: all, valid: nil, context: context)
        return RunOutput(run: output, trainCount: all.count, predictions: predictImages(model, data.test).argmaxRows())
    }

    /// All labelled photos (a seeded share of them when the profile uses a subset).
    private func labelledPhotos(_ data: CatDogData, config: Config, context: StepContext) throws -> ImageSet {
        guard config.schedule.subset < 1 else { return data.train }
        var rng = context.rng("subset")
        let keep = Int(Double(data.train.count) * config.schedule.subset)
        // A small folder under a profile's subset would train on nothing.
        guard keep > 0 else {
            throw ReportError("\(context.options.catdogPath)/trainset: \(NumberFormat.plain(100 * config.schedule.subset)) % of \(data.train.count) photos is none to train on; add photos or use a profile that uses more of them")
        }
        return data.train.subset(Array(rng.permutation(data.train.count).prefix(keep)).sorted())
    }

    func combine(_ outputs: [RunOutput], config: Config, context: StepContext) throws -> Output {
        let data = try context.data.catdog()
        let trained = outputs[0]
        guard trained.predictions.count == data.test.count else {
            throw ReportError("the saved predictions cover \(trained.predictions.count) test photos, the test folder has \(data.test.count); rerun with --force p3.submission")
        }
        // Read back from the run's saved file: a class index out of range is a damaged file, not a trap.
        if let bad = trained.predictions.first(where: { !data.train.classes.indices.contains($0) }) {
            throw ReportError("the saved predictions hold class \(bad), outside 0..<\(data.train.classes.count); rerun with --force p3.submission")
        }
        let csv = Self.csv(names: data.test.names, predictions: trained.predictions, classes: data.train.classes)
        let file = "submission.csv"
        try AtomicFile.write(csv, to: context.options.reportsDirectory + "/" + file)
        var counts: [String: Int] = [:]
        for line in csv.split(separator: "\n").dropFirst() { counts[String(line.split(separator: ",")[1]), default: 0] += 1 }
        return Output(run: trained.run, file: file, rows: data.test.count, predicted: counts, sha256: SHA256.hex(csv), trainCount: trained.trainCount)
    }

    /// `id,label` with ids from the file names in numeric order (the set is loaded
    /// sorted, and refuses two names with one number). The id is the number as
    /// Kaggle reads it: `0012.png` is 12.
    static func csv(names: [String], predictions: [Int], classes: [String]) -> String {
        var lines = ["id,label"]
        for (name, predicted) in zip(names, predictions) {
            let stem = (name as NSString).deletingPathExtension
            lines.append("\(Int(stem).map(String.init) ?? stem),\(classes[predicted])")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

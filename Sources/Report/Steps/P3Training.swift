import Datasets
import Foundation
import Learning
import Tensor

/// One cats-vs-dogs training run.
struct ImageRunConfig: Codable, Sendable, Equatable {
    enum Architecture: String, Codable, Sendable {
        case vgg
        case resnetBatchNorm = "resnet-bn"
        case resnetPlain = "resnet-plain"

        /// Bump when a kernel change alters this network's trajectory
        /// (summation order, fused layers), so that no checkpoint of the older
        /// numerics is resumed or read back as a finished run.
        var numericsVersion: Int {
            switch self {
            case .vgg: 1
            // 2: BatchNorm statistics per plane, the rectifier fused into BatchNorm and the convolutions.
            case .resnetBatchNorm, .resnetPlain: 2
            }
        }
    }

    var id: String
    var architecture: Architecture
    var learningRate: Double
    var batchSize: Int
    var epochs: Int
    /// Train on train+valid (the submission's retraining) instead of the 80 % split.
    var trainOnAll: Bool = false
    /// Width multiplier of the ResNet (1 = the original's ResNet-18 widths).
    var width: Double = 1
    var augmentation = Augmentation()
}

/// Per-epoch metrics, accuracy as a fraction as the original printed it. Train
/// metrics are over the augmented batches as they were seen during the epoch.
struct ImageEpochPoint: Codable, Sendable, Equatable {
    var epoch: Int
    var trainLoss: Double
    var trainAccuracy: Double
    var validLoss: Double?
    var validAccuracy: Double?
    var trainSeconds: Double
    /// Part of `trainSeconds` spent decoding nothing and augmenting batches.
    var augmentSeconds: Double
}

struct ImageRunOutput: Codable, Sendable {
    var config: ImageRunConfig
    var curve: [ImageEpochPoint]
    var parameters: Int
    var resumedFromEpoch: Int
}

/// The train/valid split of the labelled photos used by every Problem 3 step.
struct CatDogSplit {
    var train: ImageSet
    var valid: ImageSet

    init(_ data: CatDogData, context: StepContext, subset: Double) throws {
        var rng = SeededGenerator(seed: context.options.seed).derived("p3.split")
        // The same seed gives the same permutation whatever `subset` is, so a
        // subset's photos are the first of the full split's, class by class.
        let (train, valid) = CatDogData.split(
            labels: data.train.labels, classes: data.train.classes.count, keep: subset, rng: &rng)
        self.train = data.train.subset(train)
        self.valid = data.train.subset(valid)
        // A few photos a class (under the quick profile's 3 %) can leave a part
        // empty: training on nothing, a validation accuracy of 0/0 = NaN.
        for (name, part) in [("training", self.train), ("validation", self.valid)] where part.count == 0 {
            throw ReportError(
                "\(context.options.catdogPath)/trainset: the \(name) split is empty (\(data.train.count) photos, \(NumberFormat.plain(100 * subset)) % of them used); add photos or use a profile that uses more of them")
        }
    }
}

enum CatDogModels {
    static func make(_ config: ImageRunConfig, rng: inout SeededGenerator) -> Sequential<Float> {
        switch config.architecture {
        case .vgg: return CatDogVGG.make(rng: &rng)
        case .resnetBatchNorm: return CatDogResNet.make(width: config.width, batchNorm: true, rng: &rng)
        case .resnetPlain: return CatDogResNet.make(width: config.width, batchNorm: false, rng: &rng)
        }
    }
}

/// Trains one run, checkpointing after every epoch under `reports/.checkpoints/`
/// so that a killed build resumes where it stopped, with the same result.
/// `afterCheckpoint` runs once each epoch's checkpoint is on disk (tests use it
/// to stop a run there, as a kill would).
func trainImageRun(
    _ config: ImageRunConfig, train: ImageSet, valid: ImageSet?, context: StepContext,
    afterCheckpoint: (Int) throws -> Void = { _ in }
) throws -> (output: ImageRunOutput, model: Sequential<Float>) {
    var rng = context.rng(config.id)
    let model = CatDogModels.make(config, rng: &rng)
    let optimizer = SGD<Float>(learningRate: Float(config.learningRate))
    let trainer = Trainer(model: model, optimizer: optimizer)
    let runKey = try checkpointKey(config, context: context, trainCount: train.count)
    let path = Checkpoints.path(reportsDirectory: context.options.reportsDirectory, step: context.stepID, run: config.id)
    var curve: [ImageEpochPoint] = []
    var resumedFrom = 0
    if let saved = Checkpoint<[ImageEpochPoint]>.read(path, warn: context.progress.log),
       saved.metadata.runKey == runKey, saved.metadata.epochsDone <= config.epochs {
        try saved.restore(into: model, optimizer: optimizer)
        rng = saved.metadata.rng
        curve = saved.metadata.progress
        resumedFrom = saved.metadata.epochsDone
        context.progress.log("  \(config.id): continuing after epoch \(resumedFrom) from its checkpoint")
    }
    let batchCount = (train.count + config.batchSize - 1) / config.batchSize
    let started = Date()
    for epoch in (resumedFrom + 1)..<(config.epochs + 1) {
        let point = runEpoch(epoch, config, trainer: trainer, train: train, valid: valid, batchCount: batchCount, rng: &rng, context: context)
        try requireFiniteLoss(point.trainLoss, epoch: epoch, run: config.id, learningRate: config.learningRate, context: context)
        curve.append(point)
        let mean = Date().timeIntervalSince(started) / Double(epoch - resumedFrom)
        context.progress.log("  " + context.progress.etaNote(
            step: context.stepID, run: config.id, epoch: epoch, of: config.epochs, meanEpochSeconds: mean))
        let state = Checkpoint<[ImageEpochPoint]>.state(of: model, optimizer: optimizer)
        try Checkpoint(runKey: runKey, epochsDone: epoch, rng: rng, progress: curve, tensors: state).write(to: path)
        try afterCheckpoint(epoch)
    }
    return (ImageRunOutput(config: config, curve: curve, parameters: model.parameterCount, resumedFromEpoch: resumedFrom), model)
}

/// Everything that determines a run's trajectory except its length: the
/// learning rate is constant, so the first n epochs of a longer run are exactly
/// a run of n epochs, and a longer run may continue a shorter one's checkpoint.
/// A finished run's checkpoint is kept: when the step reruns for a reason that
/// does not touch this run (another run's setting, the report's code), the run
/// is read back instead of trained again. The architecture's numerics version
/// is part of the key, so a change of kernels never resumes an older engine's weights.
private func checkpointKey(_ config: ImageRunConfig, context: StepContext, trainCount: Int) throws -> String {
    var trajectory = config
    trajectory.epochs = 0
    let material = String(decoding: try JSONCoding.encode(trajectory), as: UTF8.self)
        + "|seed \(context.options.seed)|n \(trainCount)|numerics v\(config.architecture.numericsVersion)|" + (try context.data.fingerprint(of: .catdog))
    return String(SHA256.hex(material).prefix(16))
}

private func runEpoch(
    _ epoch: Int, _ config: ImageRunConfig, trainer: Trainer<Float>, train: ImageSet, valid: ImageSet?,
    batchCount: Int, rng: inout SeededGenerator, context: StepContext
) -> ImageEpochPoint {
    context.progress.begin("\(context.stepID) \(config.id) epoch \(epoch)/\(config.epochs)", total: batchCount)
    let started = Date()
    var augmentSeconds = 0.0
    var seen = Evaluation()
    let order = rng.permutation(train.count)
    for (b, start) in stride(from: 0, to: train.count, by: config.batchSize).enumerated() {
        let indices = Array(order[start..<min(start + config.batchSize, train.count)])
        let augmentStarted = Date()
        let inputs = train.batch(indices, augmentation: config.augmentation, rng: &rng)
        augmentSeconds += Date().timeIntervalSince(augmentStarted)
        let labels = indices.map { train.labels[$0] }
        seen.add(trainer.step(Batch(inputs: inputs, labels: labels)), count: labels.count)
        context.progress.update(b + 1, detail: String(format: "loss %.4f acc %.3f", seen.meanLoss, seen.accuracy))
    }
    context.progress.end()
    let seconds = Date().timeIntervalSince(started)
    let validResult = valid.map { evaluateImages(trainer.model, $0) }
    context.progress.log(String(
        format: "  %@ epoch %d: train loss %.4f acc %.4f%@ (%.0fs, augmentation %.0f%%)", config.id, epoch,
        seen.meanLoss, seen.accuracy,
        validResult.map { String(format: ", valid loss %.4f acc %.4f", $0.meanLoss, $0.accuracy) } ?? "",
        seconds, 100 * augmentSeconds / seconds))
    return ImageEpochPoint(
        epoch: epoch, trainLoss: seen.meanLoss, trainAccuracy: seen.accuracy,
        validLoss: validResult?.meanLoss, validAccuracy: validResult?.accuracy,
        trainSeconds: seconds, augmentSeconds: augmentSeconds)
}

/// Loss and accuracy on un-augmented images.
func evaluateImages(_ model: Sequential<Float>, _ set: ImageSet, batchSize: Int = 250) -> Evaluation {
    var result = Evaluation()
    var unused = SeededGenerator(seed: 0)
    for start in stride(from: 0, to: set.count, by: batchSize) {
        let indices = Array(start..<min(start + batchSize, set.count))
        let logits = model.forward(set.batch(indices, augmentation: .none, rng: &unused), training: false)
        result.add(SoftmaxCrossEntropy(logits: logits, labels: indices.map { set.labels[$0] }), count: indices.count)
    }
    return result
}

/// Class probabilities on un-augmented images, [n, classes].
func predictImages(_ model: Sequential<Float>, _ set: ImageSet, batchSize: Int = 250) -> Tensor<Float> {
    var unused = SeededGenerator(seed: 0)
    var rows: [Float] = []
    var classes = 0
    for start in stride(from: 0, to: set.count, by: batchSize) {
        let indices = Array(start..<min(start + batchSize, set.count))
        let logits = model.forward(set.batch(indices, augmentation: .none, rng: &unused), training: false)
        classes = logits.shape[1]
        rows += SoftmaxCrossEntropy(logits: logits, labels: Array(repeating: 0, count: indices.count)).probabilities.scalars
    }
    return Tensor(shape: [set.count, classes], scalars: rows)
}

/// The run spec of one cats-vs-dogs run: its configuration (with the share of
/// photos it sees and the network's numerics version) is its key material.
enum ImageRunSpec {
    struct KeyMaterial: Encodable {
        var run: ImageRunConfig
        var subset: Double
        var numerics: Int
    }

    static func make(_ run: ImageRunConfig, subset: Double, options: BuildOptions) -> RunSpec {
        let labelled = Double(CatDogData.countLabelledFiles(options.catdogPath))
        let train = Int(labelled * subset * (run.trainOnAll ? 1 : 0.8))
        let evaluated = run.trainOnAll ? 0 : Int(labelled * subset * 0.2)
        let network: NetworkKind = switch run.architecture {
        case .vgg: .catDogVGG
        case .resnetBatchNorm: .resNet(batchNorm: true, width: run.width)
        case .resnetPlain: .resNet(batchNorm: false, width: run.width)
        }
        return RunSpec(
            id: run.id, configuration: KeyMaterial(run: run, subset: subset, numerics: run.architecture.numericsVersion),
            cost: RunCost(network: network, epochs: run.epochs, batchSize: run.batchSize, trainSamples: train,
                          evaluatedSamples: evaluated,
                          finalSamples: run.trainOnAll ? CatDogData.countTestFiles(options.catdogPath) : 0))
    }
}

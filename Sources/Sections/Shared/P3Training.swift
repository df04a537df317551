import ReportKit
import Checksums
import Datasets
import Foundation
import Learning
import Tensor

/// One cats-vs-dogs training run.
struct ImageRunConfig: Codable, Sendable, Equatable {
    enum Architecture: String, Codable, Sendable {
        case vgg
        /// The VGG with BatchNorm after every convolution (section 3.6).
        case vggBatchNorm = "vgg-bn"
        /// The VGG with Dropout before each hidden dense layer (section 3.6).
        case vggDropout = "vgg-dropout"
        case resnetBatchNorm = "resnet-bn"
        case resnetPlain = "resnet-plain"

        /// Bump when a kernel change alters this network's trajectory
        /// (summation order, fused layers), so that no checkpoint of the older
        /// numerics is resumed or read back as a finished run.
        var numericsVersion: Int {
            switch self {
            case .vgg, .vggBatchNorm, .vggDropout: 1
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
    /// SGD when nil. Optional, like `normaliseInputs`, so that the runs saved
    /// before these existed keep their configuration, hence their cache keys.
    var optimizer: ImageOptimizer?
    /// Each colour channel standardised with the training photos' mean and deviation.
    var normaliseInputs: Bool?

    enum ImageOptimizer: String, Codable, Sendable {
        case sgd, adam
    }
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
        case .vggBatchNorm: return CatDogVGG.make(rng: &rng, batchNorm: true)
        case .vggDropout: return CatDogVGG.make(rng: &rng, dropout: true)
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
    afterCheckpoint: @escaping (Int) throws -> Void = { _ in }
) throws -> (output: ImageRunOutput, model: Sequential<Float>) {
    switch config.optimizer ?? .sgd {
    case .sgd:
        try trainImageRun(config, optimizer: SGD<Float>(learningRate: Float(config.learningRate)), train: train, valid: valid,
                          context: context, afterCheckpoint: afterCheckpoint)
    case .adam:
        try trainImageRun(config, optimizer: Adam<Float>(learningRate: config.learningRate), train: train, valid: valid,
                          context: context, afterCheckpoint: afterCheckpoint)
    }
}

private func trainImageRun<Method: Optimizer>(
    _ config: ImageRunConfig, optimizer: Method, train: ImageSet, valid: ImageSet?, context: StepContext,
    afterCheckpoint: @escaping (Int) throws -> Void
) throws -> (output: ImageRunOutput, model: Sequential<Float>) where Method.Scalar == Float {
    var rng = context.rng(config.id)
    let model = CatDogModels.make(config, rng: &rng)
    let trainer = ModelTrainer(model: model, optimizer: optimizer)
    // Measured on the training photos only, and applied to every batch the run sees.
    let normalisation = config.normaliseInputs == true ? ChannelStatistics(of: train) : nil
    let checkpointer = ImageRunCheckpointer<Method>(
        path: Checkpoints.path(reportsDirectory: context.options.reportsDirectory, step: context.stepID, run: config.id),
        run: config.id, runKey: try checkpointKey(config, context: context, trainCount: train.count),
        resumeKey: context.resumeKey(ofRun: config.id), epochs: config.epochs,
        log: context.progress.log, afterCheckpoint: afterCheckpoint)
    let photos = AugmentedPhotos(train, augmentation: config.augmentation, normalisation: normalisation)
    let bar = EpochProgressBar(reporter: context.progress, label: "\(context.stepID) \(config.id)")
    // The ETA counts evaluation and checkpointing too: wall time per epoch trained here.
    let started = Date()
    var trainedEpochs = 0
    let resumedFrom = try explainingDivergence(run: config.id, learningRate: config.learningRate, context: context) {
        try trainer.fit(photos, batchSize: config.batchSize, epochs: config.epochs, rng: &rng,
                        checkpointer: checkpointer, observer: bar) { fitted in
            let point = epochPoint(fitted, config, model: model, valid: valid.map { UnaugmentedPhotos($0, normalisation: normalisation) },
                                   augmentSeconds: photos.takeAugmentSeconds(), context: context)
            checkpointer.curve.append(point)
            trainedEpochs += 1
            context.progress.log("  " + context.progress.etaNote(
                step: context.stepID, run: config.id, epoch: fitted.epoch, of: config.epochs,
                meanEpochSeconds: Date().timeIntervalSince(started) / Double(trainedEpochs)))
        }
    }
    let output = ImageRunOutput(config: config, curve: checkpointer.curve, parameters: model.parameterCount, resumedFromEpoch: resumedFrom)
    return (output, model)
}

/// Trains the run `spec` names among `runs` on the 80/20 split of `subset`
/// of the labelled photos: what every step made of several such runs executes.
func trainSplitRun(_ spec: RunSpec, of runs: [ImageRunConfig], subset: Double, context: StepContext) throws -> ImageRunOutput {
    guard let run = runs.first(where: { $0.id == spec.id }) else {
        preconditionFailure("run \(spec.id) is not among the step's runs: the specs come from the same configuration")
    }
    let split = try CatDogSplit(try context.data.catdog(), context: context, subset: subset)
    return try trainImageRun(run, train: split.train, valid: split.valid, context: context).output
}

/// The photos of a run as training draws them: augmented, timing the augmentation.
private final class AugmentedPhotos: LabelledExamples {
    let photos: ImageSet
    let augmentation: Augmentation
    /// Applied after augmentation, as a normalising transform would be.
    let normalisation: ChannelStatistics?
    private var augmentSeconds = 0.0

    init(_ photos: ImageSet, augmentation: Augmentation, normalisation: ChannelStatistics?) {
        self.photos = photos
        self.augmentation = augmentation
        self.normalisation = normalisation
    }

    var count: Int { photos.count }

    func trainingBatch(_ indices: ArraySlice<Int>, rng: inout SeededGenerator) -> Batch<Float> {
        let started = Date()
        var inputs = photos.batch(Array(indices), augmentation: augmentation, rng: &rng)
        normalisation?.normalize(&inputs)
        augmentSeconds += Date().timeIntervalSince(started)
        return Batch(inputs: inputs, labels: indices.map { photos.labels[$0] })
    }

    func batch(_ indices: Range<Int>) -> Batch<Float> { UnaugmentedPhotos(photos, normalisation: normalisation).batch(indices) }

    /// Seconds spent augmenting since the last call.
    func takeAugmentSeconds() -> Double {
        defer { augmentSeconds = 0 }
        return augmentSeconds
    }
}

/// Photos as they are: what evaluation and prediction see.
struct UnaugmentedPhotos: LabelledExamples {
    let photos: ImageSet
    /// The training photos' channel statistics, for a run trained on normalised inputs.
    var normalisation: ChannelStatistics?

    init(_ photos: ImageSet, normalisation: ChannelStatistics? = nil) {
        self.photos = photos
        self.normalisation = normalisation
    }

    var count: Int { photos.count }

    func trainingBatch(_ indices: ArraySlice<Int>, rng: inout SeededGenerator) -> Batch<Float> {
        // The test photos carry no label (Kaggle scores them); prediction reads none.
        let labels = photos.labels.isEmpty ? Array(repeating: 0, count: indices.count) : indices.map { photos.labels[$0] }
        var inputs = photos.batch(Array(indices), augmentation: .none, rng: &rng)
        normalisation?.normalize(&inputs)
        return Batch(inputs: inputs, labels: labels)
    }

    func batch(_ indices: Range<Int>) -> Batch<Float> {
        // No augmentation draws nothing that matters: any generator will do.
        var unused = SeededGenerator(seed: 0)
        return trainingBatch(ArraySlice(indices), rng: &unused)
    }
}

/// A run's checkpoint: the weights, the optimiser, the data order's generator
/// and the curve so far, after every epoch.
private final class ImageRunCheckpointer<Method: Optimizer>: TrainingCheckpointer where Method.Scalar == Float {
    let path: String
    let run: String
    let runKey: String
    /// The framework's key for this run's checkpoints (nil outside a build's run),
    /// saved with each so that a plan can tell whether it will be continued.
    let resumeKey: String?
    let epochs: Int
    let log: (String) -> Void
    let afterCheckpoint: (Int) throws -> Void
    /// The curve so far: restored on resume, extended by each epoch, saved with it.
    var curve: [ImageEpochPoint] = []

    init(path: String, run: String, runKey: String, resumeKey: String?, epochs: Int, log: @escaping (String) -> Void,
         afterCheckpoint: @escaping (Int) throws -> Void) {
        self.path = path
        self.run = run
        self.runKey = runKey
        self.resumeKey = resumeKey
        self.epochs = epochs
        self.log = log
        self.afterCheckpoint = afterCheckpoint
    }

    func resume(_ trainer: ModelTrainer<Method>, rng: inout SeededGenerator) throws -> Int {
        guard let saved = Checkpoint<[ImageEpochPoint]>.read(path, warn: log),
              saved.metadata.runKey == runKey, saved.metadata.epochsDone <= epochs else { return 0 }
        try saved.restore(into: trainer.model, optimizer: trainer.optimizer)
        rng = saved.metadata.rng
        curve = saved.metadata.progress
        log("  \(run): continuing after epoch \(saved.metadata.epochsDone) from its checkpoint")
        return saved.metadata.epochsDone
    }

    func save(epoch: Int, _ trainer: ModelTrainer<Method>, rng: SeededGenerator) throws {
        let state = Checkpoint<[ImageEpochPoint]>.state(of: trainer.model, optimizer: trainer.optimizer)
        var checkpoint = Checkpoint(runKey: runKey, epochsDone: epoch, rng: rng, progress: curve, tensors: state)
        checkpoint.metadata.optimizerSteps = Checkpoint<[ImageEpochPoint]>.steps(of: trainer.optimizer)
        checkpoint.metadata.resumeKey = resumeKey
        try checkpoint.write(to: path)
        try afterCheckpoint(epoch)
    }
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

/// An epoch's point of the curve: its training figures, then the validation
/// split's loss and accuracy on un-augmented photos.
private func epochPoint(
    _ fitted: FittedEpoch, _ config: ImageRunConfig, model: Sequential<Float>, valid: UnaugmentedPhotos?,
    augmentSeconds: Double, context: StepContext
) -> ImageEpochPoint {
    let validResult = valid.map { evaluate(model, on: $0, batchSize: 250) }
    context.progress.log(String(
        format: "  %@ epoch %d: train loss %.4f acc %.4f%@ (%.0fs, augmentation %.0f%%)", config.id, fitted.epoch,
        fitted.seen.meanLoss, fitted.seen.accuracy,
        validResult.map { String(format: ", valid loss %.4f acc %.4f", $0.meanLoss, $0.accuracy) } ?? "",
        fitted.seconds, 100 * augmentSeconds / fitted.seconds))
    return ImageEpochPoint(
        epoch: fitted.epoch, trainLoss: fitted.seen.meanLoss, trainAccuracy: fitted.seen.accuracy,
        validLoss: validResult?.meanLoss, validAccuracy: validResult?.accuracy,
        trainSeconds: fitted.seconds, augmentSeconds: augmentSeconds)
}

/// Class probabilities on un-augmented photos, [n, classes].
func predictImages(_ model: Sequential<Float>, _ set: ImageSet) -> Tensor<Float> {
    predictProbabilities(model, on: UnaugmentedPhotos(set), batchSize: 250)
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
        case .vgg, .vggBatchNorm, .vggDropout: .catDogVGG
        case .resnetBatchNorm: .resNet(batchNorm: true, width: run.width)
        case .resnetPlain: .resNet(batchNorm: false, width: run.width)
        }
        // A longer run continues a shorter one's checkpoint (the rate is constant):
        // its checkpoints depend on everything but the epoch count.
        var trajectory = run
        trajectory.epochs = 0
        return RunSpec(
            id: run.id, configuration: KeyMaterial(run: run, subset: subset, numerics: run.architecture.numericsVersion),
            cost: RunCost(network: network, epochs: run.epochs, batchSize: run.batchSize, trainSamples: train,
                          evaluatedSamples: evaluated,
                          finalSamples: run.trainOnAll ? CatDogData.countTestFiles(options.catdogPath) : 0),
            resumeConfiguration: KeyMaterial(run: trajectory, subset: subset, numerics: run.architecture.numericsVersion))
    }
}

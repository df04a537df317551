import Checksums
import Datasets
import Foundation
import Learning
import Tensor
import XCTest
@testable import ReportKit
@testable import Sections

/// Every registered step's real `run`, as `report build` calls it (through the
/// builder, which keys, saves and reads back each result), under the quick
/// profile on data written by the test: a tiny `mnist.pkl.gz` and a tiny
/// cats-vs-dogs folder. The quick profile's subsets are larger than these
/// files, so the files' sizes are what keeps the runs small; the profile's
/// configuration, hence every cache key, is the one `report build --profile quick` uses.
/// Each case then checks what its step's output must satisfy.
final class StepSmokeTests: XCTestCase {
    /// The checks, one per step id. A step added to the registry without one
    /// fails `testEveryRegisteredStepHasASmokeCase`.
    static let cases: [String: (SmokeBuild) throws -> Void] = [
        P1ModelStep.id: checkModel, P1InitStep.id: checkInit, P1HyperparameterStep.id: checkHyperparameters,
        P1GradientCheckStep.id: checkGradients, P2CNNStep.id: checkCNN, P3TrainStep.id: checkTrain,
        P3TuningStep.id: checkTuning, P3SubmissionStep.id: checkSubmission, P3ResNetStep.id: checkResNet,
        P3VisualizeStep.id: checkVisualize, P3ConjecturesStep.id: checkConjectures,
    ]

    /// One build for all cases: the later steps read the earlier ones' saved
    /// results, and building once keeps the class's time to one pass over the steps.
    static let build = Result { try SmokeBuild() }

    override class func tearDown() {
        SmokeBuild.removeDirectories()
        super.tearDown()
    }

    func testEveryRegisteredStepHasASmokeCase() {
        XCTAssertEqual(Set(Self.cases.keys), Set(StepRegistry.all.map(\.id)))
    }

    /// Every step ran (none was skipped for want of data), every run of a
    /// runnable step saved its result, and every saved result is current and
    /// decodes: a second build would reuse them all.
    func testEveryStepRanAndItsResultIsCurrent() throws {
        let build = try Self.build.get()
        XCTAssertEqual(build.decisions.map(\.step), StepRegistry.all.map(\.id))
        for decision in build.decisions { XCTAssertTrue(decision.ran, "\(decision.step): \(decision.reason)") }
        for status in build.statuses { XCTAssertEqual(status.state, .fresh, "\(status.step): \(status.reason)") }
        let runs = RunStore(reportsDirectory: build.options.reportsDirectory)
        for step in StepRegistry.all {
            for spec in step.runs(build.options) {
                let header = runs.header(step: step.id, run: spec.id)
                XCTAssertEqual(header?.epochsTrained, spec.cost.epochs, "\(step.id) run \(spec.id)")
            }
        }
    }

    func testP1Model() throws { try smoke(P1ModelStep.id) }
    func testP1Init() throws { try smoke(P1InitStep.id) }
    func testP1Hyperparameters() throws { try smoke(P1HyperparameterStep.id) }
    func testP1GradientCheck() throws { try smoke(P1GradientCheckStep.id) }
    func testP2CNN() throws { try smoke(P2CNNStep.id) }
    func testP3Train() throws { try smoke(P3TrainStep.id) }
    func testP3Tuning() throws { try smoke(P3TuningStep.id) }
    func testP3Submission() throws { try smoke(P3SubmissionStep.id) }
    func testP3ResNet() throws { try smoke(P3ResNetStep.id) }
    func testP3Visualize() throws { try smoke(P3VisualizeStep.id) }
    func testP3Conjectures() throws { try smoke(P3ConjecturesStep.id) }

    private func smoke(_ id: String) throws {
        let build = try Self.build.get()
        let check = try XCTUnwrap(Self.cases[id], "no smoke case for \(id)")
        try check(build)
    }
}

/// The generated data, the options and the outcome of the one build.
final class SmokeBuild {
    /// Few digits: the quick profile's subsets (5,000 / 1,000 / 1,000, and
    /// 3,000 / 1,000 for p2.cnn) keep them all, and SmallVGGNet, unoptimised in
    /// a debug build, costs about a tenth of a second per digit it trains on.
    /// 20 training digits still make 3 the one most frequent label (3 of 20).
    static let digitCounts = (train: 20, valid: 10, test: 10)
    /// The quick profile uses 3 % of the photos: of a class's 85, the 68 of
    /// the 80 % training part keep round(2.04) = 2, the 17 of the validation
    /// part round(0.51) = 1 (fewer photos would leave the validation split empty).
    static let photosPerClass = 85, testPhotos = 3
    static let expectedSplit = (train: 4, valid: 2)

    private static var directories: [TemporaryDirectory] = []
    static func removeDirectories() { directories.forEach { $0.remove() } }

    let options: BuildOptions
    let digits: [SyntheticDigits.Split]
    let decisions: [ReportBuilder.Decision]
    let statuses: [ReportBuilder.Status]

    init() throws {
        let directory = TemporaryDirectory("step-smoke")
        Self.directories.append(directory)
        let counts = Self.digitCounts
        digits = try SyntheticDigits.write(in: directory.file("data"), train: counts.train, valid: counts.valid, test: counts.test)
        CatDogPhotos.write(in: directory.file("catdog"), folders: [
            ("trainset/Cat", Self.photosPerClass), ("trainset/Dog", Self.photosPerClass), ("testset/test", Self.testPhotos),
        ])
        var options = BuildOptions()
        options.profile = .quick
        options.dataDirectory = directory.file("data")
        options.catdogDirectory = directory.file("catdog")
        options.reportsDirectory = directory.file("reports")
        options.quiet = true
        options.calibratesRuns = false
        self.options = options
        let builder = ReportBuilder(options: options, progress: CapturedLog().reporter)
        decisions = try builder.build()
        statuses = builder.status()
    }

    /// A step's result as read back from its file (a fresh store: nothing cached).
    func load<S: ReportStep>(_ step: S.Type) throws -> StepRecord<S.Config, S.Output> {
        let record = try ResultsStore(directory: options.resultsDirectory).load(step)
        // The saved configuration is the quick profile's, so the checks below compare with what was asked for.
        XCTAssertEqual(try JSONCoding.encode(record.config), try JSONCoding.encode(S().config(for: options)), S.id)
        XCTAssertEqual(record.header.profile, .quick, S.id)
        return record
    }

    func file(_ relative: String) -> String { options.reportsDirectory + "/" + relative }
}

// MARK: Shared checks

/// One point per configured epoch, numbered from 1, with accuracies (fractions) and losses that are numbers.
func assertDigitCurve(_ curve: [EpochPoint], epochs: Int, _ what: String, line: UInt = #line) {
    XCTAssertEqual(curve.map(\.epoch), Array(1...max(epochs, 1)), what, line: line)
    for point in curve {
        XCTAssertTrue((0...1).contains(point.accuracy), "\(what) epoch \(point.epoch): accuracy \(point.accuracy)", line: line)
        XCTAssertTrue(point.loss.isFinite && point.loss >= 0, "\(what) epoch \(point.epoch): loss \(point.loss)", line: line)
        XCTAssertTrue(point.exactLoss.isFinite && point.exactLoss >= 0, "\(what) epoch \(point.epoch): loss \(point.exactLoss)", line: line)
    }
}

/// A cats-vs-dogs run trained from scratch for its configured epochs, accuracies as fractions.
func assertImageRun(_ run: ImageRunOutput, validated: Bool, line: UInt = #line) {
    let what = run.config.id
    XCTAssertEqual(run.curve.map(\.epoch), Array(1...max(run.config.epochs, 1)), what, line: line)
    XCTAssertEqual(run.resumedFromEpoch, 0, what, line: line)
    XCTAssertGreaterThan(run.parameters, 0, what, line: line)
    for point in run.curve {
        XCTAssertTrue(point.trainLoss.isFinite && point.trainLoss >= 0, "\(what): train loss \(point.trainLoss)", line: line)
        XCTAssertTrue((0...1).contains(point.trainAccuracy), "\(what): train accuracy \(point.trainAccuracy)", line: line)
        XCTAssertEqual(point.validAccuracy != nil, validated, "\(what): validation accuracy \(String(describing: point.validAccuracy))", line: line)
        if let accuracy = point.validAccuracy { XCTAssertTrue((0...1).contains(accuracy), "\(what): valid accuracy \(accuracy)", line: line) }
        if let loss = point.validLoss { XCTAssertTrue(loss.isFinite && loss >= 0, "\(what): valid loss \(loss)", line: line) }
    }
}

/// Weights and biases of a fully connected 784-…-10 network.
func mlpParameters(_ hidden: [Int]) -> Int {
    let sizes = [784] + hidden + [10]
    return zip(sizes, sizes.dropFirst()).map { $0 * $1 + $1 }.reduce(0, +)
}

// MARK: Problems 1 and 2

extension StepSmokeTests {
    static func checkModel(_ build: SmokeBuild) throws {
        let record = try build.load(P1ModelStep.self)
        let expected = mlpParameters(record.config.hidden)
        XCTAssertEqual(record.output.totalParameters, expected)
        XCTAssertEqual(record.output.layers.map(\.parameters).reduce(0, +), expected)
        // A Dense per weight matrix with a ReLU between each two.
        XCTAssertEqual(record.output.layers.count, 2 * record.config.hidden.count + 1)
        XCTAssertEqual(record.output.layers.map(\.outputShape), record.config.hidden.flatMap { [[$0], [$0]] } + [[10]])
    }

    static func checkInit(_ build: SmokeBuild) throws {
        let record = try build.load(P1InitStep.self)
        let output = record.output
        let train = build.digits[0]
        let kept = min(record.config.subset.train ?? train.count, train.count)
        XCTAssertEqual(output.trainExamples, kept)
        XCTAssertEqual(output.runs.map(\.config), record.config.runs)
        for run in output.runs {
            assertDigitCurve(run.curve, epochs: run.config.epochs, run.config.id)
            XCTAssertEqual(run.parameters, mlpParameters(run.config.hidden), run.config.id)
        }
        // The fixture's labels make 3 the one most frequent class.
        let threes = train.labels.prefix(kept).filter { $0 == 3 }.count
        XCTAssertEqual(output.majorityClass, 3)
        XCTAssertEqual(output.majorityClassShare, Double(threes) / Double(kept), accuracy: 1e-12)
        // Zero weights leave every hidden unit at 0, so only the output biases
        // learn, towards the class frequencies: the network answers the
        // majority class for every image, epoch after epoch.
        let zero = try XCTUnwrap(output.runs.first { $0.config.initializer == .zero })
        for point in zero.curve { XCTAssertEqual(point.accuracy, output.majorityClassShare, accuracy: 1e-12, "epoch \(point.epoch)") }
        // The others train: a batch of 200 holds every training digit, so each
        // epoch is one step of gradient descent at lr 0.001, which lowers the
        // loss on those same digits (a step that did not move the weights would leave it equal).
        for run in output.runs where run.config.initializer != .zero {
            let (first, last) = (try XCTUnwrap(run.curve.first).exactLoss, try XCTUnwrap(run.curve.last).exactLoss)
            XCTAssertLessThan(last, first, "\(run.config.id): the training loss did not fall")
        }
    }

    static func checkHyperparameters(_ build: SmokeBuild) throws {
        let record = try build.load(P1HyperparameterStep.self)
        let output = record.output
        XCTAssertEqual(output.runs.map(\.run.config), record.config.runs)
        for result in output.runs {
            let id = result.run.config.id
            assertDigitCurve(result.run.curve, epochs: result.run.config.epochs, id)
            XCTAssertEqual(result.run.parameters, mlpParameters(result.run.config.hidden), id)
            XCTAssertEqual(result.finalValidAccuracy, result.run.curve.last?.accuracy, id)
            XCTAssertTrue((0...1).contains(result.test.accuracy), "\(id): test accuracy \(result.test.accuracy)")
            XCTAssertTrue(result.test.loss.isFinite && result.test.exactLoss.isFinite, "\(id): test loss \(result.test)")
        }
        // The best by final validation accuracy, the earlier on a tie.
        let bestValid = try XCTUnwrap(output.runs.map(\.finalValidAccuracy).max())
        let best = try XCTUnwrap(output.runs.first { $0.finalValidAccuracy == bestValid })
        XCTAssertEqual(output.bestRun, best.run.config.id)
        XCTAssertEqual(output.bestTest.accuracy, best.test.accuracy)
    }

    static func checkGradients(_ build: SmokeBuild) throws {
        let record = try build.load(P1GradientCheckStep.self)
        let output = record.output
        XCTAssertEqual(output.points.map(\.n), record.config.nValues)
        for point in output.points { XCTAssertEqual(point.epsilon, 1 / Double(point.n)) }
        XCTAssertEqual(output.exampleLabel, build.digits[0].labels[output.exampleIndex])
        XCTAssertEqual(output.backpropGradient.count, record.config.weights)
        let scale = try XCTUnwrap(output.backpropGradient.map(abs).max())
        XCTAssertGreaterThan(scale, 0, "every checked gradient is zero: the check would be trivially exact")
        // At the best ε back-propagation and the finite differences agree to
        // about the precision's square root (Double) or better than 1 % (Float).
        let bestDouble = try XCTUnwrap(output.points.map(\.maxDifferenceDouble).min())
        let bestFloat = try XCTUnwrap(output.points.map(\.maxDifferenceFloat).min())
        XCTAssertLessThan(bestDouble / scale, 1e-6, "Double: backprop and finite differences disagree")
        XCTAssertLessThan(bestFloat / scale, 1e-2, "Float: backprop and finite differences disagree")
        XCTAssertLessThan(bestDouble, bestFloat)
    }

    static func checkCNN(_ build: SmokeBuild) throws {
        let record = try build.load(P2CNNStep.self)
        let (config, output) = (record.config, record.output)
        let trainAvailable = build.digits[0].count + build.digits[1].count
        XCTAssertEqual(output.trainExamples, min(config.subset.train ?? trainAvailable, trainAvailable))
        XCTAssertEqual(output.testExamples, min(config.subset.test ?? build.digits[2].count, build.digits[2].count))
        XCTAssertEqual(output.curve.map(\.epoch), Array(0...config.epochs))
        for point in output.curve {
            XCTAssertTrue([point.trainAccuracy, point.testAccuracy].allSatisfy { (0...1).contains($0) }, "epoch \(point.epoch)")
            XCTAssertTrue([point.trainLoss, point.testLoss].allSatisfy { $0.isFinite && $0 >= 0 }, "epoch \(point.epoch)")
            XCTAssertEqual(point.trainSeconds > 0, point.epoch > 0, "epoch \(point.epoch): \(point.trainSeconds) s")
        }
        XCTAssertEqual(output.totalParameters, output.layers.map(\.parameters).reduce(0, +))
        XCTAssertEqual(output.layers.last?.outputShape, [10])
        // Each epoch is one step on all training digits (fewer than a batch): the loss on them falls.
        let (before, trained) = (output.curve[0], try XCTUnwrap(output.curve.last))
        XCTAssertLessThan(trained.trainLoss, before.trainLoss, "SmallVGGNet's training loss did not fall")
        // The comparison: the best MLP as p1.hyperparams saved it, then this network.
        let search = try build.load(P1HyperparameterStep.self).output
        XCTAssertEqual(output.comparison.map(\.testAccuracy), [search.bestTest.accuracy, trained.testAccuracy])
        XCTAssertEqual(output.comparison.map(\.parameters).last, output.totalParameters)
    }
}

// MARK: Problem 3

extension StepSmokeTests {
    static func checkTrain(_ build: SmokeBuild) throws {
        let record = try build.load(P3TrainStep.self)
        let output = record.output
        XCTAssertEqual(output.run.config, record.config.run)
        assertImageRun(output.run, validated: true)
        XCTAssertEqual(output.classes, ["Cat", "Dog"])
        XCTAssertEqual([output.trainCount, output.validCount], [SmokeBuild.expectedSplit.train, SmokeBuild.expectedSplit.valid])
        XCTAssertEqual(output.testCount, SmokeBuild.testPhotos)
        XCTAssertEqual(output.skippedFiles, [])
        XCTAssertEqual(output.layers.map(\.parameters).reduce(0, +), output.run.parameters)
        // The weights are saved for p3.visualize, whose case checks they are the trained network's.
        XCTAssertTrue(FileManager.default.fileExists(atPath: build.file(output.weightsFile)), output.weightsFile)
    }

    static func checkTuning(_ build: SmokeBuild) throws {
        let record = try build.load(P3TuningStep.self)
        let (config, output) = (record.config, record.output)
        XCTAssertEqual(output.runs.map(\.config), config.runs)
        output.runs.forEach { assertImageRun($0, validated: true) }
        XCTAssertEqual(output.tuningTrainCount, SmokeBuild.expectedSplit.train)
        // A row per own run, then one per epoch count read off p3.train's curve.
        XCTAssertEqual(output.rows.count, config.runs.count + config.epochCheckpoints.count)
        for (row, run) in zip(output.rows, output.runs) {
            XCTAssertEqual(row.validAccuracy, run.curve.last?.validAccuracy, run.config.id)
            XCTAssertEqual(row.epochs, run.config.epochs, run.config.id)
        }
        let main = try build.load(P3TrainStep.self).output.run
        for (row, epochs) in zip(output.rows.suffix(config.epochCheckpoints.count), config.epochCheckpoints) {
            XCTAssertEqual(row.validAccuracy, main.curve[epochs - 1].validAccuracy, "after \(epochs) epochs")
        }
    }

    static func checkSubmission(_ build: SmokeBuild) throws {
        let record = try build.load(P3SubmissionStep.self)
        let (config, output) = (record.config, record.output)
        XCTAssertEqual(output.run.config, config.run)
        // Trained on train and valid together: there is nothing to validate on.
        assertImageRun(output.run, validated: false)
        XCTAssertEqual(output.trainCount, Int(Double(2 * SmokeBuild.photosPerClass) * config.schedule.subset))
        XCTAssertEqual(output.rows, SmokeBuild.testPhotos)
        XCTAssertEqual(output.predicted.values.reduce(0, +), output.rows)
        XCTAssertTrue(Set(output.predicted.keys).isSubset(of: ["Cat", "Dog"]), "\(output.predicted)")
        // The file is written, matches its recorded hash, and has a line per test photo, ids from the names.
        let csv = try String(contentsOfFile: build.file(output.file), encoding: .utf8)
        XCTAssertEqual(SHA256.hex(csv), output.sha256)
        let lines = csv.split(separator: "\n")
        XCTAssertEqual(lines.first, "id,label")
        XCTAssertEqual(lines.dropFirst().map { $0.split(separator: ",")[0] }, (1...SmokeBuild.testPhotos).map { "\($0)"[...] })
    }

    static func checkResNet(_ build: SmokeBuild) throws {
        let record = try build.load(P3ResNetStep.self)
        let (config, output) = (record.config, record.output)
        XCTAssertEqual(output.runs.map(\.config), config.runs)
        XCTAssertEqual(output.runs.map(\.config.architecture), [.resnetBatchNorm, .resnetPlain])
        output.runs.forEach { assertImageRun($0, validated: true) }
        XCTAssertEqual([output.trainCount, output.validCount], [SmokeBuild.expectedSplit.train, SmokeBuild.expectedSplit.valid])
        var unused = SeededGenerator(seed: 0)
        for run in output.runs {
            XCTAssertEqual(run.parameters, CatDogModels.make(run.config, rng: &unused).parameterCount, run.config.id)
        }
        XCTAssertGreaterThan(output.layers, 0)
    }

    /// One run per conjecture and two seeds, each the main run with its one
    /// change; the main run itself is read from p3.train over the same epochs.
    static func checkConjectures(_ build: SmokeBuild) throws {
        let record = try build.load(P3ConjecturesStep.self)
        let (config, output) = (record.config, record.output)
        XCTAssertEqual(output.runs.map(\.config), config.runs)
        XCTAssertEqual(output.runs.map(\.config.id), P3Conjecture.allCases.map(\.rawValue))
        output.runs.forEach { assertImageRun($0, validated: true) }
        let byID = Dictionary(uniqueKeysWithValues: output.runs.map { ($0.config.id, $0.config) })
        XCTAssertEqual(byID[P3Conjecture.adam.rawValue]?.optimizer, .adam)
        XCTAssertEqual(byID[P3Conjecture.batchNorm.rawValue]?.architecture, .vggBatchNorm)
        XCTAssertEqual(byID[P3Conjecture.dropout.rawValue]?.architecture, .vggDropout)
        XCTAssertEqual(byID[P3Conjecture.normalisedInputs.rawValue]?.normaliseInputs, true)
        var unused = SeededGenerator(seed: 0)
        for run in output.runs {
            XCTAssertEqual(run.parameters, CatDogModels.make(run.config, rng: &unused).parameterCount, run.config.id)
        }
        let trained = try build.load(P3TrainStep.self).output
        XCTAssertEqual(output.main.curve, Array(trained.run.curve.prefix(config.epochs)))
        XCTAssertEqual([output.trainCount, output.validCount], [SmokeBuild.expectedSplit.train, SmokeBuild.expectedSplit.valid])
        // Different seeds and different changes start elsewhere: no two runs end alike.
        let finals = output.runs.map { $0.curve.last?.trainLoss ?? .nan }
        XCTAssertEqual(Set(finals).count, finals.count, "\(finals)")
    }

    static func checkVisualize(_ build: SmokeBuild) throws {
        let record = try build.load(P3VisualizeStep.self)
        let (config, output) = (record.config, record.output)
        let trained = try build.load(P3TrainStep.self).output
        XCTAssertEqual(output.classes, trained.classes)
        XCTAssertEqual(output.validCount, trained.validCount)
        // The saved weights are the trained network's: they score the validation photos as training last did.
        XCTAssertEqual(output.validAccuracy, try XCTUnwrap(trained.run.curve.last?.validAccuracy), accuracy: 1e-12)
        XCTAssertEqual(output.confusion.flatMap { $0 }.reduce(0, +), output.validCount)
        let diagonal = output.confusion.indices.map { output.confusion[$0][$0] }.reduce(0, +)
        XCTAssertEqual(Double(diagonal) / Double(output.validCount), output.validAccuracy, accuracy: 1e-12)
        XCTAssertEqual(output.reliability.count, config.reliabilityBins)
        XCTAssertEqual(output.reliability.map(\.count).reduce(0, +), output.validCount)
        XCTAssertTrue((0...1).contains(output.expectedCalibrationError), "ECE \(output.expectedCalibrationError)")
        for (c, shown) in output.confusing.enumerated() {
            XCTAssertLessThanOrEqual(shown.count, config.perClass)
            XCTAssertTrue(shown.allSatisfy { $0.label == output.classes[c] })
        }
        // Kernels and feature maps have the first convolution's shape.
        let first = try XCTUnwrap(trained.layers.first)
        XCTAssertEqual(output.firstLayerKernels.shape, [first.outputShape[0], 3, 3, 3])
        XCTAssertEqual(output.featureMaps.shape, first.outputShape)
        XCTAssertEqual(output.featureMaps.values.count, first.outputShape.reduce(1, *))
        let block = min(config.lastLayerBlock, output.lastLayerShape[0])
        XCTAssertEqual(output.lastLayerKernels.shape, [block, min(config.lastLayerBlock, output.lastLayerShape[1])] + output.lastLayerShape.suffix(2))
        XCTAssertEqual(output.featureMapImage.probabilities.reduce(0, +), 1, accuracy: 1e-5)
    }
}

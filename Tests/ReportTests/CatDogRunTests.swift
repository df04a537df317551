import Foundation
import Learning
import XCTest
@testable import ReportKit
@testable import Sections

/// Problem 3 runs on a tiny photo folder written by the test: a run stopped
/// after a checkpoint (as a kill would stop it) and resumed gives exactly the
/// result of a run never stopped; the visualisation is reproducible.
final class CatDogRunTests: XCTestCase {
    var directory: TemporaryDirectory!
    override func setUp() { directory = TemporaryDirectory("resume") }
    override func tearDown() { directory.remove() }

    struct Stopped: Error {}

    /// A tiny folder in the course's layout: 8 cats, 8 dogs, 2 test photos of 16×16.
    func writePhotos() -> String { CatDogPhotos.write(in: directory.file("catdog")) }

    func context(reports: String, photos: String) -> StepContext {
        var options = BuildOptions()
        options.reportsDirectory = directory.file(reports)
        options.catdogDirectory = photos
        options.quiet = true
        return StepContext(options: options, data: DataCatalog(options: options), store: ResultsStore(directory: options.resultsDirectory),
                           progress: CapturedLog().reporter, stepID: "p3.resume-test")
    }

    func testKilledRunResumesToTheUninterruptedResult() throws {
        let photos = writePhotos()
        let config = ImageRunConfig(id: "tiny", architecture: .resnetPlain, learningRate: 0.05, batchSize: 4, epochs: 3, width: 0.0625)
        let whole = context(reports: "whole", photos: photos)
        let split = try CatDogSplit(try whole.data.catdog(), context: whole, subset: 1)
        XCTAssertEqual(split.train.count, 12)
        let uninterrupted = try trainImageRun(config, train: split.train, valid: split.valid, context: whole)

        let killed = context(reports: "killed", photos: photos)
        XCTAssertThrowsError(try trainImageRun(config, train: split.train, valid: split.valid, context: killed) { epoch in
            if epoch == 2 { throw Stopped() }
        })
        let checkpoint = directory.file("killed/.checkpoints/p3.resume-test-tiny.ckpt")
        XCTAssertTrue(FileManager.default.fileExists(atPath: checkpoint))
        let resumed = try trainImageRun(config, train: split.train, valid: split.valid, context: killed)

        XCTAssertEqual(resumed.output.resumedFromEpoch, 2)
        XCTAssertEqual(uninterrupted.output.resumedFromEpoch, 0)
        func strip(_ curve: [ImageEpochPoint]) -> [[Double?]] {
            curve.map { [Double($0.epoch), $0.trainLoss, $0.trainAccuracy, $0.validLoss, $0.validAccuracy] }
        }
        XCTAssertEqual(strip(resumed.output.curve), strip(uninterrupted.output.curve))
        for (a, b) in zip(resumed.model.parameters, uninterrupted.model.parameters) {
            XCTAssertEqual(a.value.scalars, b.value.scalars, "parameter \(a.name) differs after resuming")
        }
    }

    func testACheckpointOfAnotherConfigurationIsNotUsed() throws {
        let photos = writePhotos()
        var config = ImageRunConfig(id: "tiny", architecture: .resnetPlain, learningRate: 0.05, batchSize: 4, epochs: 2, width: 0.0625)
        let run = context(reports: "run", photos: photos)
        let split = try CatDogSplit(try run.data.catdog(), context: run, subset: 1)
        XCTAssertThrowsError(try trainImageRun(config, train: split.train, valid: split.valid, context: run) { _ in throw Stopped() })
        config.learningRate = 0.01
        let fresh = try trainImageRun(config, train: split.train, valid: split.valid, context: run)
        XCTAssertEqual(fresh.output.resumedFromEpoch, 0)
    }

    /// A run's checkpoints carry the resume key the framework gave the run, so
    /// that a plan can tell, without decoding photos, whether it will be continued.
    func testCheckpointsCarryTheRunsResumeKey() throws {
        let photos = writePhotos()
        let config = ImageRunConfig(id: "tiny", architecture: .resnetPlain, learningRate: 0.05, batchSize: 4, epochs: 2, width: 0.0625)
        let run = context(reports: "run", photos: photos)
        run.setResumeKey("key of this setting", ofRun: "tiny")
        let split = try CatDogSplit(try run.data.catdog(), context: run, subset: 1)
        XCTAssertThrowsError(try trainImageRun(config, train: split.train, valid: split.valid, context: run) { _ in throw Stopped() })
        let reports = directory.file("run")
        XCTAssertEqual(Checkpoints.epochsDone(reportsDirectory: reports, step: "p3.resume-test", run: "tiny", resumeKey: "key of this setting"), 1)
        XCTAssertNil(Checkpoints.epochsDone(reportsDirectory: reports, step: "p3.resume-test", run: "tiny", resumeKey: "another setting's"))
    }

    /// What a run's checkpoints depend on: everything in its key but the epoch count.
    func testResumeMaterialIgnoresOnlyTheEpochCount() {
        let options = BuildOptions()
        var config = ImageRunConfig(id: "vgg", architecture: .vgg, learningRate: 0.1, batchSize: 128, epochs: 10)
        let ten = ImageRunSpec.make(config, subset: 1, options: options)
        config.epochs = 35
        let thirtyFive = ImageRunSpec.make(config, subset: 1, options: options)
        XCTAssertNotEqual(ten.keyMaterial, thirtyFive.keyMaterial)
        XCTAssertNotNil(ten.resumeMaterial)
        XCTAssertEqual(ten.resumeMaterial, thirtyFive.resumeMaterial)
        XCTAssertNotEqual(ImageRunSpec.make(config, subset: 0.5, options: options).resumeMaterial, thirtyFive.resumeMaterial)
        config.learningRate = 0.05
        XCTAssertNotEqual(ImageRunSpec.make(config, subset: 1, options: options).resumeMaterial, thirtyFive.resumeMaterial)
    }

    func testALongerRunContinuesAShorterOneToTheSameResult() throws {
        let photos = writePhotos()
        var config = ImageRunConfig(id: "tiny", architecture: .resnetPlain, learningRate: 0.05, batchSize: 4, epochs: 3, width: 0.0625)
        let whole = context(reports: "whole", photos: photos)
        let split = try CatDogSplit(try whole.data.catdog(), context: whole, subset: 1)
        let direct = try trainImageRun(config, train: split.train, valid: split.valid, context: whole)

        let staged = context(reports: "staged", photos: photos)
        config.epochs = 2
        let short = try trainImageRun(config, train: split.train, valid: split.valid, context: staged)
        XCTAssertEqual(short.output.curve.map(\.trainLoss), Array(direct.output.curve.prefix(2).map(\.trainLoss)))
        config.epochs = 3
        let longer = try trainImageRun(config, train: split.train, valid: split.valid, context: staged)
        XCTAssertEqual(longer.output.resumedFromEpoch, 2)
        XCTAssertEqual(longer.output.curve.map(\.validAccuracy), direct.output.curve.map(\.validAccuracy))
        XCTAssertEqual(longer.output.curve.map(\.trainLoss), direct.output.curve.map(\.trainLoss))
        for (a, b) in zip(longer.model.parameters, direct.model.parameters) {
            XCTAssertEqual(a.value.scalars, b.value.scalars, "parameter \(a.name) differs")
        }
        // A checkpoint further along than the run asks for is not used.
        config.epochs = 1
        XCTAssertEqual(try trainImageRun(config, train: split.train, valid: split.valid, context: staged).output.resumedFromEpoch, 0)
    }

    /// The visualisation step, run twice on the same saved network and photo,
    /// saves the same feature maps and draws a byte-identical figure.
    func testFeatureMapsAreIdenticalOnTwoRuns() throws {
        let photos = writePhotos()
        let config = ImageRunConfig(id: "tiny", architecture: .resnetPlain, learningRate: 0.05, batchSize: 4, epochs: 1, width: 0.0625)
        let run = context(reports: "vis", photos: photos)
        let split = try CatDogSplit(try run.data.catdog(), context: run, subset: 1)
        let (output, model) = try trainImageRun(config, train: split.train, valid: split.valid, context: run)
        try ModelFile.save(model, to: directory.file("vis/models/p3.train.ckpt"))
        var trained = P3Fixtures.train()
        trained.config.run = config
        trained.output.run = output
        trained.output.weightsFile = "models/p3.train.ckpt"
        try run.store.save(trained)

        let step = P3VisualizeStep()
        var options = run.options
        options.visualizedImage = "5.Dog.jpg"
        let first = try step.run(step.config(for: options), context: run)
        let second = try step.run(step.config(for: options), context: context(reports: "vis", photos: photos))
        XCTAssertEqual(first.featureMapImage.name, "5.Dog.jpg")
        XCTAssertEqual(first.featureMaps.shape, [4, 64, 64])
        XCTAssertEqual(first.featureMaps.values, second.featureMaps.values)
        XCTAssertEqual(first.confusion.flatMap { $0 }.reduce(0, +), split.valid.count)

        let store = run.store
        try store.save(StepRecord(header: P1Fixtures.header(P3VisualizeStep.id), config: step.config(for: options), output: first))
        let figure = try FigureRegistry.figure(named: "p3-feature-maps")
        let renderer = FigureRenderer(store: store, directory: directory.file("vis/figures"))
        let png = try renderer.render(figure, formats: [.png], out: directory.file("a.png"))[0]
        try store.save(StepRecord(header: P1Fixtures.header(P3VisualizeStep.id), config: step.config(for: options), output: second))
        let again = try renderer.render(figure, formats: [.png], out: directory.file("b.png"))[0]
        XCTAssertEqual(FileManager.default.contents(atPath: png), FileManager.default.contents(atPath: again))
    }
}

import Foundation
import XCTest
@testable import ReportKit
@testable import Sections

/// Problem 3's sections and figures, from made-up results with known values.
final class P3AssemblyTests: XCTestCase {
    var directory: TemporaryDirectory!
    override func setUp() { directory = TemporaryDirectory("p3-assembly") }
    override func tearDown() { directory.remove() }

    func assemble() throws -> ReportAssembler.Output {
        try ReportAssembler(options: options(reports: directory.path), templatesDirectory: templatesDirectory,
                            progress: CapturedLog().reporter)
            .assemble(standalone: false, formats: [.png])
    }

    func testEveryProblem3SectionAndFigureFromSavedResults() throws {
        try P3Fixtures.writeAll(reports: directory.path)
        let output = try assemble()
        let markdown = output.markdown
        XCTAssertTrue(Set(output.missingSections).isDisjoint(with: SectionRegistry.all.map(\.id).filter { $0.hasPrefix("p3-") }), "\(output.missingSections)")
        for figure in FigureRegistry.all where figure.name.hasPrefix("p3-") {
            XCTAssertTrue(markdown.contains("](figures/\(figure.name).png)"), "figure \(figure.name) is not in the report")
            XCTAssertTrue(FileManager.default.fileExists(atPath: directory.file("figures/\(figure.name).png")))
        }
        XCTAssertFalse(markdown.contains("{{"))
        // The shortened schedule is labelled, with the original's epoch count.
        XCTAssertTrue(markdown.contains("**Shortened schedule.**"))
        XCTAssertTrue(markdown.contains("instead of the original's 35"))
        // Counts and the skipped file come from the result.
        XCTAssertTrue(markdown.contains("16,000 training and 4,000 validation photos"), markdown)
        XCTAssertTrue(markdown.contains("trainset/Cat/bad.jpg: not a JPEG"))
        // Tuning: the reference rerun and the slow small learning rate.
        XCTAssertTrue(markdown.contains("The reference setting reaches 70.00\u{00A0}%"), markdown)
        XCTAssertTrue(markdown.contains("None of the changes beats the setting of section 3.1, at 70.00\u{00A0}% after 2 epochs. With a learning rate of 0.005 the network is still far behind"), markdown)
        XCTAssertFalse(markdown.contains("left the plateau"))
        // Submission and ResNet.
        XCTAssertTrue(markdown.contains("2,400 × Cat, 2,599 × Dog"), markdown)
        XCTAssertTrue(markdown.contains("With batch normalisation the network ends 14.00\u{00A0}pts ahead"), markdown)
    }

    /// ResNet-18 multiply-adds per 64×64 photo at `width`, from its layer list
    /// written out by hand: stem, four stages of two blocks (stages 2–4 halve
    /// the side and project the shortcut), then the 2-way dense layer.
    func resNet18MultiplyAdds(width: Double) -> Int {
        let channels = [64, 128, 256, 512].map { max(4, Int((Double($0) * width).rounded())) }
        var total = 64 * 64 * channels[0] * 3 * 9, previous = channels[0], side = 64
        for (stage, c) in channels.enumerated() {
            if stage > 0 { side /= 2; total += side * side * c * previous }
            total += side * side * c * previous * 9 + side * side * c * c * 9 + 2 * side * side * c * c * 9
            previous = c
        }
        return total + previous * 2
    }

    /// A reduced width says what the original's would cost, from this build's median BatchNorm epoch.
    func testTheResNetAppendixSaysWhatTheFullWidthWouldCost() throws {
        try P3Fixtures.writeAll(reports: directory.path)
        let markdown = try assemble().markdown
        let schedule = P3Fixtures.schedule
        let factor = Double(resNet18MultiplyAdds(width: 1)) / Double(resNet18MultiplyAdds(width: schedule.resnetWidth))
        let hours = Int((factor * 100 * Double(schedule.resnetEpochs) / 3600).rounded())
        XCTAssertTrue(markdown.contains(
            "A full-width epoch has \(Int(factor.rounded())) times the multiply-adds of this one: its \(schedule.resnetEpochs) epochs "
            + "would take about \(hours) hours at the pace of these runs, and `report build --resnet-width 1` trains it."),
            markdown)
    }

    /// Runs that all sit on the 50 % plateau cannot be ranked, and the text says only that.
    func testTuningRunsOnThePlateauAreNotRanked() throws {
        try P3Fixtures.writeAll(reports: directory.path)
        var tuning = P3Fixtures.tuning()
        for i in tuning.output.rows.indices { tuning.output.rows[i].validAccuracy = 0.5 + 0.001 * Double(i) }
        try ResultsStore(directory: directory.file("results")).save(tuning)
        let markdown = try assemble().markdown
        XCTAssertTrue(markdown.contains("In this budget none of these runs has clearly left the plateau"), markdown)
        XCTAssertFalse(markdown.contains("None of the changes beats"))
        XCTAssertFalse(markdown.contains("The best of these runs"))
    }

    /// The original's schedule: no reference run of its own, so the main run
    /// after as many epochs is the reference; the changes are ranked, beside
    /// the original's values from its baseline.
    func originalScheduleTuning(batch256: Double) -> StepRecord<P3TuningStep.Config, P3TuningStep.Output> {
        let flat = { (final: Double) in P3Fixtures.curve(Array(repeating: (0.6, 0.6), count: 34) + [(0.7, final)]) }
        let runs = [
            P3Fixtures.run("vgg_lr0.1_bs256", batch: 256, curve: flat(batch256)),
            P3Fixtures.run("vgg_lr0.05_bs128", lr: 0.05, curve: flat(0.805)),
            P3Fixtures.run("vgg_lr0.005_bs128", lr: 0.005, curve: flat(0.6112)),
        ]
        let rows = [
            P3TuningStep.Row(parameter: .batchSize, value: "256", validAccuracy: batch256, epochs: 35, source: "own run"),
            P3TuningStep.Row(parameter: .learningRate, value: "0.05", validAccuracy: 0.805, epochs: 35, source: "own run"),
            P3TuningStep.Row(parameter: .learningRate, value: "0.005", validAccuracy: 0.6112, epochs: 35, source: "own run"),
            P3TuningStep.Row(parameter: .epochs, value: "15", validAccuracy: 0.7655, epochs: 15, source: "p3.train after epoch 15"),
            P3TuningStep.Row(parameter: .epochs, value: "35", validAccuracy: 0.8508, epochs: 35, source: "p3.train after epoch 35"),
        ]
        return StepRecord(
            header: P1Fixtures.header(P3TuningStep.id, profile: .original),
            config: .init(runs: runs.map(\.config), epochCheckpoints: [15, 35], schedule: P3Schedule.forProfile(.original)),
            output: .init(rows: rows, runs: runs, tuningTrainCount: 15_998))
    }

    func testOriginalScheduleTuningIsRankedAgainstTheMainRunAndTheOriginal() throws {
        _ = try writeResultsBesideTheOriginal()
        let results = ResultsStore(directory: directory.file("results"))
        try results.save(originalScheduleTuning(batch256: 0.7847))
        var markdown = try assemble().markdown
        let nbsp = "\u{00A0}"
        XCTAssertTrue(markdown.contains("| batch size | 256 | 35 | 78.47\(nbsp)% | 75.71\(nbsp)% | own run |"), markdown)
        XCTAssertTrue(markdown.contains("| epochs | 15 | 15 | 76.55\(nbsp)% | 76.76\(nbsp)% | main run |"), markdown)
        XCTAssertTrue(markdown.contains("None of the changes beats the setting of section 3.1, at 85.08\(nbsp)% after 35 epochs."), markdown)
        XCTAssertTrue(markdown.contains(
            "Ranked by validation accuracy: a learning rate of 0.05 (80.50\(nbsp)%), then batches of 256 (78.47\(nbsp)%), then a learning rate of 0.005 (61.12\(nbsp)%). The original ranked these changes in the same order (83.04\(nbsp)%, 75.71\(nbsp)%, 63.93\(nbsp)%"), markdown)
        XCTAssertFalse(markdown.contains("The best of these runs"))
        XCTAssertTrue(markdown.contains("The dashed line is the main run of section 3.1 over the same epochs."), markdown)
        // The figure draws the main run beside the three changes.
        let keys = try P3Figures.tuning.draw(results).allAxes.flatMap(\.keyedLines).map(\.key)
        XCTAssertEqual(keys.last, "p3.train.vgg_lr0.1_bs128.valid.accuracy")
        XCTAssertEqual(keys.count, 4)

        try results.save(originalScheduleTuning(batch256: 0.86))
        markdown = try assemble().markdown
        XCTAssertTrue(markdown.contains("The best of these runs is batch size 256, at 86.00\(nbsp)%."), markdown)
        XCTAssertTrue(markdown.contains(
            "The original ranked them differently: a learning rate of 0.05 (83.04\(nbsp)%), then batches of 256 (75.71\(nbsp)%), then a learning rate of 0.005 (63.93\(nbsp)%)."), markdown)
    }

    /// The fixtures' results beside the committed original baseline; returns the baseline store.
    func writeResultsBesideTheOriginal() throws -> BaselineStore {
        try P3Fixtures.writeAll(reports: directory.path)
        let root = URL(fileURLWithPath: templatesDirectory).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory.file("baselines"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: root + "/reports/baselines/original.json", toPath: directory.file("baselines/original.json"))
        return BaselineStore(directory: directory.file("baselines"))
    }

    /// A 35-epoch validation curve of run metric `prefix` ending at `final` %.
    func longCurve(_ prefix: String, final: Double) -> MetricMap {
        var metrics: MetricMap = [prefix + ".final": Metric(final, .accuracyPercent)]
        for epoch in 1...35 { metrics[MetricName.epoch(prefix, epoch)] = Metric(50 + Double(epoch), .accuracyPercent) }
        return metrics
    }

    /// A saved full-profile run of the main VGG is named where the shortened curve ends.
    func testSectionThreeOneNamesALongerSavedRun() throws {
        let store = try writeResultsBesideTheOriginal()
        let metrics = longCurve("p3.train.vgg_lr0.1_bs128.valid.accuracy", final: 85.5)
        try store.save(Baseline(name: "long-vgg", description: "35 epochs.", profile: "full", metrics: metrics))
        let markdown = try assemble().markdown
        XCTAssertTrue(markdown.contains("The same run continued to 35 epochs is kept as the baseline `long-vgg`: it ends at 85.50\u{00A0}% on the validation photos, against the original's 84.64\u{00A0}%"), markdown)

        try store.save(Baseline(name: "long-vgg", description: "35 epochs.", profile: "default", metrics: metrics))
        XCTAssertFalse(try assemble().markdown.contains("The same run continued"))
    }

    /// Saved 35-epoch ResNet runs are named in the appendix, with both networks' final accuracy.
    func testTheResNetAppendixNamesALongerSavedRun() throws {
        let store = try writeResultsBesideTheOriginal()
        var metrics = longCurve("p3.resnet.resnet-bn_lr0.05_bs128.valid.accuracy", final: 89.25)
            .merging(longCurve("p3.resnet.resnet-plain_lr0.05_bs128.valid.accuracy", final: 80.5)) { $1 }
        metrics["p3.resnet.resnet-bn_lr0.05_bs128.parameters.total"] = Metric(700_000, .count)
        try store.save(Baseline(name: "long-resnet", description: "35 epochs.", profile: "full", metrics: metrics))
        let markdown = try assemble().markdown
        XCTAssertTrue(markdown.contains("Both networks trained for 35 epochs (700,000 parameters with batch normalisation) are kept as the baseline `long-resnet`: with batch normalisation the validation accuracy ends at 89.25\u{00A0}% (the original's full-width network: 91.35\u{00A0}%), without it at 80.50\u{00A0}%"), markdown)
        // The VGG's longer run is a different one: the ResNet's does not stand in for it.
        XCTAssertFalse(markdown.contains("The same run continued"))
    }

    func testVisualizationSectionNamesTheExtremePhotos() throws {
        try P3Fixtures.writeAll(reports: directory.path)
        let markdown = try assemble().markdown
        // Cats closest to ½: 4.Cat (0.49) and 2.Cat (0.52); the cat most confidently called a dog: 3.Cat (0.10).
        XCTAssertTrue(markdown.contains("(probability of Cat between 0.490–0.520)"), markdown)
        XCTAssertTrue(markdown.contains("labelled Dog with the highest probability (up to 0.900)"), markdown)
        // Dogs: 9.Dog has P(cat) = 0.99, the most confident error on dogs.
        XCTAssertTrue(markdown.contains("labelled Cat with the highest probability (up to 0.990)"), markdown)
        // Confusion: cats 3 errors of 6 (0.10, 0.49, 0.30); dogs 3 of 6 (0.51, 0.99, 0.60).
        XCTAssertTrue(markdown.contains("3 of the 6 Cat photos (50.0\u{00A0}%) were labelled Dog"), markdown)
        XCTAssertTrue(markdown.contains("3 of the 6 Dog photos (50.0\u{00A0}%) were labelled Cat"), markdown)
        XCTAssertTrue(markdown.contains("4.Cat.jpg (a Cat), the photo asked for with `--image`"), markdown)
    }
}

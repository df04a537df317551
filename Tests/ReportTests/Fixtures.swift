import Foundation
import Learning
import XCTest
@testable import ReportKit
@testable import Sections

/// A fresh folder under the system's temporary directory, removed by the test's teardown.
final class TemporaryDirectory {
    let path: String

    init(_ name: String = "report-tests") {
        path = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    func file(_ relative: String) -> String { path + "/" + relative }

    func write(_ text: String, to relative: String) {
        let target = file(relative)
        try! FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! text.write(toFile: target, atomically: true, encoding: .utf8)
    }

    func read(_ relative: String) -> String { (try? String(contentsOfFile: file(relative), encoding: .utf8)) ?? "" }
}

/// Everything a progress reporter printed, for assertions.
final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""

    var reporter: ProgressReporter { ProgressReporter(mode: .lines, lineInterval: 0) { [self] in append($0) } }

    func append(_ s: String) { lock.withLock { text += s } }
    var contents: String { lock.withLock { text } }
}

/// The project's templates folder, found from this file's path.
let templatesDirectory: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("templates").path
}()

/// Small, made-up results for the Problem 1 steps, in the shape the steps save.
enum P1Fixtures {
    static func header(_ id: String, profile: Profile = .quick, seconds: Double = 1.5) -> StepHeader {
        StepHeader(
            step: id, title: id, cacheKey: "fixture", codeVersion: 1, profile: profile, seed: 1,
            dataFingerprints: ["digits": "mnist:0123456789abcdef"], wallSeconds: seconds,
            provenance: Provenance(gitCommit: "0123456789abcdef0123", gitDirty: false, createdAt: "2026-01-01T00:00:00Z",
                                   threads: 2, cpuModel: "Test CPU", cores: 2, toolchain: "Swift test"))
    }

    /// Accuracies written in percent, as the original printed them, and saved as fractions, as the steps do.
    static func curve(_ accuracies: [Double], loss: Double = 0.5, exact: Double? = nil) -> [EpochPoint] {
        accuracies.enumerated().map { i, a in
            EpochPoint(epoch: i + 1, accuracy: a / 100, loss: loss / Double(i + 1), exactLoss: (exact ?? loss) / Double(i + 1), trainSeconds: 0.25)
        }
    }

    static func run(_ id: String, _ initializer: Initializer, lr: Double = 0.001, batch: Int = 200,
                    hidden: [Int] = [666, 666], curve: [EpochPoint]) -> MLPRunOutput {
        MLPRunOutput(
            config: MLPRunConfig(id: id, hidden: hidden, initializer: initializer, learningRate: lr, batchSize: batch,
                                 epochs: curve.count),
            curve: curve, parameters: 973_702)
    }

    static func model() -> StepRecord<P1ModelStep.Config, P1ModelStep.Output> {
        // LayerSummary has no public initialiser: decode it, as the report does.
        func layer(_ name: String, _ width: Int, _ parameters: Int) -> LayerSummary {
            let json = "{\"layer\": \"\(name)\", \"outputShape\": [\(width)], \"parameters\": \(parameters)}"
            return try! JSONDecoder().decode(LayerSummary.self, from: Data(json.utf8))
        }
        let layers = [
            layer("Dense 784→666", 666, 522_810), layer("ReLU", 666, 0), layer("Dense 666→666", 666, 444_222),
            layer("ReLU", 666, 0), layer("Dense 666→10", 10, 6_670),
        ]
        return StepRecord(header: header(P1ModelStep.id), config: .init(hidden: [666, 666]),
                          output: .init(layers: layers, totalParameters: 973_702))
    }

    static func initialisation() -> StepRecord<P1InitStep.Config, P1InitStep.Output> {
        let runs = [
            run("zero", .zero, curve: curve([11.356, 11.356], loss: 2.3025)),
            run("normal", .normal, curve: curve([83.52, 86.992], loss: 3.0166, exact: 40)),
            run("glorot", .glorot, curve: curve([47.344, 62.44], loss: 2.0974)),
        ]
        return StepRecord(
            header: header(P1InitStep.id),
            config: .init(runs: runs.map(\.config), subset: DataSubset(train: 5000, valid: nil, test: nil)),
            output: .init(runs: runs, majorityClass: 1, majorityClassShare: 11.356 / 100, trainExamples: 5000))
    }

    static func hyperparameters() -> StepRecord<P1HyperparameterStep.Config, P1HyperparameterStep.Output> {
        func result(_ id: String, lr: Double, batch: Int, hidden: [Int] = [666, 666], _ accuracies: [Double]) -> P1HyperparameterStep.RunResult {
            let r = run(id, .glorot, lr: lr, batch: batch, hidden: hidden, curve: curve(accuracies, loss: 0.3))
            let last = accuracies.last!
            return .init(run: r, finalValidAccuracy: last / 100, test: .init(accuracy: (last - 0.1) / 100, loss: 0.1, exactLoss: 0.1))
        }
        let runs = [
            result("best_lr0.1_bs100", lr: 0.1, batch: 100, [93.59, 97.86]),
            result("lr0.01", lr: 0.01, batch: 100, [88.64, 94.48]),
            result("bs256", lr: 0.01, batch: 256, [82.57, 92.37]),
            result("bs512", lr: 0.01, batch: 512, [76.6, 91.07]),
            result("epochs20", lr: 0.01, batch: 100, [88.44, 90.34, 96.11]),
            result("hidden1024_512", lr: 0.1, batch: 100, hidden: [1024, 512], [94.62, 97.5]),
        ]
        return StepRecord(
            header: header(P1HyperparameterStep.id),
            config: .init(runs: runs.map(\.run.config), subset: DataSubset(train: 5000, valid: 1000, test: 1000)),
            output: .init(runs: runs, bestRun: "best_lr0.1_bs100", bestTest: runs[0].test))
    }

    static func gradientCheck() -> StepRecord<P1GradientCheckStep.Config, P1GradientCheckStep.Output> {
        let ns = [1, 5, 10, 50, 100, 500, 1000, 5000, 10000, 50000, 100000, 500000]
        let points = ns.map { n -> P1GradientCheckStep.Point in
            let e = 1 / Double(n)
            return .init(n: n, epsilon: e, maxDifferenceDouble: 1e-3 * e * e + 2e-16 / e, maxDifferenceFloat: 1e-3 * e * e + 1e-7 / e)
        }
        return StepRecord(
            header: header(P1GradientCheckStep.id),
            config: .init(hidden: [666, 666], nValues: ns, weights: 10),
            output: .init(exampleIndex: 42, exampleLabel: 7, backpropGradient: [0.01, 0, 0.02, 0, 0, 0.003, 0.1, 0, 0.05, 0.002],
                          points: points))
    }

    static func cnn() -> StepRecord<P2CNNStep.Config, P2CNNStep.Output> {
        func layer(_ name: String, _ shape: [Int], _ parameters: Int) -> LayerSummary {
            let json = "{\"layer\": \"\(name)\", \"outputShape\": \(shape), \"parameters\": \(parameters)}"
            return try! JSONDecoder().decode(LayerSummary.self, from: Data(json.utf8))
        }
        let layers = [
            layer("Conv 1→16 3×3 pad 3", [16, 32, 32], 160), layer("ReLU", [16, 32, 32], 0), layer("MaxPool 2×2", [16, 16, 16], 0),
            layer("Flatten", [4096], 0), layer("Dense 4096→10", [10], 40_970),
        ]
        // Accuracies in percent, saved as fractions.
        let curve = [(9.9, 10.3, 2.30), (93.1, 93.3, 0.21), (97.6, 97.4, 0.08)].enumerated().map { i, v in
            P2CNNStep.Point(epoch: i, trainAccuracy: v.0 / 100, trainLoss: v.2, testAccuracy: v.1 / 100, testLoss: v.2 * 1.1,
                            trainSeconds: i == 0 ? 0 : 17)
        }
        return StepRecord(
            header: header(P2CNNStep.id),
            config: .init(learningRate: 0.03, batchSize: 100, epochs: 2, subset: DataSubset(train: 3000, valid: nil, test: 1000)),
            output: .init(layers: layers, totalParameters: 41_130, curve: curve, trainExamples: 3000, testExamples: 1000,
                          comparison: [
                              .init(model: "MLP 784-666-666-10", parameters: 973_702, testAccuracy: 97.7 / 100, testLoss: 0.08, trainingSeconds: 20),
                              .init(model: "SmallVGGNet (CNN)", parameters: 41_130, testAccuracy: 97.4 / 100, testLoss: 0.09, trainingSeconds: 34),
                          ]))
    }

    /// Writes all four P1 results into `<reports>/results/`.
    static func writeAll(reports: String) throws {
        let store = ResultsStore(directory: reports + "/results")
        try store.save(model())
        try store.save(initialisation())
        try store.save(hyperparameters())
        try store.save(gradientCheck())
    }
}

func options(reports: String) -> BuildOptions {
    var options = BuildOptions()
    options.reportsDirectory = reports
    options.profile = .quick
    options.quiet = true
    return options
}

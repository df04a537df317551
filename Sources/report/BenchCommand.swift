import ArgumentParser
import Datasets
import Foundation
import Learning
import Tensor
import Plot
import Report

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Times the training loops; with --anchors, beside numpy and PyTorch in the same run.")

    enum Target: String, ExpressibleByArgument, CaseIterable { case mlp, cnn, vgg, plot }

    @Argument(help: "What to time: \(Target.allCases.map(\.rawValue).joined(separator: ", ")) (default: all).")
    var targets: [Target] = []

    @Option(help: "Folder holding mnist.pkl.gz.")
    var dataDir: String = "data"

    @Option(help: "Path of the anchor script (numpy/PyTorch timings), e.g. ../shared/bench/anchors.py.")
    var anchors: String?

    @Option(help: "Timed repetitions of the MLP epoch (the best is kept).")
    var repeats: Int = 3

    func run() throws {
        try runReportingErrors {
            let chosen = targets.isEmpty ? Target.allCases : targets
            print("threads \(Parallelism.threads); anchors run with OPENBLAS_NUM_THREADS=1 as their README says")
            for target in chosen {
                switch target {
                case .mlp: try benchMLP()
                case .cnn: try benchSmallVGG()
                case .vgg: try benchCatDogVGG()
                case .plot: benchPlot()
                }
            }
        }
    }

    private func benchMLP() throws {
        let digits = try DigitSplits.loadDigits(.mnist, dataDirectory: dataDir)
        let ours = MLPBenchmark.run(train: digits.train, repeats: repeats)
        print(String(format: "a1report_mlp_epoch_s %.3f  (%.1f GFLOP/s)", ours.epochSeconds, ours.gflops))
        try compare(ours.epochSeconds, with: ["np64", "np32", "torch_mlp"])
    }

    private func benchSmallVGG() throws {
        print(line("a1report_smallvgg_eval10k_s", ConvBenchmark.smallVGGEvaluation()))
        try bracket("a1report_smallvgg_epoch_s", anchor: "torch_cnn") { ConvBenchmark.smallVGGTrainingEpoch() }
    }

    private func benchCatDogVGG() throws {
        try bracket("a1report_catdog_vgg_epoch_s", anchor: "torch_vgg") { ConvBenchmark.catDogTrainingEpoch() }
    }

    /// Times ours; with anchors, times ours again after the anchor and compares
    /// the mean of the two: the machine's speed drifts by more than the gap
    /// being measured, and bracketing the anchor cancels a steady drift.
    private func bracket(_ name: String, anchor: String, _ measure: () -> ConvBenchmark.Result) throws {
        let before = measure()
        print(line(name, before))
        guard let anchors else { return }
        let theirs = try AnchorRunner.run(script: anchors, mnist: dataDir + "/mnist.pkl.gz", which: [anchor])
        let after = measure()
        print(line(name + " (after the anchor)", after))
        let ours = (before.seconds + after.seconds) / 2
        for (anchorName, seconds) in theirs.sorted(by: { $0.key < $1.key }) {
            print(String(format: "  %@ %.3f  ratio ours (mean %.3f)/theirs %.2f", anchorName, seconds, ours, ours / seconds))
        }
    }

    private func benchPlot() {
        let milliseconds = PlotBenchmark.lineFigurePNGMilliseconds(repeats: 20)
        print(String(format: "a1report_plot_line_png_ms %.1f  (a three-series loss figure at 2x)", milliseconds))
    }

    private func line(_ name: String, _ result: ConvBenchmark.Result) -> String {
        String(format: "%@ %.3f  (%.1f GFLOP/s, %d samples, %.2f CPU s per s)",
               name, result.seconds, result.gflopsPerSecond, result.samples, result.processorSeconds / result.seconds)
    }

    /// Runs the named anchors now, in this session, and prints our time over theirs.
    private func compare(_ ours: Double, with anchorNames: [String]) throws {
        guard let anchors else { return }
        let theirs = try AnchorRunner.run(script: anchors, mnist: dataDir + "/mnist.pkl.gz", which: anchorNames)
        for (name, seconds) in theirs.sorted(by: { $0.key < $1.key }) {
            print(String(format: "  %@ %.3f  ratio ours/theirs %.2f", name, seconds, ours / seconds))
        }
    }
}

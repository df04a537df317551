import Bench
import ArgumentParser
import Datasets
import Foundation
import Learning
import Tensor
import Plot
import ReportKit
import Sections

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Times the training loops; with --anchors, beside numpy and PyTorch in the same run.")

    enum Target: String, ExpressibleByArgument, CaseIterable { case mlp, cnn, vgg, resnet, plot }

    @Argument(help: "What to time: \(Target.allCases.map(\.rawValue).joined(separator: ", ")) (default: all).")
    var targets: [Target] = []

    @Option(help: "Folder holding mnist.pkl.gz (default: data/ in the checkout).")
    var dataDir: String?

    private var dataFolder: String { get throws { try ProjectRoot.folder(dataDir, default: "data") } }

    @Option(help: "Path of the anchor script (numpy/PyTorch timings), e.g. ../shared/bench/anchors.py.")
    var anchors: String?

    @Option(help: "Width multiplier of the ResNets (the report's runs use 0.25; 1 is the original's ResNet-18).")
    var resnetWidth: Double = 0.25

    @Option(help: "Timed repetitions of the MLP epoch (the best is kept).")
    var repeats: Int = 3

    @Flag(help: "Also time each network's epoch layer by layer (forward, backward, loss, update).")
    var layers = false

    func run() throws {
        try runReportingErrors {
            let chosen = targets.isEmpty ? Target.allCases : targets
            print("threads \(Parallelism.threads); anchors run with OPENBLAS_NUM_THREADS=1 as their README says")
            print("OpenBLAS kernels: \(BLASCoreChoice.applyForThisCPU().description)")
            print("Winograd transforms: \(WinogradKernels.levelName)")
            let ceiling = MachineCeiling.sgemmGFLOPS()
            print(String(format: "machine_sgemm_ceiling_gflops %.1f  (2048² sgemm through OpenBLAS on %d threads, best of 5)",
                         ceiling, Parallelism.threads))
            for target in chosen {
                switch target {
                case .mlp: try benchMLP(ceiling)
                case .cnn: try benchSmallVGG(ceiling)
                case .vgg: try benchCatDogVGG(ceiling)
                case .resnet: try benchResNets(ceiling)
                case .plot: benchPlot()
                }
            }
        }
    }

    private func benchMLP(_ ceiling: Double) throws {
        let digits = try DigitSplits.loadDigits(.mnist, dataDirectory: try dataFolder)
        try bracket(anchors: ["np64", "np32", "torch_mlp"]) { suffix in
            let ours = MLPBenchmark.run(train: digits.train, repeats: repeats)
            print(String(format: "a1report_mlp_epoch_s%@ %.3f  (%.1f GFLOP/s, %.0f %% of the ceiling, best of %d)",
                         suffix, ours.epochSeconds, ours.gflops, 100 * ours.gflops / ceiling, repeats))
            return ours.epochSeconds
        }
        profile(.mlp(digits: digits.train))
    }

    private func benchSmallVGG(_ ceiling: Double) throws {
        print(line("a1report_smallvgg_eval10k_s", ConvBenchmark.smallVGGEvaluation(), ceiling))
        try bracket("a1report_smallvgg_epoch_s", anchor: "torch_cnn", ceiling: ceiling) { ConvBenchmark.trainingEpoch(.smallVGG()) }
        profile(.smallVGG())
    }

    private func benchCatDogVGG(_ ceiling: Double) throws {
        try bracket("a1report_catdog_vgg_epoch_s", anchor: "torch_vgg", ceiling: ceiling) { ConvBenchmark.trainingEpoch(.catDogVGG()) }
        profile(.catDogVGG())
    }

    /// Times ours; with anchors, times ours again after the anchors and
    /// compares the mean of the two: the machine's speed drifts by more than
    /// the gap being measured, and bracketing the anchors cancels a steady
    /// drift. `measure` prints its line (its name followed by the suffix it
    /// is given) and returns the seconds.
    private func bracket(anchors names: [String], environment: [String: String] = [:],
                         _ measure: (_ suffix: String) -> Double) throws {
        let before = measure("")
        guard let anchors else { return }
        let theirs = try AnchorRunner.run(script: anchors, mnist: try dataFolder + "/mnist.pkl.gz", which: names,
                                          environment: environment)
        let after = measure(" (after the anchor)")
        let ours = (before + after) / 2
        for (anchorName, seconds) in theirs.sorted(by: { $0.key < $1.key }) {
            print(String(format: "  %@ %.3f  ratio ours (mean %.3f)/theirs %.2f", anchorName, seconds, ours, ours / seconds))
        }
    }

    /// `bracket` for a convolutional network's epoch, under `name`.
    private func bracket(_ name: String, anchor: String, ceiling: Double, _ measure: () -> ConvBenchmark.Result) throws {
        try bracket(anchors: [anchor], environment: ["ANCHOR_RESNET_WIDTH": String(resnetWidth)]) { suffix in
            let result = measure()
            print(line(name + suffix, result, ceiling))
            return result.seconds
        }
    }

    private func benchResNets(_ ceiling: Double) throws {
        guard resnetWidth > 0, resnetWidth <= 4 else { throw ValidationError("--resnet-width must be in (0, 4], got \(resnetWidth)") }
        let width = String(format: "w%g", resnetWidth)
        try bracket("a1report_catdog_resnet_bn_\(width)_epoch_s", anchor: "torch_resnet_bn", ceiling: ceiling) {
            ConvBenchmark.trainingEpoch(.catDogResNet(width: resnetWidth, batchNorm: true))
        }
        profile(.catDogResNet(width: resnetWidth, batchNorm: true))
        try bracket("a1report_catdog_resnet_plain_\(width)_epoch_s", anchor: "torch_resnet_plain", ceiling: ceiling) {
            ConvBenchmark.trainingEpoch(.catDogResNet(width: resnetWidth, batchNorm: false))
        }
        profile(.catDogResNet(width: resnetWidth, batchNorm: false))
    }

    /// With --layers, where the network's epoch goes (after its whole-epoch
    /// timing, so that the profile's clock reads do not disturb that figure).
    private func profile(_ workload: @autoclosure () -> ConvBenchmark.Workload) {
        guard layers else { return }
        let workload = workload()
        print("\(workload.name), one training epoch layer by layer:")
        print(LayerProfile.table(LayerProfile.trainingEpoch(workload)))
    }

    private func benchPlot() {
        let milliseconds = PlotBenchmark.lineFigurePNGMilliseconds(repeats: 20)
        print(String(format: "a1report_plot_line_png_ms %.1f  (a three-series loss figure at 2x)", milliseconds))
    }

    private func line(_ name: String, _ result: ConvBenchmark.Result, _ ceiling: Double) -> String {
        String(format: "%@ %.3f  (%.1f GFLOP/s, %.0f %% of the ceiling, %d samples, %.2f CPU s per s)",
               name, result.seconds, result.gflopsPerSecond, 100 * result.gflopsPerSecond / ceiling,
               result.samples, result.processorSeconds / result.seconds)
    }
}

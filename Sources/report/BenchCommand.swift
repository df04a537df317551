import ArgumentParser
import Datasets
import Foundation
import Report

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Times the training loops; with --anchors, beside numpy and PyTorch in the same run.")

    enum Target: String, ExpressibleByArgument, CaseIterable { case mlp }

    @Argument(help: "What to time: \(Target.allCases.map(\.rawValue).joined(separator: ", ")) (default: all).")
    var targets: [Target] = []

    @Option(help: "Folder holding mnist.pkl.gz.")
    var dataDir: String = "data"

    @Option(help: "Path of the anchor script (numpy/PyTorch timings), e.g. ../shared/bench/anchors.py.")
    var anchors: String?

    @Option(help: "Timed repetitions (the best is kept).")
    var repeats: Int = 3

    func run() throws {
        try runReportingErrors {
            let chosen = targets.isEmpty ? Target.allCases : targets
            for target in chosen {
                switch target {
                case .mlp: try benchMLP()
                }
            }
        }
    }

    private func benchMLP() throws {
        let digits = try DigitSplits.loadDigits(.mnist, dataDirectory: dataDir)
        let ours = MLPBenchmark.run(train: digits.train, repeats: repeats)
        print(String(format: "a1report_mlp_epoch_s %.3f  (%.0f GFLOP/s)", ours.epochSeconds, ours.gflops))
        guard let anchors else { return }
        let theirs = try AnchorRunner.run(script: anchors, mnist: dataDir + "/mnist.pkl.gz", which: ["np32", "np64", "torch_mlp"])
        for (name, seconds) in theirs.sorted(by: { $0.key < $1.key }) {
            print(String(format: "%@ %.3f  ratio ours/theirs %.2f", name, seconds, ours.epochSeconds / seconds))
        }
    }
}

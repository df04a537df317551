import Foundation
import ReportKit

/// How a run of the step is judged against the main setting's seed-to-seed
/// spread. A difference within the spread is what changing only the seed
/// does, so it cannot be credited to the change.
enum ConjectureVerdict: String {
    case supported
    case notSupported = "not supported"
    case inconclusive
}

/// What the original claimed about a change, which decides how a difference reads.
enum ConjectureClaim {
    /// "X would improve it": a gain beyond the spread supports it, a loss beyond it refutes it.
    case improves
    /// "X would not help": only a gain beyond the spread refutes it.
    case doesNotHelp
    /// "X changed little": a difference within the spread is what it says.
    case changesLittle

    func verdict(gain: Double, spread: Double) -> ConjectureVerdict {
        switch self {
        case .improves: gain > spread ? .supported : gain < -spread ? .notSupported : .inconclusive
        case .doesNotHelp: gain > spread ? .notSupported : .supported
        case .changesLittle: abs(gain) > spread ? .notSupported : .supported
        }
    }
}

/// One run's numbers as the comparison needs them, accuracies as fractions.
struct ConjectureRunNumbers {
    var finalValid: Double
    var bestValid: Double
    var bestEpoch: Int
    /// First epoch at or above `ConjectureRunNumbers.threshold`, nil when never.
    var epochsToThreshold: Int?
    /// Training accuracy (on the augmented batches) minus validation accuracy, last epoch.
    var gap: Double
    /// The lowest training loss of any epoch.
    var lowestTrainLoss: Double

    /// The validation accuracy the table counts epochs to.
    static let threshold = 0.8
    /// The cross-entropy of a network that gives both classes probability one
    /// half: what it scores while it has learned nothing from the photos.
    static let chanceLoss = log(2.0)
    /// How close to `chanceLoss` a run's best epoch may stay and still count
    /// as never having started to learn.
    static let stalledMargin = 0.01

    /// The run never started to learn: no epoch's training loss fell more
    /// than `stalledMargin` below `chanceLoss`.
    var stalled: Bool { lowestTrainLoss >= Self.chanceLoss - Self.stalledMargin }

    init(_ curve: [ImageEpochPoint]) {
        let valid = curve.map { $0.validAccuracy ?? .nan }
        finalValid = valid.last ?? .nan
        let best = valid.indices.max { valid[$0] < valid[$1] }
        bestValid = best.map { valid[$0] } ?? .nan
        bestEpoch = best.map { curve[$0].epoch } ?? 0
        epochsToThreshold = curve.first { ($0.validAccuracy ?? 0) >= Self.threshold }?.epoch
        gap = (curve.last?.trainAccuracy ?? .nan) - finalValid
        lowestTrainLoss = curve.map(\.trainLoss).min() ?? .nan
    }
}

/// The main setting over its three seeds: where it ends and how far the seeds spread.
struct SeedSpread {
    var finals: [Double]
    var epochsToThreshold: [Int?]

    var mean: Double { finals.reduce(0, +) / Double(max(finals.count, 1)) }
    var spread: Double { (finals.max() ?? 0) - (finals.min() ?? 0) }
    /// Every seed reached the threshold: speed can be compared in epochs.
    var allReachThreshold: Bool { epochsToThreshold.allSatisfy { $0 != nil } }
    var meanEpochsToThreshold: Double {
        let reached = epochsToThreshold.compactMap { $0 }
        return Double(reached.reduce(0, +)) / Double(max(reached.count, 1))
    }
    var epochSpread: Double {
        let reached = epochsToThreshold.compactMap { $0 }
        return Double((reached.max() ?? 0) - (reached.min() ?? 0))
    }
}

extension SeedSpread {
    /// The seeds of the step's output: the main run over the same epochs, then
    /// the seed-2 and seed-3 runs; nil when either of those is missing.
    init?(_ output: P3ConjecturesStep.Output) {
        let seedRuns = [P3Conjecture.seed2, .seed3].map { seed in output.runs.first { $0.config.id == seed.rawValue } }
        guard seedRuns.allSatisfy({ $0 != nil }) else { return nil }
        let seeds = ([output.main] + seedRuns.compactMap { $0 }).map { ConjectureRunNumbers($0.curve) }
        self.init(finals: seeds.map(\.finalValid), epochsToThreshold: seeds.map(\.epochsToThreshold))
    }
}

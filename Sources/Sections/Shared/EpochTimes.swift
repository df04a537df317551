import ReportKit

/// How long a run's epochs took, said so that a run which shared the machine
/// with other work is not read as a slow network. Every epoch of a run does
/// the same computation, so a wide spread between epochs can only come from
/// the machine: the median is quoted, and the spread explained, not averaged in.
struct EpochTimes {
    var median: Double
    var fastest: Double
    var slowest: Double

    /// Slowest over fastest above which the spread is worth a sentence.
    static let unevenRatio = 1.5

    init?(_ seconds: [Double]) {
        let sorted = seconds.filter(\.isFinite).sorted()
        guard let fastest = sorted.first, let slowest = sorted.last else { return nil }
        let middle = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        self.fastest = fastest
        self.slowest = slowest
    }

    var isUneven: Bool { slowest > Self.unevenRatio * fastest }

    /// "An epoch took 1 min 20 s on this machine." or, for uneven times, the
    /// median with the range and why the range says nothing about the network.
    var sentence: String {
        let median = NumberFormat.seconds(median)
        guard isUneven else { return "An epoch took \(median) on this machine." }
        return "An epoch took \(median) at the median on this machine, and anything from \(NumberFormat.seconds(fastest)) to \(NumberFormat.seconds(slowest)): every epoch does the same computation, so times this uneven measure other work on the machine during the build, not the network."
    }
}

import ReportKit

/// Picking the images a reader should look at, from predicted probabilities.
/// Pure functions of their inputs; ties are broken by file name so the choice
/// is stable from run to run.
enum P3Selection {
    struct Scored: Equatable {
        var index: Int
        var name: String
        var label: Int
        /// Probability per class.
        var probabilities: [Double]
        var predicted: Int { probabilities.indices.max { probabilities[$0] < probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 > $1) }! }
    }

    /// Images of class `label` whose probability for their class is closest to 0.5.
    static func mostConfusing(_ items: [Scored], label: Int, count: Int) -> [Scored] {
        let members = items.filter { $0.label == label }
        return Array(members.sorted {
            let a = abs($0.probabilities[label] - 0.5), b = abs($1.probabilities[label] - 0.5)
            return a != b ? a < b : $0.name < $1.name
        }.prefix(count))
    }

    /// Misclassified images of class `label`, the most confidently wrong first.
    static func mostMisclassified(_ items: [Scored], label: Int, count: Int) -> [Scored] {
        let wrong = items.filter { $0.label == label && $0.predicted != label }
        return Array(wrong.sorted {
            let a = $0.probabilities[label], b = $1.probabilities[label]
            return a != b ? a < b : $0.name < $1.name
        }.prefix(count))
    }

    /// counts[true][predicted].
    static func confusionMatrix(_ items: [Scored], classes: Int) -> [[Int]] {
        var counts = Array(repeating: Array(repeating: 0, count: classes), count: classes)
        for item in items { counts[item.label][item.predicted] += 1 }
        return counts
    }

    struct ReliabilityBin: Codable, Sendable, Equatable {
        var lower: Double
        var upper: Double
        var count: Int
        var meanConfidence: Double
        var accuracy: Double
    }

    /// Confidence (the top probability) in equal-width bins against the
    /// accuracy within each bin, and the expected calibration error
    /// Σ (n_b / n) · |accuracy_b − confidence_b|.
    static func reliability(_ items: [Scored], bins: Int, lowest: Double) -> (bins: [ReliabilityBin], ece: Double) {
        let width = (1 - lowest) / Double(bins)
        var result = (0..<bins).map { b in
            ReliabilityBin(lower: lowest + Double(b) * width, upper: lowest + Double(b + 1) * width, count: 0, meanConfidence: 0, accuracy: 0)
        }
        for item in items {
            let confidence = item.probabilities[item.predicted]
            // Clamped as a Double first: Int(NaN) or Int(∞) traps.
            let position = (confidence - lowest) / width
            let b = position.isNaN ? 0 : Int(min(Double(bins - 1), max(0, position)))
            result[b].count += 1
            result[b].meanConfidence += confidence
            result[b].accuracy += item.predicted == item.label ? 1 : 0
        }
        var ece = 0.0
        for b in result.indices where result[b].count > 0 {
            result[b].meanConfidence /= Double(result[b].count)
            result[b].accuracy /= Double(result[b].count)
            ece += Double(result[b].count) / Double(items.count) * abs(result[b].accuracy - result[b].meanConfidence)
        }
        return (result, ece)
    }
}

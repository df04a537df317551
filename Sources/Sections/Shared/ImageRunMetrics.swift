import ReportKit
import Foundation

/// One cats-vs-dogs run's metrics (accuracies in percent, like every accuracy metric).
func addImageRun(_ run: ImageRunOutput, base: String, to metrics: inout MetricMap) {
    let curve = run.curve
    let first = curve.first?.epoch ?? 1
    metrics.addAccuracyCurve(base + ".train.accuracy", fractions: curve.map(\.trainAccuracy), firstEpoch: first)
    metrics.addCurve(base + ".train.loss", curve.map(\.trainLoss), kind: .loss, firstEpoch: first)
    // Validation exists only for runs that hold data out; a curve with gaps is left out.
    let validAccuracy = curve.compactMap(\.validAccuracy), validLoss = curve.compactMap(\.validLoss)
    if validAccuracy.count == curve.count, !curve.isEmpty {
        metrics.addAccuracyCurve(base + ".valid.accuracy", fractions: validAccuracy, firstEpoch: first)
    }
    if validLoss.count == curve.count, !curve.isEmpty {
        metrics.addCurve(base + ".valid.loss", validLoss, kind: .loss, firstEpoch: first)
    }
    if !curve.isEmpty {
        metrics.add(base + ".epoch_seconds.mean", curve.map(\.trainSeconds).reduce(0, +) / Double(curve.count), kind: .seconds)
    }
}

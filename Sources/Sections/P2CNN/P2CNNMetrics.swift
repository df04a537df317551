import ReportKit
import Foundation

extension P2CNNStep: MetricReporting {
    static func metrics(_ record: StepRecord<Config, Output>) -> MetricMap {
        var metrics = MetricMap()
        let curve = record.output.curve
        let first = curve.first?.epoch ?? 0
        metrics.add("p2.cnn.parameters.total", Double(record.output.totalParameters), kind: .count)
        metrics.addAccuracyCurve("p2.cnn.train.accuracy", fractions: curve.map(\.trainAccuracy), firstEpoch: first)
        metrics.addCurve("p2.cnn.train.loss", curve.map(\.trainLoss), kind: .loss, firstEpoch: first)
        metrics.addAccuracyCurve("p2.cnn.test.accuracy", fractions: curve.map(\.testAccuracy), firstEpoch: first)
        metrics.addCurve("p2.cnn.test.loss", curve.map(\.testLoss), kind: .loss, firstEpoch: first)
        let trained = curve.filter { $0.epoch > 0 }
        if !trained.isEmpty {
            metrics.add("p2.cnn.epoch_seconds.mean", trained.map(\.trainSeconds).reduce(0, +) / Double(trained.count), kind: .seconds)
        }
        return metrics
    }
}

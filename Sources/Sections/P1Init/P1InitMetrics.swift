import ReportKit
import Foundation
import Learning

extension P1InitStep: MetricReporting {
    static func metrics(_ record: StepRecord<Config, Output>) -> MetricMap {
        var metrics = MetricMap()
        for run in record.output.runs {
            let base = "p1.init.\(run.config.id)"
            metrics.addAccuracyCurve(base + ".accuracy", fractions: run.curve.map(\.accuracy))
            metrics.addCurve(base + ".loss", run.curve.map(\.loss), kind: .loss)
            metrics.addCurve(base + ".exact_loss", run.curve.map(\.exactLoss), kind: .loss)
            metrics.add(base + ".epoch_seconds.mean", run.meanEpochSeconds, kind: .seconds)
        }
        // Named when the share was saved in percent; the metric still is, as every accuracy metric.
        metrics.addAccuracy("p1.init.majority_class.percent", fraction: record.output.majorityClassShare)
        return metrics
    }
}

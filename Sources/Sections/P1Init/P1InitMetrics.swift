import ReportKit
import Foundation
import Learning

extension P1InitStep: MetricReporting {
    static func metrics(_ record: StepRecord<Config, Output>) -> MetricMap {
        var metrics = MetricMap()
        for run in record.output.runs {
            let base = "p1.init.\(run.config.id)"
            metrics.addCurve(base + ".accuracy", run.curve.map(\.accuracy), kind: .accuracyPercent)
            metrics.addCurve(base + ".loss", run.curve.map(\.loss), kind: .loss)
            metrics.addCurve(base + ".exact_loss", run.curve.map(\.exactLoss), kind: .loss)
            metrics.add(base + ".epoch_seconds.mean", run.meanEpochSeconds, kind: .seconds)
        }
        metrics.add("p1.init.majority_class.percent", record.output.majorityClassPercent, kind: .accuracyPercent)
        return metrics
    }
}

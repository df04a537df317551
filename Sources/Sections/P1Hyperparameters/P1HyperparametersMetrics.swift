import ReportKit
import Foundation
import Learning

extension P1HyperparameterStep: MetricReporting {
    static func metrics(_ record: StepRecord<Config, Output>) -> MetricMap {
        var metrics = MetricMap()
        for result in record.output.runs {
            let base = "p1.hyperparams.\(result.run.config.id)"
            metrics.addAccuracyCurve(base + ".valid.accuracy", fractions: result.run.curve.map(\.accuracy))
            metrics.addCurve(base + ".valid.loss", result.run.curve.map(\.loss), kind: .loss)
            metrics.addAccuracy(base + ".test.accuracy.final", fraction: result.test.accuracy)
            metrics.add(base + ".test.loss.final", result.test.loss, kind: .loss)
            metrics.add(base + ".epoch_seconds.mean", result.run.meanEpochSeconds, kind: .seconds)
        }
        return metrics
    }
}

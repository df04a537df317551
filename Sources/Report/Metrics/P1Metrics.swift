import Foundation
import Learning

// Problem 1's metrics. Names follow `MetricName`; the original report's numbers
// in reports/baselines/original.json use the same names.

extension P1ModelStep: MetricReporting {
    static func metrics(_ record: StepRecord<Config, Output>) -> MetricMap {
        var metrics = MetricMap()
        metrics.add("p1.model.parameters.total", Double(record.output.totalParameters), kind: .count)
        let dense = record.output.layers.filter { $0.parameters > 0 }
        for (i, layer) in dense.enumerated() {
            metrics.add("p1.model.parameters.fc\(i + 1)", Double(layer.parameters), kind: .count)
        }
        return metrics
    }
}

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

extension P1HyperparameterStep: MetricReporting {
    static func metrics(_ record: StepRecord<Config, Output>) -> MetricMap {
        var metrics = MetricMap()
        for result in record.output.runs {
            let base = "p1.hyperparams.\(result.run.config.id)"
            metrics.addCurve(base + ".valid.accuracy", result.run.curve.map(\.accuracy), kind: .accuracyPercent)
            metrics.addCurve(base + ".valid.loss", result.run.curve.map(\.loss), kind: .loss)
            metrics.add(base + ".test.accuracy.final", result.test.accuracy, kind: .accuracyPercent)
            metrics.add(base + ".test.loss.final", result.test.loss, kind: .loss)
            metrics.add(base + ".epoch_seconds.mean", result.run.meanEpochSeconds, kind: .seconds)
        }
        return metrics
    }
}

extension P1GradientCheckStep: MetricReporting {
    static func metrics(_ record: StepRecord<Config, Output>) -> MetricMap {
        var metrics = MetricMap()
        for point in record.output.points {
            metrics.add("p1.gradcheck.float64.max_error.n\(point.n)", point.maxDifferenceDouble, kind: .gradientError)
            metrics.add("p1.gradcheck.float32.max_error.n\(point.n)", point.maxDifferenceFloat, kind: .gradientError)
        }
        return metrics
    }
}

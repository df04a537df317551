import Foundation

// Problems 2 and 3. Names follow `MetricName`; reports/baselines/original.json
// (scripts/make-original-baseline.py) uses the same names for the original's numbers.

extension P2CNNStep: MetricReporting {
    static func metrics(_ record: StepRecord<Config, Output>) -> MetricMap {
        var metrics = MetricMap()
        let curve = record.output.curve
        let first = curve.first?.epoch ?? 0
        metrics.add("p2.cnn.parameters.total", Double(record.output.totalParameters), kind: .count)
        metrics.addCurve("p2.cnn.train.accuracy", curve.map(\.trainAccuracy), kind: .accuracyPercent, firstEpoch: first)
        metrics.addCurve("p2.cnn.train.loss", curve.map(\.trainLoss), kind: .loss, firstEpoch: first)
        metrics.addCurve("p2.cnn.test.accuracy", curve.map(\.testAccuracy), kind: .accuracyPercent, firstEpoch: first)
        metrics.addCurve("p2.cnn.test.loss", curve.map(\.testLoss), kind: .loss, firstEpoch: first)
        let trained = curve.filter { $0.epoch > 0 }
        if !trained.isEmpty {
            metrics.add("p2.cnn.epoch_seconds.mean", trained.map(\.trainSeconds).reduce(0, +) / Double(trained.count), kind: .seconds)
        }
        return metrics
    }
}

/// One cats-vs-dogs run: accuracies arrive as fractions and are stored in
/// percent, like every accuracy metric.
private func addImageRun(_ run: ImageRunOutput, base: String, to metrics: inout MetricMap) {
    let curve = run.curve
    let first = curve.first?.epoch ?? 1
    metrics.addCurve(base + ".train.accuracy", curve.map { 100 * $0.trainAccuracy }, kind: .accuracyPercent, firstEpoch: first)
    metrics.addCurve(base + ".train.loss", curve.map(\.trainLoss), kind: .loss, firstEpoch: first)
    // Validation exists only for runs that hold data out; a curve with gaps is left out.
    let validAccuracy = curve.compactMap(\.validAccuracy), validLoss = curve.compactMap(\.validLoss)
    if validAccuracy.count == curve.count, !curve.isEmpty {
        metrics.addCurve(base + ".valid.accuracy", validAccuracy.map { 100 * $0 }, kind: .accuracyPercent, firstEpoch: first)
    }
    if validLoss.count == curve.count, !curve.isEmpty {
        metrics.addCurve(base + ".valid.loss", validLoss, kind: .loss, firstEpoch: first)
    }
    if !curve.isEmpty {
        metrics.add(base + ".epoch_seconds.mean", curve.map(\.trainSeconds).reduce(0, +) / Double(curve.count), kind: .seconds)
    }
}

extension P3TrainStep: MetricReporting {
    static func metrics(_ record: StepRecord<Config, Output>) -> MetricMap {
        var metrics = MetricMap()
        metrics.add("p3.train.parameters.total", Double(record.output.run.parameters), kind: .count)
        addImageRun(record.output.run, base: "p3.train.\(record.output.run.config.id)", to: &metrics)
        return metrics
    }
}

extension P3TuningStep: MetricReporting {
    static func metrics(_ record: StepRecord<Config, Output>) -> MetricMap {
        var metrics = MetricMap()
        for run in record.output.runs {
            addImageRun(run, base: "p3.tuning.\(run.config.id)", to: &metrics)
        }
        // Shorter schedules are read off the main run's curve (see the step).
        for row in record.output.rows where row.parameter == "epochs" {
            metrics.add("p3.tuning.epochs\(row.epochs).valid.accuracy.final", 100 * row.validAccuracy, kind: .accuracyPercent)
        }
        return metrics
    }
}

extension P3SubmissionStep: MetricReporting {
    static func metrics(_ record: StepRecord<Config, Output>) -> MetricMap {
        var metrics = MetricMap()
        addImageRun(record.output.run, base: "p3.submission.\(record.output.run.config.id)", to: &metrics)
        return metrics
    }
}

extension P3ResNetStep: MetricReporting {
    static func metrics(_ record: StepRecord<Config, Output>) -> MetricMap {
        var metrics = MetricMap()
        for run in record.output.runs {
            addImageRun(run, base: "p3.resnet.\(run.config.id)", to: &metrics)
            metrics.add("p3.resnet.\(run.config.id).parameters.total", Double(run.parameters), kind: .count)
        }
        return metrics
    }
}

import ReportKit
import Foundation

extension P3TuningStep: MetricReporting {
    static func metrics(_ record: StepRecord<Config, Output>) -> MetricMap {
        var metrics = MetricMap()
        for run in record.output.runs {
            addImageRun(run, base: "p3.tuning.\(run.config.id)", to: &metrics)
        }
        // Shorter schedules are read off the main run's curve (see the step).
        for row in record.output.rows where row.parameter == .epochs {
            metrics.addAccuracy("p3.tuning.epochs\(row.epochs).valid.accuracy.final", fraction: row.validAccuracy)
        }
        return metrics
    }
}

import ReportKit
import Foundation

extension P3SubmissionStep: MetricReporting {
    static func metrics(_ record: StepRecord<Config, Output>) -> MetricMap {
        var metrics = MetricMap()
        addImageRun(record.output.run, base: "p3.submission.\(record.output.run.config.id)", to: &metrics)
        return metrics
    }
}

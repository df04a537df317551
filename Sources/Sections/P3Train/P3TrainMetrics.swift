import ReportKit
import Foundation

extension P3TrainStep: MetricReporting {
    static func metrics(_ record: StepRecord<Config, Output>) -> MetricMap {
        var metrics = MetricMap()
        metrics.add("p3.train.parameters.total", Double(record.output.run.parameters), kind: .count)
        addImageRun(record.output.run, base: "p3.train.\(record.output.run.config.id)", to: &metrics)
        return metrics
    }
}

import ReportKit
import Foundation

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

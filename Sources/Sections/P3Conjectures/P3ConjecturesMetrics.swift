import ReportKit

extension P3ConjecturesStep: MetricReporting {
    static func metrics(_ record: StepRecord<Config, Output>) -> MetricMap {
        var metrics = MetricMap()
        for run in record.output.runs { addImageRun(run, base: "p3.conjectures.\(run.config.id)", to: &metrics) }
        return metrics
    }
}

import ReportKit
import Foundation
import Learning

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

import ReportKit
import Foundation
import Learning

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

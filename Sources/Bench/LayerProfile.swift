import Foundation
import Learning
import Tensor

/// Where a training epoch goes, layer by layer: the same SGD step as
/// `Trainer.step`, with a clock read around each layer's forward and backward
/// pass, the loss, and the parameter update. `report bench --layers` prints it,
/// so that a kernel change starts from a measured profile of the epoch rather
/// than from a guess (a whole-epoch time says how far off a network is, not where).
public enum LayerProfile {
    public struct Row: Codable, Equatable, Sendable {
        /// "Conv 16→32 3×3 pad 1 + ReLU", "loss", "SGD update".
        public var name: String
        /// Per-sample output shape (empty for the loss and the update).
        public var outputShape: [Int]
        /// Seconds of the whole epoch spent in the forward and the backward pass.
        public var forwardSeconds: Double
        public var backwardSeconds: Double
        /// Forward multiply-adds per sample, counted as `ConvBenchmark` does.
        public var multiplyAdds: Int
        /// CPU seconds the whole process worked during the forward and backward
        /// passes (`processorTime`): over the wall seconds, how many cores the
        /// layer kept busy.
        public var forwardCPUSeconds: Double = 0
        public var backwardCPUSeconds: Double = 0

        public var seconds: Double { forwardSeconds + backwardSeconds }
        public var cpuSeconds: Double { forwardCPUSeconds + backwardCPUSeconds }
    }

    public struct Result: Codable, Equatable, Sendable {
        public var rows: [Row]
        public var samples: Int
        public var batchSize: Int
        public var timedBatches: Int

        public var seconds: Double { rows.reduce(0) { $0 + $1.seconds } }
    }

    /// The profile of one of the bench's networks, on its own batch and schedule.
    public static func trainingEpoch(_ workload: ConvBenchmark.Workload) -> Result {
        trainingEpoch(workload.model, batch: workload.batch, samples: workload.samples,
                      timedBatches: workload.timedBatches, warmUp: workload.warmUp)
    }

    /// Times `timedBatches` SGD steps on `batch` after `warmUp` untimed ones,
    /// each layer apart, and extrapolates to `samples / batch size` steps.
    public static func trainingEpoch<Scalar>(
        _ model: Sequential<Scalar>, batch: Batch<Scalar>, samples: Int, learningRate: Scalar = 0.01,
        timedBatches: Int, warmUp: Int
    ) -> Result {
        let optimizer = SGD<Scalar>(learningRate: learningRate)
        for _ in 0..<warmUp { _ = step(model, batch, optimizer) }
        var totals = [Row]()
        for _ in 0..<timedBatches {
            let rows = step(model, batch, optimizer)
            totals = totals.isEmpty ? rows : zip(totals, rows).map { sum, row in
                var sum = sum
                sum.forwardSeconds += row.forwardSeconds
                sum.backwardSeconds += row.backwardSeconds
                sum.forwardCPUSeconds += row.forwardCPUSeconds
                sum.backwardCPUSeconds += row.backwardCPUSeconds
                return sum
            }
        }
        let batchSize = batch.labels.count
        let scale = Double(samples / batchSize) / Double(max(timedBatches, 1))
        let rows = totals.map { row in
            var row = row
            row.forwardSeconds *= scale
            row.backwardSeconds *= scale
            row.forwardCPUSeconds *= scale
            row.backwardCPUSeconds *= scale
            return row
        }
        return Result(rows: rows, samples: samples / batchSize * batchSize, batchSize: batchSize, timedBatches: timedBatches)
    }

    /// One SGD step, as `Trainer.step` takes it, timed piece by piece: a row
    /// per layer, then the loss (forward: softmax and its value; backward: the
    /// logits' gradient), then the update.
    static func step<Scalar>(_ model: Sequential<Scalar>, _ batch: Batch<Scalar>, _ optimizer: SGD<Scalar>) -> [Row] {
        let multiplyAdds = model.multiplyAddsPerLayer
        var shape = model.inputShape
        var rows = [Row]()
        var x = batch.inputs.reshaped([batch.inputs.shape[0]] + model.inputShape)
        for (layer, adds) in zip(model.layers, multiplyAdds) {
            shape = layer.outputShape(for: shape)
            let forward = timed { x = layer.forward(x, training: true) }
            rows.append(Row(name: layer.description, outputShape: shape, forwardSeconds: forward.wall, backwardSeconds: 0,
                            multiplyAdds: adds, forwardCPUSeconds: forward.cpu))
        }
        var loss: SoftmaxCrossEntropy<Scalar>?
        let lossTime = timed { loss = SoftmaxCrossEntropy(logits: x, labels: batch.labels) }
        var gradient: Tensor<Scalar>?
        let gradientTime = timed { gradient = loss!.logitGradient(labels: batch.labels) }
        for index in model.layers.indices.reversed() {
            guard let g = gradient else { break }
            let backward = timed { gradient = model.layers[index].backward(g, needsInputGradient: index > 0) }
            rows[index].backwardSeconds = backward.wall
            rows[index].backwardCPUSeconds = backward.cpu
        }
        rows.append(Row(name: "loss", outputShape: [], forwardSeconds: lossTime.wall, backwardSeconds: gradientTime.wall,
                        multiplyAdds: 0, forwardCPUSeconds: lossTime.cpu, backwardCPUSeconds: gradientTime.cpu))
        let update = timed { optimizer.step(model.parameters) }
        rows.append(Row(name: "SGD update", outputShape: [], forwardSeconds: 0, backwardSeconds: update.wall,
                        multiplyAdds: 0, backwardCPUSeconds: update.cpu))
        return rows
    }

    /// Wall and process CPU seconds of `body`.
    private static func timed(_ body: () -> Void) -> (wall: Double, cpu: Double) {
        let start = DispatchTime.now().uptimeNanoseconds, cpuStart = processorTime()
        body()
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, processorTime() - cpuStart)
    }

    /// The profile as aligned text: a line per row with its seconds, its share
    /// of the epoch and, for layers with weights, GFLOP/s (forward: 2 FLOPs per
    /// multiply-add; backward: twice that, less the first layer's input gradient)
    /// and the cores it kept busy (CPU seconds over wall seconds, both passes):
    /// a layer near 1 on a multi-core machine runs on one core.
    public static func table(_ result: Result) -> String {
        let total = max(result.seconds, 1e-12)
        let firstWeighted = result.rows.firstIndex { $0.multiplyAdds > 0 }
        let width = min(nameWidth, max(5, result.rows.map(\.name.count).max() ?? 0))
        var lines = [pad("layer", width) + "   forward s  backward s   share  cores  fwd GFLOP/s  bwd GFLOP/s"]
        for (index, row) in result.rows.enumerated() {
            let forwardFlops = 2 * Double(row.multiplyAdds) * Double(result.samples)
            let backwardFlops = forwardFlops * (index == firstWeighted ? 1 : 2)
            let rates = row.multiplyAdds > 0
                ? String(format: "  %11.1f  %11.1f", forwardFlops / row.forwardSeconds / 1e9, backwardFlops / row.backwardSeconds / 1e9)
                : ""
            lines.append(pad(row.name, width) + String(
                format: "  %10.3f  %10.3f  %5.1f %%  %5.2f", row.forwardSeconds, row.backwardSeconds, 100 * row.seconds / total,
                row.cpuSeconds / max(row.seconds, 1e-12)) + rates)
        }
        let cpu = result.rows.reduce(0) { $0 + $1.cpuSeconds }
        lines.append(pad("total", width) + String(format: "  %10.3f  %10.3f  100.0 %%  %5.2f",
            result.rows.reduce(0) { $0 + $1.forwardSeconds }, result.rows.reduce(0) { $0 + $1.backwardSeconds }, cpu / total))
        return lines.joined(separator: "\n")
    }

    /// Widest layer name shown; a residual block's full description runs to
    /// 150 characters, and its first layers say which block it is.
    static let nameWidth = 64

    private static func pad(_ text: String, _ width: Int) -> String {
        let shown = text.count > width ? text.prefix(width - 1) + "…" : Substring(text)
        return shown + String(repeating: " ", count: max(0, width - shown.count))
    }
}

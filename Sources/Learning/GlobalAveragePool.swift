import Tensor

/// Mean over the spatial positions: [batch, c, h, w] → [batch, c].
public final class GlobalAveragePool<Scalar: TensorScalar>: Layer {
    private var cachedShape: [Int] = []
    public init() {}
    public var description: String { "GlobalAveragePool" }
    public func outputShape(for inputShape: [Int]) -> [Int] { [inputShape[0]] }

    public func forward(_ input: Tensor<Scalar>, training: Bool) -> Tensor<Scalar> {
        precondition(input.rank == 4, "GlobalAveragePool needs [batch, c, h, w], got \(input.shape)")
        cachedShape = input.shape
        let (n, c, area) = (input.shape[0], input.shape[1], input.shape[2] * input.shape[3])
        var out = [Scalar](repeating: 0, count: n * c)
        input.scalars.withUnsafeBufferPointer { x in
            for i in 0..<(n * c) {
                var sum: Scalar = 0
                for j in 0..<area { sum += x[i * area + j] }
                out[i] = sum / Scalar(area)
            }
        }
        return Tensor(shape: [n, c], scalars: out)
    }

    public func backward(_ outputGradient: Tensor<Scalar>, needsInputGradient: Bool) -> Tensor<Scalar>? {
        guard needsInputGradient else { return nil }
        let area = cachedShape[2] * cachedShape[3]
        var dx = [Scalar](repeating: 0, count: cachedShape.reduce(1, *))
        outputGradient.scalars.withUnsafeBufferPointer { g in
            for i in 0..<g.count {
                let share = g[i] / Scalar(area)
                for j in 0..<area { dx[i * area + j] = share }
            }
        }
        return Tensor(shape: cachedShape, scalars: dx)
    }
}

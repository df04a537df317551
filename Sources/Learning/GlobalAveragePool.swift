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
        let means = input.planeMeans(planeSize: input.shape[2] * input.shape[3])
        return Tensor(shape: [input.shape[0], input.shape[1]], scalars: means)
    }

    public func backward(_ outputGradient: Tensor<Scalar>, needsInputGradient: Bool) -> Tensor<Scalar>? {
        guard needsInputGradient else { return nil }
        return .spreadingPlaneMeans(outputGradient.scalars, planeSize: cachedShape[2] * cachedShape[3], shape: cachedShape)
    }
}

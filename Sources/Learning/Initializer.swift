import Tensor

/// How a layer's weights start. Biases always start at zero.
public enum Initializer: String, Codable, CaseIterable, Sendable {
    /// All zeros: every unit computes the same thing, so nothing breaks the symmetry.
    case zero
    /// Standard normal, std 1 regardless of layer size, as the original did.
    case normal
    /// Glorot/Xavier uniform: U(−a, a), a = √(6 / (fanIn + fanOut)); for
    /// convolutions fan-in and fan-out include the kernel area.
    case glorot

    public var displayName: String {
        switch self {
        case .zero: "Zero"
        case .normal: "Normal"
        case .glorot: "Glorot"
        }
    }

    public func make<Scalar: TensorScalar>(
        shape: [Int], fanIn: Int, fanOut: Int, rng: inout SeededGenerator
    ) -> Tensor<Scalar> {
        switch self {
        case .zero:
            return Tensor(zeros: shape)
        case .normal:
            return Tensor.normal(shape: shape, using: &rng)
        case .glorot:
            let limit = (6.0 / Double(fanIn + fanOut)).squareRoot()
            return Tensor.uniform(shape: shape, low: -limit, high: limit, using: &rng)
        }
    }
}

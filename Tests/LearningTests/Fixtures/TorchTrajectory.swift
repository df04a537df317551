import Learning
import Tensor

/// PyTorch's float32 trajectory of a few SGD steps on one batch, as
/// scripts/make-trajectory-fixtures.py records it (the values are in
/// TorchTrajectoryFixtures.swift, which that script writes).
struct TorchTrajectory {
    /// How one parameter tensor starts: element i (PyTorch's flat index) is
    /// `scale * HashedValues.centred(stream, i)`, rounded once to float32.
    struct ParameterStart {
        var name: String
        /// PyTorch's shape: [out, in] for a linear layer's weight.
        var torchShape: [Int]
        var scale: Double
        var stream: UInt64
    }

    /// A gradient tensor in brief: sums in float64 of its float32 elements, and
    /// a few elements at PyTorch flat indices.
    struct TensorSummary {
        var sum: Double
        var sumOfSquares: Double
        var indices: [Int]
        var values: [Float]
    }

    /// Every parameter's gradient (the model's parameter order) at one step, counted from 1.
    struct RecordedGradients {
        var step: Int
        var tensors: [TensorSummary]
    }

    /// Where the steps took a parameter tensor: sums in float64 of final − initial
    /// (the initial weights are known exactly; sums of the final weights
    /// themselves would hardly see the updates).
    struct Displacement {
        var sum: Double
        var sumOfSquares: Double
    }

    /// How far our float32 run may stray from PyTorch's, relative: a loss to
    /// itself; a gradient entry to its tensor's root mean square, and a sum to
    /// count × that root mean square; a sum of squares to itself. The script
    /// checks that PyTorch's own float32 trajectory stays within a quarter of
    /// these when its start moves by a relative 1e-6.
    struct Tolerances {
        var loss: Double
        var gradient: Double
        var sumOfSquares: Double
    }

    var learningRate: Float
    var parameters: [ParameterStart]
    /// The mean cross-entropy over the batch before each update.
    var losses: [Float]
    var gradients: [RecordedGradients]
    /// Empty for SmallVGGNet, whose weights after 10 steps float32 does not
    /// reproduce (see the script).
    var displacements: [Displacement]

    var steps: Int { losses.count }

    /// The batch both sides train on: 16 samples of 784 values in [0, 1) and labels sample % 10.
    static func batch() -> Batch<Float> {
        let samples = 16, features = 784
        let inputs = (0..<samples * features).map { Float(HashedValues.unit(stream: 1000, index: $0)) }
        return Batch(
            inputs: Tensor(shape: [samples, features], scalars: inputs),
            labels: (0..<samples).map { $0 % 10 })
    }
}

/// Values that PyTorch and Swift compute bit for bit alike without sharing a
/// random generator: splitmix64's output function of (stream, index), whose top
/// 24 bits are spread evenly over an interval. Integer arithmetic and exact
/// float64 scaling only, so nothing depends on a libm.
enum HashedValues {
    static func splitmix64(_ key: UInt64) -> UInt64 {
        var z = key &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func top24(stream: UInt64, index: Int) -> Double {
        Double(splitmix64(stream << 32 | UInt64(index)) >> 40)
    }

    /// One of 2^24 evenly spaced values in (−1, 1), exact in float64.
    static func centred(stream: UInt64, index: Int) -> Double {
        (top24(stream: stream, index: index) - 8_388_607.5) / 8_388_608
    }

    /// One of 2^24 evenly spaced values in [0, 1), exact in float32.
    static func unit(stream: UInt64, index: Int) -> Double {
        top24(stream: stream, index: index) / 16_777_216
    }
}

/// Where the element at PyTorch flat index i of a parameter sits in our tensor.
/// `Dense` keeps its weight [inputs, outputs] (y = x·W + b) where
/// `torch.nn.Linear` keeps [out, in]; convolution weights and biases are laid
/// out alike on both sides.
enum ParameterLayout: Equatable {
    case same
    case transposed(outputs: Int, inputs: Int)

    /// One layout per parameter of `model`, in `model.parameters` order.
    static func of(_ model: Sequential<Float>) -> [ParameterLayout] {
        model.layers.flatMap { layer -> [ParameterLayout] in
            guard let dense = layer as? Dense<Float> else { return layer.parameters.map { _ in .same } }
            return [.transposed(outputs: dense.outputs, inputs: dense.inputs), .same]  // weight, bias
        }
    }

    func storageIndex(ofTorchIndex index: Int) -> Int {
        switch self {
        case .same: return index
        case .transposed(let outputs, let inputs): return (index % inputs) * outputs + index / inputs
        }
    }

    func shape(forTorchShape torchShape: [Int]) -> [Int] {
        self == .same ? torchShape : torchShape.reversed()
    }
}

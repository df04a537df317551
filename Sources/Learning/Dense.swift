import Tensor

/// Fully connected layer: y = x·W + b with W stored [inputs, outputs], the
/// layout the original code used, so "the second layer's first column" means
/// the same weights here.
public final class Dense<Scalar: TensorScalar>: Layer {
    public let weight: Parameter<Scalar>
    public let bias: Parameter<Scalar>
    /// Whether the products with the input skip its zeros (`SparseRows`): for
    /// a first layer reading raw pixels that are mostly 0, as MNIST's are
    /// (Problem 1's epoch: a median of 1.80 s against 2.00 s through the BLAS
    /// in 8 alternated runs). The sums then run in another order than the
    /// BLAS's, so results differ in the last bits from a layer without it.
    public let skipsZeroInputs: Bool
    /// Whether the dense products run on our workers, each on one BLAS
    /// thread: the forward product in slices of output columns, the backward
    /// pass's weight and input gradients side by side. At Problem 1's 100-row
    /// products, OpenBLAS's own two threads profiled at 110–150 GFLOP/s and
    /// these at 155–175. The threaded BLAS sums some products in another order, so the
    /// last bits differ from a layer without it: only the MLP, retrained
    /// since, uses it; Problems 2 and 3's saved runs were trained without.
    public let productsOnWorkers: Bool
    private var cachedInput: Tensor<Scalar>?
    private var cachedSparseInput: SparseRows<Scalar>?

    public init(
        inputs: Int, outputs: Int, initializer: Initializer, rng: inout SeededGenerator, skipsZeroInputs: Bool = false,
        productsOnWorkers: Bool = false
    ) {
        weight = Parameter(
            name: "weight",
            value: initializer.make(shape: [inputs, outputs], fanIn: inputs, fanOut: outputs, rng: &rng))
        bias = Parameter(name: "bias", value: Tensor(zeros: [outputs]))
        self.skipsZeroInputs = skipsZeroInputs
        self.productsOnWorkers = productsOnWorkers
    }

    public var inputs: Int { weight.value.shape[0] }
    public var outputs: Int { weight.value.shape[1] }
    public var description: String { "Dense \(inputs)→\(outputs)" }
    public var parameters: [Parameter<Scalar>] { [weight, bias] }
    public func outputShape(for inputShape: [Int]) -> [Int] { [outputs] }

    public func forward(_ input: Tensor<Scalar>, training: Bool) -> Tensor<Scalar> {
        let x = input.rank == 2 ? input : input.reshaped([input.shape[0], input.count / input.shape[0]])
        if skipsZeroInputs {
            let sparse = SparseRows(nonzerosOf: x)
            cachedSparseInput = training ? sparse : nil
            // The bias is added to the finished sums, as addRowVector would, without another pass.
            return sparse.times(weight.value, adding: bias.value)
        }
        cachedInput = training ? x : nil
        var y = productsOnWorkers ? Tensor<Scalar>.matmulOnWorkers(x, weight.value) : Tensor<Scalar>.matmul(x, weight.value)
        y.addRowVector(bias.value)
        return y
    }

    public func backward(_ outputGradient: Tensor<Scalar>, needsInputGradient: Bool) -> Tensor<Scalar>? {
        if let sparse = cachedSparseInput {
            sparse.transposed().times(outputGradient, into: &weight.gradient)
        } else if let x = cachedInput {
            if productsOnWorkers && needsInputGradient { return backwardSideBySide(x, outputGradient) }
            Tensor.matmul(x, outputGradient, transposeA: true, into: &weight.gradient)
        } else {
            preconditionFailure("Dense.backward without a training forward pass")
        }
        bias.gradient = outputGradient.sumRows()
        guard needsInputGradient else { return nil }
        return Tensor.matmul(outputGradient, weight.value, transposeB: true)
    }

    /// The weight and input gradients are independent products of the same
    /// size: each runs whole on one worker and one BLAS thread.
    private func backwardSideBySide(_ x: Tensor<Scalar>, _ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        // Moved out of the parameter so that the product writes into a uniquely held buffer.
        var weightGradient = weight.gradient
        weight.gradient = Tensor(zeros: [0])
        var biasGradient: Tensor<Scalar>?, inputGradient: Tensor<Scalar>?
        let weights = weight.value
        BLASThreads.with(1) {
            runSideBySide({
                Tensor.matmul(x, outputGradient, transposeA: true, into: &weightGradient)
                biasGradient = outputGradient.sumRows()
            }, {
                inputGradient = Tensor.matmul(outputGradient, weights, transposeB: true)
            })
        }
        weight.gradient = weightGradient
        bias.gradient = biasGradient!
        return inputGradient!
    }
}

import Tensor

/// 2-D convolution (cross-correlation, as in PyTorch) over NCHW batches, with
/// any kernel size, stride and zero padding. Weights are [cout, cin, kh, kw]
/// (PyTorch's layout, so kernel k of input channel c is `weight[k, c]`), biases [cout].
///
/// 3×3 stride-1 convolutions with enough input channels run through Winograd
/// (see `automaticChoice`); everything else through im2col + GEMM. A batch is
/// cut into `chunkCount` contiguous slices of samples that the worker threads
/// (`Parallelism.threads`) take in turn, each running BLAS single-threaded
/// on its own scratch buffers. Weight gradients are accumulated per slice and
/// summed in slice order, so results do not depend on the thread count or on
/// scheduling at all.
public final class Conv2D<Scalar: TensorScalar>: Layer {
    public enum Algorithm: String, Codable, CaseIterable, Sendable {
        /// Winograd where it applies and pays (see `automaticChoice`), else im2col.
        case automatic
        case im2col
        /// Winograd F(2×2, 3×3); only for 3×3 stride-1 kernels.
        case winograd2x2
        /// Winograd F(4×4, 3×3); only for 3×3 stride-1 kernels.
        case winograd4x4

        var winogradVariant: WinogradVariant? {
            switch self {
            case .winograd2x2: .f2x3
            case .winograd4x4: .f4x3
            default: nil
            }
        }
    }

    /// What `automatic` runs for a geometry: im2col + GEMM unless the kernel
    /// is 3×3 with stride 1 and has at least `minimumInputChannels` input
    /// channels (below that the Winograd GEMMs, whose inner dimension is cin,
    /// are too thin to pay). Then Winograd F(4×4, 3×3) for outputs at least 16
    /// wide, F(2×2, 3×3) for narrower ones, where F(4×4)'s tile rows are too
    /// short for its four-tile SIMD blocks (measured on SmallVGGNet's and the
    /// cats-vs-dogs VGG's layers).
    public static func automaticChoice(_ g: ConvolutionGeometry, minimumInputChannels: Int = Settings().winogradMinimumInputChannels) -> Algorithm {
        guard g.isWinogradCompatible && g.inputChannels >= minimumInputChannels else { return .im2col }
        return g.outputWidth >= 16 ? .winograd4x4 : .winograd2x2
    }

    /// How a layer trades memory for speed; a value per layer, not a process-wide switch.
    public struct Settings: Sendable, Equatable {
        /// See `automaticChoice`.
        public var winogradMinimumInputChannels = 8
        /// Up to how many bytes of Winograd-transformed inputs a training
        /// forward pass keeps for the backward pass, instead of transforming
        /// them again there (the same values, so the same gradients). The cache
        /// is 2.25× (F(4×4)) or 4× (F(2×2)) the layer's input. 0, the default,
        /// never keeps them: a forward pass that keeps none runs groups of
        /// `WinogradConvolution.forwardTargetTiles` tiles whose transforms stay
        /// in a core's cache, where a caching one writes them all out to memory
        /// in the backward pass's larger groups. Timed A/B on an Intel Xeon
        /// (4 alternated runs each), keeping up to 16 MB (this limit's earlier
        /// default) against keeping none: SmallVGGNet's epoch took 25.1 s
        /// against 23.2 s, and the ResNets (which kept only their last stage)
        /// were level (BatchNorm 83.8 s against 84.3 s, plain 70.8 s against
        /// 70.0 s) at the same peak memory.
        public var transformedInputCacheLimit = 0

        public init() {}
    }

    public let weight: Parameter<Scalar>
    public let bias: Parameter<Scalar>
    public let strideY: Int, strideX: Int
    public let paddingY: Int, paddingX: Int
    public var algorithm: Algorithm
    /// max(0, ·) applied to the output inside the convolution (Winograd in its
    /// output transform, im2col as it adds the bias) instead of by a separate
    /// ReLU layer, which would make one more pass over the largest tensors of
    /// the network, forward and backward.
    public let rectifiesOutput: Bool
    /// Worker threads; nil means `Parallelism.threads`.
    public var threads: Int?
    public let settings: Settings

    private var cachedInput: Tensor<Scalar>?
    /// The map the last training pass applied to `cachedInput` as it read it, if any.
    private var cachedInputNormalization: ChannelNormalization<Scalar>?
    /// The rectified output of the last training pass (the ReLU's mask), when `rectifiesOutput`.
    private var cachedOutput: Tensor<Scalar>?
    private var workspaces: [ConvolutionWorkspace<Scalar>] = []
    private var transformedWeights: [Scalar] = []
    /// Whether `transformedWeights` are those the last training forward pass
    /// used, which its backward pass then reuses instead of transforming the
    /// same weights again (the optimiser steps only after the backward pass).
    private var transformedWeightsForBackward = false
    private var chunkAccumulators: [Scalar] = []
    /// Winograd-transformed inputs of the last training batch, for `backward`
    /// (which consumes them: its input gradient overwrites them).
    private var transformedInputCache: [Scalar] = []
    private var transformedInputCacheValid = false

    public init(
        inputChannels: Int, outputChannels: Int, kernelHeight: Int, kernelWidth: Int,
        strideY: Int = 1, strideX: Int = 1, paddingY: Int = 0, paddingX: Int = 0,
        initializer: Initializer = .glorot, algorithm: Algorithm = .automatic, relu: Bool = false,
        settings: Settings = Settings(), rng: inout SeededGenerator
    ) {
        precondition(inputChannels > 0 && outputChannels > 0 && kernelHeight > 0 && kernelWidth > 0)
        precondition(strideY > 0 && strideX > 0 && paddingY >= 0 && paddingX >= 0)
        weight = Parameter(
            name: "weight",
            value: initializer.makeConvolutionKernel(
                outputChannels: outputChannels, inputChannels: inputChannels,
                kernelHeight: kernelHeight, kernelWidth: kernelWidth, rng: &rng))
        bias = Parameter(name: "bias", value: Tensor(zeros: [outputChannels]))
        self.strideY = strideY
        self.strideX = strideX
        self.paddingY = paddingY
        self.paddingX = paddingX
        self.algorithm = algorithm
        rectifiesOutput = relu
        self.settings = settings
        AllocatorTuning.retainFreedBlocks()
        BLASIdleWorkers.shortenSpin()
    }

    /// A square kernel with the same stride and padding along both axes.
    public convenience init(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        initializer: Initializer = .glorot, algorithm: Algorithm = .automatic, relu: Bool = false,
        settings: Settings = Settings(), rng: inout SeededGenerator
    ) {
        self.init(
            inputChannels: inputChannels, outputChannels: outputChannels, kernelHeight: kernelSize,
            kernelWidth: kernelSize, strideY: stride, strideX: stride, paddingY: padding, paddingX: padding,
            initializer: initializer, algorithm: algorithm, relu: relu, settings: settings, rng: &rng)
    }

    public var outputChannels: Int { weight.value.shape[0] }
    public var inputChannels: Int { weight.value.shape[1] }
    public var kernelHeight: Int { weight.value.shape[2] }
    public var kernelWidth: Int { weight.value.shape[3] }
    public var parameters: [Parameter<Scalar>] { [weight, bias] }

    /// "Conv 16→32 3×3 pad 1", with " stride 2" when strided.
    public var description: String {
        var text = "Conv \(inputChannels)→\(outputChannels) \(kernelHeight)×\(kernelWidth)"
        if paddingY != 0 || paddingX != 0 { text += paddingY == paddingX ? " pad \(paddingY)" : " pad \(paddingY),\(paddingX)" }
        if strideY != 1 || strideX != 1 { text += strideY == strideX ? " stride \(strideY)" : " stride \(strideY),\(strideX)" }
        if rectifiesOutput { text += " + ReLU" }
        return text
    }

    public func geometry(height: Int, width: Int) -> ConvolutionGeometry {
        ConvolutionGeometry(
            inputChannels: inputChannels, outputChannels: outputChannels, inputHeight: height, inputWidth: width,
            kernelHeight: kernelHeight, kernelWidth: kernelWidth, strideY: strideY, strideX: strideX,
            paddingY: paddingY, paddingX: paddingX)
    }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        precondition(inputShape.count == 3 && inputShape[0] == inputChannels, "\(description) needs [\(inputChannels), h, w], got \(inputShape)")
        let g = geometry(height: inputShape[1], width: inputShape[2])
        return [outputChannels, g.outputHeight, g.outputWidth]
    }

    /// The kernel this layer runs for a geometry.
    public func resolvedAlgorithm(_ g: ConvolutionGeometry) -> Algorithm {
        switch algorithm {
        case .im2col: return .im2col
        case .winograd2x2, .winograd4x4:
            precondition(g.isWinogradCompatible, "Winograd needs a 3×3 stride-1 convolution, \(description) is not")
            return algorithm
        case .automatic:
            return WinogradConvolution.supports(Scalar.self)
                ? Self.automaticChoice(g, minimumInputChannels: settings.winogradMinimumInputChannels) : .im2col
        }
    }

    private func workspaceList(_ count: Int) -> [ConvolutionWorkspace<Scalar>] {
        while workspaces.count < count { workspaces.append(ConvolutionWorkspace()) }
        return workspaces
    }

    /// Frees the scratch buffers kept between batches.
    public func releaseScratch() {
        workspaces = []
        transformedWeights = []
        transformedWeightsForBackward = false
        chunkAccumulators = []
        transformedInputCache = []
        transformedInputCacheValid = false
    }

    /// Bytes of Winograd-transformed inputs kept from the last training
    /// forward pass for the backward pass (0 above `Settings.transformedInputCacheLimit`).
    public var transformedInputCacheBytes: Int { transformedInputCache.count * MemoryLayout<Scalar>.stride }

    /// Scratch bytes held between batches.
    public var scratchBytes: Int {
        workspaces.reduce(0) { $0 + $1.bytes }
            + (transformedWeights.count + chunkAccumulators.count + transformedInputCache.count) * MemoryLayout<Scalar>.stride
    }

    private func updateTransformedWeights(_ g: ConvolutionGeometry, _ variant: WinogradVariant) {
        let count = WinogradConvolution.transformedWeightCount(g, variant)
        if transformedWeights.count != count { transformedWeights = [Scalar](repeating: 0, count: count) }
        weight.value.scalars.withUnsafeBufferPointer { w in
            transformedWeights.withUnsafeMutableBufferPointer { u in
                WinogradConvolution.transformWeights(w.baseAddress!, geometry: g, variant: variant, into: u.baseAddress!)
            }
        }
    }

    /// Slices a batch is cut into (fewer for smaller batches); fixed, so that
    /// gradients are summed the same way whatever the thread count.
    public static var chunkCount: Int { 8 }

    private func chunks(_ samples: Int) -> Int { Swift.min(Self.chunkCount, samples) }

    /// Runs `body(worker, chunk, samples)` over the batch's slices, with BLAS
    /// single-threaded while more than one worker runs.
    private func forEachChunk(samples: Int, _ body: (Int, Int, Range<Int>) -> Void) {
        let threadCount = threads ?? Parallelism.threads
        let count = chunks(samples)
        func run(_ worker: Int, _ chunk: Int) { body(worker, chunk, chunkRange(chunk, of: count, count: samples)) }
        if Swift.min(threadCount, count) <= 1 {
            // One slice may still use several BLAS threads; one thread means one.
            _ = BLASThreads.with(count == 1 ? threadCount : 1) { parallelChunkQueue(chunks: count, threads: 1, run) }
        } else {
            _ = BLASThreads.with(1) { parallelChunkQueue(chunks: count, threads: threadCount, run) }
        }
    }

    public func forward(_ input: Tensor<Scalar>, training: Bool) -> Tensor<Scalar> {
        forward(input, training: training, recordingPlaneMoments: false).output
    }

    /// `forward`, plus (when `recordingPlaneMoments`) each output plane's
    /// moments, recorded as the plane is written, for a BatchNorm that reads
    /// this output (`BatchNorm.forward(_:training:planeMoments:)`).
    ///
    /// With `normalization` (which `takesNormalizedInput` must allow), the
    /// layer convolves normalization(input) instead, applying the map to each
    /// input plane as its kernel copies the plane (see `ChannelNormalization`):
    /// what a BatchNorm feeding this layer leaves to it
    /// (`BatchNorm.normalization(of:training:planeMoments:)`).
    public func forward(
        _ input: Tensor<Scalar>, training: Bool, recordingPlaneMoments: Bool,
        normalizedBy normalization: ChannelNormalization<Scalar>? = nil
    ) -> (output: Tensor<Scalar>, planeMoments: PlaneMoments?) {
        precondition(
            normalization.map { $0.channels == inputChannels && takesNormalizedInput(input.shape) } ?? true,
            "\(description) cannot normalise an input of shape \(input.shape) itself")
        var moments = recordingPlaneMoments ? PlaneMoments(planes: input.shape[0] * outputChannels) : nil
        func run(_ recorder: PlaneMoments.Recorder?) -> Tensor<Scalar> {
            convolve(input, normalization: normalization, training: training, rectify: rectifiesOutput, planeMoments: recorder)
        }
        let y = moments == nil ? run(nil) : moments!.withRecorder { run($0) }
        cachedOutput = training && rectifiesOutput ? y : nil
        return (y, moments)
    }

    /// The convolution plus bias, without the fused ReLU: what a visualisation
    /// of the layer's responses shows. Keeps nothing for a backward pass.
    public func preActivation(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        convolve(input, normalization: nil, training: false, rectify: false, planeMoments: nil)
    }

    /// Whether `forward` can apply a `ChannelNormalization` to an input of
    /// this shape itself: only the Winograd kernels can, as they copy planes.
    public func takesNormalizedInput(_ inputShape: [Int]) -> Bool {
        guard inputShape.count == 4 && inputShape[1] == inputChannels else { return false }
        return resolvedAlgorithm(geometry(height: inputShape[2], width: inputShape[3])).winogradVariant != nil
    }

    private func convolve(
        _ input: Tensor<Scalar>, normalization: ChannelNormalization<Scalar>?, training: Bool, rectify: Bool,
        planeMoments: PlaneMoments.Recorder?
    ) -> Tensor<Scalar> {
        precondition(input.rank == 4 && input.shape[1] == inputChannels, "\(description) needs [n, \(inputChannels), h, w], got \(input.shape)")
        let n = input.shape[0]
        let g = geometry(height: input.shape[2], width: input.shape[3])
        let kind = resolvedAlgorithm(g)
        let variant = kind.winogradVariant
        cachedInput = training ? input : nil
        cachedInputNormalization = training ? normalization : nil
        if let variant { updateTransformedWeights(g, variant) }
        transformedWeightsForBackward = training && variant != nil
        let spaces = workspaceList(Swift.min(threads ?? Parallelism.threads, chunks(n)))
        // Training keeps the transformed inputs for the backward pass when they are small.
        let cacheSize = variant.map { WinogradConvolution.transformedInputCacheSize(g, $0, samples: n) } ?? 0
        let caching = training && n > 0 && cacheSize > 0
            && cacheSize * MemoryLayout<Scalar>.stride <= settings.transformedInputCacheLimit
        transformedInputCacheValid = caching
        if training && !caching && n > 0, let variant {
            // The backward pass runs larger groups than this pass; see `reserveScratch`.
            let largestChunk = (n + chunks(n) - 1) / chunks(n)
            let group = WinogradConvolution.groupSize(g, variant, samples: largestChunk)
            for space in spaces { WinogradConvolution.reserveScratch(space, geometry: g, variant: variant, groupSize: group) }
        }
        if caching {
            if transformedInputCache.count < cacheSize { transformedInputCache = [Scalar](repeating: 0, count: cacheSize) }
        } else if !transformedInputCache.isEmpty {
            transformedInputCache = []
        }
        let y = Tensor<Scalar>(shape: [n, outputChannels, g.outputHeight, g.outputWidth]) { out in
            guard n > 0 else { return }
            input.scalars.withUnsafeBufferPointer { x in
                weight.value.scalars.withUnsafeBufferPointer { w in
                    bias.value.scalars.withUnsafeBufferPointer { b in
                        transformedWeights.withUnsafeBufferPointer { u in
                          transformedInputCache.withUnsafeMutableBufferPointer { cache in
                            let xp = x.baseAddress!, wp = w.baseAddress!, bp = b.baseAddress!, yp = out.baseAddress!
                            let up = u.baseAddress, cachep = caching ? cache.baseAddress : nil
                            forEachChunk(samples: n) { worker, _, range in
                                if let variant {
                                    WinogradConvolution.forward(
                                        input: xp, inputNormalization: normalization, samples: range, geometry: g,
                                        variant: variant, transformedWeights: up!, bias: bp, output: yp,
                                        workspace: spaces[worker],
                                        groupSize: caching
                                            ? WinogradConvolution.groupSize(g, variant, samples: range.count)
                                            : WinogradConvolution.forwardGroupSize(g, variant, samples: range.count),
                                        relu: rectify, transformedInputCache: cachep, planeMoments: planeMoments)
                                } else {
                                    Im2ColConvolution.forward(
                                        input: xp, samples: range, geometry: g, weights: wp, bias: bp, output: yp,
                                        workspace: spaces[worker], groupSize: Im2ColConvolution.groupSize(g, samples: range.count),
                                        relu: rectify, planeMoments: planeMoments)
                                }
                            }
                          }
                        }
                    }
                }
            }
        }
        return y
    }

    public func backward(_ outputGradient: Tensor<Scalar>, needsInputGradient: Bool) -> Tensor<Scalar>? {
        guard let x = cachedInput else { preconditionFailure("Conv2D.backward without a training forward pass") }
        let n = x.shape[0]
        let g = geometry(height: x.shape[2], width: x.shape[3])
        let variant = resolvedAlgorithm(g).winogradVariant
        // Both kernels mask the gradient by the fused ReLU as they read it, in cache.
        let rectifiedOutput = rectifiesOutput ? cachedOutput : nil
        precondition(!rectifiesOutput || rectifiedOutput != nil, "Conv2D.backward without a training forward pass")
        precondition(outputGradient.shape == [n, outputChannels, g.outputHeight, g.outputWidth], "output gradient \(outputGradient.shape) does not match \(description)")
        if let variant, !transformedWeightsForBackward { updateTransformedWeights(g, variant) }
        transformedWeightsForBackward = false
        let accumulatorSize = variant.map { WinogradConvolution.transformedWeightCount(g, $0) } ?? outputChannels * g.patchSize
        // One weight- and one bias-gradient accumulator per slice.
        let stride = accumulatorSize + outputChannels
        if chunkAccumulators.count < chunks(n) * stride {
            chunkAccumulators = [Scalar](repeating: 0, count: chunks(n) * stride)
        }
        // The cached transformed inputs are used up by this pass.
        let useCache = transformedInputCacheValid && variant != nil
        transformedInputCacheValid = false
        let pass = BackwardPass(
            input: x, inputNormalization: cachedInputNormalization, outputGradient: outputGradient,
            rectifiedOutput: rectifiedOutput, geometry: g, variant: variant, accumulatorSize: accumulatorSize, useCache: useCache)
        var inputGradient: Tensor<Scalar>? = nil
        if needsInputGradient {
            inputGradient = Tensor(shape: x.shape) { dx in
                if n > 0 { accumulateChunkGradients(pass, inputGradient: dx.baseAddress!) }
            }
        } else if n > 0 {
            accumulateChunkGradients(pass, inputGradient: nil)
        }
        storeParameterGradients(pass, chunkCount: chunks(n))
        return inputGradient
    }

    /// What one backward pass works on.
    private struct BackwardPass {
        let input: Tensor<Scalar>
        /// The map the forward pass applied to `input` (Winograd only).
        let inputNormalization: ChannelNormalization<Scalar>?
        let outputGradient: Tensor<Scalar>
        /// The forward output whose positive entries let the gradient through, when Winograd masks it.
        let rectifiedOutput: Tensor<Scalar>?
        let geometry: ConvolutionGeometry
        let variant: WinogradVariant?
        /// Scalars of one slice's weight-gradient accumulator (transformed for Winograd).
        let accumulatorSize: Int
        /// Whether the forward pass left the transformed inputs for this pass.
        let useCache: Bool

        var stride: Int { accumulatorSize + geometry.outputChannels }
    }

    /// Each slice's weight and bias gradients into its accumulator, and its
    /// samples' input gradient into `dx` when given.
    private func accumulateChunkGradients(_ pass: BackwardPass, inputGradient dx: UnsafeMutablePointer<Scalar>?) {
        let g = pass.geometry, stride = pass.stride
        let spaces = workspaceList(Swift.min(threads ?? Parallelism.threads, chunks(pass.input.shape[0])))
        pass.input.scalars.withUnsafeBufferPointer { xb in
            pass.outputGradient.scalars.withUnsafeBufferPointer { dyb in
              (pass.rectifiedOutput?.scalars ?? []).withUnsafeBufferPointer { rectified in
                weight.value.scalars.withUnsafeBufferPointer { w in
                    transformedWeights.withUnsafeBufferPointer { u in
                      transformedInputCache.withUnsafeMutableBufferPointer { cache in
                        chunkAccumulators.withUnsafeMutableBufferPointer { acc in
                            let xp = xb.baseAddress!, dyp = dyb.baseAddress!, wp = w.baseAddress!, up = u.baseAddress
                            let accp = acc.baseAddress!, cachep = pass.useCache ? cache.baseAddress : nil
                            let rectifiedp = pass.rectifiedOutput == nil ? nil : rectified.baseAddress
                            forEachChunk(samples: pass.input.shape[0]) { worker, chunk, range in
                                let dw = accp + chunk * stride, db = dw + pass.accumulatorSize
                                zeroFill(dw, count: stride)
                                if let variant = pass.variant {
                                    WinogradConvolution.backward(
                                        input: xp, inputNormalization: pass.inputNormalization, outputGradient: dyp,
                                        rectifiedOutput: rectifiedp, samples: range, geometry: g, variant: variant, transformedWeights: up!, inputGradient: dx,
                                        transformedWeightGradient: dw, biasGradient: db, workspace: spaces[worker],
                                        groupSize: WinogradConvolution.groupSize(g, variant, samples: range.count),
                                        transformedInputCache: cachep)
                                } else {
                                    Im2ColConvolution.backward(
                                        input: xp, outputGradient: dyp, rectifiedOutput: rectifiedp, samples: range,
                                        geometry: g, weights: wp,
                                        inputGradient: dx, weightGradient: dw, biasGradient: db, workspace: spaces[worker],
                                        groupSize: Im2ColConvolution.groupSize(g, samples: range.count))
                                }
                            }
                        }
                      }
                    }
                }
              }
            }
        }
    }

    /// The slices' accumulators summed in slice order (so the result does not
    /// depend on threads), then turned into the weight and bias gradients.
    private func storeParameterGradients(_ pass: BackwardPass, chunkCount: Int) {
        let (total, biasTotal) = chunkAccumulators.withUnsafeBufferPointer { acc in
            sumOfSlices(acc.baseAddress!, slices: chunkCount, stride: pass.stride, split: pass.accumulatorSize)
        }
        if let variant = pass.variant {
            weight.gradient.scalars.withUnsafeMutableBufferPointer { dg in
                WinogradConvolution.weightGradient(fromTransformed: total, geometry: pass.geometry, variant: variant, into: dg.baseAddress!)
            }
        } else {
            weight.gradient.scalars = total
        }
        bias.gradient.scalars = biasTotal
    }
}

extension Initializer {
    /// A convolution kernel [cout, cin, kh, kw]; Glorot counts the kernel area
    /// in both fans: fan-in = cin·kh·kw, fan-out = cout·kh·kw.
    public func makeConvolutionKernel<Scalar: TensorScalar>(
        outputChannels: Int, inputChannels: Int, kernelHeight: Int, kernelWidth: Int, rng: inout SeededGenerator
    ) -> Tensor<Scalar> {
        let area = kernelHeight * kernelWidth
        return make(
            shape: [outputChannels, inputChannels, kernelHeight, kernelWidth],
            fanIn: inputChannels * area, fanOut: outputChannels * area, rng: &rng)
    }
}

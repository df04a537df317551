/// Which Winograd minimal-filtering algorithm a 3×3 stride-1 convolution uses.
public enum WinogradVariant: String, Codable, Sendable, CaseIterable {
    /// F(2×2, 3×3): 4×4 tiles, 16 products per 4 outputs (2.25× fewer than direct).
    case f2x3
    /// F(4×4, 3×3): 6×6 tiles, 36 products per 16 outputs (4× fewer than direct).
    case f4x3

    /// Side of the output block one tile produces.
    public var outputTile: Int { self == .f2x3 ? 2 : 4 }
    /// Side of the input tile (output tile + 2).
    public var inputTile: Int { outputTile + 2 }
    /// Element-wise products per tile: the number of GEMMs.
    public var components: Int { inputTile * inputTile }
}

/// 3×3 stride-1 convolution (any zero padding) through Winograd F(2×2, 3×3)
/// or F(4×4, 3×3): input tiles transformed, one GEMM over channels per
/// component, output tiles transformed back. Each call handles a contiguous
/// range of samples with one worker's scratch buffers, `groupSize` samples
/// at a time so that the GEMMs see enough tiles (their columns) while the
/// buffers stay in cache.
public enum WinogradConvolution {
    /// Tiles per GEMM the group size aims at. A constant, not a setting: the
    /// group size decides how the weight gradient's sum over tiles is split,
    /// so changing it changes results (and would need the steps' code versions bumped).
    public static let targetTiles = 512

    /// Output tiles of one sample: rows and columns of output blocks.
    @inlinable
    public static func tiles(_ g: ConvolutionGeometry, _ variant: WinogradVariant) -> (rows: Int, columns: Int) {
        let m = variant.outputTile
        return ((g.outputHeight + m - 1) / m, (g.outputWidth + m - 1) / m)
    }

    /// The zero-padded input plane the tiles are cut from.
    @inlinable
    public static func paddedPlane(_ g: ConvolutionGeometry, _ variant: WinogradVariant) -> (height: Int, width: Int) {
        let t = tiles(g, variant), m = variant.outputTile
        return (m * t.rows + 2, m * t.columns + 2)
    }

    /// Tiles per GEMM of a forward pass that keeps no transformed inputs for
    /// a backward pass (inference, and training layers above the cache
    /// limit): fewer than `targetTiles`, so that a group's transformed inputs
    /// and products stay in a core's L2 cache. Free to choose, unlike
    /// `targetTiles`, within `regroupedInputChannelLimit`.
    public static let forwardTargetTiles = 128

    /// Up to how many input channels a forward pass takes its own, smaller
    /// groups. A forward product's columns (tiles) are independent and its
    /// inner dimension is cin, so the grouping leaves every output bit as it
    /// is while the BLAS computes each dot product as one chain over cin
    /// whatever the number of columns. OpenBLAS's SkylakeX kernels do up to
    /// 448 (measured, both the small-matrix and the blocked path); beyond,
    /// the blocked path splits the chain. Every network here stays within 256.
    public static let regroupedInputChannelLimit = 256

    public static func groupSize(_ g: ConvolutionGeometry, _ variant: WinogradVariant, samples: Int) -> Int {
        groupSize(g, variant, samples: samples, targetTiles: targetTiles)
    }

    /// The group size of a forward pass that keeps no transformed inputs.
    public static func forwardGroupSize(_ g: ConvolutionGeometry, _ variant: WinogradVariant, samples: Int) -> Int {
        let target = g.inputChannels <= regroupedInputChannelLimit ? forwardTargetTiles : targetTiles
        return groupSize(g, variant, samples: samples, targetTiles: target)
    }

    private static func groupSize(_ g: ConvolutionGeometry, _ variant: WinogradVariant, samples: Int, targetTiles: Int) -> Int {
        let t = tiles(g, variant)
        return Swift.max(1, Swift.min(samples, targetTiles / Swift.max(t.rows * t.columns, 1)))
    }

    /// Scalars a cache of the transformed inputs V of `samples` samples takes
    /// (`forward` can keep V there for `backward`, which then skips
    /// transforming the inputs again). The group starting at sample s sits at
    /// `transformedInputOffset(s)`.
    public static func transformedInputCacheSize(_ g: ConvolutionGeometry, _ variant: WinogradVariant, samples: Int) -> Int {
        transformedInputOffset(g, variant, sample: samples)
    }

    @inlinable
    public static func transformedInputOffset(_ g: ConvolutionGeometry, _ variant: WinogradVariant, sample: Int) -> Int {
        let t = tiles(g, variant)
        // Per sample its tiles, rounded up to cache lines, plus the 16-scalar
        // gap `componentStride` adds per group: at least what a group takes.
        return variant.components * (alignedCount(g.inputChannels * t.rows * t.columns) + 16) * sample
    }

    /// Whether the kernels run on this scalar type (Float and Double).
    @inlinable
    public static func supports<Scalar: TensorScalar>(_: Scalar.Type) -> Bool {
        Scalar.self == Float.self || Scalar.self == Double.self
    }

    /// Scalars of the transformed weights, U[components][cout][cin].
    public static func transformedWeightCount(_ g: ConvolutionGeometry, _ variant: WinogradVariant) -> Int {
        variant.components * g.outputChannels * g.inputChannels
    }

    /// U from weights [cout][cin][3][3].
    @inlinable
    public static func transformWeights<Scalar: TensorScalar>(
        _ w: UnsafePointer<Scalar>, geometry g: ConvolutionGeometry, variant: WinogradVariant,
        into u: UnsafeMutablePointer<Scalar>
    ) {
        switch variant {
        case .f2x3: WinogradF2x3.transformWeights(w, outputChannels: g.outputChannels, inputChannels: g.inputChannels, into: u)
        case .f4x3: WinogradF4x3.transformWeights(w, outputChannels: g.outputChannels, inputChannels: g.inputChannels, into: u)
        }
    }

    /// The 3×3 weight gradient from its transformed-domain total.
    @inlinable
    public static func weightGradient<Scalar: TensorScalar>(
        fromTransformed du: UnsafePointer<Scalar>, geometry g: ConvolutionGeometry, variant: WinogradVariant,
        into dw: UnsafeMutablePointer<Scalar>
    ) {
        switch variant {
        case .f2x3:
            WinogradF2x3.weightGradient(fromTransformed: du, outputChannels: g.outputChannels, inputChannels: g.inputChannels, into: dw)
        case .f4x3:
            WinogradF4x3.weightGradient(fromTransformed: du, outputChannels: g.outputChannels, inputChannels: g.inputChannels, into: dw)
        }
    }

    /// The workspace's padded input plane for this geometry: (height + 2) rows
    /// of the tile grid plus 8 scalars of slack, zero outside the image. The
    /// zero border is laid out once and kept, since `copyInterior` only ever
    /// writes the image rows.
    @inlinable
    static func paddedInputPlane<Scalar: TensorScalar>(
        _ g: ConvolutionGeometry, _ variant: WinogradVariant, workspace: ConvolutionWorkspace<Scalar>
    ) -> UnsafeMutablePointer<Scalar> {
        let padded = paddedPlane(g, variant)
        let size = padded.height * padded.width + 8
        let layout = [padded.height, padded.width, g.paddingY, g.paddingX, g.inputHeight, g.inputWidth]
        let grew = workspace.paddedInput.capacity < size
        let plane = workspace.paddedInput.pointer(count: size)
        if grew || workspace.paddedInputLayout != layout {
            plane.update(repeating: 0, count: size)
            workspace.paddedInputLayout = layout
        }
        return plane
    }

    /// Copies channel plane `source` (H×W) into the interior of the padded
    /// plane, through `normalization` (as channel `channel`) when given.
    @inlinable
    static func copyInterior<Scalar: TensorScalar>(
        _ source: UnsafePointer<Scalar>, geometry g: ConvolutionGeometry,
        into plane: UnsafeMutablePointer<Scalar>, width wp: Int,
        normalization: ChannelNormalization<Scalar>?, channel: Int
    ) {
        let h = g.inputHeight, w = g.inputWidth
        let origin = plane + g.paddingY * wp + g.paddingX
        if let normalization {
            for y in 0..<h { normalization.apply(source + y * w, into: origin + y * wp, count: w, channel: channel) }
        } else {
            for y in 0..<h { (origin + y * wp).update(from: source + y * w, count: w) }
        }
    }

    /// Products of at most this many multiply-adds are computed at β = 0,
    /// larger ones into a C zeroed first at β = 1 (see `forward`): OpenBLAS
    /// computes products up to 10⁶ multiply-adds with small-matrix kernels
    /// whose β = 0 variant only writes C. Both give the same values; this is
    /// a variable only so that tests can send every product down either path.
    nonisolated(unsafe) public static var smallProductLimit = 1_000_000

    @inlinable
    static func writesWithoutReading(m: Int, n: Int, k: Int) -> Bool { m * n * k <= smallProductLimit }

    /// Distance between the component matrices of a group: the matrix size
    /// rounded up to whole cache lines, so that every component starts on one
    /// as the buffer does (see `ScratchBuffer.alignment`), plus one more
    /// line, so that the streams a tile transform reads or writes do not all
    /// fall into the same cache set.
    @inlinable
    static func componentStride(_ matrix: Int) -> Int { alignedCount(matrix) + 16 }

    /// `count` rounded up to a multiple of 16 scalars: whole 64-byte cache
    /// lines for Float (and for Double).
    @inlinable
    static func alignedCount(_ count: Int) -> Int { (count + 15) / 16 * 16 }

    /// Grows a worker's product buffers to what groups of `groupSize` samples
    /// need. A training forward pass that runs smaller groups than its
    /// backward pass calls it first, so that the buffers are allocated once at
    /// their final size: grown in the backward pass instead, the forward
    /// pass's smaller ones stayed in the allocator's free lists and the VGG
    /// bench peaked 80 MiB higher.
    public static func reserveScratch<Scalar: TensorScalar>(
        _ workspace: ConvolutionWorkspace<Scalar>, geometry g: ConvolutionGeometry, variant: WinogradVariant, groupSize: Int
    ) {
        let t = tiles(g, variant), width = groupSize * t.rows * t.columns
        _ = workspace.columns.pointer(count: variant.components * componentStride(g.inputChannels * width))
        _ = workspace.products.pointer(count: variant.components * componentStride(g.outputChannels * width))
    }

    /// Scalars of the per-worker plane buffer: the padded plane, 8 scalars of
    /// slack for vector reads past its end, and the transforms' temporaries.
    @inlinable
    static func planeBufferSize(_ g: ConvolutionGeometry, _ variant: WinogradVariant) -> Int {
        let t = tiles(g, variant), padded = paddedPlane(g, variant)
        let temporaries: Int
        switch variant {
        case .f2x3:
            temporaries = Swift.max(8 * t.columns, 4 * t.rows * t.columns)
        case .f4x3:
            temporaries = Swift.max(
                padded.height * 6 * t.columns, 40 * t.rows * t.columns, 36 * t.columns)
        }
        return temporariesOffset(g, variant) + temporaries
    }

    /// Where the transforms' temporaries start in the plane buffer: past the
    /// padded plane and its slack, on a cache line.
    @inlinable
    static func temporariesOffset(_ g: ConvolutionGeometry, _ variant: WinogradVariant) -> Int {
        let padded = paddedPlane(g, variant)
        return alignedCount(padded.height * padded.width + 8)
    }

    /// V for the samples start..<start+count: every input tile of every
    /// channel, of the input mapped by `normalization` when given.
    /// `scratch` holds the transform's temporaries (see `planeBufferSize`).
    @inlinable
    static func transformInputs<Scalar: TensorScalar>(
        _ x: UnsafePointer<Scalar>, normalization: ChannelNormalization<Scalar>?, start: Int, count: Int,
        geometry g: ConvolutionGeometry, variant: WinogradVariant,
        into v: UnsafeMutablePointer<Scalar>, componentStride vs: Int, workspace: ConvolutionWorkspace<Scalar>,
        scratch: UnsafeMutablePointer<Scalar>
    ) {
        let t = tiles(g, variant), padded = paddedPlane(g, variant)
        let perSample = t.rows * t.columns, width = count * perSample
        let plane = paddedInputPlane(g, variant, workspace: workspace)
        for s in 0..<count {
            let image = x + (start + s) * g.inputSampleSize
            for c in 0..<g.inputChannels {
                copyInterior(
                    image + c * g.inputPlane, geometry: g, into: plane, width: padded.width, normalization: normalization,
                    channel: c)
                let out = v + c * width + s * perSample
                switch variant {
                case .f2x3:
                    WinogradF2x3.transformInputTiles(
                        plane, planeWidth: padded.width, tilesY: t.rows, tilesX: t.columns, into: out, componentStride: vs)
                case .f4x3:
                    WinogradF4x3.transformInputTiles(
                        plane, planeWidth: padded.width, tilesY: t.rows, tilesX: t.columns, into: out, componentStride: vs,
                        scratch: scratch)
                }
            }
        }
    }

    /// y[n] = conv(x[n]) + bias for n in `samples` (max(0, ·) too with `relu`),
    /// x being the input mapped by `inputNormalization` when given.
    /// `transformedWeights` comes from `transformWeights`. With `planeMoments`,
    /// each output plane's moments are recorded right after it is written.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    @inlinable
    public static func forward<Scalar: TensorScalar>(
        input x: UnsafePointer<Scalar>, inputNormalization: ChannelNormalization<Scalar>? = nil, samples: Range<Int>,
        geometry g: ConvolutionGeometry, variant: WinogradVariant,
        transformedWeights u: UnsafePointer<Scalar>, bias: UnsafePointer<Scalar>?,
        output y: UnsafeMutablePointer<Scalar>, workspace: ConvolutionWorkspace<Scalar>,
        groupSize: Int, relu: Bool = false, transformedInputCache: UnsafeMutablePointer<Scalar>? = nil,
        planeMoments: PlaneMoments.Recorder? = nil
    ) {
        precondition(g.isWinogradCompatible, "Winograd needs a 3×3 stride-1 kernel, got \(g)")
        precondition(supports(Scalar.self), "Winograd kernels support Float and Double only")
        let t = tiles(g, variant)
        let perSample = t.rows * t.columns, components = variant.components
        let cin = g.inputChannels, cout = g.outputChannels
        let plane = workspace.plane.pointer(count: planeBufferSize(g, variant))
        let scratch = plane + temporariesOffset(g, variant)
        var start = samples.lowerBound
        while start < samples.upperBound {
            let count = Swift.min(groupSize, samples.upperBound - start)
            let width = count * perSample
            let vs = componentStride(cin * width), ms = componentStride(cout * width)
            let v = transformedInputCache.map { $0 + transformedInputOffset(g, variant, sample: start) }
                ?? workspace.columns.pointer(count: components * vs)
            let m = workspace.products.pointer(count: components * ms)
            transformInputs(
                x, normalization: inputNormalization, start: start, count: count, geometry: g, variant: variant,
                into: v, componentStride: vs, workspace: workspace, scratch: scratch)
            // Zeroing C ourselves (memset) and accumulating with β = 1 is cheaper
            // than OpenBLAS's own β = 0 pass over C, except for small products,
            // whose kernels never read C at β = 0.
            let beta: Scalar = writesWithoutReading(m: cout, n: width, k: cin) ? 0 : 1
            if beta != 0 { m.update(repeating: 0, count: components * ms) }
            for xi in 0..<components {
                Scalar.gemm(
                    transposeA: false, transposeB: false, m: cout, n: width, k: cin, alpha: 1,
                    a: u + xi * cout * cin, lda: cin, b: v + xi * vs, ldb: width,
                    beta: beta, c: m + xi * ms, ldc: width)
            }
            for s in 0..<count {
                let out = y + (start + s) * g.outputSampleSize
                for co in 0..<cout {
                    let source = m + co * width + s * perSample, destination = out + co * g.outputPlane
                    let b = bias?[co] ?? 0
                    switch variant {
                    case .f2x3:
                        WinogradF2x3.transformOutputTiles(
                            source, componentStride: ms, tilesY: t.rows, tilesX: t.columns, into: destination,
                            height: g.outputHeight, width: g.outputWidth, bias: b, relu: relu)
                    case .f4x3:
                        WinogradF4x3.transformOutputTiles(
                            source, componentStride: ms, tilesY: t.rows, tilesX: t.columns, into: destination,
                            height: g.outputHeight, width: g.outputWidth, bias: b, relu: relu, scratch: scratch)
                    }
                    if let planeMoments {
                        PlaneMoments.record(
                            destination, count: g.outputPlane, plane: (start + s) * cout + co, into: planeMoments)
                    }
                }
            }
            start += count
        }
    }

    /// Adds this range's transformed-domain weight gradient Σ dM ⊙ V to
    /// `transformedWeightGradient` ([components][cout][cin]; `weightGradient`
    /// turns the total into 3×3 kernels) and its bias gradient to
    /// `biasGradient`; when `inputGradient` is given, writes dX for these samples.
    /// `input` and `inputNormalization` are what the forward pass was given.
    /// With `rectifiedOutput` (the forward pass's max(0, ·) output), the
    /// gradient is taken as zero where that output is not positive: the
    /// ReLU's backward pass, done plane by plane in cache instead of as a
    /// separate pass over the whole gradient tensor.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    @inlinable
    public static func backward<Scalar: TensorScalar>(
        input x: UnsafePointer<Scalar>, inputNormalization: ChannelNormalization<Scalar>? = nil,
        outputGradient dy: UnsafePointer<Scalar>, rectifiedOutput: UnsafePointer<Scalar>? = nil, samples: Range<Int>,
        geometry g: ConvolutionGeometry, variant: WinogradVariant, transformedWeights u: UnsafePointer<Scalar>,
        inputGradient dx: UnsafeMutablePointer<Scalar>?,
        transformedWeightGradient du: UnsafeMutablePointer<Scalar>, biasGradient db: UnsafeMutablePointer<Scalar>,
        workspace: ConvolutionWorkspace<Scalar>, groupSize: Int, transformedInputCache: UnsafeMutablePointer<Scalar>? = nil
    ) {
        precondition(g.isWinogradCompatible, "Winograd needs a 3×3 stride-1 kernel, got \(g)")
        precondition(supports(Scalar.self), "Winograd kernels support Float and Double only")
        let t = tiles(g, variant)
        let perSample = t.rows * t.columns, components = variant.components
        let cin = g.inputChannels, cout = g.outputChannels
        let plane = workspace.plane.pointer(count: planeBufferSize(g, variant))
        let scratch = plane + temporariesOffset(g, variant)
        var start = samples.lowerBound
        while start < samples.upperBound {
            let count = Swift.min(groupSize, samples.upperBound - start)
            let width = count * perSample
            let vs = componentStride(cin * width), ms = componentStride(cout * width)
            let v: UnsafeMutablePointer<Scalar>
            if let transformedInputCache {
                // V as the forward pass left it (same samples, same groups).
                v = transformedInputCache + transformedInputOffset(g, variant, sample: start)
            } else {
                v = workspace.columns.pointer(count: components * vs)
                transformInputs(
                    x, normalization: inputNormalization, start: start, count: count, geometry: g, variant: variant,
                    into: v, componentStride: vs, workspace: workspace, scratch: scratch)
            }
            let dm = workspace.products.pointer(count: components * ms)
            // `plane` is free until the input gradient needs it.
            transformOutputGradients(
                dy, start: start, count: count, geometry: g, variant: variant, into: dm, componentStride: ms,
                biasGradient: db, rectifiedOutput: rectifiedOutput, maskedPlane: plane, scratch: scratch)
            multiplyComponents(
                v, inputStride: vs, dm, outputStride: ms, width: width, geometry: g, variant: variant,
                transformedWeights: u, transformedWeightGradient: du, inputGradientWanted: dx != nil)
            if let dx {
                accumulateInputGradients(
                    v, componentStride: vs, start: start, count: count, geometry: g, variant: variant, into: dx,
                    plane: plane, scratch: scratch)
            }
            start += count
        }
    }

    /// dM of every output-gradient plane of a group of samples, component by
    /// component (`dm[ξ · componentStride + co · width + sample tiles]`), and
    /// each plane's sum added to the bias gradient. With `rectifiedOutput`,
    /// each plane is first masked into `maskedPlane` (`outputPlane` scalars).
    @inlinable
    static func transformOutputGradients<Scalar: TensorScalar>(
        _ dy: UnsafePointer<Scalar>, start: Int, count: Int, geometry g: ConvolutionGeometry, variant: WinogradVariant,
        into dm: UnsafeMutablePointer<Scalar>, componentStride ms: Int, biasGradient db: UnsafeMutablePointer<Scalar>,
        rectifiedOutput: UnsafePointer<Scalar>?, maskedPlane: UnsafeMutablePointer<Scalar>,
        scratch: UnsafeMutablePointer<Scalar>
    ) {
        let t = tiles(g, variant), perSample = t.rows * t.columns, width = count * perSample
        for s in 0..<count {
            let offset = (start + s) * g.outputSampleSize
            for co in 0..<g.outputChannels {
                var p = dy + offset + co * g.outputPlane
                if let rectifiedOutput {
                    keepWherePositive(p, rectifiedOutput + offset + co * g.outputPlane, into: maskedPlane, count: g.outputPlane)
                    p = UnsafePointer(maskedPlane)
                }
                db[co] += WinogradF2x3.sum(p, count: g.outputPlane)
                let destination = dm + co * width + s * perSample
                switch variant {
                case .f2x3:
                    WinogradF2x3.transformOutputGradientTiles(
                        p, height: g.outputHeight, width: g.outputWidth, tilesY: t.rows, tilesX: t.columns,
                        into: destination, componentStride: ms, scratch: scratch)
                case .f4x3:
                    WinogradF4x3.transformOutputGradientTiles(
                        p, height: g.outputHeight, width: g.outputWidth, tilesY: t.rows, tilesX: t.columns,
                        into: destination, componentStride: ms, scratch: scratch)
                }
            }
        }
    }

    /// Per component ξ: dU_ξ += dM_ξ V_ξᵀ, and (when the input gradient is
    /// wanted) dV_ξ = U_ξᵀ dM_ξ written over V_ξ, which ξ no longer needs.
    @inlinable
    static func multiplyComponents<Scalar: TensorScalar>(
        _ v: UnsafeMutablePointer<Scalar>, inputStride vs: Int, _ dm: UnsafePointer<Scalar>, outputStride ms: Int,
        width: Int, geometry g: ConvolutionGeometry, variant: WinogradVariant, transformedWeights u: UnsafePointer<Scalar>,
        transformedWeightGradient du: UnsafeMutablePointer<Scalar>, inputGradientWanted: Bool
    ) {
        let cin = g.inputChannels, cout = g.outputChannels
        for xi in 0..<variant.components {
            let vXi = v + xi * vs, dmXi = dm + xi * ms
            Scalar.gemm(
                transposeA: false, transposeB: true, m: cout, n: cin, k: width, alpha: 1,
                a: dmXi, lda: width, b: vXi, ldb: width, beta: 1, c: du + xi * cout * cin, ldc: cin)
            guard inputGradientWanted else { continue }
            let beta: Scalar = writesWithoutReading(m: cin, n: width, k: cout) ? 0 : 1
            if beta != 0 { vXi.update(repeating: 0, count: cin * width) }
            Scalar.gemm(
                transposeA: true, transposeB: false, m: cin, n: width, k: cout, alpha: 1,
                a: u + xi * cout * cin, lda: cin, b: dmXi, ldb: width, beta: beta, c: vXi, ldc: width)
        }
    }

    /// The input gradient of a group of samples from dV: each channel's tiles
    /// overlap-added into a padded plane, whose interior is the gradient.
    @inlinable
    static func accumulateInputGradients<Scalar: TensorScalar>(
        _ dv: UnsafePointer<Scalar>, componentStride vs: Int, start: Int, count: Int, geometry g: ConvolutionGeometry,
        variant: WinogradVariant, into dx: UnsafeMutablePointer<Scalar>, plane: UnsafeMutablePointer<Scalar>,
        scratch: UnsafeMutablePointer<Scalar>
    ) {
        let t = tiles(g, variant), padded = paddedPlane(g, variant)
        let perSample = t.rows * t.columns, width = count * perSample, planeSize = padded.height * padded.width
        for s in 0..<count {
            let image = dx + (start + s) * g.inputSampleSize
            for c in 0..<g.inputChannels {
                plane.update(repeating: 0, count: planeSize)
                let source = dv + c * width + s * perSample
                switch variant {
                case .f2x3:
                    WinogradF2x3.accumulateInputGradientTiles(
                        source, componentStride: vs, tilesY: t.rows, tilesX: t.columns, into: plane,
                        planeWidth: padded.width, scratch: scratch)
                case .f4x3:
                    WinogradF4x3.accumulateInputGradientTiles(
                        source, componentStride: vs, tilesY: t.rows, tilesX: t.columns, into: plane,
                        planeWidth: padded.width, scratch: scratch)
                }
                let destination = image + c * g.inputPlane
                for yy in 0..<g.inputHeight {
                    (destination + yy * g.inputWidth).update(
                        from: plane + (yy + g.paddingY) * padded.width + g.paddingX, count: g.inputWidth)
                }
            }
        }
    }
}

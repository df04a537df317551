/// im2col / col2im: the patch-matrix view of a convolution that turns it into
/// one GEMM, W[cout, cin·kh·kw] · columns[cin·kh·kw, Ho·Wo].
///
/// Row r = (c·kh + ky)·kw + kx of the column matrix holds, for every output
/// position (oy, ox), the input pixel that kernel tap (c, ky, kx) meets there:
/// x[c, oy·sy − py + ky, ox·sx − px + kx], or 0 in the padding.
public enum Im2Col {
    /// Output columns ox whose input column ox·stride + offset lies in 0..<size.
    @inlinable
    static func validRange(offset: Int, stride: Int, size: Int, count: Int) -> Range<Int> {
        let low = offset >= 0 ? 0 : (-offset + stride - 1) / stride
        let last = size - 1 - offset
        let high = last < 0 ? 0 : Swift.min(count, last / stride + 1)
        return Swift.min(low, high)..<high
    }

    /// Writes the column matrix of one sample (`image` is [cin, H, W]) into
    /// `columns`, whose rows are `rowStride` apart (≥ Ho·Wo, so several samples
    /// can sit side by side).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    @inlinable
    public static func pack<Scalar: TensorScalar>(
        _ image: UnsafePointer<Scalar>, geometry g: ConvolutionGeometry,
        into columns: UnsafeMutablePointer<Scalar>, rowStride: Int
    ) {
        let h = g.inputHeight, w = g.inputWidth, ho = g.outputHeight, wo = g.outputWidth
        let sy = g.strideY, sx = g.strideX
        var row = 0
        for c in 0..<g.inputChannels {
            let plane = image + c * h * w
            for ky in 0..<g.kernelHeight {
                for kx in 0..<g.kernelWidth {
                    let destination = columns + row * rowStride
                    let offsetX = kx - g.paddingX
                    let valid = validRange(offset: offsetX, stride: sx, size: w, count: wo)
                    for oy in 0..<ho {
                        let iy = oy * sy - g.paddingY + ky
                        let d = destination + oy * wo
                        if iy < 0 || iy >= h {
                            d.update(repeating: 0, count: wo)
                            continue
                        }
                        let source = plane + iy * w + offsetX
                        if valid.lowerBound > 0 { d.update(repeating: 0, count: valid.lowerBound) }
                        if sx == 1 {
                            (d + valid.lowerBound).update(from: source + valid.lowerBound, count: valid.count)
                        } else {
                            var start = valid.lowerBound
                            if sx == 2 && Scalar.self == Float.self {
                                start = Im2ColFloat.gatherEven(
                                    .init(OpaquePointer(source)), into: .init(OpaquePointer(d)), valid,
                                    readLimit: .init(OpaquePointer(plane + h * w)))
                            }
                            for ox in start..<valid.upperBound { d[ox] = source[ox * sx] }
                        }
                        if valid.upperBound < wo { (d + valid.upperBound).update(repeating: 0, count: wo - valid.upperBound) }
                    }
                    row += 1
                }
            }
        }
    }

    /// The adjoint of `pack`: adds every entry of the column matrix back onto
    /// the input pixel it was copied from (`image` must be zeroed or hold a
    /// partial sum; padding entries are dropped).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    @inlinable
    public static func accumulate<Scalar: TensorScalar>(
        _ columns: UnsafePointer<Scalar>, rowStride: Int, geometry g: ConvolutionGeometry,
        into image: UnsafeMutablePointer<Scalar>
    ) {
        let h = g.inputHeight, w = g.inputWidth, ho = g.outputHeight, wo = g.outputWidth
        let sy = g.strideY, sx = g.strideX
        var row = 0
        for c in 0..<g.inputChannels {
            let plane = image + c * h * w
            for ky in 0..<g.kernelHeight {
                for kx in 0..<g.kernelWidth {
                    let source = columns + row * rowStride
                    let offsetX = kx - g.paddingX
                    let valid = validRange(offset: offsetX, stride: sx, size: w, count: wo)
                    for oy in 0..<ho {
                        let iy = oy * sy - g.paddingY + ky
                        if iy < 0 || iy >= h { continue }
                        let s = source + oy * wo
                        let d = plane + iy * w + offsetX
                        if sx == 1 {
                            for ox in valid { d[ox] += s[ox] }
                        } else {
                            var start = valid.lowerBound
                            if sx == 2 && Scalar.self == Float.self {
                                start = Im2ColFloat.scatterAddEven(
                                    .init(OpaquePointer(s)), into: .init(OpaquePointer(d)), valid,
                                    writeLimit: .init(OpaquePointer(plane + h * w)))
                            }
                            for ox in start..<valid.upperBound { d[ox * sx] += s[ox] }
                        }
                    }
                    row += 1
                }
            }
        }
    }
}

/// Stride-2 gathers and scatters of im2col for Float, eight columns at a
/// time. Both touch the 16 scalars from twice the first column on, so each
/// stops before the block would pass the end of its channel plane (memory of
/// another plane, sample or thread); the caller finishes the columns left.
@usableFromInline
enum Im2ColFloat {
    /// d[ox] = source[2·ox] for ox in `columns` while the reads stay below
    /// `readLimit`; returns the first column not done.
    @usableFromInline
    static func gatherEven(
        _ source: UnsafePointer<Float>, into d: UnsafeMutablePointer<Float>, _ columns: Range<Int>,
        readLimit: UnsafePointer<Float>
    ) -> Int {
        var ox = columns.lowerBound
        while ox &+ 8 <= columns.upperBound && source + (2 &* ox &+ 16) <= readLimit {
            let pairs = UnsafeRawPointer(source + 2 &* ox).loadUnaligned(as: SIMD16<Float>.self)
            UnsafeMutableRawPointer(d + ox).storeBytes(of: pairs.evenHalf, as: SIMD8<Float>.self)
            ox &+= 8
        }
        return ox
    }

    /// d[2·ox] += s[ox] for ox in `columns` while the block stays below
    /// `writeLimit`; the odd scalars between are stored back unchanged.
    /// Returns the first column not done.
    @usableFromInline
    static func scatterAddEven(
        _ s: UnsafePointer<Float>, into d: UnsafeMutablePointer<Float>, _ columns: Range<Int>,
        writeLimit: UnsafePointer<Float>
    ) -> Int {
        var ox = columns.lowerBound
        while ox &+ 8 <= columns.upperBound && UnsafePointer(d) + (2 &* ox &+ 16) <= writeLimit {
            let target = UnsafeMutableRawPointer(d + 2 &* ox)
            var pairs = target.loadUnaligned(as: SIMD16<Float>.self)
            pairs.evenHalf += UnsafeRawPointer(s + ox).loadUnaligned(as: SIMD8<Float>.self)
            target.storeBytes(of: pairs, as: SIMD16<Float>.self)
            ox &+= 8
        }
        return ox
    }
}

/// Convolution as im2col + GEMM, for any kernel, stride and padding. Each call
/// handles a contiguous range of samples with one worker's scratch buffers and
/// BLAS as it is configured (call it with BLAS single-threaded when several
/// workers run at once). Samples are packed `groupSize` at a time side by side
/// so that small images still give the GEMM enough columns.
public enum Im2ColConvolution {
    /// Samples per GEMM: enough for about `targetColumns` output positions.
    /// A constant for the same reason as `WinogradConvolution.targetTiles`.
    public static let targetColumns = 1024

    public static func groupSize(_ g: ConvolutionGeometry, samples: Int) -> Int {
        Swift.max(1, Swift.min(samples, targetColumns / Swift.max(g.outputPlane, 1)))
    }

    /// Scalars of scratch one worker needs.
    public static func scratchSize(_ g: ConvolutionGeometry, groupSize: Int) -> (columns: Int, products: Int) {
        (g.patchSize * g.outputPlane * groupSize, groupSize > 1 ? g.outputChannels * g.outputPlane * groupSize : 0)
    }

    /// y[n] = W · columns(x[n]) + bias for n in `samples`, then max(0, ·) with
    /// `relu` (in the pass that adds the bias, while the values are in cache,
    /// instead of a separate pass over the whole output). `weights` is
    /// [cout, cin·kh·kw] row-major (the [cout, cin, kh, kw] kernel as it is stored).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    @inlinable
    public static func forward<Scalar: TensorScalar>(
        input x: UnsafePointer<Scalar>, samples: Range<Int>, geometry g: ConvolutionGeometry,
        weights: UnsafePointer<Scalar>, bias: UnsafePointer<Scalar>?,
        output y: UnsafeMutablePointer<Scalar>, workspace: ConvolutionWorkspace<Scalar>, groupSize: Int,
        relu: Bool = false, planeMoments: PlaneMoments.Recorder? = nil
    ) {
        let p = g.outputPlane, k = g.patchSize, cout = g.outputChannels
        // Each output plane's moments once it is final, while it is in cache.
        func record(_ plane: UnsafePointer<Scalar>, sample: Int, channel: Int) {
            if let planeMoments { PlaneMoments.record(plane, count: p, plane: sample * cout + channel, into: planeMoments) }
        }
        let pointwise = g.kernelHeight == 1 && g.kernelWidth == 1 && g.strideY == 1 && g.strideX == 1
            && g.paddingY == 0 && g.paddingX == 0
        var start = samples.lowerBound
        while start < samples.upperBound {
            let count = Swift.min(groupSize, samples.upperBound - start)
            let width = count * p
            if count == 1 {
                let out = y + start * g.outputSampleSize
                for co in 0..<cout { (out + co * p).update(repeating: bias?[co] ?? 0, count: p) }
                let columns: UnsafePointer<Scalar>
                if pointwise {
                    columns = x + start * g.inputSampleSize
                } else {
                    let buffer = workspace.columns.pointer(count: k * p)
                    Im2Col.pack(x + start * g.inputSampleSize, geometry: g, into: buffer, rowStride: p)
                    columns = UnsafePointer(buffer)
                }
                Scalar.gemm(
                    transposeA: false, transposeB: false, m: cout, n: p, k: k, alpha: 1,
                    a: weights, lda: k, b: columns, ldb: p, beta: 1, c: out, ldc: p)
                if relu { rectify(out, into: out, count: cout * p) }
                for co in 0..<cout { record(out + co * p, sample: start, channel: co) }
            } else {
                let columns = workspace.columns.pointer(count: k * width)
                let products = workspace.products.pointer(count: cout * width)
                for s in 0..<count {
                    Im2Col.pack(x + (start + s) * g.inputSampleSize, geometry: g, into: columns + s * p, rowStride: width)
                }
                products.update(repeating: 0, count: cout * width)  // memset + β = 1 beats OpenBLAS's β = 0 pass
                Scalar.gemm(
                    transposeA: false, transposeB: false, m: cout, n: width, k: k, alpha: 1,
                    a: weights, lda: k, b: columns, ldb: width, beta: 1, c: products, ldc: width)
                for s in 0..<count {
                    let out = y + (start + s) * g.outputSampleSize
                    for co in 0..<cout {
                        let b = bias?[co] ?? 0
                        let source = products + co * width + s * p
                        let destination = out + co * p
                        if relu {
                            for i in 0..<p {
                                let value = source[i] + b
                                destination[i] = value > 0 ? value : 0
                            }
                        } else {
                            for i in 0..<p { destination[i] = source[i] + b }
                        }
                        record(destination, sample: start + s, channel: co)
                    }
                }
            }
            start += count
        }
    }

    /// Adds this range's weight gradient dY·columnsᵀ to `weightGradient`
    /// ([cout, cin·kh·kw]) and its bias gradient to `biasGradient`, and, when
    /// `inputGradient` is given, writes dX = col2im(Wᵀ · dY) for these samples.
    /// With `rectifiedOutput` (the forward pass's max(0, ·) output), dY is
    /// taken as zero where that output is not positive: the ReLU's backward
    /// pass, done as dY is gathered into the group's matrix.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    @inlinable
    public static func backward<Scalar: TensorScalar>(
        input x: UnsafePointer<Scalar>, outputGradient dy: UnsafePointer<Scalar>,
        rectifiedOutput: UnsafePointer<Scalar>? = nil, samples: Range<Int>,
        geometry g: ConvolutionGeometry, weights: UnsafePointer<Scalar>,
        inputGradient dx: UnsafeMutablePointer<Scalar>?,
        weightGradient: UnsafeMutablePointer<Scalar>, biasGradient: UnsafeMutablePointer<Scalar>,
        workspace: ConvolutionWorkspace<Scalar>, groupSize: Int
    ) {
        let p = g.outputPlane, k = g.patchSize, cout = g.outputChannels
        var start = samples.lowerBound
        while start < samples.upperBound {
            let count = Swift.min(groupSize, samples.upperBound - start)
            let width = count * p
            let columns = workspace.columns.pointer(count: k * width)
            for s in 0..<count {
                Im2Col.pack(x + (start + s) * g.inputSampleSize, geometry: g, into: columns + s * p, rowStride: width)
            }
            let gradient = gatherOutputGradient(
                dy, rectifiedOutput: rectifiedOutput, start: start, count: count, geometry: g, workspace: workspace)
            for s in 0..<count {
                for co in 0..<cout {
                    biasGradient[co] += WinogradF2x3.sum(gradient + co * width + s * p, count: p)
                }
            }
            Scalar.gemm(
                transposeA: false, transposeB: true, m: cout, n: k, k: width, alpha: 1,
                a: gradient, lda: width, b: columns, ldb: width, beta: 1, c: weightGradient, ldc: k)
            if let dx {
                // The column gradient overwrites the columns, which are no longer needed.
                columns.update(repeating: 0, count: k * width)
                Scalar.gemm(
                    transposeA: true, transposeB: false, m: k, n: width, k: cout, alpha: 1,
                    a: weights, lda: k, b: gradient, ldb: width, beta: 1, c: columns, ldc: width)
                for s in 0..<count {
                    let image = dx + (start + s) * g.inputSampleSize
                    image.update(repeating: 0, count: g.inputSampleSize)
                    Im2Col.accumulate(columns + s * p, rowStride: width, geometry: g, into: image)
                }
            }
            start += count
        }
    }

    /// The output gradient of a group of samples as one [cout, count·p]
    /// matrix, masked by `rectifiedOutput` when given. One unmasked sample is
    /// already that matrix, so it is used in place.
    @inlinable
    static func gatherOutputGradient<Scalar: TensorScalar>(
        _ dy: UnsafePointer<Scalar>, rectifiedOutput: UnsafePointer<Scalar>?, start: Int, count: Int,
        geometry g: ConvolutionGeometry, workspace: ConvolutionWorkspace<Scalar>
    ) -> UnsafePointer<Scalar> {
        let p = g.outputPlane, cout = g.outputChannels, width = count * p
        if count == 1 && rectifiedOutput == nil { return dy + start * g.outputSampleSize }
        let products = workspace.products.pointer(count: cout * width)
        for s in 0..<count {
            let offset = (start + s) * g.outputSampleSize
            for co in 0..<cout {
                let source = dy + offset + co * p, destination = products + co * width + s * p
                if let rectifiedOutput {
                    keepWherePositive(source, rectifiedOutput + offset + co * p, into: destination, count: p)
                } else {
                    destination.update(from: source, count: p)
                }
            }
        }
        return UnsafePointer(products)
    }
}

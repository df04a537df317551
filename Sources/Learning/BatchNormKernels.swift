import Tensor

/// The loops of batch normalisation, specialised for Float and Double: left
/// generic, every arithmetic operation would go through a witness call.
///
/// Each (sample, channel) plane is reduced on its own, with eight partial sums
/// in the scalar type (independent chains the compiler turns into one vector
/// register, where a single Double chain waits on every addition), and the
/// planes of a channel are combined in Double in sample order. The planes are
/// split between threads, but the combination order depends only on the
/// shape, so results do not depend on the thread count.
enum BatchNormKernels {
    /// γ and β, for recomputing where the fused rectifier cut the output (γx̂ + β ≤ 0).
    struct Affine<Scalar: TensorScalar> {
        var scale: Tensor<Scalar>
        var shift: Tensor<Scalar>
    }

    /// Mean and biased variance per channel. Each plane gives its sum and its
    /// sum of squared deviations from its own mean (two passes over a plane
    /// that sits in cache); a channel's are merged exactly as
    /// M2 = Σ M2ₚ + Σ n (x̄ₚ − x̄)², which does not cancel as E[x²] − E[x]² can.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func statistics<Scalar: TensorScalar>(
        _ input: Tensor<Scalar>, batch: Int, channels: Int, spatial: Int
    ) -> (mean: [Double], variance: [Double]) {
        var planeSum = [Double](repeating: 0, count: batch * channels), planeSquares = planeSum
        input.scalars.withUnsafeBufferPointer { x in
            planeSum.withUnsafeMutableBufferPointer { sums in
                planeSquares.withUnsafeMutableBufferPointer { squares in
                    forEachPlane(batch: batch, channels: channels) { plane, _ in
                        let p = x.baseAddress! + plane * spatial
                        let total = sum(p, spatial)
                        sums[plane] = Double(total)
                        squares[plane] = Double(sumOfSquaredDeviations(p, spatial, from: total / Scalar(spatial)))
                    }
                }
            }
        }
        let n = Double(spatial), count = Double(batch * spatial)
        var mean = [Double](repeating: 0, count: channels), variance = mean
        for c in 0..<channels {
            var total = 0.0
            for sample in 0..<batch { total += planeSum[sample * channels + c] }
            let m = total / count
            var squares = 0.0
            for sample in 0..<batch {
                let plane = sample * channels + c
                let d = planeSum[plane] / n - m
                squares += planeSquares[plane] + n * d * d
            }
            mean[c] = m
            variance[c] = squares / count
        }
        return (mean, variance)
    }

    /// x̂ = (x − μ)/σ and y = γx̂ + β (max(0, ·) of it with `relu`); x̂ only when kept.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func normalize<Scalar: TensorScalar>(
        _ input: Tensor<Scalar>, mean: [Double], inverseStd: [Double], scale: Tensor<Scalar>, shift: Tensor<Scalar>,
        batch: Int, spatial: Int, relu: Bool, keepNormalized: Bool
    ) -> (xHat: Tensor<Scalar>?, y: Tensor<Scalar>) {
        let channels = mean.count
        var xHat = keepNormalized ? Tensor<Scalar>(shape: input.shape) { _ in } : nil
        let y = Tensor<Scalar>(shape: input.shape) { out in
            input.scalars.withUnsafeBufferPointer { x in
                let h = xHat?.scalars.withUnsafeMutableBufferPointer { $0.baseAddress }
                forEachPlane(batch: batch, channels: channels) { plane, c in
                    let offset = plane * spatial
                    normalizePlane(
                        x.baseAddress! + offset, into: out.baseAddress! + offset, normalized: h.map { $0 + offset },
                        spatial, mean: Scalar(mean[c]), inverseStd: Scalar(inverseStd[c]),
                        scale: scale.scalars[c], shift: shift.scalars[c], relu: relu)
                }
            }
        }
        return (xHat, y)
    }

    /// Σ g and Σ g·x̂ per channel (the gradients of β and γ), g being the output
    /// gradient zeroed where the fused rectifier cut the output.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func gradientSums<Scalar: TensorScalar>(
        _ outputGradient: Tensor<Scalar>, _ xHat: Tensor<Scalar>, batch: Int, channels: Int, spatial: Int,
        rectifiedBy affine: Affine<Scalar>?
    ) -> (sumGrad: [Double], sumGradXHat: [Double]) {
        var planeGrad = [Double](repeating: 0, count: batch * channels), planeProduct = planeGrad
        outputGradient.scalars.withUnsafeBufferPointer { dy in
            xHat.scalars.withUnsafeBufferPointer { h in
                planeGrad.withUnsafeMutableBufferPointer { grads in
                    planeProduct.withUnsafeMutableBufferPointer { products in
                        forEachPlane(batch: batch, channels: channels) { plane, c in
                            let cut = affine.map { ($0.scale.scalars[c], $0.shift.scalars[c]) }
                            let sums = gradientPlaneSums(
                                dy.baseAddress! + plane * spatial, h.baseAddress! + plane * spatial, spatial, cut: cut)
                            grads[plane] = Double(sums.grad)
                            products[plane] = Double(sums.product)
                        }
                    }
                }
            }
        }
        var sumGrad = [Double](repeating: 0, count: channels), sumGradXHat = sumGrad
        for c in 0..<channels {
            for sample in 0..<batch {
                sumGrad[c] += planeGrad[sample * channels + c]
                sumGradXHat[c] += planeProduct[sample * channels + c]
            }
        }
        return (sumGrad, sumGradXHat)
    }

    /// dx = k · (g − mean(g) − x̂ · mean(g·x̂)) with k = γ/σ per channel.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func inputGradient<Scalar: TensorScalar>(
        _ outputGradient: Tensor<Scalar>, _ xHat: Tensor<Scalar>, factor: [Double], meanGrad: [Double],
        meanGradXHat: [Double], batch: Int, spatial: Int, rectifiedBy affine: Affine<Scalar>?
    ) -> Tensor<Scalar> {
        let channels = factor.count
        return Tensor<Scalar>(shape: outputGradient.shape) { d in
            outputGradient.scalars.withUnsafeBufferPointer { dy in
                xHat.scalars.withUnsafeBufferPointer { h in
                    forEachPlane(batch: batch, channels: channels) { plane, c in
                        let offset = plane * spatial
                        let cut = affine.map { ($0.scale.scalars[c], $0.shift.scalars[c]) }
                        inputGradientPlane(
                            dy.baseAddress! + offset, h.baseAddress! + offset, d.baseAddress! + offset, spatial,
                            k: Scalar(factor[c]), meanGrad: Scalar(meanGrad[c]), meanGradXHat: Scalar(meanGradXHat[c]),
                            cut: cut)
                    }
                }
            }
        }
    }

    /// Runs `body(plane, channel)` for every (sample, channel) plane, in parallel
    /// blocks of consecutive planes; each plane is written by exactly one task.
    @inline(__always)
    static func forEachPlane(batch: Int, channels: Int, _ body: (_ plane: Int, _ channel: Int) -> Void) {
        let planes = batch * channels
        let blocks = Swift.min(planes, 64)
        parallelChunkQueue(chunks: blocks) { _, block in
            for plane in chunkRange(block, of: blocks, count: planes) { body(plane, plane % channels) }
        }
    }
}

// Plane reductions with eight independent partial sums, combined pairwise at
// the end; the order depends only on the length, never on threads.
extension BatchNormKernels {
    @inline(__always)
    static func sum<Scalar: TensorScalar>(_ x: UnsafePointer<Scalar>, _ n: Int) -> Scalar {
        var a = (Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero)
        var i = 0
        while i + 8 <= n {
            a.0 += x[i]; a.1 += x[i + 1]; a.2 += x[i + 2]; a.3 += x[i + 3]
            a.4 += x[i + 4]; a.5 += x[i + 5]; a.6 += x[i + 6]; a.7 += x[i + 7]
            i += 8
        }
        var tail = Scalar.zero
        while i < n { tail += x[i]; i += 1 }
        return ((a.0 + a.4) + (a.1 + a.5)) + ((a.2 + a.6) + (a.3 + a.7)) + tail
    }

    @inline(__always)
    static func sumOfSquaredDeviations<Scalar: TensorScalar>(_ x: UnsafePointer<Scalar>, _ n: Int, from m: Scalar) -> Scalar {
        var a = (Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero)
        var i = 0
        while i + 8 <= n {
            let d0 = x[i] - m, d1 = x[i + 1] - m, d2 = x[i + 2] - m, d3 = x[i + 3] - m
            let d4 = x[i + 4] - m, d5 = x[i + 5] - m, d6 = x[i + 6] - m, d7 = x[i + 7] - m
            a.0 += d0 * d0; a.1 += d1 * d1; a.2 += d2 * d2; a.3 += d3 * d3
            a.4 += d4 * d4; a.5 += d5 * d5; a.6 += d6 * d6; a.7 += d7 * d7
            i += 8
        }
        var tail = Scalar.zero
        while i < n { let d = x[i] - m; tail += d * d; i += 1 }
        return ((a.0 + a.4) + (a.1 + a.5)) + ((a.2 + a.6) + (a.3 + a.7)) + tail
    }

    @inline(__always)
    static func normalizePlane<Scalar: TensorScalar>(
        _ x: UnsafePointer<Scalar>, into y: UnsafeMutablePointer<Scalar>, normalized h: UnsafeMutablePointer<Scalar>?,
        _ n: Int, mean m: Scalar, inverseStd s: Scalar, scale g: Scalar, shift b: Scalar, relu: Bool
    ) {
        // Four loops rather than tests inside one, so each stays a straight vector loop.
        switch (h, relu) {
        case let (h?, true): for i in 0..<n { let v = (x[i] - m) * s; h[i] = v; y[i] = Swift.max(g * v + b, 0) }
        case let (h?, false): for i in 0..<n { let v = (x[i] - m) * s; h[i] = v; y[i] = g * v + b }
        case (nil, true): for i in 0..<n { y[i] = Swift.max(g * ((x[i] - m) * s) + b, 0) }
        case (nil, false): for i in 0..<n { y[i] = g * ((x[i] - m) * s) + b }
        }
    }

    @inline(__always)
    static func inputGradientPlane<Scalar: TensorScalar>(
        _ dy: UnsafePointer<Scalar>, _ h: UnsafePointer<Scalar>, _ d: UnsafeMutablePointer<Scalar>, _ n: Int,
        k: Scalar, meanGrad: Scalar, meanGradXHat: Scalar, cut: (Scalar, Scalar)?
    ) {
        let (gamma, beta) = cut ?? (0, 1)  // γ = 0, β = 1 keeps every element
        for i in 0..<n {
            let v = dy[i], x = h[i]
            let grad = gamma * x + beta > 0 ? v : 0
            d[i] = k * (grad - meanGrad - x * meanGradXHat)
        }
    }

    /// Σ g and Σ g·x̂ over one plane; with `cut` (γ, β), g is zero where γx̂ + β ≤ 0.
    @inline(__always)
    static func gradientPlaneSums<Scalar: TensorScalar>(
        _ dy: UnsafePointer<Scalar>, _ h: UnsafePointer<Scalar>, _ n: Int, cut: (Scalar, Scalar)?
    ) -> (grad: Scalar, product: Scalar) {
        var g = (Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero)
        var p = g
        let (gamma, beta) = cut ?? (0, 1)  // γ = 0, β = 1 keeps every element
        // The load comes first, so the choice is a select the compiler can vectorise, not a branch.
        @inline(__always) func kept(_ i: Int) -> Scalar { let v = dy[i]; return gamma * h[i] + beta > 0 ? v : 0 }
        var i = 0
        while i + 8 <= n {
            let v0 = kept(i), v1 = kept(i + 1), v2 = kept(i + 2), v3 = kept(i + 3)
            let v4 = kept(i + 4), v5 = kept(i + 5), v6 = kept(i + 6), v7 = kept(i + 7)
            g.0 += v0; g.1 += v1; g.2 += v2; g.3 += v3; g.4 += v4; g.5 += v5; g.6 += v6; g.7 += v7
            p.0 += v0 * h[i]; p.1 += v1 * h[i + 1]; p.2 += v2 * h[i + 2]; p.3 += v3 * h[i + 3]
            p.4 += v4 * h[i + 4]; p.5 += v5 * h[i + 5]; p.6 += v6 * h[i + 6]; p.7 += v7 * h[i + 7]
            i += 8
        }
        var tailG = Scalar.zero, tailP = Scalar.zero
        while i < n { let v = kept(i); tailG += v; tailP += v * h[i]; i += 1 }
        let grad = ((g.0 + g.4) + (g.1 + g.5)) + ((g.2 + g.6) + (g.3 + g.7)) + tailG
        let product = ((p.0 + p.4) + (p.1 + p.5)) + ((p.2 + p.6) + (p.3 + p.7)) + tailP
        return (grad, product)
    }
}

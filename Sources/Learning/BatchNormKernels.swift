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

    /// The batch's μ and 1/σ per channel, in Double as computed. x̂ = (x − μ)/σ
    /// is recomputed from them wherever it is needed, in the scalar type and
    /// with the same two operations, so the forward and the backward pass see
    /// the same x̂ bit for bit without it being stored: keeping the layer's
    /// input instead saves writing an activation-sized tensor every forward pass.
    struct Normalization {
        var mean: [Double]
        var inverseStd: [Double]
    }

    /// Each plane's sum and sum of squared deviations from its own mean (two
    /// passes over a plane that sits in cache), the same as a convolution
    /// records when it writes the plane.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func planeMoments<Scalar: TensorScalar>(_ input: Tensor<Scalar>, batch: Int, channels: Int, spatial: Int) -> PlaneMoments {
        var moments = PlaneMoments(planes: batch * channels)
        input.scalars.withUnsafeBufferPointer { x in
            moments.withRecorder { recorder in
                forEachPlane(batch: batch, channels: channels) { plane, _ in
                    PlaneMoments.record(x.baseAddress! + plane * spatial, count: spatial, plane: plane, into: recorder)
                }
            }
        }
        return moments
    }

    /// Mean and biased variance per channel from its planes' moments, merged
    /// in Double in sample order as M2 = Σ M2ₚ + Σ n (x̄ₚ − x̄)², which does not
    /// cancel as E[x²] − E[x]² can.
    static func statistics(_ moments: PlaneMoments, batch: Int, channels: Int, spatial: Int) -> (mean: [Double], variance: [Double]) {
        precondition(moments.count == batch * channels, "\(moments.count) plane moments for \(batch) × \(channels) planes")
        let n = Double(spatial), count = Double(batch * spatial)
        var mean = [Double](repeating: 0, count: channels), variance = mean
        for c in 0..<channels {
            var total = 0.0
            for sample in 0..<batch { total += moments.sums[sample * channels + c] }
            let m = total / count
            var squares = 0.0
            for sample in 0..<batch {
                let plane = sample * channels + c
                let d = moments.sums[plane] / n - m
                squares += moments.squaredDeviations[plane] + n * d * d
            }
            mean[c] = m
            variance[c] = squares / count
        }
        return (mean, variance)
    }

    /// `map` applied to every plane of `input`. With a `residual` r, y = max(0,
    /// (γx̂ + β) + r) instead (the map must then not rectify), the values of
    /// adding r to the output and rectifying the sum (`Tensor.addRectifying`).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func normalize<Scalar: TensorScalar>(
        _ input: Tensor<Scalar>, _ map: ChannelNormalization<Scalar>, batch: Int, spatial: Int,
        residual: Tensor<Scalar>? = nil
    ) -> Tensor<Scalar> {
        precondition(residual.map { $0.shape == input.shape } ?? true, "residual of another shape than \(input.shape)")
        precondition(residual == nil || !map.rectifies, "a rectifying normalisation with a residual")
        return Tensor<Scalar>(shape: input.shape) { out in
            input.scalars.withUnsafeBufferPointer { x in
                (residual?.scalars ?? []).withUnsafeBufferPointer { r in
                    forEachPlane(batch: batch, channels: map.channels) { plane, c in
                        let offset = plane * spatial
                        if residual != nil {
                            normalizeAddRectifyPlane(
                                x.baseAddress! + offset, r.baseAddress! + offset, into: out.baseAddress! + offset,
                                spatial, map, channel: c)
                        } else {
                            map.apply(x.baseAddress! + offset, into: out.baseAddress! + offset, count: spatial, channel: c)
                        }
                    }
                }
            }
        }
    }

    /// Σ g and Σ g·x̂ per channel (the gradients of β and γ), g being the output
    /// gradient zeroed where the fused rectifier cut the output.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func gradientSums<Scalar: TensorScalar>(
        _ outputGradient: Tensor<Scalar>, input: Tensor<Scalar>, _ n: Normalization, batch: Int, channels: Int,
        spatial: Int, rectifiedBy affine: Affine<Scalar>?
    ) -> (sumGrad: [Double], sumGradXHat: [Double]) {
        var planeGrad = [Double](repeating: 0, count: batch * channels), planeProduct = planeGrad
        outputGradient.scalars.withUnsafeBufferPointer { dy in
            input.scalars.withUnsafeBufferPointer { x in
                planeGrad.withUnsafeMutableBufferPointer { grads in
                    planeProduct.withUnsafeMutableBufferPointer { products in
                        forEachPlane(batch: batch, channels: channels) { plane, c in
                            let cut = affine.map { ($0.scale.scalars[c], $0.shift.scalars[c]) }
                            let sums = gradientPlaneSums(
                                dy.baseAddress! + plane * spatial, x.baseAddress! + plane * spatial, spatial,
                                mean: Scalar(n.mean[c]), inverseStd: Scalar(n.inverseStd[c]), cut: cut)
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
        _ outputGradient: Tensor<Scalar>, input: Tensor<Scalar>, _ n: Normalization, factor: [Double],
        meanGrad: [Double], meanGradXHat: [Double], batch: Int, spatial: Int, rectifiedBy affine: Affine<Scalar>?
    ) -> Tensor<Scalar> {
        let channels = factor.count
        return Tensor<Scalar>(shape: outputGradient.shape) { d in
            outputGradient.scalars.withUnsafeBufferPointer { dy in
                input.scalars.withUnsafeBufferPointer { x in
                    forEachPlane(batch: batch, channels: channels) { plane, c in
                        let offset = plane * spatial
                        let cut = affine.map { ($0.scale.scalars[c], $0.shift.scalars[c]) }
                        inputGradientPlane(
                            dy.baseAddress! + offset, x.baseAddress! + offset, d.baseAddress! + offset, spatial,
                            mean: Scalar(n.mean[c]), inverseStd: Scalar(n.inverseStd[c]),
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

extension BatchNormKernels {
    /// y = max(0, (γx̂ + β) + r), rectified as `addThenRectify` does (NaN and −0 give +0).
    @inline(__always)
    static func normalizeAddRectifyPlane<Scalar: TensorScalar>(
        _ x: UnsafePointer<Scalar>, _ r: UnsafePointer<Scalar>, into y: UnsafeMutablePointer<Scalar>, _ n: Int,
        _ map: ChannelNormalization<Scalar>, channel c: Int
    ) {
        let (m, s, g, b) = (map.mean[c], map.inverseStd[c], map.scale[c], map.shift[c])
        for i in 0..<n {
            let sum = (g * normalized(x[i], m, s) + b) + r[i]
            y[i] = sum > 0 ? sum : 0
        }
    }

    /// x̂ of one element, as every pass computes it (`ChannelNormalization.normalized`).
    @inline(__always)
    static func normalized<Scalar: TensorScalar>(_ x: Scalar, _ mean: Scalar, _ inverseStd: Scalar) -> Scalar {
        ChannelNormalization<Scalar>.normalized(x, mean, inverseStd)
    }

    @inline(__always)
    static func inputGradientPlane<Scalar: TensorScalar>(
        _ dy: UnsafePointer<Scalar>, _ x: UnsafePointer<Scalar>, _ d: UnsafeMutablePointer<Scalar>, _ n: Int,
        mean m: Scalar, inverseStd s: Scalar, k: Scalar, meanGrad: Scalar, meanGradXHat: Scalar, cut: (Scalar, Scalar)?
    ) {
        let (gamma, beta) = cut ?? (0, 1)  // γ = 0, β = 1 keeps every element
        for i in 0..<n {
            let v = dy[i], h = normalized(x[i], m, s)
            let grad = gamma * h + beta > 0 ? v : 0
            d[i] = k * (grad - meanGrad - h * meanGradXHat)
        }
    }

    /// Σ g and Σ g·x̂ over one plane; with `cut` (γ, β), g is zero where γx̂ + β ≤ 0.
    @inline(__always)
    static func gradientPlaneSums<Scalar: TensorScalar>(
        _ dy: UnsafePointer<Scalar>, _ x: UnsafePointer<Scalar>, _ n: Int, mean m: Scalar, inverseStd s: Scalar,
        cut: (Scalar, Scalar)?
    ) -> (grad: Scalar, product: Scalar) {
        var g = (Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero)
        var p = g
        let (gamma, beta) = cut ?? (0, 1)  // γ = 0, β = 1 keeps every element
        // (g, g·x̂) of one element. The load comes first, so the choice is a
        // select the compiler can vectorise, not a branch.
        @inline(__always) func terms(_ i: Int) -> (Scalar, Scalar) {
            let v = dy[i], h = normalized(x[i], m, s)
            let kept = gamma * h + beta > 0 ? v : 0
            return (kept, kept * h)
        }
        var i = 0
        while i + 8 <= n {
            let t0 = terms(i), t1 = terms(i + 1), t2 = terms(i + 2), t3 = terms(i + 3)
            let t4 = terms(i + 4), t5 = terms(i + 5), t6 = terms(i + 6), t7 = terms(i + 7)
            g.0 += t0.0; g.1 += t1.0; g.2 += t2.0; g.3 += t3.0; g.4 += t4.0; g.5 += t5.0; g.6 += t6.0; g.7 += t7.0
            p.0 += t0.1; p.1 += t1.1; p.2 += t2.1; p.3 += t3.1; p.4 += t4.1; p.5 += t5.1; p.6 += t6.1; p.7 += t7.1
            i += 8
        }
        var tailG = Scalar.zero, tailP = Scalar.zero
        while i < n { let t = terms(i); tailG += t.0; tailP += t.1; i += 1 }
        let grad = ((g.0 + g.4) + (g.1 + g.5)) + ((g.2 + g.6) + (g.3 + g.7)) + tailG
        let product = ((p.0 + p.4) + (p.1 + p.5)) + ((p.2 + p.6) + (p.3 + p.7)) + tailP
        return (grad, product)
    }
}

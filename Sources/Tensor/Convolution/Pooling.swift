/// Max pooling over the planes of NCHW tensors (no padding): each output is
/// the largest input of its window; the arg-max (the first one in row-major
/// window order on ties) is recorded so the backward pass can route the
/// gradient to it.
public enum MaxPooling {
    /// Output size along one axis.
    @inlinable
    public static func outputSize(input: Int, window: Int, stride: Int) -> Int {
        input >= window ? (input - window) / stride + 1 : 0
    }

    /// Pools `planes` planes of height×width; `argmax` receives, per output,
    /// the flat index within its input plane of the chosen input.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    @inlinable
    public static func forward<Scalar: TensorScalar>(
        _ x: UnsafePointer<Scalar>, planes: Range<Int>, height: Int, width: Int,
        windowHeight: Int, windowWidth: Int, strideY: Int, strideX: Int,
        into y: UnsafeMutablePointer<Scalar>, argmax: UnsafeMutablePointer<Int32>?
    ) {
        let ho = outputSize(input: height, window: windowHeight, stride: strideY)
        let wo = outputSize(input: width, window: windowWidth, stride: strideX)
        let inPlane = height * width, outPlane = ho * wo
        let twoByTwo = windowHeight == 2 && windowWidth == 2 && strideY == 2 && strideX == 2
        for p in planes {
            let source = x + p * inPlane
            let out = y + p * outPlane
            let arg = argmax.map { $0 + p * outPlane }
            for oy in 0..<ho {
                var start = 0
                if twoByTwo && Scalar.self == Float.self {
                    let r0 = UnsafeRawPointer(source + 2 * oy * width).assumingMemoryBound(to: Float.self)
                    start = MaxPoolingFloat.forwardRow(
                        r0, r0 + width, rowOffset: Int32(2 * oy * width), width: Int32(width), count: wo,
                        UnsafeMutableRawPointer(out + oy * wo).assumingMemoryBound(to: Float.self), arg.map { $0 + oy * wo })
                }
                for ox in start..<wo {
                    var best: Scalar
                    var bestIndex: Int
                    if twoByTwo {
                        let i0 = 2 * oy * width + 2 * ox
                        best = source[i0]
                        bestIndex = i0
                        if source[i0 + 1] > best { best = source[i0 + 1]; bestIndex = i0 + 1 }
                        if source[i0 + width] > best { best = source[i0 + width]; bestIndex = i0 + width }
                        if source[i0 + width + 1] > best { best = source[i0 + width + 1]; bestIndex = i0 + width + 1 }
                    } else {
                        let i0 = oy * strideY * width + ox * strideX
                        best = source[i0]
                        bestIndex = i0
                        for ky in 0..<windowHeight {
                            for kx in 0..<windowWidth {
                                let i = i0 + ky * width + kx
                                if source[i] > best { best = source[i]; bestIndex = i }
                            }
                        }
                    }
                    out[oy * wo + ox] = best
                    arg?[oy * wo + ox] = Int32(truncatingIfNeeded: bestIndex)
                }
            }
        }
    }

    /// dX: each output gradient added to the input its forward pass chose;
    /// zero elsewhere (overlapping windows add up).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    @inlinable
    public static func backward<Scalar: TensorScalar>(
        _ dy: UnsafePointer<Scalar>, argmax: UnsafePointer<Int32>, planes: Range<Int>,
        inputPlaneSize: Int, outputPlaneSize: Int, into dx: UnsafeMutablePointer<Scalar>
    ) {
        for p in planes {
            let destination = dx + p * inputPlaneSize
            destination.update(repeating: 0, count: inputPlaneSize)
            let source = dy + p * outputPlaneSize
            let arg = argmax + p * outputPlaneSize
            for i in 0..<outputPlaneSize { destination[Int(arg[i])] += source[i] }
        }
    }
}

/// SIMD versions of 2×2, stride-2 max pooling for Float, four outputs at a time.
@usableFromInline
enum MaxPoolingFloat {
    /// One output row from input rows `r0`, `r1`; returns the outputs done.
    @usableFromInline
    static func forwardRow(
        _ r0: UnsafePointer<Float>, _ r1: UnsafePointer<Float>, rowOffset: Int32, width: Int32, count: Int,
        _ out: UnsafeMutablePointer<Float>, _ arg: UnsafeMutablePointer<Int32>?
    ) -> Int {
        var ox = 0
        let lane = SIMD4<Int32>(0, 2, 4, 6)
        while ox &+ 4 <= count {
            let top = UnsafeRawPointer(r0 + 2 &* ox).loadUnaligned(as: SIMD8<Float>.self)
            let bottom = UnsafeRawPointer(r1 + 2 &* ox).loadUnaligned(as: SIMD8<Float>.self)
            // Window order (0,0), (0,1), (1,0), (1,1); strictly greater replaces, so the first maximum wins.
            var best = top.evenHalf
            var index = SIMD4<Int32>(repeating: 0)
            @inline(__always) func consider(_ candidate: SIMD4<Float>, _ k: Int32) {
                let greater = candidate .> best
                best.replace(with: candidate, where: greater)
                index.replace(with: SIMD4(repeating: k), where: greater)
            }
            consider(top.oddHalf, 1)
            consider(bottom.evenHalf, 2)
            consider(bottom.oddHalf, 3)
            UnsafeMutableRawPointer(out + ox).storeBytes(of: best, as: SIMD4<Float>.self)
            if let arg {
                // Flat plane index: row offset + 2·ox + column bit + (row bit)·width.
                let column = index & 1, row = index &>> 1
                let flat = SIMD4(repeating: rowOffset &+ 2 &* Int32(ox)) &+ lane &+ column &+ row &* width
                UnsafeMutableRawPointer(arg + ox).storeBytes(of: flat, as: SIMD4<Int32>.self)
            }
            ox &+= 4
        }
        return ox
    }
}

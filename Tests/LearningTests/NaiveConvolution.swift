import Learning
import Tensor

/// Straightforward loop implementations that the fast layers are checked against.
enum Naive {
    struct Spec: CustomStringConvertible {
        var n: Int, cin: Int, cout: Int, h: Int, w: Int
        var kh: Int, kw: Int, sy: Int = 1, sx: Int = 1, py: Int = 0, px: Int = 0
        var ho: Int { (h + 2 * py - kh) / sy + 1 }
        var wo: Int { (w + 2 * px - kw) / sx + 1 }
        var description: String { "n\(n) \(cin)→\(cout) \(h)×\(w) k\(kh)×\(kw) s\(sy),\(sx) p\(py),\(px)" }
    }

    /// y[n,co,oy,ox] = b[co] + Σ_ci,ky,kx w[co,ci,ky,kx] · x[n,ci,oy·sy−py+ky, ox·sx−px+kx].
    static func convolution(_ x: Tensor<Double>, _ w: Tensor<Double>, _ b: Tensor<Double>, _ s: Spec) -> Tensor<Double> {
        var y = Tensor<Double>(zeros: [s.n, s.cout, s.ho, s.wo])
        for n in 0..<s.n { for co in 0..<s.cout { for oy in 0..<s.ho { for ox in 0..<s.wo {
            var sum = b[co]
            for ci in 0..<s.cin { for ky in 0..<s.kh { for kx in 0..<s.kw {
                let iy = oy * s.sy - s.py + ky, ix = ox * s.sx - s.px + kx
                if iy >= 0 && iy < s.h && ix >= 0 && ix < s.w { sum += w[co, ci, ky, kx] * x[n, ci, iy, ix] }
            } } }
            y[n, co, oy, ox] = sum
        } } } }
        return y
    }

    /// Gradients of Σ dy ⊙ y with respect to x, w and b.
    static func convolutionGradients(
        _ x: Tensor<Double>, _ w: Tensor<Double>, _ dy: Tensor<Double>, _ s: Spec
    ) -> (dx: Tensor<Double>, dw: Tensor<Double>, db: Tensor<Double>) {
        var dx = Tensor<Double>(zeros: x.shape), dw = Tensor<Double>(zeros: w.shape), db = Tensor<Double>(zeros: [s.cout])
        for n in 0..<s.n { for co in 0..<s.cout { for oy in 0..<s.ho { for ox in 0..<s.wo {
            let g = dy[n, co, oy, ox]
            db[co] += g
            for ci in 0..<s.cin { for ky in 0..<s.kh { for kx in 0..<s.kw {
                let iy = oy * s.sy - s.py + ky, ix = ox * s.sx - s.px + kx
                if iy >= 0 && iy < s.h && ix >= 0 && ix < s.w {
                    dw[co, ci, ky, kx] += g * x[n, ci, iy, ix]
                    dx[n, ci, iy, ix] += g * w[co, ci, ky, kx]
                }
            } } }
        } } } }
        return (dx, dw, db)
    }

    /// Max pooling with the first maximum (row-major) winning ties; returns the
    /// output and, per output, the flat input index chosen.
    static func maxPool(_ x: Tensor<Double>, kh: Int, kw: Int, sy: Int, sx: Int) -> (Tensor<Double>, [Int]) {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let ho = (h - kh) / sy + 1, wo = (w - kw) / sx + 1
        var y = Tensor<Double>(zeros: [n, c, ho, wo])
        var chosen: [Int] = []
        for i in 0..<n { for ch in 0..<c { for oy in 0..<ho { for ox in 0..<wo {
            var best = -Double.infinity, where_ = -1
            for ky in 0..<kh { for kx in 0..<kw {
                let v = x[i, ch, oy * sy + ky, ox * sx + kx]
                if where_ < 0 || v > best { best = v; where_ = x.offset(of: [i, ch, oy * sy + ky, ox * sx + kx]) }
            } }
            y[i, ch, oy, ox] = best
            chosen.append(where_)
        } } } }
        return (y, chosen)
    }
}

extension Tensor where Scalar == Double {
    func maxDifference(_ other: Tensor<Double>) -> Double {
        precondition(shape == other.shape, "\(shape) vs \(other.shape)")
        return zip(scalars, other.scalars).reduce(0) { Swift.max($0, abs($1.0 - $1.1)) }
    }
}

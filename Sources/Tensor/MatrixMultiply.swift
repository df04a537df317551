/// Matrix products on rank-2 tensors, through BLAS.
extension Tensor {
    /// op(a) · op(b), where op transposes when asked.
    public static func matmul(
        _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false
    ) -> Tensor {
        let (m, n) = productShape(a, transposeA, b, transposeB)
        let k = transposeA ? a.shape[0] : a.shape[1]
        // BLAS with beta 0 sets every element of c (it never reads it), so c
        // is not zero-filled first; an empty product is all zeros.
        if k == 0 { return Tensor(zeros: [m, n]) }
        return Tensor(shape: [m, n]) { c in
            guard m > 0 && n > 0 else { return }
            a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    Scalar.gemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                        alpha: 1, a: pa.baseAddress!, lda: a.shape[1], b: pb.baseAddress!, ldb: b.shape[1],
                        beta: 0, c: c.baseAddress!, ldc: n)
                }
            }
        }
    }

    /// c = alpha · op(a) · op(b) + beta · c, reusing c's storage.
    public static func matmul(
        _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false,
        into c: inout Tensor, alpha: Scalar = 1, beta: Scalar = 0
    ) {
        let (m, n) = productShape(a, transposeA, b, transposeB)
        precondition(c.shape == [m, n], "output shape \(c.shape), expected [\(m), \(n)]")
        let k = transposeA ? a.shape[0] : a.shape[1]
        if m == 0 || n == 0 { return }
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                c.scalars.withUnsafeMutableBufferPointer { pc in
                    Scalar.gemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                        alpha: alpha, a: pa.baseAddress!, lda: a.shape[1],
                        b: pb.baseAddress!, ldb: b.shape[1],
                        beta: beta, c: pc.baseAddress!, ldc: n)
                }
            }
        }
    }

    static func productShape(
        _ a: Tensor, _ transposeA: Bool, _ b: Tensor, _ transposeB: Bool
    ) -> (Int, Int) {
        precondition(a.rank == 2 && b.rank == 2, "matmul needs matrices, got \(a.shape) and \(b.shape)")
        let (m, ka) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (kb, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        precondition(ka == kb, "inner dimensions differ: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "")")
        return (m, n)
    }
}

/// Matrix products split between our own worker threads, each running BLAS
/// single-threaded on a slice of the product's columns.
///
/// Why not BLAS's own threads: at Problem 1's 100-row forward product,
/// OpenBLAS's two-thread sgemm profiled at 110–150 GFLOP/s on a 2-core AMD
/// EPYC, two column slices of one-thread sgemm at about 155; and after every
/// multi-threaded call OpenBLAS's idle thread spins in `sched_yield`, taking
/// a core from the work that runs on our workers next (the MLP's sparse
/// first layer).
///
/// The slices depend on the product's shape only, so the result does not
/// depend on the worker count (tested); it can differ in the last bits from
/// a multi-threaded BLAS call.
extension Tensor {
    /// op(a) · op(b) on the workers.
    public static func matmulOnWorkers(
        _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false, workers: Int = Parallelism.threads
    ) -> Tensor {
        let (m, n, k) = workerProductShape(a, transposeA, b, transposeB)
        if k == 0 { return Tensor(zeros: [m, n]) }
        return Tensor(shape: [m, n]) { c in
            guard let pc = c.baseAddress else { return }
            multiplyOnWorkers(a, b, transposeA, transposeB, into: pc, workers: workers)
        }
    }

    /// Products smaller than this many multiply-adds run whole on the calling thread.
    static var workerSplitMinimumMultiplyAdds: Int { 1 << 18 }

    /// The narrowest slice but a last one. Slices this wide keep each BLAS
    /// call on its general kernels (OpenBLAS sends tiny products to other
    /// code, which sums in another order).
    static var minimumSliceColumns: Int { 192 }

    /// Column slices of `n`: a power of two of them (so that they divide
    /// evenly between 2 or 4 workers), each a multiple of 16 columns (one
    /// 512-bit vector of Float) but the last. They depend on the product's
    /// shape only, never on the worker count, so results do not either.
    static func workerColumnSlices(n: Int, multiplyAdds: Int) -> [Range<Int>] {
        var pieces = 1
        while multiplyAdds >= workerSplitMinimumMultiplyAdds && pieces * 2 * minimumSliceColumns <= n { pieces *= 2 }
        let step = (n / pieces + 15) / 16 * 16
        return stride(from: 0, to: n, by: Swift.max(step, 1)).map { $0..<Swift.min($0 + step, n) }
    }

    /// c = op(a) · op(b), every element written (BLAS with beta 0 never reads c).
    private static func multiplyOnWorkers(
        _ a: Tensor, _ b: Tensor, _ transposeA: Bool, _ transposeB: Bool,
        into c: UnsafeMutablePointer<Scalar>, workers: Int
    ) {
        let (m, n, k) = workerProductShape(a, transposeA, b, transposeB)
        guard m > 0 && n > 0 && k > 0 else { return }
        let slices = workerColumnSlices(n: n, multiplyAdds: m &* n &* k)
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                // m, n and k are positive here (the caller returns zeros when k is 0): neither factor is empty.
                let aBase = pa.baseAddress!, bBase = pb.baseAddress!
                _ = BLASThreads.with(1) {
                    parallelChunkQueue(chunks: slices.count, threads: workers) { _, index in
                        let columns = slices[index]
                        // op(b)'s columns j… start at element j of b's row 0, or at b's row j when transposed.
                        let bSlice = bBase + (transposeB ? columns.lowerBound &* b.shape[1] : columns.lowerBound)
                        Scalar.gemm(
                            transposeA: transposeA, transposeB: transposeB, m: m, n: columns.count, k: k,
                            alpha: 1, a: aBase, lda: a.shape[1], b: bSlice, ldb: b.shape[1],
                            beta: 0, c: c + columns.lowerBound, ldc: n)
                    }
                }
            }
        }
    }

    private static func workerProductShape(
        _ a: Tensor, _ transposeA: Bool, _ b: Tensor, _ transposeB: Bool
    ) -> (m: Int, n: Int, k: Int) {
        let (m, n) = productShape(a, transposeA, b, transposeB)
        return (m, n, transposeA ? a.shape[0] : a.shape[1])
    }
}

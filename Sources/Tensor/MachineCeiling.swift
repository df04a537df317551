import Dispatch

/// The machine's float32 limit on the day: a large square sgemm through the
/// BLAS in use, on `threads` threads. Nothing we run can beat what the BLAS
/// reaches on its best case, so a network's GFLOP/s over this number says how
/// far from the machine's limit it is, independently of any anchor.
public enum MachineCeiling {
    /// Best GFLOP/s over `repeats` products of two n×n matrices (2n³ FLOPs each).
    public static func sgemmGFLOPS(size n: Int = 2048, repeats: Int = 5, threads: Int = Parallelism.threads) -> Double {
        var rng = SeededGenerator(seed: 3)
        let a = Tensor<Float>.uniform(shape: [n, n], low: -1, high: 1, using: &rng)
        let b = Tensor<Float>.uniform(shape: [n, n], low: -1, high: 1, using: &rng)
        var c = Tensor<Float>(zeros: [n, n])
        return BLASThreads.with(threads) {
            Tensor.matmul(a, b, into: &c)  // warm-up: thread pool, page faults
            var best = 0.0
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                Tensor.matmul(a, b, into: &c)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                best = Swift.max(best, 2 * Double(n) * Double(n) * Double(n) / seconds / 1e9)
            }
            return best
        }
    }
}

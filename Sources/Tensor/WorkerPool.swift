import CWorkerPool

/// The helper threads behind `parallelChunks` and `parallelChunkQueue` (see
/// `CWorkerPool/include/worker_pool.h` for why they are not Dispatch's).
public enum WorkerPool {
    /// Runs `body(i)` for every i in 0..<iterations on the calling thread and
    /// up to `Parallelism.threads − 1` helpers; returns when all are done.
    /// `body` must be safe to run on several threads at once.
    /// Processor seconds the pool's threads have spent so far yielding while
    /// they wait (for a pass, or for its last iterations): subtract them from
    /// the process's processor time to count the cores that worked.
    public static var waitingSeconds: Double { Double(a1_pool_waiting_nanoseconds()) / 1e9 }

    public static func perform(iterations: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            var closure = body
            // The C pool returns only after every iteration has returned, so
            // the pointer to the closure never outlives this call.
            withUnsafeMutablePointer(to: &closure) { context in
                a1_pool_perform(Parallelism.threads &- 1, iterations, { context, iteration in
                    context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(iteration)
                }, context)
            }
        }
    }
}

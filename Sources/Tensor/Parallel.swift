import Foundation

/// How many worker threads compute kernels use. Defaults to the cores
/// available; `A1REPORT_THREADS` overrides it (results depend on the
/// thread count only through the order of floating-point sums).
public enum Parallelism {
    nonisolated(unsafe) public static var threads: Int = {
        if let text = ProcessInfo.processInfo.environment["A1REPORT_THREADS"], let n = Int(text), n > 0 {
            return n
        }
        return ProcessInfo.processInfo.activeProcessorCount
    }()
}

/// Runs `body(chunk)` for `chunks` contiguous slices of 0..<count, in parallel.
/// The split depends only on `count` and the thread count, so results that
/// reduce per chunk are reproducible.
public func parallelChunks(
    _ count: Int, threads: Int = Parallelism.threads, _ body: (Range<Int>) -> Void
) {
    let workers = Swift.max(1, Swift.min(threads, count))
    if workers == 1 {
        body(0..<count)
        return
    }
    WorkerPool.perform(iterations: workers) { w in
        let start = count * w / workers
        let end = count * (w + 1) / workers
        body(start..<end)
    }
}

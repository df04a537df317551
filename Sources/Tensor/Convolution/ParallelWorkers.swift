import Foundation

/// Runs `body(worker, chunk)` for every chunk in 0..<chunks on up to `threads`
/// workers that take the next chunk as they become free (so a worker that the
/// OS delays does not hold the others back). `worker` (0..<workers) names the
/// worker running the chunk, for its scratch buffers; anything that must be
/// reproducible should depend on `chunk` only (e.g. one gradient accumulator
/// per chunk, summed in chunk order afterwards). Returns the number of workers.
@discardableResult
public func parallelChunkQueue(
    chunks: Int, threads: Int = Parallelism.threads, _ body: (_ worker: Int, _ chunk: Int) -> Void
) -> Int {
    let workers = Swift.max(1, Swift.min(threads, chunks))
    if workers == 1 {
        for chunk in 0..<chunks { body(0, chunk) }
        return 1
    }
    let lock = NSLock()
    var next = 0
    WorkerPool.perform(iterations: workers) { worker in
        while true {
            lock.lock()
            let chunk = next
            next += 1
            lock.unlock()
            if chunk >= chunks { break }
            body(worker, chunk)
        }
    }
    return workers
}

/// The `chunk`-th of `chunks` contiguous, near-equal slices of 0..<count.
@inlinable
public func chunkRange(_ chunk: Int, of chunks: Int, count: Int) -> Range<Int> {
    (count * chunk / chunks)..<(count * (chunk + 1) / chunks)
}

/// Runs `body` on contiguous ranges of 0..<count that the workers take in
/// turn, `grain` elements or more each (one range when count is smaller), for
/// work whose every element is computed on its own, so that the split leaves
/// every result as it is: element-wise passes, a layer's weight transforms,
/// the sum of its slices' gradients.
public func forEachParallelRange(_ count: Int, grain: Int, _ body: (Range<Int>) -> Void) {
    let blocks = Swift.max(1, count / Swift.max(grain, 1))
    _ = parallelChunkQueue(chunks: blocks) { _, block in body(chunkRange(block, of: blocks, count: count)) }
}

/// Runs two independent pieces of work at once, on two workers when there
/// are two (one after the other otherwise); returns when both are done.
public func runSideBySide(_ first: () -> Void, _ second: () -> Void) {
    parallelChunkQueue(chunks: 2) { _, piece in
        if piece == 0 { first() } else { second() }
    }
}

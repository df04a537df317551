import Dispatch

/// Runs `side` on another thread while `main` runs on this one; returns both
/// results. The loaders use it to fingerprint a file while decoding it, which
/// takes the hash off the critical path on a two-core machine.
func concurrently<Side, Main>(
    _ side: @escaping @Sendable () -> Side, _ main: () throws -> Main
) throws -> (Side, Main) {
    let box = Box<Side>()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { box.value = side() }
    // Wait even when `main` throws, so `side` never outlives the call.
    defer { group.wait() }
    let mainResult = try main()
    group.wait()
    return (box.value!, mainResult)
}

/// Written by one thread, read by another only after `group.wait()`.
private final class Box<Value>: @unchecked Sendable {
    var value: Value?
}

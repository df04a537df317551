#if canImport(Glibc)
import Glibc
#endif

/// After every multi-threaded call, OpenBLAS's idle workers spin in
/// `sched_yield` for 2^28 clock cycles (about a tenth of a second) before they
/// sleep. In a convolutional network the dense layers' products are the only
/// threaded BLAS calls; the convolutions run on our own two workers, so the
/// spinning worker takes a core from them: 18 % of a Problem 2 build's
/// samples under `perf`, and about 16 % of a SmallVGGNet epoch.
///
/// OpenBLAS reads its `OPENBLAS_THREAD_TIMEOUT` variable when it starts its
/// workers, which it first does as the library loads, before any Swift code
/// runs. It also stops them before a `fork` and starts them again, re-reading
/// the variable; `shortenSpin` calls those same exported functions with the
/// variable set, then restores the environment, so that child processes (the
/// numpy and PyTorch anchors) keep OpenBLAS's default. The setting only
/// decides when an idle thread sleeps, so no result changes.
public enum BLASIdleWorkers {
    /// 2^20 cycles, a fraction of a millisecond: longer than the gap between
    /// the products of one dense layer, shorter than one convolution.
    public static let spinExponent = 20

    /// Makes idle workers sleep after 2^`spinExponent` cycles, once per
    /// process; later calls do nothing. Does nothing when the user set
    /// `OPENBLAS_THREAD_TIMEOUT` (or `GOTO_THREAD_TIMEOUT`), or when the BLAS
    /// is not an OpenBLAS with these functions. Call it while no BLAS call
    /// runs (networks are built before they train), as it restarts the workers.
    /// Returns whether the setting is now in force.
    @discardableResult
    public static func shortenSpin() -> Bool { applied }

    private static let applied: Bool = {
        #if canImport(Glibc)
        if getenv("OPENBLAS_THREAD_TIMEOUT") != nil || getenv("GOTO_THREAD_TIMEOUT") != nil { return false }
        typealias CFunction = @convention(c) () -> Void
        typealias CIntFunction = @convention(c) () -> Int32
        guard let handle = dlopen(nil, RTLD_NOW),
              let readEnvironment = dlsym(handle, "openblas_read_env"),
              let stopWorkers = dlsym(handle, "blas_thread_shutdown_"),
              let startWorkers = dlsym(handle, "blas_thread_init")
        else { return false }
        setenv("OPENBLAS_THREAD_TIMEOUT", String(spinExponent), 1)
        defer { unsetenv("OPENBLAS_THREAD_TIMEOUT") }
        // Older OpenBLAS reads the variable itself when its workers start,
        // newer ones through `openblas_read_env`'s copy: this covers both.
        unsafeBitCast(readEnvironment, to: CFunction.self)()
        _ = unsafeBitCast(stopWorkers, to: CIntFunction.self)()
        _ = unsafeBitCast(startWorkers, to: CIntFunction.self)()
        return true
        #else
        return false
        #endif
    }()
}

#if canImport(Glibc)
import Glibc
#endif

/// Training allocates and frees the same large activation and gradient
/// tensors every batch. glibc serves blocks from 128 KiB up with fresh
/// `mmap`s and returns them on `free`, so every batch page-faults its
/// activations in again: about 15% of a SmallVGGNet step, and a third of a
/// cats-vs-dogs step, whose first activations are 64 MiB each. Serving large
/// blocks from the heap (no mmap) and trimming the heap only past 512 MiB of
/// free space keeps freed blocks for the next batch; the price is that the
/// process's resident size stays at its peak. Process-wide; does nothing off glibc.
public enum AllocatorTuning {
    /// Applies the thresholds once per process (later calls do nothing).
    public static func retainFreedBlocks() { _ = applied }

    private static let applied: Bool = {
        #if canImport(Glibc)
        typealias MalloptFunction = @convention(c) (Int32, Int32) -> Int32
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: MalloptFunction.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3, mmapMax: Int32 = -4  // M_TRIM_THRESHOLD, …
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(mmapMax, 0)
        _ = mallopt(trimThreshold, 512 << 20)
        return true
        #else
        return false
        #endif
    }()
}

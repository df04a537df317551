/// A growable, uninitialised scratch allocation that a kernel keeps between
/// calls, so the large per-batch buffers (im2col columns, Winograd tiles) are
/// allocated once per layer and worker rather than once per batch.
///
/// Not thread-safe: give each worker its own.
public final class ScratchBuffer<Scalar: TensorScalar> {
    public private(set) var capacity: Int = 0
    @usableFromInline var storage: UnsafeMutablePointer<Scalar>?

    public init() {}

    deinit { storage?.deallocate() }

    /// A pointer to at least `count` scalars; contents are unspecified
    /// (they keep what the last user wrote unless the buffer had to grow).
    @inlinable
    public func pointer(count: Int) -> UnsafeMutablePointer<Scalar> {
        if count > capacity || storage == nil { grow(to: count) }
        return storage!
    }

    /// Bytes every buffer starts on. Vector stores that straddle two cache
    /// lines cost about twice one that does not: the Winograd input
    /// transform's column pass, writing V into malloc's 16-byte-aligned
    /// memory, took 3.1 µs a 64×64 plane against 1.7 µs with V on 32 bytes.
    public static var alignment: Int { 64 }

    @usableFromInline
    func grow(to count: Int) {
        storage?.deallocate()
        let newCapacity = Swift.max(count, 1)
        storage = UnsafeMutableRawPointer.allocate(
            byteCount: newCapacity * MemoryLayout<Scalar>.stride, alignment: Self.alignment
        ).bindMemory(to: Scalar.self, capacity: newCapacity)
        capacity = newCapacity
    }

    /// Frees the memory (it is allocated again on the next use).
    public func release() {
        storage?.deallocate()
        storage = nil
        capacity = 0
    }
}

/// The scratch buffers one worker of a convolution uses.
public final class ConvolutionWorkspace<Scalar: TensorScalar> {
    /// im2col columns, or Winograd-domain input tiles.
    public let columns = ScratchBuffer<Scalar>()
    /// GEMM outputs: Winograd-domain products, or im2col outputs of a group.
    public let products = ScratchBuffer<Scalar>()
    /// One image plane (and transform temporaries) that gradients accumulate into.
    public let plane = ScratchBuffer<Scalar>()
    /// One zero-padded input plane whose zero border is kept between uses.
    public let paddedInput = ScratchBuffer<Scalar>()
    /// The layout `paddedInput`'s zero border was laid out for, if any.
    public var paddedInputLayout: [Int] = []
    /// This worker's weight-gradient accumulator.
    public let weightGradient = ScratchBuffer<Scalar>()
    /// This worker's bias-gradient accumulator.
    public let biasGradient = ScratchBuffer<Scalar>()

    public init() {}

    public var bytes: Int {
        MemoryLayout<Scalar>.stride
            * (columns.capacity + products.capacity + plane.capacity + paddedInput.capacity
                + weightGradient.capacity + biasGradient.capacity)
    }

    public func release() {
        for buffer in [columns, products, plane, paddedInput, weightGradient, biasGradient] { buffer.release() }
        paddedInputLayout = []
    }
}

extension Tensor {
    /// A tensor whose scalars `initializer` writes, without zero-filling first
    /// (large layer outputs are written exactly once by their kernel anyway).
    /// `initializer` must set every element.
    @inlinable
    public init(shape: [Int], initializingWith initializer: (UnsafeMutableBufferPointer<Scalar>) -> Void) {
        let count = shape.reduce(1, *)
        let scalars = [Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
            initializer(buffer)
            initialized = count
        }
        self.init(shape: shape, scalars: scalars)
    }
}

import Tensor

extension Sequential {
    /// Multiply-adds per sample of every layer's forward pass, as for the
    /// direct algorithm whatever kernel runs: a convolution costs
    /// cout·Ho·Wo·cin·kh·kw, a dense layer inputs·outputs, a layer without
    /// weights nothing, and a residual block its body and shortcut.
    public var multiplyAddsPerLayer: [Int] {
        var shape = inputShape
        return layers.map { layer in
            defer { shape = layer.outputShape(for: shape) }
            return Self.multiplyAdds(layer, inputShape: shape)
        }
    }

    static func multiplyAdds(_ layer: any Layer<Scalar>, inputShape: [Int]) -> Int {
        if let conv = layer as? Conv2D<Scalar> {
            return conv.geometry(height: inputShape[1], width: inputShape[2]).multiplyAddsPerSample
        }
        if let dense = layer as? Dense<Scalar> { return dense.inputs * dense.outputs }
        if let block = layer as? ResidualBlock<Scalar> {
            return [block.body, block.shortcut].reduce(0) { total, path in
                var shape = inputShape
                return total + path.reduce(0) { (sum: Int, inner: any Layer<Scalar>) -> Int in
                    defer { shape = inner.outputShape(for: shape) }
                    return sum + multiplyAdds(inner, inputShape: shape)
                }
            }
        }
        return 0
    }
}

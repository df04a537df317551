import Tensor

/// Max pooling over each channel of NCHW batches (no padding, windows that do
/// not fit are dropped as in PyTorch). The backward pass sends each output's
/// gradient to the input that was its maximum, the first one on ties.
public final class MaxPool2D<Scalar: TensorScalar>: Layer {
    public let windowHeight: Int, windowWidth: Int
    public let strideY: Int, strideX: Int
    /// Worker threads; nil means `Parallelism.threads`.
    public var threads: Int?

    /// Per output, the flat index within its input plane of the chosen input.
    private var cachedArgmax: [Int32] = []
    private var cachedInputShape: [Int]?

    public init(windowHeight: Int, windowWidth: Int, strideY: Int, strideX: Int) {
        precondition(windowHeight > 0 && windowWidth > 0 && strideY > 0 && strideX > 0)
        self.windowHeight = windowHeight
        self.windowWidth = windowWidth
        self.strideY = strideY
        self.strideX = strideX
    }

    /// A square window; the stride defaults to the window size.
    public convenience init(size: Int = 2, stride: Int? = nil) {
        self.init(windowHeight: size, windowWidth: size, strideY: stride ?? size, strideX: stride ?? size)
    }

    public var description: String {
        var text = "MaxPool \(windowHeight)×\(windowWidth)"
        if strideY != windowHeight || strideX != windowWidth {
            text += strideY == strideX ? " stride \(strideY)" : " stride \(strideY),\(strideX)"
        }
        return text
    }

    private func outputSize(height: Int, width: Int) -> (Int, Int) {
        (MaxPooling.outputSize(input: height, window: windowHeight, stride: strideY),
         MaxPooling.outputSize(input: width, window: windowWidth, stride: strideX))
    }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        precondition(inputShape.count == 3, "\(description) needs [c, h, w], got \(inputShape)")
        let (ho, wo) = outputSize(height: inputShape[1], width: inputShape[2])
        return [inputShape[0], ho, wo]
    }

    public func forward(_ input: Tensor<Scalar>, training: Bool) -> Tensor<Scalar> {
        precondition(input.rank == 4, "\(description) needs [n, c, h, w], got \(input.shape)")
        let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let (ho, wo) = outputSize(height: h, width: w)
        precondition(ho > 0 && wo > 0, "\(description) does not fit \(h)×\(w)")
        let planes = n * c
        cachedInputShape = training ? input.shape : nil
        if training {
            if cachedArgmax.count != planes * ho * wo { cachedArgmax = [Int32](repeating: 0, count: planes * ho * wo) }
        } else {
            cachedArgmax = []
        }
        return Tensor(shape: [n, c, ho, wo]) { out in
            input.scalars.withUnsafeBufferPointer { x in
                cachedArgmax.withUnsafeMutableBufferPointer { arg in
                    let xp = x.baseAddress!, yp = out.baseAddress!, ap = training ? arg.baseAddress : nil
                    let chunks = Swift.min(planes, 16)
                    parallelChunkQueue(chunks: chunks, threads: threads ?? Parallelism.threads) { _, chunk in
                        let range = chunkRange(chunk, of: chunks, count: planes)
                        MaxPooling.forward(
                            xp, planes: range, height: h, width: w, windowHeight: windowHeight, windowWidth: windowWidth,
                            strideY: strideY, strideX: strideX, into: yp, argmax: ap)
                    }
                }
            }
        }
    }

    public func backward(_ outputGradient: Tensor<Scalar>, needsInputGradient: Bool) -> Tensor<Scalar>? {
        guard needsInputGradient else { return nil }
        guard let shape = cachedInputShape else { preconditionFailure("MaxPool2D.backward without a training forward pass") }
        let planes = shape[0] * shape[1]
        let inputPlane = shape[2] * shape[3]
        let outputPlane = outputGradient.count / Swift.max(planes, 1)
        precondition(outputPlane * planes == cachedArgmax.count, "output gradient \(outputGradient.shape) does not match the forward pass")
        return Tensor(shape: shape) { dx in
            outputGradient.scalars.withUnsafeBufferPointer { dy in
                cachedArgmax.withUnsafeBufferPointer { arg in
                    let dyp = dy.baseAddress!, ap = arg.baseAddress!, dxp = dx.baseAddress!
                    let chunks = Swift.min(planes, 16)
                    parallelChunkQueue(chunks: chunks, threads: threads ?? Parallelism.threads) { _, chunk in
                        let range = chunkRange(chunk, of: chunks, count: planes)
                        MaxPooling.backward(
                            dyp, argmax: ap, planes: range, inputPlaneSize: inputPlane, outputPlaneSize: outputPlane,
                            into: dxp)
                    }
                }
            }
        }
    }
}

/// The sizes of one 2-D convolution over NCHW images: channels, kernel,
/// stride, zero padding and the input image size, from which the output size follows.
public struct ConvolutionGeometry: Hashable, Sendable, CustomStringConvertible {
    public var inputChannels: Int
    public var outputChannels: Int
    public var inputHeight: Int
    public var inputWidth: Int
    public var kernelHeight: Int
    public var kernelWidth: Int
    public var strideY: Int
    public var strideX: Int
    public var paddingY: Int
    public var paddingX: Int

    public init(
        inputChannels: Int, outputChannels: Int, inputHeight: Int, inputWidth: Int,
        kernelHeight: Int, kernelWidth: Int, strideY: Int = 1, strideX: Int = 1,
        paddingY: Int = 0, paddingX: Int = 0
    ) {
        precondition(inputChannels > 0 && outputChannels > 0, "channel counts must be positive")
        precondition(kernelHeight > 0 && kernelWidth > 0 && strideY > 0 && strideX > 0, "kernel and stride must be positive")
        precondition(paddingY >= 0 && paddingX >= 0, "padding must not be negative")
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.inputHeight = inputHeight
        self.inputWidth = inputWidth
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.strideY = strideY
        self.strideX = strideX
        self.paddingY = paddingY
        self.paddingX = paddingX
        precondition(
            inputHeight + 2 * paddingY >= kernelHeight && inputWidth + 2 * paddingX >= kernelWidth,
            "kernel \(kernelHeight)×\(kernelWidth) larger than padded input \(inputHeight)×\(inputWidth) pad \(paddingY),\(paddingX)")
    }

    public var outputHeight: Int { (inputHeight + 2 * paddingY - kernelHeight) / strideY + 1 }
    public var outputWidth: Int { (inputWidth + 2 * paddingX - kernelWidth) / strideX + 1 }
    public var inputPlane: Int { inputHeight * inputWidth }
    public var outputPlane: Int { outputHeight * outputWidth }
    /// Scalars of one input sample (C·H·W) and of one output sample.
    public var inputSampleSize: Int { inputChannels * inputPlane }
    public var outputSampleSize: Int { outputChannels * outputPlane }
    /// Rows of the im2col matrix: cin·kh·kw.
    public var patchSize: Int { inputChannels * kernelHeight * kernelWidth }
    /// Multiply-adds of the forward pass for one sample.
    public var multiplyAddsPerSample: Int { outputSampleSize * patchSize }

    /// True when the Winograd F(2×2, 3×3) kernels apply: 3×3, stride 1.
    public var isWinogradCompatible: Bool {
        kernelHeight == 3 && kernelWidth == 3 && strideY == 1 && strideX == 1
    }

    public var description: String {
        "\(inputChannels)×\(inputHeight)×\(inputWidth) → \(outputChannels)×\(outputHeight)×\(outputWidth), "
            + "kernel \(kernelHeight)×\(kernelWidth), stride \(strideY),\(strideX), pad \(paddingY),\(paddingX)"
    }
}

import Tensor

/// Runs layers in order: a Sequential's, a residual block's body or shortcut,
/// with two fusions that give the values of running the layers one by one:
/// - In training, a convolution followed by a BatchNorm records each output
///   plane's moments as it writes the plane, while the plane is in cache, and
///   the BatchNorm builds its batch statistics from them instead of reading
///   its whole input once more: the same sums of the same values.
/// - A BatchNorm followed by a convolution that can take it over (Winograd)
///   does not write its output: it hands the convolution its input and its
///   map, which the convolution applies to each plane as it copies it. The
///   normalised tensor, as large as the input, is then never written out and
///   read back, nor kept for the convolution's backward pass.
enum LayerChain {
    /// The output of `layers` on `input`; with `momentsOfLast`, also the plane
    /// moments of the last layer's output when that layer is a convolution
    /// (for a BatchNorm the caller runs itself).
    static func forward<Scalar: TensorScalar>(
        _ layers: ArraySlice<any Layer<Scalar>>, _ input: Tensor<Scalar>, training: Bool, momentsOfLast: Bool = false
    ) -> (output: Tensor<Scalar>, planeMoments: PlaneMoments?) {
        var x = input
        var moments: PlaneMoments? = nil
        // A BatchNorm's map, left to the convolution after it.
        var pending: ChannelNormalization<Scalar>? = nil
        for i in layers.indices {
            let layer = layers[i], next = layers.index(after: i)
            let following = next < layers.endIndex ? layers[next] : nil
            if let norm = layer as? BatchNorm<Scalar>, let conv = following as? Conv2D<Scalar>,
               conv.takesNormalizedInput(x.shape) {
                pending = norm.normalization(of: x, training: training, planeMoments: moments)
                moments = nil
                continue
            }
            if let conv = layer as? Conv2D<Scalar> {
                let feedsBatchNorm = training && (following.map { $0 is BatchNorm<Scalar> } ?? momentsOfLast)
                (x, moments) = conv.forward(x, training: training, recordingPlaneMoments: feedsBatchNorm, normalizedBy: pending)
                pending = nil
                continue
            }
            if let norm = layer as? BatchNorm<Scalar>, let recorded = moments {
                x = norm.forward(x, training: training, planeMoments: recorded)
            } else {
                x = layer.forward(x, training: training)
            }
            moments = nil
        }
        return (x, moments)
    }
}

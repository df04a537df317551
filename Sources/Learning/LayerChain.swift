import Tensor

/// Runs layers in order: a Sequential's, a residual block's body or shortcut.
/// In training, a convolution followed by a BatchNorm records each output
/// plane's moments as it writes the plane, while the plane is in cache, and
/// the BatchNorm builds its batch statistics from them instead of reading its
/// whole input once more: the same sums of the same values, so the same
/// statistics bit for bit.
enum LayerChain {
    /// The output of `layers` on `input`; with `momentsOfLast`, also the plane
    /// moments of the last layer's output when that layer is a convolution
    /// (for a BatchNorm the caller runs itself).
    static func forward<Scalar: TensorScalar>(
        _ layers: ArraySlice<any Layer<Scalar>>, _ input: Tensor<Scalar>, training: Bool, momentsOfLast: Bool = false
    ) -> (output: Tensor<Scalar>, planeMoments: PlaneMoments?) {
        var x = input
        var moments: PlaneMoments? = nil
        for i in layers.indices {
            let layer = layers[i]
            if training, let conv = layer as? Conv2D<Scalar> {
                let next = layers.index(after: i)
                let feedsBatchNorm = next < layers.endIndex ? layers[next] is BatchNorm<Scalar> : momentsOfLast
                if feedsBatchNorm {
                    (x, moments) = conv.forward(x, training: true, recordingPlaneMoments: true)
                    continue
                }
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

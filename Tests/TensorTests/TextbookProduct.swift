import Tensor

/// Textbook triple loop on op(a)·op(b): the reference for the BLAS products.
func textbookProduct(_ a: Tensor<Double>, _ b: Tensor<Double>, _ ta: Bool, _ tb: Bool) -> Tensor<Double> {
    let m = ta ? a.shape[1] : a.shape[0], k = ta ? a.shape[0] : a.shape[1]
    let n = tb ? b.shape[0] : b.shape[1]
    var c = Tensor<Double>(zeros: [m, n])
    for i in 0..<m { for j in 0..<n {
        var s = 0.0
        for p in 0..<k { s += (ta ? a[p, i] : a[i, p]) * (tb ? b[j, p] : b[p, j]) }
        c[i, j] = s
    } }
    return c
}

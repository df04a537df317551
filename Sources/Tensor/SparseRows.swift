import CWinograd

/// A matrix's nonzero entries, row by row (compressed sparse rows), for a
/// dense layer whose inputs are mostly zeros: 81 % of MNIST's pixels are.
/// Its product with a dense matrix skips the zeros, which a BLAS product
/// multiplies and adds.
///
/// Every product sums the nonzero terms in increasing index order, each
/// product rounded and then added (never an FMA), in the C kernel and in the
/// Swift loop alike, so Float gives the same bits on every CPU.
public struct SparseRows<Scalar: TensorScalar>: Sendable {
    public let rowCount: Int
    public let columnCount: Int
    /// The nonzero values, row after row, each row in increasing column order.
    let values: [Scalar]
    /// The column of each value.
    let columns: [Int32]
    /// Row r's values are values[starts[r]..<starts[r + 1]].
    let starts: [Int]

    /// The nonzero entries of a rank-2 tensor.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public init(nonzerosOf matrix: Tensor<Scalar>) {
        precondition(matrix.rank == 2, "SparseRows needs a matrix, got \(matrix.shape)")
        precondition(matrix.shape[1] <= Int(Int32.max), "\(matrix.shape[1]) columns do not fit 32-bit indices")
        let (rows, width) = (matrix.shape[0], matrix.shape[1])
        var values: [Scalar] = [], columns: [Int32] = [], starts = [0]
        starts.reserveCapacity(rows + 1)
        matrix.scalars.withUnsafeBufferPointer { x in
            for r in 0..<rows {
                for c in 0..<width where x[r &* width &+ c] != 0 {
                    values.append(x[r &* width &+ c])
                    columns.append(Int32(truncatingIfNeeded: c))
                }
                starts.append(values.count)
            }
        }
        self.init(rowCount: rows, columnCount: width, values: values, columns: columns, starts: starts)
    }

    init(rowCount: Int, columnCount: Int, values: [Scalar], columns: [Int32], starts: [Int]) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.values = values
        self.columns = columns
        self.starts = starts
    }

    /// Nonzero entries over all entries (1 for an empty matrix).
    public var density: Double {
        rowCount * columnCount == 0 ? 1 : Double(values.count) / Double(rowCount * columnCount)
    }

    /// The transpose's nonzeros, row by row: a column of this matrix becomes a
    /// row whose entries keep this matrix's row order.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func transposed() -> SparseRows {
        var counts = [Int](repeating: 0, count: columnCount + 1)
        for c in columns { counts[Int(c) &+ 1] &+= 1 }
        for c in 0..<columnCount { counts[c &+ 1] &+= counts[c] }
        let starts = counts
        var next = counts
        var values = [Scalar](repeating: 0, count: self.values.count)
        var rows = [Int32](repeating: 0, count: self.values.count)
        for r in 0..<rowCount {
            for k in self.starts[r]..<self.starts[r &+ 1] {
                let c = Int(columns[k])
                values[next[c]] = self.values[k]
                rows[next[c]] = Int32(truncatingIfNeeded: r)
                next[c] &+= 1
            }
        }
        return SparseRows(rowCount: columnCount, columnCount: rowCount, values: values, columns: rows, starts: starts)
    }

    /// self · dense: [rowCount, dense.shape[1]]. Rows are split between the workers.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func times(_ dense: Tensor<Scalar>) -> Tensor<Scalar> {
        checkFactor(dense)
        // Every element is written once by the product, so none is zero-filled first.
        return Tensor(shape: [rowCount, dense.shape[1]]) { multiply(by: dense, into: $0) }
    }

    /// self · dense written over `product` ([rowCount, dense.shape[1]]), reusing its storage.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func times(_ dense: Tensor<Scalar>, into product: inout Tensor<Scalar>) {
        checkFactor(dense)
        precondition(product.shape == [rowCount, dense.shape[1]],
                     "product shape \(product.shape), expected [\(rowCount), \(dense.shape[1])]")
        product.scalars.withUnsafeMutableBufferPointer { multiply(by: dense, into: $0) }
    }

    private func checkFactor(_ dense: Tensor<Scalar>) {
        precondition(dense.rank == 2 && dense.shape[0] == columnCount,
                     "cannot multiply \(rowCount)×\(columnCount) sparse rows by \(dense.shape)")
    }

    /// Writes every element of the rowCount × dense.shape[1] product into `out`.
    private func multiply(by dense: Tensor<Scalar>, into out: UnsafeMutableBufferPointer<Scalar>) {
        guard let o = out.baseAddress else { return }
        let width = dense.shape[1]
        dense.scalars.withUnsafeBufferPointer { d in
            // No columns to read: every product is an empty sum.
            guard let dp = d.baseAddress else { return o.update(repeating: 0, count: out.count) }
            // Eight blocks of rows for the workers to take in turn (rows'
            // nonzeros vary); small products stay on one thread.
            let blocks = values.count &* width < 1 << 16 ? 1 : Swift.min(8, rowCount)
            forEachParallelRange(rowCount, grain: rowCount / Swift.max(blocks, 1)) { rows in
                multiplyRows(rows, by: dp, width: width, into: o)
            }
        }
    }

    private func multiplyRows(
        _ rows: Range<Int>, by dense: UnsafePointer<Scalar>, width: Int, into out: UnsafeMutablePointer<Scalar>
    ) {
        if values.isEmpty {
            (out + rows.lowerBound &* width).update(repeating: 0, count: rows.count &* width)
        } else if Scalar.self == Float.self {
            multiplyRowsInC(rows, by: dense, width: width, into: out, level: WinogradKernels.level)
        } else {
            multiplyRowsInSwift(rows, by: dense, width: width, into: out)
        }
    }

    /// The C kernel at `level` (at most `WinogradKernels.level`); Float only, with at least one nonzero.
    func multiplyRowsInC(
        _ rows: Range<Int>, by dense: UnsafePointer<Scalar>, width: Int, into out: UnsafeMutablePointer<Scalar>,
        level: Int32
    ) {
        values.withUnsafeBufferPointer { v in
            columns.withUnsafeBufferPointer { c in
                starts.withUnsafeBufferPointer { s in
                    a1_sparse_rows_times_dense(
                        level, UnsafeRawPointer(v.baseAddress!).assumingMemoryBound(to: Float.self), c.baseAddress!,
                        s.baseAddress!, rows.lowerBound, rows.upperBound,
                        UnsafeRawPointer(dense).assumingMemoryBound(to: Float.self), width,
                        UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self))
                }
            }
        }
    }

    /// The same sums in Swift: Double's, and the C kernel's reference.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func multiplyRowsInSwift(
        _ rows: Range<Int>, by dense: UnsafePointer<Scalar>, width: Int, into out: UnsafeMutablePointer<Scalar>
    ) {
        for r in rows {
            let row = out + r &* width
            row.update(repeating: 0, count: width)
            for k in starts[r]..<starts[r &+ 1] {
                let v = values[k], source = dense + Int(columns[k]) &* width
                for j in 0..<width { row[j] = row[j] + v * source[j] }
            }
        }
    }
}

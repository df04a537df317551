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
        var starts = [Int](repeating: 0, count: rows &+ 1)
        var values: [Scalar] = [], columns: [Int32] = []
        matrix.scalars.withUnsafeBufferPointer { x in
            let total = Self.countNonzeros(x, rows: rows, width: width, into: &starts)
            (values, columns) = Self.gatherNonzeros(x, total: total, width: width)
        }
        self.init(rowCount: rows, columnCount: width, values: values, columns: columns, starts: starts)
    }

    /// Writes each row's end into starts[r + 1] (a running count) and
    /// returns the total. Float's count runs in C, where it vectorises; the
    /// Swift loop compiled to a branch per entry.
    private static func countNonzeros(_ x: UnsafeBufferPointer<Scalar>, rows: Int, width: Int, into starts: inout [Int]) -> Int {
        starts.withUnsafeMutableBufferPointer { ends in
            if Scalar.self == Float.self, let first = x.baseAddress {
                return a1_sparse_rows_count(floats(first), rows, width, ends.baseAddress! + 1)
            }
            var total = 0
            for r in 0..<rows {
                for c in 0..<width where x[r &* width &+ c] != 0 { total &+= 1 }
                ends[r &+ 1] = total
            }
            return total
        }
    }

    /// The nonzero values in order, and their columns. Every entry is stored
    /// and the position advances past nonzeros only: without a branch per
    /// entry, which MNIST's 19 % of nonzeros would mispredict often (building
    /// these rows took 2.6 % of Problem 1's profile, on the calling thread
    /// while the other waited; 1.4 % since). Hence one spare slot.
    private static func gatherNonzeros(_ x: UnsafeBufferPointer<Scalar>, total: Int, width: Int) -> ([Scalar], [Int32]) {
        var columns: [Int32] = []
        let values = [Scalar](unsafeUninitializedCapacity: total &+ 1) { valueSlots, valueCount in
            columns = [Int32](unsafeUninitializedCapacity: total &+ 1) { columnSlots, columnCount in
                gather(x, width: width, into: valueSlots.baseAddress!, columnSlots.baseAddress!)
                columnCount = total
            }
            valueCount = total
        }
        return (values, columns)
    }

    private static func gather(_ x: UnsafeBufferPointer<Scalar>, width: Int, into values: UnsafeMutablePointer<Scalar>, _ columns: UnsafeMutablePointer<Int32>) {
        guard let first = x.baseAddress, width > 0 else { return }
        let rows = x.count / width
        if Scalar.self == Float.self {
            return a1_sparse_rows_gather(floats(first), rows, width, UnsafeMutableRawPointer(values).assumingMemoryBound(to: Float.self), columns)
        }
        var next = 0
        for i in 0..<x.count {
            values[next] = x[i]
            columns[next] = Int32(truncatingIfNeeded: i % width)
            next &+= x[i] != 0 ? 1 : 0
        }
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

    /// self · dense (+ bias, added to each row's finished sums): [rowCount,
    /// dense.shape[1]]. Panels of 64 columns are split between the workers.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func times(_ dense: Tensor<Scalar>, adding bias: Tensor<Scalar>? = nil) -> Tensor<Scalar> {
        checkFactors(dense, bias)
        // Every element is written once by the product, so none is zero-filled first.
        return Tensor(shape: [rowCount, dense.shape[1]]) { out in
            guard let o = out.baseAddress else { return }
            multiply(by: dense, adding: bias, into: o, level: nil)
        }
    }

    /// self · dense written over `product` ([rowCount, dense.shape[1]]), reusing its storage.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func times(_ dense: Tensor<Scalar>, into product: inout Tensor<Scalar>) {
        checkFactors(dense, nil)
        precondition(product.shape == [rowCount, dense.shape[1]],
                     "product shape \(product.shape), expected [\(rowCount), \(dense.shape[1])]")
        product.scalars.withUnsafeMutableBufferPointer { out in
            guard let o = out.baseAddress else { return }
            multiply(by: dense, adding: nil, into: o, level: nil)
        }
    }

    private func checkFactors(_ dense: Tensor<Scalar>, _ bias: Tensor<Scalar>?) {
        precondition(dense.rank == 2 && dense.shape[0] == columnCount,
                     "cannot multiply \(rowCount)×\(columnCount) sparse rows by \(dense.shape)")
        precondition(bias.map { $0.shape == [dense.shape[1]] } ?? true,
                     "bias shape \(bias?.shape ?? []), expected [\(dense.shape[1])]")
    }

    /// Writes every element of the product into `out`: through the C kernel
    /// at `level` (default: the detected one) for Float, the Swift loop for
    /// Double and for a matrix without nonzeros.
    func multiply(by dense: Tensor<Scalar>, adding bias: Tensor<Scalar>?, into out: UnsafeMutablePointer<Scalar>, level: Int32?) {
        let width = dense.shape[1]
        guard rowCount > 0 && width > 0 else { return }
        if values.isEmpty || Scalar.self != Float.self {
            multiplyInSwift(by: dense, adding: bias, into: out)
        } else {
            multiplyInC(by: dense, adding: bias, into: out, level: level ?? WinogradKernels.level)
        }
    }

    /// Panels through the C kernel, split between the workers, each packing
    /// its panel into its own scratch. Float only, with at least one nonzero.
    private func multiplyInC(by dense: Tensor<Scalar>, adding bias: Tensor<Scalar>?, into out: UnsafeMutablePointer<Scalar>, level: Int32) {
        let width = dense.shape[1], panelWidth = Int(A1_SPARSE_PANEL_COLUMNS)
        let panels = (width &+ panelWidth &- 1) / panelWidth
        // Small products stay on one thread.
        let threads = values.count &* width < 1 << 16 ? 1 : Parallelism.threads
        let scratchBytes = columnCount &* panelWidth &* MemoryLayout<Float>.stride
        let scratch = (0..<Swift.min(threads, panels)).map { _ in
            UnsafeMutableRawPointer.allocate(byteCount: Swift.max(scratchBytes, 1), alignment: 64)
        }
        defer { scratch.forEach { $0.deallocate() } }
        values.withUnsafeBufferPointer { v in
            columns.withUnsafeBufferPointer { c in
                starts.withUnsafeBufferPointer { s in
                    dense.scalars.withUnsafeBufferPointer { d in
                        withBiasPointer(bias) { b in
                            parallelChunkQueue(chunks: panels, threads: threads) { worker, panel in
                                a1_sparse_rows_times_dense_panel(
                                    level, Self.floats(v.baseAddress!), c.baseAddress!, s.baseAddress!, rowCount,
                                    Self.floats(d.baseAddress!), columnCount, width, panel, b,
                                    scratch[worker].assumingMemoryBound(to: Float.self),
                                    UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self))
                            }
                        }
                    }
                }
            }
        }
    }

    private func withBiasPointer(_ bias: Tensor<Scalar>?, _ body: (UnsafePointer<Float>?) -> Void) {
        guard let bias else { return body(nil) }
        bias.scalars.withUnsafeBufferPointer { body(Self.floats($0.baseAddress!)) }
    }

    private static func floats(_ pointer: UnsafePointer<Scalar>) -> UnsafePointer<Float> {
        UnsafeRawPointer(pointer).assumingMemoryBound(to: Float.self)
    }

    /// The same sums in Swift, row by row: Double's, and the C kernel's reference.
    /// The bias is added to the finished sums (0 + bias when a row has no nonzeros).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func multiplyInSwift(by dense: Tensor<Scalar>, adding bias: Tensor<Scalar>?, into out: UnsafeMutablePointer<Scalar>) {
        let width = dense.shape[1]
        dense.scalars.withUnsafeBufferPointer { d in
            for r in 0..<rowCount {
                let row = out + r &* width
                row.update(repeating: 0, count: width)
                for k in starts[r]..<starts[r &+ 1] {
                    let v = values[k], source = d.baseAddress! + Int(columns[k]) &* width
                    for j in 0..<width { row[j] = row[j] + v * source[j] }
                }
                if let bias { for j in 0..<width { row[j] = row[j] + bias.scalars[j] } }
            }
        }
    }
}

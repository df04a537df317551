#ifndef A1REPORT_SPARSE_ROWS_H
#define A1REPORT_SPARSE_ROWS_H

#include <stdint.h>

/* Columns of the product per panel: eight 256-bit accumulators. */
enum { A1_SPARSE_PANEL_COLUMNS = 64 };

/* A sparse matrix, row by row, times a dense one, for a dense layer whose
 * inputs are mostly zeros (MNIST's pixels: 81 %). Row r of the product is
 *
 *   out[r, j] = (sum over k in starts[r] ..< starts[r + 1], in that order, of values[k] * dense[indices[k], j]) + bias[j]
 *
 * each product rounded, then added to a sum that starts at 0, and the bias
 * (when not NULL) added to the finished sum: never contracted into FMAs, so
 * every level, and the Swift loop in SparseRows, gives the same bits.
 *
 * One call writes one panel of the product: columns
 * [panel × A1_SPARSE_PANEL_COLUMNS, + A1_SPARSE_PANEL_COLUMNS) ∩ [0, columns)
 * of rows 0 ..< rows (row stride `columns`). dense has dense_rows rows and
 * `columns` columns (row stride `columns`). scratch holds dense_rows ×
 * A1_SPARSE_PANEL_COLUMNS floats, 32-byte aligned: the panel's columns of
 * dense, copied so that each row is contiguous. Calls for different panels
 * write disjoint parts of out and may run at once with their own scratch.
 * level is one of the A1_WINOGRAD_* levels, at most the detected one. */
void a1_sparse_rows_times_dense_panel(int level, const float *values, const int32_t *indices, const long *starts,
                                      long rows, const float *dense, long dense_rows, long columns, long panel,
                                      const float *bias, float *scratch, float *out);

/* Building the rows of a row-major rows × width matrix x: ends[r] becomes
 * the number of nonzero entries (x != 0; NaN counts, -0 does not) in rows
 * 0 ... r, and the total is returned. */
long a1_sparse_rows_count(const float *x, long rows, long width, long *ends);

/* Then the nonzero values of x in row-major order, and the column of each.
 * Both arrays need one slot more than the total: every entry is stored and
 * the position advances past nonzeros only, without a branch per entry. */
void a1_sparse_rows_gather(const float *x, long rows, long width, float *values, int32_t *columns);

#endif

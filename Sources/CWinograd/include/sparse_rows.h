#ifndef A1REPORT_SPARSE_ROWS_H
#define A1REPORT_SPARSE_ROWS_H

#include <stdint.h>

/* A sparse matrix, row by row, times a dense one, for a dense layer whose
 * inputs are mostly zeros (MNIST's pixels: 81 %). Row r of the product is
 *
 *   out[r, j] = sum over k in starts[r] ..< starts[r + 1], in that order, of values[k] * dense[indices[k], j]
 *
 * each product rounded, then added to a sum that starts at 0: never
 * contracted into FMAs, so every level, and the Swift loop in SparseRows,
 * gives the same bits. Rows first_row ..< end_row of out (row stride
 * `columns`) are written; dense has `columns` columns and row stride `columns`.
 * level is one of the A1_WINOGRAD_* levels, at most the detected one. */
void a1_sparse_rows_times_dense(int level, const float *values, const int32_t *indices, const long *starts,
                                long first_row, long end_row, const float *dense, long columns, float *out);

#endif

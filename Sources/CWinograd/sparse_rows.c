#include "sparse_rows.h"
#include "winograd_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

/* Columns per block: 64 floats are eight 256-bit accumulators, and a block
 * of the dense matrix (784 rows × 256 bytes for Problem 1's first layer)
 * stays in the L2 cache while every row of the product reads it. */
enum { BLOCK = 64 };

/* One row of the product over `width` (at most BLOCK) columns. */
static void row_block_generic(const float *values, const int32_t *indices, long begin, long end,
                              const float *dense, long columns, long width, float *out) {
    float sums[BLOCK];
    for (long c = 0; c < width; c++) sums[c] = 0;
    for (long k = begin; k < end; k++) {
        const float v = values[k];
        const float *row = dense + (long)indices[k] * columns;
        for (long c = 0; c < width; c++) sums[c] = sums[c] + v * row[c];
    }
    for (long c = 0; c < width; c++) out[c] = sums[c];
}

#if defined(__x86_64__)
/* A full block, its eight accumulators in registers. */
__attribute__((target("avx2"))) static void row_block_avx2(const float *values, const int32_t *indices, long begin,
                                                           long end, const float *dense, long columns, float *out) {
    __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
    for (long k = begin; k < end; k++) {
        const __m256 v = _mm256_set1_ps(values[k]);
        const float *row = dense + (long)indices[k] * columns;
        s0 = _mm256_add_ps(s0, _mm256_mul_ps(v, _mm256_loadu_ps(row)));
        s1 = _mm256_add_ps(s1, _mm256_mul_ps(v, _mm256_loadu_ps(row + 8)));
        s2 = _mm256_add_ps(s2, _mm256_mul_ps(v, _mm256_loadu_ps(row + 16)));
        s3 = _mm256_add_ps(s3, _mm256_mul_ps(v, _mm256_loadu_ps(row + 24)));
        s4 = _mm256_add_ps(s4, _mm256_mul_ps(v, _mm256_loadu_ps(row + 32)));
        s5 = _mm256_add_ps(s5, _mm256_mul_ps(v, _mm256_loadu_ps(row + 40)));
        s6 = _mm256_add_ps(s6, _mm256_mul_ps(v, _mm256_loadu_ps(row + 48)));
        s7 = _mm256_add_ps(s7, _mm256_mul_ps(v, _mm256_loadu_ps(row + 56)));
    }
    _mm256_storeu_ps(out, s0);
    _mm256_storeu_ps(out + 8, s1);
    _mm256_storeu_ps(out + 16, s2);
    _mm256_storeu_ps(out + 24, s3);
    _mm256_storeu_ps(out + 32, s4);
    _mm256_storeu_ps(out + 40, s5);
    _mm256_storeu_ps(out + 48, s6);
    _mm256_storeu_ps(out + 56, s7);
}
#endif

void a1_sparse_rows_times_dense(int level, const float *values, const int32_t *indices, const long *starts,
                                long first_row, long end_row, const float *dense, long columns, float *out) {
    /* Blocks outside, rows inside: each block of dense is read from L2 by every row. */
    for (long j = 0; j < columns; j += BLOCK) {
        const long width = columns - j < BLOCK ? columns - j : BLOCK;
        for (long r = first_row; r < end_row; r++) {
            float *destination = out + r * columns + j;
#if defined(__x86_64__)
            if (level >= A1_WINOGRAD_AVX2 && width == BLOCK) {
                row_block_avx2(values, indices, starts[r], starts[r + 1], dense + j, columns, destination);
                continue;
            }
#endif
            row_block_generic(values, indices, starts[r], starts[r + 1], dense + j, columns, width, destination);
        }
    }
}


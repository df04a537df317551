#include "sparse_rows.h"
#include "winograd_kernels.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

enum { PANEL = A1_SPARSE_PANEL_COLUMNS };

/* Copies columns [first, first + width) of dense (rows × columns) into
 * panel (rows × PANEL, contiguous), zero-padded past width. A row of the
 * panel is then four whole cache lines: a row of Problem 1's weights is
 * 2,664 bytes, so a 256-byte slice of it straddles five lines and its
 * vector loads cross line boundaries. */
static void pack_panel(const float *dense, long rows, long columns, long first, long width, float *panel) {
    for (long r = 0; r < rows; r++) {
        float *destination = panel + r * PANEL;
        memcpy(destination, dense + r * columns + first, (size_t)width * sizeof(float));
        for (long c = width; c < PANEL; c++) destination[c] = 0;
    }
}

/* out[c] = sum + bias[c] (bias may be NULL), for c < width: the sum is
 * finished before the bias is added, as a separate pass would add it. With a
 * bias, sums may be out itself. */
static void store_sums(const float *sums, const float *bias, long width, float *out) {
    if (bias) {
        for (long c = 0; c < width; c++) out[c] = sums[c] + bias[c];
    } else {
        memcpy(out, sums, (size_t)width * sizeof(float));
    }
}

static void row_generic(const float *values, const int32_t *indices, long begin, long end, const float *panel,
                        const float *bias, long width, float *out) {
    float sums[PANEL];
    for (long c = 0; c < width; c++) sums[c] = 0;
    for (long k = begin; k < end; k++) {
        const float v = values[k];
        const float *row = panel + (long)indices[k] * PANEL;
        for (long c = 0; c < width; c++) sums[c] = sums[c] + v * row[c];
    }
    store_sums(sums, bias, width, out);
}

#if defined(__x86_64__)
/* A panel's row of the product, its eight accumulators in registers; the
 * padded lanes of a narrower last panel are computed and dropped. */
__attribute__((target("avx2"))) static void row_avx2(const float *values, const int32_t *indices, long begin,
                                                     long end, const float *panel, const float *bias, long width,
                                                     float *out) {
    __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
    for (long k = begin; k < end; k++) {
        const __m256 v = _mm256_set1_ps(values[k]);
        const float *row = panel + (long)indices[k] * PANEL;
        s0 = _mm256_add_ps(s0, _mm256_mul_ps(v, _mm256_load_ps(row)));
        s1 = _mm256_add_ps(s1, _mm256_mul_ps(v, _mm256_load_ps(row + 8)));
        s2 = _mm256_add_ps(s2, _mm256_mul_ps(v, _mm256_load_ps(row + 16)));
        s3 = _mm256_add_ps(s3, _mm256_mul_ps(v, _mm256_load_ps(row + 24)));
        s4 = _mm256_add_ps(s4, _mm256_mul_ps(v, _mm256_load_ps(row + 32)));
        s5 = _mm256_add_ps(s5, _mm256_mul_ps(v, _mm256_load_ps(row + 40)));
        s6 = _mm256_add_ps(s6, _mm256_mul_ps(v, _mm256_load_ps(row + 48)));
        s7 = _mm256_add_ps(s7, _mm256_mul_ps(v, _mm256_load_ps(row + 56)));
    }
    /* A whole row goes straight to out, its bias added there in place (the
     * same single rounding); only a narrower last panel's goes through sums.
     * Through sums and a memcpy call per row, the stores had taken 1.8 % of
     * Problem 1's profile, most of it the backward pass's 784 short rows. */
    float sums[PANEL] __attribute__((aligned(32)));
    float *target = width == PANEL ? out : sums;
    _mm256_storeu_ps(target, s0);
    _mm256_storeu_ps(target + 8, s1);
    _mm256_storeu_ps(target + 16, s2);
    _mm256_storeu_ps(target + 24, s3);
    _mm256_storeu_ps(target + 32, s4);
    _mm256_storeu_ps(target + 40, s5);
    _mm256_storeu_ps(target + 48, s6);
    _mm256_storeu_ps(target + 56, s7);
    if (target == sums) {
        store_sums(sums, bias, width, out);
    } else if (bias) {
        store_sums(out, bias, width, out);
    }
}
#endif

void a1_sparse_rows_times_dense_panel(int level, const float *values, const int32_t *indices, const long *starts,
                                      long rows, const float *dense, long dense_rows, long columns, long panel,
                                      const float *bias, float *scratch, float *out) {
    const long first = panel * PANEL;
    const long width = columns - first < PANEL ? columns - first : PANEL;
    pack_panel(dense, dense_rows, columns, first, width, scratch);
    const float *panel_bias = bias ? bias + first : 0;
    for (long r = 0; r < rows; r++) {
        float *destination = out + r * columns + first;
#if defined(__x86_64__)
        if (level >= A1_WINOGRAD_AVX2) {
            row_avx2(values, indices, starts[r], starts[r + 1], scratch, panel_bias, width, destination);
            continue;
        }
#endif
        row_generic(values, indices, starts[r], starts[r + 1], scratch, panel_bias, width, destination);
    }
}

/* Plain loops the compiler vectorises; the same bits on every CPU, as they only compare and copy. */
long a1_sparse_rows_count(const float *x, long rows, long width, long *ends) {
    long total = 0;
    for (long r = 0; r < rows; r++) {
        const float *row = x + r * width;
        long count = 0;
        for (long c = 0; c < width; c++) count += row[c] != 0.0f;
        total += count;
        ends[r] = total;
    }
    return total;
}

void a1_sparse_rows_gather(const float *x, long rows, long width, float *values, int32_t *columns) {
    long next = 0;
    for (long r = 0; r < rows; r++) {
        const float *row = x + r * width;
        for (long c = 0; c < width; c++) {
            values[next] = row[c];
            columns[next] = (int32_t)c;
            next += row[c] != 0.0f;
        }
    }
}

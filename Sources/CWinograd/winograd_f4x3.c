#include "winograd_kernels.h"

#include <string.h>

/* Bit-identical to the Swift transforms only while every a * k + b stays
 * two roundings; an FMA would make it one (the Package also passes
 * -ffp-contract=off, this keeps the file right on its own). */
#pragma STDC FP_CONTRACT OFF

typedef float f4 __attribute__((ext_vector_type(4)));
typedef float f8 __attribute__((ext_vector_type(8)));
typedef int i4 __attribute__((ext_vector_type(4)));
typedef int i8 __attribute__((ext_vector_type(8)));

#define INLINE static inline __attribute__((always_inline))

/* Unaligned loads and stores of one lane type: 1, 4 or 8 adjacent tiles. */
INLINE float ld1(const float *p) { return *p; }
INLINE void st1(float *p, float x) { *p = x; }
INLINE f4 ld4(const float *p) { f4 x; memcpy(&x, p, sizeof x); return x; }
INLINE void st4(float *p, f4 x) { memcpy(p, &x, sizeof x); }
INLINE f8 ld8(const float *p) { f8 x; memcpy(&x, p, sizeof x); return x; }
INLINE void st8(float *p, f8 x) { memcpy(p, &x, sizeof x); }

/* max(x, 0) as the Swift lanes compute it: +0 for x <= 0, -0 and NaN. */
INLINE float rect1(float x) { return x > 0 ? x : 0.0f; }
INLINE f4 rect4(f4 x) { return (f4)((i4)x & (x > 0)); }
INLINE f8 rect8(f8 x) { return (f8)((i8)x & (x > 0)); }

/* B^T d, in WinogradF4x3.input's order of operations. */
#define INPUT_1D(T, d0, d1, d2, d3, d4, d5, o)                     \
    do {                                                           \
        T d12 = d1 + d2, d1m2 = d1 - d2, d13 = d1 - d3;            \
        o[0] = d0 * 4.0f - d2 * 5.0f + d4;                         \
        o[1] = d3 + d4 - d12 * 4.0f;                               \
        o[2] = d4 - d3 + d1m2 * 4.0f;                              \
        o[3] = d4 - d2 - d13 * 2.0f;                               \
        o[4] = d4 - d2 + d13 * 2.0f;                               \
        o[5] = d1 * 4.0f - d3 * 5.0f + d5;                         \
    } while (0)

/* A^T m, in WinogradF4x3.output's order of operations. */
#define OUTPUT_1D(T, m0, m1, m2, m3, m4, m5, y)                    \
    do {                                                           \
        T a = m1 + m2, b = m1 - m2, c = m3 + m4, d = m3 - m4;      \
        y[0] = m0 + a + c;                                         \
        y[1] = b + d * 2.0f;                                       \
        y[2] = a + c * 4.0f;                                       \
        y[3] = b + d * 8.0f + m5;                                  \
    } while (0)

/* B v, in WinogradF4x3.inputAdjoint's order of operations. */
#define INPUT_ADJOINT_1D(T, v0, v1, v2, v3, v4, v5, o)             \
    do {                                                           \
        T v34 = v3 - v4, v3p4 = v3 + v4, v12 = v1 - v2, v1p2 = v1 + v2; \
        o[0] = v0 * 4.0f;                                          \
        o[1] = (v5 - v12) * 4.0f - v34 * 2.0f;                     \
        o[2] = -(v0 * 5.0f) - v1p2 * 4.0f - v3p4;                  \
        o[3] = v12 + v34 * 2.0f - v5 * 5.0f;                       \
        o[4] = v0 + v1p2 + v3p4;                                   \
        o[5] = v5;                                                 \
    } while (0)

/* A y, in WinogradF4x3.outputAdjoint's order of operations. */
#define OUTPUT_ADJOINT_1D(T, y0, y1, y2, y3, o)                    \
    do {                                                           \
        T even1 = y0 + y2, odd1 = y1 + y3;                         \
        T even2 = y0 + y2 * 4.0f, odd2 = (y1 + y3 * 4.0f) * 2.0f;  \
        o[0] = y0;                                                 \
        o[1] = even1 + odd1;                                       \
        o[2] = even1 - odd1;                                       \
        o[3] = even2 + odd2;                                       \
        o[4] = even2 - odd2;                                       \
        o[5] = y3;                                                 \
    } while (0)

/* Eight tiles' windows are gathered with shuffles that stay inside 128-bit
 * halves (tiles 0-3 in the low half, 4-7 in the high one): in-lane shuffles
 * take one cycle where AVX2's permutes across lanes take three, and the
 * generic build maps each half onto one SSE register. Per plane on 4x4, 8x8
 * and 16x16 tiles, the four transforms took 0.87 to 1.00 of the time they took
 * with plain stride-4 shuffles (the compiler's lowering, built for AVX-512),
 * and building these for AVX-512 was slower than for AVX2 on every shape, so
 * there is no AVX-512 level. */
INLINE f8 unpacklo_8(f8 a, f8 b) { return __builtin_shufflevector(a, b, 0, 8, 1, 9, 4, 12, 5, 13); }
INLINE f8 unpackhi_8(f8 a, f8 b) { return __builtin_shufflevector(a, b, 2, 10, 3, 11, 6, 14, 7, 15); }
INLINE f8 movelh_8(f8 a, f8 b) { return __builtin_shufflevector(a, b, 0, 1, 8, 9, 4, 5, 12, 13); }
INLINE f8 movehl_8(f8 a, f8 b) { return __builtin_shufflevector(a, b, 2, 3, 10, 11, 6, 7, 14, 15); }

/* r[m] = columns 0-3 of tiles m (low half) and 4 + m (high half), tile t at p + 4t. */
INLINE void tile_rows_8(const float *p, f8 *r, int count) {
    for (int m = 0; m < count; m++)
        r[m] = __builtin_shufflevector(ld4(p + 4 * m), ld4(p + 16 + 4 * m), 0, 1, 2, 3, 4, 5, 6, 7);
}

/* The 4x4 transpose in each half: c[k] lane t = r[t mod 4] element k of t's half. */
INLINE void transpose4_8(const f8 r[4], f8 c[4]) {
    f8 t0 = unpacklo_8(r[0], r[1]), t1 = unpackhi_8(r[0], r[1]);
    f8 t2 = unpacklo_8(r[2], r[3]), t3 = unpackhi_8(r[2], r[3]);
    c[0] = movelh_8(t0, t2);
    c[1] = movehl_8(t0, t2);
    c[2] = movelh_8(t1, t3);
    c[3] = movehl_8(t1, t3);
}

INLINE f4 unpacklo_4(f4 a, f4 b) { return __builtin_shufflevector(a, b, 0, 4, 1, 5); }
INLINE f4 unpackhi_4(f4 a, f4 b) { return __builtin_shufflevector(a, b, 2, 6, 3, 7); }
INLINE f4 movelh_4(f4 a, f4 b) { return __builtin_shufflevector(a, b, 0, 1, 4, 5); }
INLINE f4 movehl_4(f4 a, f4 b) { return __builtin_shufflevector(a, b, 2, 3, 6, 7); }

INLINE void tile_rows_4(const float *p, f4 *r, int count) {
    for (int m = 0; m < count; m++) r[m] = ld4(p + 4 * m);
}

INLINE void transpose4_4(const f4 r[4], f4 c[4]) {
    f4 t0 = unpacklo_4(r[0], r[1]), t1 = unpackhi_4(r[0], r[1]);
    f4 t2 = unpacklo_4(r[2], r[3]), t3 = unpackhi_4(r[2], r[3]);
    c[0] = movelh_4(t0, t2);
    c[1] = movehl_4(t0, t2);
    c[2] = movelh_4(t1, t3);
    c[3] = movehl_4(t1, t3);
}

/* Six quantities c_k with lane t of c_k = p[4t + k]: the 6-wide windows
 * every four columns that the horizontal input pass reads. */
INLINE void windows6_1(const float *p, float c[6]) {
    for (int k = 0; k < 6; k++) c[k] = p[k];
}
INLINE void windows6_4(const float *p, f4 c[6]) {
    f4 r[5];
    tile_rows_4(p, r, 4);
    r[4] = (f4){p[16], p[17], 0, 0};
    transpose4_4(r, c);
    f4 u0 = unpacklo_4(r[1], r[2]), u1 = unpacklo_4(r[3], r[4]);
    c[4] = movelh_4(u0, u1);
    c[5] = movehl_4(u0, u1);
}
INLINE void windows6_8(const float *p, f8 c[6]) {
    f8 r[5];
    /* r[4] reads p[32..35], two scalars past tile 7's window: at the end of
     * the plane's last row the plane's 8 scalars of slack cover them. */
    tile_rows_8(p, r, 5);
    transpose4_8(r, c);
    /* Column 4 of tile t is column 0 of tile t + 1 (and 5 is 1). */
    f8 u0 = unpacklo_8(r[1], r[2]), u1 = unpacklo_8(r[3], r[4]);
    c[4] = movelh_8(u0, u1);
    c[5] = movehl_8(u0, u1);
}

/* Four quantities with lane t of c_k = p[4t + k]. */
INLINE void windows4_1(const float *p, float c[4]) {
    for (int k = 0; k < 4; k++) c[k] = p[k];
}
INLINE void windows4_4(const float *p, f4 c[4]) {
    f4 r[4];
    tile_rows_4(p, r, 4);
    transpose4_4(r, c);
}
INLINE void windows4_8(const float *p, f8 c[4]) {
    f8 r[4];
    tile_rows_8(p, r, 4);
    transpose4_8(r, c);
}

/* Lanes (carry, x[0], ..., x[W - 2]): a tile's columns 4 and 5 are the next
 * tile's columns 0 and 1. */
INLINE float shifted1(float x, float carry) { (void)x; return carry; }
INLINE f4 shifted4(f4 x, float carry) { return __builtin_shufflevector(x, (f4)carry, 4, 0, 1, 2); }
INLINE f8 shifted8(f8 x, float carry) { return __builtin_shufflevector(x, (f8)carry, 8, 0, 1, 2, 3, 4, 5, 6); }
INLINE float last1(float x) { return x; }
INLINE float last4(f4 x) { return x[3]; }
INLINE float last8(f8 x) { return x[7]; }

/* p[4t + k] = lane t of y_k: the four outputs of each tile, side by side. */
INLINE void store_windows4_4(float *p, const f4 y[4]) {
    f4 r[4];
    transpose4_4(y, r);
    for (int m = 0; m < 4; m++) st4(p + 4 * m, r[m]);
}
INLINE void store_windows4_1(float *p, const float y[4]) {
    for (int k = 0; k < 4; k++) p[k] = y[k];
}
INLINE void store_windows4_8(float *p, const f8 y[4]) {
    f8 r[4];
    transpose4_8(y, r);
    for (int m = 0; m < 4; m++) {
        st4(p + 4 * m, __builtin_shufflevector(r[m], r[m], 0, 1, 2, 3));
        st4(p + 16 + 4 * m, __builtin_shufflevector(r[m], r[m], 4, 5, 6, 7));
    }
}

/* The per-lane steps, stamped out for 1, 4 and 8 tiles at a time. */
#define DEFINE_LANE_STEPS(T, W)                                                                       \
    /* Horizontal input pass: (d B) of the window at column 4j, component b at h[b * n + j]. */      \
    INLINE void input_row_##W(const float *row, float *h, long n, long j) {                          \
        T c[6], o[6];                                                                                 \
        windows6_##W(row + 4 * j, c);                                                                 \
        INPUT_1D(T, c[0], c[1], c[2], c[3], c[4], c[5], o);                                           \
        for (int b = 0; b < 6; b++) st##W(h + b * n + j, o[b]);                                       \
    }                                                                                                 \
    /* Vertical input pass: B^T down six rows of h, component (a, b) at v[(6a + b) cs + j]. */       \
    INLINE void input_column_##W(const float *h, long rs, float *v, long cs, long b, long j) {       \
        const float *p = h + j;                                                                       \
        T o[6];                                                                                       \
        INPUT_1D(T, ld##W(p), ld##W(p + rs), ld##W(p + 2 * rs), ld##W(p + 3 * rs), ld##W(p + 4 * rs), \
                 ld##W(p + 5 * rs), o);                                                               \
        float *q = v + (b * cs + j);                                                                  \
        for (int a = 0; a < 6; a++) st##W(q + 6 * a * cs, o[a]);                                      \
    }                                                                                                 \
    /* Vertical output pass: A^T down component column b, row r at s[(6r + b) n + j]. */             \
    INLINE void output_column_##W(const float *m, long cs, float *s, long n, long b, long j) {       \
        const float *p = m + (b * cs + j);                                                            \
        T y[4];                                                                                       \
        OUTPUT_1D(T, ld##W(p), ld##W(p + 6 * cs), ld##W(p + 12 * cs), ld##W(p + 18 * cs),            \
                  ld##W(p + 24 * cs), ld##W(p + 30 * cs), y);                                         \
        for (int r = 0; r < 4; r++) st##W(s + (6 * r + b) * n + j, y[r]);                             \
    }                                                                                                 \
    /* Horizontal output pass: A^T along a row's six components, plus bias (and ReLU). */            \
    INLINE void output_values_##W(const float *s, long n, float bias, int relu, long j, T y[4]) {    \
        const float *p = s + j;                                                                       \
        OUTPUT_1D(T, ld##W(p), ld##W(p + n), ld##W(p + 2 * n), ld##W(p + 3 * n), ld##W(p + 4 * n),   \
                  ld##W(p + 5 * n), y);                                                               \
        for (int r = 0; r < 4; r++) {                                                                 \
            y[r] = y[r] + bias;                                                                       \
            if (relu) y[r] = rect##W(y[r]);                                                           \
        }                                                                                             \
    }

/* The backward pass's steps, the adjoints of the forward ones. */
#define DEFINE_ADJOINT_LANE_STEPS(T, W)                                                               \
    /* Horizontal output-gradient pass: A along a row's 4-wide blocks, component b at h[b n + j]. */ \
    INLINE void gradient_row_##W(const float *row, float *h, long n, long j) {                       \
        T y[4], o[6];                                                                                 \
        windows4_##W(row + 4 * j, y);                                                                 \
        OUTPUT_ADJOINT_1D(T, y[0], y[1], y[2], y[3], o);                                              \
        for (int b = 0; b < 6; b++) st##W(h + b * n + j, o[b]);                                       \
    }                                                                                                 \
    /* Vertical output-gradient pass: A down four rows of h, component (a, b) at dm[(6a + b) cs + j]. */ \
    INLINE void gradient_column_##W(const float *h, long rs, float *dm, long cs, long b, long j) {   \
        const float *p = h + j;                                                                       \
        T o[6];                                                                                       \
        OUTPUT_ADJOINT_1D(T, ld##W(p), ld##W(p + rs), ld##W(p + 2 * rs), ld##W(p + 3 * rs), o);       \
        float *q = dm + (b * cs + j);                                                                 \
        for (int a = 0; a < 6; a++) st##W(q + 6 * a * cs, o[a]);                                      \
    }                                                                                                 \
    /* Vertical input-gradient pass: B down component column b, row k at s[(6k + b) n + j]. */       \
    INLINE void input_gradient_column_##W(const float *dv, long cs, float *s, long n, long b, long j) { \
        const float *p = dv + (b * cs + j);                                                           \
        T o[6];                                                                                       \
        INPUT_ADJOINT_1D(T, ld##W(p), ld##W(p + 6 * cs), ld##W(p + 12 * cs), ld##W(p + 18 * cs),      \
                         ld##W(p + 24 * cs), ld##W(p + 30 * cs), o);                                  \
        for (int k = 0; k < 6; k++) st##W(s + (6 * k + b) * n + j, o[k]);                             \
    }                                                                                                 \
    /* Horizontal input-gradient pass: B along the six components, overlap-added at 4j..4j+5. */     \
    INLINE void input_gradient_row_##W(const float *s, long n, float *row, float carry[2], long j) {  \
        const float *p = s + j;                                                                       \
        T o[6], a[4];                                                                                 \
        INPUT_ADJOINT_1D(T, ld##W(p), ld##W(p + n), ld##W(p + 2 * n), ld##W(p + 3 * n), ld##W(p + 4 * n), \
                         ld##W(p + 5 * n), o);                                                        \
        windows4_##W(row + 4 * j, a);                                                                 \
        a[0] = a[0] + (o[0] + shifted##W(o[4], carry[0]));                                            \
        a[1] = a[1] + (o[1] + shifted##W(o[5], carry[1]));                                            \
        a[2] = a[2] + o[2];                                                                           \
        a[3] = a[3] + o[3];                                                                           \
        store_windows4_##W(row + 4 * j, a);                                                           \
        carry[0] = last##W(o[4]);                                                                     \
        carry[1] = last##W(o[5]);                                                                     \
    }

DEFINE_LANE_STEPS(float, 1)
DEFINE_LANE_STEPS(f4, 4)
DEFINE_LANE_STEPS(f8, 8)

DEFINE_ADJOINT_LANE_STEPS(float, 1)
DEFINE_ADJOINT_LANE_STEPS(f4, 4)
DEFINE_ADJOINT_LANE_STEPS(f8, 8)

/* Runs STEP(W, j) over j = 0..<count in blocks of 8, then 4, then single tiles.
 * The passes below put this loop outermost and their loop over rows or
 * components inside STEP: a tile row holds only 1 to 2 blocks of 8 in these
 * networks, and a block loop per row or component spent about as long on its
 * set-up as on its blocks. Per 64x64 plane of 16 channels, the input transform
 * took 2.05 us against 2.66 us, the output-gradient one 1.81 against 2.36 and
 * the input-gradient one 2.30 against 2.79 (each tile's values unchanged). */
#define FOR_TILES(count, STEP)                          \
    do {                                                \
        long j_ = 0;                                    \
        for (; j_ + 8 <= (count); j_ += 8) STEP(8, j_); \
        for (; j_ + 4 <= (count); j_ += 4) STEP(4, j_); \
        for (; j_ < (count); j_ += 1) STEP(1, j_);      \
    } while (0)

INLINE void input_tiles(const float *plane, long plane_width, long tiles_y, long n, float *v, long cs,
                        float *scratch) {
    long rs = 6 * n, rows = 4 * tiles_y + 2;
#define ROW_STEPS(W, j) for (long y = 0; y < rows; y++) input_row_##W(plane + y * plane_width, scratch + y * rs, n, j)
    FOR_TILES(n, ROW_STEPS);
#undef ROW_STEPS
    for (long i = 0; i < tiles_y; i++) {
        const float *h = scratch + 4 * i * rs;
        float *out = v + i * n;
#define COLUMN_STEPS(W, j) for (long b = 0; b < 6; b++) input_column_##W(h + b * n, rs, out, cs, b, j)
        FOR_TILES(n, COLUMN_STEPS);
#undef COLUMN_STEPS
    }
}

/* One output row of tile row i: tiles whose four columns fit go in blocks;
 * the last, cut by the right edge, one value at a time. */
INLINE void output_row(const float *s, long n, float *row, long width, float bias, int relu) {
    long full = width / 4, j = 0;
    for (; j + 8 <= full; j += 8) {
        f8 y[4];
        output_values_8(s, n, bias, relu, j, y);
        store_windows4_8(row + 4 * j, y);
    }
    for (; j + 4 <= full; j += 4) {
        f4 y[4];
        output_values_4(s, n, bias, relu, j, y);
        store_windows4_4(row + 4 * j, y);
    }
    for (; j < n; j++) {
        float y[4];
        output_values_1(s, n, bias, relu, j, y);
        long x = 4 * j;
        for (long c = 0; c < 4 && x + c < width; c++) row[x + c] = y[c];
    }
}

INLINE void output_tiles(const float *m, long cs, long tiles_y, long n, float *y, long height, long width,
                         float bias, int relu, float *scratch) {
    for (long i = 0; i < tiles_y; i++) {
        const float *t = m + i * n;
#define COLUMN_STEPS(W, j) for (long b = 0; b < 6; b++) output_column_##W(t, cs, scratch, n, b, j)
        FOR_TILES(n, COLUMN_STEPS);
#undef COLUMN_STEPS
        for (long r = 0; r < 4 && r < height - 4 * i; r++)
            output_row(scratch + r * 6 * n, n, y + (4 * i + r) * width, width, bias, relu);
    }
}

INLINE void output_gradient_tiles(const float *dy, long height, long width, long tiles_y, long n, float *dm,
                                  long cs, float *scratch) {
    long row_width = 4 * n, rows = 4 * tiles_y, rs = 6 * n;
    const float *source = dy;
    long source_width = width;
    float *h = scratch;
    if (height != rows || width != row_width) {
        /* Zeros past the plane's edges, so every tile is whole. */
        memset(scratch, 0, (size_t)(rows * row_width) * sizeof(float));
        for (long r = 0; r < height; r++) memcpy(scratch + r * row_width, dy + r * width, (size_t)width * sizeof(float));
        source = scratch;
        source_width = row_width;
        h = scratch + rows * row_width;
    }
#define ROW_STEPS(W, j) for (long r = 0; r < rows; r++) gradient_row_##W(source + r * source_width, h + r * rs, n, j)
    FOR_TILES(n, ROW_STEPS);
#undef ROW_STEPS
    for (long i = 0; i < tiles_y; i++) {
        const float *hi = h + 4 * i * rs;
        float *out = dm + i * n;
#define COLUMN_STEPS(W, j) for (long b = 0; b < 6; b++) gradient_column_##W(hi + b * n, rs, out, cs, b, j)
        FOR_TILES(n, COLUMN_STEPS);
#undef COLUMN_STEPS
    }
}

INLINE void input_gradient_tiles(const float *dv, long cs, long tiles_y, long n, float *plane, long plane_width,
                                 float *scratch) {
    for (long i = 0; i < tiles_y; i++) {
        const float *t = dv + i * n;
#define COLUMN_STEPS(W, j) for (long b = 0; b < 6; b++) input_gradient_column_##W(t, cs, scratch, n, b, j)
        FOR_TILES(n, COLUMN_STEPS);
#undef COLUMN_STEPS
        for (long k = 0; k < 6; k++) {
            float *row = plane + (4 * i + k) * plane_width;
            const float *s = scratch + k * 6 * n;
            float carry[2] = {0, 0};
#define ROW_STEP(W, j) input_gradient_row_##W(s, n, row, carry, j)
            FOR_TILES(n, ROW_STEP);
#undef ROW_STEP
            row[4 * n] += carry[0];
            row[4 * n + 1] += carry[1];
        }
    }
}

/* One copy of each transform per level; the always-inline steps above take
 * on the target of the function they are inlined into. */
#define DEFINE_LEVEL(NAME, TARGET)                                                                         \
    TARGET static void input_tiles_##NAME(const float *plane, long pw, long ty, long tx, float *v, long cs, \
                                          float *scratch) {                                                \
        input_tiles(plane, pw, ty, tx, v, cs, scratch);                                                    \
    }                                                                                                      \
    TARGET static void output_tiles_##NAME(const float *m, long cs, long ty, long tx, float *y, long height, \
                                           long width, float bias, int relu, float *scratch) {             \
        output_tiles(m, cs, ty, tx, y, height, width, bias, relu, scratch);                                \
    }                                                                                                      \
    TARGET static void output_gradient_tiles_##NAME(const float *dy, long height, long width, long ty, long tx, \
                                                    float *dm, long cs, float *scratch) {                  \
        output_gradient_tiles(dy, height, width, ty, tx, dm, cs, scratch);                                 \
    }                                                                                                      \
    TARGET static void input_gradient_tiles_##NAME(const float *dv, long cs, long ty, long tx, float *plane, \
                                                   long pw, float *scratch) {                              \
        input_gradient_tiles(dv, cs, ty, tx, plane, pw, scratch);                                          \
    }

#if defined(__x86_64__)
#define AVX2_TARGET __attribute__((target("avx2")))
#else
#define AVX2_TARGET /* other CPUs detect the generic level only; this copy goes unused */
#endif

DEFINE_LEVEL(generic, )
DEFINE_LEVEL(avx2, AVX2_TARGET)

void a1_f4x3_input_tiles(int level, const float *plane, long plane_width, long tiles_y, long tiles_x, float *v,
                         long component_stride, float *scratch) {
    (level >= A1_WINOGRAD_AVX2 ? input_tiles_avx2 : input_tiles_generic)(
        plane, plane_width, tiles_y, tiles_x, v, component_stride, scratch);
}

void a1_f4x3_output_tiles(int level, const float *m, long component_stride, long tiles_y, long tiles_x, float *y,
                          long height, long width, float bias, int relu, float *scratch) {
    (level >= A1_WINOGRAD_AVX2 ? output_tiles_avx2 : output_tiles_generic)(
        m, component_stride, tiles_y, tiles_x, y, height, width, bias, relu, scratch);
}

void a1_f4x3_output_gradient_tiles(int level, const float *dy, long height, long width, long tiles_y, long tiles_x,
                                   float *dm, long component_stride, float *scratch) {
    (level >= A1_WINOGRAD_AVX2 ? output_gradient_tiles_avx2 : output_gradient_tiles_generic)(
        dy, height, width, tiles_y, tiles_x, dm, component_stride, scratch);
}

void a1_f4x3_accumulate_input_gradient_tiles(int level, const float *dv, long component_stride, long tiles_y,
                                             long tiles_x, float *plane, long plane_width, float *scratch) {
    (level >= A1_WINOGRAD_AVX2 ? input_gradient_tiles_avx2 : input_gradient_tiles_generic)(
        dv, component_stride, tiles_y, tiles_x, plane, plane_width, scratch);
}

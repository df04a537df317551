#include "winograd_kernels.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

/* Bit-identical to the Swift transforms only while no a + b * c is fused
 * (the Package also passes -ffp-contract=off; this keeps the file right on
 * its own). */
#pragma STDC FP_CONTRACT OFF

typedef float f4 __attribute__((ext_vector_type(4)));
typedef float f8 __attribute__((ext_vector_type(8)));
typedef int i8 __attribute__((ext_vector_type(8)));

#define INLINE static inline __attribute__((always_inline))

#if defined(__x86_64__)
#define AVX2_TARGET __attribute__((target("avx2")))
#else
#define AVX2_TARGET /* other CPUs detect the generic level only; this copy goes unused */
#endif

/* Every 8-lane vector below holds two runs of up to four tiles, one per
 * 128-bit half: four tiles of a row and the next four, or (with four tiles
 * a row) two rows. Shuffles then stay inside the halves, where they take one
 * cycle (AVX2's permutes across halves take three), and the generic build
 * maps each half onto one SSE or NEON register. Runs that are not whole
 * (rows of 7 tiles, odd output planes) are read and written with masked
 * moves or moves of their exact size, so no transform touches memory
 * outside what the Swift versions touch. */

INLINE f4 ld4(const float *p) { f4 x; memcpy(&x, p, sizeof x); return x; }
INLINE void st4(float *p, f4 x) { memcpy(p, &x, sizeof x); }
INLINE f8 ld8(const float *p) { f8 x; memcpy(&x, p, sizeof x); return x; }
INLINE void st8(float *p, f8 x) { memcpy(p, &x, sizeof x); }

INLINE f8 join(f4 lo, f4 hi) { return __builtin_shufflevector(lo, hi, 0, 1, 2, 3, 4, 5, 6, 7); }
INLINE f4 low(f8 x) { return __builtin_shufflevector(x, x, 0, 1, 2, 3); }
INLINE f4 high(f8 x) { return __builtin_shufflevector(x, x, 4, 5, 6, 7); }

/* Where a count is known only at run time, the AVX2 level moves that many
 * lanes with masked moves, without branches. These take and return vectors
 * through pointers: a 256-bit vector passed by
 * value between a baseline caller and an AVX callee is an ABI mismatch, even
 * in the generic copies, where these calls are dead. Not always-inline, so
 * that the baseline code may call them; the AVX2 copies inline them. */
#if defined(__x86_64__)
/* Read at &lane_masks[8 - count]: -1 in the first count lanes. */
static const int lane_masks[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};

AVX2_TARGET static inline void ld4_masked(const float *p, long count, f4 *x) {
    *x = (f4)_mm_maskload_ps(p, _mm_loadu_si128((const __m128i *)&lane_masks[8 - count]));
}
AVX2_TARGET static inline void st4_masked(float *p, const f4 *x, long count) {
    _mm_maskstore_ps(p, _mm_loadu_si128((const __m128i *)&lane_masks[8 - count]), (__m128)*x);
}
AVX2_TARGET static inline void ld8_masked(const float *p, long count, f8 *x) {
    *x = (f8)_mm256_maskload_ps(p, _mm256_loadu_si256((const __m256i *)&lane_masks[8 - count]));
}
AVX2_TARGET static inline void st8_masked(float *p, const f8 *x, long count) {
    _mm256_maskstore_ps(p, _mm256_loadu_si256((const __m256i *)&lane_masks[8 - count]), (__m256)*x);
}
#else
/* Other CPUs detect the generic level only, so these are never called. */
static inline void ld4_masked(const float *p, long count, f4 *x) { (void)p, (void)count, (void)x; }
static inline void st4_masked(float *p, const f4 *x, long count) { (void)p, (void)count, (void)x; }
static inline void ld8_masked(const float *p, long count, f8 *x) { (void)p, (void)count, (void)x; }
static inline void st8_masked(float *p, const f8 *x, long count) { (void)p, (void)count, (void)x; }
#endif

INLINE int known(long count, long value) { return __builtin_constant_p(count) && count == value; }

/* The first count (0 to 4) lanes at p; the others read as +0, which is also
 * what the Swift transforms pad odd planes with. A count the compiler knows
 * makes plain moves of that size: cheaper than masked ones, and a load can
 * take its data from a plain store still in flight, where after a masked
 * store that covers its address it waits for the store to reach the cache
 * (the input gradient's tails read right after such stores). */
INLINE f4 ld4_part(int level, const float *p, long count) {
    f4 x = 0;
    if (__builtin_constant_p(count)) {
        if (count > 0) memcpy(&x, p, (size_t)count * sizeof(float));
        return x;
    }
    if (level >= A1_WINOGRAD_AVX2) {
        ld4_masked(p, count, &x);
        return x;
    }
    switch (count) {
    case 4: return ld4(p);
    case 3: x[2] = p[2]; /* fall through */
    case 2: x[1] = p[1]; /* fall through */
    case 1: x[0] = p[0]; /* fall through */
    default: return x;
    }
}

INLINE void st4_part(int level, float *p, f4 x, long count) {
    if (__builtin_constant_p(count)) {
        if (count > 0) memcpy(p, &x, (size_t)count * sizeof(float));
        return;
    }
    if (level >= A1_WINOGRAD_AVX2) { st4_masked(p, &x, count); return; }
    switch (count) {
    case 4: st4(p, x); return;
    case 3: p[2] = x[2]; /* fall through */
    case 2: p[1] = x[1]; /* fall through */
    case 1: p[0] = x[0]; /* fall through */
    default: return;
    }
}

/* The same for 0 to 8 lanes; these move component matrices, which the
 * transform does not read back, so AVX2 masks even known counts (one move). */
INLINE f8 ld8_part(int level, const float *p, long count) {
    if (known(count, 8)) return ld8(p);
    if (level >= A1_WINOGRAD_AVX2) {
        f8 x;
        ld8_masked(p, count, &x);
        return x;
    }
    if (count >= 8) return ld8(p);
    return join(ld4_part(level, p, count < 4 ? count : 4), ld4_part(level, p + 4, count > 4 ? count - 4 : 0));
}

INLINE void st8_part(int level, float *p, f8 x, long count) {
    if (known(count, 8)) { st8(p, x); return; }
    if (level >= A1_WINOGRAD_AVX2) { st8_masked(p, &x, count); return; }
    if (count >= 8) { st8(p, x); return; }
    st4_part(level, p, low(x), count < 4 ? count : 4);
    st4_part(level, p + 4, high(x), count > 4 ? count - 4 : 0);
}

INLINE long clamp4(long count) { return count < 0 ? 0 : count > 4 ? 4 : count; }

/* Up to four tiles of tile row i from column j (count 0: no tiles). */
typedef struct {
    long i, j, count;
} run;

/* The next run in row-major order, advancing the cursor (i, j). */
INLINE run next_run(long *i, long *j, long tiles_y, long n) {
    run r = {*i, *j, 0};
    if (*i >= tiles_y) return r;
    r.count = n - *j < 4 ? n - *j : 4;
    *j += r.count;
    if (*j == n) {
        *j = 0;
        *i += 1;
    }
    return r;
}

/* r with its count a constant for the compiler. */
INLINE run with_count(run r, long count) {
    r.count = count;
    return r;
}
INLINE run whole(run r) { return with_count(r, 4); }

INLINE int ends_row(run r, long n) { return r.count > 0 && r.j + r.count == n; }

/* A pair's lanes of a component matrix (tile t at p[t]). A whole low run is
 * followed in memory by the high run's tiles, so one 8-wide move does. */
INLINE f8 ld_tiles(int level, const float *p, long n, run lo, run hi) {
    const float *a = p + lo.i * n + lo.j;
    if (lo.count == 4) return ld8_part(level, a, 4 + hi.count);
    return join(ld4_part(level, a, lo.count), ld4_part(level, p + hi.i * n + hi.j, hi.count));
}

INLINE void st_tiles(int level, float *p, long n, run lo, run hi, f8 x) {
    float *a = p + lo.i * n + lo.j;
    if (lo.count == 4) {
        st8_part(level, a, x, 4 + hi.count);
        return;
    }
    st4_part(level, a, low(x), lo.count);
    st4_part(level, p + hi.i * n + hi.j, high(x), hi.count);
}

/* Four values at a and four at b (first counts of each), as the two halves. */
INLINE f8 ld_halves(int level, const float *a, long ca, const float *b, long cb) {
    return join(ld4_part(level, a, ca), ld4_part(level, b, cb));
}

INLINE void st_halves(int level, float *a, long ca, float *b, long cb, f8 x) {
    st4_part(level, a, low(x), ca);
    st4_part(level, b, high(x), cb);
}

/* Per half: elements 0, 2, 4, 6 (evens) or 1, 3, 5, 7 (odds) of the eight
 * values a then b hold in that half. */
INLINE f8 evens(f8 a, f8 b) { return __builtin_shufflevector(a, b, 0, 2, 8, 10, 4, 6, 12, 14); }
INLINE f8 odds(f8 a, f8 b) { return __builtin_shufflevector(a, b, 1, 3, 9, 11, 5, 7, 13, 15); }
/* Per half: (a0, b0, a1, b1) and (a2, b2, a3, b3), the inverses. */
INLINE f8 unpacklo(f8 a, f8 b) { return __builtin_shufflevector(a, b, 0, 8, 1, 9, 4, 12, 5, 13); }
INLINE f8 unpackhi(f8 a, f8 b) { return __builtin_shufflevector(a, b, 2, 10, 3, 11, 6, 14, 7, 15); }

/* The Swift versions compute whole runs of four tiles with SIMD4 and the
 * rest with scalars, which differ at two points: SIMD's prefix minus is
 * 0 - x (+0 for +0) where a scalar's flips the sign (-0), and
 * pointwiseMax(x, 0) gives +0 for NaN where Swift.max(x, 0) keeps the NaN
 * (both give +0 for -0). To match bit for bit, each lane follows the path its
 * tile took there: simd_lanes(lo, hi) marks the halves that were SIMD. (The
 * sign of a NaN is another matter: LLVM leaves it open for arithmetic
 * results, in Swift and in C alike.) */
INLINE i8 simd_lanes(int lo, int hi) { return (i8){-lo, -lo, -lo, -lo, -hi, -hi, -hi, -hi}; }

INLINE f8 negate(f8 x, i8 simd) { return (f8)(((i8)(0.0f - x) & simd) | ((i8)(-x) & ~simd)); }

INLINE f8 rectify(f8 x, i8 simd) { return (f8)((i8)x & ((x > 0) | ((x != x) & ~simd))); }

/* V = B^T d B of a pair of runs. Tile (i, j) reads plane rows 2i..2i+3,
 * columns 2j..2j+3; a run of c tiles reads 2c + 2 columns, taken as the
 * 4-wide pieces at offsets 0, 4 (for d0, d1) and 2, 6 (for d2, d3). */
INLINE void input_pair(int level, const float *plane, long pw, long n, float *v, long cs, run lo, run hi) {
    static const long offset[4] = {0, 4, 2, 6};
    const float *a = plane + 2 * lo.i * pw + 2 * lo.j, *b = plane + 2 * hi.i * pw + 2 * hi.j;
    long wa = lo.count ? 2 * lo.count + 2 : 0, wb = hi.count ? 2 * hi.count + 2 : 0;
    f8 d[4][4]; /* [row][piece] */
    for (int k = 0; k < 4; k++)
        for (int p = 0; p < 4; p++)
            d[k][p] = ld_halves(level, a + k * pw + offset[p], clamp4(wa - offset[p]), b + k * pw + offset[p],
                                clamp4(wb - offset[p]));
    /* Rows of B^T d first, as WinogradF2x3.transformInputTiles does. */
    f8 t[4][4];
    for (int p = 0; p < 4; p++) {
        t[0][p] = d[0][p] - d[2][p];
        t[1][p] = d[1][p] + d[2][p];
        t[2][p] = d[2][p] - d[1][p];
        t[3][p] = d[1][p] - d[3][p];
    }
    for (int r = 0; r < 4; r++) {
        f8 d0 = evens(t[r][0], t[r][1]), d1 = odds(t[r][0], t[r][1]);
        f8 d2 = evens(t[r][2], t[r][3]), d3 = odds(t[r][2], t[r][3]);
        float *o = v + 4 * r * cs;
        st_tiles(level, o, n, lo, hi, d0 - d2);
        st_tiles(level, o + cs, n, lo, hi, d1 + d2);
        st_tiles(level, o + 2 * cs, n, lo, hi, d2 - d1);
        st_tiles(level, o + 3 * cs, n, lo, hi, d1 - d3);
    }
}

/* Writes one output row of both runs: the run's tile values y0 (column 2j)
 * and y1 (2j + 1) interleaved, cut at the plane's width. */
INLINE void output_row(int level, float *a, long wa, float *b, long wb, f8 y0, f8 y1) {
    st_halves(level, a, clamp4(wa), b, clamp4(wb), unpacklo(y0, y1));
    st_halves(level, a + 4, clamp4(wa - 4), b + 4, clamp4(wb - 4), unpackhi(y0, y1));
}

/* Columns of the output plane a run writes in a row: 2c, fewer past an odd edge. */
INLINE long output_columns(run r, long width) {
    long w = width - 2 * r.j;
    return r.count == 0 ? 0 : w < 2 * r.count ? w : 2 * r.count;
}

/* Y = A^T M A + bias (then max(0, .)) of a pair of runs, in
 * WinogradF2x3.transformOutputTiles's order of operations. Unless cut, both
 * runs are whole and inside the plane. */
INLINE void output_pair(int level, const float *m, long cs, long n, float *y, long height, long width, float bias,
                        int relu, run lo, run hi, int cut) {
    f8 c[16];
    for (int k = 0; k < 16; k++) c[k] = ld_tiles(level, m + k * cs, n, lo, hi);
    f8 s0[4], s1[4];
    for (int k = 0; k < 4; k++) {
        s0[k] = c[k] + c[4 + k] + c[8 + k];
        s1[k] = c[4 + k] - c[8 + k] - c[12 + k];
    }
    f8 y00 = s0[0] + s0[1] + s0[2] + bias, y01 = s0[1] - s0[2] - s0[3] + bias;
    f8 y10 = s1[0] + s1[1] + s1[2] + bias, y11 = s1[1] - s1[2] - s1[3] + bias;
    if (relu) {
        /* Swift's SIMD blocks stop at the last tile whose two columns both fit. */
        long full = width / 2;
        i8 simd = simd_lanes(lo.count == 4 && lo.j + 4 <= full, hi.count == 4 && hi.j + 4 <= full);
        y00 = rectify(y00, simd);
        y01 = rectify(y01, simd);
        y10 = rectify(y10, simd);
        y11 = rectify(y11, simd);
    }
    float *a = y + 2 * lo.i * width + 2 * lo.j, *b = y + 2 * hi.i * width + 2 * hi.j;
    long wa = cut ? output_columns(lo, width) : 8, wb = cut ? output_columns(hi, width) : 8;
    output_row(level, a, wa, b, wb, y00, y01);
    /* The second row of a tile row past an odd bottom edge is not written. */
    long wa1 = !cut || 2 * lo.i + 1 < height ? wa : 0, wb1 = !cut || 2 * hi.i + 1 < height ? wb : 0;
    output_row(level, wa1 ? a + width : a, wa1, wb1 ? b + width : b, wb1, y10, y11);
}

/* dM = A dY A^T of a pair of runs. Tile (i, j) reads rows 2i and 2i + 1,
 * columns 2j and 2j + 1; what lies past the plane's edges is taken as +0 (as
 * the Swift version's zero-padded copy has it) without being read. Unless
 * cut, both runs are whole and inside the plane. */
INLINE void output_gradient_pair(int level, const float *dy, long height, long width, long n, float *dm, long cs,
                                 run lo, run hi, int cut) {
    f8 d[2][2]; /* [row][piece] */
    for (int k = 0; k < 2; k++) {
        long ra = 2 * lo.i + k, rb = 2 * hi.i + k;
        long wa = !cut ? 8 : lo.count && ra < height ? width - 2 * lo.j : 0;
        long wb = !cut ? 8 : hi.count && rb < height ? width - 2 * hi.j : 0;
        const float *a = dy + (wa ? ra : 0) * width + 2 * lo.j, *b = dy + (wb ? rb : 0) * width + 2 * hi.j;
        d[k][0] = ld_halves(level, a, clamp4(wa), b, clamp4(wb));
        d[k][1] = ld_halves(level, a + 4, clamp4(wa - 4), b + 4, clamp4(wb - 4));
    }
    /* Rows of A dY first: y0, y0 + y1, y0 - y1, -y1. */
    i8 simd = simd_lanes(lo.count == 4, hi.count == 4);
    f8 t[4][2];
    for (int p = 0; p < 2; p++) {
        t[0][p] = d[0][p];
        t[1][p] = d[0][p] + d[1][p];
        t[2][p] = d[0][p] - d[1][p];
        t[3][p] = negate(d[1][p], simd);
    }
    for (int r = 0; r < 4; r++) {
        f8 e0 = evens(t[r][0], t[r][1]), e1 = odds(t[r][0], t[r][1]);
        float *o = dm + 4 * r * cs;
        st_tiles(level, o, n, lo, hi, e0);
        st_tiles(level, o + cs, n, lo, hi, e0 + e1);
        st_tiles(level, o + 2 * cs, n, lo, hi, e0 - e1);
        st_tiles(level, o + 3 * cs, n, lo, hi, negate(e1, simd));
    }
}

/* Lanes (previous tile's k) per tile: lane 0 takes prev's last lane. keep
 * clears the lanes of tiles that start a row (+0, as the Swift carry starts). */
INLINE f8 from_previous_tile(f8 prev, f8 k, i8 keep) {
    return (f8)((i8)__builtin_shufflevector(prev, k, 7, 8, 9, 10, 11, 12, 13, 14) & keep);
}
/* The same when both runs start a row: a shift inside each half. */
INLINE f8 from_previous_tile_in_row(f8 k) {
    return __builtin_shufflevector(k, (f8)0, 8, 0, 1, 2, 8, 4, 5, 6);
}

/* Adds one row r of B dV B^T of a pair of runs onto the plane: tile j's
 * (k0, k1, k2, k3) lands on columns 2j..2j+3, each column getting its two
 * tiles' terms summed first, as in WinogradF2x3Float.inputGradientRow. */
INLINE void input_gradient_row(int level, const f8 v[16], int r, float *plane, long pw, long n, run lo, run hi,
                               f8 carry[2], i8 keep, int starts_rows) {
    i8 simd = simd_lanes(lo.count == 4, hi.count == 4);
    f8 e[4];
    for (int b = 0; b < 4; b++) {
        f8 v0 = v[b], v1 = v[4 + b], v2 = v[8 + b], v3 = v[12 + b];
        e[b] = r == 0 ? v0 : r == 1 ? v1 - v2 + v3 : r == 2 ? v1 + v2 - v0 : negate(v3, simd);
    }
    f8 k0 = e[0], k1 = e[1] - e[2] + e[3], k2 = e[1] + e[2] - e[0], k3 = negate(e[3], simd);
    f8 even = k0 + (starts_rows ? from_previous_tile_in_row(k2) : from_previous_tile(carry[0], k2, keep));
    f8 odd = k1 + (starts_rows ? from_previous_tile_in_row(k3) : from_previous_tile(carry[1], k3, keep));
    carry[0] = k2;
    carry[1] = k3;
    float *a = plane + (2 * lo.i + r) * pw + 2 * lo.j, *b = plane + (2 * hi.i + r) * pw + 2 * hi.j;
    long wa = 2 * lo.count, wb = 2 * hi.count;
    f8 x = ld_halves(level, a, clamp4(wa), b, clamp4(wb)) + unpacklo(even, odd);
    st_halves(level, a, clamp4(wa), b, clamp4(wb), x);
    x = ld_halves(level, a + 4, clamp4(wa - 4), b + 4, clamp4(wb - 4)) + unpackhi(even, odd);
    st_halves(level, a + 4, clamp4(wa - 4), b + 4, clamp4(wb - 4), x);
    /* The last tile of a row spills k2, k3 into columns 2n, 2n + 1. */
    if (ends_row(lo, n)) {
        float *t = a + 2 * lo.count;
        t[0] = t[0] + k2[lo.count - 1];
        t[1] = t[1] + k3[lo.count - 1];
    }
    if (ends_row(hi, n)) {
        float *t = b + 2 * hi.count;
        t[0] = t[0] + k2[3 + hi.count];
        t[1] = t[1] + k3[3 + hi.count];
    }
}

/* B dV B^T of a pair of runs, overlap-added. When the runs are two tile rows
 * i and i + 1, plane rows 2i + 2 and 2i + 3 get terms from both: rows 2 and 3
 * of the pair go first, so each plane value still sums its terms in the Swift
 * version's order (tile row by tile row). */
INLINE void input_gradient_pair(int level, const float *dv, long cs, long n, float *plane, long pw, run lo, run hi,
                                f8 carry[4][2], int starts_rows) {
    f8 v[16];
    for (int k = 0; k < 16; k++) v[k] = ld_tiles(level, dv + k * cs, n, lo, hi);
    i8 keep = {lo.j ? -1 : 0, -1, -1, -1, hi.j ? -1 : 0, -1, -1, -1};
    static const int order[4] = {2, 3, 0, 1};
    for (int s = 0; s < 4; s++) {
        int r = order[s];
        input_gradient_row(level, v, r, plane, pw, n, lo, hi, carry[r], keep, starts_rows);
    }
}

/* Each transform walks the tiles in runs of four, two runs at a time, in
 * copies where the counts are constants wherever they can be: two whole runs
 * away from the plane's odd edges (CUT: the pair reaches one); a whole run
 * and the 1, 2 or 3 tiles that end its row (rows of 5 to 7 tiles: these
 * lanes sit next to each other in the component matrices); two rows of 1, 2
 * or 3 tiles; and any other pair, with the counts known only at run time. */
#define FOR_PAIRS(tiles_y, n, CUT, STEP)                         \
    do {                                                         \
        long i_ = 0, j_ = 0;                                     \
        while (i_ < (tiles_y)) {                                 \
            run lo = next_run(&i_, &j_, (tiles_y), (n));         \
            run hi = next_run(&i_, &j_, (tiles_y), (n));         \
            if (hi.count == 0) hi = (run){lo.i, lo.j, 0};        \
            if (lo.count == 4 && hi.count == 4 && !CUT(lo, hi))  \
                STEP(whole(lo), whole(hi), 0);                   \
            else if (lo.count == 4 && hi.count == 3)             \
                STEP(whole(lo), with_count(hi, 3), 1);           \
            else if (lo.count == 4 && hi.count == 2)             \
                STEP(whole(lo), with_count(hi, 2), 1);           \
            else if (lo.count == 4 && hi.count == 1)             \
                STEP(whole(lo), with_count(hi, 1), 1);           \
            else if (lo.count == 4)                              \
                STEP(whole(lo), hi, 1);                          \
            else if (lo.count == 3 && hi.count == 3)             \
                STEP(with_count(lo, 3), with_count(hi, 3), 1);   \
            else if (lo.count == 2 && hi.count == 2)             \
                STEP(with_count(lo, 2), with_count(hi, 2), 1);   \
            else if (lo.count == 1 && hi.count == 1)             \
                STEP(with_count(lo, 1), with_count(hi, 1), 1);   \
            else                                                 \
                STEP(lo, hi, 1);                                 \
        }                                                        \
    } while (0)

#define NEVER_CUT(lo, hi) 0
/* Whole runs reach an odd right edge, or the second row of the high run's
 * tile row (the lower of the two) is past an odd bottom edge. */
#define CUT_BY_EDGES(lo, hi) (2 * (lo).j + 8 > width || 2 * (hi).j + 8 > width || 2 * (hi).i + 1 >= height)

INLINE void input_tiles(int level, const float *plane, long pw, long tiles_y, long n, float *v, long cs) {
#define STEP(lo, hi, cut) input_pair(level, plane, pw, n, v, cs, lo, hi)
    FOR_PAIRS(tiles_y, n, NEVER_CUT, STEP);
#undef STEP
}

INLINE void output_tiles(int level, const float *m, long cs, long tiles_y, long n, float *y, long height, long width,
                         float bias, int relu) {
#define STEP(lo, hi, cut) output_pair(level, m, cs, n, y, height, width, bias, relu, lo, hi, cut)
    FOR_PAIRS(tiles_y, n, CUT_BY_EDGES, STEP);
#undef STEP
}

INLINE void output_gradient_tiles(int level, const float *dy, long height, long width, long tiles_y, long n,
                                  float *dm, long cs) {
#define STEP(lo, hi, cut) output_gradient_pair(level, dy, height, width, n, dm, cs, lo, hi, cut)
    FOR_PAIRS(tiles_y, n, CUT_BY_EDGES, STEP);
#undef STEP
}

INLINE void input_gradient_tiles(int level, const float *dv, long cs, long tiles_y, long n, float *plane, long pw) {
    f8 carry[4][2];
    memset(carry, 0, sizeof carry);
    /* With four tiles a row or fewer, every run starts a row. */
#define STEP(lo, hi, cut) input_gradient_pair(level, dv, cs, n, plane, pw, lo, hi, carry, 0)
#define STEP_ROWS(lo, hi, cut) input_gradient_pair(level, dv, cs, n, plane, pw, lo, hi, carry, 1)
    if (n <= 4)
        FOR_PAIRS(tiles_y, n, NEVER_CUT, STEP_ROWS);
    else
        FOR_PAIRS(tiles_y, n, NEVER_CUT, STEP);
#undef STEP
#undef STEP_ROWS
}

/* One copy of each transform per level; the always-inline steps above take
 * on the target of the function they are inlined into, and the level folds. */
#define DEFINE_LEVEL(NAME, TARGET, LEVEL)                                                                   \
    TARGET static void input_tiles_##NAME(const float *plane, long pw, long ty, long tx, float *v, long cs) { \
        input_tiles(LEVEL, plane, pw, ty, tx, v, cs);                                                       \
    }                                                                                                       \
    TARGET static void output_tiles_##NAME(const float *m, long cs, long ty, long tx, float *y, long height, \
                                           long width, float bias, int relu) {                              \
        output_tiles(LEVEL, m, cs, ty, tx, y, height, width, bias, relu);                                   \
    }                                                                                                       \
    TARGET static void output_gradient_tiles_##NAME(const float *dy, long height, long width, long ty, long tx, \
                                                    float *dm, long cs) {                                   \
        output_gradient_tiles(LEVEL, dy, height, width, ty, tx, dm, cs);                                    \
    }                                                                                                       \
    TARGET static void input_gradient_tiles_##NAME(const float *dv, long cs, long ty, long tx, float *plane,  \
                                                   long pw) {                                               \
        input_gradient_tiles(LEVEL, dv, cs, ty, tx, plane, pw);                                             \
    }

DEFINE_LEVEL(f2x3_generic, , A1_WINOGRAD_GENERIC)
DEFINE_LEVEL(f2x3_avx2, AVX2_TARGET, A1_WINOGRAD_AVX2)

void a1_f2x3_input_tiles(int level, const float *plane, long plane_width, long tiles_y, long tiles_x, float *v,
                         long component_stride) {
    (level >= A1_WINOGRAD_AVX2 ? input_tiles_f2x3_avx2 : input_tiles_f2x3_generic)(
        plane, plane_width, tiles_y, tiles_x, v, component_stride);
}

void a1_f2x3_output_tiles(int level, const float *m, long component_stride, long tiles_y, long tiles_x, float *y,
                          long height, long width, float bias, int relu) {
    (level >= A1_WINOGRAD_AVX2 ? output_tiles_f2x3_avx2 : output_tiles_f2x3_generic)(
        m, component_stride, tiles_y, tiles_x, y, height, width, bias, relu);
}

void a1_f2x3_output_gradient_tiles(int level, const float *dy, long height, long width, long tiles_y, long tiles_x,
                                   float *dm, long component_stride) {
    (level >= A1_WINOGRAD_AVX2 ? output_gradient_tiles_f2x3_avx2 : output_gradient_tiles_f2x3_generic)(
        dy, height, width, tiles_y, tiles_x, dm, component_stride);
}

void a1_f2x3_accumulate_input_gradient_tiles(int level, const float *dv, long component_stride, long tiles_y,
                                             long tiles_x, float *plane, long plane_width) {
    (level >= A1_WINOGRAD_AVX2 ? input_gradient_tiles_f2x3_avx2 : input_gradient_tiles_f2x3_generic)(
        dv, component_stride, tiles_y, tiles_x, plane, plane_width);
}

#ifndef A1REPORT_WINOGRAD_KERNELS_H
#define A1REPORT_WINOGRAD_KERNELS_H

/* Float tile transforms of Winograd F(4x4, 3x3) and F(2x2, 3x3), with the
 * same contracts, and bit for bit the same results, as the Swift versions
 * in WinogradF4x3 and WinogradF2x3:
 * the same additions and multiplications by constants in the same order,
 * never contracted into FMAs. They exist for vector width: Swift has no
 * per-function target attribute, so its SIMD4 code stays at SSE width on a
 * binary that must run on any x86-64; these are compiled once per ISA level
 * and picked at run time. */

/* The target's other per-level kernel, declared here too so that a build
 * that already has this module cached sees it. */
#include "sparse_rows.h"

/* Instruction-set levels, each a superset of the one before. */
enum {
    A1_WINOGRAD_GENERIC = 0, /* baseline x86-64 (SSE2), or any other CPU */
    A1_WINOGRAD_AVX2 = 1,    /* AVX2 (256-bit) */
};

/* The highest level this CPU and its operating system support. */
int a1_winograd_detected_level(void);

/* V = B^T d B for every 6x6 tile of a zero-padded plane; see
 * WinogradF4x3.transformInputTiles. level must be at most the detected one. */
void a1_f4x3_input_tiles(int level, const float *plane, long plane_width, long tiles_y, long tiles_x,
                         float *v, long component_stride, float *scratch);

/* Y = A^T M A + bias (then max(0, .) when relu) for every tile; see
 * WinogradF4x3.transformOutputTiles. */
void a1_f4x3_output_tiles(int level, const float *m, long component_stride, long tiles_y, long tiles_x,
                          float *y, long height, long width, float bias, int relu, float *scratch);

/* dM = A dY A^T for every tile of an output-gradient plane; see
 * WinogradF4x3.transformOutputGradientTiles. */
void a1_f4x3_output_gradient_tiles(int level, const float *dy, long height, long width, long tiles_y, long tiles_x,
                                   float *dm, long component_stride, float *scratch);

/* Adds B dV B^T of every tile onto a plane; see
 * WinogradF4x3.accumulateInputGradientTiles. */
void a1_f4x3_accumulate_input_gradient_tiles(int level, const float *dv, long component_stride, long tiles_y,
                                             long tiles_x, float *plane, long plane_width, float *scratch);

/* V = B^T d B for every 4x4 tile of a zero-padded plane; see
 * WinogradF2x3.transformInputTiles. Reads nothing past the tiles' rows. */
void a1_f2x3_input_tiles(int level, const float *plane, long plane_width, long tiles_y, long tiles_x,
                         float *v, long component_stride);

/* Y = A^T M A + bias (then max(0, .) when relu) for every tile; see
 * WinogradF2x3.transformOutputTiles. */
void a1_f2x3_output_tiles(int level, const float *m, long component_stride, long tiles_y, long tiles_x,
                          float *y, long height, long width, float bias, int relu);

/* dM = A dY A^T for every tile of an output-gradient plane, odd sides
 * included (no scratch: what lies past an edge reads as 0 without a copy); see
 * WinogradF2x3.transformOutputGradientTiles. */
void a1_f2x3_output_gradient_tiles(int level, const float *dy, long height, long width, long tiles_y, long tiles_x,
                                   float *dm, long component_stride);

/* Adds B dV B^T of every tile onto a plane; see
 * WinogradF2x3.accumulateInputGradientTiles. */
void a1_f2x3_accumulate_input_gradient_tiles(int level, const float *dv, long component_stride, long tiles_y,
                                             long tiles_x, float *plane, long plane_width);

#endif

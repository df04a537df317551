#include "winograd_kernels.h"

#if defined(__x86_64__)
#include <cpuid.h>

/* XCR0: which register states the operating system saves on a context
 * switch. A CPU may have AVX that the kernel does not enable. */
static unsigned long long enabled_register_state(void) {
    unsigned int low, high;
    __asm__("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return ((unsigned long long)high << 32) | low;
}

static int detect_level(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return A1_WINOGRAD_GENERIC;
    int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!osxsave || !avx) return A1_WINOGRAD_GENERIC;
    unsigned long long xcr0 = enabled_register_state();
    if ((xcr0 & 0x6) != 0x6) return A1_WINOGRAD_GENERIC; /* SSE and AVX state */
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return A1_WINOGRAD_GENERIC;
    int avx2 = (b >> 5) & 1;
    return avx2 ? A1_WINOGRAD_AVX2 : A1_WINOGRAD_GENERIC;
}
#else
static int detect_level(void) { return A1_WINOGRAD_GENERIC; }
#endif

int a1_winograd_detected_level(void) {
    /* Computed once; a race only computes the same value twice. */
    static volatile int level = -1;
    if (level < 0) level = detect_level();
    return level;
}

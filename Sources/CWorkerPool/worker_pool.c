#define _GNU_SOURCE
#include "worker_pool.h"

#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum { MAX_HELPERS = 255 };

/* The current pass in one word: its number (16 bits, wrapping), its count of
 * iterations and the next iteration to claim (24 bits each). A helper claims
 * with one compare-and-swap on the whole word, so a claim is valid for
 * exactly the pass the word describes, however late the helper is. */
static _Atomic uint64_t ticket;
enum { FIELD_BITS = 24 };
static const uint64_t field_mask = (1UL << FIELD_BITS) - 1;

static _Atomic uint32_t pass_number;      /* futex word the helpers sleep on */
static _Atomic long finished;             /* iterations of the current pass done */
static _Atomic int sleepers;
static _Atomic long spin_nanoseconds = 200000;
static _Atomic long waiting_nanoseconds;  /* processor time spent yielding while waiting */

static a1_pool_body pass_body;            /* written only between passes */
static void *pass_context;

static uint64_t make_ticket(uint32_t number, long count) {
    return ((uint64_t)(number & 0xFFFF) << (2 * FIELD_BITS)) | ((uint64_t)count << FIELD_BITS);
}

static pthread_mutex_t running = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t started = PTHREAD_ONCE_INIT;
static long started_helpers;
static _Thread_local int inside_pass;

static long clock_nanoseconds(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return (long)t.tv_sec * 1000000000L + t.tv_nsec;
}

static long now_nanoseconds(void) { return clock_nanoseconds(CLOCK_MONOTONIC); }

/* This thread's processor time: what its yielding cost, whoever else ran on the core meanwhile. */
static long thread_nanoseconds(void) { return clock_nanoseconds(CLOCK_THREAD_CPUTIME_ID); }

/* Claims and runs iterations of the current pass until none is left. */
static void run_iterations(void) {
    for (;;) {
        uint64_t seen = atomic_load_explicit(&ticket, memory_order_acquire);
        const long count = (long)((seen >> FIELD_BITS) & field_mask), next = (long)(seen & field_mask);
        if (next >= count) return;
        if (!atomic_compare_exchange_weak_explicit(&ticket, &seen, seen + 1, memory_order_acq_rel,
                                                   memory_order_acquire))
            continue;
        pass_body(pass_context, next);
        atomic_fetch_add_explicit(&finished, 1, memory_order_release);
    }
}

/* Adds this thread's processor time since *counted to the waiting total,
 * as it goes, so that a profile's window sees the waiting that fell in it. */
static void count_waiting(long *counted) {
    const long now = thread_nanoseconds();
    atomic_fetch_add_explicit(&waiting_nanoseconds, now - *counted, memory_order_relaxed);
    *counted = now;
}

/* Returns the number of a pass newer than `last`: yields for spin_nanoseconds, then sleeps. */
static uint32_t wait_for_pass(uint32_t last) {
    const long deadline = now_nanoseconds() + atomic_load_explicit(&spin_nanoseconds, memory_order_relaxed);
    long counted = thread_nanoseconds();
    for (;;) {
        const uint32_t number = atomic_load_explicit(&pass_number, memory_order_acquire);
        count_waiting(&counted);
        if (number != last) return number;
        if (now_nanoseconds() < deadline) {
            sched_yield();
            continue;
        }
        atomic_fetch_add(&sleepers, 1);
        if (atomic_load(&pass_number) == last)
            syscall(SYS_futex, &pass_number, FUTEX_WAIT_PRIVATE, last, NULL, NULL, 0);
        atomic_fetch_sub(&sleepers, 1);
        counted = thread_nanoseconds();
    }
}

static void *helper_main(void *unused) {
    (void)unused;
    inside_pass = 1;  /* a helper's own nested calls run inline */
    uint32_t last = atomic_load(&pass_number);
    for (;;) {
        last = wait_for_pass(last);
        run_iterations();
    }
    return NULL;
}

static void start_helpers(void) {
    for (long h = 0; h < started_helpers; h++) {
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&thread, &attributes, helper_main, NULL) != 0) started_helpers = h;
        pthread_attr_destroy(&attributes);
    }
}

static void run_inline(long iterations, a1_pool_body body, void *context) {
    for (long i = 0; i < iterations; i++) body(context, i);
}

void a1_pool_perform(long helpers, long iterations, a1_pool_body body, void *context) {
    if (iterations <= 0) return;
    if (helpers <= 0 || iterations == 1 || inside_pass || pthread_mutex_trylock(&running) != 0) {
        run_inline(iterations, body, context);
        return;
    }
    if (started_helpers == 0) started_helpers = helpers < MAX_HELPERS ? helpers : MAX_HELPERS;
    pthread_once(&started, start_helpers);
    if (started_helpers == 0 || (uint64_t)iterations > field_mask) {
        pthread_mutex_unlock(&running);
        run_inline(iterations, body, context);
        return;
    }
    pass_body = body;
    pass_context = context;
    atomic_store_explicit(&finished, 0, memory_order_relaxed);
    const uint32_t number = atomic_load(&pass_number) + 1;
    atomic_store_explicit(&ticket, make_ticket(number, iterations), memory_order_release);
    /* Sequentially consistent, against a helper that is just going to sleep:
     * either it sees the new number or this thread sees it among the sleepers. */
    atomic_store(&pass_number, number);
    if (atomic_load(&sleepers) > 0) syscall(SYS_futex, &pass_number, FUTEX_WAKE_PRIVATE, INT32_MAX, NULL, NULL, 0);
    inside_pass = 1;
    run_iterations();
    inside_pass = 0;
    if (atomic_load_explicit(&finished, memory_order_acquire) < iterations) {
        long counted = thread_nanoseconds();
        while (atomic_load_explicit(&finished, memory_order_acquire) < iterations) {
            sched_yield();
            count_waiting(&counted);
        }
    }
    pthread_mutex_unlock(&running);
}

long a1_pool_waiting_nanoseconds(void) { return atomic_load_explicit(&waiting_nanoseconds, memory_order_relaxed); }

void a1_pool_set_spin_microseconds(long microseconds) {
    atomic_store(&spin_nanoseconds, microseconds < 0 ? 0 : microseconds * 1000);
}

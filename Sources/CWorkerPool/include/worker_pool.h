#ifndef A1REPORT_WORKER_POOL_H
#define A1REPORT_WORKER_POOL_H

/* A pool of helper threads for the compute kernels' parallel passes.
 *
 * a1_pool_perform runs body(context, i) for every i in 0 ..< iterations, on
 * the calling thread and up to `helpers` helper threads, and returns when
 * all have returned. Which thread runs which iteration is not fixed.
 *
 * Why not Dispatch's concurrentPerform: Problem 1's training step has about
 * ten parallel passes of 20–500 µs, with serial work between them, and
 * Dispatch's idle worker parks at once, so each pass paid a wake-up of about
 * 12 µs before the second core joined. Here a helper waits for the next pass
 * by yielding for a while (`spin_microseconds`) before it sleeps: it stays
 * ready across a step, and a thread the scheduler has waiting on that core
 * (OpenBLAS's own) still gets it.
 *
 * A call made while the pool runs another (from a helper, or from a second
 * thread of the process) runs its iterations on the calling thread, in
 * order. The pool starts on first use with the `helpers` of that call. */
typedef void (*a1_pool_body)(void *context, long iteration);

void a1_pool_perform(long helpers, long iterations, a1_pool_body body, void *context);

/* Processor nanoseconds the pool's threads have spent so far yielding while
 * they wait, helpers for a pass and the caller for a pass's last iterations:
 * time the process used without working, which a count of busy cores should
 * leave out. */
long a1_pool_waiting_nanoseconds(void);

/* How long an idle helper yields before it sleeps (default 200). */
void a1_pool_set_spin_microseconds(long microseconds);

#endif

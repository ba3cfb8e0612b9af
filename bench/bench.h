/*
** bench.h: timing helpers shared by the benchmarks (header-only: each
** benchmark is one file built by bench/run.sh).
*/
#ifndef SD_BENCH_H
#define SD_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static inline int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Sort the n timings t and print their median, minimum and 95th
** percentile. */
static inline void report(const char *what, double *t, int n)
{
    qsort(t, (size_t)n, sizeof(*t), cmp);
    printf("%-34s n=%d  median %8.1f us  min %8.1f us  p95 %8.1f us\n", what,
           n, t[n / 2], t[0], t[(n * 95) / 100]);
}

#endif

/*
** bench_kb.c: time the knowledge-base paths: loading and validating a
** monograph, and building the side-effects JSON view. Prints the median,
** minimum and 95th percentile of N runs in microseconds.
**
** usage: bench_kb MONOGRAPH [N]
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stepdown/kb.h"
#include "stepdown/kb_json.h"

#include "bench.h"


int main(int argc, char **argv)
{
    int n = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 200;
    double *t;
    sd_monograph *m = NULL;
    sd_error err;

    if(argc < 2 || n < 1 || n > 100000) {
        fprintf(stderr, "usage: bench_kb MONOGRAPH [N]\n");
        return 2;
    }
    t = malloc((size_t)n * sizeof(*t));
    if(!t)
        return 3;
    for(int i = 0; i < n; i++) {
        double t0 = now_us();
        if(sd_monograph_load_file(argv[1], &m, &err)) {
            fprintf(stderr, "bench_kb: %s: %s\n", argv[1], err.text);
            return 2;
        }
        t[i] = now_us() - t0;
        if(i + 1 < n)
            sd_monograph_free(m);
    }
    report("load + validate monograph", t, n);
    for(int i = 0; i < n; i++) {
        double t0 = now_us();
        json_t *j = sd_side_effects_json(m, SD_TIERMASK_ALL);
        char *s = json_dumps(j, JSON_COMPACT);
        t[i] = now_us() - t0;
        free(s);
        json_decref(j);
    }
    report("side-effects JSON (build + dump)", t, n);
    sd_monograph_free(m);
    free(t);
    return 0;
}

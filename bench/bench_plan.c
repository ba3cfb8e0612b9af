/*
** bench_plan.c: plans generated per second without I/O (issue 4 target:
** 100,000 per second on one core). Each plan is sd_taper_make() from a
** spec: policy by risk, the makeable-dose table, every step with its
** pieces, durations and pharmacy totals. A mix of the worked examples
** and random requests, as the property test draws them; the plan memory
** is reused, as a server would.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "stepdown/date.h"
#include "stepdown/taper_export.h"
#include "stepdown/taper_json.h"
#include "stepdown/taper_policy.h"

#define NSPECS 1024

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static int pick(int n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (int)(rng % (uint64_t)n);
}

static void spec_random(sd_taper_spec *s)
{
    static const sd_taper_strength kinds[] = {{5000, 1}, {10000, 2},
                                              {20000, 2}};
    sd_taper_spec_init(s);
    sd_taper_request *r = &s->req;
    r->nadmin = 1 + pick(4);
    sd_taper_default_times(r->nadmin, r->minute);
    r->nstrengths = 1 + pick(3);
    for(int k = 0; k < r->nstrengths; k++)
        r->strengths[k] = kinds[(k + pick(3)) % 3];
    for(int a = 0; a < r->nadmin; a++) {
        r->dose_ug[a] = 0;
        for(int n = 1 + pick(4); n > 0; n--) {
            const sd_taper_strength *t = &r->strengths[pick(r->nstrengths)];
            r->dose_ug[a] += t->ug / t->pieces;
        }
    }
    r->start_day = 20781;   /* 2026-11-24 */
    s->patient.days_on_drug = pick(730);
    s->patient.age = 20 + pick(70);
}

int main(int argc, char **argv)
{
    sd_monograph *m;
    sd_error err;
    sd_taper_policy pol;

    if(argc < 2 || sd_monograph_load_file(argv[1], &m, &err)) {
        fprintf(stderr, "usage: bench_plan MONOGRAPH (%s)\n",
                argc < 2 ? "missing" : err.text);
        return 2;
    }
    sd_taper_spec *specs = calloc(NSPECS, sizeof(*specs));
    sd_taper_plan *p = calloc(1, sizeof(*p));
    if(!specs || !p)
        return 3;
    for(int i = 0; i < NSPECS; i++)
        spec_random(&specs[i]);
    /* specs[0]: 20 mg three times a day for a year, 10 mg tablets in
    ** halves (the worked example). */
    sd_taper_spec_init(&specs[0]);
    specs[0].req.nadmin = 3;
    sd_taper_default_times(3, specs[0].req.minute);
    for(int a = 0; a < 3; a++)
        specs[0].req.dose_ug[a] = 20000;
    specs[0].req.nstrengths = 1;
    specs[0].req.strengths[0] = (sd_taper_strength){10000, 2};
    specs[0].req.start_day = 20781;
    specs[0].patient.days_on_drug = 365;

    /* The worked example alone, then the mix; best of 5 rounds. */
    long n = argc > 2 ? atol(argv[2]) : 200000;
    for(int mix = 0; mix < 2; mix++) {
        double best = 1e18;
        long steps = 0, built = 0;
        for(int round = 0; round < 5; round++) {
            steps = built = 0;
            double t0 = now_us();
            for(long i = 0; i < n; i++) {
                const sd_taper_spec *s = &specs[mix ? i % NSPECS : 0];
                if(!sd_taper_make(m, s, &pol, p, &err)) {
                    built++;
                    steps += (long)p->nsteps;
                }
            }
            double t = now_us() - t0;
            if(t < best)
                best = t;
        }
        printf("%-34s n=%ld  %9.0f plans/s  %6.2f us per plan  (%.1f steps "
               "per plan, %ld refused)\n",
               mix ? "sd_taper_make, random requests"
                   : "sd_taper_make, 20 mg TID, 1 year",
               n, (double)n / best * 1e6, best / (double)n,
               built ? (double)steps / (double)built : 0.0, n - built);
    }

    /* The exports of the worked example, for scale. */
    static const sd_taper_label l = {"drug", "drug", "1", "tablet", 0};
    double t[200];
    sd_taper_spec s0 = specs[0];
    sd_taper_make(m, &s0, &pol, p, &err);
    for(int i = 0; i < 200; i++) {
        double t0 = now_us();
        char *ics = sd_taper_ics(p, &l, &err);
        t[i] = now_us() - t0;
        sd_free(ics);
    }
    report("sd_taper_ics, one plan", t, 200);
    for(int i = 0; i < 200; i++) {
        double t0 = now_us();
        json_t *j = sd_taper_plan_to_json(m, &s0, &pol, p, &l);
        char *text = json_dumps(j, JSON_COMPACT);
        t[i] = now_us() - t0;
        free(text);
        json_decref(j);
    }
    report("plan JSON, one plan", t, 200);
    free(specs);
    free(p);
    sd_monograph_free(m);
    return 0;
}

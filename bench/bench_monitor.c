/*
** bench_monitor.c: the safety monitor over 10,000 patients x 90 days of
** diary (issue 5's target: under 2 s on this machine).
**
** Each synthetic patient takes 20 mg three times a day (10 mg scored
** tablets) with a few minutes' jitter, misses about 1 dose in 40, takes
** an extra dose now and then, has a supply every 30 days, a withdrawal
** score and a symptom report a week and an eGFR reading a month: about
** 290 entries per patient, 2.9 million in all. Timed:
**   1. the monitor alone over the diaries in memory;
**   2. the whole evaluation from the database: each patient's diary
**      loaded from SQLite, the monitor run, its alerts stored
**      (deduplicated), as `stepdown alerts` does for everyone.
** usage: bench_monitor MONOGRAPH [PATIENTS] [DB]
*/
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "stepdown/diary.h"
#include "stepdown/monitor.h"
#include "stepdown/store.h"

#define DAYS 90

static uint64_t rng = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static void make(sd_diary *d, int p, long day0, char keys[][32])
{
    static const int minutes[3] = {8 * 60, 14 * 60, 22 * 60};
    sd_rx rx;
    sd_entry e;
    int nk = 0;
    sd_diary_init(d);
    snprintf(d->patient.pseudonym, sizeof(d->patient.pseudonym), "p%05d", p);
    d->patient.birth_year = 1940 + p % 60;
    memset(&rx, 0, sizeof(rx));
    snprintf(keys[nk], 32, "rx-%d", p);
    rx.key = keys[nk++];
    rx.drug = "drug";
    rx.formulation = "tablets";
    rx.route = "oral";
    rx.unit_ug = 10000;
    rx.pieces = 2;
    rx.nadmin = 3;
    for(int i = 0; i < 3; i++) {
        rx.dose_ug[i] = 20000;
        rx.minute[i] = minutes[i];
    }
    rx.start_day = day0;
    rx.end_day = -1;
    rx.since_day = day0 - 200;
    sd_diary_add_rx(d, &rx);
    for(long k = 0; k < DAYS; k++) {
        int64_t midnight = (int64_t)(day0 + k) * 86400;
        char key[48];
        for(int i = 0; i < 3; i++) {
            sd_entry_init(&e, SD_ENTRY_DOSE);
            e.at = midnight + minutes[i] * 60 + (int)rnd(21) * 60 - 600;
            e.entered = e.at;
            e.amount_ug = 20000;
            e.sub = rnd(40) ? SD_DOSE_TAKEN : SD_DOSE_SKIPPED;
            if(e.sub == SD_DOSE_SKIPPED)
                e.amount_ug = 0;
            snprintf(key, sizeof(key), "p%d-d%ld-%d", p, k, i);
            e.key = key;
            sd_diary_add_entry(d, &e);
        }
        if(!rnd(30)) {
            sd_entry_init(&e, SD_ENTRY_DOSE);
            e.sub = SD_DOSE_EXTRA;
            e.at = midnight + 20 * 3600;
            e.entered = e.at;
            e.amount_ug = 10000;
            snprintf(key, sizeof(key), "p%d-x%ld", p, k);
            e.key = key;
            sd_diary_add_entry(d, &e);
        }
        if(k % 30 == 0) {
            sd_entry_init(&e, SD_ENTRY_SUPPLY);
            e.at = midnight + 7 * 3600;
            e.entered = e.at;
            e.value = 180;
            e.amount_ug = 1800000;
            snprintf(key, sizeof(key), "p%d-s%ld", p, k);
            e.key = key;
            sd_diary_add_entry(d, &e);
        }
        if(k % 7 == 3) {
            sd_entry_init(&e, SD_ENTRY_SCORE);
            e.at = midnight + 9 * 3600;
            e.entered = e.at;
            e.items[0] = (signed char)rnd(3);
            e.items[1] = (signed char)rnd(3);
            e.score_total = e.items[0] + e.items[1];
            snprintf(key, sizeof(key), "p%d-w%ld", p, k);
            e.key = key;
            sd_diary_add_entry(d, &e);
            sd_entry_init(&e, SD_ENTRY_SYMPTOM);
            e.at = midnight + 10 * 3600;
            e.entered = e.at;
            e.text = "a little drowsy in the morning";
            e.disposition = rnd(20) ? 1 : 3;
            e.concepts = "drowsiness";
            e.rules = "concept-level";
            e.sources = "US-TAB";
            snprintf(key, sizeof(key), "p%d-y%ld", p, k);
            e.key = key;
            sd_diary_add_entry(d, &e);
        }
        if(k % 30 == 15) {
            sd_entry_init(&e, SD_ENTRY_EGFR);
            e.at = midnight + 11 * 3600;
            e.entered = e.at;
            e.value = 40 + rnd(60);
            snprintf(key, sizeof(key), "p%d-g%ld", p, k);
            e.key = key;
            sd_diary_add_entry(d, &e);
        }
    }
    sd_diary_sort(d);
}

int main(int argc, char **argv)
{
    sd_monograph *m;
    sd_error err;
    int np = argc > 2 ? atoi(argv[2]) : 10000;
    char path[256];
    snprintf(path, sizeof(path), "%s", argc > 3 ? argv[3]
                                                : "/tmp/sd-bench-monitor.db");
    if(argc < 2 || sd_monograph_load_file(argv[1], &m, &err)) {
        fprintf(stderr, "usage: bench_monitor MONOGRAPH [PATIENTS] [DB]\n");
        return 2;
    }
    long day0 = 20330; /* 2025-08-31 */
    int64_t now = (int64_t)(day0 + DAYS) * 86400 - 60;
    sd_monitor_config cfg;
    sd_monitor_config_default(&cfg);
    sd_diary *all = calloc((size_t)np, sizeof(*all));
    static char keys[4][32];
    size_t entries = 0, alerts = 0;
    for(int p = 0; p < np; p++) {
        make(&all[p], p, day0, keys);
        entries += all[p].n;
    }
    /* 1. the monitor alone */
    double t0 = now_us();
    for(int p = 0; p < np; p++) {
        sd_alert_list l;
        sd_alert_list_init(&l);
        if(sd_monitor_run(m, &cfg, &all[p], now, &l, &err))
            return 1;
        alerts += l.n;
        sd_alert_list_release(&l);
    }
    double t1 = now_us();
    printf("monitor, in memory: %d patients x %d days, %zu entries, %zu "
           "alerts: %.3f s (%.1f us per patient)\n", np, DAYS, entries,
           alerts, (t1 - t0) / 1e6, (t1 - t0) / np);

    /* 2. from the database */
    unlink(path);
    char aux[300];
    snprintf(aux, sizeof(aux), "%s-wal", path);
    unlink(aux);
    snprintf(aux, sizeof(aux), "%s-shm", path);
    unlink(aux);
    sd_store *st;
    if(sd_store_open(path, &st, &err))
        return 1;
    int64_t *ids = calloc((size_t)np, sizeof(*ids));
    double w0 = now_us();
    for(int p = 0; p < np; p++) {
        char key[32];
        int64_t id;
        if(p % 100 == 0 && sd_store_begin(st, &err))
            return 1;
        snprintf(key, sizeof(key), "pt-%d", p);
        if(sd_store_patient_add(st, key, all[p].patient.pseudonym,
                                all[p].patient.birth_year, &ids[p], &err) ||
           sd_store_rx_add(st, ids[p], &all[p].rx[0], &id, &err))
            return 1;
        for(size_t i = 0; i < all[p].n; i++)
            if(sd_store_entry_add(st, ids[p], &all[p].e[i], &id, &err)) {
                fprintf(stderr, "%s\n", err.text);
                return 1;
            }
        if(p % 100 == 99 || p == np - 1)
            if(sd_store_commit(st, &err))
                return 1;
        sd_diary_release(&all[p]);
    }
    double w1 = now_us();
    printf("writing the diaries: %zu entries in batches of 100 patients: "
           "%.1f s (%.0f entries/s)\n", entries, (w1 - w0) / 1e6,
           entries / ((w1 - w0) / 1e6));
    /* Two passes: the first stores every alert, the second finds them all
    ** stored already (the steady state of a monitor run after each entry).
    ** Each pass is one transaction, as `stepdown alerts` makes it. */
    for(int pass = 1; pass <= 2; pass++) {
        size_t stored = 0;
        double l0 = now_us(), load = 0, run = 0;
        alerts = 0;
        if(sd_store_begin(st, &err))
            return 1;
        for(int p = 0; p < np; p++) {
            sd_diary d;
            sd_alert_list l;
            double a0 = now_us();
            sd_diary_init(&d);
            if(sd_store_diary_load(st, ids[p], INT64_MIN, INT64_MAX, &d,
                                   &err))
                return 1;
            double a1 = now_us();
            load += a1 - a0;
            sd_alert_list_init(&l);
            if(sd_monitor_run(m, &cfg, &d, now, &l, &err))
                return 1;
            run += now_us() - a1;
            for(size_t i = 0; i < l.n; i++) {
                int64_t id;
                int is_new;
                if(sd_store_alert_save(st, ids[p], &l.a[i], now, &id,
                                       &is_new, &err))
                    return 1;
                stored += is_new == 1;
            }
            alerts += l.n;
            sd_alert_list_release(&l);
            sd_diary_release(&d);
        }
        if(sd_store_commit(st, &err))
            return 1;
        double l1 = now_us();
        printf("monitor from the database, pass %d: %.3f s for %d patients "
               "(load %.3f s, rules %.3f s, alerts stored %.3f s), %zu "
               "alerts, %zu new\n", pass, (l1 - l0) / 1e6, np, load / 1e6,
               run / 1e6, (l1 - l0 - load - run) / 1e6, alerts, stored);
    }
    sd_store_close(st);
    free(ids);
    free(all);
    sd_monograph_free(m);
    unlink(path);
    return 0;
}

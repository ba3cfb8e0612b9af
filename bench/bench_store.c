/*
** bench_store.c: diary entries written per second by the SQLite store, on
** a database file in /tmp (WAL, synchronous=NORMAL, as stepdown opens it):
** one entry per transaction, as the command line and a server write them,
** and 1,000 per sd_store_begin/commit batch, as an import writes them.
** Each write checks the patient and the idempotency key and records the
** key with the entry's content. Also: a retried write (the key seen, the
** first id returned, nothing written) and the file size per entry.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"
#include "stepdown/store.h"

#define T0 ((int64_t)20781 * 86400)

static char path[64];

static void remove_db(void)
{
    char p[80];
    unlink(path);
    snprintf(p, sizeof(p), "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", path);
    unlink(p);
}

static long entry_no;

/* Write n dose entries, in batches of `batch` (0: one transaction each);
** the elapsed microseconds, or -1 on failure. */
static double write_entries(sd_store *st, int64_t pid, long n, long batch)
{
    sd_error err;
    char key[32];
    double t0 = now_us();
    for(long i = 0; i < n; i++) {
        sd_entry e;
        int64_t id;
        long k = entry_no++;
        sd_entry_init(&e, SD_ENTRY_DOSE);
        snprintf(key, sizeof(key), "bench-%09ld", k);
        e.key = key;
        e.at = T0 + k * 60;
        e.tz_min = 60;
        e.entered = e.at + 5;
        e.amount_ug = 5000 * (k % 4 + 1);
        if(batch && i % batch == 0 && sd_store_begin(st, &err))
            goto fail;
        if(sd_store_entry_add(st, pid, &e, &id, &err))
            goto fail;
        if(batch && (i % batch == batch - 1 || i == n - 1) &&
           sd_store_commit(st, &err))
            goto fail;
    }
    return now_us() - t0;
fail:
    fprintf(stderr, "bench_store: %s\n", err.text);
    return -1;
}

static void line(const char *what, long n, double us)
{
    printf("%-34s n=%ld  %9.0f entries/s  %6.2f us per entry\n", what, n,
           (double)n / us * 1e6, us / (double)n);
}

int main(int argc, char **argv)
{
    sd_store *st;
    sd_error err;
    int64_t pid;
    long n1 = argc > 1 ? strtol(argv[1], NULL, 10) : 20000;
    long nb = n1 * 5;

    snprintf(path, sizeof(path), "/tmp/sd-bench-store-%ld.db",
             (long)getpid());
    remove_db();
    if(sd_store_open(path, &st, &err) ||
       sd_store_patient_add(st, "bench-patient", "bench-1", 1960, &pid,
                            &err)) {
        fprintf(stderr, "bench_store: %s\n", err.text);
        return 1;
    }

    /* best of 3 rounds each, on a database that grows meanwhile */
    double best = 1e18, t;
    for(int round = 0; round < 3; round++) {
        if((t = write_entries(st, pid, n1, 0)) < 0)
            return 1;
        if(t < best)
            best = t;
    }
    line("store: entry, one per transaction", n1, best);
    best = 1e18;
    for(int round = 0; round < 3; round++) {
        if((t = write_entries(st, pid, nb, 1000)) < 0)
            return 1;
        if(t < best)
            best = t;
    }
    line("store: entry, 1,000 per batch", nb, best);

    /* retries: the first entries again, nothing written */
    long written = entry_no;
    entry_no = 0;
    if((t = write_entries(st, pid, n1, 0)) < 0)
        return 1;
    line("store: retried entry (same key)", n1, t);
    entry_no = written;

    /* the load of one patient's whole diary, for scale */
    double tl[3];
    size_t loaded = 0;
    for(int i = 0; i < 3; i++) {
        sd_diary d;
        sd_diary_init(&d);
        double t0 = now_us();
        if(sd_store_diary_load(st, pid, INT64_MIN, INT64_MAX, &d, &err)) {
            fprintf(stderr, "bench_store: %s\n", err.text);
            return 1;
        }
        tl[i] = now_us() - t0;
        loaded = d.n;
        sd_diary_release(&d);
    }
    qsort(tl, 3, sizeof(*tl), cmp);
    printf("%-34s n=%zu  %9.0f entries/s  %6.1f ms per load\n",
           "store: diary load, all entries", loaded,
           (double)loaded / tl[1] * 1e6, tl[1] / 1e3);
    sd_store_close(st);   /* checkpoints the WAL into the file */

    struct stat sb;
    if(!stat(path, &sb))
        printf("%-34s %ld entries, %.0f bytes per entry (with the "
               "idempotency keys)\n", "store: database file", written,
               (double)sb.st_size / (double)written);
    remove_db();
    return 0;
}

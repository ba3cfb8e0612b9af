/*
** crash_store.c: the store keeps every write it acknowledged when its
** process is killed at any moment (make crash-test).
**
** Each round forks a writer that opens the database and adds dose entries
** for one patient with unique keys: one per transaction, or (every third
** round) in batches of 20 with sd_store_begin/commit. After each write
** returns SD_OK (for a batch: after the commit) the writer sends its keys
** down a pipe, one write(2) per line (atomic, unbuffered). The parent kills
** it with SIGKILL after a random 0-50 ms, mid-write as likely as not, and
** the next round opens the same database again (recovering the WAL).
** At the end the database is opened once more: the integrity check must
** pass, every acknowledged key must be there exactly once with its
** content, and per round at most the one write (or batch) in flight when
** the kill came may be there without an acknowledgement.
**
**   crash_store DB [ROUNDS]   (SD_CRASH_SEED=n repeats a run)
*/
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "stepdown/store.h"

#define T0 ((int64_t)20781 * 86400)
#define BATCH 20
#define MAX_ROUNDS 1000

static uint64_t rng;

static unsigned pick(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static int64_t amount_of(long i)
{
    return 1000 * (i % 10 + 1);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void fail(const char *what, const sd_error *err)
{
    fprintf(stderr, "crash_store: %s: %s\n", what, err ? err->text : "");
    exit(1);
}

/* The writer: never returns. */
static void writer(const char *path, int64_t pid, int round, int fd)
{
    sd_store *st;
    sd_error err;
    char keys[BATCH][32];
    int batched = round % 3 == 2;

    if(sd_store_open(path, &st, &err))
        _exit(3);
    for(long i = 0; i < 10000000; i++) {
        int slot = batched ? (int)(i % BATCH) : 0;
        sd_entry e;
        int64_t id;
        sd_entry_init(&e, SD_ENTRY_DOSE);
        snprintf(keys[slot], sizeof(keys[slot]), "r%03d-%07ld", round, i);
        e.key = keys[slot];
        e.at = T0 + round * 86400 + i;
        e.entered = e.at;
        e.amount_ug = amount_of(i);
        if(batched && slot == 0 && sd_store_begin(st, &err))
            _exit(4);
        if(sd_store_entry_add(st, pid, &e, &id, &err))
            _exit(5);
        if(batched && slot < BATCH - 1)
            continue;
        if(batched && sd_store_commit(st, &err))
            _exit(6);
        for(int k = 0; k <= slot; k++) {
            char line[40];
            int n = snprintf(line, sizeof(line), "%s\n", keys[k]);
            if(write(fd, line, (size_t)n) != n)
                _exit(7);
        }
    }
    _exit(0);
}

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static void drain(int fd, buf *b)
{
    for(;;) {
        if(b->cap - b->n < 4096) {
            b->cap = b->cap ? b->cap * 2 : 65536;
            if(!(b->p = realloc(b->p, b->cap)))
                fail("out of memory", NULL);
        }
        ssize_t r = read(fd, b->p + b->n, b->cap - b->n - 1);
        if(r > 0) {
            b->n += (size_t)r;
            continue;
        }
        if(r < 0 && errno == EINTR)
            continue;
        return;   /* EOF, or nothing more for now (non-blocking poll) */
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(int argc, char **argv)
{
    sd_store *st;
    sd_error err;
    int64_t pid;
    buf acked = {0};

    if(argc < 2) {
        fprintf(stderr, "usage: crash_store DB [ROUNDS]\n");
        return 2;
    }
    const char *path = argv[1];
    int rounds = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 40;
    if(rounds < 1 || rounds > MAX_ROUNDS)
        rounds = 40;
    const char *seed = getenv("SD_CRASH_SEED");
    rng = seed ? strtoull(seed, NULL, 10)
               : (uint64_t)time(NULL) * 2654435761u ^ (uint64_t)getpid();
    if(!rng)
        rng = 1;
    unsigned long long seed0 = (unsigned long long)rng;
    char side[600];
    unlink(path);
    snprintf(side, sizeof(side), "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", path);
    unlink(side);
    if(sd_store_open(path, &st, &err))
        fail("open", &err);
    if(sd_store_patient_add(st, "crash-patient", "crash-1", 0, &pid, &err))
        fail("patient", &err);
    sd_store_close(st);

    int kills_mid = 0;
    size_t round_start[MAX_ROUNDS + 1];
    double t0 = now_ms();
    for(int r = 0; r < rounds; r++) {
        int fds[2];
        round_start[r] = acked.n;
        if(pipe(fds))
            fail("pipe", NULL);
        pid_t child = fork();
        if(child < 0)
            fail("fork", NULL);
        if(child == 0) {
            close(fds[0]);
            writer(path, pid, r, fds[1]);
        }
        close(fds[1]);
        fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
        /* read while waiting, so that a full pipe never stalls the
        ** writer, then kill it */
        double until = now_ms() + (double)pick(51);
        struct pollfd pfd = {fds[0], POLLIN, 0};
        double left;
        int eof = 0;
        while(!eof && (left = until - now_ms()) > 0) {
            if(poll(&pfd, 1, (int)left + 1) > 0) {
                size_t before = acked.n;
                if(pfd.revents & POLLIN)
                    drain(fds[0], &acked);
                if((pfd.revents & POLLHUP) && acked.n == before)
                    eof = 1;   /* the writer ended on its own */
            }
        }
        kill(child, SIGKILL);
        int status;
        waitpid(child, &status, 0);
        if(WIFSIGNALED(status))
            kills_mid++;
        else if(WIFEXITED(status) && WEXITSTATUS(status))
            fprintf(stderr, "crash_store: round %d: the writer failed "
                    "(exit %d)\n", r, WEXITSTATUS(status));
        drain(fds[0], &acked);
        close(fds[0]);
    }
    round_start[rounds] = acked.n;
    double elapsed = now_ms() - t0;

    /* the acknowledged keys */
    size_t nacked = 0;
    for(size_t i = 0; i < acked.n; i++)
        nacked += acked.p[i] == '\n';
    char **keys = calloc(nacked + 1, sizeof(*keys));
    if(!keys)
        fail("out of memory", NULL);
    size_t k = 0;
    for(size_t i = 0, start = 0; i < acked.n; i++) {
        if(acked.p[i] == '\n') {
            acked.p[i] = '\0';
            keys[k++] = acked.p + start;
            start = i + 1;
        }
    }

    /* the database after the kills */
    if(sd_store_open(path, &st, &err))
        fail("reopen", &err);
    if(sd_store_check(st, &err))
        fail("integrity check", &err);
    sd_diary d;
    sd_diary_init(&d);
    if(sd_store_diary_load(st, pid, INT64_MIN, INT64_MAX, &d, &err))
        fail("load", &err);
    const char **stored = calloc(d.n + 1, sizeof(*stored));
    if(!stored)
        fail("out of memory", NULL);
    int bad = 0;
    long per_round[MAX_ROUNDS] = {0};
    for(size_t i = 0; i < d.n; i++) {
        const sd_entry *e = &d.e[i];
        int r;
        long n;
        stored[i] = e->key;
        if(sscanf(e->key, "r%d-%ld", &r, &n) != 2 || r < 0 || r >= rounds ||
           e->amount_ug != amount_of(n) ||
           e->at != T0 + r * 86400 + n) {
            fprintf(stderr, "crash_store: entry %s holds other content\n",
                    e->key);
            bad = 1;
            continue;
        }
        per_round[r]++;
    }
    qsort(stored, d.n, sizeof(*stored), cmp_str);
    for(size_t i = 1; i < d.n; i++) {
        if(!strcmp(stored[i - 1], stored[i])) {
            fprintf(stderr, "crash_store: %s stored twice\n", stored[i]);
            bad = 1;
        }
    }
    size_t found = 0;
    for(size_t i = 0; i < nacked; i++) {
        if(bsearch(&keys[i], stored, d.n, sizeof(*stored), cmp_str))
            found++;
        else if(bad < 20) {
            fprintf(stderr, "crash_store: acknowledged %s is missing\n",
                    keys[i]);
            bad++;
        }
    }
    /* per round: acknowledged <= stored <= acknowledged + one write or
    ** batch in flight */
    for(int r = 0, ki = 0; r < rounds; r++) {
        long a = 0;
        while((size_t)ki < nacked && keys[ki] >= acked.p + round_start[r] &&
              keys[ki] < acked.p + round_start[r + 1]) {
            a++;
            ki++;
        }
        long slack = r % 3 == 2 ? BATCH : 1;
        if(per_round[r] < a || per_round[r] > a + slack) {
            fprintf(stderr, "crash_store: round %d: %ld acknowledged, %ld "
                    "stored\n", r, a, per_round[r]);
            bad = 1;
        }
    }
    printf("crash_store: %d rounds (%d killed mid-run) in %.0f ms, %zu "
           "entries acknowledged, %zu found, %zu stored, integrity ok "
           "(seed %llu)\n", rounds, kills_mid, elapsed, nacked, found, d.n,
           seed0);
    sd_diary_release(&d);
    sd_store_close(st);
    free(stored);
    free(keys);
    free(acked.p);
    if(bad || found != nacked) {
        fprintf(stderr, "crash_store: FAILED\n");
        return 1;
    }
    return 0;
}

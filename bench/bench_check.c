/*
** bench_check.c: time the symptom checker's text path: compiling the
** lexicon, reading patients' words with sd_read(), and checking a typical
** report with sd_check().
**
**   - lexicon build: the monograph's phrases, the English function words
**     and the word list that guards spelling correction (median, minimum
**     and 95th percentile of N builds, as bench_kb);
**   - matching throughput: a corpus of at least 50 MB made by repeating the
**     real patient phrases of PsyTAR (mentions[].mention joined with
**     ". "), read one mention per sd_read() call and then in chunks of
**     about 4 KB (cut after a mention), single thread, best of 3 passes,
**     in MB/s (1 MB = 10^6 bytes);
**   - sd_check() on 50 reports of about 200 characters that mix symptoms,
**     negations, intensity, time words and context cues, 200,000 checks
**     timed one by one with clock_gettime(CLOCK_MONOTONIC): mean, median
**     and 99th percentile in microseconds.
**
** usage: bench_check MONOGRAPH MENTIONS_JSON [WORDLIST]
** The word list defaults to /usr/share/dict/american-english when it can
** be read ("-" means none).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "stepdown/kb.h"
#include "stepdown/lexicon.h"
#include "stepdown/triage.h"
#include "stepdown/triage_json.h"

#include "bench.h"

#define CORPUS_MIN ((size_t)50 * 1000 * 1000)
#define CHUNK_BYTES 4096
#define PASSES 3
#define NCHECKS 200000
#define NJSON 20000
#define NBUILDS 20


static void report_calls(const char *what, double *t, int n)
{
    double sum = 0;
    for(int i = 0; i < n; i++)
        sum += t[i];
    qsort(t, (size_t)n, sizeof(*t), cmp);
    printf("%-34s n=%d  mean %8.2f us  p50 %8.2f us  p99 %8.2f us  max "
           "%8.1f us\n", what, n, sum / n, t[n / 2], t[(size_t)n * 99 / 100],
           t[n - 1]);
}

/* ---- the corpus ---- */

struct corpus {
    char *text;
    size_t len;
    size_t *mlen;      /* length of each mention of one block, with ". " */
    size_t nm;
    size_t *cut;       /* ends of the ~4 KB chunks */
    size_t ncut;
};

static int load_corpus(const char *path, struct corpus *c)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr), *arr, *m;
    size_t i, block = 0;

    memset(c, 0, sizeof(*c));
    if(!root) {
        fprintf(stderr, "bench_check: %s:%d: %s\n", path, jerr.line, jerr.text);
        return -1;
    }
    arr = json_object_get(root, "mentions");
    if(!json_is_array(arr) || !json_array_size(arr)) {
        fprintf(stderr, "bench_check: %s: no \"mentions\" array\n", path);
        json_decref(root);
        return -1;
    }
    c->mlen = malloc(json_array_size(arr) * sizeof(*c->mlen));
    if(!c->mlen)
        return -1;
    json_array_foreach(arr, i, m) {
        const char *s = json_string_value(json_object_get(m, "mention"));
        if(!s || !*s)
            continue;
        c->mlen[c->nm++] = strlen(s) + 2;
        block += strlen(s) + 2;
    }
    size_t reps = (CORPUS_MIN + block - 1) / block;
    c->len = reps * block;
    c->text = malloc(c->len);
    if(!c->text)
        return -1;
    size_t off = 0;
    json_array_foreach(arr, i, m) {
        const char *s = json_string_value(json_object_get(m, "mention"));
        if(!s || !*s)
            continue;
        memcpy(c->text + off, s, strlen(s));
        memcpy(c->text + off + strlen(s), ". ", 2);
        off += strlen(s) + 2;
    }
    for(size_t r = 1; r < reps; r++)
        memcpy(c->text + r * block, c->text, block);
    json_decref(root);

    /* ~4 KB chunks, each cut after a mention. */
    c->cut = malloc((c->len / CHUNK_BYTES + 2) * sizeof(*c->cut));
    if(!c->cut)
        return -1;
    size_t start = 0, k = 0;
    off = 0;
    while(off < c->len) {
        off += c->mlen[k];
        k = (k + 1) % c->nm;
        if(off - start >= CHUNK_BYTES || off == c->len) {
            c->cut[c->ncut++] = off;
            start = off;
        }
    }
    return 0;
}

struct tally {
    size_t calls, findings, cues, unrecognised, errors;
};

/* One pass over the corpus, one mention per call. Returns seconds. */
static double pass_mentions(const sd_lexicon *lx, const struct corpus *c,
                            sd_reading *r, struct tally *t)
{
    sd_error err;
    size_t off = 0, k = 0;
    double t0 = now_us();

    memset(t, 0, sizeof(*t));
    while(off < c->len) {
        if(sd_read(lx, c->text + off, c->mlen[k], r, &err))
            t->errors++;
        t->findings += r->nfindings;
        t->cues += r->ncues;
        t->unrecognised += r->nunrecognised;
        t->calls++;
        off += c->mlen[k];
        k = (k + 1) % c->nm;
    }
    return (now_us() - t0) / 1e6;
}

static double pass_chunks(const sd_lexicon *lx, const struct corpus *c,
                          sd_reading *r, struct tally *t)
{
    sd_error err;
    size_t start = 0;
    double t0 = now_us();

    memset(t, 0, sizeof(*t));
    for(size_t i = 0; i < c->ncut; i++) {
        if(sd_read(lx, c->text + start, c->cut[i] - start, r, &err))
            t->errors++;
        t->findings += r->nfindings;
        t->cues += r->ncues;
        t->unrecognised += r->nunrecognised;
        t->calls++;
        start = c->cut[i];
    }
    return (now_us() - t0) / 1e6;
}

static void throughput(const char *what, const sd_lexicon *lx,
                       const struct corpus *c, sd_reading *r,
                       double (*pass)(const sd_lexicon *,
                                      const struct corpus *, sd_reading *,
                                      struct tally *))
{
    struct tally t;
    double best = 1e30;

    for(int i = 0; i < PASSES; i++) {
        double s = pass(lx, c, r, &t);
        if(s < best)
            best = s;
    }
    printf("%-34s %.1f MB  best of %d  %8.1f MB/s  (%zu calls of %.0f B, "
           "%.2f us each; %zu findings, %zu cues, %zu unrecognised, "
           "%zu errors)\n", what, (double)c->len / 1e6, PASSES,
           (double)c->len / 1e6 / best, t.calls, (double)c->len / t.calls,
           best * 1e6 / t.calls, t.findings, t.cues, t.unrecognised,
           t.errors);
}

/* ---- typical reports ---- */

/* Pieces of reports as patients write them; each report joins some of
** them until it is about 200 characters long. */
static const char *const openers[] = {
    "I ran out two days ago and ",
    "Since I stopped taking it on Monday ",
    "After lowering my dose from 60 to 40 mg last week ",
    "My pump alarm is beeping and ",
    "Since my dose went up three days ago ",
    "I took extra pills this morning and now ",
    "I had a few beers last night and ",
    "I missed my doses yesterday, ",
    "I have kidney disease and ",
    "Been tapering for a month, ",
    "Not sure if it's the baclofen but ",
    "Hi, my husband is on intrathecal baclofen and ",
    "I forgot to take it for a couple of days and ",
    "I cut down to 10 mg twice a day and ",
};
static const char *const symptoms[] = {
    "I feel very dizzy and a little nauseous. ",
    "my legs are getting stiff again and I can't sleep. ",
    "I'm so sleepy I can't keep my eyes open. ",
    "I've been seeing things that aren't there. ",
    "itching all over, sweating a lot and my heart is pounding. ",
    "I'm confused and my speech is slurred. ",
    "headaches every day for weeks, getting worse. ",
    "slightly constipated and my mouth is dry all the time. ",
    "I feel weak and shaky, tingling in my hands. ",
    "blurry vision and ringing in my ears. ",
    "severe muscle spasms that won't go away. ",
    "I feel hot, fever of 38.5 and very agitated. ",
    "hallucinatons at night and dizzyness in the morning. ",
    "I feel tired and depressed, peeing a lot. ",
};
static const char *const negations[] = {
    "No seizures, no trouble breathing. ",
    "Not drowsy anymore, the headache is gone. ",
    "I don't drink alcohol. ",
    "Denies chest pain. ",
    "The nausea went away but I'm still tired. ",
    "No fever and no confusion. ",
    "I didn't take anything else. ",
    "No rash, nothing like that. ",
};
static const char *const tails[] = {
    "What should I do? ",
    "Should I go back to the old dose? ",
    "Is this normal? ",
    "Please advise. ",
    "It started yesterday afternoon. ",
    "It's been like this since the weekend. ",
    "Thanks. ",
};

#define NREPORTS 50
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static size_t add_piece(char *b, size_t n, size_t cap, const char *s)
{
    size_t k = strlen(s);
    if(n + k >= cap)
        return n;
    memcpy(b + n, s, k);
    b[n + k] = '\0';
    return n + k;
}

#define REPORT_CAP 720

/* Reports of about target characters (the loop stops past target - 30). */
static void make_reports(char reports[NREPORTS][REPORT_CAP], size_t target)
{
    unsigned x = 12345;
    for(int i = 0; i < NREPORTS; i++) {
        char *b = reports[i];
        size_t n = 0;
        int tries = 0;
        b[0] = '\0';
        n = add_piece(b, n, REPORT_CAP, openers[i % NELEM(openers)]);
        n = add_piece(b, n, REPORT_CAP, symptoms[(i * 5) % NELEM(symptoms)]);
        while(n + 30 < target && tries++ < 10000) {
            x = x * 1103515245u + 12345u;
            unsigned pick = (x >> 16) % 3;
            const char *s =
                pick == 0 ? negations[(x >> 8) % NELEM(negations)]
                : pick == 1 ? symptoms[(x >> 8) % NELEM(symptoms)]
                            : tails[(x >> 8) % NELEM(tails)];
            if(strstr(b, s) && tries < 2000)
                continue;   /* each piece once per report, while they last */
            n = add_piece(b, n, REPORT_CAP, s);
        }
        while(n && b[n - 1] == ' ')
            b[--n] = '\0';
    }
}

static void make_context(int i, sd_context *c)
{
    sd_context_init(c);
    switch(i % 5) {
    case 1:
        c->route = SD_ROUTE_ORAL;
        c->dose_ug_day = 60000;
        break;
    case 2:
        c->route = SD_ROUTE_ORAL;
        c->events[0].kind = SD_CUE_REDUCED;
        c->events[0].hours_ago = 48;
        c->events[0].slack = 24;
        c->nevents = 1;
        break;
    case 3:
        c->egfr = 40;
        c->age = 72;
        break;
    case 4:
        c->route = SD_ROUTE_INTRATHECAL;
        break;
    default:
        break;
    }
}

int main(int argc, char **argv)
{
    const char *words = argc > 3 ? argv[3] : SD_WORDLIST_DEFAULT;
    static char reports[NREPORTS][REPORT_CAP];
    sd_context ctx[NREPORTS];
    sd_monograph *m = NULL;
    sd_lexicon *lx = NULL;
    sd_reading r;
    sd_assessment a;
    sd_error err;
    struct corpus c;
    double *t;

    if(argc < 3) {
        fprintf(stderr, "usage: bench_check MONOGRAPH MENTIONS_JSON "
                "[WORDLIST|-]\n");
        return 2;
    }
    if(!strcmp(words, "-") || access(words, R_OK))
        words = NULL;
    if(sd_monograph_load_file(argv[1], &m, &err)) {
        fprintf(stderr, "bench_check: %s: %s\n", argv[1], err.text);
        return 2;
    }
    t = malloc(NCHECKS * sizeof(*t));
    if(!t)
        return 3;

    /* Lexicon build. */
    for(int i = 0; i < NBUILDS; i++) {
        double t0 = now_us();
        if(sd_lexicon_build(m, words, &lx, &err)) {
            fprintf(stderr, "bench_check: lexicon: %s\n", err.text);
            return 2;
        }
        t[i] = now_us() - t0;
        if(i + 1 < NBUILDS)
            sd_lexicon_free(lx);
    }
    report(words ? "lexicon build (with word list)" : "lexicon build (no word list)",
           t, NBUILDS);
    printf("%-34s %zu phrases, %zu words, spelling correction %s\n",
           "lexicon", sd_lexicon_nphrases(lx), sd_lexicon_nwords(lx),
           sd_lexicon_spelling(lx) ? "on" : "off");
    for(int i = 0; i < NBUILDS; i++) {
        sd_lexicon *l2;
        double t0 = now_us();
        if(sd_lexicon_build(m, NULL, &l2, &err))
            return 2;
        t[i] = now_us() - t0;
        sd_lexicon_free(l2);
    }
    report("lexicon build (no word list)", t, NBUILDS);

    /* Matching throughput. */
    if(load_corpus(argv[2], &c))
        return 2;
    sd_reading_init(&r);
    throughput("sd_read, one mention per call", lx, &c, &r, pass_mentions);
    throughput("sd_read, ~4 KB chunks", lx, &c, &r, pass_chunks);

    /* sd_check per report: about 200 and about 500 characters. */
    static const size_t targets[] = {200, 500};
    sd_assessment_init(&a);
    for(size_t ti = 0; ti < NELEM(targets); ti++) {
    make_reports(reports, targets[ti]);
    size_t total = 0;
    for(int i = 0; i < NREPORTS; i++) {
        total += strlen(reports[i]);
        make_context(i, &ctx[i]);
    }
    int disp[SD_DISP_COUNT] = {0};
    for(int i = 0; i < NREPORTS; i++) {   /* warm up; check they all pass */
        if(sd_check(lx, &ctx[i], reports[i], strlen(reports[i]), &a, &err)) {
            fprintf(stderr, "bench_check: report %d: %s\n", i, err.text);
            return 2;
        }
        disp[a.disposition]++;
    }
    for(int i = 0; i < NCHECKS; i++) {
        int k = i % NREPORTS;
        size_t len = strlen(reports[k]);
        double t0 = now_us();
        int rc = sd_check(lx, &ctx[k], reports[k], len, &a, &err);
        t[i] = now_us() - t0;
        if(rc)
            return 2;
    }
    char what[64];
    snprintf(what, sizeof(what), "sd_check, %zu-char report (mean)",
             total / NREPORTS);
    report_calls(what, t, NCHECKS);
    printf("%-34s %d reports; dispositions info..emergency: %d %d %d %d %d "
           "%d\n", "reports", NREPORTS, disp[0], disp[1], disp[2], disp[3],
           disp[4], disp[5]);
    }
    for(int i = 0; i < NJSON; i++) {
        int k = i % NREPORTS;
        double t0 = now_us();
        if(sd_check(lx, &ctx[k], reports[k], strlen(reports[k]), &a, &err))
            return 2;
        json_t *j = sd_assessment_json(lx, &a);
        char *s = json_dumps(j, JSON_COMPACT);
        t[i] = now_us() - t0;
        if(!s)
            return 3;
        free(s);
        json_decref(j);
    }
    report_calls("sd_check + JSON (build + dump)", t, NJSON);

    sd_assessment_release(&a);
    sd_reading_release(&r);
    sd_lexicon_free(lx);
    sd_monograph_free(m);
    free(c.text);
    free(c.mlen);
    free(c.cut);
    free(t);
    return 0;
}

/*
** test_triage_sets.c: the development and held-out sets of realistic
** messages (tests/data/triage-dev, tests/data/triage-heldout; who wrote
** them and how: SOURCE.md there) run through sd_check().
**
** Each case gives a message, maybe a context, and the range of
** dispositions a clinician would accept (min .. max). An answer below min
** is under-triage; above max, over-triage.
**
** The development set: one under-triaged case fails the test, and so does
** more than 10 % over-triage among its benign check-ins and questions.
** The held-out set is reported apart, and the rules are never tuned on it:
** its failures are printed by id and level only (never the text, so that
** no one tunes on it by reading them), and the test fails when its
** under-triage count rises above the figure recorded in HELDOUT_UNDER_MAX
** (docs/TRIAGE.md), which may only go down.
**
** SD_SETS_VERBOSE=1 prints every development case outside its range.
*/
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "stepdown/lexicon.h"
#include "stepdown/triage.h"

#include "check_context.h"

#define MONOGRAPH SD_TESTDATA "/../../data/drugs/baclofen.json"
#define WORDLIST "/usr/share/dict/american-english"

static sd_monograph *mono;
static sd_lexicon *lex;

static int setup(void **state)
{
    sd_error err;
    FILE *f = fopen(WORDLIST, "r");
    (void)state;
    if(sd_monograph_load_file(MONOGRAPH, &mono, &err)) {
        fprintf(stderr, "monograph: %s\n", err.text);
        return -1;
    }
    if(f)
        fclose(f);
    if(sd_lexicon_build(mono, f ? WORDLIST : NULL, &lex, &err)) {
        fprintf(stderr, "lexicon: %s\n", err.text);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sd_lexicon_free(lex);
    sd_monograph_free(mono);
    return 0;
}

#define MAXCAT 32

/* Held-out under-triage when the rules were last changed (2026-12-03,
** issue 14): a ceiling that may only go down. */
#define HELDOUT_UNDER_MAX 21

struct cat {
    char name[48];
    int n, under, over, within;
};

struct set {
    const char *name;
    int hide_text;        /* held out: never print the messages */
    struct cat cats[MAXCAT];
    size_t ncats;
    int bad;       /* malformed cases */
};

static struct cat *cat_of(struct set *s, const char *name)
{
    for(size_t i = 0; i < s->ncats; i++)
        if(!strcmp(s->cats[i].name, name))
            return &s->cats[i];
    if(s->ncats == MAXCAT)
        return NULL;
    struct cat *c = &s->cats[s->ncats++];
    memset(c, 0, sizeof(*c));
    snprintf(c->name, sizeof(c->name), "%s", name);
    return c;
}

static void run_file(struct set *s, const char *path, int verbose)
{
    FILE *f = fopen(path, "r");
    char line[8192];
    sd_assessment a;
    long lineno = 0;

    assert_non_null(f);
    sd_assessment_init(&a);
    while(fgets(line, sizeof(line), f)) {
        json_error_t je;
        sd_context ctx;
        sd_error err;
        int lo, hi;
        lineno++;
        if(line[0] == '\n')
            continue;
        json_t *c = json_loads(line, 0, &je);
        const char *id = json_string_value(json_object_get(c, "id"));
        const char *cat = json_string_value(json_object_get(c, "category"));
        const char *text = json_string_value(json_object_get(c, "text"));
        if(!c || !id || !cat || !text ||
           sd_disposition_parse(json_string_value(json_object_get(c, "min")),
                                &lo) ||
           sd_disposition_parse(json_string_value(json_object_get(c, "max")),
                                &hi) ||
           make_context(json_object_get(c, "context"), &ctx)) {
            fprintf(stderr, "%s:%ld: malformed case\n", path, lineno);
            s->bad++;
            json_decref(c);
            continue;
        }
        struct cat *k = cat_of(s, cat);
        int rc = sd_check(lex, &ctx, text, strlen(text), &a, &err);
        if(rc) {
            fprintf(stderr, "%s %s: refused: %s\n", s->name, id, err.text);
            s->bad++;
        } else if(k) {
            int d = a.disposition;
            k->n++;
            k->under += d < lo;
            k->over += d > hi;
            k->within += d >= lo && d <= hi;
            if(d < lo || (verbose && d > hi && !s->hide_text))
                fprintf(stderr, "%s %s %s: got %s, expected %s..%s%s%s\n",
                        d < lo ? "UNDER" : "over", s->name, id,
                        sd_disposition_name(d), sd_disposition_name(lo),
                        sd_disposition_name(hi), s->hide_text ? "" : ": ",
                        s->hide_text ? "" : text);
        }
        json_decref(c);
    }
    sd_assessment_release(&a);
    fclose(f);
}

static void run_dir(struct set *s, const char *dir, int verbose)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[1024];

    assert_non_null(d);
    while((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if(n < 7 || strcmp(e->d_name + n - 6, ".jsonl"))
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        run_file(s, path, verbose);
    }
    closedir(d);
}

static void report(const struct set *s, int *under, int *benign_n,
                   int *benign_over, int *within, int *total)
{
    int n = 0, u = 0, o = 0, w = 0;
    fprintf(stderr, "\n%s set\n%-20s %5s %6s %6s %7s\n", s->name, "category",
            "cases", "under", "over", "within");
    for(size_t i = 0; i < s->ncats; i++) {
        const struct cat *c = &s->cats[i];
        fprintf(stderr, "%-20s %5d %6d %6d %6.1f%%\n", c->name, c->n,
                c->under, c->over, c->n ? 100.0 * c->within / c->n : 0.0);
        n += c->n;
        u += c->under;
        o += c->over;
        w += c->within;
        if(!strcmp(c->name, "benign")) {
            *benign_n += c->n;
            *benign_over += c->over;
        }
    }
    fprintf(stderr, "%-20s %5d %6d %6d %6.1f%%\n", "all", n, u, o,
            n ? 100.0 * w / n : 0.0);
    *under += u;
    *within += w;
    *total += n;
}

static void test_sets(void **state)
{
    static struct set dev = {"development", 0, {{"", 0, 0, 0, 0}}, 0, 0};
    static struct set held = {"held-out", 1, {{"", 0, 0, 0, 0}}, 0, 0};
    const char *v = getenv("SD_SETS_VERBOSE");
    int verbose = v && *v == '1';
    int du = 0, dbn = 0, dbo = 0, dw = 0, dn = 0;
    int hu = 0, hbn = 0, hbo = 0, hw = 0, hn = 0;
    (void)state;

    run_dir(&dev, SD_TESTDATA "/triage-dev", verbose);
    run_dir(&held, SD_TESTDATA "/triage-heldout", verbose);
    report(&dev, &du, &dbn, &dbo, &dw, &dn);
    report(&held, &hu, &hbn, &hbo, &hw, &hn);
    fprintf(stderr, "\ndevelopment: under-triage %d of %d, within range "
            "%.1f %%, benign over-triage %d of %d\n", du, dn,
            dn ? 100.0 * dw / dn : 0.0, dbo, dbn);
    fprintf(stderr, "held-out:    under-triage %d of %d (ceiling %d), "
            "within range %.1f %%, benign over-triage %d of %d\n", hu, hn,
            HELDOUT_UNDER_MAX, hn ? 100.0 * hw / hn : 0.0, hbo, hbn);
    assert_int_equal(dev.bad + held.bad, 0);
    assert_true(dev.ncats > 0 && held.ncats > 0);
    assert_int_equal(du, 0);
    assert_true(dbn > 0);
    assert_true(dbo * 10 <= dbn);
    assert_true(hu <= HELDOUT_UNDER_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sets),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

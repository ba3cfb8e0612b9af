/*
** test_vignettes.c: the written vignettes of tests/data/vignettes (one JSON file per theme)
** run through sd_check(). Each case gives a patient's text, context and
** the expected disposition, findings, negations, explanations and advice
** (format: tests/data/vignettes/README.md). Any mismatch fails the test;
** an answer below the expected level on a red-flag case is counted apart
** as under-triage, and must be zero.
*/
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>
#include <jansson.h>

#include "stepdown/lexicon.h"
#include "stepdown/triage.h"

#include "check_context.h"

#define MONOGRAPH SD_TESTDATA "/../../data/drugs/baclofen.json"
#define VIGNETTES SD_TESTDATA "/vignettes"
#define WORDLIST "/usr/share/dict/american-english"

static sd_monograph *mono;
static sd_lexicon *lex;

static int setup(void **state)
{
    sd_error err;
    (void)state;
    if(sd_monograph_load_file(MONOGRAPH, &mono, &err)) {
        fprintf(stderr, "monograph: %s\n", err.text);
        return -1;
    }
    FILE *f = fopen(WORDLIST, "r");
    if(f)
        fclose(f);
    else
        fprintf(stderr, "note: %s missing; spelling cases may fail\n",
                WORDLIST);
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

struct tally {
    int cases, failed, red, under;
};

static void fail_case(struct tally *t, const char *file, const char *id,
                      int *failed, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void fail_case(struct tally *t, const char *file, const char *id,
                      int *failed, const char *fmt, ...)
{
    va_list ap;
    if(!*failed)
        t->failed++;
    *failed = 1;
    fprintf(stderr, "FAIL %s %s: ", file, id);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static int contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for(; *hay; hay++)
        if(!strncasecmp(hay, needle, n))
            return 1;
    return 0;
}

static size_t hex_decode(const char *hex, char *out, size_t cap)
{
    size_t n = 0;
    unsigned v;
    int k;
    while(*hex && n < cap && sscanf(hex, " %2x%n", &v, &k) == 1) {
        out[n++] = (char)v;
        hex += k;
    }
    return n;
}

static int has_active(const sd_assessment *a, const char *id)
{
    for(size_t i = 0; i < a->reading.nfindings; i++)
        if(!a->reading.findings[i].negated &&
           !strcmp(sd_monograph_concept(mono, a->reading.findings[i].concept)->id,
                   id))
            return 1;
    return 0;
}

static unsigned expl_of(const sd_assessment *a, const char *id)
{
    unsigned e = 0;
    for(size_t i = 0; i < a->reading.nfindings; i++)
        if(!a->reading.findings[i].negated &&
           !strcmp(sd_monograph_concept(mono, a->reading.findings[i].concept)->id,
                   id))
            e |= a->explanations[i];
    return e;
}

static unsigned expl_parse(const char *s)
{
    for(unsigned b = 1; b < (1u << SD_EXPL_COUNT); b <<= 1)
        if(!strcmp(s, sd_explanation_name(b)))
            return b;
    return 0;
}

static void run_case(const char *file, json_t *c, sd_assessment *a,
                     struct tally *t)
{
    const char *id = json_string_value(json_object_get(c, "id"));
    json_t *ex = json_object_get(c, "expect");
    json_t *hex = json_object_get(c, "text_hex");
    char buf[4096];
    const char *text;
    size_t len;
    sd_context ctx;
    sd_error err;
    int failed = 0;

    t->cases++;
    if(!id || !json_is_object(ex)) {
        fail_case(t, file, id ? id : "?", &failed, "case needs id and expect");
        return;
    }
    if(hex) {
        len = hex_decode(json_string_value(hex), buf, sizeof(buf));
        text = buf;
    } else {
        text = json_string_value(json_object_get(c, "text"));
        if(!text) {
            fail_case(t, file, id, &failed, "no text");
            return;
        }
        len = strlen(text);
    }
    if(make_context(json_object_get(c, "context"), &ctx)) {
        fail_case(t, file, id, &failed, "bad context");
        return;
    }
    int rc = sd_check(lex, &ctx, text, len, a, &err);
    const char *want_err = json_string_value(json_object_get(ex, "error"));
    if(want_err) {
        int want = !strcmp(want_err, "usage") ? SD_ERR_USAGE : SD_ERR_PARSE;
        if(rc != want)
            fail_case(t, file, id, &failed, "expected error %s, got rc %d",
                      want_err, rc);
        return;
    }
    if(rc) {
        fail_case(t, file, id, &failed, "sd_check failed: %s", err.text);
        return;
    }

    int want_level = -1;
    const char *want_disp =
        json_string_value(json_object_get(ex, "disposition"));
    if(!want_disp || sd_disposition_parse(want_disp, &want_level)) {
        fail_case(t, file, id, &failed, "bad expected disposition");
        return;
    }
    if(json_is_true(json_object_get(ex, "red_flag"))) {
        t->red++;
        if(a->disposition < want_level) {
            t->under++;
            fprintf(stderr, "UNDER-TRIAGE %s %s: %s < %s\n", file, id,
                    sd_disposition_name(a->disposition), want_disp);
        }
    }
    if(a->disposition != want_level)
        fail_case(t, file, id, &failed, "disposition %s, expected %s",
                  sd_disposition_name(a->disposition), want_disp);

    /* Findings: exactly the expected set of active concepts. */
    json_t *fs = json_object_get(ex, "findings"), *v;
    size_t i;
    json_array_foreach(fs, i, v) if(!has_active(a, json_string_value(v)))
        fail_case(t, file, id, &failed, "missing finding %s",
                  json_string_value(v));
    for(size_t k = 0; k < a->reading.nfindings; k++) {
        const sd_finding *f = &a->reading.findings[k];
        const char *cid = sd_monograph_concept(mono, f->concept)->id;
        int listed = 0;
        if(f->negated)
            continue;
        json_array_foreach(fs, i, v) listed |= !strcmp(json_string_value(v), cid);
        if(!listed)
            fail_case(t, file, id, &failed, "unexpected finding %s ('%.*s')",
                      cid, (int)(f->end - f->start), text + f->start);
    }
    json_array_foreach(json_object_get(ex, "negated"), i, v) {
        int found = 0;
        for(size_t k = 0; k < a->reading.nfindings; k++)
            found |= a->reading.findings[k].negated &&
                     !strcmp(sd_monograph_concept(
                                 mono, a->reading.findings[k].concept)->id,
                             json_string_value(v));
        if(!found || has_active(a, json_string_value(v)))
            fail_case(t, file, id, &failed, "%s should be negated",
                      json_string_value(v));
    }
    const char *cid;
    json_t *list;
    json_object_foreach(json_object_get(ex, "explanations"), cid, list) {
        unsigned have = expl_of(a, cid);
        json_array_foreach(list, i, v) {
            unsigned b = expl_parse(json_string_value(v));
            if(!b || !(have & b))
                fail_case(t, file, id, &failed, "%s lacks explanation %s",
                          cid, json_string_value(v));
        }
    }
    json_object_foreach(json_object_get(ex, "not_explanations"), cid, list) {
        unsigned have = expl_of(a, cid);
        json_array_foreach(list, i, v) {
            unsigned b = expl_parse(json_string_value(v));
            if(!b || (have & b))
                fail_case(t, file, id, &failed,
                          "%s must not be explained as %s", cid,
                          json_string_value(v));
        }
    }
    json_array_foreach(json_object_get(ex, "advice_contains"), i, v) {
        int found = 0;
        for(size_t k = 0; k < a->nreasons && !found; k++)
            found = a->reasons[k].advice &&
                    contains_ci(a->reasons[k].advice, json_string_value(v));
        if(!found)
            fail_case(t, file, id, &failed, "no advice contains '%s'",
                      json_string_value(v));
    }
    json_t *un = json_object_get(ex, "unrecognised");
    if(json_is_boolean(un) &&
       json_is_true(un) != (a->reading.nunrecognised > 0))
        fail_case(t, file, id, &failed, "unrecognised words: %zu, expected %s",
                  a->reading.nunrecognised, json_is_true(un) ? "some" : "none");
    /* Every advising answer names its rule and, where it rests on a fact,
    ** the fact's source. */
    for(size_t k = 0; k < a->nreasons; k++)
        if(!a->reasons[k].rule || !a->reasons[k].policy ||
           (a->reasons[k].fact && !a->reasons[k].src.n &&
            strcmp(a->reasons[k].rule, "serious-floor")))
            fail_case(t, file, id, &failed, "reason %zu lacks rule or source",
                      k);
}

static int json_name(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return n > 5 && !strcmp(d->d_name + n - 5, ".json");
}

static void test_vignettes(void **state)
{
    struct dirent **names;
    struct tally t = {0, 0, 0, 0};
    sd_assessment a;
    int n;

    (void)state;
    n = scandir(VIGNETTES, &names, json_name, alphasort);
    assert_true(n > 0);
    sd_assessment_init(&a);
    for(int k = 0; k < n; k++) {
        char path[1024];
        json_error_t je;
        snprintf(path, sizeof(path), "%s/%s", VIGNETTES, names[k]->d_name);
        json_t *root = json_load_file(path, 0, &je);
        if(!root) {
            fprintf(stderr, "%s: %s\n", path, je.text);
            t.failed++;
        }
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(root, "cases"), i, c)
            run_case(names[k]->d_name, c, &a, &t);
        json_decref(root);
        free(names[k]);
    }
    free(names);
    sd_assessment_release(&a);
    printf("vignettes: %d cases, %d passed, %d failed; red-flag cases %d, "
           "under-triaged %d\n", t.cases, t.cases - t.failed, t.failed, t.red,
           t.under);
    assert_true(t.cases >= 80);
    assert_int_equal(t.under, 0);
    assert_int_equal(t.failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vignettes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/*
** fuzz_check.c: libFuzzer harness for the text path: sd_read() and
** sd_check() with their JSON view.
**
** The first byte of the input chooses the context (route, a dose event
** and when it happened, kidney function, age, alcohol, sedatives, dose);
** the rest is the patient's text. Any text must give either an assessment
** that keeps the checker's invariants or one of the documented errors,
** never a crash, a leak or undefined behaviour:
**
**   - the disposition is a level (0..5) and is the highest of the reasons;
**   - every span (finding, negation, cue, time words, unrecognised run)
**     lies within the input, with start < end;
**   - a finding that is not negated has a level, no higher than the
**     overall one; a serious-tier finding is never below call-now;
**   - the JSON view can be built and dumped, and its text (what the
**     server sends) is what jansson writes for it, byte for byte;
**   - an error is SD_ERR_USAGE, SD_ERR_PARSE or SD_ERR_NOMEM, with a
**     message.
**
** The first byte, for those who write corpus files: bits 0-1 the route
** (0 unknown, 1 oral, 2 intrathecal, 3 unknown), bits 2-4 the dose event
** the caller knows of (0 none, 1 reduced, 2 stopped, 3 increased,
** 4 missed, 5 extra, 6 pump, 7 reduced then increased), bits 5-7 one of
** the profiles below (0: nothing else known). So 0x00 means nothing is
** known, and '@' (0x40) no route and no event but profile 2 (eGFR 45,
** alcohol).
**
** The monograph is data/drugs/baclofen.json relative to the working
** directory (run from the repository root), or $STEPDOWN_MONOGRAPH. The
** lexicon uses the system word list when there is one, as the CLI does.
** One sd_assessment and one sd_reading are reused across inputs, as a
** server would; they are never released (libFuzzer exits the process).
*/
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stepdown/kb.h"
#include "stepdown/lexicon.h"
#include "stepdown/triage.h"
#include "stepdown/triage_json.h"

#define FUZZ_NAME "fuzz_check"
#include "fuzz.h"

static sd_monograph *mono;
static sd_lexicon *lex;
static sd_assessment assess;
static sd_reading reading;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *words = SD_WORDLIST_DEFAULT;
    sd_error err;

    (void)argc;
    (void)argv;
    mono = fuzz_monograph();
    if(access(words, R_OK))
        words = NULL;
    if(sd_lexicon_build(mono, words, &lex, &err)) {
        fprintf(stderr, "fuzz_check: lexicon: %s\n", err.text);
        exit(1);
    }
    sd_assessment_init(&assess);
    sd_reading_init(&reading);
    return 0;
}

/* Context profiles: when the event happened and what else is known. */
static const struct {
    double hours_ago, slack;
    double egfr;
    int age, alcohol, sedatives;
    int64_t dose_ug_day;
    double hours_since_dose;
    int days_on_drug;
} profiles[8] = {
    {-1, 0, -1, -1, -1, -1, -1, -1, -1},          /* nothing known */
    {6, 0, -1, 40, 0, 0, 30000, -1, 90},          /* hours ago */
    {30, 0, 45, -1, 1, -1, -1, -1, -1},           /* a day ago, mild CKD */
    {72, 24, 20, 80, -1, 1, 60000, -1, 400},      /* days ago, severe CKD */
    {400, 24, 95, 70, 0, 0, 100000, 2, 30},       /* weeks ago, above max */
    {0, 0, 10, 90, 1, 1, 20000, 80, 1000},        /* just now, dialysis */
    {48, 24, 59.9, 65, -1, -1, 80000, 12, -1},    /* band edges */
    {-1, 0, 0, 0, 1, 0, 0, 0, 0},                 /* zeros */
};

static void make_context(uint8_t b, sd_context *c)
{
    static const int events[8][2] = {
        {-1, -1},
        {SD_CUE_REDUCED, -1},
        {SD_CUE_STOPPED, -1},
        {SD_CUE_INCREASED, -1},
        {SD_CUE_MISSED, -1},
        {SD_CUE_EXTRA, -1},
        {SD_CUE_PUMP, -1},
        {SD_CUE_REDUCED, SD_CUE_INCREASED},
    };
    int p = (b >> 5) & 7;

    sd_context_init(c);
    c->route = (b & 3) == 3 ? SD_ROUTE_UNKNOWN : (b & 3);
    for(int i = 0; i < 2; i++) {
        int kind = events[(b >> 2) & 7][i];
        if(kind < 0)
            continue;
        c->events[c->nevents].kind = kind;
        c->events[c->nevents].hours_ago =
            i ? profiles[(p + 3) & 7].hours_ago : profiles[p].hours_ago;
        c->events[c->nevents].slack = profiles[p].slack;
        c->nevents++;
    }
    if(p) {
        c->egfr = profiles[p].egfr;
        c->age = profiles[p].age;
        c->alcohol = profiles[p].alcohol;
        c->sedatives = profiles[p].sedatives;
        c->dose_ug_day = profiles[p].dose_ug_day;
        c->hours_since_dose = profiles[p].hours_since_dose;
        c->days_on_drug = profiles[p].days_on_drug;
    }
}

static void check_span(size_t start, size_t end, size_t len)
{
    CHECK(start < end);
    CHECK(end <= len);
}

static void check_reading(const sd_reading *r, size_t len)
{
    size_t nc = sd_monograph_nconcepts(mono);

    for(size_t i = 0; i < r->nfindings; i++) {
        const sd_finding *f = &r->findings[i];
        CHECK(f->concept < nc);
        check_span(f->start, f->end, len);
        CHECK(f->phrase != NULL);
        CHECK(f->intensity >= SD_INTENSITY_UNSTATED &&
              f->intensity <= SD_INTENSITY_SEVERE);
        if(f->negated)
            check_span(f->neg_start, f->neg_end, len);
        CHECK(f->status >= SD_STATUS_CURRENT &&
              f->status <= SD_STATUS_HYPOTHETICAL);
        CHECK(f->frame >= -1 && f->frame < (int)sd_nframes());
    }
    for(size_t i = 0; i < r->nflags; i++) {
        const sd_flag *f = &r->flags[i];
        CHECK(f->frame >= 0 && f->frame < (int)sd_nframes());
        check_span(f->start, f->end, len);
        CHECK(f->status >= SD_STATUS_CURRENT &&
              f->status <= SD_STATUS_HYPOTHETICAL);
    }
    for(size_t i = 0; i < r->nmeasures; i++) {
        const sd_measure *m = &r->measures[i];
        CHECK(m->kind >= 0 && m->kind < SD_MEASURE_COUNT);
        check_span(m->start, m->end, len);
        CHECK(m->value == m->value);   /* not NaN */
    }
    for(size_t i = 0; i < r->ncues; i++) {
        const sd_cue *c = &r->cues[i];
        CHECK(c->kind >= 0 && c->kind < SD_CUE_COUNT);
        CHECK(c->amount >= 0 && c->amount <= 3);
        check_span(c->start, c->end, len);
        if(c->hours_ago >= 0)
            check_span(c->time_start, c->time_end, len);
    }
    for(size_t i = 0; i < r->nunrecognised; i++) {
        check_span(r->unrecognised[i].start, r->unrecognised[i].end, len);
        if(i)
            CHECK(r->unrecognised[i - 1].end <= r->unrecognised[i].start);
    }
    CHECK(r->nwords <= len);
}

static void check_error(int rc, const sd_error *err)
{
    CHECK(rc == SD_ERR_USAGE || rc == SD_ERR_PARSE || rc == SD_ERR_NOMEM);
    CHECK(err->text[0] != '\0');
}

static void check_assessment(const sd_assessment *a, size_t len)
{
    const sd_reading *r = &a->reading;
    int max = SD_DISP_INFO;

    CHECK(a->disposition >= SD_DISP_INFO && a->disposition <= SD_DISP_EMERGENCY);
    CHECK(a->headline != NULL);
    CHECK(a->nreasons > 0);
    for(size_t i = 0; i < a->nreasons; i++) {
        const sd_reason *x = &a->reasons[i];
        CHECK(x->disposition >= SD_DISP_INFO &&
              x->disposition <= SD_DISP_EMERGENCY);
        CHECK(x->rule != NULL);
        CHECK(x->finding >= -1 && x->finding < (long)r->nfindings);
        if(x->disposition > max)
            max = x->disposition;
    }
    CHECK(a->disposition == max);
    check_reading(r, len);
    for(size_t i = 0; i < r->nfindings; i++) {
        const sd_finding *f = &r->findings[i];
        const sd_concept *c = sd_monograph_concept(mono, f->concept);
        if(f->negated)
            continue;
        CHECK(a->levels[i] >= SD_DISP_INFO);
        CHECK(a->levels[i] <= a->disposition);
        /* A serious symptom happening now is never below call-now; one
        ** only in the past or in a question is a note. */
        if(c->tier == SD_TIER_SERIOUS && f->status == SD_STATUS_CURRENT)
            CHECK(a->levels[i] >= SD_DISP_CALL_NOW);
    }
    /* The questions asked are known ones, each once, and could raise the
    ** answer. */
    for(size_t i = 0; i < a->nquestions; i++) {
        CHECK(sd_triage_question_find(a->questions[i]->id) ==
              a->questions[i]);
        CHECK(a->questions[i]->level > a->disposition);
        for(size_t j = 0; j < i; j++)
            CHECK(a->questions[j] != a->questions[i]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sd_context ctx;
    sd_error err;
    const char *text;
    size_t len;
    int rc;

    if(size == 0) {
        text = "";
        len = 0;
        sd_context_init(&ctx);
    } else {
        make_context(data[0], &ctx);
        text = (const char *)data + 1;
        len = size - 1;
    }

    /* The reader alone, on the same text (sd_read takes up to 16 MB). */
    memset(&err, 0, sizeof(err));
    rc = sd_read(lex, text, len, &reading, &err);
    if(rc)
        check_error(rc, &err);
    else
        check_reading(&reading, len);

    /* The checker and its JSON view. */
    memset(&err, 0, sizeof(err));
    rc = sd_check(lex, &ctx, text, len, &assess, &err);
    if(rc) {
        check_error(rc, &err);
        return 0;
    }
    check_assessment(&assess, len);
    json_t *j = sd_assessment_json(lex, &assess);
    CHECK(j != NULL);
    char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15));
    CHECK(s != NULL);
    json_decref(j);
    size_t n = 0;
    char *t = sd_assessment_json_text(lex, &assess, &n);
    CHECK(t != NULL && n == strlen(t) && !strcmp(t, s));
    free(t);
    free(s);
    return 0;
}

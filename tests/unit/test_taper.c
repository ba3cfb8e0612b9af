/*
** test_taper.c: the taper engine. Property tests over 10,000 random
** regimens, strengths and speeds (exactness, monotone totals, bounded cuts,
** minimum duration, pharmacy totals, dose words parsed back), a worked
** example, and every refused input.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "stepdown/taper.h"

/* Parse "1½ × 10 mg + ¼ × 5 mg" or "7.5 mL" back into micrograms. */
static int64_t parse_words(const char *s, int64_t ug_per_ml)
{
    int64_t total = 0;
    if(!strcmp(s, "none"))
        return 0;
    if(strstr(s, " mL")) {
        double ml = strtod(s, NULL);
        return (int64_t)(ml * 1000 + 0.5) * ug_per_ml / 1000;
    }
    while(*s) {
        int64_t quarters = 0;
        char *end;
        long whole = strtol(s, &end, 10);
        if(end != s)
            quarters = whole * 4;
        s = end;
        if(!strncmp(s, "\xc2\xbc", 2)) { quarters += 1; s += 2; }
        else if(!strncmp(s, "\xc2\xbd", 2)) { quarters += 2; s += 2; }
        else if(!strncmp(s, "\xc2\xbe", 2)) { quarters += 3; s += 2; }
        assert_true(!strncmp(s, " \xc3\x97 ", 4));
        s += 4;
        double mg = strtod(s, &end);
        assert_true(!strncmp(end, " mg", 3));
        s = end + 3;
        total += quarters * (int64_t)(mg * 1000 + 0.5) / 4;
        if(!strncmp(s, " + ", 3))
            s += 3;
        else
            assert_int_equal(*s, '\0');
    }
    return total;
}

static void check_plan(const sd_taper_request *r, const sd_taper_plan *p)
{
    int64_t prev = 0, pieces[SD_TAPER_MAX_STRENGTHS] = {0}, ul = 0;
    char words[256];

    for(int i = 0; i < r->nadmin; i++)
        prev += r->dose_ug[i];
    assert_true(p->nsteps >= 2);
    assert_int_equal(p->steps[p->nsteps - 1].total_ug, 0);
    for(size_t k = 0; k < p->nsteps; k++) {
        const sd_taper_step *s = &p->steps[k];
        int64_t sum = 0;
        for(int i = 0; i < r->nadmin; i++) {
            const sd_taper_dose *d = &s->dose[i];
            int64_t made = 0;
            for(int j = 0; j < r->nstrengths; j++)
                made += d->count[j] * (r->strengths[j].ug / r->strengths[j].pieces);
            if(!r->nstrengths)
                made = d->ul * r->ug_per_ml / 1000;
            assert_int_equal(made, d->ug);           /* exact pieces */
            sd_taper_dose_words(r, d, words, sizeof(words));
            assert_int_equal(parse_words(words, r->ug_per_ml), d->ug);
            sum += d->ug;
        }
        assert_int_equal(sum, s->total_ug);
        if(s->hold)
            assert_true(k == 0 && s->total_ug == prev && p->nsteps == 2);
        else
            assert_true(s->total_ug < prev);         /* never rises */
        assert_int_equal(prev - s->total_ug, s->cut_ug);
        assert_true(s->cut_ug > 0 || s->hold);
        int64_t allowed = prev * r->percent_milli / 100000;
        if(r->fixed_ug > allowed)
            allowed = r->fixed_ug;
        if(r->min_cut_ug > allowed)
            allowed = r->min_cut_ug;
        if(!s->min_cut)
            assert_true(s->cut_ug <= allowed);       /* bounded cut */
        if(k)
            assert_int_equal(s->first_day, p->steps[k - 1].last_day + 1);
        if(k + 1 < p->nsteps) {
            long len = s->last_day - s->first_day + 1;
            for(int i = 0; i < r->nadmin; i++) {
                for(int j = 0; j < r->nstrengths; j++)
                    pieces[j] += s->dose[i].count[j] * len;
                ul += s->dose[i].ul * len;
            }
        }
        prev = s->total_ug;
    }
    long days = p->steps[p->nsteps - 1].first_day - r->start_day;
    assert_true(days >= r->min_total_days);          /* minimum duration */
    for(int j = 0; j < r->nstrengths; j++) {
        assert_int_equal(pieces[j], p->pieces_total[j]);
        assert_true(p->tablets_total[j] * r->strengths[j].pieces >= pieces[j]);
        assert_true((p->tablets_total[j] - 1) * r->strengths[j].pieces < pieces[j] ||
                    pieces[j] == 0);
    }
    assert_int_equal(ul, p->ul_total);
}

static void test_properties(void **state)
{
    static const struct {
        int64_t ug;
        int pieces;
    } kinds[] = {{5000, 1}, {10000, 2}, {10000, 4}, {15000, 1}, {20000, 2},
                 {25000, 1}, {40000, 2}, {5000, 2}};
    sd_taper_plan *p = malloc(sizeof(*p));
    int built = 0;

    (void)state;
    srand(20261124);
    for(int n = 0; n < 10000; n++) {
        sd_taper_request r;
        sd_error err;
        sd_taper_request_init(&r);
        r.nadmin = 1 + rand() % 4;
        if(rand() % 5) {
            int ns = 1 + rand() % 3;
            for(int k = 0; k < ns; k++) {
                int c = rand() % 8;
                r.strengths[r.nstrengths].ug = kinds[c].ug;
                r.strengths[r.nstrengths++].pieces = kinds[c].pieces;
            }
        } else {
            r.ug_per_ml = (rand() % 2) ? 1000 : 5000;   /* 1 or 5 mg/mL */
            r.min_ul = (rand() % 2) ? 500 : 100;
        }
        for(int i = 0; i < r.nadmin; i++) {
            r.dose_ug[i] = 2500 * (1 + rand() % 16);
            r.minute[i] = 60 * (7 + 4 * i);
        }
        r.percent_milli = (rand() % 4) ? 1000 * (5 + rand() % 26) : 0;
        r.fixed_ug = (rand() % 3) ? 0 : 2500 * (1 + rand() % 4);
        r.min_cut_ug = (rand() % 2) ? 0 : 1250 * (1 + rand() % 4);
        if(!r.percent_milli && !r.fixed_ug && !r.min_cut_ug)
            r.fixed_ug = 5000;
        r.days_per_step = 1 + rand() % 28;
        r.min_total_days = (rand() % 2) ? 14 : 0;
        r.hold_days = rand() % 3 ? 0 : rand() % 14;
        r.bedtime = rand() % 2 ? -1 : rand() % r.nadmin;
        r.start_day = 20000 + rand() % 1000;
        int rc = sd_taper_build(&r, p, &err);
        if(rc) {
            /* Only an unmakeable dose or too many steps may be refused. */
            assert_int_equal(rc, SD_ERR_USAGE);
            assert_true(strstr(err.text, "cannot be made") ||
                        strstr(err.text, "more than"));
            continue;
        }
        built++;
        check_plan(&r, p);
    }
    free(p);
    printf("taper properties: %d of 10000 random requests built and "
           "checked\n", built);
    assert_true(built > 5000);
}

/* 20 mg three times a day with scored 10 mg tablets, 10 % a week, bedtime
** last: the first step makes 55 mg/day with the 14:00 dose lowered. */
static void test_worked_example(void **state)
{
    sd_taper_request r;
    sd_taper_plan *p = malloc(sizeof(*p));
    sd_error err;
    char w[64];

    (void)state;
    sd_taper_request_init(&r);
    r.nadmin = 3;
    for(int i = 0; i < 3; i++)
        r.dose_ug[i] = 20000;
    r.minute[0] = 8 * 60;
    r.minute[1] = 14 * 60;
    r.minute[2] = 22 * 60;
    r.strengths[0].ug = 10000;
    r.strengths[0].pieces = 2;
    r.nstrengths = 1;
    r.percent_milli = 10000;
    r.min_cut_ug = 5000;
    r.days_per_step = 7;
    r.min_total_days = 14;
    assert_int_equal(sd_taper_build(&r, p, &err), SD_OK);
    check_plan(&r, p);
    assert_int_equal(p->steps[0].total_ug, 55000);
    assert_int_equal(p->steps[0].dose[2].ug, 20000);    /* bedtime kept */
    assert_string_equal(sd_taper_dose_words(&r, &p->steps[0].dose[0], w,
                                            sizeof(w)),
                        "1\xc2\xbd \xc3\x97 10 mg");
    assert_int_equal(p->nsteps, 12);   /* 55, 50, ..., 5, 0: 5 mg cuts */
    assert_int_equal(p->steps[p->nsteps - 2].total_ug, 5000);
    assert_int_equal(p->steps[p->nsteps - 2].dose[2].ug, 5000); /* last */
    free(p);
}

static void test_refused(void **state)
{
    sd_taper_request r;
    sd_taper_plan *p = malloc(sizeof(*p));
    sd_error err;

    (void)state;
    sd_taper_request_init(&r);
    r.nadmin = 1;
    r.dose_ug[0] = 0;
    r.strengths[0].ug = 10000;
    r.strengths[0].pieces = 2;
    r.nstrengths = 1;
    r.percent_milli = 10000;
    assert_int_equal(sd_taper_build(&r, p, &err), SD_ERR_USAGE);
    assert_non_null(strstr(err.text, "above zero"));
    r.dose_ug[0] = 7000;       /* 7 mg from 5 mg halves: impossible */
    assert_int_equal(sd_taper_build(&r, p, &err), SD_ERR_USAGE);
    assert_non_null(strstr(err.text, "cannot be made"));
    r.dose_ug[0] = 10000;
    r.days_per_step = 0;
    assert_int_equal(sd_taper_build(&r, p, &err), SD_ERR_USAGE);
    assert_non_null(strstr(err.text, "1 to 365 days"));
    r.days_per_step = 7;
    r.strengths[0].pieces = 3;
    assert_int_equal(sd_taper_build(&r, p, &err), SD_ERR_USAGE);
    assert_non_null(strstr(err.text, "halves or in quarters"));
    r.strengths[0].pieces = 2;
    r.percent_milli = 0;
    assert_int_equal(sd_taper_build(&r, p, &err), SD_ERR_USAGE);
    assert_non_null(strstr(err.text, "give a cut"));
    free(p);
}

/* A stop at once into memory that held another plan: nothing to dispense
** (the totals were left as they were until the server stopped zeroing
** its plans and a stop answered 238 tablets). */
static void test_stop_in_used_memory(void **state)
{
    sd_taper_request r;
    sd_taper_plan *p = malloc(sizeof(*p));
    sd_error err;

    (void)state;
    memset(p, 0xab, sizeof(*p));
    sd_taper_request_init(&r);
    r.nadmin = 2;
    r.dose_ug[0] = r.dose_ug[1] = 20000;
    r.minute[0] = 8 * 60;
    r.minute[1] = 20 * 60;
    r.strengths[0].ug = 20000;
    r.strengths[0].pieces = 2;
    r.nstrengths = 1;
    r.percent_milli = 10000;
    r.stop_now = 1;
    if(sd_taper_build(&r, p, &err))
        fail_msg("%s", err.text);
    assert_int_equal(p->nsteps, 1);
    assert_int_equal(p->steps[0].total_ug, 0);
    assert_int_equal(p->steps[0].cut_ug, 40000);
    assert_int_equal(p->pieces_total[0], 0);
    assert_int_equal(p->tablets_total[0], 0);
    assert_int_equal(p->ul_total, 0);
    assert_int_equal(p->nadj, 0);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked_example),
        cmocka_unit_test(test_properties),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_stop_in_used_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

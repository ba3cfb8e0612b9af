/*
** test_demo.c: the demo patients (demo.h). A fill of a new database gives
** two 60-day diaries: doses on every day, every entry accepted by
** sd_entry_check, every symptom report with the checker's disposition,
** concepts, rules and sources, the plan's JSON readable; Ana ends without
** an open alert, Ben with call-today alerts (withdrawal after the step
** down, his symptom reports, alcohol, missed doses), first in the panel.
** A second fill writes nothing; the same now gives the same diaries; many
** nows and time zones keep the same story; a fill inside a batch is
** refused, and an unsuitable monograph or an allocation failure writes
** nothing.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "stepdown/date.h"
#include "stepdown/demo.h"
#include "stepdown/diary.h"
#include "stepdown/lexicon.h"
#include "stepdown/monitor.h"
#include "stepdown/store.h"
#include "stepdown/taper_json.h"
#include "stepdown/triage.h"
#include "stepdown/wscore.h"

#ifndef SD_DATADIR
#error "SD_DATADIR must be defined by the build"
#endif

static sd_monograph *mono;
static sd_lexicon *lex;
static sd_taper_plan *plan;
static char path[64], path2[64];

static void unlink_db(const char *p)
{
    char q[80];
    unlink(p);
    snprintf(q, sizeof(q), "%s-wal", p);
    unlink(q);
    snprintf(q, sizeof(q), "%s-shm", p);
    unlink(q);
    snprintf(q, sizeof(q), "%s-journal", p);
    unlink(q);
}

/* 2026-11-24 15:00 at UTC+1 */
#define TZ 60
static int64_t local(const char *ymd, int hh, int mm, int tz)
{
    long d;
    assert_int_equal(sd_date_parse(ymd, &d), 0);
    return (int64_t)d * 86400 + hh * 3600 + mm * 60 - tz * 60;
}

static sd_store *open_db(const char *p)
{
    sd_store *st;
    sd_error err;
    unlink_db(p);
    if(sd_store_open(p, &st, &err) != SD_OK)
        fail_msg("open %s: %s", p, err.text);
    return st;
}

static void fill(sd_store *st, int64_t now, int tz, sd_demo_result *r)
{
    sd_error err;
    int rc = sd_demo_fill(st, mono, lex, now, tz, r, &err);
    if(rc != SD_OK)
        fail_msg("sd_demo_fill: %s (%s)", err.text, sd_strerror(rc));
}

static void load(sd_store *st, int64_t id, sd_diary *d)
{
    sd_error err;
    sd_diary_init(d);
    if(sd_store_diary_load(st, id, INT64_MIN, INT64_MAX, d, &err) != SD_OK)
        fail_msg("load: %s", err.text);
}

struct alerts {
    int n, max;
    char rules[512];
    int64_t first_patient;  /* of the first alert in the order given */
};

static int alert_cb(const sd_alert *a, void *arg)
{
    struct alerts *s = arg;
    if(!s->n)
        s->first_patient = a->patient_id;
    s->n++;
    if(a->disposition > s->max)
        s->max = a->disposition;
    size_t l = strlen(s->rules);
    snprintf(s->rules + l, sizeof(s->rules) - l, "%s%s:%s", l ? " " : "",
             a->rule, sd_disposition_name(a->disposition));
    return 0;
}

/* Open alerts of patient id (0: everyone's, in the panel's order). */
static void open_alerts(sd_store *st, int64_t id, struct alerts *s)
{
    sd_error err;
    memset(s, 0, sizeof(*s));
    s->max = -1;
    assert_int_equal(sd_store_alert_each(st, id, 1, alert_cb, s, &err), SD_OK);
}

static int count(const sd_diary *d, int kind, int sub)
{
    int n = 0;
    for(size_t i = 0; i < d->n; i++)
        if(d->e[i].kind == kind && (sub < 0 || d->e[i].sub == sub))
            n++;
    return n;
}

/* What holds for both diaries, whatever now and the time zone. */
static void check_diary(const sd_diary *d, int64_t now, int tz)
{
    sd_error err;
    long today = sd_local_day(now, tz), first = today - (SD_DEMO_DAYS - 1);
    int covered[SD_DEMO_DAYS] = {0};
    char pfx[80];

    assert_int_equal((int)d->nrx, 1);
    assert_int_equal((int)d->nplans, 1);
    assert_int_equal((int)d->rx[0].start_day, (int)first);
    assert_true(d->rx[0].since_day < first - 365);
    /* the plan's JSON is the planner's, readable back */
    sd_taper_spec spec;
    const char *js = d->plans[0].json;
    assert_non_null(js);
    if(sd_taper_plan_from_json(js, strlen(js), &spec, plan, &err) != SD_OK)
        fail_msg("plan JSON: %s %s", err.path, err.text);
    assert_int_equal((int)plan->nsteps, (int)d->plans[0].nsteps);
    assert_true(plan->steps[0].first_day > first);
    assert_true(plan->steps[0].first_day < today - 30);

    snprintf(pfx, sizeof(pfx), "demo-%s-", d->patient.pseudonym);
    for(size_t i = 0; i < d->n; i++) {
        const sd_entry *e = &d->e[i];
        long day = sd_local_day(e->at, e->tz_min);
        assert_int_equal(e->tz_min, tz);
        assert_true(e->at <= now);
        assert_true(e->entered >= e->at && e->entered <= now);
        assert_true(day >= first && day <= today);
        assert_int_equal(strncmp(e->key, pfx, strlen(pfx)), 0);
        /* every entry is what the CLI would accept */
        if(sd_entry_check(d, e, now, &err) != SD_OK)
            fail_msg("%s: entry check: %s", e->key, err.text);
        if(e->kind == SD_ENTRY_DOSE) {
            covered[day - first] = 1;
            /* within 40 min of a time of the prescription */
            int m = (int)(((e->at + (int64_t)tz * 60) % 86400) / 60), near = 0;
            for(int k = 0; k < d->rx[0].nadmin; k++)
                if(abs(m - d->rx[0].minute[k]) <= 40)
                    near = 1;
            assert_true(near);
        }
        if(e->kind == SD_ENTRY_SYMPTOM) {
            assert_true(e->disposition >= SD_DISP_INFO &&
                        e->disposition < SD_DISP_COUNT);
            assert_true(e->sources && *e->sources);
            assert_true(e->concepts && *e->concepts);
            assert_true(e->rules && *e->rules);
        }
        if(e->kind == SD_ENTRY_SCORE)
            assert_int_equal(e->score_total, sd_wscore_total(e->items));
    }
    /* doses on each of the 60 days (today's once its first dose is due) */
    int64_t first_dose_due = (int64_t)today * 86400 +
                             (d->rx[0].minute[0] + 40) * 60 - tz * 60;
    for(int k = 0; k < SD_DEMO_DAYS; k++) {
        if(k == SD_DEMO_DAYS - 1 && now < first_dose_due)
            continue;
        if(!covered[k])
            fail_msg("%s: no dose on day %d of 60", d->patient.pseudonym,
                     k + 1);
    }
    assert_true(count(d, SD_ENTRY_SUPPLY, -1) >= 2);
    assert_true(count(d, SD_ENTRY_SYMPTOM, -1) >= 2);
    assert_true(count(d, SD_ENTRY_SCORE, -1) >= 8);
}

static void check_story(sd_store *st, const sd_demo_result *r, int64_t now,
                        int tz, int verbose)
{
    sd_diary ana, ben;
    struct alerts a, b, all;
    load(st, r->patient_id[0], &ana);
    load(st, r->patient_id[1], &ben);
    assert_string_equal(ana.patient.pseudonym, "demo-ana");
    assert_string_equal(ben.patient.pseudonym, "demo-ben");
    assert_int_equal(ana.patient.birth_year, 1968);
    assert_int_equal(ben.patient.birth_year, 1979);
    check_diary(&ana, now, tz);
    check_diary(&ben, now, tz);

    /* Ana: adherent, 2-3 doses skipped, mild symptoms, low scores */
    int skipped = count(&ana, SD_ENTRY_DOSE, SD_DOSE_SKIPPED);
    assert_true(skipped >= 2 && skipped <= 3);
    assert_int_equal(count(&ana, SD_ENTRY_EGFR, -1), 1);
    assert_int_equal(count(&ana, SD_ENTRY_SUBSTANCE, -1), 0);
    for(size_t i = 0; i < ana.n; i++) {
        if(ana.e[i].kind == SD_ENTRY_SYMPTOM)
            assert_int_equal(ana.e[i].disposition, SD_DISP_SELF_CARE);
        if(ana.e[i].kind == SD_ENTRY_SCORE)
            assert_true(ana.e[i].score_total <= 4);
    }
    /* Ben: missed doses, withdrawal in his words, a moderate score and
    ** alcohol in the last 3 days */
    long today = sd_local_day(now, tz);
    int recent_skips = 0, withdrawal = 0, moderate = 0;
    for(size_t i = 0; i < ben.n; i++) {
        const sd_entry *e = &ben.e[i];
        long day = sd_local_day(e->at, e->tz_min);
        if(e->kind == SD_ENTRY_DOSE && e->sub == SD_DOSE_SKIPPED &&
           day >= today - 3)
            recent_skips++;
        if(e->kind == SD_ENTRY_SYMPTOM &&
           (e->explanations & SD_EXPL_WITHDRAWAL)) {
            assert_true(day >= today - 3);
            assert_true(e->disposition >= SD_DISP_CALL_TODAY);
            withdrawal++;
        } else if(e->kind == SD_ENTRY_SYMPTOM) {
            /* before the step down: a mild side effect */
            assert_true(day < today - 3);
            assert_int_equal(e->disposition, SD_DISP_SELF_CARE);
        }
        if(e->kind == SD_ENTRY_SCORE && e->score_total >= 8) {
            assert_true(day >= today - 3);
            assert_true(e->score_total < 15);
            moderate++;
        }
    }
    assert_int_equal(recent_skips, 2);
    assert_int_equal(withdrawal, 2);
    assert_true(moderate >= 1);
    assert_int_equal(count(&ben, SD_ENTRY_SUBSTANCE, SD_SUBST_ALCOHOL), 1);

    /* the alerts: none for Ana; call-today for Ben, first in the panel */
    open_alerts(st, r->patient_id[0], &a);
    open_alerts(st, r->patient_id[1], &b);
    open_alerts(st, 0, &all);
    if(verbose)
        printf("    ana: %s\n    ben: %s\n", a.n ? a.rules : "no alert",
               b.rules);
    assert_int_equal(a.n, 0);
    assert_int_equal(b.max, SD_DISP_CALL_TODAY);
    assert_true(b.max > a.max);
    assert_non_null(strstr(b.rules, "withdrawal-after-step:call-today"));
    assert_non_null(strstr(b.rules, "symptom-report:call-today"));
    assert_non_null(strstr(b.rules, "sedative-use:contact-soon"));
    assert_non_null(strstr(b.rules, "below-plan:contact-soon"));
    /* and nothing else: no refill, stop or overdose alert */
    assert_int_equal(b.n, 5);
    assert_int_equal(all.first_patient, r->patient_id[1]);
    assert_int_equal(all.n, b.n);
    sd_diary_release(&ana);
    sd_diary_release(&ben);
}

static void test_fill(void **state)
{
    (void)state;
    int64_t now = local("2026-11-24", 15, 0, TZ);
    sd_demo_result r;
    sd_store *st = open_db(path);
    fill(st, now, TZ, &r);
    assert_string_equal(r.pseudonym[0], "demo-ana");
    assert_string_equal(r.pseudonym[1], "demo-ben");
    assert_true(r.patient_id[0] > 0 && r.patient_id[1] > 0);
    assert_true(r.patient_id[0] != r.patient_id[1]);
    check_story(st, &r, now, TZ, 1);
    sd_error err;
    assert_int_equal(sd_store_check(st, &err), SD_OK);
    sd_store_close(st);
    unlink_db(path);
}

/* A second fill (the same now, or later) writes nothing and returns the
** same ids; a patient made by hand under a demo pseudonym is left alone. */
static void test_idempotent(void **state)
{
    (void)state;
    int64_t now = local("2026-11-24", 15, 0, TZ);
    sd_demo_result r1, r2, r3;
    sd_diary d1[2], d2[2];
    struct alerts a1, a2;
    sd_store *st = open_db(path);
    fill(st, now, TZ, &r1);
    load(st, r1.patient_id[0], &d1[0]);
    load(st, r1.patient_id[1], &d1[1]);
    open_alerts(st, 0, &a1);
    fill(st, now, TZ, &r2);
    fill(st, now + 3 * 86400 + 3600, TZ, &r3);
    for(int i = 0; i < 2; i++) {
        assert_int_equal(r1.patient_id[i], r2.patient_id[i]);
        assert_int_equal(r1.patient_id[i], r3.patient_id[i]);
        load(st, r1.patient_id[i], &d2[i]);
        assert_int_equal((int)d1[i].n, (int)d2[i].n);
        assert_int_equal((int)d1[i].nrx, (int)d2[i].nrx);
        assert_int_equal((int)d1[i].nplans, (int)d2[i].nplans);
        assert_int_equal((int)d1[i].nalerts, (int)d2[i].nalerts);
        for(size_t k = 0; k < d1[i].n; k++)
            assert_int_equal(d1[i].e[k].id, d2[i].e[k].id);
        sd_diary_release(&d1[i]);
        sd_diary_release(&d2[i]);
    }
    open_alerts(st, 0, &a2);
    assert_int_equal(a1.n, a2.n);
    assert_string_equal(a1.rules, a2.rules);
    sd_store_close(st);

    /* "demo-ana" exists already (made by hand): only Ben is added */
    sd_error err;
    int64_t id;
    st = open_db(path);
    assert_int_equal(sd_store_patient_add(st, "mine", "demo-ana", 1950, &id,
                                          &err), SD_OK);
    fill(st, now, TZ, &r1);
    assert_int_equal(r1.patient_id[0], id);
    sd_diary d;
    load(st, id, &d);
    assert_int_equal((int)d.n, 0);
    assert_int_equal((int)d.nrx, 0);
    assert_int_equal(d.patient.birth_year, 1950);
    sd_diary_release(&d);
    load(st, r1.patient_id[1], &d);
    assert_true(d.n > 200);
    sd_diary_release(&d);
    sd_store_close(st);
    unlink_db(path);
}

/* The same now and time zone give the same diaries, byte for byte. */
static void test_deterministic(void **state)
{
    (void)state;
    int64_t now = local("2027-03-02", 21, 17, -300);
    sd_demo_result r1, r2;
    sd_store *s1 = open_db(path), *s2 = open_db(path2);
    fill(s1, now, -300, &r1);
    fill(s2, now, -300, &r2);
    for(int i = 0; i < 2; i++) {
        sd_diary a, b;
        load(s1, r1.patient_id[i], &a);
        load(s2, r2.patient_id[i], &b);
        assert_int_equal((int)a.n, (int)b.n);
        assert_string_equal(a.plans[0].json, b.plans[0].json);
        for(size_t k = 0; k < a.n; k++) {
            const sd_entry *x = &a.e[k], *y = &b.e[k];
            assert_string_equal(x->key, y->key);
            assert_int_equal(x->kind, y->kind);
            assert_int_equal(x->sub, y->sub);
            assert_int_equal(x->at, y->at);
            assert_int_equal(x->entered, y->entered);
            assert_int_equal(x->amount_ug, y->amount_ug);
            assert_int_equal(x->score_total, y->score_total);
            assert_int_equal(x->disposition, y->disposition);
            assert_true(x->value == y->value);
            if(x->text || y->text)
                assert_string_equal(x->text, y->text);
        }
        assert_int_equal((int)a.nalerts, (int)b.nalerts);
        sd_diary_release(&a);
        sd_diary_release(&b);
    }
    sd_store_close(s1);
    sd_store_close(s2);
    unlink_db(path);
    unlink_db(path2);
}

/* The story holds at any time of day, in any time zone. */
static void test_any_now(void **state)
{
    (void)state;
    static const int tzs[] = {0, 60, -300, 330, 840, -720};
    int64_t base = local("2026-06-30", 0, 0, 0);
    for(int i = 0; i < 24; i++) {
        int tz = tzs[i % 6];
        int64_t now = base + (int64_t)i * (86400 * 11 + 3600 * 5 + 60 * 7);
        sd_demo_result r;
        sd_store *st = open_db(path);
        fill(st, now, tz, &r);
        check_story(st, &r, now, tz, 0);
        sd_store_close(st);
    }
    unlink_db(path);
}

/* Refused: inside an open batch, a time zone out of range, a monograph
** without the 10 mg scored tablet; nothing written. */
static void test_refused(void **state)
{
    (void)state;
    sd_error err;
    sd_demo_result r;
    sd_monograph *other;
    sd_lexicon *olex;
    int64_t now = local("2026-11-24", 15, 0, TZ);
    sd_store *st = open_db(path);
    assert_int_equal(sd_store_begin(st, &err), SD_OK);
    assert_int_equal(sd_demo_fill(st, mono, lex, now, TZ, &r, &err),
                     SD_ERR_USAGE);
    sd_store_rollback(st);
    assert_int_equal(sd_demo_fill(st, mono, lex, now, 900, &r, &err),
                     SD_ERR_USAGE);
    assert_int_equal(sd_monograph_find(SD_TESTDATA "/drugs", "examplamine",
                                       &other, &err), SD_OK);
    assert_int_equal(sd_lexicon_build(other, NULL, &olex, &err), SD_OK);
    /* its tablets are 2 mg and 0.5 mg */
    assert_int_equal(sd_demo_fill(st, other, olex, now, TZ, &r, &err),
                     SD_ERR_INVALID);
    assert_non_null(strstr(err.text, "10 mg"));
    sd_patient p;
    assert_int_equal(sd_store_patient_find(st, "demo-ana", &p, &err),
                     SD_ERR_NOTFOUND);
    /* and after the refusals, a fill works */
    fill(st, now, TZ, &r);
    check_story(st, &r, now, TZ, 0);
    sd_lexicon_free(olex);
    sd_monograph_free(other);
    sd_store_close(st);
    unlink_db(path);
}

/* Allocation failures anywhere in a fill (the diaries, the checker, the
** plan's JSON, the monitor): SD_ERR_NOMEM and nothing written, or, where a
** failure is tolerated (a few allocations are), the whole story; never a
** leak. Every 7th of the allocations a clean fill makes. */
static void test_nomem(void **state)
{
    (void)state;
    int64_t now = local("2026-11-24", 15, 0, TZ);
    sd_demo_result r;
    sd_error err;
    sd_patient p;
    sd_store *st = open_db(path);
    sd_alloc_fail_after(0);
    fill(st, now, TZ, &r);
    unsigned long n = sd_alloc_fail_after(0);
    sd_store_close(st);
    st = open_db(path);
    int failed = 0;
    for(unsigned long k = 1; k <= n; k += 7) {
        sd_alloc_fail_after(k);
        int rc = sd_demo_fill(st, mono, lex, now, TZ, &r, &err);
        sd_alloc_fail_after(0);
        if(rc == SD_OK) {
            check_story(st, &r, now, TZ, 0);
            sd_store_close(st);
            st = open_db(path);
            continue;
        }
        failed++;
        if(rc != SD_ERR_NOMEM)
            fail_msg("allocation %lu: %s (%s)", k, err.text, sd_strerror(rc));
        assert_int_equal(sd_store_patient_find(st, "demo-ana", &p, &err),
                         SD_ERR_NOTFOUND);
        assert_int_equal(sd_store_patient_find(st, "demo-ben", &p, &err),
                         SD_ERR_NOTFOUND);
    }
    printf("    %lu allocations; %d of the fills failing one of them "
           "refused\n", n, failed);
    assert_true(failed > 100);
    sd_store_close(st);
    unlink_db(path);
}

static int setup(void **state)
{
    sd_error err;
    (void)state;
    snprintf(path, sizeof(path), "/tmp/sd-demo-test-%ld.db", (long)getpid());
    snprintf(path2, sizeof(path2), "/tmp/sd-demo-test2-%ld.db",
             (long)getpid());
    plan = calloc(1, sizeof(*plan));
    assert_non_null(plan);
    if(sd_monograph_find(SD_DATADIR, "baclofen", &mono, &err) ||
       sd_lexicon_build(mono, NULL, &lex, &err)) {
        fprintf(stderr, "setup: %s\n", err.text);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sd_lexicon_free(lex);
    sd_monograph_free(mono);
    free(plan);
    unlink_db(path);
    unlink_db(path2);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fill),
        cmocka_unit_test(test_idempotent),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_any_now),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_nomem),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

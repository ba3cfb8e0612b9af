/*
** test_monitor.c: scenario tests of the safety monitor. Each scenario
** replays weeks of diary for a synthetic patient, runs the monitor at the
** end of every day as the CLI does after each entry, keeps each alert
** once (rule and key, the highest level, as the store does), and asserts
** exactly which alerts fired, at which level, when the condition began
** and on which day the replay first raised them. The expected timelines
** are worked out by hand in the comments from the rules in
** docs/MONITOR.md; docs and closing notes quote them.
**
** Also: the final run over the whole diary raises the same alerts as the
** replay (the rules read history, not just the last day), and the
** withdrawal score parser and the entry checks refuse bad input.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "stepdown/date.h"
#include "stepdown/diary.h"
#include "stepdown/lexicon.h"
#include "stepdown/monitor.h"
#include "stepdown/taper_policy.h"
#include "stepdown/wscore.h"

#ifndef SD_DATADIR
#error "SD_DATADIR must be defined by the build"
#endif

static sd_monograph *mono;
static sd_lexicon *lex;
static sd_taper_plan *plan;
static int keyno;

static long day(const char *s)
{
    long d;
    assert_int_equal(sd_date_parse(s, &d), 0);
    return d;
}

/* "2026-09-01 08:00" local (UTC+1 in every scenario) to UTC seconds. */
#define TZ 60
static int64_t T(const char *ymd, int hh, int mm)
{
    return (int64_t)day(ymd) * 86400 + hh * 3600 + mm * 60 - TZ * 60;
}

static int64_t at_day(long d, int minute)
{
    return (int64_t)d * 86400 + minute * 60 - TZ * 60;
}

static const char *newkey(void)
{
    static char keys[4096][16];
    snprintf(keys[keyno % 4096], 16, "k%d", keyno);
    return keys[keyno++ % 4096];
}

static void patient(sd_diary *d, const char *name, int birth_year)
{
    sd_diary_init(d);
    snprintf(d->patient.pseudonym, sizeof(d->patient.pseudonym), "%s", name);
    d->patient.id = 1;
    d->patient.birth_year = birth_year;
}

/* 10 mg scored tablets (halves), regimen in mg at the default times. */
static void rx(sd_diary *d, const char *start, int n, const int *mg,
               int on_drug_days)
{
    sd_rx r;
    memset(&r, 0, sizeof(r));
    r.key = newkey();
    r.drug = "test";
    r.formulation = "tablets";
    r.route = "oral";
    r.unit_ug = 10000;
    r.pieces = 2;
    r.nadmin = n;
    for(int i = 0; i < n; i++)
        r.dose_ug[i] = (int64_t)mg[i] * 1000;
    assert_int_equal(sd_taper_default_times(n, r.minute), 0);
    r.start_day = day(start);
    r.end_day = -1;
    r.since_day = r.start_day - on_drug_days;
    assert_int_equal(sd_diary_add_rx(d, &r), SD_OK);
}

/* The slow plan for 20-20-20 from start: 55 mg for 14 days, 50 for 14,
** 45 for 16, ... (test_plan.c's golden case). */
static void add_plan(sd_diary *d, const char *start)
{
    static const sd_taper_strength tab = {10000, 2};
    sd_taper_spec s;
    sd_taper_policy pol;
    sd_error err;
    sd_plan_brief steps[SD_TAPER_MAX_STEPS];
    sd_plan_version pv;

    sd_taper_spec_init(&s);
    s.req.nadmin = 3;
    for(int i = 0; i < 3; i++)
        s.req.dose_ug[i] = 20000;
    assert_int_equal(sd_taper_default_times(3, s.req.minute), 0);
    s.req.nstrengths = 1;
    s.req.strengths[0] = tab;
    s.req.start_day = day(start);
    s.patient.days_on_drug = 365;
    assert_int_equal(sd_taper_make(mono, &s, &pol, plan, &err), SD_OK);
    memset(&pv, 0, sizeof(pv));
    pv.key = newkey();
    pv.version = (int)d->nplans + 1;
    pv.json = "{}";
    pv.steps = steps;
    pv.nsteps = sd_plan_brief_fill(plan, steps, SD_TAPER_MAX_STEPS);
    assert_true(pv.nsteps > 3);
    assert_int_equal(sd_diary_add_plan(d, &pv), SD_OK);
}

/* Keys name the kind and the local time ("dose:2026-09-01T08:03"), so
** that the expected alerts can name them. */
static void add(sd_diary *d, sd_entry *e)
{
    char key[48];
    if(!e->key) {
        int64_t lt = e->at + TZ * 60;
        char dd[16];
        sd_date_format(sd_local_day(e->at, TZ), dd, sizeof(dd));
        snprintf(key, sizeof(key), "%s%s:%sT%02d:%02d",
                 sd_entry_kind_name(e->kind),
                 e->kind == SD_ENTRY_DOSE && e->sub == SD_DOSE_EXTRA
                     ? "-extra" : "", dd,
                 (int)((lt % 86400) / 3600), (int)(lt % 3600 / 60));
        e->key = key;
    }
    e->tz_min = TZ;
    e->entered = e->at;
    sd_error err;
    /* every entry a scenario writes passes the checks the CLI makes */
    if(sd_entry_check(d, e, e->at, &err) != SD_OK)
        fail_msg("entry check: %s", err.text);
    assert_int_equal(sd_diary_add_entry(d, e), SD_OK);
    sd_diary_sort(d);
}

static void dose(sd_diary *d, int64_t at, int sub, int mg_x10)
{
    sd_entry e;
    sd_entry_init(&e, SD_ENTRY_DOSE);
    e.sub = sub;
    e.at = at;
    e.amount_ug = (int64_t)mg_x10 * 100;
    add(d, &e);
}

/* Log every scheduled dose of days [from, from + n), as the plan (when
** the diary has one) or the prescription says, a few minutes off the
** hour, scaled by pct percent (100: as prescribed). */
static void take(sd_diary *d, const char *from, int n, int pct)
{
    for(long k = day(from); k < day(from) + n; k++) {
        const sd_rx *r = sd_diary_rx_on(d, k);
        const sd_plan_brief *st;
        int si = d->nplans && sd_diary_plan_on(d, k, &st)
                     ? sd_taper_step_on(plan, k) : -1;
        for(int i = 0; i < r->nadmin; i++) {
            int64_t ug = si >= 0 ? plan->steps[si].dose[i].ug : r->dose_ug[i];
            ug = ug * pct / 100 / 5000 * 5000; /* whole halves */
            if(ug <= 0)
                continue;
            int jitter = (int)((k * 7 + i * 13) % 21) - 10;
            sd_entry e;
            sd_entry_init(&e, SD_ENTRY_DOSE);
            e.at = at_day(k, r->minute[i] + jitter);
            e.amount_ug = ug;
            add(d, &e);
        }
    }
}

static void supply(sd_diary *d, int64_t at, int tablets)
{
    sd_entry e;
    sd_entry_init(&e, SD_ENTRY_SUPPLY);
    e.at = at;
    e.value = tablets;
    e.amount_ug = (int64_t)tablets * 10000;
    add(d, &e);
}

static void symptom(sd_diary *d, int64_t at, const char *text, int severity)
{
    sd_entry e;
    sd_symptom_fill f;
    sd_error err;
    sd_entry_init(&e, SD_ENTRY_SYMPTOM);
    e.at = at;
    e.tz_min = TZ;
    e.text = text;
    e.severity = severity;
    assert_int_equal(sd_diary_check_symptom(lex, d, &e, &f, &err), SD_OK);
    add(d, &e);
}

static void score(sd_diary *d, int64_t at, const char *items)
{
    sd_entry e;
    sd_error err;
    sd_entry_init(&e, SD_ENTRY_SCORE);
    e.at = at;
    assert_int_equal(sd_wscore_parse(items, e.items, &err), SD_OK);
    e.score_total = sd_wscore_total(e.items);
    add(d, &e);
}

static void substance(sd_diary *d, int64_t at, int sub, double drinks,
                      const char *what)
{
    sd_entry e;
    sd_entry_init(&e, SD_ENTRY_SUBSTANCE);
    e.at = at;
    e.sub = sub;
    e.value = drinks;
    e.text = what;
    add(d, &e);
}

static void egfr(sd_diary *d, int64_t at, double v)
{
    sd_entry e;
    sd_entry_init(&e, SD_ENTRY_EGFR);
    e.at = at;
    e.value = v;
    add(d, &e);
}

/* ---- Replay ---- */

struct seen {
    char rule[32], key[64];
    int disp;
    int64_t at;
    long first_day;
};

struct replay {
    struct seen s[64];
    int n;
};

static void format_alert(const struct seen *s, char *buf, size_t n)
{
    char a[16], f[16];
    int64_t lt = s->at + TZ * 60;
    long ad = (long)(lt / 86400);
    sd_date_format(ad, a, sizeof(a));
    sd_date_format(s->first_day, f, sizeof(f));
    snprintf(buf, n, "%s %s %s at %s %02d:%02d, raised %s", s->rule, s->key,
             sd_disposition_name(s->disp), a, (int)(lt % 86400 / 3600),
             (int)(lt % 3600 / 60), f);
}

/* Run the monitor at 23:59 of every day from..to and keep each alert. */
static void replay(const sd_diary *d, const char *from, const char *to,
                   struct replay *r)
{
    memset(r, 0, sizeof(*r));
    for(long k = day(from); k <= day(to); k++) {
        sd_alert_list l;
        sd_error err;
        sd_alert_list_init(&l);
        assert_int_equal(sd_monitor_run(mono, NULL, d, at_day(k, 1439), &l,
                                        &err), SD_OK);
        for(size_t i = 0; i < l.n; i++) {
            int j;
            for(j = 0; j < r->n; j++)
                if(!strcmp(r->s[j].rule, l.a[i].rule) &&
                   !strcmp(r->s[j].key, l.a[i].key))
                    break;
            if(j == r->n) {
                assert_true(r->n < 64);
                snprintf(r->s[j].rule, sizeof(r->s[j].rule), "%s",
                         l.a[i].rule);
                snprintf(r->s[j].key, sizeof(r->s[j].key), "%s", l.a[i].key);
                r->s[j].at = l.a[i].at;
                r->s[j].first_day = k;
                r->n++;
            }
            /* every alert explains itself and names its sources */
            assert_true(strlen(l.a[i].text) > 20);
            assert_true(strlen(l.a[i].advice) > 20);
            assert_true(strlen(l.a[i].sources) > 2);
            if(l.a[i].disposition > r->s[j].disp)
                r->s[j].disp = l.a[i].disposition;
        }
        /* the last run holds every alert raised so far */
        if(k == day(to))
            assert_int_equal((int)l.n, r->n);
        sd_alert_list_release(&l);
    }
}

/* expected: "rule key disposition at YYYY-MM-DD HH:MM, raised YYYY-MM-DD"
** lines in the order first raised (then by rule). */
static void expect(const struct replay *r, const char *const *want, int n)
{
    char got[64][160];
    for(int i = 0; i < r->n; i++) {
        format_alert(&r->s[i], got[i], sizeof(got[i]));
        printf("    %s\n", got[i]);
    }
    for(int i = 0; i < n; i++) {
        int found = 0;
        for(int j = 0; j < r->n; j++)
            if(!strcmp(got[j], want[i]))
                found = 1;
        if(!found)
            fail_msg("expected alert not raised: %s", want[i]);
    }
    assert_int_equal(r->n, n);
}

/* ---- Scenarios ---- */

/* Quiet and adherent: 20 mg three times a day for a year, eight weeks of
** every dose on time, 180 tablets (30 days) dispensed on Sep 1, then on
** Sep 27 and Oct 27 with 4 days left each time (the reminder comes 3
** days before, the early-refill alert above 7), eGFR 95, a withdrawal
** score of 2, a self-care symptom. No alert. */
static void test_quiet(void **state)
{
    static const int reg[] = {20, 20, 20};
    sd_diary d;
    struct replay r;
    (void)state;
    patient(&d, "quiet", 1970);
    rx(&d, "2026-09-01", 3, reg, 365);
    supply(&d, T("2026-09-01", 7, 0), 180);
    egfr(&d, T("2026-09-02", 10, 0), 95);
    take(&d, "2026-09-01", 56, 100);
    supply(&d, T("2026-09-27", 7, 0), 180);
    supply(&d, T("2026-10-27", 7, 0), 180);
    score(&d, T("2026-09-20", 9, 0), "tremor=1,anxiety=1");
    symptom(&d, T("2026-09-10", 9, 0), "a little drowsy in the morning", 1);
    replay(&d, "2026-09-01", "2026-10-26", &r);
    expect(&r, NULL, 0);
    sd_diary_release(&d);
}

/* The recreational over-user: 10 mg three times a day (30 mg), on it for
** 3 months. Adherent, plus 20 mg extra on Sep 10 and Sep 12 at 23:00,
** and 60 mg extra on Sep 20 at 20:00. 90 tablets on Sep 1, the next 90
** on Sep 20 at 7:00.
**  - Sep 10 23:00: 30 + 20 = 50 mg within 22 h, above 30:
**    above-prescription (contact-soon). The 24-hour window keeps the extra
**    dose until Sep 11 ~22:00, so the run of days over the prescription
**    goes on through Sep 13 (Sep 12's extra): one alert, from Sep 10.
**  - Sep 12 23:00: the second day with an extra dose within 7 days:
**    extra-repeated (contact-soon).
**  - Sep 20 7:00 refill: 900 mg dispensed, 19 days x 30 mg + 40 mg extra
**    = 610 mg used, 290 mg = 9 days left, more than 7: early-refill.
**  - Sep 20 20:00: 10 + 10 + 60 = 80 mg within 22 h, above 30 (a new run:
**    Sep 14-19 were within the dose): above-prescription; at the 22:02
**    dose 90 mg, above the label's 80 mg maximum: above-label-max
**    (call-today). */
static void test_over_user(void **state)
{
    static const int reg[] = {10, 10, 10};
    sd_diary d;
    struct replay r;
    (void)state;
    patient(&d, "over-user", 1990);
    rx(&d, "2026-09-01", 3, reg, 90);
    supply(&d, T("2026-09-01", 7, 0), 90);
    take(&d, "2026-09-01", 28, 100);
    dose(&d, T("2026-09-10", 23, 0), SD_DOSE_EXTRA, 200);
    dose(&d, T("2026-09-12", 23, 0), SD_DOSE_EXTRA, 200);
    dose(&d, T("2026-09-20", 20, 0), SD_DOSE_EXTRA, 600);
    supply(&d, T("2026-09-20", 7, 0), 90);
    replay(&d, "2026-09-01", "2026-09-28", &r);
    static const char *const want[] = {
        "above-prescription from:2026-09-10 contact-soon at 2026-09-10 "
        "23:00, raised 2026-09-10",
        "extra-repeated from:2026-09-12 contact-soon at 2026-09-12 23:00, "
        "raised 2026-09-12",
        "early-refill entry:supply:2026-09-20T07:00 contact-soon at "
        "2026-09-20 07:00, raised 2026-09-20",
        "above-prescription from:2026-09-20 contact-soon at 2026-09-20 "
        "20:00, raised 2026-09-20",
        "above-label-max from:2026-09-20 call-today at 2026-09-20 22:02, "
        "raised 2026-09-20",
    };
    expect(&r, want, 5);
    sd_diary_release(&d);
}

/* Runs out on a Friday: 20 mg three times a day for a year; 180 tablets
** (30 days at 6 a day) on Wed 2 Sep: they cover Sep 2 - Oct 1, and run
** out on Fri 2 Oct. No refill. Doses logged until Thu 1 Oct 22:00.
**  - refill-soon: due 3 days before Fri 2 Oct = Tue 29 Sep 00:00
**    (contact-soon), raised Sep 29; from Fri 2 Oct (the box is empty and
**    no refill came) it rises to call-today.
**  - abrupt-stop: the longest gap is 22:00 -> 8:00 = 10 h, plus the
**    earliest onset 12 h: the last dose, Thu 1 Oct 21:55, + 22 h = Fri 2
**    Oct 19:55 (call-today), raised Oct 2. */
static void test_runs_out_friday(void **state)
{
    static const int reg[] = {20, 20, 20};
    sd_diary d;
    struct replay r;
    (void)state;
    patient(&d, "friday", 1960);
    rx(&d, "2026-09-02", 3, reg, 365);
    supply(&d, T("2026-09-02", 7, 0), 180);
    take(&d, "2026-09-02", 30, 100);
    replay(&d, "2026-09-02", "2026-10-04", &r);
    static const char *const want[] = {
        "refill-soon entry:supply:2026-09-02T07:00 call-today at "
        "2026-09-29 00:00, raised 2026-09-29",
        "abrupt-stop after:2026-10-01T21:55 call-today at 2026-10-02 19:55, "
        "raised 2026-10-02",
    };
    expect(&r, want, 2);
    sd_diary_release(&d);
}

/* The fast self-taperer: the slow plan from 60 mg starts Tue 15 Sep with
** 55 mg a day (15 + 20 + 20) for 14 days. From Thu 17 Sep the patient
** takes three quarters of each dose, in whole halves (10 + 15 + 15 = 40
** mg), and from Mon 21 Sep 40 % (5 + 5 + 5 = 15 mg).
**  - below-plan: Sep 17 and Sep 18 below 55 mg: raised at the start of
**    Sep 19 (2 days in a row), contact-soon (40 mg is more than half of
**    55); on Sep 21 15 mg is less than half: the same alert rises to
**    call-today. */
static void test_fast_taper(void **state)
{
    static const int reg[] = {20, 20, 20};
    sd_diary d;
    struct replay r;
    (void)state;
    patient(&d, "fast", 1975);
    rx(&d, "2026-09-01", 3, reg, 400);
    add_plan(&d, "2026-09-15");
    take(&d, "2026-09-01", 16, 100);
    take(&d, "2026-09-17", 4, 75);
    take(&d, "2026-09-21", 4, 40);
    replay(&d, "2026-09-01", "2026-09-24", &r);
    static const char *const want[] = {
        "below-plan from:2026-09-17 call-today at 2026-09-19 00:00, raised "
        "2026-09-19",
    };
    expect(&r, want, 1);
    sd_diary_release(&d);
}

/* Withdrawal after step 3: the slow plan from Tue 15 Sep: 55 mg (14 d),
** 50 (14 d), 45 mg from Tue 13 Oct. Adherent. On Wed 14 Oct 20:00 the
** patient writes that the spasms are back and the skin itches; on Thu
** 15 Oct 9:00 a withdrawal score of 13 (moderate from 8).
**  - symptom-report: the checker reads withdrawal within the window after
**    a cut and says call-today.
**  - withdrawal-after-step: the report is 1 day after the step down from
**    50 to 45 mg (within the 12-72 h onset window): call-today, the step
**    back to 50 mg. The score on Oct 15 is in the same step's window: the
**    same alert (one per step), not a second one. */
static void test_withdrawal_step3(void **state)
{
    static const int reg[] = {20, 20, 20};
    sd_diary d;
    struct replay r;
    (void)state;
    patient(&d, "step3", 1968);
    rx(&d, "2026-09-01", 3, reg, 700);
    add_plan(&d, "2026-09-15");
    take(&d, "2026-09-01", 46, 100);
    symptom(&d, T("2026-10-14", 20, 0),
            "my muscle spasms are back and my skin itches all over", 3);
    score(&d, T("2026-10-15", 9, 0),
          "tremor=2,sweats=2,anxiety=3,spasticity=4,itching=2");
    replay(&d, "2026-09-01", "2026-10-16", &r);
    static const char *const want[] = {
        "symptom-report entry:symptom:2026-10-14T20:00 call-today at "
        "2026-10-14 20:00, raised 2026-10-14",
        "withdrawal-after-step step:2026-10-13 call-today at 2026-10-14 "
        "20:00, raised 2026-10-14",
    };
    expect(&r, want, 2);
    sd_diary_release(&d);
}

/* The drinker: 20 mg three times a day; 4 drinks on Fri 11 Sep and Sat
** 12 Sep evenings, a sleeping tablet on Sat 12 Sep, and on Sun 13 Sep
** morning "very drowsy and confused".
**  - sedative-use, one per substance and day: alcohol Sep 11, alcohol
**    Sep 12, sedative Sep 12 (contact-soon each).
**  - symptom-report: confusion is on the serious list: call-now. */
static void test_drinker(void **state)
{
    static const int reg[] = {20, 20, 20};
    sd_diary d;
    struct replay r;
    (void)state;
    patient(&d, "drinker", 1980);
    rx(&d, "2026-09-01", 3, reg, 200);
    take(&d, "2026-09-01", 14, 100);
    substance(&d, T("2026-09-11", 21, 0), SD_SUBST_ALCOHOL, 4, NULL);
    substance(&d, T("2026-09-12", 21, 0), SD_SUBST_ALCOHOL, 4, NULL);
    substance(&d, T("2026-09-12", 23, 0), SD_SUBST_SEDATIVE, 0, "zopiclone");
    symptom(&d, T("2026-09-13", 9, 0), "very drowsy and confused this morning",
            3);
    replay(&d, "2026-09-01", "2026-09-14", &r);
    static const char *const want[] = {
        "sedative-use alcohol:2026-09-11 contact-soon at 2026-09-11 21:00, "
        "raised 2026-09-11",
        "sedative-use alcohol:2026-09-12 contact-soon at 2026-09-12 21:00, "
        "raised 2026-09-12",
        "sedative-use sedative:2026-09-12 contact-soon at 2026-09-12 23:00, "
        "raised 2026-09-12",
        "symptom-report entry:symptom:2026-09-13T09:00 call-now at "
        "2026-09-13 09:00, raised 2026-09-13",
    };
    expect(&r, want, 4);
    sd_diary_release(&d);
}

/* Kidney decline: 20 mg three times a day, age 78. eGFR 95 on Sep 2, 52
** on Sep 23, 25 on Oct 14; "I feel drowsy and confused" on Oct 16.
**  - eGFR 95: no band. 52: the 30-60 band keeps 1/2 of the usual dose:
**    80 mg x 1/2 = 40 mg < 60 mg: kidney-dose, contact-soon. 25: the
**    "avoid" band: kidney-dose, call-today.
**  - The symptom: symptom-report (call-now: confusion) and
**    kidney-toxicity (call-now: encephalopathy with eGFR below 60). */
static void test_kidney(void **state)
{
    static const int reg[] = {20, 20, 20};
    sd_diary d;
    struct replay r;
    (void)state;
    patient(&d, "kidney", 1948);
    rx(&d, "2026-09-01", 3, reg, 365);
    take(&d, "2026-09-01", 50, 100);
    egfr(&d, T("2026-09-02", 10, 0), 95);
    egfr(&d, T("2026-09-23", 10, 0), 52);
    egfr(&d, T("2026-10-14", 10, 0), 25);
    symptom(&d, T("2026-10-16", 11, 0), "I feel drowsy and confused", 2);
    replay(&d, "2026-09-01", "2026-10-18", &r);
    static const char *const want[] = {
        "kidney-dose entry:egfr:2026-09-23T10:00 contact-soon at 2026-09-23 "
        "10:00, raised 2026-09-23",
        "kidney-dose entry:egfr:2026-10-14T10:00 call-today at 2026-10-14 "
        "10:00, raised 2026-10-14",
        "symptom-report entry:symptom:2026-10-16T11:00 call-now at "
        "2026-10-16 11:00, raised 2026-10-16",
        "kidney-toxicity entry:symptom:2026-10-16T11:00 call-now at "
        "2026-10-16 11:00, raised 2026-10-16",
    };
    expect(&r, want, 4);
    sd_diary_release(&d);
}

/* Bad input: what no formulation makes, the future, before the
** prescription, unknown score items and ratings. */
static void test_entry_checks(void **state)
{
    static const int reg[] = {20, 20, 20};
    sd_diary d;
    sd_entry e;
    sd_error err;
    signed char items[SD_WSCORE_MAX_ITEMS];
    int64_t now = T("2026-09-10", 12, 0);
    (void)state;
    patient(&d, "checks", 1970);
    sd_entry_init(&e, SD_ENTRY_DOSE);
    e.key = "x";
    e.tz_min = TZ;
    e.at = T("2026-09-05", 8, 0);
    e.amount_ug = 10000;
    assert_int_equal(sd_entry_check(&d, &e, now, &err), SD_ERR_USAGE);
    assert_non_null(strstr(err.text, "no prescription"));
    rx(&d, "2026-09-01", 3, reg, 100);
    assert_int_equal(sd_entry_check(&d, &e, now, &err), SD_OK);
    e.amount_ug = 12000; /* 12 mg: not whole halves of 10 mg */
    assert_int_equal(sd_entry_check(&d, &e, now, &err), SD_ERR_USAGE);
    assert_non_null(strstr(err.text, "multiple of 5 mg"));
    e.amount_ug = 7500;
    assert_int_equal(sd_entry_check(&d, &e, now, &err), SD_ERR_USAGE);
    e.amount_ug = 15000;
    assert_int_equal(sd_entry_check(&d, &e, now, &err), SD_OK);
    e.at = now + 3600; /* the future */
    assert_int_equal(sd_entry_check(&d, &e, now, &err), SD_ERR_USAGE);
    assert_non_null(strstr(err.text, "future"));
    e.at = T("2026-08-31", 8, 0); /* before the prescription */
    assert_int_equal(sd_entry_check(&d, &e, now, &err), SD_ERR_USAGE);
    assert_non_null(strstr(err.text, "before the first prescription"));
    e.at = T("2026-09-05", 8, 0);
    e.amount_ug = 0;
    assert_int_equal(sd_entry_check(&d, &e, now, &err), SD_ERR_USAGE);
    e.key = "";
    e.amount_ug = 10000;
    assert_int_equal(sd_entry_check(&d, &e, now, &err), SD_ERR_USAGE);
    sd_entry_init(&e, SD_ENTRY_EGFR);
    e.key = "g";
    e.at = T("2026-08-01", 8, 0); /* eGFR may come before */
    e.value = 250;
    assert_int_equal(sd_entry_check(&d, &e, now, &err), SD_ERR_USAGE);
    e.value = 45;
    assert_int_equal(sd_entry_check(&d, &e, now, &err), SD_OK);
    sd_entry_init(&e, SD_ENTRY_SCORE);
    e.key = "s";
    e.at = T("2026-09-05", 8, 0);
    assert_int_equal(sd_entry_check(&d, &e, now, &err), SD_ERR_USAGE);
    assert_int_equal(sd_wscore_parse("tremor=3,sweats=2", e.items, &err),
                     SD_OK);
    e.score_total = 6;
    assert_int_equal(sd_entry_check(&d, &e, now, &err), SD_ERR_USAGE);
    e.score_total = sd_wscore_total(e.items);
    assert_int_equal(e.score_total, 5);
    assert_int_equal(sd_entry_check(&d, &e, now, &err), SD_OK);
    static const char *const bad[] = {
        "", "tremor", "tremor=", "tremor=8", "tremors=1", "tremor=1,tremor=2",
        "fever=2", "orientation=5", "tremor=-1", "tremor=10", "=3",
        "tremor=3x"};
    for(size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(sd_wscore_parse(bad[i], items, &err), SD_ERR_USAGE);
    assert_int_equal(sd_wscore_parse(" fever=4 hallucinations=1", items, &err),
                     SD_OK);
    assert_true(sd_wscore_red_flag(items, NULL));
    sd_diary_release(&d);
}

/* A red flag in a score during the window after a step down is call-now;
** a score rising past the threshold outside any window is its own rule. */
static void test_score_levels(void **state)
{
    static const int reg[] = {20, 20, 20};
    sd_diary d;
    struct replay r;
    (void)state;
    patient(&d, "scores", 1970);
    rx(&d, "2026-09-01", 3, reg, 400);
    add_plan(&d, "2026-09-15");
    take(&d, "2026-09-01", 20, 100);
    score(&d, T("2026-09-05", 9, 0), "tremor=3,sweats=3,anxiety=3");
    score(&d, T("2026-09-06", 9, 0), "tremor=1");
    score(&d, T("2026-09-16", 9, 0), "tremor=1,fever=4");
    replay(&d, "2026-09-01", "2026-09-18", &r);
    static const char *const want[] = {
        "withdrawal-score entry:score:2026-09-05T09:00 call-today at "
        "2026-09-05 09:00, raised 2026-09-05",
        "withdrawal-after-step step:2026-09-15 call-now at 2026-09-16 09:00, "
        "raised 2026-09-16",
    };
    expect(&r, want, 2);
    sd_diary_release(&d);
}

static int setup(void **state)
{
    sd_error err;
    (void)state;
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
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quiet),
        cmocka_unit_test(test_over_user),
        cmocka_unit_test(test_runs_out_friday),
        cmocka_unit_test(test_fast_taper),
        cmocka_unit_test(test_withdrawal_step3),
        cmocka_unit_test(test_drinker),
        cmocka_unit_test(test_kidney),
        cmocka_unit_test(test_entry_checks),
        cmocka_unit_test(test_score_levels),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/*
** monitor.c: the safety monitor (monitor.h). Every rule scans the whole
** diary up to now and raises each alert at the time its condition began,
** so that a replay of weeks of diary and a run after every entry give the
** same alerts with the same keys. docs/MONITOR.md explains each rule.
**
** The numbers come from the monograph (label maximum, kidney bands,
** half-life, withdrawal onset) or from the settings (sd_monitor_config,
** sourced as MONITOR-POLICY); none is written here except the dosing-time
** tolerance of the 24-hour window, which is policy too.
*/
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "stepdown/date.h"
#include "stepdown/monitor.h"
#include "stepdown/triage.h"

#define HOUR 3600
#define DAY 86400
/* Dosing times shift: the 24-hour intake window is read as (t - 22 h, t]
** so that a morning dose taken an hour early is not counted twice. */
#define WINDOW_TOLERANCE (2 * HOUR)

static const struct rule {
    const char *id;
    const char *text;
    const char *sources;
} rules[] = {
    {"symptom-report",
     "A symptom report the checker rated contact-soon or higher: the alert "
     "takes the checker's level, rules and sources.",
     "the checker's rules"},
    {"withdrawal-after-step",
     "Withdrawal signs (a symptom the checker explains as withdrawal, a "
     "withdrawal score at or above its moderate threshold, or a red-flag "
     "item) within the onset window after a step down: call today at least; "
     "the planner's step back to the last tolerated dose.",
     "NATURE-SC, US-TAB, OZO, TAPER-POLICY, CIWA-VA"},
    {"withdrawal-score",
     "A withdrawal score rising past its moderate or severe threshold "
     "outside a step's window, or with a red-flag item.",
     "CIWA-VA, CIWA-WIKI, CIWA-TOC, MONITOR-POLICY"},
    {"above-prescription",
     "More than the prescribed (or planned) daily dose within 24 hours.",
     "US-TAB, MONITOR-POLICY"},
    {"above-label-max",
     "More than the label's adult maximum within 24 hours: overdose risk.",
     "US-TAB, LEUNG-2006"},
    {"extra-repeated",
     "Extra doses on several days within a week: misuse risk.",
     "ADDICTOVIGILANCE, MSSM-RECREATIONAL, MONITOR-POLICY"},
    {"early-refill",
     "A refill while the earlier supplies should have lasted more than the "
     "set number of days: the supply runs out earlier than the prescription "
     "allows.",
     "MONITOR-POLICY"},
    {"refill-soon",
     "The supply runs out within the set number of days at the prescribed "
     "dose: refill, so that an empty box never becomes an unplanned stop.",
     "US-TAB, OZO, MONITOR-POLICY"},
    {"abrupt-stop",
     "No dose logged for longer than the longest dosing gap plus the "
     "earliest withdrawal onset, in a patient on the drug for weeks.",
     "NATURE-SC, MIMS-PK, LITMETRIC, US-TAB, MONITOR-POLICY"},
    {"below-plan",
     "Less than the plan's (or the prescription's) daily dose on "
     "consecutive full days: cutting ahead of the plan.",
     "US-TAB, OZO, MONITOR-POLICY"},
    {"sedative-use",
     "Alcohol or another sedative on a day on the drug: additive sedation "
     "and breathing depression.",
     "SUSP, ODDB"},
    {"kidney-dose",
     "An eGFR reading in a band where the daily dose exceeds the kidney "
     "guidance (label maximum x the band's fraction; any dose where the "
     "band says avoid).",
     "NEPHRONPOWER, WOLF-2018, MONITOR-POLICY"},
    {"kidney-toxicity",
     "Drowsiness, confusion or another sign of encephalopathy with an eGFR "
     "below 60: toxicity.",
     "EL-HUSSEINI-2011, PMS"},
};

#define NRULES (sizeof(rules) / sizeof(rules[0]))

size_t sd_monitor_nrules(void)
{
    return NRULES;
}

const char *sd_monitor_rule(size_t i, const char **text, const char **src)
{
    if(i >= NRULES)
        return NULL;
    if(text)
        *text = rules[i].text;
    if(src)
        *src = rules[i].sources;
    return rules[i].id;
}

void sd_monitor_config_default(sd_monitor_config *c)
{
    memset(c, 0, sizeof(*c));
    sd_wscore_thresholds_default(&c->score);
    c->refill_days = 3;
    c->weeks_on_drug_days = 14;
    c->extra_days = 2;
    c->extra_window_days = 7;
    c->early_refill_days = 7;
    c->ahead_days = 2;
}

void sd_alert_list_init(sd_alert_list *l)
{
    memset(l, 0, sizeof(*l));
}

void sd_alert_list_release(sd_alert_list *l)
{
    if(!l)
        return;
    if(l->priv) {
        sd__arena_release(l->priv);
        sd_free(l->priv);
    }
    sd_free(l->a);
    memset(l, 0, sizeof(*l));
}

/* ---- The run's state ---- */

struct run {
    const sd_monograph *m;
    const sd_monitor_config *cfg;
    const sd_diary *d;
    int64_t now;
    sd_alert_list *out;
    struct sd__arena *arena;
    int nomem;
    /* per local day, day0 .. day0 + ndays - 1 */
    long day0, ndays, today;
    int tz;
    int64_t *expected;   /* expected daily dose, -1 none */
    int64_t *taken;      /* taken + extra + as-needed */
    int *ndose;          /* dose entries of any kind */
    /* from the monograph */
    int64_t max_ug;
    double onset_min, onset_max;
    char onset_src[96];
    double hl_min, hl_max;
    char hl_src[96];
};

static char *fmt(struct run *r, const char *f, ...)
    __attribute__((format(printf, 2, 3)));

static char *fmt(struct run *r, const char *f, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, f);
    vsnprintf(buf, sizeof(buf), f, ap);
    va_end(ap);
    char *s = sd__arena_strdup(r->arena, buf);
    if(!s)
        r->nomem = 1;
    return s;
}

static void srcs(const sd_monograph *m, struct sd_srcref ref, char *buf,
                 size_t n)
{
    size_t off = 0;
    buf[0] = '\0';
    for(size_t i = 0; i < ref.n && off < n; i++) {
        const sd_source *s = sd_monograph_source(m, ref.idx[i]);
        if(!s)
            continue;
        off += (size_t)snprintf(buf + off, n - off, "%s%s", off ? ", " : "",
                                s->id);
    }
}

static void raise_alert(struct run *r, const char *rule, const char *key,
                        int disp, int64_t at, int64_t entry_id,
                        const char *text, const char *advice,
                        const char *sources)
{
    sd_alert_list *l = r->out;
    if(r->nomem || !key || !text || !advice || !sources)
        return;
    /* One alert per rule and key: keep the highest level. */
    for(size_t i = 0; i < l->n; i++) {
        if(!strcmp(l->a[i].rule, rule) && !strcmp(l->a[i].key, key)) {
            if(disp > l->a[i].disposition) {
                l->a[i].disposition = disp;
                l->a[i].text = text;
                l->a[i].advice = advice;
                l->a[i].sources = sources;
            }
            return;
        }
    }
    if(l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 16;
        sd_alert *na = sd_realloc(l->a, nc * sizeof(*na));
        if(!na) {
            r->nomem = 1;
            return;
        }
        l->a = na;
        l->cap = nc;
    }
    sd_alert *a = &l->a[l->n++];
    memset(a, 0, sizeof(*a));
    a->patient_id = r->d->patient.id;
    a->rule = rule;
    a->key = key;
    a->disposition = disp;
    a->at = at;
    a->entry_id = entry_id;
    a->text = text;
    a->advice = advice;
    a->sources = sources;
}

static int64_t expected_on(const struct run *r, long day)
{
    if(day < r->day0 || day >= r->day0 + r->ndays)
        return sd_diary_expected_ug(r->d, day);
    return r->expected[day - r->day0];
}

/* Local midnight of a day, in UTC seconds. */
static int64_t midnight(const struct run *r, long day)
{
    return (int64_t)day * DAY - (int64_t)r->tz * 60;
}

static int is_intake(const sd_entry *e)
{
    return e->kind == SD_ENTRY_DOSE && e->sub != SD_DOSE_SKIPPED &&
           e->amount_ug > 0;
}

/* ---- Rules ---- */

static void rule_symptoms(struct run *r)
{
    for(size_t i = 0; i < r->d->n; i++) {
        const sd_entry *e = &r->d->e[i];
        if(e->kind != SD_ENTRY_SYMPTOM || e->at > r->now ||
           e->disposition < SD_DISP_CONTACT_SOON)
            continue;
        char w[32];
        sd_local_time_format(e->at, e->tz_min, w, sizeof(w));
        char sev[24] = "";
        if(e->severity >= 0)
            snprintf(sev, sizeof(sev), ", severity %d of 4", e->severity);
        raise_alert(r, "symptom-report", fmt(r, "entry:%s", e->key),
                    e->disposition, e->at, e->id,
                    fmt(r, "%s: \"%.300s\"%s. The checker found %s and rated "
                        "it %s (rules: %s).", w, e->text ? e->text : "", sev,
                        e->concepts && *e->concepts ? e->concepts
                                                    : "no known symptom",
                        sd_disposition_name(e->disposition),
                        e->rules && *e->rules ? e->rules : "none"),
                    fmt(r, "%s", sd_disposition_meaning(e->disposition)),
                    fmt(r, "%s", e->sources && *e->sources ? e->sources
                                                            : "SEED"));
    }
}

/* The step down whose window holds day: the latest day s <= day with
** expected(s) < expected(s - 1) and day - s within the onset window
** (the window runs from the step's first day to onset_max hours after
** the end of that day). Returns the step's day or LONG_MIN. */
static long step_down_before(const struct run *r, long day)
{
    long reach = (long)((r->onset_max + 23.999) / 24.0);
    for(long s = day; s >= day - reach && s > r->day0; s--) {
        int64_t a = expected_on(r, s - 1), b = expected_on(r, s);
        if(a > 0 && b >= 0 && b < a)
            return s;
    }
    return LONG_MIN;
}

static void rule_withdrawal(struct run *r)
{
    const sd_wscore_thresholds *t = &r->cfg->score;
    int prev_band = 0;
    for(size_t i = 0; i < r->d->n; i++) {
        const sd_entry *e = &r->d->e[i];
        if(e->at > r->now)
            break;
        int band = 0, red = 0, disp = -1;
        const char *flag = NULL;
        char what[400];
        if(e->kind == SD_ENTRY_SCORE) {
            band = sd_wscore_band(t, e->score_total);
            red = sd_wscore_red_flag(e->items, &flag);
            if(!band && !red) {
                prev_band = 0;
                continue;
            }
            disp = band == 2 || red ? SD_DISP_CALL_NOW : SD_DISP_CALL_TODAY;
            snprintf(what, sizeof(what), "a withdrawal score of %d (%s: "
                     "moderate from %d, severe from %d)%s%s", e->score_total,
                     sd_wscore_band_name(band), t->moderate, t->severe,
                     red ? "; red flag: " : "", red ? flag : "");
        } else if(e->kind == SD_ENTRY_SYMPTOM &&
                  (e->explanations & SD_EXPL_WITHDRAWAL)) {
            disp = e->disposition > SD_DISP_CALL_TODAY ? e->disposition
                                                       : SD_DISP_CALL_TODAY;
            snprintf(what, sizeof(what), "withdrawal signs reported (\"%.200s"
                     "\": %s)", e->text ? e->text : "",
                     e->concepts ? e->concepts : "");
        } else {
            continue;
        }
        long day = sd_local_day(e->at, e->tz_min);
        long s = step_down_before(r, day);
        char w[32], sd[16];
        sd_local_time_format(e->at, e->tz_min, w, sizeof(w));
        if(s != LONG_MIN) {
            char from[32], to[32];
            sd_taper_mg(expected_on(r, s - 1), from, sizeof(from));
            sd_taper_mg(expected_on(r, s), to, sizeof(to));
            sd_date_format(s, sd, sizeof(sd));
            raise_alert(r, "withdrawal-after-step", fmt(r, "step:%s", sd), disp,
                        e->at, e->id,
                        fmt(r, "%s: %s, %ld day(s) after the step down from "
                            "%s to %s a day on %s; withdrawal begins %.0f-%.0f "
                            "h after a cut [%s].", w, what, day - s, from, to,
                            sd, r->onset_min, r->onset_max, r->onset_src),
                        fmt(r, "Do not cut further and do not stop. Call the "
                            "prescriber today (now for a red flag or a severe "
                            "score). The planner's step back: return to %s a "
                            "day, the last tolerated dose, hold, then taper "
                            "more slowly ('stepdown plan adjust "
                            "--withdrawal-on %.10s').", from, w),
                        fmt(r, "%s, US-TAB, OZO, TAPER-POLICY%s", r->onset_src,
                            e->kind == SD_ENTRY_SCORE ? ", " SD_WSCORE_SOURCES
                                                      : ""));
        } else if(e->kind == SD_ENTRY_SCORE && (band > prev_band || red)) {
            raise_alert(r, "withdrawal-score", fmt(r, "entry:%s", e->key), disp,
                        e->at, e->id, fmt(r, "%s: %s.", w, what),
                        fmt(r, "%s Do not change the dose on your own.",
                            sd_disposition_meaning(disp)),
                        fmt(r, "%s, MONITOR-POLICY", SD_WSCORE_SOURCES));
        }
        if(e->kind == SD_ENTRY_SCORE)
            prev_band = band;
    }
}

/* Intake in (t - 24 h + tolerance, t] above the prescription (or plan),
** and above the label maximum: one alert per run of days. */
static void rule_intake(struct run *r)
{
    const sd_diary *d = r->d;
    size_t lo = 0;
    long last_rx_day = LONG_MIN, last_max_day = LONG_MIN;
    const char *rx_key = NULL, *max_key = NULL;
    int64_t sum = 0;
    /* lo..i: intake entries inside the window, summed in sum */
    for(size_t i = 0; i < d->n; i++) {
        const sd_entry *e = &d->e[i];
        if(e->at > r->now)
            break;
        if(!is_intake(e))
            continue;
        sum += e->amount_ug;
        while(lo < i && (!is_intake(&d->e[lo]) ||
                         d->e[lo].at <= e->at - DAY + WINDOW_TOLERANCE)) {
            if(is_intake(&d->e[lo]))
                sum -= d->e[lo].amount_ug;
            lo++;
        }
        long day = sd_local_day(e->at, e->tz_min);
        int64_t a = expected_on(r, day), b = expected_on(r, day - 1);
        int64_t limit = a > b ? a : b;
        char w[32], s1[32], s2[32];
        sd_local_time_format(e->at, e->tz_min, w, sizeof(w));
        sd_taper_mg(sum, s1, sizeof(s1));
        if(r->max_ug > 0 && sum > r->max_ug) {
            if(day > last_max_day + 1 || !max_key) {
                char dd[16];
                sd_date_format(day, dd, sizeof(dd));
                max_key = fmt(r, "from:%s", dd);
            }
            last_max_day = day;
            sd_taper_mg(r->max_ug, s2, sizeof(s2));
            raise_alert(r, "above-label-max", max_key, SD_DISP_CALL_TODAY,
                        e->at, e->id,
                        fmt(r, "%s: %s taken within 24 hours, above the "
                            "label's adult maximum of %s a day.", w, s1, s2),
                        fmt(r, "Overdose risk: call the prescriber today; "
                            "call emergency services for drowsiness that "
                            "will not pass, slow breathing, confusion or a "
                            "seizure. Take no more than prescribed."),
                        fmt(r, "US-TAB, LEUNG-2006"));
        }
        if(limit > 0 && sum > limit) {
            if(day > last_rx_day + 1 || !rx_key) {
                char dd[16];
                sd_date_format(day, dd, sizeof(dd));
                rx_key = fmt(r, "from:%s", dd);
            }
            last_rx_day = day;
            sd_taper_mg(limit, s2, sizeof(s2));
            raise_alert(r, "above-prescription", rx_key, SD_DISP_CONTACT_SOON,
                        e->at, e->id,
                        fmt(r, "%s: %s taken within 24 hours; the "
                            "prescription (or plan step) is %s a day.", w, s1,
                            s2),
                        fmt(r, "Tell the prescriber within a few days; take "
                            "the prescribed dose only. Taking more for the "
                            "effect is a misuse and overdose risk."),
                        fmt(r, "US-TAB, MONITOR-POLICY"));
        }
    }
}

static void rule_extra(struct run *r)
{
    const sd_diary *d = r->d;
    const sd_monitor_config *c = r->cfg;
    long days[64];
    size_t nd = 0;
    const char *key = NULL;
    long episode_last = LONG_MIN;
    for(size_t i = 0; i < d->n; i++) {
        const sd_entry *e = &d->e[i];
        if(e->at > r->now)
            break;
        if(e->kind != SD_ENTRY_DOSE || e->sub != SD_DOSE_EXTRA)
            continue;
        long day = sd_local_day(e->at, e->tz_min);
        if(nd && days[nd - 1] == day)
            continue;
        if(nd == sizeof(days) / sizeof(days[0])) {
            memmove(days, days + 1, (nd - 1) * sizeof(days[0]));
            nd--;
        }
        days[nd++] = day;
        /* distinct extra days within the window ending today */
        int count = 0;
        for(size_t k = nd; k-- > 0 && days[k] > day - c->extra_window_days;)
            count++;
        if(count < c->extra_days)
            continue;
        if(!key || day > episode_last + c->extra_window_days) {
            char dd[16];
            sd_date_format(day, dd, sizeof(dd));
            key = fmt(r, "from:%s", dd);
        }
        episode_last = day;
        char w[32];
        sd_local_time_format(e->at, e->tz_min, w, sizeof(w));
        raise_alert(r, "extra-repeated", key, SD_DISP_CONTACT_SOON, e->at,
                    e->id,
                    fmt(r, "%s: extra doses on %d days within %d days.", w,
                        count, c->extra_window_days),
                    fmt(r, "Tell the prescriber within a few days. Repeated "
                        "extra doses are a sign of misuse and raise the "
                        "risk of overdose and of withdrawal later."),
                    fmt(r, "ADDICTOVIGILANCE, MSSM-RECREATIONAL, "
                        "MONITOR-POLICY"));
    }
}

/* Supply: early refills and the refill reminder. Consumption per day is
** the larger of the expected dose and the logged intake. */
static void rule_supply(struct run *r)
{
    const sd_diary *d = r->d;
    const sd_monitor_config *c = r->cfg;
    int64_t stock = 0;
    long stock_day = LONG_MIN;   /* stock counts consumption before this */
    const sd_entry *last = NULL;
    for(size_t i = 0; i <= d->n; i++) {
        const sd_entry *e = i < d->n ? &d->e[i] : NULL;
        if(e && (e->at > r->now || e->kind != SD_ENTRY_SUPPLY))
            continue;
        long day = e ? sd_local_day(e->at, e->tz_min) : r->today + 1;
        /* consume the days since the last supply */
        if(last) {
            for(long k = stock_day; k < day && k <= r->today; k++) {
                int64_t x = expected_on(r, k);
                int64_t t = k >= r->day0 && k < r->day0 + r->ndays
                                ? r->taken[k - r->day0] : 0;
                stock -= (x > t ? x : t);
            }
            stock_day = day;
        }
        if(e && last && stock > 0) {
            int64_t daily = expected_on(r, day);
            if(daily > 0 && stock > daily * c->early_refill_days) {
                char w[32], s1[32];
                sd_local_time_format(e->at, e->tz_min, w, sizeof(w));
                sd_taper_mg(stock, s1, sizeof(s1));
                long lasts = (long)(stock / daily);
                raise_alert(r, "early-refill", fmt(r, "entry:%s", e->key),
                            SD_DISP_CONTACT_SOON, e->at, e->id,
                            fmt(r, "%s: a refill while %s of the earlier "
                                "supplies should remain, %ld days at the "
                                "prescribed dose (more than %d).", w, s1,
                                lasts, c->early_refill_days),
                            fmt(r, "Tell the prescriber within a few days: "
                                "the supply is used faster than prescribed, "
                                "a misuse and overdose risk."),
                            fmt(r, "MONITOR-POLICY"));
            }
        }
        if(!e)
            break;
        if(!last)
            stock_day = day;
        stock += e->amount_ug;
        last = e;
        /* When does this stock run out? Walk forward until the next
        ** supply or now, then project. */
        int64_t s = stock;
        long k = day;
        long next_supply = LONG_MAX;
        for(size_t j = i + 1; j < d->n; j++) {
            if(d->e[j].kind == SD_ENTRY_SUPPLY && d->e[j].at <= r->now) {
                next_supply = sd_local_day(d->e[j].at, d->e[j].tz_min);
                break;
            }
        }
        long runout = LONG_MIN;
        for(; k < day + 3660; k++) {
            int64_t x = expected_on(r, k);
            int64_t t = k <= r->today && k >= r->day0 &&
                                k < r->day0 + r->ndays
                            ? r->taken[k - r->day0] : 0;
            int64_t use = x > t ? x : t;
            if(k > r->today && x <= 0 && expected_on(r, k + 1) <= 0)
                break; /* the plan has ended: nothing more to take */
            if(s < use) {
                runout = k; /* the first day the stock does not cover */
                break;
            }
            s -= use;
        }
        if(runout == LONG_MIN)
            continue;
        long due = runout - c->refill_days;
        int64_t at = midnight(r, due);
        if(at < e->at)
            at = e->at;
        if(due >= next_supply || at > r->now)
            continue;
        char rd[32], dd[16];
        sd_date_words(runout, 1, rd, sizeof(rd));
        sd_date_format(runout, dd, sizeof(dd));
        int disp = runout <= r->today && next_supply > r->today
                       ? SD_DISP_CALL_TODAY : SD_DISP_CONTACT_SOON;
        raise_alert(r, "refill-soon", fmt(r, "entry:%s", e->key), disp, at,
                    e->id,
                    fmt(r, "The supply runs out on %s at the prescribed "
                        "dose (%s).", rd,
                        disp == SD_DISP_CALL_TODAY ? "it has run out"
                                                   : "refill reminder"),
                    fmt(r, "Get a refill before %s. Do not stop or stretch "
                        "the doses on your own: stopping suddenly causes "
                        "withdrawal.", dd),
                    fmt(r, "US-TAB, OZO, MONITOR-POLICY"));
    }
}

static void rule_abrupt_stop(struct run *r)
{
    const sd_diary *d = r->d;
    const sd_entry *prev = NULL;
    if(!d->nrx)
        return;
    long since = d->rx[0].since_day >= 0 && d->rx[0].since_day <
                 d->rx[0].start_day ? d->rx[0].since_day : d->rx[0].start_day;
    for(size_t i = 0; i <= d->n; i++) {
        const sd_entry *e = i < d->n ? &d->e[i] : NULL;
        if(e && (e->at > r->now || !is_intake(e)))
            continue;
        int64_t next = e ? e->at : r->now;
        if(prev) {
            long pday = sd_local_day(prev->at, prev->tz_min);
            const sd_plan_brief *st = NULL;
            int gap_min = 0;
            if(sd_diary_plan_on(d, pday, &st) && st)
                gap_min = st->max_gap_min;
            if(!gap_min) {
                const sd_rx *rx = sd_diary_rx_on(d, pday);
                gap_min = rx ? sd_dose_max_gap(rx->nadmin, rx->dose_ug,
                                               rx->minute) : 1440;
            }
            if(!gap_min)
                gap_min = 1440;
            int64_t limit = (int64_t)gap_min * 60 +
                            (int64_t)(r->onset_min * HOUR);
            int64_t at = prev->at + limit;
            long aday = sd_local_day(at, prev->tz_min);
            if(next > at && at <= r->now && pday - since >=
               r->cfg->weeks_on_drug_days && expected_on(r, aday) > 0) {
                char w[32];
                sd_local_time_format(prev->at, prev->tz_min, w, sizeof(w));
                double hours = (double)(next - prev->at) / HOUR;
                char k[32];
                sd_local_time_format(prev->at, prev->tz_min, k, sizeof(k));
                k[10] = 'T';
                raise_alert(r, "abrupt-stop", fmt(r, "after:%s", k),
                            SD_DISP_CALL_TODAY, at, prev->id,
                            fmt(r, "No dose logged since %s (%.0f h%s), on "
                                "the drug for %ld days. The "
                                "longest gap between doses is %d h; "
                                "withdrawal can begin %.0f h after a stop "
                                "[%s], and with a half-life of %.1f-%.1f h "
                                "[%s] little of the drug is left by then.",
                                w, hours, e ? "" : " so far",
                                pday - since + 1, gap_min / 60, r->onset_min,
                                r->onset_src, r->hl_min, r->hl_max,
                                r->hl_src),
                            fmt(r, "If the doses were taken, log them. If "
                                "not: call the prescriber today and do not "
                                "stop on your own; stopping suddenly can "
                                "cause hallucinations and seizures."),
                            fmt(r, "%s, %s, US-TAB, OZO, MONITOR-POLICY",
                                r->onset_src, r->hl_src));
            }
        }
        if(!e)
            break;
        prev = e;
    }
}

static void rule_below_plan(struct run *r)
{
    int run = 0;
    long first = 0;
    const char *key = NULL;
    for(long k = r->day0; k < r->today; k++) {
        int64_t x = r->expected[k - r->day0], t = r->taken[k - r->day0];
        /* a day without any dose entry is the abrupt-stop rule's */
        if(x <= 0 || r->ndose[k - r->day0] == 0 || t >= x) {
            run = 0;
            continue;
        }
        if(!run)
            first = k;
        run++;
        if(run < r->cfg->ahead_days)
            continue;
        char dd[16], s1[32], s2[32];
        sd_date_format(first, dd, sizeof(dd));
        if(run == r->cfg->ahead_days)
            key = fmt(r, "from:%s", dd);
        sd_taper_mg(t, s1, sizeof(s1));
        sd_taper_mg(x, s2, sizeof(s2));
        int disp = t * 2 < x ? SD_DISP_CALL_TODAY : SD_DISP_CONTACT_SOON;
        raise_alert(r, "below-plan", key, disp, midnight(r, k + 1), 0,
                    fmt(r, "%d days in a row below the dose of the plan (or "
                        "prescription) since %s: %s taken on the last one, "
                        "%s planned.", run, dd, s1, s2),
                    fmt(r, "Do not cut faster than the plan: a faster cut "
                        "raises the risk of withdrawal. %s",
                        sd_disposition_meaning(disp)),
                    fmt(r, "US-TAB, OZO, MONITOR-POLICY"));
    }
}

static void rule_sedatives(struct run *r)
{
    for(size_t i = 0; i < r->d->n; i++) {
        const sd_entry *e = &r->d->e[i];
        if(e->at > r->now)
            break;
        if(e->kind != SD_ENTRY_SUBSTANCE)
            continue;
        long day = sd_local_day(e->at, e->tz_min);
        if(expected_on(r, day) <= 0 &&
           (day < r->day0 || r->taken[day - r->day0] <= 0))
            continue;
        char w[32], dd[16];
        sd_local_time_format(e->at, e->tz_min, w, sizeof(w));
        sd_date_format(day, dd, sizeof(dd));
        const char *what = e->sub == SD_SUBST_ALCOHOL
                               ? fmt(r, "%g standard drink(s) of alcohol",
                                     e->value)
                               : fmt(r, "a sedative (%.100s)",
                                     e->text ? e->text : "");
        raise_alert(r, "sedative-use",
                    fmt(r, "%s:%s", sd_substance_kind_name(e->sub), dd),
                    SD_DISP_CONTACT_SOON, e->at, e->id,
                    fmt(r, "%s: %s on a day on the drug. Together they add "
                        "up: more sedation and slower breathing.", w,
                        what ? what : ""),
                    fmt(r, "Tell the prescriber within a few days. Avoid "
                        "driving. Call emergency services for drowsiness "
                        "that will not pass or slow breathing."),
                    fmt(r, "SUSP, ODDB"));
    }
}

/* The eGFR band of a reading: the monograph band for eGFR holding v. */
static const sd_kidney_band *egfr_band(const sd_monograph *m, double v)
{
    for(size_t i = 0; i < sd_monograph_nkidney_bands(m); i++) {
        const sd_kidney_band *b = sd_monograph_kidney_band(m, i);
        if(strcmp(b->measure, "eGFR"))
            continue;
        if((b->lower < 0 || v >= b->lower) && (b->upper < 0 || v < b->upper))
            return b;
    }
    return NULL;
}

/* Severity of a band for "falling into": higher is worse. */
static int band_rank(const sd_kidney_band *b)
{
    if(!b)
        return 0;
    if(!strcmp(b->action, "avoid"))
        return 1000;
    return b->keep_den ? 999 - (b->keep_num * 900 / b->keep_den) : 1;
}

static int is_encephalopathy(const char *concepts)
{
    static const char *const ids[] = {"drowsiness", "confusion",
                                      "encephalopathy", "unresponsive",
                                      "slurred-speech", "hallucinations",
                                      "respiratory-depression"};
    char buf[512];
    snprintf(buf, sizeof(buf), ",%s,", concepts ? concepts : "");
    for(size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        char pat[48];
        snprintf(pat, sizeof(pat), ",%s,", ids[i]);
        if(strstr(buf, pat))
            return 1;
    }
    return 0;
}

static void rule_kidney(struct run *r)
{
    const sd_kidney_band *cur = NULL;
    double cur_v = -1;
    for(size_t i = 0; i < r->d->n; i++) {
        const sd_entry *e = &r->d->e[i];
        if(e->at > r->now)
            break;
        char w[32], s1[32], s2[32], src[96];
        if(e->kind == SD_ENTRY_EGFR) {
            const sd_kidney_band *b = egfr_band(r->m, e->value);
            int worse = band_rank(b) > band_rank(cur);
            cur = b;
            cur_v = e->value;
            if(!b || !worse)
                continue;
            long day = sd_local_day(e->at, e->tz_min);
            int64_t x = expected_on(r, day);
            if(x <= 0)
                continue;
            int avoid = !strcmp(b->action, "avoid");
            int64_t limit = !avoid && b->keep_den && r->max_ug > 0
                                ? r->max_ug * b->keep_num / b->keep_den : -1;
            if(!avoid && (limit < 0 || x <= limit))
                continue;
            sd_local_time_format(e->at, e->tz_min, w, sizeof(w));
            sd_taper_mg(x, s1, sizeof(s1));
            srcs(r->m, b->src, src, sizeof(src));
            if(avoid)
                snprintf(s2, sizeof(s2), "none");
            else
                sd_taper_mg(limit, s2, sizeof(s2));
            raise_alert(r, "kidney-dose", fmt(r, "entry:%s", e->key),
                        avoid ? SD_DISP_CALL_TODAY : SD_DISP_CONTACT_SOON,
                        e->at, e->id,
                        fmt(r, "%s: eGFR %g mL/min/1.73 m2, in the band "
                            "\"%s\"; the daily dose is %s, above the "
                            "guidance (%s).", w, e->value, b->text, s1,
                            avoid ? "avoid the drug" : s2),
                        fmt(r, "%s", avoid
                                 ? "Call the prescriber today: the dose "
                                   "needs review at this kidney function."
                                 : "Tell the prescriber within a few days: "
                                   "the dose may need to come down."),
                        fmt(r, "%s, MONITOR-POLICY", src));
        } else if(e->kind == SD_ENTRY_SYMPTOM && cur && cur_v < 60 &&
                  is_encephalopathy(e->concepts)) {
            sd_local_time_format(e->at, e->tz_min, w, sizeof(w));
            raise_alert(r, "kidney-toxicity", fmt(r, "entry:%s", e->key),
                        SD_DISP_CALL_NOW, e->at, e->id,
                        fmt(r, "%s: \"%.200s\" (%s) with an eGFR of %g: "
                            "encephalopathy (confusion, drowsiness, coma) is "
                            "how toxicity shows in kidney failure, at doses "
                            "as low as 5 mg a day.", w, e->text ? e->text : "",
                            e->concepts, cur_v),
                        fmt(r, "Call the prescriber now; urgent care if "
                            "unreachable. Emergency services if the patient "
                            "cannot be woken or breathes slowly."),
                        fmt(r, "EL-HUSSEINI-2011, PMS"));
        }
    }
}

/* ---- The run ---- */

static void kinetics(struct run *r)
{
    const sd_param *p;
    size_t n = sd_monograph_params(r->m, "withdrawal", "onset", &p);
    r->onset_min = n ? p->min : 12;
    r->onset_max = n ? p->max : 72;
    if(n)
        srcs(r->m, p->src, r->onset_src, sizeof(r->onset_src));
    n = sd_monograph_nparams(r->m, "kinetics");
    r->hl_min = 0;
    r->hl_max = 0;
    size_t off = 0;
    for(size_t i = 0; i < n; i++) {
        const sd_param *q = sd_monograph_param(r->m, "kinetics", i);
        if(strcmp(q->name, "half_life"))
            continue;
        if(!r->hl_max || q->min < r->hl_min)
            r->hl_min = q->min;
        if(q->max > r->hl_max)
            r->hl_max = q->max;
        char one[64];
        srcs(r->m, q->src, one, sizeof(one));
        if(off < sizeof(r->hl_src) && *one && !strstr(r->hl_src, one))
            off += (size_t)snprintf(r->hl_src + off, sizeof(r->hl_src) - off,
                                    "%s%s", off ? ", " : "", one);
    }
}

int sd_monitor_run(const sd_monograph *m, const sd_monitor_config *cfg,
                   const sd_diary *d, int64_t now, sd_alert_list *out,
                   sd_error *err)
{
    struct run r;
    sd_monitor_config defcfg;
    memset(&r, 0, sizeof(r));
    if(!cfg) {
        sd_monitor_config_default(&defcfg);
        cfg = &defcfg;
    }
    r.m = m;
    r.cfg = cfg;
    r.d = d;
    r.now = now;
    r.out = out;
    if(!out->priv && !(out->priv = sd_calloc(1, sizeof(struct sd__arena))))
        goto nomem;
    r.arena = out->priv;
    r.tz = d->n ? d->e[d->n - 1].tz_min : 0;
    r.today = sd_local_day(now, r.tz);
    r.day0 = d->nrx ? d->rx[0].start_day : r.today;
    if(d->n) {
        long first = sd_local_day(d->e[0].at, d->e[0].tz_min);
        if(first < r.day0)
            r.day0 = first;
    }
    if(r.day0 > r.today)
        r.day0 = r.today;
    r.ndays = r.today - r.day0 + 1;
    r.expected = sd_calloc((size_t)r.ndays, sizeof(*r.expected));
    r.taken = sd_calloc((size_t)r.ndays, sizeof(*r.taken));
    r.ndose = sd_calloc((size_t)r.ndays, sizeof(*r.ndose));
    if(!r.expected || !r.taken || !r.ndose)
        goto nomem;
    for(long k = 0; k < r.ndays; k++)
        r.expected[k] = sd_diary_expected_ug(d, r.day0 + k);
    for(size_t i = 0; i < d->n; i++) {
        const sd_entry *e = &d->e[i];
        if(e->kind != SD_ENTRY_DOSE || e->at > now)
            continue;
        long k = sd_local_day(e->at, e->tz_min) - r.day0;
        if(k < 0 || k >= r.ndays)
            continue;
        r.ndose[k]++;
        if(is_intake(e))
            r.taken[k] += e->amount_ug;
    }
    r.max_ug = sd_monograph_adult_max(m, d->nrx && d->rx[d->nrx - 1].route
                                             ? d->rx[d->nrx - 1].route
                                             : "oral");
    kinetics(&r);

    rule_symptoms(&r);
    rule_withdrawal(&r);
    rule_intake(&r);
    rule_extra(&r);
    rule_supply(&r);
    rule_abrupt_stop(&r);
    rule_below_plan(&r);
    rule_sedatives(&r);
    rule_kidney(&r);
    if(r.nomem)
        goto nomem;
    sd_free(r.expected);
    sd_free(r.taken);
    sd_free(r.ndose);
    return SD_OK;
nomem:
    sd_free(r.expected);
    sd_free(r.taken);
    sd_free(r.ndose);
    sd_error_setf(err, "out of memory");
    return SD_ERR_NOMEM;
}

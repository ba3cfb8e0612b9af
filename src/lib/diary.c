/*
** diary.c: the in-memory diary (diary.h): building one, finding the
** prescription and plan step of a day, and checking an entry before it is
** written.
*/
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "stepdown/date.h"
#include "stepdown/diary.h"
#include "stepdown/wscore.h"

/* Largest amount one entry may hold: a data check, not a clinical limit
** (an overdose must still be recordable). */
#define ENTRY_MAX_UG ((int64_t)5000 * 1000)
/* A time more than this ahead of now is refused. */
#define FUTURE_SLACK 300
/* 2000-01-01: earlier times are typing errors. */
#define EARLIEST_AT ((int64_t)946684800)

static struct sd__arena *arena(sd_diary *d)
{
    if(!d->priv) {
        d->priv = sd_calloc(1, sizeof(struct sd__arena));
    }
    return d->priv;
}

void sd_diary_init(sd_diary *d)
{
    memset(d, 0, sizeof(*d));
}

void sd_diary_release(sd_diary *d)
{
    if(!d)
        return;
    if(d->priv) {
        sd__arena_release(d->priv);
        sd_free(d->priv);
    }
    sd_free(d->rx);
    sd_free(d->plans);
    sd_free(d->e);
    sd_free(d->alerts);
    memset(d, 0, sizeof(*d));
}

const char *sd_diary_strdup(sd_diary *d, const char *s)
{
    struct sd__arena *a = arena(d);
    return s && a ? sd__arena_strdup(a, s) : NULL;
}

/* Copy s, which may be NULL; *ok becomes 0 when memory runs out. */
static const char *dup_or_null(sd_diary *d, const char *s, int *ok)
{
    const char *c;
    if(!s)
        return NULL;
    if(!(c = sd_diary_strdup(d, s)))
        *ok = 0;
    return c;
}

static int grow(void **arr, size_t *cap, size_t n, size_t size)
{
    if(n < *cap)
        return 1;
    size_t nc = *cap ? *cap * 2 : 16;
    void *p = sd_realloc(*arr, nc * size);
    if(!p)
        return 0;
    *arr = p;
    *cap = nc;
    return 1;
}

int sd_diary_add_rx(sd_diary *d, const sd_rx *rx)
{
    int ok = 1;
    if(!grow((void **)&d->rx, &d->rxcap, d->nrx, sizeof(*d->rx)))
        return SD_ERR_NOMEM;
    sd_rx *c = &d->rx[d->nrx];
    *c = *rx;
    c->key = dup_or_null(d, rx->key, &ok);
    c->drug = dup_or_null(d, rx->drug, &ok);
    c->formulation = dup_or_null(d, rx->formulation, &ok);
    c->route = dup_or_null(d, rx->route, &ok);
    c->prescriber = dup_or_null(d, rx->prescriber, &ok);
    if(!ok)
        return SD_ERR_NOMEM;
    d->nrx++;
    return SD_OK;
}

int sd_diary_add_plan(sd_diary *d, const sd_plan_version *pv)
{
    int ok = 1;
    struct sd__arena *a = arena(d);
    if(!a || !grow((void **)&d->plans, &d->plancap, d->nplans,
                   sizeof(*d->plans)))
        return SD_ERR_NOMEM;
    sd_plan_version *c = &d->plans[d->nplans];
    *c = *pv;
    c->key = dup_or_null(d, pv->key, &ok);
    c->json = dup_or_null(d, pv->json, &ok);
    c->steps = NULL;
    if(pv->nsteps) {
        c->steps = sd__arena_alloc(a, pv->nsteps * sizeof(*c->steps));
        if(!c->steps)
            return SD_ERR_NOMEM;
        memcpy(c->steps, pv->steps, pv->nsteps * sizeof(*c->steps));
    }
    if(!ok)
        return SD_ERR_NOMEM;
    d->nplans++;
    return SD_OK;
}

int sd_diary_add_entry(sd_diary *d, const sd_entry *e)
{
    int ok = 1;
    if(!grow((void **)&d->e, &d->ecap, d->n, sizeof(*d->e)))
        return SD_ERR_NOMEM;
    sd_entry *c = &d->e[d->n];
    *c = *e;
    c->key = dup_or_null(d, e->key, &ok);
    c->text = dup_or_null(d, e->text, &ok);
    c->concepts = dup_or_null(d, e->concepts, &ok);
    c->rules = dup_or_null(d, e->rules, &ok);
    c->sources = dup_or_null(d, e->sources, &ok);
    if(!ok)
        return SD_ERR_NOMEM;
    d->n++;
    return SD_OK;
}

int sd_diary_add_alert(sd_diary *d, const sd_alert *al)
{
    int ok = 1;
    if(!grow((void **)&d->alerts, &d->acap, d->nalerts, sizeof(*d->alerts)))
        return SD_ERR_NOMEM;
    sd_alert *c = &d->alerts[d->nalerts];
    *c = *al;
    c->rule = dup_or_null(d, al->rule, &ok);
    c->key = dup_or_null(d, al->key, &ok);
    c->text = dup_or_null(d, al->text, &ok);
    c->advice = dup_or_null(d, al->advice, &ok);
    c->sources = dup_or_null(d, al->sources, &ok);
    c->acked_by = dup_or_null(d, al->acked_by, &ok);
    c->ack_note = dup_or_null(d, al->ack_note, &ok);
    if(!ok)
        return SD_ERR_NOMEM;
    d->nalerts++;
    return SD_OK;
}

static int cmp_i64(int64_t a, int64_t b)
{
    return a < b ? -1 : a > b;
}

static int cmp_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int cmp_rx(const void *pa, const void *pb)
{
    const sd_rx *a = pa, *b = pb;
    int c = cmp_i64(a->start_day, b->start_day);
    return c ? c : (c = cmp_i64(a->id, b->id)) ? c : cmp_str(a->key, b->key);
}

static int cmp_plan(const void *pa, const void *pb)
{
    const sd_plan_version *a = pa, *b = pb;
    return cmp_i64(a->version, b->version);
}

static int cmp_entry(const void *pa, const void *pb)
{
    const sd_entry *a = pa, *b = pb;
    int c = cmp_i64(a->at, b->at);
    return c ? c : (c = cmp_i64(a->id, b->id)) ? c : cmp_str(a->key, b->key);
}

static int cmp_alert(const void *pa, const void *pb)
{
    const sd_alert *a = pa, *b = pb;
    int c = cmp_i64(a->at, b->at);
    return c ? c : (c = cmp_i64(a->id, b->id)) ? c
                 : (c = cmp_str(a->rule, b->rule)) ? c
                 : cmp_str(a->key, b->key);
}

void sd_diary_sort(sd_diary *d)
{
    if(d->nrx > 1)
        qsort(d->rx, d->nrx, sizeof(*d->rx), cmp_rx);
    if(d->nplans > 1)
        qsort(d->plans, d->nplans, sizeof(*d->plans), cmp_plan);
    if(d->n > 1)
        qsort(d->e, d->n, sizeof(*d->e), cmp_entry);
    if(d->nalerts > 1)
        qsort(d->alerts, d->nalerts, sizeof(*d->alerts), cmp_alert);
}

void sd_entry_init(sd_entry *e, int kind)
{
    memset(e, 0, sizeof(*e));
    e->kind = kind;
    e->severity = -1;
    e->disposition = -1;
    memset(e->items, -1, sizeof(e->items));
}

int64_t sd_rx_daily_ug(const sd_rx *rx)
{
    int64_t t = 0;
    for(int i = 0; i < rx->nadmin && i < SD_TAPER_MAX_ADMIN; i++)
        t += rx->dose_ug[i];
    return t;
}

int sd_dose_max_gap(int n, const int64_t *dose_ug, const int *minute)
{
    int first = -1, prev = -1, gap = 0;
    for(int i = 0; i < n && i < SD_TAPER_MAX_ADMIN; i++) {
        if(dose_ug[i] <= 0)
            continue;
        if(first < 0)
            first = minute[i];
        else if(minute[i] - prev > gap)
            gap = minute[i] - prev;
        prev = minute[i];
    }
    if(first < 0)
        return 0;
    if(first + 1440 - prev > gap)
        gap = first + 1440 - prev;
    return gap;
}

size_t sd_plan_brief_fill(const sd_taper_plan *p, sd_plan_brief *out,
                          size_t cap)
{
    if(p->nsteps > cap)
        return 0;
    for(size_t i = 0; i < p->nsteps; i++) {
        out[i].first_day = p->steps[i].first_day;
        out[i].last_day = p->steps[i].last_day;
        out[i].total_ug = p->steps[i].total_ug;
        out[i].step_back = p->steps[i].step_back;
        int64_t ug[SD_TAPER_MAX_ADMIN];
        for(int k = 0; k < p->req.nadmin && k < SD_TAPER_MAX_ADMIN; k++)
            ug[k] = p->steps[i].dose[k].ug;
        out[i].max_gap_min = sd_dose_max_gap(p->req.nadmin, ug,
                                             p->req.minute);
    }
    return p->nsteps;
}

long sd_local_day(int64_t at, int tz_min)
{
    int64_t t = at + (int64_t)tz_min * 60;
    int64_t day = t / 86400;
    if(t % 86400 < 0)
        day--;
    return (long)day;
}

char *sd_local_time_format(int64_t at, int tz_min, char *out, size_t n)
{
    long day = sd_local_day(at, tz_min);
    int64_t sec = at + (int64_t)tz_min * 60 - (int64_t)day * 86400;
    char d[16];
    sd_date_format(day, d, sizeof(d));
    snprintf(out, n, "%s %02d:%02d", d, (int)(sec / 3600),
             (int)(sec % 3600 / 60));
    return out;
}

const sd_rx *sd_diary_rx_on(const sd_diary *d, long day)
{
    const sd_rx *best = NULL;
    for(size_t i = 0; i < d->nrx; i++) {
        const sd_rx *r = &d->rx[i];
        if(r->start_day > day)
            break;
        best = r; /* later starts take over */
    }
    if(best && best->end_day >= 0 && day > best->end_day)
        return NULL;
    return best;
}

const sd_plan_version *sd_diary_plan_on(const sd_diary *d, long day,
                                        const sd_plan_brief **step)
{
    for(size_t i = d->nplans; i-- > 0;) {
        const sd_plan_version *pv = &d->plans[i];
        if(!pv->nsteps || pv->steps[0].first_day > day)
            continue;
        const sd_plan_brief *s = &pv->steps[pv->nsteps - 1];
        for(size_t k = 0; k < pv->nsteps; k++) {
            if(day >= pv->steps[k].first_day && day <= pv->steps[k].last_day) {
                s = &pv->steps[k];
                break;
            }
        }
        if(step)
            *step = s;
        return pv;
    }
    if(step)
        *step = NULL;
    return NULL;
}

int64_t sd_diary_expected_ug(const sd_diary *d, long day)
{
    const sd_plan_brief *s;
    if(sd_diary_plan_on(d, day, &s))
        return s->total_ug;
    const sd_rx *rx = sd_diary_rx_on(d, day);
    return rx ? sd_rx_daily_ug(rx) : -1;
}

/* ---- Names ---- */

static const char *const kind_names[] = {
    NULL, "dose", "symptom", "score", "substance", "supply", "egfr"};
static const char *const dose_names[] = {"taken", "skipped", "extra",
                                         "as-needed"};
static const char *const subst_names[] = {"alcohol", "sedative"};

#define NAMEOF(arr, i)                                                      \
    ((i) >= 0 && (size_t)(i) < sizeof(arr) / sizeof(arr[0]) ? arr[i] : NULL)

static int parse_name(const char *const *arr, int n, const char *s, int *out)
{
    for(int i = 0; i < n; i++) {
        if(arr[i] && s && !strcmp(arr[i], s)) {
            *out = i;
            return SD_OK;
        }
    }
    return SD_ERR_INVALID;
}

const char *sd_entry_kind_name(int kind)
{
    return NAMEOF(kind_names, kind);
}

int sd_entry_kind_parse(const char *name, int *kind)
{
    return parse_name(kind_names, 7, name, kind);
}

const char *sd_dose_kind_name(int sub)
{
    return NAMEOF(dose_names, sub);
}

int sd_dose_kind_parse(const char *name, int *sub)
{
    if(name && !strcmp(name, "prn")) {
        *sub = SD_DOSE_PRN;
        return SD_OK;
    }
    return parse_name(dose_names, 4, name, sub);
}

const char *sd_substance_kind_name(int sub)
{
    return NAMEOF(subst_names, sub);
}

int sd_substance_kind_parse(const char *name, int *sub)
{
    return parse_name(subst_names, 2, name, sub);
}

/* ---- Checks ---- */

static int check_amount(const sd_rx *rx, int64_t ug, sd_error *err)
{
    char a[32], b[32], c[32];
    if(rx->unit_ug > 0) {
        int pieces = rx->pieces >= 1 ? rx->pieces : 1;
        int64_t piece = rx->unit_ug / pieces;
        if(piece <= 0 || ug % piece) {
            sd_taper_mg(ug, a, sizeof(a));
            sd_taper_mg(piece > 0 ? piece : rx->unit_ug, b, sizeof(b));
            sd_taper_mg(rx->unit_ug, c, sizeof(c));
            sd_error_setf(err, "%s cannot be made from the prescribed %s "
                          "tablets%s: give a multiple of %s", a, c,
                          pieces == 2 ? " in halves" : pieces == 4
                              ? " in quarters" : " (whole tablets only)", b);
            return SD_ERR_USAGE;
        }
    } else if(rx->ug_per_ml > 0) {
        /* 0.1 mL is the smallest volume an oral syringe measures. */
        if((ug * 10) % rx->ug_per_ml) {
            sd_taper_mg(ug, a, sizeof(a));
            sd_error_setf(err, "%s is not a whole number of 0.1 mL of the "
                          "prescribed liquid: give the volume in mL", a);
            return SD_ERR_USAGE;
        }
    }
    return SD_OK;
}

int sd_entry_check(const sd_diary *d, const sd_entry *e, int64_t now,
                   sd_error *err)
{
    char day[16], first[16];
    size_t klen = e->key ? strlen(e->key) : 0;

    if(klen < 1 || klen > SD_KEY_MAX) {
        sd_error_setf(err, "every entry needs an idempotency key of 1 to %d "
                      "bytes", SD_KEY_MAX);
        return SD_ERR_USAGE;
    }
    if(e->kind < 1 || e->kind > SD_ENTRY_KIND_MAX) {
        sd_error_setf(err, "unknown entry kind %d", e->kind);
        return SD_ERR_USAGE;
    }
    if(e->tz_min < -840 || e->tz_min > 840) {
        sd_error_setf(err, "time zone offset %d min is outside -14:00 to "
                      "+14:00", e->tz_min);
        return SD_ERR_USAGE;
    }
    if(e->at > now + FUTURE_SLACK) {
        sd_error_setf(err, "the time is in the future: give the time it "
                      "happened, now or earlier");
        return SD_ERR_USAGE;
    }
    if(e->at < EARLIEST_AT) {
        sd_error_setf(err, "the time is before 2000: check the date");
        return SD_ERR_USAGE;
    }
    long lday = sd_local_day(e->at, e->tz_min);
    sd_date_format(lday, day, sizeof(day));
    int needs_rx = e->kind == SD_ENTRY_DOSE || e->kind == SD_ENTRY_SYMPTOM ||
                   e->kind == SD_ENTRY_SCORE || e->kind == SD_ENTRY_SUBSTANCE;
    if(needs_rx) {
        if(!d->nrx) {
            sd_error_setf(err, "no prescription recorded yet: record one "
                          "first with 'stepdown rx set'");
            return SD_ERR_USAGE;
        }
        if(lday < d->rx[0].start_day) {
            sd_date_format(d->rx[0].start_day, first, sizeof(first));
            sd_error_setf(err, "%s is before the first prescription (from "
                          "%s): check the date, or record the earlier "
                          "prescription with 'stepdown rx set'", day, first);
            return SD_ERR_USAGE;
        }
    }
    switch(e->kind) {
    case SD_ENTRY_DOSE: {
        const sd_rx *rx = sd_diary_rx_on(d, lday);
        if(!rx) {
            sd_error_setf(err, "no prescription is in force on %s: record "
                          "one with 'stepdown rx set'", day);
            return SD_ERR_USAGE;
        }
        if(e->sub < SD_DOSE_TAKEN || e->sub > SD_DOSE_PRN) {
            sd_error_setf(err, "unknown dose kind %d: taken, skipped, extra "
                          "or as-needed", e->sub);
            return SD_ERR_USAGE;
        }
        if(e->sub == SD_DOSE_SKIPPED) {
            if(e->amount_ug < 0 || e->amount_ug > ENTRY_MAX_UG) {
                sd_error_setf(err, "a skipped dose's amount is the dose not "
                              "taken, 0 to 5000 mg");
                return SD_ERR_USAGE;
            }
            return e->amount_ug ? check_amount(rx, e->amount_ug, err) : SD_OK;
        }
        if(e->amount_ug <= 0 || e->amount_ug > ENTRY_MAX_UG) {
            sd_error_setf(err, "a dose taken is more than 0 and at most "
                          "5000 mg in one entry: check the amount");
            return SD_ERR_USAGE;
        }
        return check_amount(rx, e->amount_ug, err);
    }
    case SD_ENTRY_SYMPTOM:
        if(!e->text || !*e->text) {
            sd_error_setf(err, "a symptom report needs the patient's words");
            return SD_ERR_USAGE;
        }
        if(e->severity < -1 || e->severity > 4) {
            sd_error_setf(err, "severity %d: give 0 (none) to 4 (worst)",
                          e->severity);
            return SD_ERR_USAGE;
        }
        if(e->disposition < 0 || e->disposition >= SD_DISP_COUNT) {
            sd_error_setf(err, "a symptom report needs the checker's "
                          "disposition");
            return SD_ERR_USAGE;
        }
        return SD_OK;
    case SD_ENTRY_SCORE: {
        int rated = 0;
        for(size_t i = 0; i < SD_WSCORE_MAX_ITEMS; i++) {
            if(e->items[i] < 0)
                continue;
            const sd_wscore_item *it = sd_wscore_item_at(i);
            if(!it || e->items[i] > it->max) {
                sd_error_setf(err, "score item %zu: %s", i, it
                              ? "rating above the item's maximum"
                              : "no such item");
                return SD_ERR_USAGE;
            }
            rated++;
        }
        if(!rated) {
            sd_error_setf(err, "a withdrawal score needs at least one rated "
                          "item");
            return SD_ERR_USAGE;
        }
        if(e->score_total != sd_wscore_total(e->items)) {
            sd_error_setf(err, "the score's total %d is not the sum of its "
                          "items (%d)", e->score_total,
                          sd_wscore_total(e->items));
            return SD_ERR_USAGE;
        }
        return SD_OK;
    }
    case SD_ENTRY_SUBSTANCE:
        if(e->sub == SD_SUBST_ALCOHOL) {
            if(!(e->value > 0 && e->value <= 100)) {
                sd_error_setf(err, "alcohol: give the standard drinks, more "
                              "than 0 and at most 100");
                return SD_ERR_USAGE;
            }
        } else if(e->sub == SD_SUBST_SEDATIVE) {
            if(!e->text || !*e->text) {
                sd_error_setf(err, "a sedative entry needs what was taken "
                              "(e.g. diazepam, sleeping tablet)");
                return SD_ERR_USAGE;
            }
        } else {
            sd_error_setf(err, "unknown substance kind: alcohol or sedative");
            return SD_ERR_USAGE;
        }
        return SD_OK;
    case SD_ENTRY_SUPPLY:
        if(e->amount_ug <= 0 || !(e->value > 0 && e->value <= 100000)) {
            sd_error_setf(err, "a supply needs the units dispensed, more "
                          "than 0");
            return SD_ERR_USAGE;
        }
        return SD_OK;
    case SD_ENTRY_EGFR:
        if(!(e->value >= 1 && e->value <= 200)) {
            sd_error_setf(err, "eGFR %g: give mL/min/1.73 m2, 1 to 200",
                          e->value);
            return SD_ERR_USAGE;
        }
        return SD_OK;
    }
    return SD_OK;
}

/*
** diary_report.c: adherence over a period and the report for the doctor
** (diary_export.h).
**
** Adherence, day by day over the period (local days):
**
**   - expected doses: when a plan version covers the day
**     (sd_diary_plan_on()), the plan step's total is the expected amount
**     and its doses above 0 mg are the expected doses (read from the
**     plan's JSON; when that cannot be read, the prescription's number of
**     doses, or none on a step of 0 mg); otherwise the prescription in
**     force (sd_diary_rx_on()): its daily total and its number of doses;
**     no prescription and no plan: nothing expected;
**   - taken: dose entries taken or as needed (amount into taken_ug);
**     skipped; extra (counted apart, their amount not in taken_ug);
**   - missing: max(0, expected - taken - skipped) for each day, summed:
**     a dose as needed on one day does not make up for one missing on
**     another;
**   - percent: taken / expected * 100 over the period (it may pass 100
**     with doses as needed), -1 when nothing was expected.
**
** The report is one model, a list of sections of rows with typed cells,
** written in four formats: text (79 columns), HTML (one self-contained
** HTML5 document, a table per section, every string escaped), CSV (RFC
** 4180, a leading "section" column and the union of the sections' columns,
** spreadsheet formulas neutralised) and JSON. Times are local (the entry's
** offset; for alerts, the offset of the entry before them); amounts are
** exact ("12.5 mg").
*/
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "arena.h"
#include "diary_export_int.h"
#include "stepdown/date.h"
#include "stepdown/triage.h"
#include "stepdown/wscore.h"
#include "taper_int.h"

#define WIDTH 79
/* Longest period a report covers (a hundred years). */
#define MAX_DAYS 36525L
/* Widest short text column in the text format. */
#define SHORT_MAX 24
/* Days further from 1970 hold no entries (and their seconds would
** overflow). */
#define DAY_LIMIT 100000000L

/* ==== Adherence ==== */

struct plan_cache {
    const sd_plan_version *pv;
    json_t *root;            /* its JSON, or NULL */
};

struct day {
    long expected, taken, skipped, extra;
    int64_t expected_ug;     /* -1: nothing prescribed or planned */
    int64_t taken_ug, extra_ug;
};

/* The first entry at or after t. */
static size_t first_at(const sd_diary *d, int64_t t)
{
    size_t lo = 0, hi = d->n;
    while(lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if(d->e[mid].at < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Doses above 0 in the plan's step covering day, or -1 when unknown. */
static long plan_doses(struct plan_cache *pc, const sd_plan_version *pv,
                       long day)
{
    if(pc->pv != pv) {
        json_decref(pc->root);
        pc->root = pv->json ? json_loads(pv->json, 0, NULL) : NULL;
        pc->pv = pv;
    }
    json_t *steps = json_object_get(pc->root, "steps"), *s;
    size_t i;
    json_array_foreach(steps, i, s) {
        long from, to;
        if(sd_date_parse(json_string_value(json_object_get(s, "from")),
                         &from) ||
           sd_date_parse(json_string_value(json_object_get(s, "to")), &to) ||
           day < from || day > to)
            continue;
        json_t *doses = json_object_get(s, "doses"), *x;
        size_t k;
        long n = 0;
        if(!json_is_array(doses))
            return -1;
        json_array_foreach(doses, k, x)
            n += json_integer_value(json_object_get(x, "ug")) > 0;
        return n;
    }
    return -1;
}

static void day_stats(const sd_diary *d, long day, struct plan_cache *pc,
                      struct day *s)
{
    const sd_plan_brief *step;
    const sd_plan_version *pv = sd_diary_plan_on(d, day, &step);
    const sd_rx *rx = sd_diary_rx_on(d, day);

    memset(s, 0, sizeof(*s));
    s->expected_ug = -1;
    if(pv && step) {
        s->expected_ug = step->total_ug;
        s->expected = plan_doses(pc, pv, day);
        if(s->expected < 0)
            s->expected = !step->total_ug ? 0 : rx ? rx->nadmin : 1;
    } else if(rx) {
        s->expected_ug = sd_rx_daily_ug(rx);
        s->expected = rx->nadmin;
    }
    /* Local days start within 14 hours of the UTC day: look a day either
    ** side. No entry's time is that far from 1970. */
    if(day < -DAY_LIMIT || day > DAY_LIMIT)
        return;
    for(size_t i = first_at(d, ((int64_t)day - 1) * 86400);
        i < d->n && d->e[i].at < ((int64_t)day + 2) * 86400; i++) {
        const sd_entry *e = &d->e[i];
        if(e->kind != SD_ENTRY_DOSE || sd_local_day(e->at, e->tz_min) != day)
            continue;
        switch(e->sub) {
        case SD_DOSE_TAKEN:
        case SD_DOSE_PRN:
            s->taken++;
            s->taken_ug += e->amount_ug;
            break;
        case SD_DOSE_SKIPPED:
            s->skipped++;
            break;
        case SD_DOSE_EXTRA:
            s->extra++;
            s->extra_ug += e->amount_ug;
            break;
        default:
            break;
        }
    }
}

static long missing_of(const struct day *s)
{
    long m = s->expected - s->taken - s->skipped;
    return m > 0 ? m : 0;
}

void sd_diary_adherence(const sd_diary *d, long from_day, long to_day,
                        sd_adherence *out)
{
    struct plan_cache pc = {NULL, NULL};
    struct day s;

    memset(out, 0, sizeof(*out));
    for(long day = from_day; day <= to_day; day++) {
        day_stats(d, day, &pc, &s);
        out->days++;
        out->expected += s.expected;
        out->taken += s.taken;
        out->skipped += s.skipped;
        out->extra += s.extra;
        out->missing += missing_of(&s);
        if(s.expected_ug > 0)
            out->expected_ug += s.expected_ug;
        out->taken_ug += s.taken_ug;
        if(day == to_day)
            break;    /* to_day may be LONG_MAX */
    }
    json_decref(pc.root);
    out->percent = out->expected ? 100.0 * (double)out->taken /
                                       (double)out->expected
                                 : -1;
}

/* ==== The report's model ==== */

enum cell_type {
    C_NONE = 0,   /* nothing: "-" in text, empty in CSV, null in JSON */
    C_TEXT,       /* s */
    C_INT,        /* i */
    C_UG,         /* i micrograms: "12.5 mg", JSON mg */
    C_REAL,       /* r */
    C_TIME,       /* i UTC seconds at offset tz */
    C_DATE        /* i local day */
};

struct cell {
    int type;
    int tz;
    int64_t i;
    double r;
    const char *s;
};

struct col {
    const char *key;         /* JSON and CSV */
    const char *label;       /* text and HTML */
    int wide;                /* long text: below the row in the text */
    int decimals;            /* C_REAL: -1 for %g */
};

struct section {
    const char *id;          /* JSON key and CSV section */
    const char *title;
    const struct col *cols;
    size_t ncols;
    int single;              /* one row, shown as label: value */
    const char *none;        /* said when there are no rows */
    struct cell *cells;      /* nrows * ncols */
    size_t nrows, cap;
};

#define COLS(a) a, sizeof(a) / sizeof(a[0])

static const struct col report_cols[] = {
    {"patient", "Patient", 0, 0},
    {"born", "Born", 0, 0},
    {"drug", "Drug", 1, 0},
    {"first_day", "From", 0, 0},
    {"last_day", "To", 0, 0},
    {"generated", "Generated", 0, 0},
    {"notice", "Notice", 1, 0},
};
static const struct col adherence_cols[] = {
    {"days", "Days", 0, 0},
    {"doses_expected", "Doses expected", 0, 0},
    {"doses_taken", "Doses taken (as needed included)", 0, 0},
    {"doses_skipped", "Doses skipped", 0, 0},
    {"doses_missing", "Doses missing (no entry)", 0, 0},
    {"doses_extra", "Extra doses", 0, 0},
    {"expected_mg", "Amount expected", 0, 0},
    {"taken_mg", "Amount taken (extra doses apart)", 0, 0},
    {"percent", "Doses taken, % of expected", 0, 1},
};
static const struct col rx_cols[] = {
    {"start", "from", 0, 0},
    {"end", "to", 0, 0},
    {"daily_mg", "daily", 0, 0},
    {"formulation", "formulation", 1, 0},
    {"doses", "doses", 1, 0},
    {"prescriber", "prescriber", 1, 0},
};
static const struct col day_cols[] = {
    {"date", "date", 0, 0},
    {"expected_mg", "expected", 0, 0},
    {"taken_mg", "taken", 0, 0},
    {"extra_mg", "extra", 0, 0},
    {"doses_expected", "due", 0, 0},
    {"doses_taken", "done", 0, 0},
    {"doses_skipped", "skipped", 0, 0},
    {"doses_missing", "missing", 0, 0},
};
static const struct col symptom_cols[] = {
    {"time", "time", 0, 0},
    {"severity", "severity", 0, 0},
    {"disposition", "checker", 0, 0},
    {"text", "words", 1, 0},
    {"likely", "likely", 1, 0},
    {"concepts", "concepts", 1, 0},
};
static const struct col score_cols[] = {
    {"time", "time", 0, 0},
    {"total", "total", 0, 0},
    {"band", "band", 0, 0},
    {"items", "items", 1, 0},
};
static const struct col substance_cols[] = {
    {"time", "time", 0, 0},
    {"kind", "kind", 0, 0},
    {"drinks", "standard drinks", 0, -1},
    {"what", "what", 1, 0},
};
static const struct col supply_cols[] = {
    {"time", "time", 0, 0},
    {"amount_mg", "amount", 0, 0},
    {"units", "units (tablets or mL)", 0, -1},
};
static const struct col egfr_cols[] = {
    {"time", "time", 0, 0},
    {"egfr", "eGFR (mL/min/1.73 m2)", 0, -1},
};
static const struct col alert_cols[] = {
    {"time", "time", 0, 0},
    {"disposition", "level", 0, 0},
    {"rule", "rule", 0, 0},
    {"status", "status", 0, 0},
    {"text", "what", 1, 0},
    {"advice", "advice", 1, 0},
    {"acknowledged", "acknowledged", 1, 0},
};

enum {
    S_REPORT, S_ADHERENCE, S_RX, S_DAYS, S_SYMPTOMS, S_SCORES, S_SUBST,
    S_SUPPLY, S_EGFR, S_ALERTS, S_COUNT
};

struct report {
    struct section sec[S_COUNT];
    struct sd__arena arena;
    int nomem;
};

static void report_init(struct report *r)
{
    static const struct section proto[S_COUNT] = {
        {"report", "stepdown diary report", COLS(report_cols), 1, NULL,
         NULL, 0, 0},
        {"adherence", "Adherence", COLS(adherence_cols), 1, NULL, NULL, 0, 0},
        {"prescriptions", "Prescriptions in force", COLS(rx_cols), 0,
         "No prescription in force in this period.", NULL, 0, 0},
        {"days", "Doses by day", COLS(day_cols), 0, NULL, NULL, 0, 0},
        {"symptoms", "Symptom reports", COLS(symptom_cols), 0,
         "No symptom reports in this period.", NULL, 0, 0},
        {"scores", "Withdrawal scores", COLS(score_cols), 0,
         "No withdrawal scores in this period.", NULL, 0, 0},
        {"substances", "Alcohol and other sedatives", COLS(substance_cols),
         0, "None recorded in this period.", NULL, 0, 0},
        {"supply", "Supply", COLS(supply_cols), 0,
         "No supply recorded in this period.", NULL, 0, 0},
        {"egfr", "Kidney function (eGFR)", COLS(egfr_cols), 0,
         "No eGFR readings in this period.", NULL, 0, 0},
        {"alerts", "Alerts", COLS(alert_cols), 0,
         "No alerts in this period.", NULL, 0, 0},
    };
    memset(r, 0, sizeof(*r));
    memcpy(r->sec, proto, sizeof(proto));
}

static void report_release(struct report *r)
{
    for(size_t i = 0; i < S_COUNT; i++)
        sd_free(r->sec[i].cells);
    sd__arena_release(&r->arena);
}

/* A new row of s (cells C_NONE), or NULL when out of memory. */
static struct cell *new_row(struct report *r, struct section *s)
{
    if(r->nomem)
        return NULL;
    if(s->nrows == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        struct cell *c = sd_realloc(s->cells, cap * s->ncols * sizeof(*c));
        if(!c) {
            r->nomem = 1;
            return NULL;
        }
        s->cells = c;
        s->cap = cap;
    }
    struct cell *row = &s->cells[s->nrows++ * s->ncols];
    memset(row, 0, s->ncols * sizeof(*row));
    return row;
}

/* A copy of b's text in the arena (a borrowed NULL when out of memory). */
static const char *keep(struct report *r, sd__buf *b)
{
    const char *s = NULL;
    if(!b->bad)
        s = sd__arena_strdup(&r->arena, b->s ? b->s : "");
    if(!s)
        r->nomem = 1;
    sd__buf_free(b);
    return s;
}

static void set_text(struct cell *c, const char *s)
{
    if(s && *s) {
        c->type = C_TEXT;
        c->s = s;
    }
}

static void set_int(struct cell *c, int type, int64_t v)
{
    c->type = type;
    c->i = v;
}

static void set_real(struct cell *c, double v)
{
    c->type = C_REAL;
    c->r = v;
}

static void set_time(struct cell *c, int64_t at, int tz)
{
    c->type = C_TIME;
    c->i = at;
    c->tz = tz;
}

/* "a,b" as "a, b". */
static const char *list_text(struct report *r, const char *list)
{
    sd__buf b = {0};
    const char *item;
    size_t len;
    while(sd__list_next(&list, &item, &len)) {
        if(b.len)
            sd__buf_add(&b, ", ");
        sd__buf_addn(&b, item, len);
    }
    return b.len || b.bad ? keep(r, &b) : NULL;
}

static void build(struct report *r, const sd_monograph *m, const sd_diary *d,
                  const sd_report_opts *o)
{
    sd__buf b = {0};
    struct cell *c;
    char mg[32];

    /* The header. */
    c = new_row(r, &r->sec[S_REPORT]);
    if(!c)
        return;
    c[0].type = C_TEXT;
    c[0].s = sd__arena_strdup(&r->arena, d->patient.pseudonym);
    if(!c[0].s)
        r->nomem = 1;
    if(d->patient.birth_year)
        set_int(&c[1], C_INT, d->patient.birth_year);
    set_text(&c[2], m ? sd_monograph_name(m)
                      : d->nrx ? d->rx[d->nrx - 1].drug : NULL);
    set_int(&c[3], C_DATE, o->from_day);
    set_int(&c[4], C_DATE, o->to_day);
    set_time(&c[5], o->now, sd__diary_tz_at(d, o->now));
    set_text(&c[6], SD_SUPPORT_NOTICE);

    /* Adherence. */
    sd_adherence a;
    sd_diary_adherence(d, o->from_day, o->to_day, &a);
    if(!(c = new_row(r, &r->sec[S_ADHERENCE])))
        return;
    set_int(&c[0], C_INT, a.days);
    set_int(&c[1], C_INT, a.expected);
    set_int(&c[2], C_INT, a.taken);
    set_int(&c[3], C_INT, a.skipped);
    set_int(&c[4], C_INT, a.missing);
    set_int(&c[5], C_INT, a.extra);
    set_int(&c[6], C_UG, a.expected_ug);
    set_int(&c[7], C_UG, a.taken_ug);
    if(a.percent >= 0)
        set_real(&c[8], a.percent);

    /* Prescriptions in force during the period. */
    for(size_t i = 0; i < d->nrx; i++) {
        const sd_rx *rx = &d->rx[i];
        if(rx->start_day > o->to_day ||
           (rx->end_day >= 0 && rx->end_day < o->from_day))
            continue;
        if(!(c = new_row(r, &r->sec[S_RX])))
            return;
        set_int(&c[0], C_DATE, rx->start_day);
        if(rx->end_day >= 0)
            set_int(&c[1], C_DATE, rx->end_day);
        else
            set_text(&c[1], "open");
        set_int(&c[2], C_UG, sd_rx_daily_ug(rx));
        const sd_formulation *f = NULL;
        for(size_t k = 0; m && rx->formulation &&
                          k < sd_monograph_nformulations(m); k++)
            if(!strcmp(sd_monograph_formulation(m, k)->id, rx->formulation))
                f = sd_monograph_formulation(m, k);
        set_text(&c[3], f ? f->name : rx->formulation);
        for(int k = 0; k < rx->nadmin && k < SD_TAPER_MAX_ADMIN; k++)
            sd__buf_add(&b, "%s%s at %02d:%02d", k ? ", " : "",
                        sd_taper_mg(rx->dose_ug[k], mg, sizeof(mg)),
                        rx->minute[k] / 60 % 24, rx->minute[k] % 60);
        set_text(&c[4], keep(r, &b));
        set_text(&c[5], rx->prescriber);
    }

    /* The days. */
    struct plan_cache pc = {NULL, NULL};
    for(long day = o->from_day; day <= o->to_day; day++) {
        struct day s;
        day_stats(d, day, &pc, &s);
        if(!(c = new_row(r, &r->sec[S_DAYS])))
            break;
        set_int(&c[0], C_DATE, day);
        if(s.expected_ug >= 0)
            set_int(&c[1], C_UG, s.expected_ug);
        set_int(&c[2], C_UG, s.taken_ug);
        set_int(&c[3], C_UG, s.extra_ug);
        set_int(&c[4], C_INT, s.expected);
        set_int(&c[5], C_INT, s.taken);
        set_int(&c[6], C_INT, s.skipped);
        set_int(&c[7], C_INT, missing_of(&s));
        if(day == o->to_day)
            break;    /* to_day may be LONG_MAX */
    }
    json_decref(pc.root);

    /* The entries of the period. */
    sd_wscore_thresholds th;
    sd_wscore_thresholds_default(&th);
    for(size_t i = 0; i < d->n && !r->nomem; i++) {
        const sd_entry *e = &d->e[i];
        long day = sd_local_day(e->at, e->tz_min);
        if(day < o->from_day || day > o->to_day)
            continue;
        switch(e->kind) {
        case SD_ENTRY_SYMPTOM:
            if(!(c = new_row(r, &r->sec[S_SYMPTOMS])))
                return;
            set_time(&c[0], e->at, e->tz_min);
            if(e->severity >= 0)
                set_int(&c[1], C_INT, e->severity);
            set_text(&c[2], sd_disposition_name(e->disposition));
            set_text(&c[3], e->text);
            for(int k = 0; k < SD_EXPL_COUNT; k++)
                if(e->explanations & 1u << k)
                    sd__buf_add(&b, "%s%s", b.len ? ", " : "",
                                sd_explanation_name(1u << k));
            set_text(&c[4], b.len ? keep(r, &b) : NULL);
            set_text(&c[5], list_text(r, e->concepts));
            break;
        case SD_ENTRY_SCORE:
            if(!(c = new_row(r, &r->sec[S_SCORES])))
                return;
            set_time(&c[0], e->at, e->tz_min);
            set_int(&c[1], C_INT, e->score_total);
            set_text(&c[2], sd_wscore_band_name(sd_wscore_band(
                                &th, e->score_total)));
            for(size_t k = 0; k < sd_wscore_nitems() &&
                              k < SD_WSCORE_MAX_ITEMS; k++)
                if(e->items[k] >= 0)
                    sd__buf_add(&b, "%s%s %d", b.len ? ", " : "",
                                sd_wscore_item_at(k)->id, e->items[k]);
            set_text(&c[3], b.len ? keep(r, &b) : NULL);
            break;
        case SD_ENTRY_SUBSTANCE:
            if(!(c = new_row(r, &r->sec[S_SUBST])))
                return;
            set_time(&c[0], e->at, e->tz_min);
            set_text(&c[1], sd_substance_kind_name(e->sub));
            if(e->sub == SD_SUBST_ALCOHOL)
                set_real(&c[2], e->value);
            else
                set_text(&c[3], e->text);
            break;
        case SD_ENTRY_SUPPLY:
            if(!(c = new_row(r, &r->sec[S_SUPPLY])))
                return;
            set_time(&c[0], e->at, e->tz_min);
            set_int(&c[1], C_UG, e->amount_ug);
            set_real(&c[2], e->value);
            break;
        case SD_ENTRY_EGFR:
            if(!(c = new_row(r, &r->sec[S_EGFR])))
                return;
            set_time(&c[0], e->at, e->tz_min);
            set_real(&c[1], e->value);
            break;
        default:
            break;
        }
    }

    /* The alerts of the period. */
    for(size_t i = 0; i < d->nalerts && !r->nomem; i++) {
        const sd_alert *al = &d->alerts[i];
        int tz = sd__diary_tz_at(d, al->at);
        long day = sd_local_day(al->at, tz);
        char t[SD__ISO_MAX];
        if(day < o->from_day || day > o->to_day)
            continue;
        if(!(c = new_row(r, &r->sec[S_ALERTS])))
            return;
        set_time(&c[0], al->at, tz);
        set_text(&c[1], sd_disposition_name(al->disposition));
        set_text(&c[2], al->rule);
        set_text(&c[3], al->acked_at ? "acknowledged" : "open");
        set_text(&c[4], al->text);
        set_text(&c[5], al->advice);
        if(al->acked_at) {
            sd__iso_time(al->acked_at, sd__diary_tz_at(d, al->acked_at), t,
                         sizeof(t));
            t[16] = '\0';
            t[10] = ' ';
            sd__buf_add(&b, "by %s on %s", al->acked_by && *al->acked_by
                                                 ? al->acked_by : "(unknown)",
                        t);
            if(al->ack_note && *al->ack_note)
                sd__buf_add(&b, ": %s", al->ack_note);
            set_text(&c[6], keep(r, &b));
        }
    }
    sd__buf_free(&b);
}

/* ==== Cells as text ==== */

/* The cell for people: into out (room for 64) or a borrowed string. */
static const char *cell_text(const struct col *col, const struct cell *c,
                             char *out, size_t n)
{
    char t[SD__ISO_MAX];
    switch(c->type) {
    case C_TEXT:
        return c->s;
    case C_INT:
        snprintf(out, n, "%" PRId64, c->i);
        return out;
    case C_UG:
        return sd_taper_mg(c->i, out, n);
    case C_REAL:
        if(col->decimals >= 0)
            snprintf(out, n, "%.*f", col->decimals, c->r);
        else
            snprintf(out, n, "%g", c->r);
        return out;
    case C_TIME:
        sd__iso_time(c->i, c->tz, t, sizeof(t));
        snprintf(out, n, "%.10s %.5s", t, t + 11);
        return out;
    case C_DATE:
        return sd_date_format((long)c->i, out, n);
    default:
        return "";
    }
}

static int is_number(const struct cell *c)
{
    return c->type == C_INT || c->type == C_UG || c->type == C_REAL;
}

/* ==== Text ==== */

/* The next code point of s (length *len), U+FFFD for a bad byte or a
** noncharacter; control characters as a space, a line break as '\n'. */
static int32_t next_cp(const char *s, size_t n, size_t *len)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s,
                                          (utf8proc_ssize_t)n, &cp);
    if(k <= 0) {
        *len = 1;
        return 0xFFFD;
    }
    *len = (size_t)k;
    if(cp == '\n')
        return '\n';
    if(cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
        return ' ';
    /* Noncharacters are errors in an HTML document. */
    if((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
        return 0xFFFD;
    return cp;
}

static int cp_width(int32_t cp)
{
    int w = utf8proc_charwidth(cp);
    return w < 0 ? 1 : w;
}

/* Write cp as UTF-8. */
static void put_cp(FILE *out, int32_t cp)
{
    utf8proc_uint8_t b[4];
    utf8proc_ssize_t n = utf8proc_encode_char(cp, b);
    fwrite(b, 1, (size_t)n, out);
}

/* Display width of s, line breaks as spaces. */
static int text_width(const char *s)
{
    size_t n = strlen(s), len;
    int w = 0;
    for(size_t i = 0; i < n; i += len)
        w += cp_width(next_cp(s + i, n - i, &len));
    return w;
}

/* s in a column of width w: cut to w with "~" when longer, padded on the
** left (right 1) or the right (right 0; not at all for right -1, the last
** column). */
static void put_field(FILE *out, const char *s, int w, int right)
{
    size_t n = strlen(s), len;
    int tw = text_width(s), used = 0;
    if(tw > w) {
        for(size_t i = 0; i < n; i += len) {
            int32_t cp = next_cp(s + i, n - i, &len);
            int cw = cp_width(cp);
            if(used + cw > w - 1)
                break;
            put_cp(out, cp == '\n' ? ' ' : cp);
            used += cw;
        }
        fputc('~', out);
        used++;
        for(; used < w && right >= 0; used++)
            fputc(' ', out);
        return;
    }
    if(right > 0)
        fprintf(out, "%*s", w - tw, "");
    for(size_t i = 0; i < n; i += len) {
        int32_t cp = next_cp(s + i, n - i, &len);
        put_cp(out, cp == '\n' ? ' ' : cp);
    }
    if(!right)
        fprintf(out, "%*s", w - tw, "");
}

/* s wrapped at WIDTH, the first line after a head already written of
** width col, the others indented by indent; line breaks kept. */
static void put_wrapped(FILE *out, const char *s, int col, int indent)
{
    size_t n = strlen(s), len, i = 0;

    while(i < n) {
        /* The next word, and the spaces before it. */
        size_t ws = i;
        while(ws < n && s[ws] == ' ')
            ws++;
        if(ws < n && s[ws] == '\n') {
            fputc('\n', out);
            fprintf(out, "%*s", indent, "");
            col = indent;
            i = ws + 1;
            continue;
        }
        size_t we = ws;
        int w = 0;
        while(we < n && s[we] != ' ' && s[we] != '\n') {
            w += cp_width(next_cp(s + we, n - we, &len));
            we += len;
        }
        if(we == ws)
            break;
        int space = col > indent ? 1 : 0;
        if(col + space + w > WIDTH && col > indent) {
            fputc('\n', out);
            fprintf(out, "%*s", indent, "");
            col = indent;
            space = 0;
        }
        if(space) {
            fputc(' ', out);
            col++;
        }
        /* A word longer than a line is cut. */
        for(size_t k = ws; k < we; k += len) {
            int32_t cp = next_cp(s + k, we - k, &len);
            int cw = cp_width(cp);
            if(col + cw > WIDTH && col > indent) {
                fputc('\n', out);
                fprintf(out, "%*s", indent, "");
                col = indent;
            }
            put_cp(out, cp);
            col += cw;
        }
        i = we;
    }
    fputc('\n', out);
}

static void text_heading(FILE *out, const char *title, char under)
{
    fprintf(out, "%s\n", title);
    for(int i = text_width(title); i > 0; i--)
        fputc(under, out);
    fputc('\n', out);
}

static void text_single(FILE *out, const struct section *s)
{
    char buf[64];
    int w = 0;
    for(size_t k = 0; k < s->ncols; k++)
        if(strcmp(s->cols[k].key, "notice") &&
           text_width(s->cols[k].label) > w)
            w = text_width(s->cols[k].label);
    for(size_t k = 0; k < s->ncols; k++) {
        const struct cell *c = &s->cells[k];
        if(!strcmp(s->cols[k].key, "notice"))
            continue;
        fprintf(out, "  ");
        put_field(out, s->cols[k].label, w, 0);
        fprintf(out, "  ");
        put_wrapped(out, c->type ? cell_text(&s->cols[k], c, buf,
                                             sizeof(buf))
                                 : "-", 4 + w, 4 + w);
    }
}

static void text_table(FILE *out, const struct section *s)
{
    int w[16] = {0}, right[16] = {0};
    char buf[64];
    size_t k, i, last = 0;

    for(k = 0; k < s->ncols && k < 16; k++) {
        if(s->cols[k].wide)
            continue;
        w[k] = text_width(s->cols[k].label);
        for(i = 0; i < s->nrows; i++) {
            const struct cell *c = &s->cells[i * s->ncols + k];
            right[k] |= is_number(c);
            int cw = text_width(c->type ? cell_text(&s->cols[k], c, buf,
                                                    sizeof(buf))
                                        : "-");
            if(cw > w[k])
                w[k] = cw;
        }
        if(w[k] > SHORT_MAX)
            w[k] = SHORT_MAX;
        last = k;
    }
    /* The header: numbers are right-aligned under theirs. */
    int first = 1;
    for(k = 0; k < s->ncols && k < 16; k++) {
        if(s->cols[k].wide)
            continue;
        if(!first)
            fputs("  ", out);
        put_field(out, s->cols[k].label, w[k], right[k] ? 1 : k == last ? -1
                                                                          : 0);
        first = 0;
    }
    fputc('\n', out);
    for(i = 0; i < s->nrows; i++) {
        const struct cell *row = &s->cells[i * s->ncols];
        first = 1;
        for(k = 0; k < s->ncols && k < 16; k++) {
            if(s->cols[k].wide)
                continue;
            const struct cell *c = &row[k];
            if(!first)
                fputs("  ", out);
            put_field(out, c->type ? cell_text(&s->cols[k], c, buf,
                                               sizeof(buf))
                                   : "-", w[k],
                      right[k] ? 1 : k == last ? -1 : 0);
            first = 0;
        }
        fputc('\n', out);
        for(k = 0; k < s->ncols; k++) {
            if(!s->cols[k].wide || row[k].type != C_TEXT)
                continue;
            fprintf(out, "    %s:", s->cols[k].label);
            put_wrapped(out, row[k].s, 5 + text_width(s->cols[k].label), 6);
        }
    }
}

static void write_text(FILE *out, const struct report *r)
{
    const struct section *h = &r->sec[S_REPORT];
    text_heading(out, h->title, '=');
    text_single(out, h);
    fputc('\n', out);
    put_wrapped(out, SD_SUPPORT_NOTICE, 0, 0);
    for(size_t i = S_ADHERENCE; i < S_COUNT; i++) {
        const struct section *s = &r->sec[i];
        fputc('\n', out);
        text_heading(out, s->title, '-');
        if(s->single)
            text_single(out, s);
        else if(!s->nrows)
            fprintf(out, "%s\n", s->none ? s->none : "None.");
        else
            text_table(out, s);
        if(i == S_DAYS)
            put_wrapped(out, "Amounts are the day's totals (\"-\": nothing "
                        "prescribed or planned); due, done, skipped and "
                        "missing count doses; done includes doses as "
                        "needed, extra doses are apart.", 0, 0);
    }
}

/* ==== HTML ==== */

static void html_esc(FILE *out, const char *s)
{
    size_t n = strlen(s), len;
    for(size_t i = 0; i < n; i += len) {
        int32_t cp = next_cp(s + i, n - i, &len);
        switch(cp) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: put_cp(out, cp); break;
        }
    }
}

static void html_cell(FILE *out, const char *tag, const struct col *col,
                      const struct cell *c)
{
    char buf[64];
    fprintf(out, "<%s%s>", tag, is_number(c) ? " class=\"n\""
                                : col->wide ? " class=\"w\"" : "");
    html_esc(out, c->type ? cell_text(col, c, buf, sizeof(buf)) : "-");
    fprintf(out, "</%s>", tag);
}

static void write_html(FILE *out, const struct report *r)
{
    const struct section *h = &r->sec[S_REPORT];
    char from[16], to[16];

    sd_date_format((long)h->cells[3].i, from, sizeof(from));
    sd_date_format((long)h->cells[4].i, to, sizeof(to));
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
          "<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, "
          "initial-scale=1\">\n<title>", out);
    html_esc(out, h->title);
    fputs(": ", out);
    html_esc(out, h->cells[0].s ? h->cells[0].s : "");
    fprintf(out, ", %s to %s</title>\n", from, to);
    fputs("<style>\n"
          "body{font-family:system-ui,sans-serif;margin:1.5em;color:#000;"
          "background:#fff}\n"
          "table{border-collapse:collapse;margin:0 0 1.5em}\n"
          "caption{text-align:left;font-weight:bold;font-size:1.15em;"
          "padding:.3em 0}\n"
          "th,td{border:1px solid #888;padding:.2em .5em;text-align:left;"
          "vertical-align:top}\n"
          ".n{text-align:right;white-space:nowrap}\n"
          ".w{white-space:pre-line;max-width:40em}\n"
          ".notice{border:2px solid #000;padding:.5em;max-width:50em}\n"
          "@media print{body{margin:0}tr{break-inside:avoid}"
          "thead{display:table-header-group}}\n"
          "</style>\n</head>\n<body>\n<h1>", out);
    html_esc(out, h->title);
    fputs("</h1>\n<p class=\"notice\">", out);
    html_esc(out, SD_SUPPORT_NOTICE);
    fputs("</p>\n", out);
    for(size_t i = 0; i < S_COUNT; i++) {
        const struct section *s = &r->sec[i];
        fputs("<table>\n<caption>", out);
        html_esc(out, i == S_REPORT ? "Patient and period" : s->title);
        fputs("</caption>\n", out);
        if(s->single) {
            fputs("<tbody>\n", out);
            for(size_t k = 0; k < s->ncols; k++) {
                if(!strcmp(s->cols[k].key, "notice"))
                    continue;
                fputs("<tr><th scope=\"row\">", out);
                html_esc(out, s->cols[k].label);
                fputs("</th>", out);
                html_cell(out, "td", &s->cols[k], &s->cells[k]);
                fputs("</tr>\n", out);
            }
            fputs("</tbody>\n</table>\n", out);
            continue;
        }
        fputs("<thead><tr>", out);
        for(size_t k = 0; k < s->ncols; k++) {
            fputs("<th scope=\"col\">", out);
            html_esc(out, s->cols[k].label);
            fputs("</th>", out);
        }
        fputs("</tr></thead>\n<tbody>\n", out);
        if(!s->nrows) {
            fprintf(out, "<tr><td colspan=\"%zu\">", s->ncols);
            html_esc(out, s->none ? s->none : "None.");
            fputs("</td></tr>\n", out);
        }
        for(size_t j = 0; j < s->nrows; j++) {
            fputs("<tr>", out);
            for(size_t k = 0; k < s->ncols; k++)
                html_cell(out, "td", &s->cols[k],
                          &s->cells[j * s->ncols + k]);
            fputs("</tr>\n", out);
        }
        fputs("</tbody>\n</table>\n", out);
    }
    fputs("</body>\n</html>\n", out);
}

/* ==== CSV ==== */

/* One field (RFC 4180): quoted when it holds a comma, a quote, a tab or a
** line break; a field that a spreadsheet would read as a formula (it starts
** with =, +, -, @, a tab or a carriage return) gets a leading '. */
static void csv_field(FILE *out, const char *s)
{
    int quote = strpbrk(s, ",\"\r\n\t") != NULL;
    int formula = strchr("=+-@\t\r", s[0]) && s[0];
    if(quote)
        fputc('"', out);
    if(formula)
        fputc('\'', out);
    for(const char *p = s; *p; p++) {
        if(*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    if(quote)
        fputc('"', out);
}

/* The union of the sections' columns, in order of appearance. */
static size_t csv_columns(const struct report *r, const char **keys,
                          size_t cap)
{
    size_t n = 0;
    for(size_t i = 0; i < S_COUNT; i++)
        for(size_t k = 0; k < r->sec[i].ncols; k++) {
            size_t j = 0;
            while(j < n && strcmp(keys[j], r->sec[i].cols[k].key))
                j++;
            if(j == n && n < cap)
                keys[n++] = r->sec[i].cols[k].key;
        }
    return n;
}

static void write_csv(FILE *out, const struct report *r)
{
    const char *keys[96];
    size_t nkeys = csv_columns(r, keys, sizeof(keys) / sizeof(keys[0]));
    char buf[64], t[SD__ISO_MAX];

    fputs("section", out);
    for(size_t j = 0; j < nkeys; j++) {
        fputc(',', out);
        csv_field(out, keys[j]);
    }
    fputs("\r\n", out);
    for(size_t i = 0; i < S_COUNT; i++) {
        const struct section *s = &r->sec[i];
        for(size_t row = 0; row < s->nrows; row++) {
            csv_field(out, s->id);
            for(size_t j = 0; j < nkeys; j++) {
                fputc(',', out);
                for(size_t k = 0; k < s->ncols; k++) {
                    const struct cell *c = &s->cells[row * s->ncols + k];
                    if(strcmp(s->cols[k].key, keys[j]) || !c->type)
                        continue;
                    if(c->type == C_UG) {
                        /* A number a spreadsheet reads: mg, exact. */
                        sd_taper_mg(c->i, buf, sizeof(buf));
                        buf[strlen(buf) - 3] = '\0';
                        csv_field(out, buf);
                    } else if(c->type == C_TIME) {
                        csv_field(out, sd__iso_time(c->i, c->tz, t,
                                                    sizeof(t)));
                    } else {
                        csv_field(out, cell_text(&s->cols[k], c, buf,
                                                 sizeof(buf)));
                    }
                }
            }
            fputs("\r\n", out);
        }
    }
}

/* ==== JSON ==== */

static json_t *cell_json(const struct col *col, const struct cell *c)
{
    char t[SD__ISO_MAX];
    (void)col;
    switch(c->type) {
    case C_TEXT: return json_string(c->s);
    case C_INT: return json_integer(c->i);
    case C_UG: return sd__json_milli(c->i);
    case C_REAL: return json_real(c->r);
    case C_TIME: return json_string(sd__iso_time(c->i, c->tz, t, sizeof(t)));
    case C_DATE: return json_string(sd_date_format((long)c->i, t, sizeof(t)));
    default: return json_null();
    }
}

static json_t *row_json(const struct section *s, size_t row)
{
    json_t *o = json_object();
    for(size_t k = 0; o && k < s->ncols; k++)
        if(json_object_set_new(o, s->cols[k].key,
                               cell_json(&s->cols[k],
                                         &s->cells[row * s->ncols + k]))) {
            json_decref(o);
            return NULL;
        }
    return o;
}

static json_t *report_json(const struct report *r)
{
    json_t *root = json_object();
    int bad = !root || json_object_set_new(root, "format",
                                           json_string("stepdown-report/1"));
    for(size_t i = 0; i < S_COUNT && !bad; i++) {
        const struct section *s = &r->sec[i];
        json_t *v;
        if(s->single) {
            v = row_json(s, 0);
        } else {
            v = json_array();
            for(size_t row = 0; v && row < s->nrows; row++)
                if(json_array_append_new(v, row_json(s, row))) {
                    json_decref(v);
                    v = NULL;
                }
        }
        bad = json_object_set_new(root, s->id, v);
    }
    if(bad) {
        json_decref(root);
        return NULL;
    }
    return root;
}

/* ==== Writing ==== */

int sd_report_write(FILE *out, const sd_monograph *m, const sd_diary *d,
                    const sd_report_opts *o, sd_error *err)
{
    struct report r;
    int rc = SD_OK;

    sd_error_clear(err);
    if(o->to_day < o->from_day) {
        sd_error_setf(err, "the period ends before it starts: give a last "
                      "day on or after the first");
        return SD_ERR_USAGE;
    }
    if((unsigned long)o->to_day - (unsigned long)o->from_day >=
       (unsigned long)MAX_DAYS) {
        sd_error_setf(err, "the period is longer than %ld days: give a "
                      "shorter one", MAX_DAYS);
        return SD_ERR_USAGE;
    }
    if(o->format < SD_REPORT_TEXT || o->format > SD_REPORT_JSON) {
        sd_error_setf(err, "unknown report format %d: text, html, csv or "
                      "json", o->format);
        return SD_ERR_USAGE;
    }
    report_init(&r);
    build(&r, m, d, o);
    if(r.nomem) {
        report_release(&r);
        sd_error_setf(err, "out of memory");
        return SD_ERR_NOMEM;
    }
    switch(o->format) {
    case SD_REPORT_TEXT:
        write_text(out, &r);
        break;
    case SD_REPORT_HTML:
        write_html(out, &r);
        break;
    case SD_REPORT_CSV:
        write_csv(out, &r);
        break;
    default: {
        json_t *j = report_json(&r);
        if(!j) {
            rc = SD_ERR_NOMEM;
            sd_error_setf(err, "out of memory");
            break;
        }
        char *text = json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
        json_decref(j);
        if(!text) {
            rc = SD_ERR_NOMEM;
            sd_error_setf(err, "out of memory");
            break;
        }
        if(fputs(text, out) == EOF || fputc('\n', out) == EOF)
            rc = SD_ERR_IO;
        free(text);
        break;
    }
    }
    report_release(&r);
    if(!rc && (fflush(out) || ferror(out)))
        rc = SD_ERR_IO;
    if(rc == SD_ERR_IO)
        sd_error_setf(err, "could not write the report: check the disk and "
                      "the output file");
    return rc;
}

/*
** demo.c: two demo patients with 60 days of diary (demo.h).
**
** Each patient is a script: the regimen, the taper speed, where the plan
** falls, low weekly withdrawal scores, and the day's extras (symptom
** reports in the patient's words, alcohol, an eGFR reading, the scores
** and missed doses of a withdrawal). A generator walks the 60 local days
** in order and, for each, adds a refill when the supply would last fewer
** than 5 days (counted as the monitor counts it: per day the larger of the
** expected and the logged dose), the doses of the plan step (or the
** prescription) at their times with up to 40 minutes' jitter, and the
** script's entries. Entries are kept in time order in an in-memory diary,
** so that each symptom report is checked in the context of what came
** before it, and each entry passes sd_entry_check() before it is written.
*/
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "stepdown/date.h"
#include "stepdown/demo.h"
#include "stepdown/diary.h"
#include "stepdown/monitor.h"
#include "stepdown/taper_export.h"
#include "stepdown/taper_json.h"
#include "stepdown/taper_policy.h"
#include "stepdown/wscore.h"

#define DAY 86400
#define TABLET_UG 10000        /* 10 mg tablets ... */
#define TABLET_PIECES 2        /* ... scored in halves */
#define JITTER_MIN 40          /* doses within 40 min of their time */
#define REFILL_LEFT_DAYS 5     /* refill when fewer days are left ... */
#define REFILL_DAYS 28         /* ... with 4 weeks' worth */
#define REFILL_PACK 10         /* whole packs of 10 tablets */
#define MAX_EVENTS 24          /* entries in one day */
#define MAX_SKIPS 8
#define SEED 0x9e3779b97f4a7c15ULL

struct gen;

/* A skipped dose: day (0 = the first diary day) and the dose's index. */
struct skip {
    int day, slot;
};

struct script {
    const char *pseudonym;
    int birth_year;
    int nadmin;
    int64_t dose_ug;           /* each dose before the taper */
    int days_on_drug;          /* before the first diary day */
    const char *preset;        /* taper speed */
    int plan_start;            /* the plan's first day (provisional when
                               ** step_at is set) */
    int step_at;               /* a step down falls on this day; -1 any */
    struct skip skips[MAX_SKIPS]; /* doses not taken (slot -1 ends) */
    const char *const *weekly; /* low withdrawal scores, NULL-ended */
    int weekly_day;            /* day of the week (from day 0) ... */
    int weekly_until;          /* ... up to this day */
    void (*extras)(struct gen *g, int day);
};

struct gen {
    const struct script *sc;
    const sd_monograph *m;
    const sd_lexicon *lx;
    const sd_formulation *form;
    int64_t now;
    int tz;
    long today, first;         /* local days; first = today - 59 */
    uint64_t rng;
    int nkey;
    sd_diary d;
    sd_rx rx;
    sd_taper_spec spec;
    sd_taper_policy pol;
    sd_taper_plan *plan;
    sd_plan_brief *steps;
    char *plan_json;
    /* the supply, as the monitor counts it */
    int have_stock;
    int64_t stock_ug;
    int64_t taken[SD_DEMO_DAYS];
    /* the day's entries, in the order made; sorted by time when added */
    sd_entry ev[MAX_EVENTS];
    int nev;
    int nomem;
    char keybuf[SD_KEY_MAX + 1];
};

static unsigned rnd(struct gen *g, unsigned n)
{
    g->rng ^= g->rng << 13;
    g->rng ^= g->rng >> 7;
    g->rng ^= g->rng << 17;
    return (unsigned)(g->rng % n);
}

/* Minutes off the hour: -JITTER_MIN..JITTER_MIN, mostly near 0. */
static int jitter(struct gen *g)
{
    return (int)rnd(g, JITTER_MIN + 1) + (int)rnd(g, JITTER_MIN + 1) -
           JITTER_MIN;
}

static int64_t local_at(const struct gen *g, long day, int minute)
{
    return (int64_t)day * DAY + (int64_t)minute * 60 - (int64_t)g->tz * 60;
}

static const char *next_key(struct gen *g)
{
    snprintf(g->keybuf, sizeof(g->keybuf), "demo-%s-%d", g->sc->pseudonym,
             ++g->nkey);
    return g->keybuf;
}

/* A new entry of the day at a local time; NULL when the day is full. */
static sd_entry *event(struct gen *g, int kind, int day, int minute)
{
    if(g->nev == MAX_EVENTS)
        return NULL;
    sd_entry *e = &g->ev[g->nev++];
    sd_entry_init(e, kind);
    e->at = local_at(g, g->first + day, minute);
    e->tz_min = g->tz;
    return e;
}

static void score(struct gen *g, int day, int minute, const char *items)
{
    sd_entry *e = event(g, SD_ENTRY_SCORE, day, minute);
    if(e && sd_wscore_parse(items, e->items, NULL) == SD_OK)
        e->score_total = sd_wscore_total(e->items);
    else if(e)
        g->nev--; /* the scripts' items are valid; never written */
}

static void symptom(struct gen *g, int day, int minute, const char *words,
                    int severity)
{
    sd_entry *e = event(g, SD_ENTRY_SYMPTOM, day, minute);
    if(e) {
        e->text = words;
        e->severity = severity;
    }
}

static void drinks(struct gen *g, int day, int minute, double n)
{
    sd_entry *e = event(g, SD_ENTRY_SUBSTANCE, day, minute);
    if(e) {
        e->sub = SD_SUBST_ALCOHOL;
        e->value = n;
    }
}

static void egfr(struct gen *g, int day, int minute, double v)
{
    sd_entry *e = event(g, SD_ENTRY_EGFR, day, minute);
    if(e)
        e->value = v;
}

/* ---- The two patients ---- */

static const char *const ana_scores[] = {
    "tremor=0,anxiety=1",
    "anxiety=1,headache=1",
    "tremor=1,anxiety=1,spasticity=1",
    "tremor=0,anxiety=0,spasticity=1",
    "anxiety=1,spasticity=1,headache=1,sweats=1",
    NULL};

static const char *const ben_scores[] = {
    "tremor=1,anxiety=1",
    "anxiety=2,spasticity=1",
    "tremor=1,sweats=1,anxiety=1",
    "anxiety=1,spasticity=1,itching=1,headache=1",
    NULL};

/* Ana: two mild side effects in her own words, an eGFR reading in the
** 60-90 band while her dose is below that band's guidance. */
static void ana_extras(struct gen *g, int day)
{
    switch(day) {
    case 16:
        symptom(g, day, 15 * 60 + 40, "a bit tired in the afternoons", 1);
        break;
    case 30:
        egfr(g, day, 10 * 60 + 15, 84);
        break;
    case 44:
        symptom(g, day, 19 * 60 + 20, "a little constipated this week", 1);
        break;
    default:
        break;
    }
}

/* Ben: a mild side effect early on; after the step down on day 56, one
** evening with alcohol, withdrawal signs in his words and a score rising
** to moderate. */
static void ben_extras(struct gen *g, int day)
{
    switch(day) {
    case 10:
        symptom(g, day, 13 * 60 + 30, "a bit drowsy after the lunchtime dose",
                1);
        break;
    case 57:
        drinks(g, day, 20 * 60 + 30, 3);
        score(g, day, 22 * 60 + 40, "tremor=1,sweats=1,anxiety=2,itching=2");
        symptom(g, day, 23 * 60 + 10,
                "legs jumping at night, can't sleep, itchy all over", 3);
        break;
    case 58:
        score(g, day, 8 * 60 + 40,
              "tremor=2,sweats=2,anxiety=2,agitation=1,spasticity=2,"
              "itching=2");
        symptom(g, day, 8 * 60 + 50,
                "shaky and sweaty this morning, my spasms are back", 3);
        break;
    case 59:
        score(g, day, 9 * 60 + 10,
              "tremor=2,sweats=2,anxiety=3,agitation=2,spasticity=2,"
              "itching=2");
        break;
    default:
        break;
    }
}

static const struct script scripts[SD_DEMO_PATIENTS] = {
    /* Ana skips a dose on three days, none in the 3 days before a symptom
    ** report (the checker reads a missed dose as a possible stop) */
    {"demo-ana", 1968, 3, 20000, 4 * 365, "slow", 9, -1,
     {{18, 2}, {33, 1}, {47, 0}, {0, -1}}, ana_scores, 2, SD_DEMO_DAYS,
     ana_extras},
    /* Ben forgets a morning dose once, then misses two doses in the 3 days
    ** after the step down on day 56 */
    {"demo-ben", 1979, 4, 20000, 2 * 365, "standard", 21, 56,
     {{30, 0}, {57, 1}, {58, 2}, {0, -1}}, ben_scores, 3, 56, ben_extras},
};

/* ---- Prescription and plan ---- */

/* The oral 10 mg tablet scored in halves. */
static const sd_formulation *find_tablet(const sd_monograph *m)
{
    for(size_t i = 0; i < sd_monograph_nformulations(m); i++) {
        const sd_formulation *f = sd_monograph_formulation(m, i);
        if(strcmp(f->route, "oral") || strcmp(f->form, "tablet"))
            continue;
        for(size_t k = 0; k < f->nstrengths; k++)
            if(f->strengths[k].amount_ug == TABLET_UG &&
               f->strengths[k].scored &&
               f->strengths[k].min_piece >= TABLET_PIECES)
                return f;
    }
    return NULL;
}

static int make_plan(struct gen *g, long start, sd_error *err)
{
    const struct script *sc = g->sc;
    sd_taper_spec *s = &g->spec;
    int y;
    sd_taper_spec_init(s);
    snprintf(s->drug, sizeof(s->drug), "%s", sd_monograph_id(g->m));
    s->req.nadmin = sc->nadmin;
    for(int i = 0; i < sc->nadmin; i++) {
        s->req.dose_ug[i] = g->rx.dose_ug[i];
        s->req.minute[i] = g->rx.minute[i];
    }
    s->req.nstrengths = 1;
    s->req.strengths[0].ug = TABLET_UG;
    s->req.strengths[0].pieces = TABLET_PIECES;
    s->req.start_day = start;
    s->patient.days_on_drug = (int)(start - g->rx.since_day);
    sd_civil_from_days(start, &y, NULL, NULL, NULL);
    s->patient.age = y - sc->birth_year;
    s->patient.reason = SD_TAPER_ELECTIVE;
    snprintf(s->preset, sizeof(s->preset), "%s", sc->preset);
    return sd_taper_make(g->m, s, &g->pol, g->plan, err);
}

/* JSON text written through json_dump_callback(). jansson's dump ignores
** a failed write of an object's key (dump.c calls dump_string() for keys
** without checking it), so after one failed allocation json_dumps() can
** return malformed text; the buffer remembers its own failure instead. */
struct jbuf {
    char *p;
    size_t n, cap;
    int failed;
};

static int jbuf_put(const char *s, size_t len, void *arg)
{
    struct jbuf *b = arg;
    if(b->failed)
        return -1;
    if(b->n + len + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 8192;
        while(nc < b->n + len + 1)
            nc *= 2;
        char *np = sd_realloc(b->p, nc);
        if(!np) {
            b->failed = 1;
            return -1;
        }
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->n, s, len);
    b->n += len;
    b->p[b->n] = '\0';
    return 0;
}

/* j as compact JSON text (sd_free it), or NULL when out of memory. */
static char *json_text(const json_t *j)
{
    struct jbuf b = {NULL, 0, 0, 0};
    if(!j || json_dump_callback(j, jbuf_put, &b, JSON_COMPACT) || b.failed ||
       !b.p) {
        sd_free(b.p);
        return NULL;
    }
    return b.p;
}

/* The plan from its script: a step down on day step_at when set. */
static int add_plan(struct gen *g, sd_error *err)
{
    const struct script *sc = g->sc;
    long start = g->first + sc->plan_start;
    int rc;
    if((rc = make_plan(g, start, err)))
        return rc;
    if(sc->step_at >= 0) {
        long want = g->first + sc->step_at;
        long got = LONG_MIN;
        for(size_t i = 0; i < g->plan->nsteps; i++)
            if(g->plan->steps[i].first_day <= want)
                got = g->plan->steps[i].first_day;
        if(got != LONG_MIN && got != want &&
           (rc = make_plan(g, start + (want - got), err)))
            return rc;
        if(sd_taper_step_on(g->plan, want) < 0 ||
           g->plan->steps[sd_taper_step_on(g->plan, want)].first_day !=
               want) {
            sd_error_setf(err, "demo: the %s plan has no step down on day "
                          "%d", sc->preset, sc->step_at);
            return SD_ERR_INVALID;
        }
    }
    sd_taper_label l;
    /* decided at the visit the day before */
    sd_taper_label_init(&l, g->m, g->plan,
                        local_at(g, g->plan->steps[0].first_day - 1, 11 * 60));
    json_t *j = sd_taper_plan_to_json(g->m, &g->spec, &g->pol, g->plan, &l);
    g->plan_json = json_text(j);
    json_decref(j);
    if(!g->plan_json)
        return SD_ERR_NOMEM;

    sd_plan_version pv;
    memset(&pv, 0, sizeof(pv));
    pv.version = 1;
    pv.entered = l.stamp;
    pv.json = g->plan_json;
    pv.steps = g->steps;
    pv.nsteps = sd_plan_brief_fill(g->plan, g->steps, SD_TAPER_MAX_STEPS);
    pv.key = "demo-plan"; /* the store's key is given when written */
    return sd_diary_add_plan(&g->d, &pv);
}

static int add_rx(struct gen *g)
{
    const struct script *sc = g->sc;
    sd_rx *rx = &g->rx;
    memset(rx, 0, sizeof(*rx));
    rx->key = "demo-rx";
    rx->drug = sd_monograph_id(g->m);
    rx->formulation = g->form->id;
    rx->route = g->form->route;
    rx->unit_ug = TABLET_UG;
    rx->pieces = TABLET_PIECES;
    rx->nadmin = sc->nadmin;
    sd_taper_default_times(sc->nadmin, rx->minute);
    for(int i = 0; i < sc->nadmin; i++)
        rx->dose_ug[i] = sc->dose_ug;
    rx->start_day = g->first;
    rx->end_day = -1;
    rx->since_day = g->first - sc->days_on_drug;
    rx->entered = local_at(g, g->first, 9 * 60);
    return sd_diary_add_rx(&g->d, rx);
}

/* ---- The days ---- */

static int64_t expected(const struct gen *g, long day)
{
    int64_t x = sd_diary_expected_ug(&g->d, day);
    return x > 0 ? x : 0;
}

/* Before day's entries: the day before is used up; a refill when the
** stock would last fewer than REFILL_LEFT_DAYS days. */
static void supply(struct gen *g, int day)
{
    long k = g->first + day;
    if(g->have_stock && day > 0) {
        int64_t x = expected(g, k - 1), t = g->taken[day - 1];
        g->stock_ug -= x > t ? x : t;
    }
    int64_t need = 0;
    for(int j = 0; j < REFILL_LEFT_DAYS; j++)
        need += expected(g, k + j);
    if(g->have_stock && g->stock_ug >= need)
        return;
    int64_t ug = 0;
    for(int j = 0; j < REFILL_DAYS; j++)
        ug += expected(g, k + j);
    int64_t tablets = (ug + TABLET_UG - 1) / TABLET_UG;
    tablets = (tablets + REFILL_PACK - 1) / REFILL_PACK * REFILL_PACK;
    if(tablets <= 0)
        return;
    int minute = day ? 10 * 60 + (int)rnd(g, 7 * 60) : 9 * 60 + 30;
    sd_entry *e = event(g, SD_ENTRY_SUPPLY, day, minute);
    if(e) {
        e->value = (double)tablets;
        e->amount_ug = tablets * TABLET_UG;
    }
}

static int skipped(const struct gen *g, int day, int slot)
{
    for(int i = 0; i < MAX_SKIPS && g->sc->skips[i].slot >= 0; i++)
        if(g->sc->skips[i].day == day && g->sc->skips[i].slot == slot)
            return 1;
    return 0;
}

static void doses(struct gen *g, int day)
{
    long k = g->first + day;
    int si = sd_taper_step_on(g->plan, k);
    for(int i = 0; i < g->rx.nadmin; i++) {
        int64_t ug = si >= 0 ? g->plan->steps[si].dose[i].ug
                             : g->rx.dose_ug[i];
        if(ug <= 0)
            continue;
        sd_entry *e = event(g, SD_ENTRY_DOSE, day,
                            g->rx.minute[i] + jitter(g));
        if(!e)
            return;
        e->amount_ug = ug; /* a skipped dose keeps the amount not taken */
        e->sub = skipped(g, day, i) ? SD_DOSE_SKIPPED : SD_DOSE_TAKEN;
    }
}

/* Sort the day's entries by time and add those up to now. */
static int flush(struct gen *g, int day, sd_error *err)
{
    for(int i = 1; i < g->nev; i++) {
        sd_entry e = g->ev[i];
        int j = i;
        for(; j > 0 && g->ev[j - 1].at > e.at; j--)
            g->ev[j] = g->ev[j - 1];
        g->ev[j] = e;
    }
    for(int i = 0; i < g->nev; i++) {
        sd_entry *e = &g->ev[i];
        sd_symptom_fill fill;
        int rc;
        if(e->at > g->now)
            continue;
        e->key = next_key(g);
        e->entered = e->at + (int64_t)rnd(g, 11) * 60;
        if(e->entered > g->now)
            e->entered = g->now;
        if(e->kind == SD_ENTRY_SYMPTOM &&
           (rc = sd_diary_check_symptom(g->lx, &g->d, e, &fill, err)))
            return rc;
        if((rc = sd_entry_check(&g->d, e, g->now, err)))
            return rc;
        if((rc = sd_diary_add_entry(&g->d, e)))
            return rc;
        if(e->kind == SD_ENTRY_DOSE && e->sub != SD_DOSE_SKIPPED)
            g->taken[day] += e->amount_ug;
        else if(e->kind == SD_ENTRY_SUPPLY) {
            g->stock_ug += e->amount_ug;
            g->have_stock = 1;
        }
    }
    g->nev = 0;
    return SD_OK;
}

static int days(struct gen *g, sd_error *err)
{
    const struct script *sc = g->sc;
    int rc;
    for(int day = 0; day < SD_DEMO_DAYS; day++) {
        supply(g, day);
        doses(g, day);
        if(day % 7 == sc->weekly_day && day < sc->weekly_until) {
            size_t n = 0;
            while(sc->weekly[n])
                n++;
            score(g, day, 9 * 60 + (int)rnd(g, 90),
                  sc->weekly[rnd(g, (unsigned)n)]);
        }
        sc->extras(g, day);
        if((rc = flush(g, day, err)))
            return rc;
    }
    return SD_OK;
}

/* ---- Writing ---- */

static int alerts(sd_store *st, const sd_monograph *m, int64_t pid,
                  int64_t now, sd_error *err)
{
    sd_monitor_config cfg;
    sd_monitor_config_load(st, &cfg);
    return sd_monitor_store(st, m, &cfg, pid, now, NULL, NULL, err);
}

static int write_patient(struct gen *g, sd_store *st, int64_t *pid,
                         sd_error *err)
{
    char key[SD_KEY_MAX + 1];
    int64_t id;
    int version, rc;
    snprintf(key, sizeof(key), "demo-%s-1", g->sc->pseudonym);
    if((rc = sd_store_patient_add(st, key, g->sc->pseudonym,
                                  g->sc->birth_year, pid, err)))
        return rc;
    sd_rx rx = g->d.rx[0];
    snprintf(key, sizeof(key), "demo-%s-2", g->sc->pseudonym);
    rx.key = key;
    if((rc = sd_store_rx_add(st, *pid, &rx, &id, err)))
        return rc;
    sd_plan_version pv = g->d.plans[0];
    snprintf(key, sizeof(key), "demo-%s-3", g->sc->pseudonym);
    pv.key = key;
    if((rc = sd_store_plan_add(st, *pid, &pv, &id, &version, err)))
        return rc;
    for(size_t i = 0; i < g->d.n; i++)
        if((rc = sd_store_entry_add(st, *pid, &g->d.e[i], &id, err)))
            return rc;
    return alerts(st, g->m, *pid, g->now, err);
}

static int fill_patient(sd_store *st, const sd_monograph *m,
                        const sd_lexicon *lx, const sd_formulation *form,
                        const struct script *sc, unsigned index, int64_t now,
                        int tz_min, int64_t *pid, sd_error *err)
{
    struct gen *g = sd_calloc(1, sizeof(*g));
    int rc = SD_ERR_NOMEM;
    if(!g)
        goto out;
    g->sc = sc;
    g->m = m;
    g->lx = lx;
    g->form = form;
    g->now = now;
    g->tz = tz_min;
    g->today = sd_local_day(now, tz_min);
    g->first = g->today - (SD_DEMO_DAYS - 1);
    g->rng = SEED ^ ((uint64_t)(index + 1) * 0x2545f4914f6cdd1dULL);
    g->nkey = 3; /* 1-3: the patient, the prescription, the plan */
    sd_diary_init(&g->d);
    snprintf(g->d.patient.pseudonym, sizeof(g->d.patient.pseudonym), "%s",
             sc->pseudonym);
    g->d.patient.birth_year = sc->birth_year;
    g->plan = sd_calloc(1, sizeof(*g->plan));
    g->steps = sd_calloc(SD_TAPER_MAX_STEPS, sizeof(*g->steps));
    if(!g->plan || !g->steps || (rc = add_rx(g)) || (rc = add_plan(g, err)) ||
       (rc = days(g, err)))
        goto out;
    rc = write_patient(g, st, pid, err);
out:
    if(rc == SD_ERR_NOMEM)
        sd_error_setf(err, "out of memory");
    if(g) {
        sd_diary_release(&g->d);
        sd_free(g->plan_json);
        sd_free(g->plan);
        sd_free(g->steps);
        sd_free(g);
    }
    return rc;
}

int sd_demo_fill(sd_store *st, const sd_monograph *m, const sd_lexicon *lx,
                 int64_t now, int tz_min, sd_demo_result *out, sd_error *err)
{
    sd_demo_result res;
    const sd_formulation *form = find_tablet(m);
    int rc;

    memset(&res, 0, sizeof(res));
    sd_error_clear(err);
    if(!form) {
        sd_error_setf(err, "demo: the monograph lists no oral 10 mg tablet "
                      "scored in halves");
        return SD_ERR_INVALID;
    }
    if(tz_min < -840 || tz_min > 840) {
        sd_error_setf(err, "demo: time zone offset %d min is outside -14:00 "
                      "to +14:00", tz_min);
        return SD_ERR_USAGE;
    }
    if((rc = sd_store_begin(st, err)))
        return rc;
    for(unsigned i = 0; i < SD_DEMO_PATIENTS; i++) {
        sd_patient p;
        sd_error ferr;
        res.pseudonym[i] = scripts[i].pseudonym;
        rc = sd_store_patient_find(st, scripts[i].pseudonym, &p, &ferr);
        if(rc == SD_OK) {
            res.patient_id[i] = p.id; /* there already: left as it is */
            continue;
        }
        if(rc != SD_ERR_NOTFOUND) {
            if(err)
                *err = ferr;
            goto fail;
        }
        if((rc = fill_patient(st, m, lx, form, &scripts[i], i, now, tz_min,
                              &res.patient_id[i], err)))
            goto fail;
    }
    if((rc = sd_store_commit(st, err)))
        return rc;
    if(out)
        *out = res;
    return SD_OK;
fail:
    sd_store_rollback(st);
    return rc;
}

/*
** triage.c: the symptom checker's reasoning. The rules and their words
** are in triage_rules.c; this file decides when each one fires and looks
** up the facts they rest on in the monograph.
*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "triage_int.h"

struct priv {
    struct sd__arena arena;
};

void sd_context_init(sd_context *c)
{
    memset(c, 0, sizeof(*c));
    c->route = SD_ROUTE_UNKNOWN;
    c->dose_ug_day = -1;
    c->hours_since_dose = -1;
    c->days_on_drug = -1;
    c->egfr = -1;
    c->age = -1;
    c->alcohol = -1;
    c->sedatives = -1;
}

void sd_assessment_init(sd_assessment *a)
{
    memset(a, 0, sizeof(*a));
    sd_reading_init(&a->reading);
}

void sd_assessment_release(sd_assessment *a)
{
    struct priv *p = a->priv;
    if(p) {
        sd__arena_release(&p->arena);
        sd_free(p);
    }
    sd_free(a->explanations);
    sd_free(a->levels);
    sd_free(a->reasons);
    sd_free(a->questions);
    sd_reading_release(&a->reading);
    sd_assessment_init(a);
}

const char *sd_explanation_name(unsigned bit)
{
    switch(bit) {
    case SD_EXPL_SIDE_EFFECT: return "side_effect";
    case SD_EXPL_WITHDRAWAL: return "withdrawal";
    case SD_EXPL_OVERDOSE: return "overdose";
    case SD_EXPL_TOXICITY: return "toxicity";
    case SD_EXPL_INTERACTION: return "interaction";
    default: return "unknown";
    }
}

size_t sd_triage_nrules(void)
{
    return SD__R_COUNT;
}

const char *sd_triage_rule(size_t i, const char **text, const char **policy)
{
    if(i >= SD__R_COUNT)
        return NULL;
    if(text)
        *text = sd__rules[i].text;
    if(policy)
        *policy = sd__rules[i].policy;
    return sd__rules[i].id;
}

size_t sd_triage_nquestions(void)
{
    size_t n = 0;
    while(sd__questions[n].id)
        n++;
    return n;
}

const sd_question *sd_triage_question(size_t i)
{
    return i < sd_triage_nquestions() ? &sd__questions[i] : NULL;
}

const sd_question *sd_triage_question_find(const char *id)
{
    for(const sd_question *q = sd__questions; id && q->id; q++)
        if(!strcmp(q->id, id))
            return q;
    return NULL;
}

int sd_context_answer(sd_context *c, const char *id, int yes, sd_error *err)
{
    if(!sd_triage_question_find(id)) {
        char ids[400];
        size_t n = 0;
        ids[0] = '\0';
        for(const sd_question *q = sd__questions; q->id; q++)
            n += (size_t)snprintf(ids + n, sizeof(ids) - n, "%s%s",
                                  n ? ", " : "", q->id);
        sd_error_setf(err, "unknown question '%s': the questions are %s",
                      id ? id : "", ids);
        return SD_ERR_USAGE;
    }
    for(size_t i = 0; i < c->nanswers; i++)
        if(!strcmp(c->answers[i].id, id)) {
            c->answers[i].yes = yes != 0;
            return SD_OK;
        }
    if(c->nanswers == SD_CONTEXT_MAX_ANSWERS) {
        sd_error_setf(err, "at most %d answers", SD_CONTEXT_MAX_ANSWERS);
        return SD_ERR_USAGE;
    }
    snprintf(c->answers[c->nanswers].id, SD_QUESTION_ID_MAX, "%s", id);
    c->answers[c->nanswers++].yes = yes != 0;
    return SD_OK;
}

int sd_context_answer_spec(sd_context *c, const char *spec, sd_error *err)
{
    char id[SD_QUESTION_ID_MAX];
    const char *eq = spec ? strchr(spec, '=') : NULL;
    int yes;

    if(!eq || eq == spec || (size_t)(eq - spec) >= sizeof(id)) {
        sd_error_setf(err, "answer '%s': write ID=yes or ID=no, e.g. "
                      "can-wake=no", spec ? spec : "");
        return SD_ERR_USAGE;
    }
    if(!strcmp(eq + 1, "yes"))
        yes = 1;
    else if(!strcmp(eq + 1, "no"))
        yes = 0;
    else {
        sd_error_setf(err, "answer '%s': the answer is yes or no, e.g. "
                      "can-wake=no", spec);
        return SD_ERR_USAGE;
    }
    memcpy(id, spec, (size_t)(eq - spec));
    id[eq - spec] = '\0';
    return sd_context_answer(c, id, yes, err);
}

/* ---- the state of one check ---- */

struct chk {
    const sd_monograph *m;
    sd_assessment *a;
    struct sd__arena *arena;
    int nomem;
    int pair[2];   /* the two symptoms of the red-flag pair are present */
};

static char *fmt(struct chk *k, const char *f, ...)
    __attribute__((format(printf, 2, 3)));

static char *fmt(struct chk *k, const char *f, ...)
{
    char buf[1024];
    va_list ap;

    va_start(ap, f);
    vsnprintf(buf, sizeof(buf), f, ap);
    va_end(ap);
    char *s = sd__arena_strdup(k->arena, buf);
    if(!s)
        k->nomem = 1;
    return s;
}

/* Replace "{drug}" with the drug's name. */
static const char *subst(struct chk *k, const char *text)
{
    char buf[2048];
    size_t n = 0;
    const char *drug = sd_monograph_name(k->m);

    if(!text || !strstr(text, "{drug}"))
        return text;
    while(*text && n + 1 < sizeof(buf)) {
        if(!strncmp(text, "{drug}", 6)) {
            for(const char *d = drug; *d && n + 1 < sizeof(buf); d++)
                buf[n++] = (char)(*d >= 'A' && *d <= 'Z' ? *d + 32 : *d);
            text += 6;
        } else {
            buf[n++] = *text++;
        }
    }
    buf[n] = '\0';
    char *s = sd__arena_strdup(k->arena, buf);
    if(!s)
        k->nomem = 1;
    return s;
}

static const sd_statement *statement(const sd_monograph *m,
                                     const char *section, const char *topic)
{
    if(!section)
        return NULL;
    size_t n = sd_monograph_nstatements(m, section);
    for(size_t i = 0; i < n; i++) {
        const sd_statement *s = sd_monograph_statement(m, section, i);
        if(s->topic && !strcmp(s->topic, topic))
            return s;
    }
    return NULL;
}

/* Add a reason. fact and src, when given, replace the rule's own
** statement lookup. */
static sd_reason *add(struct chk *k, int rule, long finding, int level,
                      const char *detail)
{
    sd_assessment *a = k->a;
    const struct sd__rule *r = &sd__rules[rule];

    if(a->nreasons == a->rcap) {
        size_t cap = a->rcap ? a->rcap * 2 : 16;
        sd_reason *p = sd_realloc(a->reasons, cap * sizeof(*p));
        if(!p) {
            k->nomem = 1;
            return NULL;
        }
        a->reasons = p;
        a->rcap = cap;
    }
    sd_reason *x = &a->reasons[a->nreasons++];
    memset(x, 0, sizeof(*x));
    x->rule = r->id;
    x->rule_text = r->text;
    x->disposition = level >= 0 ? level : r->level;
    x->explanation = (int)r->explanation;
    x->finding = finding;
    x->detail = detail;
    x->advice = subst(k, r->advice);
    x->policy = r->policy;
    const sd_statement *st = statement(k->m, r->section, r->topic);
    if(st) {
        x->fact = st->text;
        x->src = st->src;
    }
    if(finding >= 0) {
        if(x->disposition > a->levels[finding])
            a->levels[finding] = x->disposition;
        a->explanations[finding] |= r->explanation;
    }
    if(x->disposition > a->disposition)
        a->disposition = x->disposition;
    return x;
}

static int in_list(const char *id, const char *const *list)
{
    for(; *list; list++)
        if(!strcmp(id, *list))
            return 1;
    return 0;
}

/* ---- context ---- */

static int interruption_kind(int kind)
{
    return kind == SD_CUE_REDUCED || kind == SD_CUE_STOPPED ||
           kind == SD_CUE_MISSED || kind == SD_CUE_PUMP;
}

static const char *event_words(int kind)
{
    switch(kind) {
    case SD_CUE_REDUCED: return "the dose was cut";
    case SD_CUE_STOPPED: return "the drug was stopped";
    case SD_CUE_MISSED: return "doses were missed";
    case SD_CUE_PUMP: return "the pump alarmed or failed";
    case SD_CUE_INCREASED: return "the dose went up";
    case SD_CUE_EXTRA: return "extra was taken";
    default: return "the dose changed";
    }
}

/* Consider one interruption: keep the most recent (unknown time counts as
** the most recent, on the safe side). */
static void consider(sd_used_context *u, int kind, double hours, double slack,
                     int from_text, int ongoing)
{
    int in_window = hours < 0 || ongoing || u->onset_max <= 0 ||
                    hours - slack < u->onset_max + SD__WITHDRAWAL_COURSE_H;
    if(ongoing)
        u->interruption_ongoing = 1;
    if(u->interruption) {
        double cur = u->interruption_hours;
        if(u->interruption_in_window && !in_window)
            return;   /* an interruption still going on wins */
        if((cur < 0 || (hours >= 0 && hours >= cur)) &&
           !(in_window && !u->interruption_in_window))
            return;
    }
    u->interruption = 1;
    u->interruption_kind = kind;
    u->interruption_hours = hours;
    u->interruption_in_window = in_window;
    u->interruption_from_text = from_text;
}

static double cue_slack(double hours)
{
    return hours >= 24 ? 24 : 0;
}

static void kidney_from_egfr(const sd_monograph *m, double egfr,
                             sd_used_context *u, const sd_kidney_band **band)
{
    for(size_t i = 0; i < sd_monograph_nkidney_bands(m); i++) {
        const sd_kidney_band *b = sd_monograph_kidney_band(m, i);
        if(strcmp(b->measure, "eGFR"))
            continue;
        if((b->lower >= 0 && egfr < b->lower) ||
           (b->upper >= 0 && egfr >= b->upper))
            continue;
        int level;
        if(!strcmp(b->action, "avoid"))
            level = 3;
        else if(b->keep_den && b->keep_num * 2 <= b->keep_den)
            level = 2;
        else
            level = 1;
        if(level > u->kidney_level) {
            u->kidney_level = level;
            *band = b;
        }
    }
}

static void use_context(struct chk *k, const sd_context *ctx,
                        const sd_kidney_band **band)
{
    sd_used_context *u = &k->a->used;
    const sd_reading *r = &k->a->reading;
    const sd_param *onset;
    int flag_interrupt = 0, flag_increase = 0, flag_extra = 0;

    memset(u, 0, sizeof(*u));
    u->interruption_hours = -1;
    if(sd_monograph_params(k->m, "withdrawal", "onset", &onset)) {
        u->onset_min = onset->min;
        u->onset_max = onset->max;
    }

    u->route = ctx->route;
    for(size_t i = 0; i < r->ncues && u->route == SD_ROUTE_UNKNOWN; i++)
        if(!r->cues[i].negated && (r->cues[i].kind == SD_CUE_INTRATHECAL ||
                                   r->cues[i].kind == SD_CUE_PUMP)) {
            u->route = SD_ROUTE_INTRATHECAL;
            u->route_from_text = 1;
        }

    int resumed = 0;
    for(size_t i = 0; i < r->ncues; i++)
        resumed |= !r->cues[i].negated && r->cues[i].kind == SD_CUE_RESUMED;
    for(size_t i = 0; i < r->ncues; i++)
        if(!r->cues[i].negated && r->cues[i].kind == SD_CUE_PUMP_CRITICAL)
            u->pump_critical = 1;
    for(size_t i = 0; i < r->nflags; i++)
        if(!r->flags[i].negated && r->flags[i].status == SD_STATUS_CURRENT &&
           !strcmp(sd_frame((size_t)r->flags[i].frame)->id, "pump-critical"))
            u->pump_critical = 1;
    if(u->pump_critical && u->route == SD_ROUTE_UNKNOWN) {
        u->route = SD_ROUTE_INTRATHECAL;
        u->route_from_text = 1;
    }

    for(size_t i = 0; i < ctx->nevents; i++) {
        const sd_dose_event *e = &ctx->events[i];
        if(interruption_kind(e->kind)) {
            flag_interrupt = 1;
            /* A stop given as context has not ended: the checker is not
            ** told of a restart. */
            consider(u, e->kind, e->hours_ago, e->slack, 0,
                     e->kind == SD_CUE_STOPPED);
        } else if(e->kind == SD_CUE_INCREASED) {
            flag_increase = 1;
            if(e->hours_ago < 0 ||
               e->hours_ago - e->slack < SD__INCREASE_WINDOW_H)
                u->increase = 1;
        } else if(e->kind == SD_CUE_EXTRA) {
            flag_extra = 1;
            u->extra = 1;
        }
    }
    if(ctx->hours_since_dose >= 0 && u->onset_min > 0 &&
       ctx->hours_since_dose >= u->onset_min) {
        flag_interrupt = 1;
        consider(u, SD_CUE_MISSED, ctx->hours_since_dose, 0, 0, 1);
    }
    for(size_t i = 0; i < r->ncues; i++) {
        const sd_cue *c = &r->cues[i];
        if(c->negated)
            continue;
        if(interruption_kind(c->kind) && !flag_interrupt)
            consider(u, c->kind, c->hours_ago, cue_slack(c->hours_ago), 1,
                     c->ongoing && !resumed);
        else if(c->kind == SD_CUE_PUMP_CRITICAL && !flag_interrupt)
            consider(u, SD_CUE_PUMP, c->hours_ago, cue_slack(c->hours_ago), 1,
                     1);
        else if(c->kind == SD_CUE_INCREASED && !flag_increase &&
                (c->hours_ago < 0 || c->hours_ago - cue_slack(c->hours_ago) <
                                         SD__INCREASE_WINDOW_H))
            u->increase = 1;
        else if(c->kind == SD_CUE_EXTRA && !flag_extra)
            u->extra = 1;
        if(c->kind == SD_CUE_EXTRA) {
            int amount = c->amount ? c->amount : 1;
            if(amount > u->extra_amount)
                u->extra_amount = amount;
        }
    }
    for(size_t i = 0; i < r->nmeasures; i++) {
        const sd_measure *m = &r->measures[i];
        int amount;
        /* Tablets beyond the plan; milligrams count as 10 mg tablets (the
        ** usual strength); a dose taken instead of a smaller one by its
        ** ratio. stepdown triage policy (docs/TRIAGE.md). */
        if(m->kind == SD_MEASURE_TABLETS)
            amount = m->value >= 10 ? 3 : m->value >= 3 ? 2 : 1;
        else if(m->kind == SD_MEASURE_EXTRA_MG)
            amount = m->value >= 100 ? 3 : m->value >= 30 ? 2 : 1;
        else if(m->kind == SD_MEASURE_DOSE_RATIO && m->value > 1)
            amount = m->value >= 5 ? 3 : m->value >= 3 ? 2 : 1;
        else
            continue;
        u->extra = 1;
        if(amount > u->extra_amount)
            u->extra_amount = amount;
    }
    /* "from 20mg to 10mg": a cut the text gives by its numbers. */
    for(size_t i = 0; i < r->nmeasures && !flag_interrupt; i++)
        if(r->measures[i].kind == SD_MEASURE_DOSE_CHANGE &&
           r->measures[i].value < 0) {
            double h = -1;
            for(size_t c = 0; c < r->ncues; c++)
                if(r->cues[c].hours_ago >= 0 &&
                   r->cues[c].start >= r->measures[i].start &&
                   r->cues[c].start <= r->measures[i].end + 40)
                    h = r->cues[c].hours_ago;
            consider(u, SD_CUE_REDUCED, h, cue_slack(h), 1, 0);
        } else if(r->measures[i].kind == SD_MEASURE_DOSE_CHANGE &&
                  !flag_increase) {
            u->increase = 1;
        }
    if(u->pump_critical && !flag_interrupt && !u->interruption)
        consider(u, SD_CUE_PUMP, -1, 0, 1, 1);
    if(u->extra && !u->extra_amount)
        u->extra_amount = 1;

    /* The label maximum: the lowest adult oral maximum of the monograph. */
    if(u->route != SD_ROUTE_INTRATHECAL) {
        u->max_ug_day = sd_monograph_adult_max(k->m, "oral");
        if(u->max_ug_day && ctx->dose_ug_day > u->max_ug_day)
            u->above_max = 1;
    }

    *band = NULL;
    double egfr = ctx->egfr;
    for(size_t i = 0; egfr < 0 && i < r->nmeasures; i++)
        if(r->measures[i].kind == SD_MEASURE_EGFR &&
           r->measures[i].value > 0 && r->measures[i].value < 200) {
            egfr = r->measures[i].value;
            u->kidney_from_text = 1;
        }
    if(egfr >= 0) {
        kidney_from_egfr(k->m, egfr, u, band);
    } else {
        for(size_t i = 0; i < r->ncues; i++) {
            const sd_cue *c = &r->cues[i];
            if(c->negated)
                continue;
            if(c->kind == SD_CUE_KIDNEY_FAILURE && u->kidney_level < 3) {
                u->kidney_level = 3;
                u->kidney_from_text = 1;
            } else if(c->kind == SD_CUE_KIDNEY && u->kidney_level < 2) {
                u->kidney_level = 2;
                u->kidney_from_text = 1;
            }
        }
    }

    u->alcohol = ctx->alcohol == 1;
    u->sedatives = ctx->sedatives == 1;
    for(size_t i = 0; i < r->ncues; i++) {
        const sd_cue *c = &r->cues[i];
        if(c->negated)
            continue;
        if(c->kind == SD_CUE_ALCOHOL && ctx->alcohol < 0)
            u->alcohol = 1;
        if(c->kind == SD_CUE_SEDATIVE && ctx->sedatives < 0)
            u->sedatives = 1;
    }
    u->elderly = ctx->age >= SD__ELDERLY_AGE;
    /* Extra doses on top of alcohol or another sedative: the overdose
    ** floor of 'I overdosed' (stepdown triage policy). */
    if(u->extra && (u->alcohol || u->sedatives) && u->extra_amount < 2)
        u->extra_amount = 2;

}

static const char *when_words(struct chk *k, double hours, int from_text)
{
    const char *src = from_text ? "said in the text" : "given as context";
    if(hours < 0)
        return fmt(k, "(%s, no time given)", src);
    if(hours >= 48)
        return fmt(k, "about %.0f days ago (%s)", hours / 24, src);
    return fmt(k, "about %.0f hours ago (%s)", hours, src);
}

/* ---- per finding ---- */

static int has_finding(const sd_assessment *a, const sd_monograph *m,
                       const char *id)
{
    for(size_t i = 0; i < a->reading.nfindings; i++) {
        const sd_finding *f = &a->reading.findings[i];
        if(!f->negated && f->status == SD_STATUS_CURRENT &&
           !strcmp(sd_monograph_concept(m, f->concept)->id, id))
            return 1;
    }
    return 0;
}

static void check_finding(struct chk *k, size_t i,
                          const sd_kidney_band *band)
{
    sd_assessment *a = k->a;
    const sd_finding *f = &a->reading.findings[i];
    const sd_concept *c = sd_monograph_concept(k->m, f->concept);
    const sd_used_context *u = &a->used;
    long fi = (long)i;
    sd_reason *x;

    a->levels[i] = SD_DISP_INFO;
    if(c->roles & SD_ROLE_SIDE_EFFECT)
        a->explanations[i] |= SD_EXPL_SIDE_EFFECT;

    x = add(k, SD__R_CONCEPT, fi, c->disposition,
            fmt(k, "'%s' is %s (%s tier)", c->name,
                sd_disposition_name(c->disposition), sd_tier_name(c->tier)));
    if(x) {
        x->advice = c->advice;
        x->fact = c->freq.known
                      ? fmt(k, "%s: %g-%g%% in the label's trials%s%s", c->name,
                            c->freq.min, c->freq.max,
                            c->freq.note ? "; " : "",
                            c->freq.note ? c->freq.note : "")
                      : fmt(k, "%s is listed as a %s %s", c->name,
                            sd_tier_name(c->tier),
                            c->roles & SD_ROLE_SIDE_EFFECT
                                ? "adverse reaction"
                                : "sign of withdrawal or overdose");
        x->src = c->freq.known ? c->freq.src : c->src;
    }
    if(c->tier == SD_TIER_SERIOUS && (x = add(k, SD__R_SERIOUS, fi, -1,
                                              fmt(k, "'%s' is serious",
                                                  c->name)))) {
        x->fact = c->seed ? fmt(k, "%s is on the seed's list of effects that "
                                   "mean call your doctor immediately",
                                c->name)
                          : fmt(k, "%s is a serious reaction in the sources",
                                c->name);
        x->src = c->src;
        x->advice = c->advice;
    }
    if(c->disposition == SD_DISP_SELF_CARE &&
       (f->intensity == SD_INTENSITY_SEVERE || f->worsening || f->lasting)) {
        x = add(k, SD__R_ESCALATE, fi, -1,
                fmt(k, "'%s' is %s", c->name,
                    f->intensity == SD_INTENSITY_SEVERE ? "severe"
                    : f->worsening                      ? "getting worse"
                                                        : "lasting"));
        if(x && c->escalate)
            x->advice = fmt(k, "Tell your prescriber within a few days. "
                               "Sooner if %s", c->escalate);
    }
    if(f->intensity == SD_INTENSITY_SEVERE && (c->roles & SD_ROLE_OVERDOSE))
        add(k, SD__R_SEVERE_SEDATION, fi, -1,
            fmt(k, "'%s' is severe and is an overdose sign", c->name));

    /* Withdrawal. */
    int red = in_list(c->id, sd__red_withdrawal) ||
              ((!strcmp(c->id, sd__red_pair[0]) && k->pair[1]) ||
               ((!strcmp(c->id, sd__red_pair[1]) ||
                 !strcmp(c->id, "rebound-spasticity")) && k->pair[0]));
    if(u->interruption && u->interruption_in_window) {
        const char *when = when_words(k, u->interruption_hours,
                                      u->interruption_from_text);
        if(c->roles & SD_ROLE_WITHDRAWAL) {
            x = add(k, SD__R_WITHDRAWAL, fi, -1,
                    fmt(k, "'%s' is a withdrawal sign and %s %s", c->name,
                        event_words(u->interruption_kind), when));
            const sd_param *p;
            if(x && sd_monograph_params(k->m, "withdrawal", "onset", &p)) {
                x->fact = fmt(k, "Withdrawal begins %g-%g %s %s", p->min,
                              p->max, p->unit, p->note ? p->note : "");
                x->src = p->src;
            }
        }
        if(red)
            add(k, SD__R_WITHDRAWAL_RED, fi, -1,
                fmt(k, "'%s' %s %s", c->name,
                    event_words(u->interruption_kind), when));
        if(u->route == SD_ROUTE_INTRATHECAL &&
           ((c->roles & SD_ROLE_WITHDRAWAL) || in_list(c->id, sd__red_it))) {
            add(k, SD__R_IT_WITHDRAWAL, fi, -1,
                fmt(k, "intrathecal route and %s %s",
                    event_words(u->interruption_kind), when));
            if(in_list(c->id, sd__red_it))
                add(k, SD__R_IT_RED, fi, -1,
                    fmt(k, "'%s' with an intrathecal pump after %s", c->name,
                        event_words(u->interruption_kind)));
        }
    } else if(u->interruption && (c->roles & SD_ROLE_WITHDRAWAL)) {
        x = add(k, SD__R_WITHDRAWAL_LATE, fi, -1,
                fmt(k, "%s about %.0f days ago, after the %g-%g h onset "
                       "window", event_words(u->interruption_kind),
                    u->interruption_hours / 24, u->onset_min, u->onset_max));
        const sd_param *p;
        if(x && sd_monograph_params(k->m, "withdrawal", "onset", &p)) {
            x->fact = fmt(k, "Withdrawal begins %g-%g %s %s", p->min, p->max,
                          p->unit, p->note ? p->note : "");
            x->src = p->src;
        }
    }

    /* Happening now or repeated. */
    if(f->ongoing && in_list(c->id, sd__red_ongoing))
        add(k, SD__R_ONGOING, fi, -1,
            fmt(k, "'%s' is going on now, lasts or repeats", c->name));

    /* On the intrathecal route with no interruption known. */
    if(u->route == SD_ROUTE_INTRATHECAL &&
       !(u->interruption && u->interruption_in_window)) {
        if(in_list(c->id, sd__it_early) || (c->roles & SD_ROLE_WITHDRAWAL))
            add(k, SD__R_IT_POSSIBLE, fi, -1,
                fmt(k, "'%s' with an intrathecal pump, no interruption "
                       "known", c->name));
        if(in_list(c->id, sd__it_grave))
            add(k, SD__R_IT_POSSIBLE_RED, fi, -1,
                fmt(k, "'%s' with an intrathecal pump", c->name));
    }

    /* Overdose. */
    if(c->roles & SD_ROLE_OVERDOSE) {
        if(u->above_max || u->extra) {
            const char *why =
                u->extra ? "extra was taken"
                         : fmt(k, "the daily dose is above the %.4g mg label "
                                  "maximum", (double)u->max_ug_day / 1000);
            add(k, SD__R_OVERDOSE, fi, -1,
                fmt(k, "'%s' is an overdose sign and %s", c->name, why));
            /* Signs of a depressed brain after taking extra are the
            ** overdose emergency (PRODUCT.md: coma, slowed breathing);
            ** drowsiness counts with alcohol or sedatives or after more
            ** than one extra dose. */
            if(in_list(c->id, sd__red_overdose) ||
               (u->extra && in_list(c->id, sd__red_overdose_cns)) ||
               (u->extra && !strcmp(c->id, "drowsiness") &&
                (u->extra_amount >= 2 || u->alcohol || u->sedatives)))
                add(k, SD__R_OVERDOSE_RED, fi, -1,
                    fmt(k, "'%s' with an overdose picture", c->name));
        } else if(u->increase) {
            add(k, SD__R_INCREASE, fi, -1,
                fmt(k, "'%s' is an overdose sign and the dose went up "
                       "recently", c->name));
        }
    }

    /* Kidneys. */
    if((c->roles & (SD_ROLE_OVERDOSE | SD_ROLE_TOXICITY)) && u->kidney_level) {
        static const int lv[4] = {0, SD_DISP_CONTACT_SOON, SD_DISP_CALL_TODAY,
                                  SD_DISP_CALL_NOW};
        x = add(k, SD__R_KIDNEY, fi, lv[u->kidney_level],
                fmt(k, "'%s' with %s kidney function%s", c->name,
                    u->kidney_level == 3   ? "severely reduced"
                    : u->kidney_level == 2 ? "moderately reduced"
                                           : "mildly reduced",
                    u->kidney_from_text ? " (said in the text)" : ""));
        if(x && band) {
            x->fact = fmt(k, "eGFR %g-%g: %s", band->lower < 0 ? 0 : band->lower,
                          band->upper, band->text);
            if(band->upper < 0)
                x->fact = fmt(k, "eGFR %g and above: %s", band->lower,
                              band->text);
            else if(band->lower < 0)
                x->fact = fmt(k, "eGFR below %g: %s", band->upper, band->text);
            x->src = band->src;
        }
    }

    /* Alcohol and sedatives; older adults. */
    if(((c->roles & SD_ROLE_OVERDOSE) ||
        (!strcmp(c->id, "tiredness") && f->intensity == SD_INTENSITY_SEVERE)) &&
       (u->alcohol || u->sedatives))
        add(k, SD__R_SEDATIVES, fi, -1,
            fmt(k, "'%s' with %s", c->name,
                u->alcohol && u->sedatives ? "alcohol and another sedative"
                : u->alcohol               ? "alcohol"
                                           : "another sedative"));
    if((c->roles & SD_ROLE_OVERDOSE) && u->elderly)
        add(k, SD__R_ELDERLY, fi, -1,
            fmt(k, "'%s' at age 65 or over", c->name));
}

/* The longest prefix of s[0..n) of at most max bytes that does not cut a
** UTF-8 sequence (the input was validated as UTF-8). */
static size_t utf8_prefix(const char *s, size_t n, size_t max)
{
    if(n <= max)
        return n;
    while(max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

static int fired(const sd_assessment *a, int rule)
{
    for(size_t i = 0; i < a->nreasons; i++)
        if(a->reasons[i].rule == sd__rules[rule].id)
            return 1;
    return 0;
}

/* The question that rules a concept in or out, or NULL. */
static const char *concept_question(const char *id)
{
    static const char *const map[][2] = {
        {"seizure", "fit-now"}, {"dyspnea", "breathing-normal"},
        {"respiratory-depression", "breathing-normal"},
        {"unresponsive", "can-wake"}, {"suicidal-thoughts", "self-harm"},
        {"hallucinations", "confused"}, {"confusion", "confused"},
        {"delusions", "confused"}, {"fever", "high-fever"},
        {"drowsiness", "can-wake"}, {"encephalopathy", "can-wake"},
        {"rash", "swelling"}};
    for(size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if(!strcmp(map[i][0], id))
            return map[i][1];
    return NULL;
}

static void want_q(unsigned *set, const char *id)
{
    for(size_t i = 0; id && sd__questions[i].id; i++)
        if(!strcmp(sd__questions[i].id, id))
            *set |= 1u << i;
}

static const sd_answer *answer_of(const sd_context *ctx, const char *id)
{
    for(size_t i = 0; i < ctx->nanswers; i++)
        if(!strcmp(ctx->answers[i].id, id))
            return &ctx->answers[i];
    return NULL;
}

static void span_words(struct chk *k, size_t start, size_t end, char *out,
                       size_t cap);

/* Red flags from frames and measurements; what is not current; the
** amount taken; pump, newborn, pregnancy, kidneys. Also which questions
** could change the answer. */
static void check_flags(struct chk *k, const sd_context *ctx,
                        unsigned *qset)
{
    sd_assessment *a = k->a;
    const sd_used_context *u = &a->used;
    const sd_reading *r = &a->reading;
    int newborn = 0, newborn_red = 0, pregnant = 0;
    char w[160];

    for(size_t i = 0; i < r->nflags; i++) {
        const sd_flag *f = &r->flags[i];
        const sd_frame_info *in = sd_frame((size_t)f->frame);
        if(f->negated)
            continue;
        span_words(k, f->start, f->end, w, sizeof(w));
        if(f->status != SD_STATUS_CURRENT) {
            sd_reason *x = add(k, SD__R_NOT_CURRENT, -1, -1,
                               fmt(k, "'%s' (%s) is %s", w, in->what,
                                   f->status == SD_STATUS_PAST
                                       ? "in the past"
                                       : "a question or a possibility"));
            (void)x;
            want_q(qset, in->question);
            continue;
        }
        if(!strcmp(in->id, "newborn-withdrawal"))
            newborn = 1;
        if(!strcmp(in->id, "blue-lips"))
            newborn_red = 1;
        if(!strcmp(in->id, "pump-critical"))
            continue;   /* the pump rule below */
        if(in->level < 0)
            continue;   /* its concept's rules apply */
        sd_reason *x = add(k, strncmp(in->id, "unclear-", 8) ? SD__R_FRAME
                                                           : SD__R_UNCLEAR,
                           -1, in->level, fmt(k, "'%s': %s", w, in->what));
        want_q(qset, in->question);
        if(x)
            x->policy = in->policy;
    }
    for(size_t i = 0; i < r->nfindings; i++) {
        const sd_finding *f = &r->findings[i];
        const sd_concept *c = sd_monograph_concept(k->m, f->concept);
        if(f->negated)
            continue;
        if(f->status != SD_STATUS_CURRENT) {
            if(f->frame < 0) {
                span_words(k, f->start, f->end, w, sizeof(w));
                add(k, SD__R_NOT_CURRENT, (long)i, SD_DISP_INFO,
                    fmt(k, "'%s' (%s) is %s", w, c->name,
                        f->status == SD_STATUS_PAST
                            ? "in the past"
                            : "a question or a possibility"));
            }
            want_q(qset, concept_question(c->id));
            continue;
        }
        if(in_list(c->id, sd__red_ongoing))
            newborn_red = 1;
        if(!strcmp(c->id, "seizure") && !f->ongoing)
            want_q(qset, "fit-now");
        if(!strcmp(c->id, "drowsiness") || !strcmp(c->id, "confusion") ||
           !strcmp(c->id, "tiredness") || !strcmp(c->id, "encephalopathy")) {
            want_q(qset, "can-wake");
            want_q(qset, "breathing-normal");
        }
        if(!strcmp(c->id, "rash") || !strcmp(c->id, "itching"))
            want_q(qset, "swelling");
    }
    for(size_t i = 0; i < r->nmeasures; i++)
        if(r->measures[i].kind == SD_MEASURE_AGE &&
           r->measures[i].value < 0.1)
            newborn = 1;
    int hives = 0, faint = 0;
    for(size_t i = 0; i < r->nflags; i++)
        hives |= !r->flags[i].negated &&
                 r->flags[i].status == SD_STATUS_CURRENT &&
                 !strcmp(sd_frame((size_t)r->flags[i].frame)->id, "hives");
    faint = has_finding(a, k->m, "dizziness") ||
            has_finding(a, k->m, "syncope") ||
            has_finding(a, k->m, "hypotension") ||
            has_finding(a, k->m, "dyspnea");
    if(hives && faint) {
        sd_reason *x = add(k, SD__R_FRAME, -1, SD_DISP_EMERGENCY,
                           "hives with faintness or trouble breathing: a "
                           "possible anaphylaxis");
        if(x)
            x->policy = "stepdown triage policy: hives with faintness or "
                        "trouble breathing is treated as anaphylaxis "
                        "(PRODUCT.md: swelling of the lips or tongue is "
                        "an emergency)";
    }
    /* After a pump refill, signs of too much (IT label: overdose after a
    ** refill or programming error); new forgetfulness with weak kidneys
    ** (toxicity). */
    int refill = 0, forgetful = 0;
    for(size_t i = 0; i < r->nflags; i++) {
        const sd_flag *f = &r->flags[i];
        const char *id = sd_frame((size_t)f->frame)->id;
        if(f->negated || f->status != SD_STATUS_CURRENT)
            continue;
        refill |= !strcmp(id, "pump-refill");
        forgetful |= !strcmp(id, "forgetful");
    }
    if(refill && (has_finding(a, k->m, "drowsiness") ||
                  has_finding(a, k->m, "weakness") ||
                  has_finding(a, k->m, "hypotonia") ||
                  has_finding(a, k->m, "dizziness"))) {
        sd_reason *x = add(k, SD__R_FRAME, -1, SD_DISP_CALL_TODAY,
                           "drowsiness, dizziness or weakness after a pump "
                           "refill");
        if(x) {
            x->policy = "IT label (fact sheet 6): overdose after a refill or "
                        "programming error shows as drowsiness, dizziness and "
                        "floppiness; stepdown triage policy: call-today";
            x->advice = "Call your pump team today: the new refill or "
                        "setting may be too strong. If you are very drowsy "
                        "or breathe slowly, call emergency services.";
        }
    }
    if(forgetful && u->kidney_level >= 2)
        add(k, SD__R_KIDNEY, -1, SD_DISP_CALL_NOW,
            "new forgetfulness with reduced kidney function");
    int alc_stop = 0;
    for(size_t i = 0; i < r->ncues; i++)
        alc_stop |= !r->cues[i].negated &&
                    r->cues[i].kind == SD_CUE_ALCOHOL_STOP &&
                    (r->cues[i].hours_ago < 0 ||
                     r->cues[i].hours_ago <= 7 * 24);
    for(size_t i = 0; alc_stop && i < r->nfindings; i++) {
        const sd_finding *f = &r->findings[i];
        const sd_concept *c = sd_monograph_concept(k->m, f->concept);
        if(!f->negated && f->status == SD_STATUS_CURRENT &&
           (c->roles & SD_ROLE_WITHDRAWAL))
            add(k, SD__R_ALCOHOL_WD, (long)i, -1,
                fmt(k, "'%s' after stopping alcohol", c->name));
    }
    if(newborn && newborn_red)
        add(k, SD__R_NEWBORN_RED, -1, -1,
            "a newborn with signs of withdrawal and a red flag");
    for(size_t i = 0; i < r->ncues; i++)
        pregnant |= !r->cues[i].negated && r->cues[i].kind == SD_CUE_PREGNANT;
    if(pregnant)
        add(k, SD__R_PREGNANCY, -1, -1, "pregnancy or breastfeeding");
    if(u->pump_critical)
        add(k, SD__R_PUMP_CRITICAL, -1, -1,
            "the pump has stopped or gives its critical alarm");
    if(u->extra_amount >= 2)
        add(k, SD__R_OVERDOSE_AMOUNT, -1,
            u->extra_amount >= 3 ? SD_DISP_EMERGENCY : SD_DISP_CALL_NOW,
            u->extra_amount >= 3 ? "a large amount was taken"
                                 : "an overdose or 3 or more extra tablets");
    if(u->extra) {
        want_q(qset, "can-wake");
        want_q(qset, "breathing-normal");
    }
    if(u->interruption && u->interruption_in_window) {
        want_q(qset, "fit-now");
        want_q(qset, "confused");
        want_q(qset, "high-fever");
    }
    if(r->nunrecognised) {
        want_q(qset, "can-wake");
        want_q(qset, "breathing-normal");
        want_q(qset, "fit-now");
        want_q(qset, "self-harm");
        if(u->route == SD_ROUTE_INTRATHECAL)
            want_q(qset, "high-fever");
    }

    /* Answers. */
    for(size_t i = 0; i < ctx->nanswers; i++) {
        const sd_question *q = sd_triage_question_find(ctx->answers[i].id);
        if(!q || ctx->answers[i].yes != q->worrying_answer)
            continue;
        sd_reason *x = add(k, SD__R_ANSWER, -1, q->level,
                           fmt(k, "'%s' answered %s: %s", q->id,
                               ctx->answers[i].yes ? "yes" : "no", q->why));
        if(x) {
            x->policy = q->policy;
            x->advice = q->level >= SD_DISP_EMERGENCY
                            ? "Call emergency services now."
                            : "Call your prescriber now; if you cannot "
                              "reach them, go to urgent care.";
        }
    }
}

static int set_questions(struct chk *k, const sd_context *ctx, unsigned qset)
{
    sd_assessment *a = k->a;
    size_t n = 0;
    a->nquestions = 0;
    for(size_t i = 0; sd__questions[i].id; i++)
        n += (qset >> i) & 1;
    if(!n)
        return SD_OK;
    const sd_question **q = sd_realloc(a->questions, n * sizeof(*q));
    if(!q)
        return SD_ERR_NOMEM;
    a->questions = q;
    for(size_t i = 0; sd__questions[i].id; i++) {
        const sd_question *x = &sd__questions[i];
        if(!((qset >> i) & 1) || answer_of(ctx, x->id) ||
           x->level <= a->disposition)
            continue;
        q[a->nquestions++] = x;
    }
    return SD_OK;
}

static int check_report(struct chk *k)
{
    sd_assessment *a = k->a;
    const sd_used_context *u = &a->used;
    const sd_reading *r = &a->reading;
    size_t active = 0;

    for(size_t i = 0; i < r->nfindings; i++)
        active += !r->findings[i].negated &&
                  r->findings[i].status == SD_STATUS_CURRENT;

    if(u->interruption && u->interruption_in_window &&
       (u->interruption_kind == SD_CUE_STOPPED ||
        u->interruption_kind == SD_CUE_MISSED) &&
       !fired(a, SD__R_WITHDRAWAL) && !fired(a, SD__R_WITHDRAWAL_RED))
        add(k, SD__R_STOPPED, -1, -1,
            fmt(k, "%s %s", event_words(u->interruption_kind),
                when_words(k, u->interruption_hours,
                           u->interruption_from_text)));
    int pump = 0;
    for(size_t i = 0; i < r->ncues; i++)
        pump |= !r->cues[i].negated && r->cues[i].kind == SD_CUE_PUMP;
    pump |= u->interruption && u->interruption_kind == SD_CUE_PUMP;
    if(pump && !fired(a, SD__R_IT_WITHDRAWAL))
        add(k, SD__R_PUMP, -1, -1, "a pump alarm or pump problem");
    if(u->extra && !fired(a, SD__R_OVERDOSE))
        add(k, SD__R_EXTRA, -1, -1, "more than prescribed was taken");

    if(r->nunrecognised) {
        char buf[600];
        size_t n = 0;
        for(size_t i = 0; i < r->nunrecognised; i++) {
            const sd_span *s = &r->unrecognised[i];
            const char *w = r->text.src + s->start;
            size_t wl = utf8_prefix(w, s->end - s->start, 60);
            if(n + wl + 12 >= sizeof(buf)) {
                memcpy(buf + n, ", ...", 6);
                n += 5;
                break;
            }
            n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s'%.*s%s'",
                                  i ? ", " : "", (int)wl, w,
                                  wl < s->end - s->start ? "..." : "");
        }
        add(k, active ? SD__R_UNRECOGNISED_EXTRA : SD__R_UNRECOGNISED, -1, -1,
            fmt(k, "not recognised: %s", buf));
        /* A taper named without a time ("taper going fine") is the
        ** patient's situation, not a recent change. */
        int recent = u->interruption && u->interruption_in_window &&
                     (u->interruption_hours >= 0 || u->interruption_ongoing ||
                      !u->interruption_from_text ||
                      u->interruption_kind != SD_CUE_REDUCED);
        if(recent || u->increase || u->extra)
            add(k, SD__R_UNRECOGNISED_CHANGE, -1, -1,
                fmt(k, "not recognised: %s", buf));
    } else if(!active && !a->nreasons) {
        add(k, SD__R_NOTHING, -1, -1, "no symptom reported");
    }
    if(!active && u->kidney_level >= 3)
        add(k, SD__R_KIDNEY_CONTEXT, -1, -1,
            "kidney failure or dialysis, no symptom");
    return k->nomem ? SD_ERR_NOMEM : SD_OK;
}

/* The words of the input in [start, end), cut to fit. */
static void span_words(struct chk *k, size_t start, size_t end, char *out,
                       size_t cap)
{
    const sd_reading *r = &k->a->reading;
    size_t n = end > start ? end - start : 0;
    n = utf8_prefix(r->text.src + start, n, cap - 1);
    memcpy(out, r->text.src + start, n);
    out[n] = '\0';
}

static void headline(sd_assessment *a)
{
    static const char *const h[SD_DISP_COUNT] = {
        "Nothing here needs action.",
        "Self-care: this can usually be managed at home. Mention it at your "
        "next visit if it persists.",
        "Contact your prescriber within the next few days.",
        "Call your prescriber today. Do not change your dose on your own.",
        "Call your prescriber now. If you cannot reach them, go to urgent "
        "care.",
        "Call emergency services now."};
    a->headline = h[a->disposition];
}

int sd_check(const sd_lexicon *lx, const sd_context *ctx, const char *text,
             size_t len, sd_assessment *a, sd_error *err)
{
    struct priv *p = a->priv;
    sd_context none;
    const sd_kidney_band *band;
    int rc;

    if(!p) {
        if(!(p = sd_calloc(1, sizeof(*p))))
            goto nomem;
        a->priv = p;
    }
    sd__arena_release(&p->arena);
    a->disposition = SD_DISP_INFO;
    a->nreasons = 0;
    a->headline = NULL;
    if(!ctx) {
        sd_context_init(&none);
        ctx = &none;
    }
    int bad_ctx = ctx->route < SD_ROUTE_UNKNOWN ||
                  ctx->route > SD_ROUTE_INTRATHECAL ||
                  ctx->nevents > SD_CONTEXT_MAX_EVENTS;
    for(size_t i = 0; !bad_ctx && i < ctx->nevents; i++)
        bad_ctx = ctx->events[i].kind < 0 ||
                  ctx->events[i].kind >= SD_CUE_COUNT ||
                  ctx->events[i].hours_ago != ctx->events[i].hours_ago;
    if(bad_ctx) {
        sd_error_setf(err, "invalid context: route or dose events out of "
                      "range");
        return SD_ERR_USAGE;
    }
    if(len > SD_CHECK_MAX_TEXT) {
        sd_error_setf(err, "the text is %zu bytes; the checker reads one "
                      "report of at most %zu bytes: send the symptoms alone",
                      len, SD_CHECK_MAX_TEXT);
        return SD_ERR_USAGE;
    }
    if((rc = sd_read(lx, text, len, &a->reading, err)))
        return rc;
    if(!a->reading.nwords) {
        int digits = 0;
        for(size_t i = 0; i < a->reading.text.ntok; i++)
            digits |= a->reading.text.tok[i].kind == SD_TOK_NUMBER;
        if(!digits) {
            sd_error_setf(err, "the text has no words: describe the "
                          "symptom in your own words, e.g. \"dizzy since "
                          "this morning\"");
            return SD_ERR_USAGE;
        }
    }
    size_t n = a->reading.nfindings;
    if(n > a->cap) {
        unsigned *e = sd_realloc(a->explanations, n * sizeof(*e));
        if(!e)
            goto nomem;
        a->explanations = e;
        int *l = sd_realloc(a->levels, n * sizeof(*l));
        if(!l)
            goto nomem;
        a->levels = l;
        a->cap = n;
    }
    struct chk k = {sd_lexicon_monograph(lx), a, &p->arena, 0, {0, 0}};
    k.pair[0] = has_finding(a, k.m, sd__red_pair[0]);
    k.pair[1] = has_finding(a, k.m, sd__red_pair[1]) ||
                has_finding(a, k.m, "rebound-spasticity");
    use_context(&k, ctx, &band);
    for(size_t i = 0; i < n; i++) {
        a->explanations[i] = 0;
        a->levels[i] = -1;
        if(!a->reading.findings[i].negated &&
           a->reading.findings[i].status == SD_STATUS_CURRENT)
            check_finding(&k, i, band);
        else if(!a->reading.findings[i].negated)
            a->levels[i] = SD_DISP_INFO;
    }
    unsigned qset = 0;
    check_flags(&k, ctx, &qset);
    if(check_report(&k) || k.nomem || set_questions(&k, ctx, qset))
        goto nomem;
    headline(a);
    return SD_OK;
nomem:
    a->nreasons = 0;
    sd_error_setf(err, "out of memory");
    return SD_ERR_NOMEM;
}

/*
** taper_policy.c: presets and the default speed by risk (taper_policy.h).
**
** The numbers of the presets come from the monograph's tapering section;
** the fact sheet keeps their confidence (the percent and milligram steps
** are low-confidence lay and AI-generated sources, the 1-2 week minimum is
** from labels and guides). docs/PLAN.md explains each choice; the
** thresholds of the risk points are stepdown's own policy (TAPER-POLICY)
** and say so.
*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "stepdown/taper_policy.h"

#define fail(err, ...) (sd_error_setf((err), __VA_ARGS__), SD_ERR_USAGE)

/* Ordered from the slowest to the fastest. */
static const sd_taper_preset presets[] = {
    {"very-slow", "10 % of the daily dose every 4 weeks, at least 2.5 mg",
     10000, 2500, 0, 28, -1, 0, 0,
     "10 % of the dose every 2-4 weeks, the slow end (low confidence: no "
     "primary source)", "DRORACLE TAPER-POLICY"},
    {"slow", "10 % of the daily dose every 2 weeks, at least 2.5 mg",
     10000, 2500, 0, 14, -1, 0, 0,
     "10 % of the dose every 2-4 weeks, the fast end (low confidence: no "
     "primary source)", "DRORACLE TAPER-POLICY"},
    {"standard", "10 % of the daily dose every week, at least 5 mg",
     10000, 5000, 0, 7, -1, 0, 0,
     "5-10 mg every 3-7 days and 10-20 % every 1-2 weeks, at their slow "
     "ends (low confidence: no primary source)",
     "LAY-TAPER DRORACLE TAPER-POLICY"},
    {"two-weeks", "four equal cuts over the label's minimum of 2 weeks",
     0, 0, 4, 4, -1, 0, 0,
     "over about 1-2 weeks by successive reductions; at least 2 weeks "
     "(oral); 180 mg/day was tapered over 2 weeks in a trial",
     "PMS SANTE-DZ PDR-GABLOFEN ALPADIR"},
    {"rapid", "four equal cuts over 1 week, for a serious adverse reaction "
     "on a clinician's order", 0, 0, 4, 2, 7, 1, 0,
     "reduce slowly unless a serious adverse reaction requires otherwise; "
     "1 week is the short end of 1-2 weeks", "US-TAB OZO PMS"},
    {"stop", "stop at once, for a serious adverse reaction on a "
     "clinician's order", 0, 0, 0, 1, 0, 1, 1,
     "a severe reaction may call for stopping at once, under a doctor's "
     "care", "US-TAB OZO SEED"},
};

#define NPRESETS (sizeof(presets) / sizeof(presets[0]))

size_t sd_taper_npresets(void)
{
    return NPRESETS;
}

const sd_taper_preset *sd_taper_preset_at(size_t i)
{
    return i < NPRESETS ? &presets[i] : NULL;
}

const sd_taper_preset *sd_taper_preset_find(const char *name)
{
    for(size_t i = 0; name && i < NPRESETS; i++)
        if(!strcmp(presets[i].name, name))
            return &presets[i];
    return NULL;
}

void sd_taper_patient_init(sd_taper_patient *pt)
{
    memset(pt, 0, sizeof(*pt));
    pt->days_on_drug = -1;
    pt->age = -1;
    pt->egfr = -1;
}

static void tags(const sd_monograph *m, struct sd_srcref src, char *out,
                 size_t n)
{
    size_t k = 0;
    out[0] = '\0';
    for(size_t i = 0; i < src.n && k < n; i++) {
        const sd_source *s = sd_monograph_source(m, src.idx[i]);
        if(s)
            k += (size_t)snprintf(out + k, n - k, "%s%s", k ? " " : "",
                                  s->id);
    }
}

static void add(sd_taper_policy *pol, int points, const char *sources,
                const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void add(sd_taper_policy *pol, int points, const char *sources,
                const char *fmt, ...)
{
    if(pol->nfactors >= SD_TAPER_MAX_FACTORS)
        return;
    sd_taper_factor *f = &pol->factors[pol->nfactors++];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->text, sizeof(f->text), fmt, ap);
    va_end(ap);
    f->points = points;
    snprintf(f->sources, sizeof(f->sources), "%s", sources);
    pol->points += points;
}

/* The label's minimum duration in days: the longest "minimum taper
** duration" the tapering section gives (the safe end of the range). */
static int label_minimum(const sd_monograph *m, char *src, size_t n)
{
    int best = 0;
    src[0] = '\0';
    for(size_t i = 0; i < sd_monograph_nparams(m, "tapering"); i++) {
        const sd_param *p = sd_monograph_param(m, "tapering", i);
        if(strncmp(p->name, "minimum taper duration", 22))
            continue;
        int d = !strcmp(p->unit, "weeks") ? (int)(p->max * 7)
                : !strcmp(p->unit, "days") ? (int)p->max : 0;
        size_t k = strlen(src);
        if(k + 1 < n) {
            if(k)
                src[k++] = ' ';
            tags(m, p->src, src + k, n - k);
        }
        if(d > best)
            best = d;
    }
    return best;
}

/* The source tags of the statement of section about topic. */
static void stmt_tags(const sd_monograph *m, const char *section,
                      const char *topic, char *out, size_t n)
{
    out[0] = '\0';
    for(size_t i = 0; i < sd_monograph_nstatements(m, section); i++) {
        const sd_statement *st = sd_monograph_statement(m, section, i);
        if(!strcmp(st->topic, topic)) {
            tags(m, st->src, out, n);
            return;
        }
    }
}

static void risk(const sd_monograph *m, const sd_taper_patient *pt,
                 int64_t daily_ug, sd_taper_policy *pol)
{
    char src[96], both[128];
    int64_t max = sd_monograph_adult_max(m, "oral");
    const sd_param *use = NULL;

    /* Long use: the shortest prior use among the withdrawal cases the
    ** monograph cites (months taken as 30 days: the safe, shorter side). */
    int long_days = 150;
    src[0] = '\0';
    for(size_t i = 0; i < sd_monograph_nparams(m, "withdrawal"); i++) {
        const sd_param *q = sd_monograph_param(m, "withdrawal", i);
        if(!strncmp(q->name, "shortest prior use", 18) &&
           !strcmp(q->unit, "months")) {
            use = q;
            long_days = (int)(q->min * 30);
            tags(m, q->src, src, sizeof(src));
        }
    }
    if(pt->days_on_drug < 0) {
        snprintf(both, sizeof(both), "%s TAPER-POLICY", src);
        add(pol, 1, both, "time on the drug not given: taken as %d days or "
            "more", long_days);
    } else if(pt->days_on_drug >= long_days) {
        add(pol, 1, src, "on the drug for %d days (withdrawal cases had "
            "used it for %g months or more)", pt->days_on_drug,
            use ? use->min : 5.0);
    }
    stmt_tags(m, "withdrawal", "risk", src, sizeof(src));
    if(max > 0 && daily_ug > max) {
        snprintf(both, sizeof(both), "%s %s", src, "US-TAB");
        add(pol, 2, both, "%lld mg a day, above the label maximum of %lld mg "
            "(higher doses raise the risk)", (long long)(daily_ug / 1000),
            (long long)(max / 1000));
    } else if(daily_ug >= 60000) {
        snprintf(both, sizeof(both), "%s TAPER-POLICY", src);
        add(pol, 1, both, "%lld mg a day (60 mg or more: higher doses raise "
            "the risk)", (long long)(daily_ug / 1000));
    }
    if(pt->age >= 65)
        add(pol, 1, "TAPER-POLICY", "age %d (65 or over)", pt->age);
    if(pt->egfr >= 0) {
        for(size_t i = 0; i < sd_monograph_nkidney_bands(m); i++) {
            const sd_kidney_band *b = sd_monograph_kidney_band(m, i);
            if(strcmp(b->measure, "eGFR") ||
               (b->lower >= 0 && pt->egfr < b->lower) ||
               (b->upper >= 0 && pt->egfr >= b->upper) ||
               !strcmp(b->action, "caution"))
                continue;
            /* The band the dose must be reduced in adds a point; the
            ** band it is to be avoided in, two. The initial-dose band
            ** (60-90) is about starting, not stopping. */
            if(b->lower >= 60)
                continue;
            tags(m, b->src, src, sizeof(src));
            add(pol, !strcmp(b->action, "avoid") ? 2 : 1, src,
                "eGFR %d: %s", pt->egfr, b->text);
            break;
        }
    }
    if(pt->previous_withdrawal) {
        stmt_tags(m, "withdrawal", "intrathecal (boxed warning)", src,
                  sizeof(src));
        add(pol, 2, src, "a previous withdrawal (a risk factor in the "
            "boxed warning)");
    }
    if(pt->alcohol_use_disorder) {
        stmt_tags(m, "withdrawal", "like alcohol withdrawal", src,
                  sizeof(src));
        snprintf(both, sizeof(both), "%s TAPER-POLICY", src);
        add(pol, 1, both, "alcohol use disorder (withdrawal resembles "
            "alcohol withdrawal)");
    }
}

int sd_taper_policy_choose(const sd_monograph *m, const sd_taper_patient *pt,
                           const char *preset, int64_t daily_ug,
                           sd_taper_policy *pol, sd_error *err)
{
    memset(pol, 0, sizeof(*pol));
    if(pt->reason < SD_TAPER_ELECTIVE || pt->reason > SD_TAPER_SERIOUS_ADR)
        return fail(err, "the reason must be elective, side-effects or "
                    "serious-adverse-reaction");
    risk(m, pt, daily_ug, pol);
    pol->risk_preset = sd_taper_preset_find(
        pol->points >= 3 ? "very-slow" : pol->points >= 1 ? "slow"
                                                          : "standard");
    pol->label_min_days = label_minimum(m, pol->label_min_sources,
                                        sizeof(pol->label_min_sources));
    if(preset) {
        pol->preset = sd_taper_preset_find(preset);
        if(!pol->preset) {
            char names[160];
            size_t k = 0;
            for(size_t i = 0; i < NPRESETS; i++)
                k += (size_t)snprintf(names + k, sizeof(names) - k, "%s%s",
                                      i ? ", " : "", presets[i].name);
            return fail(err, "unknown speed '%s': use one of %s", preset,
                        names);
        }
        if(pol->preset->clinician_only &&
           (pt->reason != SD_TAPER_SERIOUS_ADR || !pt->clinician_approved))
            return fail(err, "the '%s' speed is only for a serious adverse "
                        "reaction on a clinician's order: give the reason "
                        "serious-adverse-reaction and the clinician's "
                        "approval, or choose a slower speed",
                        pol->preset->name);
    } else {
        pol->preset = pol->risk_preset;
        pol->by_risk = 1;
    }
    pol->min_total_days = pol->preset->minimum_days >= 0
                              ? pol->preset->minimum_days
                              : pol->label_min_days;
    pol->watch = pol->preset->clinician_only;
    return SD_OK;
}

void sd_taper_policy_apply(const sd_taper_policy *pol, sd_taper_request *r)
{
    const sd_taper_preset *q = pol->preset;
    int64_t total = 0;

    for(int i = 0; i < r->nadmin; i++)
        total += r->dose_ug[i];
    r->percent_milli = q->percent_milli;
    r->min_cut_ug = q->min_cut_ug;
    r->fixed_ug = q->linear_steps
                      ? (total + q->linear_steps - 1) / q->linear_steps
                      : 0;
    if(q->stop)
        r->fixed_ug = total;
    r->days_per_step = q->days_per_step;
    r->min_total_days = pol->min_total_days;
    r->stop_now = q->stop;
}

/* The first step's allowed cut per day, in micrograms per 1000 days. */
static int64_t pace(int64_t total, int percent_milli, int64_t fixed,
                    int64_t min_cut, int days)
{
    int64_t cut = total * percent_milli / 100000;
    if(fixed > cut)
        cut = fixed;
    if(min_cut > cut)
        cut = min_cut;
    if(cut > total)
        cut = total;
    return cut * 1000 / (days > 0 ? days : 1);
}

int sd_taper_faster_than(const sd_taper_request *r, const sd_taper_preset *q)
{
    int64_t total = 0;
    for(int i = 0; i < r->nadmin; i++)
        total += r->dose_ug[i];
    if(r->stop_now)
        return !q->stop;
    int64_t fixed = q->linear_steps
                        ? (total + q->linear_steps - 1) / q->linear_steps
                        : 0;
    return pace(total, r->percent_milli, r->fixed_ug, r->min_cut_ug,
                r->days_per_step) >
           pace(total, q->percent_milli, fixed, q->min_cut_ug,
                q->days_per_step);
}

void sd_taper_spec_init(sd_taper_spec *s)
{
    memset(s, 0, sizeof(*s));
    sd_taper_request_init(&s->req);
    sd_taper_patient_init(&s->patient);
    s->percent_milli = -1;
    s->cut_ug = -1;
    s->min_cut_ug = -1;
    s->days_per_step = -1;
}

int sd_taper_check_tablets(const sd_monograph *m, const sd_taper_request *r,
                           sd_error *err)
{
    for(int i = 0; i < r->nstrengths; i++) {
        const sd_taper_strength *t = &r->strengths[i];
        const sd_strength *found = NULL;
        char list[128], a[32];
        size_t k = 0;
        list[0] = '\0';
        for(size_t f = 0; f < sd_monograph_nformulations(m); f++) {
            const sd_formulation *fo = sd_monograph_formulation(m, f);
            if(strcmp(fo->form, "tablet") || strcmp(fo->route, "oral"))
                continue;
            for(size_t j = 0; j < fo->nstrengths; j++) {
                const sd_strength *st = &fo->strengths[j];
                /* Any listed tablet of this strength whose score line
                ** allows the pieces asked for will do. */
                if(st->amount_ug == t->ug &&
                   (!found || (st->scored && st->min_piece >= t->pieces)))
                    found = st;
                if(k < sizeof(list))
                    k += (size_t)snprintf(list + k, sizeof(list) - k, "%s%s",
                                          k ? ", " : "",
                                          sd_taper_mg(st->amount_ug, a,
                                                      sizeof(a)));
            }
        }
        if(!found)
            return fail(err, "no %s tablet is listed for %s; the tablets "
                        "are %s", sd_taper_mg(t->ug, a, sizeof(a)),
                        sd_monograph_name(m), list[0] ? list : "none");
        if(t->pieces > 1 && (!found->scored || found->min_piece < t->pieces))
            return fail(err, "the %s tablet may not be split in %s: %s",
                        sd_taper_mg(t->ug, a, sizeof(a)),
                        t->pieces == 2 ? "halves" : "quarters",
                        !found->scored ? "it has no score line; take it "
                                         "whole (drop the /2 or /4)"
                                       : "its score line allows halves "
                                         "only (write /2)");
    }
    return SD_OK;
}

int sd_taper_make(const sd_monograph *m, const sd_taper_spec *spec,
                  sd_taper_policy *pol, sd_taper_plan *p, sd_error *err)
{
    sd_taper_request r = spec->req;
    int64_t total = 0;
    int rc, custom = 0;

    for(int i = 0; i < r.nadmin && i < SD_TAPER_MAX_ADMIN; i++) {
        if(r.dose_ug[i] <= 0) {
            sd_error_setf(err, "dose %d is %lld ug: every dose of the "
                          "current regimen must be above zero", i + 1,
                          (long long)r.dose_ug[i]);
            return SD_ERR_USAGE;
        }
        total += r.dose_ug[i];
    }
    if((rc = sd_taper_check_tablets(m, &r, err)))
        return rc;
    if((rc = sd_taper_policy_choose(m, &spec->patient,
                                    spec->preset[0] ? spec->preset : NULL,
                                    total, pol, err)))
        return rc;
    sd_taper_policy_apply(pol, &r);
    if(!r.stop_now) {
        /* A cut in mg without a percent replaces the percent. */
        if(spec->cut_ug >= 0) {
            r.fixed_ug = spec->cut_ug;
            if(spec->percent_milli < 0)
                r.percent_milli = 0;
            custom = 1;
        }
        if(spec->percent_milli >= 0) {
            r.percent_milli = spec->percent_milli;
            if(spec->cut_ug < 0)
                r.fixed_ug = 0;
            custom = 1;
        }
        if(spec->min_cut_ug >= 0) {
            r.min_cut_ug = spec->min_cut_ug;
            custom = 1;
        }
        if(spec->days_per_step >= 0) {
            r.days_per_step = spec->days_per_step;
            custom = 1;
        }
    }
    pol->faster_than_risk = sd_taper_faster_than(&r, pol->risk_preset);
    pol->custom = custom;
    return sd_taper_build(&r, p, err);
}

int sd_taper_policy_of(const sd_monograph *m, const sd_taper_spec *spec,
                       sd_taper_policy *pol, sd_error *err)
{
    int64_t total = 0;
    for(int i = 0; i < spec->req.nadmin; i++)
        total += spec->req.dose_ug[i];
    return sd_taper_policy_choose(m, &spec->patient,
                                  spec->preset[0] ? spec->preset : NULL,
                                  total, pol, err);
}

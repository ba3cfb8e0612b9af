/*
** taper.c: exact taper schedules (taper.h).
**
** Makeable doses: every piece a patient may take (a whole tablet, or a
** half or quarter of a scored one; or the smallest measurable volume of a
** liquid) is a multiple of g, the gcd of the piece sizes. A table over
** multiples of g, filled once by dynamic programming, says for each amount
** the fewest pieces that make it and how; an amount no combination makes
** is not offered. A step lowers one administration at a time to its next
** makeable amount, non-bedtime and largest first, while the day's total
** stays at or above the step's target.
*/
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stepdown/taper.h"

#define MAX_UNITS 400000   /* multiples of g the table may hold */
#define NONE INT32_MAX

void sd_taper_request_init(sd_taper_request *r)
{
    memset(r, 0, sizeof(*r));
    r->bedtime = -1;
    r->days_per_step = 7;
}

/* Set err and return SD_ERR_USAGE: every refusal says what to change. */
#define fail(err, ...) (sd_error_setf((err), __VA_ARGS__), SD_ERR_USAGE)

char *sd_taper_mg(int64_t ug, char *out, size_t outsz)
{
    int64_t whole = ug / 1000, frac = ug % 1000;
    if(!frac)
        snprintf(out, outsz, "%lld mg", (long long)whole);
    else if(frac % 100 == 0)
        snprintf(out, outsz, "%lld.%lld mg", (long long)whole,
                 (long long)(frac / 100));
    else if(frac % 10 == 0)
        snprintf(out, outsz, "%lld.%02lld mg", (long long)whole,
                 (long long)(frac / 10));
    else
        snprintf(out, outsz, "%lld.%03lld mg", (long long)whole,
                 (long long)frac);
    return out;
}

static int64_t gcd64(int64_t a, int64_t b)
{
    while(b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* The makeable-amount table. */
struct table {
    int64_t g;        /* unit, micrograms */
    size_t n;         /* amounts 0..n-1 units */
    int32_t *pieces;  /* fewest pieces for k units, NONE if unmakeable */
    int8_t *last;     /* strength of the last piece added, -1 at 0 */
};

static int64_t piece_ug(const sd_taper_request *r, int s)
{
    return r->strengths[s].ug / r->strengths[s].pieces;
}

static int table_build(const sd_taper_request *r, int64_t max_ug,
                       struct table *t, sd_error *err)
{
    memset(t, 0, sizeof(*t));
    if(r->nstrengths) {
        for(int s = 0; s < r->nstrengths; s++)
            t->g = gcd64(t->g, piece_ug(r, s));
    } else {
        t->g = r->min_ul * r->ug_per_ml / 1000;
    }
    if(t->g <= 0)
        return fail(err, "the formulation makes no dose");
    if(max_ug / t->g + 1 > MAX_UNITS)
        return fail(err, "the pieces are too small for a %lld ug dose; "
                    "use larger strengths", (long long)max_ug);
    t->n = (size_t)(max_ug / t->g) + 1;
    t->pieces = sd_malloc(t->n * sizeof(*t->pieces));
    t->last = sd_malloc(t->n);
    if(!t->pieces || !t->last) {
        sd_free(t->pieces);
        sd_free(t->last);
        sd_error_setf(err, "out of memory");
        return SD_ERR_NOMEM;
    }
    t->pieces[0] = 0;
    t->last[0] = -1;
    for(size_t k = 1; k < t->n; k++) {
        t->pieces[k] = NONE;
        t->last[k] = -1;
        if(!r->nstrengths) {   /* a liquid: every multiple of g */
            t->pieces[k] = (int32_t)k;
            continue;
        }
        for(int s = 0; s < r->nstrengths; s++) {
            size_t u = (size_t)(piece_ug(r, s) / t->g);
            if(u > k || t->pieces[k - u] == NONE)
                continue;
            if(t->pieces[k - u] + 1 < t->pieces[k]) {
                t->pieces[k] = t->pieces[k - u] + 1;
                t->last[k] = (int8_t)s;
            }
        }
    }
    return SD_OK;
}

static int makeable(const struct table *t, int64_t ug)
{
    return ug >= 0 && ug % t->g == 0 && (size_t)(ug / t->g) < t->n &&
           t->pieces[ug / t->g] != NONE;
}

/* The largest makeable amount below ug, or -1. */
static int64_t next_lower(const struct table *t, int64_t ug)
{
    for(int64_t a = (ug / t->g) * t->g - (ug % t->g ? 0 : t->g); a >= 0;
        a -= t->g)
        if(makeable(t, a))
            return a;
    return -1;
}

static void make_dose(const sd_taper_request *r, const struct table *t,
                      int64_t ug, sd_taper_dose *d)
{
    memset(d, 0, sizeof(*d));
    d->ug = ug;
    if(!r->nstrengths) {
        d->ul = ug * 1000 / r->ug_per_ml;
        return;
    }
    for(size_t k = (size_t)(ug / t->g); k > 0;) {
        int s = t->last[k];
        d->count[s]++;
        k -= (size_t)(piece_ug(r, s) / t->g);
    }
}

static int check_request(const sd_taper_request *r, sd_error *err)
{
    if(r->nadmin < 1 || r->nadmin > SD_TAPER_MAX_ADMIN)
        return fail(err, "give 1 to %d doses a day, not %d",
                    SD_TAPER_MAX_ADMIN, r->nadmin);
    int64_t total = 0;
    for(int i = 0; i < r->nadmin; i++) {
        /* A dose may be 0 (already stopped, as in the continuation after
        ** an adjustment); sd_taper_make() asks more of a new regimen. */
        if(r->dose_ug[i] < 0)
            return fail(err, "dose %d is %lld ug: a dose cannot be "
                        "negative", i + 1, (long long)r->dose_ug[i]);
        total += r->dose_ug[i];
        if(r->minute[i] < 0 || r->minute[i] > 1439)
            return fail(err, "time of dose %d is not a time of day", i + 1);
        if(i && r->minute[i] <= r->minute[i - 1])
            return fail(err, "the dose times must be in order through the "
                        "day");
    }
    if(total <= 0)
        return fail(err, "the daily dose must be above zero");
    if(r->bedtime < -1 || r->bedtime >= r->nadmin)
        return fail(err, "the bedtime dose must be one of the %d doses",
                    r->nadmin);
    if(r->nstrengths < 0 || r->nstrengths > SD_TAPER_MAX_STRENGTHS)
        return fail(err, "give 1 to %d tablet strengths",
                    SD_TAPER_MAX_STRENGTHS);
    if(!r->nstrengths && (r->ug_per_ml <= 0 || r->min_ul <= 0))
        return fail(err, "give tablet strengths, or a liquid's "
                    "concentration and smallest measurable volume");
    for(int s = 0; s < r->nstrengths; s++) {
        const sd_taper_strength *t = &r->strengths[s];
        if(t->ug <= 0)
            return fail(err, "tablet strength %d must be above zero", s + 1);
        if(t->pieces != 1 && t->pieces != 2 && t->pieces != 4)
            return fail(err, "a tablet is taken whole, in halves or in "
                        "quarters (1, 2 or 4 pieces), not %d", t->pieces);
        if(t->ug % t->pieces)
            return fail(err, "a %lld ug tablet does not divide into %d "
                        "equal whole-microgram pieces", (long long)t->ug,
                        t->pieces);
    }
    if(!r->nstrengths && (r->min_ul * r->ug_per_ml) % 1000)
        return fail(err, "the smallest volume must hold a whole number of "
                    "micrograms");
    if(r->days_per_step < 1 || r->days_per_step > 365)
        return fail(err, "a step lasts 1 to 365 days, not %d",
                    r->days_per_step);
    if(r->percent_milli < 0 || r->percent_milli > 100000 || r->fixed_ug < 0 ||
       r->min_cut_ug < 0)
        return fail(err, "cuts must be 0-100 %% or positive amounts");
    if(!r->percent_milli && !r->fixed_ug && !r->min_cut_ug)
        return fail(err, "give a cut: a percent of the dose or an amount");
    if(r->hold_days < 0 || r->min_total_days < 0 || r->hold_days > 3650 ||
       r->min_total_days > 3650)
        return fail(err, "hold and minimum duration are 0 to 3650 days");
    return SD_OK;
}

/* Lower the day's doses toward target; returns 1 when the step had to
** exceed the speed (no makeable cut fits). */
static int lower(const sd_taper_request *r, const struct table *t,
                 int64_t *cur, int64_t target)
{
    int bed = r->bedtime >= 0 ? r->bedtime : r->nadmin - 1;
    int64_t total = 0, others = 0;
    int moved = 0;

    for(int i = 0; i < r->nadmin; i++) {
        total += cur[i];
        if(i != bed)
            others += cur[i];
    }
    for(;;) {
        /* The largest dose that may move (the earliest on ties); the
        ** bedtime dose only once the others are gone. */
        int best = -1;
        for(int i = 0; i < r->nadmin; i++) {
            if(cur[i] == 0 || (i == bed && others > 0))
                continue;
            int64_t lo = next_lower(t, cur[i]);
            if(lo < 0 || total - (cur[i] - lo) < target)
                continue;
            if(best < 0 || cur[i] > cur[best])
                best = i;
        }
        if(best < 0)
            break;
        int64_t d = cur[best] - next_lower(t, cur[best]);
        total -= d;
        cur[best] -= d;
        if(best != bed)
            others -= d;
        moved = 1;
    }
    if(moved)
        return 0;
    /* No cut fits the speed: make the smallest cut there is. */
    int best = -1;
    int64_t bestd = 0;
    for(int i = 0; i < r->nadmin; i++) {
        if(cur[i] == 0 || (i == bed && others > 0))
            continue;
        int64_t d = cur[i] - next_lower(t, cur[i]);
        if(best < 0 || d < bestd) {
            best = i;
            bestd = d;
        }
    }
    cur[best] -= bestd;
    return 1;
}

/* Pieces and volume over the days of the plan from dispense_from_day. */
static void count_totals(sd_taper_plan *p)
{
    const sd_taper_request *r = &p->req;

    memset(p->pieces_total, 0, sizeof(p->pieces_total));
    memset(p->tablets_total, 0, sizeof(p->tablets_total));
    p->ul_total = 0;
    for(size_t i = 0; i + 1 < p->nsteps; i++) {
        const sd_taper_step *s = &p->steps[i];
        long from = s->first_day > p->dispense_from_day ? s->first_day
                                                        : p->dispense_from_day;
        long len = s->last_day - from + 1;
        if(len <= 0)
            continue;
        for(int a = 0; a < r->nadmin; a++) {
            for(int k = 0; k < r->nstrengths; k++)
                p->pieces_total[k] += (int64_t)s->dose[a].count[k] * len;
            p->ul_total += s->dose[a].ul * len;
        }
    }
    for(int k = 0; k < r->nstrengths; k++)
        p->tablets_total[k] = (p->pieces_total[k] + r->strengths[k].pieces -
                               1) / r->strengths[k].pieces;
}

/* The plan for a stop without taper: the 0 mg step alone. */
static int build_stop(const sd_taper_request *r, sd_taper_plan *p)
{
    sd_taper_step *s = &p->steps[0];
    int64_t total = 0;
    memset(s, 0, sizeof(*s));
    for(int i = 0; i < r->nadmin; i++)
        total += r->dose_ug[i];
    p->nsteps = 1;
    s->first_day = s->last_day = r->start_day;
    s->cut_ug = total;
    s->allowed_ug = total;
    p->dispense_from_day = r->start_day;
    count_totals(p);   /* nothing to dispense; the header clear stops
                       ** before the totals */
    return SD_OK;
}

int sd_taper_build(const sd_taper_request *r, sd_taper_plan *p,
                   sd_error *err)
{
    struct table t;
    int64_t cur[SD_TAPER_MAX_ADMIN], total = 0, maxdose = 0;
    int stretch[SD_TAPER_MAX_STEPS];
    int rc;

    /* The step array is large: clear the header, not every step. */
    memset(p, 0, offsetof(sd_taper_plan, steps));
    p->nsteps = 0;
    p->nadj = 0;
    if((rc = check_request(r, err)))
        return rc;
    p->req = *r;
    if(r->stop_now)
        return build_stop(r, p);
    for(int i = 0; i < r->nadmin; i++) {
        cur[i] = r->dose_ug[i];
        total += cur[i];
        if(cur[i] > maxdose)
            maxdose = cur[i];
    }
    if((rc = table_build(r, maxdose, &t, err)))
        return rc;
    for(int i = 0; i < r->nadmin; i++)
        if(!makeable(&t, cur[i])) {
            char a[32];
            sd_free(t.pieces);
            sd_free(t.last);
            return fail(err, "dose %d (%s) cannot be made from the %s "
                        "given; add a strength or change the dose", i + 1,
                        sd_taper_mg(cur[i], a, sizeof(a)),
                        r->nstrengths ? "tablets" : "liquid volumes");
        }

    /* A hold before the first cut (after an adjustment). */
    if(r->first_hold_days > 0) {
        sd_taper_step *s = &p->steps[p->nsteps];
        memset(s, 0, sizeof(*s));
        for(int i = 0; i < r->nadmin; i++)
            make_dose(r, &t, cur[i], &s->dose[i]);
        s->total_ug = total;
        s->hold = 1;
        stretch[p->nsteps++] = 0;   /* lasts first_hold_days only */
    }
    size_t first_cut = p->nsteps;
    while(total > 0) {
        if(p->nsteps + 2 >= SD_TAPER_MAX_STEPS) {
            sd_free(t.pieces);
            sd_free(t.last);
            return fail(err, "the plan needs more than %d steps: use a "
                        "larger cut or a larger minimum cut",
                        SD_TAPER_MAX_STEPS - 2);
        }
        int64_t cut = total * r->percent_milli / 100000;
        if(r->fixed_ug > cut)
            cut = r->fixed_ug;
        if(r->min_cut_ug > cut)
            cut = r->min_cut_ug;
        int64_t target = total - cut < 0 ? 0 : total - cut;
        sd_taper_step *s = &p->steps[p->nsteps];
        memset(s, 0, sizeof(*s));
        s->allowed_ug = total - target;
        s->min_cut = lower(r, &t, cur, target);
        int64_t nt = 0;
        for(int i = 0; i < r->nadmin; i++) {
            make_dose(r, &t, cur[i], &s->dose[i]);
            nt += cur[i];
        }
        s->cut_ug = total - nt;
        s->total_ug = nt;
        s->rounded = !s->min_cut && nt > target;
        /* A cut larger than the speed allows lasts longer in proportion
        ** (stretch in thousandths of days_per_step). */
        int64_t k = 1000;
        if(s->cut_ug > s->allowed_ug)
            k = s->allowed_ug > 0 ? s->cut_ug * 1000 / s->allowed_ug
                                  : SD_TAPER_MAX_STRETCH * 1000;
        stretch[p->nsteps++] = k > SD_TAPER_MAX_STRETCH * 1000
                                   ? SD_TAPER_MAX_STRETCH * 1000
                                   : (int)k;
        total = nt;
    }
    /* One cut to zero is an abrupt stop: keep the current dose for the
    ** plan's duration first (the first hold, when there is one). */
    if(p->nsteps == first_cut + 1 && first_cut > 0) {
        stretch[first_cut - 1] = 1000;
    } else if(p->nsteps == first_cut + 1) {
        p->steps[first_cut + 1] = p->steps[first_cut];
        stretch[first_cut + 1] = stretch[first_cut];
        sd_taper_step *s = &p->steps[first_cut];
        memset(s, 0, sizeof(*s));
        for(int i = 0; i < r->nadmin; i++)
            make_dose(r, &t, r->dose_ug[i], &s->dose[i]);
        s->total_ug = p->steps[first_cut + 1].cut_ug;
        s->hold = 1;
        stretch[first_cut] = 1000;
        p->nsteps++;
    }
    sd_free(t.pieces);
    sd_free(t.last);

    /* Durations: a step lasts days_per_step times its stretch (rounded
    ** up), all longer when the plan would be shorter than the minimum; the
    ** end hold extends the last dosing step; the first hold lasts
    ** first_hold_days; the final step (0 mg) starts the day after the
    ** last dose. */
    long units = 0, fixed = (long)r->hold_days + r->first_hold_days;
    for(size_t i = 0; i + 1 < p->nsteps; i++)
        units += stretch[i];
    int days = r->days_per_step;
    if(units && (units * days + 999) / 1000 + fixed < r->min_total_days) {
        /* Start from the proportional estimate, then add days until the
        ** rounded-up lengths reach the minimum. */
        long est = (r->min_total_days - fixed) * 1000 / units;
        if(est > days)
            days = (int)est;
        for(;;) {
            long sum = fixed;
            for(size_t i = 0; i + 1 < p->nsteps; i++)
                sum += ((long)days * stretch[i] + 999) / 1000;
            if(sum >= r->min_total_days)
                break;
            days++;
        }
    }
    p->req.days_per_step = days;
    long day = r->start_day;
    for(size_t i = 0; i < p->nsteps; i++) {
        sd_taper_step *s = &p->steps[i];
        long len = i + 1 == p->nsteps ? 1
                                      : ((long)days * stretch[i] + 999) / 1000;
        if(i == 0 && r->first_hold_days > 0)
            len += r->first_hold_days;
        if(i + 2 == p->nsteps)
            len += r->hold_days;
        s->first_day = day;
        s->last_day = day + len - 1;
        day += len;
    }
    p->dispense_from_day = r->start_day;
    count_totals(p);
    return SD_OK;
}

int sd_taper_step_on(const sd_taper_plan *p, long day)
{
    if(!p->nsteps || day < p->steps[0].first_day)
        return -1;
    for(size_t i = 0; i < p->nsteps; i++)
        if(day <= p->steps[i].last_day)
            return (int)i;
    return (int)p->nsteps - 1;   /* the stop is in effect from then on */
}

int sd_taper_adjust(const sd_taper_plan *p, long withdrawal_day,
                    int hold_days, sd_taper_plan *out, sd_error *err)
{
    char a[32];
    int rc;

    if(p->nadj >= SD_TAPER_MAX_ADJUST)
        return fail(err, "the plan was adjusted %d times already: ask the "
                    "prescriber for a new plan", p->nadj);
    if(hold_days < 1 || hold_days > 365)
        return fail(err, "hold for 1 to 365 days, not %d", hold_days);
    int i = sd_taper_step_on(p, withdrawal_day);
    if(i < 0)
        return fail(err, "the withdrawal date is before the plan starts");
    int j = i - 1;
    while(j >= 0 && p->steps[j].total_ug <= p->steps[i].total_ug)
        j--;
    if(j < 0)
        return fail(err, "no cut had been made by that date: the plan was "
                    "still on its starting dose of %s a day, so these "
                    "symptoms are not from a cut in this plan; call the "
                    "prescriber", sd_taper_mg(p->steps[i].total_ug, a,
                                              sizeof(a)));

    /* The continuation: from the last tolerated dose, half the cuts and
    ** twice the days per step, after the hold. */
    sd_taper_request nr = p->req;
    for(int k = 0; k < nr.nadmin; k++)
        nr.dose_ug[k] = p->steps[j].dose[k].ug;
    nr.percent_milli /= 2;
    nr.fixed_ug /= 2;
    nr.min_cut_ug /= 2;
    if(!nr.percent_milli && !nr.fixed_ug && !nr.min_cut_ug)
        nr.min_cut_ug = 1;   /* the smallest makeable cut, stretched */
    nr.days_per_step = nr.days_per_step * 2 > 365 ? 365
                                                  : nr.days_per_step * 2;
    nr.first_hold_days = hold_days;
    nr.start_day = withdrawal_day;
    nr.stop_now = 0;
    if((rc = sd_taper_build(&nr, out, err)))
        return rc;

    /* Keep the steps before the withdrawal day, then the continuation. */
    size_t keep = (size_t)i + (p->steps[i].first_day < withdrawal_day);
    if(keep + out->nsteps > SD_TAPER_MAX_STEPS)
        return fail(err, "the revised plan would need more than %d steps",
                    SD_TAPER_MAX_STEPS);
    memmove(&out->steps[keep], &out->steps[0],
            out->nsteps * sizeof(out->steps[0]));
    memcpy(&out->steps[0], &p->steps[0], keep * sizeof(out->steps[0]));
    if(keep > (size_t)i)
        out->steps[i].last_day = withdrawal_day - 1;
    out->steps[keep].step_back = 1;
    out->nsteps += keep;
    if(keep)
        out->steps[keep].cut_ug = out->steps[keep - 1].total_ug -
                                  out->steps[keep].total_ug;

    memcpy(out->adj, p->adj, sizeof(p->adj[0]) * (size_t)p->nadj);
    out->nadj = p->nadj + 1;
    sd_taper_adjustment *d = &out->adj[p->nadj];
    memset(d, 0, sizeof(*d));
    d->withdrawal_day = withdrawal_day;
    d->cause_step = i;
    d->cause_ug = p->steps[i].total_ug;
    d->back_to_ug = p->steps[j].total_ug;
    d->hold_days = hold_days;
    d->percent_before = p->req.percent_milli;
    d->percent_after = nr.percent_milli;
    d->fixed_before = p->req.fixed_ug;
    d->fixed_after = nr.fixed_ug;
    d->min_cut_before = p->req.min_cut_ug;
    d->min_cut_after = nr.min_cut_ug;
    d->days_before = p->req.days_per_step;
    d->days_after = out->req.days_per_step;
    out->dispense_from_day = withdrawal_day;
    count_totals(out);
    return SD_OK;
}

char *sd_taper_dose_words(const sd_taper_request *r, const sd_taper_dose *d,
                          char *out, size_t outsz)
{
    static const char *const frac4[] = {"", "\xc2\xbc", "\xc2\xbd",
                                        "\xc2\xbe"};
    size_t n = 0;
    char mg[32];

    out[0] = '\0';
    if(!d->ug) {
        snprintf(out, outsz, "none");
        return out;
    }
    if(!r->nstrengths) {
        int64_t ml = d->ul / 1000, rest = d->ul % 1000;
        if(rest % 100 == 0)
            snprintf(out, outsz, "%lld%s%.*lld mL", (long long)ml,
                     rest ? "." : "", rest ? 1 : 0, (long long)(rest / 100));
        else
            snprintf(out, outsz, "%lld.%03lld mL", (long long)ml,
                     (long long)rest);
        return out;
    }
    for(int s = r->nstrengths - 1; s >= 0; s--) {
        int c = d->count[s], p = r->strengths[s].pieces;
        if(!c || n >= outsz)
            continue;
        int whole = c / p, quarters = (c % p) * (4 / p);
        n += (size_t)snprintf(out + n, outsz - n, "%s", n ? " + " : "");
        if(whole && n < outsz)
            n += (size_t)snprintf(out + n, outsz - n, "%d", whole);
        if(quarters && n < outsz)
            n += (size_t)snprintf(out + n, outsz - n, "%s", frac4[quarters]);
        if(n < outsz)
            n += (size_t)snprintf(out + n, outsz - n, " \xc3\x97 %s",
                                  sd_taper_mg(r->strengths[s].ug, mg,
                                              sizeof(mg)));
    }
    return out;
}

int sd_taper_default_times(int nadmin, int *minute)
{
    static const int defaults[5][4] = {{0}, {480}, {480, 1200},
                                       {480, 840, 1320},
                                       {480, 720, 960, 1320}};
    if(nadmin < 1 || nadmin > 4)
        return -1;
    for(int i = 0; i < nadmin; i++)
        minute[i] = defaults[nadmin][i];
    return 0;
}

int sd_taper_verify(sd_taper_plan *p, sd_error *err)
{
    const sd_taper_request *r = &p->req;
    struct table t;
    int64_t maxdose = 0;
    int rc;

    if((rc = check_request(r, err)))
        return rc;
    if(p->nsteps < 1 || p->nsteps > SD_TAPER_MAX_STEPS)
        return fail(err, "a plan has 1 to %d steps", SD_TAPER_MAX_STEPS);
    if(p->nadj < 0 || p->nadj > SD_TAPER_MAX_ADJUST)
        return fail(err, "a plan keeps 0 to %d adjustments",
                    SD_TAPER_MAX_ADJUST);
    for(size_t i = 0; i < p->nsteps; i++)
        for(int a = 0; a < r->nadmin; a++)
            if(p->steps[i].dose[a].ug > maxdose)
                maxdose = p->steps[i].dose[a].ug;
    if(maxdose <= 0 && p->nsteps > 1)
        return fail(err, "step 1 has no dose: only the last step is 0 mg");
    if((rc = table_build(r, maxdose > 0 ? maxdose : 1, &t, err)))
        return rc;
    for(size_t i = 0; i < p->nsteps && !rc; i++) {
        sd_taper_step *s = &p->steps[i];
        int64_t total = 0;
        if(s->last_day < s->first_day ||
           (i && s->first_day != p->steps[i - 1].last_day + 1))
            rc = fail(err, "step %zu: its days must follow the step before "
                      "without a gap", i + 1);
        for(int a = 0; a < r->nadmin && !rc; a++) {
            int64_t ug = s->dose[a].ug;
            if(!makeable(&t, ug)) {
                char mg[32];
                rc = fail(err, "step %zu, dose %d: %s cannot be made from "
                          "the formulation", i + 1, a + 1,
                          sd_taper_mg(ug, mg, sizeof(mg)));
                break;
            }
            make_dose(r, &t, ug, &s->dose[a]);
            total += ug;
        }
        if(rc)
            break;
        s->total_ug = total;
        if(i + 1 == p->nsteps && total)
            rc = fail(err, "the last step must be 0 mg (the stop)");
        else if(i && total > p->steps[i - 1].total_ug && !s->step_back)
            rc = fail(err, "step %zu raises the daily dose without being a "
                      "step back", i + 1);
    }
    sd_free(t.pieces);
    sd_free(t.last);
    if(rc)
        return rc;
    count_totals(p);
    return SD_OK;
}

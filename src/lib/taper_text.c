/*
** taper_text.c: a plan for people and spreadsheets (taper_export.h):
** patient lines, the prescriber's table, CSV, notes and the withdrawal
** watch. Every figure comes from the plan's integers.
*/
#include <stdio.h>
#include <string.h>

#include "stepdown/date.h"
#include "stepdown/taper_export.h"

#define EN_DASH "\xe2\x80\x93"

static int year_of(long day)
{
    int y;
    sd_civil_from_days(day, &y, NULL, NULL, NULL);
    return y;
}

/* "1½ × 10 mg tablets", "½ × 10 mg tablet", "7.5 mL". */
static void made_of(const sd_taper_request *r, const sd_taper_dose *d,
                    char *out, size_t n)
{
    char w[128];
    sd_taper_dose_words(r, d, w, sizeof(w));
    if(!r->nstrengths) {
        snprintf(out, n, "%s", w);
        return;
    }
    /* "tablet" for at most one tablet of one strength */
    int used = 0, one = 0;
    for(int k = 0; k < r->nstrengths; k++)
        if(d->count[k]) {
            used++;
            one = d->count[k] <= r->strengths[k].pieces;
        }
    one = one && used == 1;
    snprintf(out, n, "%s %s", w, one ? "tablet" : "tablets");
}

static void times_words(const sd_taper_request *r, const int *idx, int n,
                        char *out, size_t sz)
{
    size_t k = 0;
    out[0] = '\0';
    for(int i = 0; i < n && k < sz; i++)
        k += (size_t)snprintf(out + k, sz - k, "%s%d:%02d",
                              !i ? "" : i + 1 == n ? " and " : ", ",
                              r->minute[idx[i]] / 60, r->minute[idx[i]] % 60);
}

void sd_taper_write_lines(FILE *out, const sd_taper_plan *p,
                          const sd_taper_label *l)
{
    const sd_taper_request *r = &p->req;
    char d1[32], d2[32], a[32], w[160], t[96];

    for(size_t i = 0; i < p->nsteps; i++) {
        const sd_taper_step *s = &p->steps[i];
        int y1 = year_of(s->first_day), y2 = year_of(s->last_day);
        if(i + 1 == p->nsteps) {
            sd_date_words(s->first_day, 1, d1, sizeof(d1));
            fprintf(out, "From %s: stop. No more %s.\n", d1, l->drug);
            break;
        }
        sd_date_words(s->first_day, y1 != y2, d1, sizeof(d1));
        sd_date_words(s->last_day, 1, d2, sizeof(d2));
        fprintf(out, "%s " EN_DASH " %s:", d1, d2);
        if(!s->total_ug)
            fprintf(out, " none (stopped)");
        /* Group equal doses, in the order of their first time. */
        int done[SD_TAPER_MAX_ADMIN] = {0}, groups = 0;
        for(int k = 0; k < r->nadmin; k++) {
            if(done[k] || !s->dose[k].ug)
                continue;
            int idx[SD_TAPER_MAX_ADMIN], n = 0;
            for(int j = k; j < r->nadmin; j++)
                if(!done[j] && s->dose[j].ug == s->dose[k].ug) {
                    idx[n++] = j;
                    done[j] = 1;
                }
            made_of(r, &s->dose[k], w, sizeof(w));
            times_words(r, idx, n, t, sizeof(t));
            fprintf(out, "%s %s (%s) at %s", groups++ ? ";" : "",
                    sd_taper_mg(s->dose[k].ug, a, sizeof(a)), w, t);
        }
        fputc('\n', out);
        if(s->step_back)
            fprintf(out, "  Back to the last dose you tolerated, after "
                    "withdrawal signs. Stay on it until you have had no "
                    "signs for the whole period.\n");
        else if(s->hold)
            fprintf(out, "  Your current dose, kept: the next cut is the "
                    "stop.\n");
        if(s->rounded)
            fprintf(out, "  (a smaller cut than planned: the planned dose "
                    "cannot be made)\n");
        if(s->min_cut)
            fprintf(out, "  (a longer step: the smallest cut the %s allow is "
                    "more than the plan's pace)\n",
                    r->nstrengths ? "tablets" : "volumes");
    }
}

void sd_taper_write_table(FILE *out, const sd_taper_plan *p)
{
    const sd_taper_request *r = &p->req;
    char a[32], b[32], d1[32], d2[32], w[128];

    fprintf(out, "%4s  %-16s %-16s %5s %9s %9s", "step", "from", "to",
            "days", "daily", "cut");
    for(int k = 0; k < r->nadmin; k++)
        fprintf(out, "  %02d:%02d", r->minute[k] / 60, r->minute[k] % 60);
    fputc('\n', out);
    for(size_t i = 0; i < p->nsteps; i++) {
        const sd_taper_step *s = &p->steps[i];
        sd_date_words(s->first_day, 1, d1, sizeof(d1));
        sd_date_words(s->last_day, 1, d2, sizeof(d2));
        if(i + 1 == p->nsteps) {
            fprintf(out, "%4zu  %-16s %-16s %5s %9s %9s  stop\n", i + 1, d1,
                    "", "", "0 mg", sd_taper_mg(s->cut_ug, b, sizeof(b)));
            break;
        }
        fprintf(out, "%4zu  %-16s %-16s %5ld %9s %9s", i + 1, d1, d2,
                s->last_day - s->first_day + 1,
                sd_taper_mg(s->total_ug, a, sizeof(a)),
                s->step_back ? "back" : sd_taper_mg(s->cut_ug, b, sizeof(b)));
        for(int k = 0; k < r->nadmin; k++)
            if(s->dose[k].ug)
                fprintf(out, "  %s (%s)",
                        sd_taper_mg(s->dose[k].ug, a, sizeof(a)),
                        sd_taper_dose_words(r, &s->dose[k], w, sizeof(w)));
            else
                fprintf(out, "  -");
        fprintf(out, "%s%s%s%s\n", s->rounded ? "  [rounded]" : "",
                s->min_cut ? "  [smallest cut, longer step]" : "",
                s->hold ? "  [hold]" : "",
                s->step_back ? "  [step back]" : "");
    }
}

static void csv_flags(const sd_taper_step *s, char *out, size_t n)
{
    snprintf(out, n, "%s%s%s%s", s->rounded ? "rounded " : "",
             s->min_cut ? "min_cut " : "", s->hold ? "hold " : "",
             s->step_back ? "step_back " : "");
    size_t k = strlen(out);
    if(k)
        out[k - 1] = '\0';
}

void sd_taper_write_csv(FILE *out, const sd_taper_plan *p)
{
    const sd_taper_request *r = &p->req;
    char a[32], b[32], c[32], w[128], d1[16], d2[16], f[64];

    fprintf(out, "step,from,to,days,time,dose_mg,dose_ug,made_of,daily_mg,"
                 "cut_mg,allowed_cut_mg,flags\r\n");
    for(size_t i = 0; i < p->nsteps; i++) {
        const sd_taper_step *s = &p->steps[i];
        sd_date_format(s->first_day, d1, sizeof(d1));
        sd_date_format(s->last_day, d2, sizeof(d2));
        csv_flags(s, f, sizeof(f));
        sd_taper_mg(s->total_ug, a, sizeof(a));
        sd_taper_mg(s->cut_ug, b, sizeof(b));
        sd_taper_mg(s->allowed_ug, c, sizeof(c));
        /* the amounts without " mg" */
        a[strlen(a) - 3] = b[strlen(b) - 3] = c[strlen(c) - 3] = '\0';
        if(i + 1 == p->nsteps) {
            fprintf(out, "%zu,%s,,,,0,0,\"stop\",0,%s,%s,%s\r\n", i + 1, d1,
                    b, c, f);
            break;
        }
        for(int k = 0; k < r->nadmin; k++) {
            char m[32];
            if(!s->dose[k].ug)
                continue;
            sd_taper_mg(s->dose[k].ug, m, sizeof(m));
            m[strlen(m) - 3] = '\0';
            fprintf(out, "%zu,%s,%s,%ld,%02d:%02d,%s,%lld,\"%s\",%s,%s,%s,%s\r\n",
                    i + 1, d1, d2, s->last_day - s->first_day + 1,
                    r->minute[k] / 60, r->minute[k] % 60, m,
                    (long long)s->dose[k].ug,
                    sd_taper_dose_words(r, &s->dose[k], w, sizeof(w)), a, b,
                    c, f);
        }
    }
}

size_t sd_taper_notes(const sd_monograph *m, const sd_taper_spec *spec,
                      const sd_taper_policy *pol, const sd_taper_plan *p,
                      char (*notes)[SD_TAPER_NOTE_MAX], size_t max)
{
    size_t n = 0;
    char a[32], b[32];
    int64_t total = 0, maxug = sd_monograph_adult_max(m, "oral");

    for(int i = 0; i < spec->req.nadmin; i++)
        total += spec->req.dose_ug[i];
    if(n < max && maxug > 0 && total > maxug)
        snprintf(notes[n++], SD_TAPER_NOTE_MAX,
                 "%s a day is above the label maximum of %s a day: the plan "
                 "is made, and a prescriber should confirm the starting "
                 "dose.", sd_taper_mg(total, a, sizeof(a)),
                 sd_taper_mg(maxug, b, sizeof(b)));
    if(n < max && pol->faster_than_risk && !pol->preset->stop)
        snprintf(notes[n++], SD_TAPER_NOTE_MAX,
                 "This speed is faster than the default for this patient "
                 "(%s: %s) [TAPER-POLICY].", pol->risk_preset->name,
                 pol->risk_preset->summary);
    if(n < max && spec->patient.reason == SD_TAPER_SERIOUS_ADR &&
       !pol->preset->clinician_only)
        snprintf(notes[n++], SD_TAPER_NOTE_MAX,
                 "A serious adverse reaction may call for a faster taper or "
                 "an immediate stop; that is the prescriber's decision "
                 "(speed rapid or stop, with the clinician's approval) "
                 "[US-TAB OZO].");
    int stretched = 0;
    for(size_t i = 0; i < p->nsteps; i++)
        stretched |= p->steps[i].min_cut;
    if(n < max && stretched)
        snprintf(notes[n++], SD_TAPER_NOTE_MAX,
                 "Some cuts are larger than the speed allows because the "
                 "%s cannot make a smaller one; those steps last longer so "
                 "that the pace stays the same. %s",
                 p->req.nstrengths ? "tablets" : "smallest volume",
                 p->req.nstrengths ? "Smaller tablets or an oral solution "
                                     "allow smaller cuts."
                                   : "");
    if(n < max && pol->watch)
        snprintf(notes[n++], SD_TAPER_NOTE_MAX,
                 "A %s on a clinician's order: follow the withdrawal watch "
                 "below closely.", pol->preset->stop ? "stop without taper"
                                                     : "rapid taper");
    return n;
}

char *sd_taper_watch(const sd_monograph *m, char *out, size_t n)
{
    size_t k = 0;
    const sd_param *on = NULL;
    const sd_source *src;

    out[0] = '\0';
    if(sd_monograph_params(m, "withdrawal", "onset", &on) && on) {
        src = on->src.n ? sd_monograph_source(m, on->src.idx[0]) : NULL;
        k += (size_t)snprintf(out + k, n - k, "Withdrawal can begin %g-%g "
                              "%s after a cut or the stop [%s]. ", on->min,
                              on->max, on->unit, src ? src->id : "");
    }
    for(size_t i = 0; k < n && i < sd_monograph_nstatements(m, "withdrawal");
        i++) {
        const sd_statement *s = sd_monograph_statement(m, "withdrawal", i);
        if(strcmp(s->topic, "oral"))
            continue;
        k += (size_t)snprintf(out + k, n - k, "%s [", s->text);
        for(size_t j = 0; k < n && j < s->src.n; j++) {
            src = sd_monograph_source(m, s->src.idx[j]);
            k += (size_t)snprintf(out + k, n - k, "%s%s", j ? " " : "",
                                  src ? src->id : "");
        }
        if(k < n)
            k += (size_t)snprintf(out + k, n - k, "]. ");
    }
    if(k < n)
        snprintf(out + k, n - k,
                 "Watch for 3 days after each cut and after the stop. If "
                 "hallucinations, a seizure, high fever, confusion or "
                 "severe stiffness appear, get help now (a seizure or high "
                 "fever with confusion: emergency services); do not cut "
                 "further, and ask the prescriber about going back to the "
                 "last tolerated dose (stepdown plan adjust) [POLICY].");
    return out;
}

void sd_taper_label_init(sd_taper_label *l, const sd_monograph *m,
                         const sd_taper_plan *p, long long stamp)
{
    memset(l, 0, sizeof(*l));
    l->drug = sd_monograph_name(m);
    l->drug_id = sd_monograph_id(m);
    l->rxnorm = sd_monograph_code(m, "rxnorm", NULL);
    l->form = p->req.nstrengths ? "tablet" : "oral solution";
    l->stamp = stamp;
}

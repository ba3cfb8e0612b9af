/*
** diary_check.c: a symptom report checked in the context its diary gives
** (sd_diary_check_symptom, diary.h).
*/
#include <stdio.h>
#include <string.h>

#include "stepdown/date.h"
#include "stepdown/diary.h"
#include "stepdown/lexicon.h"
#include "stepdown/triage.h"

static void append(char *buf, size_t n, const char *s)
{
    char pat[160];
    size_t len = strlen(buf);
    snprintf(pat, sizeof(pat), ",%s,", s);
    /* no duplicates: look for ",s," in ",buf," */
    char wrapped[1100];
    snprintf(wrapped, sizeof(wrapped), ",%s,", buf);
    if(strstr(wrapped, pat))
        return;
    snprintf(buf + len, n - len, "%s%s", len ? "," : "", s);
}

static void add_event(sd_context *c, int kind, double hours)
{
    if(c->nevents < SD_CONTEXT_MAX_EVENTS) {
        c->events[c->nevents].kind = kind;
        c->events[c->nevents].hours_ago = hours;
        c->events[c->nevents].slack = 24;
        c->nevents++;
    }
}

static void context_of(const sd_diary *d, const sd_entry *e, sd_context *c)
{
    long day = sd_local_day(e->at, e->tz_min);
    const sd_rx *rx = sd_diary_rx_on(d, day);
    int64_t last_dose = -1;

    sd_context_init(c);
    if(rx) {
        c->route = rx->route && !strcmp(rx->route, "intrathecal")
                       ? SD_ROUTE_INTRATHECAL : SD_ROUTE_ORAL;
        long since = rx->since_day >= 0 && rx->since_day < d->rx[0].start_day
                         ? rx->since_day : d->rx[0].start_day;
        c->days_on_drug = (int)(day - since);
    }
    int64_t x = sd_diary_expected_ug(d, day);
    if(x >= 0)
        c->dose_ug_day = x;
    /* step downs of the expected dose within the last 7 days */
    for(long k = day; k > day - 7; k--) {
        int64_t a = sd_diary_expected_ug(d, k - 1), b = sd_diary_expected_ug(d, k);
        if(a > 0 && b >= 0 && b < a) {
            int64_t start = (int64_t)k * 86400 - (int64_t)e->tz_min * 60;
            double h = (double)(e->at - start) / 3600.0;
            add_event(c, b == 0 ? SD_CUE_STOPPED : SD_CUE_REDUCED,
                      h < 0 ? 0 : h);
        }
    }
    for(size_t i = 0; i < d->n; i++) {
        const sd_entry *o = &d->e[i];
        if(o->at > e->at)
            break;
        double h = (double)(e->at - o->at) / 3600.0;
        switch(o->kind) {
        case SD_ENTRY_DOSE:
            if(o->sub != SD_DOSE_SKIPPED && o->amount_ug > 0) {
                last_dose = o->at;
                if(o->sub == SD_DOSE_EXTRA && h <= 48)
                    add_event(c, SD_CUE_EXTRA, h);
            } else if(o->sub == SD_DOSE_SKIPPED && h <= 72) {
                add_event(c, SD_CUE_MISSED, h);
            }
            break;
        case SD_ENTRY_EGFR:
            c->egfr = o->value;
            break;
        case SD_ENTRY_SUBSTANCE:
            if(h <= 24) {
                if(o->sub == SD_SUBST_ALCOHOL)
                    c->alcohol = 1;
                else
                    c->sedatives = 1;
            }
            break;
        default:
            break;
        }
    }
    if(last_dose >= 0)
        c->hours_since_dose = (double)(e->at - last_dose) / 3600.0;
    if(d->patient.birth_year > 0) {
        int y;
        sd_civil_from_days(day, &y, NULL, NULL, NULL);
        c->age = y - d->patient.birth_year;
    }
}

int sd_diary_check_symptom(const struct sd_lexicon *lx, const sd_diary *d,
                           sd_entry *e, sd_symptom_fill *f, sd_error *err)
{
    sd_context c;
    sd_assessment a;
    const sd_monograph *m = sd_lexicon_monograph(lx);
    int rc;

    memset(f, 0, sizeof(*f));
    context_of(d, e, &c);
    sd_assessment_init(&a);
    if((rc = sd_check(lx, &c, e->text ? e->text : "",
                      e->text ? strlen(e->text) : 0, &a, err))) {
        sd_assessment_release(&a);
        return rc;
    }
    e->disposition = a.disposition;
    e->explanations = 0;
    for(size_t i = 0; i < a.reading.nfindings; i++) {
        const sd_finding *fi = &a.reading.findings[i];
        if(fi->negated)
            continue;
        const sd_concept *cc = sd_monograph_concept(m, fi->concept);
        if(cc)
            append(f->concepts, sizeof(f->concepts), cc->id);
        e->explanations |= a.explanations ? a.explanations[i] : 0;
    }
    for(size_t i = 0; i < a.nreasons; i++) {
        const sd_reason *r = &a.reasons[i];
        e->explanations |= (unsigned)r->explanation;
        if(r->disposition < SD_DISP_SELF_CARE)
            continue;
        append(f->rules, sizeof(f->rules), r->rule);
        for(size_t k = 0; k < r->src.n; k++) {
            const sd_source *s = sd_monograph_source(m, r->src.idx[k]);
            if(s)
                append(f->sources, sizeof(f->sources), s->id);
        }
        if(r->policy) /* the triage policy (docs/TRIAGE.md) */
            append(f->sources, sizeof(f->sources), "POLICY");
    }
    e->concepts = f->concepts;
    e->rules = f->rules;
    e->sources = f->sources;
    sd_assessment_release(&a);
    return SD_OK;
}

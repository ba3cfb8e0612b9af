/*
** triage_json.c: an assessment as JSON. Builders return a new reference
** or NULL; a value is either stolen by a json_*_set_new() or never made.
*/
#include <string.h>

#include "stepdown/kb_json.h"
#include "stepdown/triage_json.h"

static json_t *span_text(const sd_assessment *a, size_t s, size_t e)
{
    return json_stringn(a->reading.text.src + s, e - s);
}

static int set(json_t *o, const char *k, json_t *v)
{
    return !v || json_object_set_new(o, k, v);
}

/* Set o[k] to *v, which is consumed either way. */
static int steal(json_t *o, const char *k, json_t **v)
{
    json_t *x = *v;
    *v = NULL;
    return set(o, k, x);
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *level_json(int level)
{
    json_t *o = json_object();
    if(o && (set(o, "level", json_integer(level)) ||
             set(o, "name", json_string(sd_disposition_name(level))) ||
             set(o, "meaning", json_string(sd_disposition_meaning(level))))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *expl_json(unsigned bits)
{
    json_t *arr = json_array();
    for(unsigned b = 1; arr && b < (1u << SD_EXPL_COUNT); b <<= 1)
        if((bits & b) &&
           json_array_append_new(arr, json_string(sd_explanation_name(b)))) {
            json_decref(arr);
            return NULL;
        }
    return arr;
}

static json_t *finding_json(const sd_monograph *m, const sd_assessment *a,
                            size_t i)
{
    const sd_finding *f = &a->reading.findings[i];
    const sd_concept *c = sd_monograph_concept(m, f->concept);
    json_t *o = json_object();

    if(o && (set(o, "concept", json_string(c->id)) ||
             set(o, "name", json_string(c->name)) ||
             set(o, "tier", json_string(sd_tier_name(c->tier))) ||
             set(o, "text", span_text(a, f->start, f->end)) ||
             set(o, "start", json_integer((json_int_t)f->start)) ||
             set(o, "end", json_integer((json_int_t)f->end)) ||
             set(o, "phrase", json_string(f->phrase)) ||
             set(o, "corrected", json_boolean(f->corrected > 0)) ||
             set(o, "intensity", json_string(sd_intensity_name(f->intensity))) ||
             set(o, "worsening", json_boolean(f->worsening)) ||
             set(o, "lasting", json_boolean(f->lasting)))) {
        json_decref(o);
        return NULL;
    }
    if(o && f->negated) {
        if(set(o, "negation", span_text(a, f->neg_start, f->neg_end))) {
            json_decref(o);
            return NULL;
        }
    } else if(o && (set(o, "explanations", expl_json(a->explanations[i])) ||
                    set(o, "disposition",
                        json_string(sd_disposition_name(a->levels[i]))))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *cue_json(const sd_assessment *a, const sd_cue *c)
{
    json_t *o = json_object();
    if(o && (set(o, "kind", json_string(sd_cue_name(c->kind))) ||
             set(o, "text", span_text(a, c->start, c->end)) ||
             set(o, "start", json_integer((json_int_t)c->start)) ||
             set(o, "end", json_integer((json_int_t)c->end)) ||
             set(o, "negated", json_boolean(c->negated)) ||
             set(o, "hours_ago", c->hours_ago >= 0 ? json_real(c->hours_ago)
                                                   : json_null()))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *context_json(const sd_assessment *a)
{
    static const char *const routes[] = {"unknown", "oral", "intrathecal"};
    static const char *const kidney[] = {"unknown-or-normal", "mild",
                                         "moderate", "severe"};
    const sd_used_context *u = &a->used;
    json_t *o = json_object(), *in = NULL;

    if(u->interruption) {
        in = json_object();
        if(in && (set(in, "kind", json_string(sd_cue_name(u->interruption_kind))) ||
                  set(in, "hours_ago", u->interruption_hours >= 0
                                           ? json_real(u->interruption_hours)
                                           : json_null()) ||
                  set(in, "in_onset_window",
                      json_boolean(u->interruption_in_window)) ||
                  set(in, "from_text", json_boolean(u->interruption_from_text)))) {
            json_decref(in);
            in = NULL;
        }
        if(!in) {
            json_decref(o);
            return NULL;
        }
    } else {
        in = json_null();
    }
    if(!o) {
        json_decref(in);
        return NULL;
    }
    /* in is consumed first, so that no failure below can leak it. */
    if(set(o, "interruption", in) ||
       set(o, "route", json_string(routes[u->route])) ||
       set(o, "route_from_text", json_boolean(u->route_from_text)) ||
       set(o, "recent_increase", json_boolean(u->increase)) ||
       set(o, "took_extra", json_boolean(u->extra)) ||
       set(o, "dose_above_max", json_boolean(u->above_max)) ||
       set(o, "kidney", json_string(kidney[u->kidney_level])) ||
       set(o, "alcohol", json_boolean(u->alcohol)) ||
       set(o, "sedatives", json_boolean(u->sedatives)) ||
       set(o, "older_adult", json_boolean(u->elderly)) ||
       set(o, "onset_window_hours",
           json_pack("[ff]", u->onset_min, u->onset_max))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* A reason's finding as an index into the "findings" array, which leaves
** out the negated ones. Reasons come in finding order, so the count of
** active findings before f is carried from call to call in *cursor. */
struct fref {
    size_t at;     /* findings counted so far */
    long active;   /* active ones among them */
};

static json_t *finding_ref(const sd_assessment *a, long f, struct fref *c)
{
    if(f < 0 || (size_t)f >= a->reading.nfindings)
        return json_null();
    if((size_t)f < c->at) {
        c->at = 0;
        c->active = 0;
    }
    for(; c->at < (size_t)f; c->at++)
        c->active += !a->reading.findings[c->at].negated;
    return json_integer(c->active);
}

static json_t *reason_json(const sd_monograph *m, const sd_assessment *a,
                           const sd_reason *r, struct fref *c)
{
    json_t *o = json_object();
    if(o && (set(o, "rule", json_string(r->rule)) ||
             set(o, "rule_text", json_string(r->rule_text)) ||
             set(o, "disposition", json_string(sd_disposition_name(r->disposition))) ||
             set(o, "explanation", r->explanation
                                       ? json_string(sd_explanation_name(
                                             (unsigned)r->explanation))
                                       : json_null()) ||
             set(o, "finding", finding_ref(a, r->finding, c)) ||
             set(o, "detail", str_or_null(r->detail)) ||
             set(o, "advice", str_or_null(r->advice)) ||
             set(o, "fact", str_or_null(r->fact)) ||
             set(o, "sources", sd_srcref_json(m, r->src)) ||
             set(o, "policy", json_string(r->policy)))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static int add_sources(const sd_monograph *m, json_t *dict, struct sd_srcref r)
{
    for(size_t i = 0; i < r.n; i++) {
        const sd_source *s = sd_monograph_source(m, r.idx[i]);
        if(json_object_get(dict, s->id))
            continue;
        json_t *o = json_object();
        if(!o || set(o, "title", json_string(s->title)) ||
           set(o, "url", str_or_null(s->url ? s->url : s->doi))) {
            json_decref(o);
            return -1;
        }
        if(json_object_set_new(dict, s->id, o))
            return -1;   /* o was released by json_object_set_new() */
    }
    return 0;
}

json_t *sd_assessment_json(const sd_lexicon *lx, const sd_assessment *a)
{
    const sd_monograph *m = sd_lexicon_monograph(lx);
    json_t *o = json_object(), *disp = level_json(a->disposition);
    json_t *fs = json_array(), *neg = json_array(), *un = json_array();
    json_t *cues = json_array(), *rs = json_array(), *adv = json_array();
    json_t *srcs = json_object();
    int bad = !o || !disp || !fs || !neg || !un || !cues || !rs || !adv ||
              !srcs;

    if(!bad && a->headline)
        bad = set(disp, "headline", json_string(a->headline));
    for(size_t i = 0; !bad && i < a->reading.nfindings; i++)
        bad = json_array_append_new(a->reading.findings[i].negated ? neg : fs,
                                    finding_json(m, a, i));
    for(size_t i = 0; !bad && i < a->reading.nunrecognised; i++) {
        const sd_span *s = &a->reading.unrecognised[i];
        bad = json_array_append_new(un, json_pack("{s:o,s:I,s:I}", "text",
                                                  span_text(a, s->start, s->end),
                                                  "start", (json_int_t)s->start,
                                                  "end", (json_int_t)s->end));
    }
    for(size_t i = 0; !bad && i < a->reading.ncues; i++)
        bad = json_array_append_new(cues, cue_json(a, &a->reading.cues[i]));
    struct fref cur = {0, 0};
    for(size_t i = 0; !bad && i < a->nreasons; i++)
        bad = json_array_append_new(rs, reason_json(m, a, &a->reasons[i],
                                                    &cur)) ||
              add_sources(m, srcs, a->reasons[i].src);
    /* What to do: the advice of the reasons, highest level first, once. */
    for(int l = SD_DISP_COUNT - 1; !bad && l >= 0; l--)
        for(size_t i = 0; !bad && i < a->nreasons; i++) {
            const sd_reason *r = &a->reasons[i];
            if(r->disposition != l || !r->advice)
                continue;
            int seen = 0;
            for(size_t k = 0; k < json_array_size(adv); k++)
                seen |= !strcmp(json_string_value(json_array_get(adv, k)),
                                r->advice);
            if(!seen)
                bad = json_array_append_new(adv, json_string(r->advice));
        }
    if(bad || set(o, "drug", json_string(sd_monograph_id(m))) ||
       steal(o, "disposition", &disp) || steal(o, "advice", &adv) ||
       steal(o, "findings", &fs) || steal(o, "negated", &neg) ||
       steal(o, "not_recognised", &un) || steal(o, "cues", &cues) ||
       set(o, "context", context_json(a)) || steal(o, "reasons", &rs) ||
       steal(o, "sources", &srcs) ||
       set(o, "spelling_correction", json_boolean(sd_lexicon_spelling(lx))) ||
       set(o, "notice", json_string(SD_SUPPORT_NOTICE))) {
        json_decref(o);
        json_decref(disp);
        json_decref(adv);
        json_decref(fs);
        json_decref(neg);
        json_decref(un);
        json_decref(cues);
        json_decref(rs);
        json_decref(srcs);
        return NULL;
    }
    return o;
}

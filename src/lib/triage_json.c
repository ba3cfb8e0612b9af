/*
** triage_json.c: an assessment as JSON, written as text (jsonw.h) for the
** server's POST /api/v1/check; the jansson tree is that text parsed, so
** the layout is written once. Any failure (memory, a NULL string) fails
** the whole text.
*/
#include <string.h>

#include "jsonw.h"
#include "stepdown/kb_json.h"
#include "stepdown/triage_json.h"

#define K(key, fn, ...) SD_JW_KV(w, key, fn, __VA_ARGS__)

static void span_text(sd_jw *w, const sd_assessment *a, size_t s, size_t e)
{
    sd_jw_strn(w, a->reading.text.src + s, e - s);
}

static void hours(sd_jw *w, double h)
{
    if(h >= 0)
        sd_jw_real(w, h);
    else
        sd_jw_null(w);
}

static void level_write(sd_jw *w, int level, const char *headline)
{
    sd_jw_open(w, '{');
    K("level", sd_jw_int, level);
    K("name", sd_jw_str, sd_disposition_name(level));
    K("meaning", sd_jw_str, sd_disposition_meaning(level));
    if(headline)
        K("headline", sd_jw_str, headline);
    sd_jw_close(w, '}');
}

static void expl_write(sd_jw *w, unsigned bits)
{
    sd_jw_open(w, '[');
    for(unsigned b = 1; b < (1u << SD_EXPL_COUNT); b <<= 1)
        if(bits & b)
            sd_jw_str(w, sd_explanation_name(b));
    sd_jw_close(w, ']');
}

static void finding_write(sd_jw *w, const sd_monograph *m,
                          const sd_assessment *a, size_t i)
{
    const sd_finding *f = &a->reading.findings[i];
    const sd_concept *c = sd_monograph_concept(m, f->concept);
    sd_jw_open(w, '{');
    K("concept", sd_jw_str, c->id);
    K("name", sd_jw_str, c->name);
    K("tier", sd_jw_str, sd_tier_name(c->tier));
    K("text", span_text, a, f->start, f->end);
    K("start", sd_jw_int, (long long)f->start);
    K("end", sd_jw_int, (long long)f->end);
    K("phrase", sd_jw_str, f->phrase);
    K("corrected", sd_jw_bool, f->corrected > 0);
    K("intensity", sd_jw_str, sd_intensity_name(f->intensity));
    K("worsening", sd_jw_bool, f->worsening);
    K("lasting", sd_jw_bool, f->lasting);
    K("status", sd_jw_str, sd_status_name(f->status));
    K("ongoing", sd_jw_bool, f->ongoing);
    K("frame", sd_jw_str_or_null,
      f->frame >= 0 ? sd_frame((size_t)f->frame)->id : NULL);
    if(f->negated) {
        K("negation", span_text, a, f->neg_start, f->neg_end);
    } else {
        K("explanations", expl_write, a->explanations[i]);
        K("disposition", sd_jw_str, sd_disposition_name(a->levels[i]));
    }
    sd_jw_close(w, '}');
}

static void findings_write(sd_jw *w, const sd_monograph *m,
                           const sd_assessment *a, int negated)
{
    sd_jw_open(w, '[');
    for(size_t i = 0; i < a->reading.nfindings; i++)
        if(!a->reading.findings[i].negated == !negated)
            finding_write(w, m, a, i);
    sd_jw_close(w, ']');
}

static void unrecognised_write(sd_jw *w, const sd_assessment *a)
{
    sd_jw_open(w, '[');
    for(size_t i = 0; i < a->reading.nunrecognised; i++) {
        const sd_span *s = &a->reading.unrecognised[i];
        sd_jw_open(w, '{');
        K("text", span_text, a, s->start, s->end);
        K("start", sd_jw_int, (long long)s->start);
        K("end", sd_jw_int, (long long)s->end);
        sd_jw_close(w, '}');
    }
    sd_jw_close(w, ']');
}

static void cues_write(sd_jw *w, const sd_assessment *a)
{
    sd_jw_open(w, '[');
    for(size_t i = 0; i < a->reading.ncues; i++) {
        const sd_cue *c = &a->reading.cues[i];
        sd_jw_open(w, '{');
        K("kind", sd_jw_str, sd_cue_name(c->kind));
        K("text", span_text, a, c->start, c->end);
        K("start", sd_jw_int, (long long)c->start);
        K("end", sd_jw_int, (long long)c->end);
        K("negated", sd_jw_bool, c->negated);
        K("hours_ago", hours, c->hours_ago);
        K("ongoing", sd_jw_bool, c->ongoing);
        K("amount", sd_jw_int, c->amount);
        sd_jw_close(w, '}');
    }
    sd_jw_close(w, ']');
}

static void flags_write(sd_jw *w, const sd_assessment *a)
{
    sd_jw_open(w, '[');
    for(size_t i = 0; i < a->reading.nflags; i++) {
        const sd_flag *f = &a->reading.flags[i];
        const sd_frame_info *in = sd_frame((size_t)f->frame);
        sd_jw_open(w, '{');
        K("frame", sd_jw_str, in->id);
        K("what", sd_jw_str, in->what);
        K("text", span_text, a, f->start, f->end);
        K("start", sd_jw_int, (long long)f->start);
        K("end", sd_jw_int, (long long)f->end);
        K("negated", sd_jw_bool, f->negated);
        K("status", sd_jw_str, sd_status_name(f->status));
        K("ongoing", sd_jw_bool, f->ongoing);
        K("concept", sd_jw_str_or_null, in->concept);
        K("level", sd_jw_str_or_null,
          in->level >= 0 ? sd_disposition_name(in->level) : NULL);
        K("policy", sd_jw_str, in->policy);
        sd_jw_close(w, '}');
    }
    sd_jw_close(w, ']');
}

static void measures_write(sd_jw *w, const sd_assessment *a)
{
    sd_jw_open(w, '[');
    for(size_t i = 0; i < a->reading.nmeasures; i++) {
        const sd_measure *m = &a->reading.measures[i];
        sd_jw_open(w, '{');
        K("kind", sd_jw_str, sd_measure_name(m->kind));
        K("value", sd_jw_real, (double)(long long)(m->value * 10 +
                                                   (m->value >= 0 ? 0.5
                                                                  : -0.5)) /
                                   10);
        K("text", span_text, a, m->start, m->end);
        K("start", sd_jw_int, (long long)m->start);
        K("end", sd_jw_int, (long long)m->end);
        sd_jw_close(w, '}');
    }
    sd_jw_close(w, ']');
}

static void questions_write(sd_jw *w, const sd_assessment *a)
{
    sd_jw_open(w, '[');
    for(size_t i = 0; i < a->nquestions; i++) {
        const sd_question *q = a->questions[i];
        sd_jw_open(w, '{');
        K("id", sd_jw_str, q->id);
        K("text", sd_jw_str, q->text);
        K("worrying_answer", sd_jw_str, q->worrying_answer ? "yes" : "no");
        K("if_worrying", sd_jw_str, sd_disposition_name(q->level));
        K("rules_out", sd_jw_str, q->why);
        sd_jw_close(w, '}');
    }
    sd_jw_close(w, ']');
}

static void context_write(sd_jw *w, const sd_assessment *a)
{
    static const char *const routes[] = {"unknown", "oral", "intrathecal"};
    static const char *const kidney[] = {"unknown-or-normal", "mild",
                                         "moderate", "severe"};
    const sd_used_context *u = &a->used;
    sd_jw_open(w, '{');
    sd_jw_key(w, "interruption");
    if(u->interruption) {
        sd_jw_open(w, '{');
        K("kind", sd_jw_str, sd_cue_name(u->interruption_kind));
        K("hours_ago", hours, u->interruption_hours);
        K("in_onset_window", sd_jw_bool, u->interruption_in_window);
        K("from_text", sd_jw_bool, u->interruption_from_text);
        K("ongoing", sd_jw_bool, u->interruption_ongoing);
        sd_jw_close(w, '}');
    } else {
        sd_jw_null(w);
    }
    K("route", sd_jw_str, routes[u->route]);
    K("route_from_text", sd_jw_bool, u->route_from_text);
    K("recent_increase", sd_jw_bool, u->increase);
    K("took_extra", sd_jw_bool, u->extra);
    K("extra_amount", sd_jw_int, u->extra_amount);
    K("pump_critical", sd_jw_bool, u->pump_critical);
    K("dose_above_max", sd_jw_bool, u->above_max);
    K("kidney", sd_jw_str, kidney[u->kidney_level]);
    K("alcohol", sd_jw_bool, u->alcohol);
    K("sedatives", sd_jw_bool, u->sedatives);
    K("older_adult", sd_jw_bool, u->elderly);
    sd_jw_key(w, "onset_window_hours");
    sd_jw_open(w, '[');
    sd_jw_real(w, u->onset_min);
    sd_jw_real(w, u->onset_max);
    sd_jw_close(w, ']');
    sd_jw_close(w, '}');
}

/* A reason's finding as an index into the "findings" array, which leaves
** out the negated ones. Reasons come in finding order, so the count of
** active findings before f is carried from call to call in *cursor. */
struct fref {
    size_t at;     /* findings counted so far */
    long active;   /* active ones among them */
};

static void finding_ref(sd_jw *w, const sd_assessment *a, long f,
                        struct fref *c)
{
    if(f < 0 || (size_t)f >= a->reading.nfindings) {
        sd_jw_null(w);
        return;
    }
    if((size_t)f < c->at) {
        c->at = 0;
        c->active = 0;
    }
    for(; c->at < (size_t)f; c->at++)
        c->active += !a->reading.findings[c->at].negated;
    sd_jw_int(w, c->active);
}

static void srcref_write(sd_jw *w, const sd_monograph *m,
                         struct sd_srcref ref)
{
    sd_jw_open(w, '[');
    for(size_t i = 0; i < ref.n; i++)
        sd_jw_str(w, sd_monograph_source(m, ref.idx[i])->id);
    sd_jw_close(w, ']');
}

static void reasons_write(sd_jw *w, const sd_monograph *m,
                          const sd_assessment *a)
{
    struct fref cur = {0, 0};
    sd_jw_open(w, '[');
    for(size_t i = 0; i < a->nreasons; i++) {
        const sd_reason *r = &a->reasons[i];
        sd_jw_open(w, '{');
        K("rule", sd_jw_str, r->rule);
        K("rule_text", sd_jw_str, r->rule_text);
        K("disposition", sd_jw_str, sd_disposition_name(r->disposition));
        K("explanation", sd_jw_str_or_null,
          r->explanation ? sd_explanation_name((unsigned)r->explanation)
                         : NULL);
        K("finding", finding_ref, a, r->finding, &cur);
        K("detail", sd_jw_str_or_null, r->detail);
        K("advice", sd_jw_str_or_null, r->advice);
        K("fact", sd_jw_str_or_null, r->fact);
        K("sources", srcref_write, m, r->src);
        K("policy", sd_jw_str, r->policy);
        sd_jw_close(w, '}');
    }
    sd_jw_close(w, ']');
}

/* Has source k of reason i an id seen before it, in an earlier reason or
** earlier in this one? (A handful of reasons and sources: no table.) */
static int source_seen(const sd_monograph *m, const sd_assessment *a,
                       size_t i, size_t k)
{
    const char *id = sd_monograph_source(m, a->reasons[i].src.idx[k])->id;
    for(size_t j = 0; j <= i; j++) {
        struct sd_srcref r = a->reasons[j].src;
        for(size_t n = 0; n < (j < i ? r.n : k); n++)
            if(!strcmp(sd_monograph_source(m, r.idx[n])->id, id))
                return 1;
    }
    return 0;
}

/* Every source of the reasons, once, by id: {"title", "url"}. */
static void sources_write(sd_jw *w, const sd_monograph *m,
                          const sd_assessment *a)
{
    sd_jw_open(w, '{');
    for(size_t i = 0; i < a->nreasons; i++)
        for(size_t k = 0; k < a->reasons[i].src.n; k++) {
            const sd_source *s =
                sd_monograph_source(m, a->reasons[i].src.idx[k]);
            if(source_seen(m, a, i, k))
                continue;
            sd_jw_key(w, s->id);
            sd_jw_open(w, '{');
            K("title", sd_jw_str, s->title);
            K("url", sd_jw_str_or_null, s->url ? s->url : s->doi);
            sd_jw_close(w, '}');
        }
    sd_jw_close(w, '}');
}

/* Was reason i's advice given already: by a reason of a higher level, or
** an earlier one of the same level? */
static int advice_given(const sd_assessment *a, size_t i)
{
    const sd_reason *r = &a->reasons[i];
    for(size_t j = 0; j < a->nreasons; j++) {
        const sd_reason *o = &a->reasons[j];
        if(j != i && o->advice &&
           (o->disposition > r->disposition ||
            (o->disposition == r->disposition && j < i)) &&
           !strcmp(o->advice, r->advice))
            return 1;
    }
    return 0;
}

/* What to do: the advice of the reasons, highest level first, once. */
static void advice_write(sd_jw *w, const sd_assessment *a)
{
    sd_jw_open(w, '[');
    for(int l = SD_DISP_COUNT - 1; l >= 0; l--)
        for(size_t i = 0; i < a->nreasons; i++) {
            const sd_reason *r = &a->reasons[i];
            if(r->disposition == l && r->advice && !advice_given(a, i))
                sd_jw_str(w, r->advice);
        }
    sd_jw_close(w, ']');
}

static void assessment_write(sd_jw *w, const sd_lexicon *lx,
                             const sd_assessment *a)
{
    const sd_monograph *m = sd_lexicon_monograph(lx);
    sd_jw_open(w, '{');
    K("drug", sd_jw_str, sd_monograph_id(m));
    K("disposition", level_write, a->disposition, a->headline);
    K("advice", advice_write, a);
    K("findings", findings_write, m, a, 0);
    K("negated", findings_write, m, a, 1);
    K("not_recognised", unrecognised_write, a);
    K("red_flags", flags_write, a);
    K("measures", measures_write, a);
    K("questions", questions_write, a);
    K("cues", cues_write, a);
    K("context", context_write, a);
    K("reasons", reasons_write, m, a);
    K("sources", sources_write, m, a);
    K("spelling_correction", sd_jw_bool, sd_lexicon_spelling(lx));
    K("notice", sd_jw_str, SD_SUPPORT_NOTICE);
    sd_jw_close(w, '}');
}

char *sd_assessment_json_text(const sd_lexicon *lx, const sd_assessment *a,
                              size_t *len)
{
    sd_jw w = SD_JW_INIT;
    assessment_write(&w, lx, a);
    return sd_jw_finish(&w, len);
}

json_t *sd_assessment_json(const sd_lexicon *lx, const sd_assessment *a)
{
    sd_jw w = SD_JW_INIT;
    assessment_write(&w, lx, a);
    return sd_jw_tree(&w);
}

/*
** kb_json.c: JSON views of a monograph (side effects, sources).
**
** Builders use jansson's stealing setters (json_object_set_new) and check
** every allocation: on failure the partial result is released and NULL is
** returned.
*/
#include <string.h>

#include "json_build.h"
#include "stepdown/kb_json.h"

static int tier_rank(int tier)
{
    return tier == SD_TIER_SERIOUS ? 0 : tier == SD_TIER_COMMON ? 1 : 2;
}

static int cmp_concepts(const sd_monograph *m, size_t a, size_t b)
{
    const sd_concept *x = sd_monograph_concept(m, a);
    const sd_concept *y = sd_monograph_concept(m, b);
    double fx = x->freq.known ? x->freq.max : -1;
    double fy = y->freq.known ? y->freq.max : -1;

    if(tier_rank(x->tier) != tier_rank(y->tier))
        return tier_rank(x->tier) - tier_rank(y->tier);
    if(x->seed != y->seed)
        return y->seed - x->seed;
    if(fx != fy)
        return fx < fy ? 1 : -1;
    return strcmp(x->name, y->name);
}

size_t sd_side_effects_order(const sd_monograph *m, unsigned tier_mask,
                             size_t *idx, size_t cap)
{
    size_t n = 0;

    for(size_t i = 0; i < sd_monograph_nconcepts(m) && n < cap; i++) {
        const sd_concept *c = sd_monograph_concept(m, i);
        if((c->roles & SD_ROLE_SIDE_EFFECT) && (tier_mask & (1u << c->tier)))
            idx[n++] = i;
    }
    /* Insertion sort: n is small (tens), it is stable, and unlike qsort()
    ** it takes the monograph without a global, so threads may share m. */
    for(size_t i = 1; i < n; i++) {
        size_t v = idx[i], j = i;
        while(j > 0 && cmp_concepts(m, idx[j - 1], v) > 0) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = v;
    }
    return n;
}

json_t *sd_srcref_json(const sd_monograph *m, struct sd_srcref ref)
{
    json_t *a = json_array();

    for(size_t i = 0; a && i < ref.n; i++) {
        const sd_source *s = sd_monograph_source(m, ref.idx[i]);
        if(json_array_append_new(a, json_string(s->id))) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *roles_json(unsigned roles)
{
    json_t *a = json_array();

    for(unsigned r = 1; a && r <= SD_ROLE_TOXICITY; r <<= 1) {
        if((roles & r) && json_array_append_new(a, json_string(sd_role_name(r)))) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *frequency_json(const sd_monograph *m, const sd_frequency *f)
{
    json_t *o;

    if(!f->known && !f->category)
        return json_null();
    o = json_object();
    if(!o)
        return NULL;
    if(json_object_set_new(o, "min", f->known ? json_real(f->min) : json_null()) ||
       json_object_set_new(o, "max", f->known ? json_real(f->max) : json_null()) ||
       json_object_set_new(o, "placebo", f->has_placebo ? json_real(f->placebo)
                                                         : json_null()) ||
       json_object_set_new(o, "category", str_or_null(f->category)) ||
       json_object_set_new(o, "note", str_or_null(f->note)) ||
       json_object_set_new(o, "sources", sd_srcref_json(m, f->src))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Each builder returns a new reference or NULL. Values are created inline
** in one || chain: a value is either stolen by json_object_set_new() (which
** also releases it when setting fails) or never created, so no failure
** path can leak. */
static json_t *disposition_json(const sd_monograph *m, const sd_concept *c)
{
    json_t *d = json_object();

    if(d && (json_object_set_new(d, "level", json_integer(c->disposition)) ||
             json_object_set_new(d, "name", json_string(sd_disposition_name(
                                                c->disposition))) ||
             json_object_set_new(d, "meaning", json_string(sd_disposition_meaning(
                                                   c->disposition))) ||
             json_object_set_new(d, "advice", json_string(c->advice)) ||
             json_object_set_new(d, "escalate", str_or_null(c->escalate)) ||
             json_object_set_new(d, "sources",
                                 sd_srcref_json(m, c->disposition_src)))) {
        json_decref(d);
        return NULL;
    }
    return d;
}

static json_t *snomed_json(const sd_monograph *m, const sd_concept *c)
{
    json_t *o;

    if(!c->snomed_code)
        return json_null();
    o = json_object();
    if(o && (json_object_set_new(o, "code", json_string(c->snomed_code)) ||
             json_object_set_new(o, "term", str_or_null(c->snomed_term)) ||
             json_object_set_new(o, "sources",
                                 sd_srcref_json(m, c->snomed_src)))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The narrower or lay-equivalent SNOMED CT findings the concept covers,
** [] when none. */
static json_t *snomed_related_json(const sd_monograph *m, const sd_concept *c)
{
    json_t *a = json_array();

    for(size_t i = 0; a && i < c->nsnomed_related; i++) {
        const sd_coding *r = &c->snomed_related[i];
        json_t *o = json_object();
        if(json_array_append_new(a, o) ||
           json_object_set_new(o, "code", json_string(r->code)) ||
           json_object_set_new(o, "term", str_or_null(r->term)) ||
           json_object_set_new(o, "sources", sd_srcref_json(m, r->src))) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *meddra_json(const sd_monograph *m, const sd_concept *c)
{
    json_t *o;

    if(!c->meddra_pt)
        return json_null();
    o = json_object();
    if(o && (json_object_set_new(o, "name", json_string(c->meddra_pt)) ||
             json_object_set_new(o, "sources",
                                 sd_srcref_json(m, c->meddra_src)))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *concept_json(const sd_monograph *m, const sd_concept *c)
{
    json_t *o = json_object();

    if(o && (json_object_set_new(o, "id", json_string(c->id)) ||
             json_object_set_new(o, "name", json_string(c->name)) ||
             json_object_set_new(o, "tier", json_string(sd_tier_name(c->tier))) ||
             json_object_set_new(o, "seed", json_boolean(c->seed)) ||
             json_object_set_new(o, "lab", json_boolean(c->lab)) ||
             json_object_set_new(o, "roles", roles_json(c->roles)) ||
             json_object_set_new(o, "frequency", frequency_json(m, &c->freq)) ||
             json_object_set_new(o, "disposition", disposition_json(m, c)) ||
             json_object_set_new(o, "snomed", snomed_json(m, c)) ||
             json_object_set_new(o, "snomed_related",
                                 snomed_related_json(m, c)) ||
             json_object_set_new(o, "meddra_pt", meddra_json(m, c)) ||
             json_object_set_new(o, "sources", sd_srcref_json(m, c->src)))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *sd_source_json(const sd_source *s)
{
    json_t *o = json_object();

    if(o && (json_object_set_new(o, "id", json_string(s->id)) ||
             json_object_set_new(o, "title", json_string(s->title)) ||
             json_object_set_new(o, "publisher", str_or_null(s->publisher)) ||
             json_object_set_new(o, "url", str_or_null(s->url)) ||
             json_object_set_new(o, "doi", str_or_null(s->doi)) ||
             json_object_set_new(o, "kind", json_string(s->kind)) ||
             json_object_set_new(o, "note", str_or_null(s->note)))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static void mark_cited(const struct sd_srcref *r, unsigned char *cited)
{
    for(size_t i = 0; i < r->n; i++)
        cited[r->idx[i]] = 1;
}

json_t *sd_side_effects_json(const sd_monograph *m, unsigned tier_mask)
{
    size_t nc = sd_monograph_nconcepts(m), ns = sd_monograph_nsources(m), n;
    size_t *idx = sd_calloc(nc ? nc : 1, sizeof(*idx));
    unsigned char *cited = sd_calloc(ns ? ns : 1, 1);
    json_t *root = json_object(), *list = json_array(), *srcs = json_array();
    const char *filter = tier_mask == SD_TIERMASK_ALL ? "all"
                         : tier_mask == SD_TIERMASK_SERIOUS ? "serious"
                         : tier_mask == SD_TIERMASK_COMMON ? "common"
                         : tier_mask == SD_TIERMASK_RARE   ? "rare"
                                                           : "custom";

    if(!idx || !cited || !root || !list || !srcs)
        goto fail;
    n = sd_side_effects_order(m, tier_mask, idx, nc);
    for(size_t i = 0; i < n; i++) {
        const sd_concept *c = sd_monograph_concept(m, idx[i]);
        if(json_array_append_new(list, concept_json(m, c)))
            goto fail;
        mark_cited(&c->src, cited);
        mark_cited(&c->freq.src, cited);
        mark_cited(&c->disposition_src, cited);
        mark_cited(&c->snomed_src, cited);
        for(size_t k = 0; k < c->nsnomed_related; k++)
            mark_cited(&c->snomed_related[k].src, cited);
        mark_cited(&c->meddra_src, cited);
    }
    for(size_t i = 0; i < ns; i++)
        if(cited[i] &&
           json_array_append_new(srcs, sd_source_json(sd_monograph_source(m, i))))
            goto fail;
    if(json_object_set_new(root, "drug", json_string(sd_monograph_id(m))) ||
       json_object_set_new(root, "drug_name", json_string(sd_monograph_name(m))) ||
       json_object_set_new(root, "monograph_updated",
                           json_string(sd_monograph_updated(m))) ||
       json_object_set_new(root, "filter", json_string(filter)) ||
       json_object_set_new(root, "notice", json_string(SD_SUPPORT_NOTICE))) {
        goto fail;
    }
    if(json_object_set_new(root, "side_effects", list)) {
        list = NULL;
        goto fail;
    }
    list = NULL;
    if(json_object_set_new(root, "sources", srcs)) {
        srcs = NULL;
        goto fail;
    }
    sd_free(idx);
    sd_free(cited);
    return root;
fail:
    sd_free(idx);
    sd_free(cited);
    json_decref(root);
    json_decref(list);
    json_decref(srcs);
    return NULL;
}

json_t *sd_sources_json(const sd_monograph *m)
{
    json_t *root = json_object(), *list = json_array();

    if(!root || !list)
        goto fail;
    for(size_t i = 0; i < sd_monograph_nsources(m); i++)
        if(json_array_append_new(list, sd_source_json(sd_monograph_source(m, i))))
            goto fail;
    if(json_object_set_new(root, "drug", json_string(sd_monograph_id(m))) ||
       json_object_set_new(root, "monograph_updated",
                           json_string(sd_monograph_updated(m))))
        goto fail;
    if(json_object_set_new(root, "sources", list)) {
        list = NULL;
        goto fail;
    }
    return root;
fail:
    json_decref(root);
    json_decref(list);
    return NULL;
}

/*
** kb.c: loading and validating drug monographs.
**
** The loader works in two passes over the JSON document parsed by jansson:
**   1. a generic walk that checks every fact (every number, string or
**      boolean outside the metadata) has a source on its own object or on
**      an enclosing one;
**   2. a typed pass that checks each section against the format of
**      docs/MONOGRAPH.md and copies it into structs kept in one arena.
** The first problem found stops the load; the caller gets an sd_error with
** the file, the JSON path and the problem, and no monograph.
*/
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "kb_int.h"
#include "stepdown/kb.h"

#define PATH_MAX_LEN 256

/* Sections holding "params" and "statements"; order is the display order. */
static const char *const section_names[SD__NSECTIONS] = {
    "indications", "dosing", "kinetics", "kidney", "interactions",
    "populations", "misuse", "overdose", "withdrawal", "tapering", "pump"
};

static const char *const role_names[] = {
    "side_effect", "withdrawal_sign", "overdose_sign", "toxicity_sign"
};
#define NROLES (sizeof(role_names) / sizeof(role_names[0]))

static const char *const tier_names[] = {"common", "rare", "serious"};
#define NTIERS (sizeof(tier_names) / sizeof(tier_names[0]))

/* Loader state for one load. */
struct ld {
    const char *file;
    sd_error *err;
    struct sd_monograph *m;
};

/* ==== Errors ==== */

static int fail(struct ld *l, int rc, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(struct ld *l, int rc, const char *path, const char *fmt, ...)
{
    va_list ap;

    if(l->err) {
        sd_error_clear(l->err);
        snprintf(l->err->file, sizeof(l->err->file), "%s", l->file);
        snprintf(l->err->path, sizeof(l->err->path), "%s", path ? path : "");
        va_start(ap, fmt);
        vsnprintf(l->err->text, sizeof(l->err->text), fmt, ap);
        va_end(ap);
    }
    return rc;
}

static int nomem(struct ld *l)
{
    return fail(l, SD_ERR_NOMEM, "", "out of memory");
}

static void path_key(char *out, const char *parent, const char *key)
{
    snprintf(out, PATH_MAX_LEN, "%s.%s", parent, key);
}

static void path_idx(char *out, const char *parent, size_t i)
{
    snprintf(out, PATH_MAX_LEN, "%s[%zu]", parent, i);
}

/* ==== Pass 1: every fact has a source ==== */

static int has_source(json_t *obj)
{
    return json_object_get(obj, "source") || json_object_get(obj, "sources");
}

/* Top-level members that are metadata, not facts. */
static int is_metadata_key(const char *key)
{
    static const char *const keys[] = {"format", "id", "name", "updated",
                                       "sources", "$comment"};
    for(size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        if(!strcmp(key, keys[i]))
            return 1;
    return 0;
}

static int walk_sources(struct ld *l, json_t *v, const char *path, int sourced,
                        int depth)
{
    char p[PATH_MAX_LEN];

    if(depth > 32)
        return fail(l, SD_ERR_INVALID, path, "nesting is too deep");
    if(json_is_object(v)) {
        const char *key;
        json_t *child;
        /* At the top, "sources" is the source list, not a citation. */
        int here = sourced || (depth > 0 && has_source(v));

        json_object_foreach(v, key, child) {
            if(!strcmp(key, "source") || !strcmp(key, "sources") ||
               !strcmp(key, "$comment"))
                continue;
            if(depth == 0 && is_metadata_key(key))
                continue;
            path_key(p, path, key);
            int rc = walk_sources(l, child, p, here, depth + 1);
            if(rc)
                return rc;
        }
        return SD_OK;
    }
    if(json_is_array(v)) {
        size_t i;
        json_t *child;

        json_array_foreach(v, i, child) {
            path_idx(p, path, i);
            int rc = walk_sources(l, child, p, sourced, depth + 1);
            if(rc)
                return rc;
        }
        return SD_OK;
    }
    if(json_is_null(v) || sourced)
        return SD_OK;
    return fail(l, SD_ERR_INVALID, path,
                "fact has no source; add \"source\" to this object or to an "
                "enclosing one");
}

/* ==== Typed getters ==== */

/* Refuse members of obj that are not in the NULL-terminated allowed list. */
static int check_keys(struct ld *l, json_t *obj, const char *path,
                      const char *const *allowed)
{
    const char *key;
    json_t *v;

    json_object_foreach(obj, key, v) {
        int ok = !strcmp(key, "source") || !strcmp(key, "sources") ||
                 !strcmp(key, "$comment");
        for(size_t i = 0; !ok && allowed[i]; i++)
            ok = !strcmp(key, allowed[i]);
        if(!ok) {
            char p[PATH_MAX_LEN];
            path_key(p, path, key);
            return fail(l, SD_ERR_INVALID, p, "unknown field '%s'", key);
        }
    }
    return SD_OK;
}

static int need_object(struct ld *l, json_t *v, const char *path)
{
    if(!json_is_object(v))
        return fail(l, SD_ERR_INVALID, path, "expected an object");
    return SD_OK;
}

static int get_str(struct ld *l, json_t *obj, const char *path,
                   const char *key, int required, const char **out)
{
    json_t *v = json_object_get(obj, key);
    char p[PATH_MAX_LEN];

    *out = NULL;
    path_key(p, path, key);
    if(!v || json_is_null(v)) {
        if(required)
            return fail(l, SD_ERR_INVALID, path,
                        "missing required field '%s'", key);
        return SD_OK;
    }
    if(!json_is_string(v))
        return fail(l, SD_ERR_INVALID, p, "expected a string");
    if(json_string_length(v) == 0)
        return fail(l, SD_ERR_INVALID, p, "must not be empty");
    if(strlen(json_string_value(v)) != json_string_length(v))
        return fail(l, SD_ERR_INVALID, p, "must not contain NUL characters");
    *out = sd__arena_strdup(&l->m->arena, json_string_value(v));
    if(!*out)
        return nomem(l);
    return SD_OK;
}

static int get_num(struct ld *l, json_t *obj, const char *path,
                   const char *key, int required, double *out, int *present)
{
    json_t *v = json_object_get(obj, key);

    if(present)
        *present = 0;
    if(!v || json_is_null(v)) {
        if(required)
            return fail(l, SD_ERR_INVALID, path,
                        "missing required field '%s'", key);
        return SD_OK;
    }
    if(!json_is_number(v)) {
        char p[PATH_MAX_LEN];
        path_key(p, path, key);
        return fail(l, SD_ERR_INVALID, p, "expected a number");
    }
    *out = json_number_value(v);
    if(present)
        *present = 1;
    return SD_OK;
}

static int get_int(struct ld *l, json_t *obj, const char *path,
                   const char *key, int required, int64_t *out, int *present)
{
    json_t *v = json_object_get(obj, key);

    if(present)
        *present = 0;
    if(!v || json_is_null(v)) {
        if(required)
            return fail(l, SD_ERR_INVALID, path,
                        "missing required field '%s'", key);
        return SD_OK;
    }
    if(!json_is_integer(v)) {
        char p[PATH_MAX_LEN];
        path_key(p, path, key);
        return fail(l, SD_ERR_INVALID, p,
                    "expected an integer (amounts are whole micrograms)");
    }
    *out = (int64_t)json_integer_value(v);
    if(present)
        *present = 1;
    return SD_OK;
}

static int get_bool(struct ld *l, json_t *obj, const char *path,
                    const char *key, int *out)
{
    json_t *v = json_object_get(obj, key);

    *out = 0;
    if(!v || json_is_null(v))
        return SD_OK;
    if(!json_is_boolean(v)) {
        char p[PATH_MAX_LEN];
        path_key(p, path, key);
        return fail(l, SD_ERR_INVALID, p, "expected true or false");
    }
    *out = json_is_true(v);
    return SD_OK;
}

static int resolve_source(struct ld *l, const char *id, const char *path,
                          size_t *out)
{
    for(size_t i = 0; i < l->m->nsources; i++) {
        if(!strcmp(l->m->sources[i].id, id)) {
            *out = i;
            return SD_OK;
        }
    }
    return fail(l, SD_ERR_INVALID, path,
                "unknown source '%s'; add it to $.sources or fix the tag", id);
}

/* Read "source" (one tag) or "sources" (list of tags) of obj into out.
** When the object has neither, out is empty, and that is an error only if
** required. */
static int get_srcref(struct ld *l, json_t *obj, const char *path,
                      int required, struct sd_srcref *out)
{
    json_t *one = json_object_get(obj, "source");
    json_t *many = json_object_get(obj, "sources");
    char p[PATH_MAX_LEN];
    size_t *idx;

    out->idx = NULL;
    out->n = 0;
    if(one && many)
        return fail(l, SD_ERR_INVALID, path,
                    "give either 'source' or 'sources', not both");
    if(!one && !many) {
        if(required)
            return fail(l, SD_ERR_INVALID, path,
                        "missing required field 'source'");
        return SD_OK;
    }
    if(one) {
        path_key(p, path, "source");
        if(!json_is_string(one))
            return fail(l, SD_ERR_INVALID, p, "expected a source tag");
        idx = sd__arena_alloc(&l->m->arena, sizeof(*idx));
        if(!idx)
            return nomem(l);
        int rc = resolve_source(l, json_string_value(one), p, idx);
        if(rc)
            return rc;
        out->idx = idx;
        out->n = 1;
        return SD_OK;
    }
    path_key(p, path, "sources");
    if(!json_is_array(many) || json_array_size(many) == 0)
        return fail(l, SD_ERR_INVALID, p,
                    "expected a non-empty list of source tags");
    idx = sd__arena_alloc(&l->m->arena, json_array_size(many) * sizeof(*idx));
    if(!idx)
        return nomem(l);
    for(size_t i = 0; i < json_array_size(many); i++) {
        json_t *v = json_array_get(many, i);
        char pi[PATH_MAX_LEN];

        path_idx(pi, p, i);
        if(!json_is_string(v))
            return fail(l, SD_ERR_INVALID, pi, "expected a source tag");
        int rc = resolve_source(l, json_string_value(v), pi, &idx[i]);
        if(rc)
            return rc;
    }
    out->idx = idx;
    out->n = json_array_size(many);
    return SD_OK;
}

/* Get the array member key of obj (missing is an empty array unless
** required). *arr is NULL when absent. */
static int get_array(struct ld *l, json_t *obj, const char *path,
                     const char *key, int required, json_t **arr)
{
    json_t *v = json_object_get(obj, key);

    *arr = NULL;
    if(!v) {
        if(required)
            return fail(l, SD_ERR_INVALID, path,
                        "missing required field '%s'", key);
        return SD_OK;
    }
    if(!json_is_array(v)) {
        char p[PATH_MAX_LEN];
        path_key(p, path, key);
        return fail(l, SD_ERR_INVALID, p, "expected a list");
    }
    *arr = v;
    return SD_OK;
}

/* A list of strings; copies into the arena. */
static int get_str_list(struct ld *l, json_t *obj, const char *path,
                        const char *key, int required,
                        const char *const **out, size_t *n)
{
    json_t *arr;
    const char **list;
    char p[PATH_MAX_LEN];
    int rc;

    *out = NULL;
    *n = 0;
    rc = get_array(l, obj, path, key, required, &arr);
    if(rc || !arr)
        return rc;
    path_key(p, path, key);
    list = sd__arena_alloc(&l->m->arena,
                           (json_array_size(arr) + 1) * sizeof(*list));
    if(!list)
        return nomem(l);
    for(size_t i = 0; i < json_array_size(arr); i++) {
        json_t *v = json_array_get(arr, i);
        char pi[PATH_MAX_LEN];

        path_idx(pi, p, i);
        if(!json_is_string(v) || json_string_length(v) == 0 ||
           strlen(json_string_value(v)) != json_string_length(v))
            return fail(l, SD_ERR_INVALID, pi, "expected a non-empty string");
        list[i] = sd__arena_strdup(&l->m->arena, json_string_value(v));
        if(!list[i])
            return nomem(l);
    }
    *out = list;
    *n = json_array_size(arr);
    return SD_OK;
}

static int is_ident(const char *s)
{
    if(!*s)
        return 0;
    for(; *s; s++)
        if(!(islower((unsigned char)*s) || isdigit((unsigned char)*s) ||
             *s == '-' || *s == '_'))
            return 0;
    return 1;
}

/* ==== Sources ==== */

static int load_sources(struct ld *l, json_t *root)
{
    static const char *const keys[] = {"id", "title", "publisher", "url",
                                       "doi", "kind", "note", NULL};
    json_t *arr;
    int rc;

    rc = get_array(l, root, "$", "sources", 1, &arr);
    if(rc)
        return rc;
    if(json_array_size(arr) == 0)
        return fail(l, SD_ERR_INVALID, "$.sources",
                    "a monograph needs at least one source");
    l->m->sources = sd__arena_alloc(&l->m->arena,
                                    json_array_size(arr) * sizeof(sd_source));
    if(!l->m->sources)
        return nomem(l);
    for(size_t i = 0; i < json_array_size(arr); i++) {
        json_t *o = json_array_get(arr, i);
        sd_source *s = &l->m->sources[i];
        char p[PATH_MAX_LEN];

        path_idx(p, "$.sources", i);
        if((rc = need_object(l, o, p)))
            return rc;
        if(has_source(o))
            return fail(l, SD_ERR_INVALID, p,
                        "a source entry cannot cite a source");
        if((rc = check_keys(l, o, p, keys)) ||
           (rc = get_str(l, o, p, "id", 1, &s->id)) ||
           (rc = get_str(l, o, p, "title", 1, &s->title)) ||
           (rc = get_str(l, o, p, "publisher", 0, &s->publisher)) ||
           (rc = get_str(l, o, p, "url", 0, &s->url)) ||
           (rc = get_str(l, o, p, "doi", 0, &s->doi)) ||
           (rc = get_str(l, o, p, "kind", 1, &s->kind)) ||
           (rc = get_str(l, o, p, "note", 0, &s->note)))
            return rc;
        if(!s->url && !s->doi)
            return fail(l, SD_ERR_INVALID, p,
                        "source '%s' needs a 'url' or a 'doi'", s->id);
        for(size_t j = 0; j < i; j++)
            if(!strcmp(l->m->sources[j].id, s->id))
                return fail(l, SD_ERR_INVALID, p,
                            "duplicate source id '%s' (also $.sources[%zu])",
                            s->id, j);
        l->m->nsources = i + 1;
    }
    return SD_OK;
}

/* ==== Identity ==== */

static int load_identity(struct ld *l, json_t *root)
{
    static const char *const keys[] = {"class", "brands", "codes", NULL};
    static const char *const code_keys[] = {"system", "code", NULL};
    json_t *id = json_object_get(root, "identity");
    json_t *codes;
    int rc;

    if(!id)
        return fail(l, SD_ERR_INVALID, "$",
                    "missing required field 'identity'");
    if((rc = need_object(l, id, "$.identity")) ||
       (rc = check_keys(l, id, "$.identity", keys)) ||
       (rc = get_srcref(l, id, "$.identity", 1, &l->m->identity_src)) ||
       (rc = get_str(l, id, "$.identity", "class", 1, &l->m->drug_class)) ||
       (rc = get_str_list(l, id, "$.identity", "brands", 0, &l->m->brands,
                          &l->m->nbrands)) ||
       (rc = get_array(l, id, "$.identity", "codes", 0, &codes)))
        return rc;
    if(!codes)
        return SD_OK;
    l->m->codes = sd__arena_alloc(&l->m->arena,
                                  (json_array_size(codes) + 1) *
                                      sizeof(*l->m->codes));
    if(!l->m->codes)
        return nomem(l);
    for(size_t i = 0; i < json_array_size(codes); i++) {
        json_t *o = json_array_get(codes, i);
        struct sd__code *c = &l->m->codes[i];
        char p[PATH_MAX_LEN];

        path_idx(p, "$.identity.codes", i);
        if((rc = need_object(l, o, p)) ||
           (rc = check_keys(l, o, p, code_keys)) ||
           (rc = get_str(l, o, p, "system", 1, &c->system)) ||
           (rc = get_str(l, o, p, "code", 1, &c->code)) ||
           (rc = get_srcref(l, o, p, 0, &c->src)))
            return rc;
        if(!c->src.n)
            c->src = l->m->identity_src;
        l->m->ncodes = i + 1;
    }
    return SD_OK;
}

/* ==== Params and statements ==== */

static int load_param(struct ld *l, json_t *o, const char *p, sd_param *x,
                      const struct sd_srcref *inherited)
{
    static const char *const keys[] = {"name", "min", "max", "unit", "note",
                                       NULL};
    int rc;

    if((rc = need_object(l, o, p)) || (rc = check_keys(l, o, p, keys)) ||
       (rc = get_str(l, o, p, "name", 1, &x->name)) ||
       (rc = get_num(l, o, p, "min", 1, &x->min, NULL)) ||
       (rc = get_num(l, o, p, "max", 1, &x->max, NULL)) ||
       (rc = get_str(l, o, p, "unit", 1, &x->unit)) ||
       (rc = get_str(l, o, p, "note", 0, &x->note)) ||
       (rc = get_srcref(l, o, p, !inherited || !inherited->n, &x->src)))
        return rc;
    if(!x->src.n)
        x->src = *inherited;
    if(x->min > x->max)
        return fail(l, SD_ERR_INVALID, p, "min %g is above max %g", x->min,
                    x->max);
    if(!strcmp(x->unit, "%") && (x->min < 0 || x->max > 100))
        return fail(l, SD_ERR_INVALID, p,
                    "a percentage must lie between 0 and 100");
    return SD_OK;
}

static int load_statement(struct ld *l, json_t *o, const char *p,
                          sd_statement *x, const struct sd_srcref *inherited)
{
    static const char *const keys[] = {"topic", "text", NULL};
    int rc;

    if((rc = need_object(l, o, p)) || (rc = check_keys(l, o, p, keys)) ||
       (rc = get_str(l, o, p, "topic", 1, &x->topic)) ||
       (rc = get_str(l, o, p, "text", 1, &x->text)) ||
       (rc = get_srcref(l, o, p, !inherited || !inherited->n, &x->src)))
        return rc;
    if(!x->src.n)
        x->src = *inherited;
    return SD_OK;
}

static int load_dose_limit(struct ld *l, json_t *o, const char *p,
                           sd_dose_limit *x)
{
    static const char *const keys[] = {"max_ug_day", "population", "route",
                                       "note", NULL};
    int rc;

    if((rc = need_object(l, o, p)) || (rc = check_keys(l, o, p, keys)) ||
       (rc = get_int(l, o, p, "max_ug_day", 1, &x->max_ug_day, NULL)) ||
       (rc = get_str(l, o, p, "population", 1, &x->population)) ||
       (rc = get_str(l, o, p, "route", 1, &x->route)) ||
       (rc = get_str(l, o, p, "note", 0, &x->note)) ||
       (rc = get_srcref(l, o, p, 1, &x->src)))
        return rc;
    if(x->max_ug_day <= 0) {
        char pk[PATH_MAX_LEN];
        path_key(pk, p, "max_ug_day");
        return fail(l, SD_ERR_INVALID, pk, "a dose must be positive");
    }
    return SD_OK;
}

static int load_titration(struct ld *l, json_t *o, const char *p,
                          struct sd_titration_step *x)
{
    static const char *const keys[] = {"from_day", "to_day", "dose_ug",
                                       "times_per_day", NULL};
    int64_t from, to = 0, times;
    int has_to;
    int rc;

    if((rc = need_object(l, o, p)) || (rc = check_keys(l, o, p, keys)) ||
       (rc = get_int(l, o, p, "from_day", 1, &from, NULL)) ||
       (rc = get_int(l, o, p, "to_day", 0, &to, &has_to)) ||
       (rc = get_int(l, o, p, "dose_ug", 1, &x->dose_ug, NULL)) ||
       (rc = get_int(l, o, p, "times_per_day", 1, &times, NULL)) ||
       (rc = get_srcref(l, o, p, 1, &x->src)))
        return rc;
    if(!has_to)
        to = 0;
    if(from < 1 || from > 10000 || to < 0 || to > 10000 ||
       (to && to < from))
        return fail(l, SD_ERR_INVALID, p,
                    "days must satisfy 1 <= from_day <= to_day");
    if(x->dose_ug <= 0 || times < 1 || times > 24)
        return fail(l, SD_ERR_INVALID, p,
                    "dose_ug must be positive and times_per_day 1 to 24");
    x->from_day = (int)from;
    x->to_day = (int)to;
    x->times_per_day = (int)times;
    return SD_OK;
}

static int load_kidney_band(struct ld *l, json_t *o, const char *p,
                            sd_kidney_band *x)
{
    static const char *const keys[] = {"measure", "lower", "upper", "action",
                                       "keep", "text", NULL};
    static const char *const actions[] = {"caution", "reduce", "avoid", NULL};
    int has_lower, has_upper, ok = 0;
    json_t *keep;
    int rc;

    if((rc = need_object(l, o, p)) || (rc = check_keys(l, o, p, keys)) ||
       (rc = get_str(l, o, p, "measure", 1, &x->measure)) ||
       (rc = get_num(l, o, p, "lower", 0, &x->lower, &has_lower)) ||
       (rc = get_num(l, o, p, "upper", 0, &x->upper, &has_upper)) ||
       (rc = get_str(l, o, p, "action", 1, &x->action)) ||
       (rc = get_str(l, o, p, "text", 1, &x->text)) ||
       (rc = get_srcref(l, o, p, 1, &x->src)))
        return rc;
    if(!has_lower)
        x->lower = -1;
    if(!has_upper)
        x->upper = -1;
    if((has_lower && x->lower < 0) || (has_upper && x->upper < 0) ||
       (has_lower && has_upper && x->lower >= x->upper))
        return fail(l, SD_ERR_INVALID, p,
                    "band bounds must satisfy 0 <= lower < upper");
    for(size_t i = 0; actions[i]; i++)
        ok |= !strcmp(actions[i], x->action);
    if(!ok)
        return fail(l, SD_ERR_INVALID, p,
                    "unknown action '%s' (caution, reduce or avoid)",
                    x->action);
    keep = json_object_get(o, "keep");
    if(keep) {
        char pk[PATH_MAX_LEN];

        path_key(pk, p, "keep");
        if(!json_is_array(keep) || json_array_size(keep) != 2 ||
           !json_is_integer(json_array_get(keep, 0)) ||
           !json_is_integer(json_array_get(keep, 1)))
            return fail(l, SD_ERR_INVALID, pk,
                        "expected [numerator, denominator] of the dose kept");
        json_int_t n = json_integer_value(json_array_get(keep, 0));
        json_int_t d = json_integer_value(json_array_get(keep, 1));
        if(d <= 0 || n < 0 || n > d || d > 1000)
            return fail(l, SD_ERR_INVALID, pk,
                        "the fraction kept must lie between 0 and 1");
        x->keep_num = (int)n;
        x->keep_den = (int)d;
    }
    return SD_OK;
}

static int load_strength(struct ld *l, json_t *o, const char *p,
                         sd_strength *x)
{
    static const char *const keys[] = {"amount_ug", "ug_per_ml", "scored",
                                       "min_piece", "note", NULL};
    int has_amount, has_conc, has_piece;
    int64_t piece = 1;
    int rc;

    if((rc = need_object(l, o, p)) || (rc = check_keys(l, o, p, keys)) ||
       (rc = get_int(l, o, p, "amount_ug", 0, &x->amount_ug, &has_amount)) ||
       (rc = get_int(l, o, p, "ug_per_ml", 0, &x->ug_per_ml, &has_conc)) ||
       (rc = get_bool(l, o, p, "scored", &x->scored)) ||
       (rc = get_int(l, o, p, "min_piece", 0, &piece, &has_piece)) ||
       (rc = get_str(l, o, p, "note", 0, &x->note)) ||
       (rc = get_srcref(l, o, p, 0, &x->src)))
        return rc;
    if(has_amount == has_conc)
        return fail(l, SD_ERR_INVALID, p,
                    "give exactly one of 'amount_ug' (per unit) and "
                    "'ug_per_ml' (per millilitre)");
    if((has_amount && x->amount_ug <= 0) || (has_conc && x->ug_per_ml <= 0)) {
        char pk[PATH_MAX_LEN];
        path_key(pk, p, has_amount ? "amount_ug" : "ug_per_ml");
        return fail(l, SD_ERR_INVALID, pk, "a strength must be positive");
    }
    if(piece != 1 && piece != 2 && piece != 4)
        return fail(l, SD_ERR_INVALID, p, "min_piece must be 1, 2 or 4");
    if(piece > 1 && !x->scored)
        return fail(l, SD_ERR_INVALID, p,
                    "only a scored tablet may be split (min_piece > 1)");
    if(piece > 1 && x->amount_ug % piece)
        return fail(l, SD_ERR_INVALID, p,
                    "%" PRId64 " ug does not split into %d equal whole-"
                    "microgram pieces", x->amount_ug, (int)piece);
    x->min_piece = (int)piece;
    return SD_OK;
}

static int load_formulations(struct ld *l, json_t *root)
{
    static const char *const keys[] = {"id", "name", "route", "form",
                                       "population", "note", "strengths",
                                       NULL};
    json_t *arr;
    int rc;

    if((rc = get_array(l, root, "$", "formulations", 1, &arr)))
        return rc;
    l->m->formulations = sd__arena_alloc(
        &l->m->arena, (json_array_size(arr) + 1) * sizeof(sd_formulation));
    if(!l->m->formulations)
        return nomem(l);
    for(size_t i = 0; i < json_array_size(arr); i++) {
        json_t *o = json_array_get(arr, i), *sa;
        sd_formulation *f = &l->m->formulations[i];
        sd_strength *st;
        char p[PATH_MAX_LEN], ps[PATH_MAX_LEN];

        path_idx(p, "$.formulations", i);
        if((rc = need_object(l, o, p)) || (rc = check_keys(l, o, p, keys)) ||
           (rc = get_str(l, o, p, "id", 1, &f->id)) ||
           (rc = get_str(l, o, p, "name", 1, &f->name)) ||
           (rc = get_str(l, o, p, "route", 1, &f->route)) ||
           (rc = get_str(l, o, p, "form", 1, &f->form)) ||
           (rc = get_str(l, o, p, "population", 0, &f->population)) ||
           (rc = get_str(l, o, p, "note", 0, &f->note)) ||
           (rc = get_srcref(l, o, p, 1, &f->src)) ||
           (rc = get_array(l, o, p, "strengths", 1, &sa)))
            return rc;
        for(size_t j = 0; j < i; j++)
            if(!strcmp(l->m->formulations[j].id, f->id))
                return fail(l, SD_ERR_INVALID, p,
                            "duplicate formulation id '%s'", f->id);
        if(json_array_size(sa) == 0)
            return fail(l, SD_ERR_INVALID, p,
                        "a formulation needs at least one strength");
        st = sd__arena_alloc(&l->m->arena,
                             json_array_size(sa) * sizeof(*st));
        if(!st)
            return nomem(l);
        path_key(ps, p, "strengths");
        for(size_t j = 0; j < json_array_size(sa); j++) {
            char pj[PATH_MAX_LEN];

            path_idx(pj, ps, j);
            if((rc = load_strength(l, json_array_get(sa, j), pj, &st[j])))
                return rc;
            if(!st[j].src.n)
                st[j].src = f->src;
        }
        f->strengths = st;
        f->nstrengths = json_array_size(sa);
        l->m->nformulations = i + 1;
    }
    return SD_OK;
}

/* Load the params/statements of one section plus its typed lists. */
static int load_section(struct ld *l, json_t *root, int s)
{
    static const char *const base_keys[] = {"params", "statements", NULL};
    static const char *const dosing_keys[] = {"params", "statements",
                                              "max_daily", "titration", NULL};
    static const char *const kidney_keys[] = {"params", "statements", "bands",
                                              NULL};
    const char *name = section_names[s];
    struct sd__section *sec = &l->m->sections[s];
    json_t *o = json_object_get(root, name), *arr;
    char p[PATH_MAX_LEN], pa[PATH_MAX_LEN];
    int rc;

    if(!o)
        return SD_OK;
    snprintf(p, sizeof(p), "$.%s", name);
    if((rc = need_object(l, o, p)))
        return rc;
    rc = check_keys(l, o, p,
                    s == SD__SEC_DOSING   ? dosing_keys
                    : s == SD__SEC_KIDNEY ? kidney_keys
                                          : base_keys);
    if(rc || (rc = get_srcref(l, o, p, 0, &sec->src)))
        return rc;

    if((rc = get_array(l, o, p, "params", 0, &arr)))
        return rc;
    if(arr) {
        sec->params = sd__arena_alloc(&l->m->arena, (json_array_size(arr) + 1) *
                                                        sizeof(sd_param));
        if(!sec->params)
            return nomem(l);
        path_key(pa, p, "params");
        for(size_t i = 0; i < json_array_size(arr); i++) {
            char pi[PATH_MAX_LEN];
            path_idx(pi, pa, i);
            if((rc = load_param(l, json_array_get(arr, i), pi,
                                &sec->params[i], &sec->src)))
                return rc;
            sec->nparams = i + 1;
        }
    }
    if((rc = get_array(l, o, p, "statements", 0, &arr)))
        return rc;
    if(arr) {
        sec->statements = sd__arena_alloc(
            &l->m->arena, (json_array_size(arr) + 1) * sizeof(sd_statement));
        if(!sec->statements)
            return nomem(l);
        path_key(pa, p, "statements");
        for(size_t i = 0; i < json_array_size(arr); i++) {
            char pi[PATH_MAX_LEN];
            path_idx(pi, pa, i);
            if((rc = load_statement(l, json_array_get(arr, i), pi,
                                    &sec->statements[i], &sec->src)))
                return rc;
            sec->nstatements = i + 1;
        }
    }
    if(s == SD__SEC_DOSING) {
        if((rc = get_array(l, o, p, "max_daily", 0, &arr)))
            return rc;
        if(arr) {
            l->m->limits = sd__arena_alloc(&l->m->arena,
                                           (json_array_size(arr) + 1) *
                                               sizeof(sd_dose_limit));
            if(!l->m->limits)
                return nomem(l);
            path_key(pa, p, "max_daily");
            for(size_t i = 0; i < json_array_size(arr); i++) {
                char pi[PATH_MAX_LEN];
                path_idx(pi, pa, i);
                if((rc = load_dose_limit(l, json_array_get(arr, i), pi,
                                         &l->m->limits[i])))
                    return rc;
                l->m->nlimits = i + 1;
            }
        }
        if((rc = get_array(l, o, p, "titration", 0, &arr)))
            return rc;
        if(arr) {
            l->m->titration = sd__arena_alloc(
                &l->m->arena,
                (json_array_size(arr) + 1) * sizeof(*l->m->titration));
            if(!l->m->titration)
                return nomem(l);
            path_key(pa, p, "titration");
            for(size_t i = 0; i < json_array_size(arr); i++) {
                char pi[PATH_MAX_LEN];
                path_idx(pi, pa, i);
                if((rc = load_titration(l, json_array_get(arr, i), pi,
                                        &l->m->titration[i])))
                    return rc;
                l->m->ntitration = i + 1;
            }
        }
    }
    if(s == SD__SEC_KIDNEY) {
        if((rc = get_array(l, o, p, "bands", 0, &arr)))
            return rc;
        if(arr) {
            l->m->bands = sd__arena_alloc(&l->m->arena,
                                          (json_array_size(arr) + 1) *
                                              sizeof(sd_kidney_band));
            if(!l->m->bands)
                return nomem(l);
            path_key(pa, p, "bands");
            for(size_t i = 0; i < json_array_size(arr); i++) {
                char pi[PATH_MAX_LEN];
                path_idx(pi, pa, i);
                if((rc = load_kidney_band(l, json_array_get(arr, i), pi,
                                          &l->m->bands[i])))
                    return rc;
                l->m->nbands = i + 1;
            }
        }
    }
    return SD_OK;
}

/* ==== Symptom concepts ==== */

static int load_frequency(struct ld *l, json_t *o, const char *p,
                          sd_frequency *f)
{
    static const char *const keys[] = {"min", "max", "placebo", "category",
                                       "note", NULL};
    int has_min, has_max;
    int rc;

    if((rc = need_object(l, o, p)) || (rc = check_keys(l, o, p, keys)) ||
       (rc = get_num(l, o, p, "min", 0, &f->min, &has_min)) ||
       (rc = get_num(l, o, p, "max", 0, &f->max, &has_max)) ||
       (rc = get_num(l, o, p, "placebo", 0, &f->placebo, &f->has_placebo)) ||
       (rc = get_str(l, o, p, "category", 0, &f->category)) ||
       (rc = get_str(l, o, p, "note", 0, &f->note)) ||
       (rc = get_srcref(l, o, p, 1, &f->src)))
        return rc;
    if(has_min != has_max)
        return fail(l, SD_ERR_INVALID, p,
                    "give both 'min' and 'max' or neither");
    if(!has_min && !f->category)
        return fail(l, SD_ERR_INVALID, p,
                    "give 'min' and 'max' (percent) or a 'category'");
    f->known = has_min;
    if(has_min) {
        char pk[PATH_MAX_LEN];

        if(f->min < 0 || f->min > 100) {
            path_key(pk, p, "min");
            return fail(l, SD_ERR_INVALID, pk,
                        "frequency %g%% is outside 0 to 100", f->min);
        }
        if(f->max < 0 || f->max > 100) {
            path_key(pk, p, "max");
            return fail(l, SD_ERR_INVALID, pk,
                        "frequency %g%% is outside 0 to 100", f->max);
        }
        if(f->min > f->max)
            return fail(l, SD_ERR_INVALID, p,
                        "frequency min %g%% is above max %g%%", f->min,
                        f->max);
    }
    if(f->has_placebo && (f->placebo < 0 || f->placebo > 100)) {
        char pk[PATH_MAX_LEN];
        path_key(pk, p, "placebo");
        return fail(l, SD_ERR_INVALID, pk,
                    "frequency %g%% is outside 0 to 100", f->placebo);
    }
    return SD_OK;
}

static int load_code(struct ld *l, json_t *c, const char *p, const char *k1,
                     const char **v1, const char *k2, const char **v2,
                     struct sd_srcref *src)
{
    const char *keys[] = {k1, k2, NULL};
    int rc;

    if((rc = need_object(l, c, p)) || (rc = check_keys(l, c, p, keys)) ||
       (rc = get_str(l, c, p, k1, 1, v1)) ||
       (k2 && (rc = get_str(l, c, p, k2, 0, v2))) ||
       (rc = get_srcref(l, c, p, 1, src)))
        return rc;
    return SD_OK;
}

static int snomed_digits(struct ld *l, const char *p, const char *code)
{
    for(const char *s = code; *s; s++)
        if(!isdigit((unsigned char)*s))
            return fail(l, SD_ERR_INVALID, p,
                        "SNOMED CT code '%s' must be digits only", code);
    return SD_OK;
}

/* "snomed_related": [{"code", "term", "source"}, ...] */
static int load_related(struct ld *l, json_t *arr, const char *p,
                        sd_concept *c)
{
    sd_coding *list;
    int rc;

    if(!json_is_array(arr) || json_array_size(arr) == 0)
        return fail(l, SD_ERR_INVALID, p,
                    "must be a non-empty array of {code, term, source}");
    list = sd__arena_alloc(&l->m->arena, json_array_size(arr) * sizeof(*list));
    if(!list)
        return nomem(l);
    for(size_t i = 0; i < json_array_size(arr); i++) {
        char pi[PATH_MAX_LEN];
        path_idx(pi, p, i);
        if((rc = load_code(l, json_array_get(arr, i), pi, "code",
                           &list[i].code, "term", &list[i].term,
                           &list[i].src)) ||
           (rc = snomed_digits(l, pi, list[i].code)))
            return rc;
        if(c->snomed_code && !strcmp(list[i].code, c->snomed_code))
            return fail(l, SD_ERR_INVALID, pi,
                        "code %s is already the concept's own code",
                        list[i].code);
    }
    c->snomed_related = list;
    c->nsnomed_related = json_array_size(arr);
    return SD_OK;
}

static int load_concept(struct ld *l, json_t *o, const char *p,
                        sd_concept *c)
{
    static const char *const keys[] = {"id", "name", "seed", "lab", "roles",
                                       "tier", "lexicon", "snomed",
                                       "snomed_related", "meddra_pt",
                                       "frequency",
                                       "disposition", NULL};
    static const char *const lex_keys[] = {"synonyms", NULL};
    static const char *const disp_keys[] = {"level", "advice", "escalate",
                                            NULL};
    const char *tier, *level;
    const char *const *roles;
    size_t nroles;
    json_t *v;
    char pk[PATH_MAX_LEN];
    int rc;

    if((rc = need_object(l, o, p)) || (rc = check_keys(l, o, p, keys)) ||
       (rc = get_str(l, o, p, "id", 1, &c->id)) ||
       (rc = get_str(l, o, p, "name", 1, &c->name)) ||
       (rc = get_bool(l, o, p, "seed", &c->seed)) ||
       (rc = get_bool(l, o, p, "lab", &c->lab)) ||
       (rc = get_str_list(l, o, p, "roles", 1, &roles, &nroles)) ||
       (rc = get_str(l, o, p, "tier", 1, &tier)) ||
       (rc = get_srcref(l, o, p, 1, &c->src)))
        return rc;
    if(!is_ident(c->id)) {
        path_key(pk, p, "id");
        return fail(l, SD_ERR_INVALID, pk,
                    "id '%s' must use only a-z, 0-9, '-' and '_'", c->id);
    }
    if(nroles == 0) {
        path_key(pk, p, "roles");
        return fail(l, SD_ERR_INVALID, pk, "a concept needs at least one role");
    }
    for(size_t i = 0; i < nroles; i++) {
        size_t r = 0;
        while(r < NROLES && strcmp(roles[i], role_names[r]))
            r++;
        if(r == NROLES) {
            char pr[PATH_MAX_LEN];
            path_key(pk, p, "roles");
            path_idx(pr, pk, i);
            return fail(l, SD_ERR_INVALID, pr,
                        "unknown role '%s' (side_effect, withdrawal_sign, "
                        "overdose_sign or toxicity_sign)", roles[i]);
        }
        c->roles |= 1u << r;
    }
    if(sd_tier_parse(tier, &c->tier)) {
        path_key(pk, p, "tier");
        return fail(l, SD_ERR_INVALID, pk,
                    "unknown tier '%s' (common, rare or serious)", tier);
    }

    v = json_object_get(o, "lexicon");
    if(v) {
        path_key(pk, p, "lexicon");
        if((rc = need_object(l, v, pk)) ||
           (rc = check_keys(l, v, pk, lex_keys)) ||
           (rc = get_str_list(l, v, pk, "synonyms", 1, &c->synonyms,
                              &c->nsynonyms)) ||
           (rc = get_srcref(l, v, pk, 1, &c->lexicon_src)))
            return rc;
    }
    v = json_object_get(o, "snomed");
    if(v) {
        path_key(pk, p, "snomed");
        if((rc = load_code(l, v, pk, "code", &c->snomed_code, "term",
                           &c->snomed_term, &c->snomed_src)))
            return rc;
        if((rc = snomed_digits(l, pk, c->snomed_code)))
            return rc;
    }
    v = json_object_get(o, "snomed_related");
    if(v) {
        path_key(pk, p, "snomed_related");
        if((rc = load_related(l, v, pk, c)))
            return rc;
    }
    v = json_object_get(o, "meddra_pt");
    if(v) {
        path_key(pk, p, "meddra_pt");
        if((rc = load_code(l, v, pk, "name", &c->meddra_pt, NULL, NULL,
                           &c->meddra_src)))
            return rc;
    }
    v = json_object_get(o, "frequency");
    if(v) {
        path_key(pk, p, "frequency");
        if((rc = load_frequency(l, v, pk, &c->freq)))
            return rc;
    }
    v = json_object_get(o, "disposition");
    path_key(pk, p, "disposition");
    if(!v)
        return fail(l, SD_ERR_INVALID, p,
                    "missing required field 'disposition'");
    if((rc = need_object(l, v, pk)) || (rc = check_keys(l, v, pk, disp_keys)) ||
       (rc = get_str(l, v, pk, "level", 1, &level)) ||
       (rc = get_str(l, v, pk, "advice", 1, &c->advice)) ||
       (rc = get_str(l, v, pk, "escalate", 0, &c->escalate)) ||
       (rc = get_srcref(l, v, pk, 1, &c->disposition_src)))
        return rc;
    if(sd_disposition_parse(level, &c->disposition)) {
        char pl[PATH_MAX_LEN];
        path_key(pl, pk, "level");
        return fail(l, SD_ERR_INVALID, pl,
                    "unknown disposition '%s' (info, self-care, contact-soon, "
                    "call-today, call-now or emergency)", level);
    }
    /* The serious tier is "call your doctor immediately": never below
    ** call-now, whatever the frequency says. */
    if(c->tier == SD_TIER_SERIOUS && c->disposition < SD_DISP_CALL_NOW)
        return fail(l, SD_ERR_INVALID, pk,
                    "a serious concept must be call-now or emergency, not "
                    "'%s'", level);
    return SD_OK;
}

static int ascii_casecmp(const char *a, const char *b)
{
    for(; *a && *b; a++, b++) {
        int d = tolower((unsigned char)*a) - tolower((unsigned char)*b);
        if(d)
            return d;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

static int load_concepts(struct ld *l, json_t *root)
{
    json_t *arr;
    int rc;

    if((rc = get_array(l, root, "$", "symptoms", 1, &arr)))
        return rc;
    if(json_array_size(arr) == 0)
        return fail(l, SD_ERR_INVALID, "$.symptoms",
                    "a monograph needs at least one symptom concept");
    l->m->concepts = sd__arena_alloc(&l->m->arena,
                                     json_array_size(arr) * sizeof(sd_concept));
    if(!l->m->concepts)
        return nomem(l);
    for(size_t i = 0; i < json_array_size(arr); i++) {
        sd_concept *c = &l->m->concepts[i];
        char p[PATH_MAX_LEN];

        path_idx(p, "$.symptoms", i);
        if((rc = load_concept(l, json_array_get(arr, i), p, c)))
            return rc;
        for(size_t j = 0; j < i; j++) {
            const sd_concept *o = &l->m->concepts[j];

            if(!strcmp(o->id, c->id))
                return fail(l, SD_ERR_INVALID, p,
                            "duplicate concept id '%s' (also "
                            "$.symptoms[%zu])", c->id, j);
            for(size_t a = 0; a < c->nsynonyms; a++)
                for(size_t b = 0; b < o->nsynonyms; b++)
                    if(!ascii_casecmp(c->synonyms[a], o->synonyms[b]))
                        return fail(l, SD_ERR_INVALID, p,
                                    "synonym '%s' is also given for '%s'; "
                                    "a phrase may name one concept only",
                                    c->synonyms[a], o->id);
        }
        l->m->nconcepts = i + 1;
    }
    return SD_OK;
}

/* ==== Top level ==== */

static int load_root(struct ld *l, json_t *root)
{
    static const char *const keys[] = {
        "format", "id", "name", "updated", "identity", "formulations",
        "symptoms", "indications", "dosing", "kinetics", "kidney",
        "interactions", "populations", "misuse", "overdose", "withdrawal",
        "tapering", "pump", "sources", NULL};
    const char *format;
    int rc;

    if(!json_is_object(root))
        return fail(l, SD_ERR_INVALID, "$", "a monograph is a JSON object");
    if((rc = get_str(l, root, "$", "format", 1, &format)))
        return rc;
    if(strcmp(format, SD__MONOGRAPH_FORMAT))
        return fail(l, SD_ERR_INVALID, "$.format",
                    "unsupported format '%s' (expected '%s')", format,
                    SD__MONOGRAPH_FORMAT);
    if(json_object_get(root, "source"))
        return fail(l, SD_ERR_INVALID, "$.source",
                    "cite sources on the facts, not on the whole monograph");
    if((rc = check_keys(l, root, "$", keys)) ||
       (rc = get_str(l, root, "$", "id", 1, &l->m->id)) ||
       (rc = get_str(l, root, "$", "name", 1, &l->m->name)) ||
       (rc = get_str(l, root, "$", "updated", 1, &l->m->updated)))
        return rc;
    if(!is_ident(l->m->id))
        return fail(l, SD_ERR_INVALID, "$.id",
                    "id '%s' must use only a-z, 0-9, '-' and '_'", l->m->id);
    if((rc = load_sources(l, root)) ||
       (rc = walk_sources(l, root, "$", 0, 0)) ||
       (rc = load_identity(l, root)) || (rc = load_formulations(l, root)) ||
       (rc = load_concepts(l, root)))
        return rc;
    for(int s = 0; s < SD__NSECTIONS; s++)
        if((rc = load_section(l, root, s)))
            return rc;
    return SD_OK;
}

/* jansson allocates through our wrappers so that failure injection covers
** the parser too. jansson does not always report an allocation failure as
** such (it may say "invalid JSON" with no text), so remember it here. */
static _Thread_local int json_alloc_failed;

static void *json_alloc(size_t n)
{
    void *p = sd_malloc(n);

    if(!p)
        json_alloc_failed = 1;
    return p;
}

int sd_monograph_load_buffer(const char *buf, size_t len, const char *name,
                             sd_monograph **out, sd_error *err)
{
    struct ld l = {name ? name : "<buffer>", err, NULL};
    json_error_t jerr;
    json_t *root;
    int rc;

    *out = NULL;
    sd_error_clear(err);
    json_set_alloc_funcs(json_alloc, sd_free);
    json_alloc_failed = 0;
    root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
    if(!root) {
        if(json_alloc_failed ||
           json_error_code(&jerr) == json_error_out_of_memory)
            return nomem(&l);
        rc = fail(&l, SD_ERR_PARSE, "", "invalid JSON: %s", jerr.text);
        if(err) {
            err->line = jerr.line > 0 ? jerr.line : 0;
            err->column = jerr.column > 0 ? jerr.column : 0;
        }
        return rc;
    }
    if(json_alloc_failed) {
        /* jansson can swallow a failed allocation and return a document
        ** with a piece missing; never trust such a parse. */
        json_decref(root);
        return nomem(&l);
    }
    l.m = sd_calloc(1, sizeof(*l.m));
    if(!l.m) {
        json_decref(root);
        return nomem(&l);
    }
    l.m->file = sd__arena_strdup(&l.m->arena, l.file);
    rc = l.m->file ? load_root(&l, root) : nomem(&l);
    json_decref(root);
    if(rc) {
        sd_monograph_free(l.m);
        return rc;
    }
    *out = l.m;
    return SD_OK;
}

/* Read the whole file at path into a new buffer, freed with sd_free(). */
static int read_file(const char *path, char **buf, size_t *len, sd_error *err)
{
    FILE *f = fopen(path, "rb");
    char *b = NULL;
    size_t n = 0, cap = 0;
    int rc = SD_OK;

    *buf = NULL;
    if(!f) {
        if(err) {
            sd_error_clear(err);
            snprintf(err->file, sizeof(err->file), "%s", path);
            snprintf(err->text, sizeof(err->text), "cannot open: %s",
                     strerror(errno));
        }
        return errno == ENOENT ? SD_ERR_NOTFOUND : SD_ERR_IO;
    }
    for(;;) {
        if(n == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            char *nb;
            if(ncap > (64u << 20)) {
                rc = SD_ERR_IO;
                if(err) {
                    sd_error_clear(err);
                    snprintf(err->file, sizeof(err->file), "%s", path);
                    snprintf(err->text, sizeof(err->text),
                             "file is larger than 64 MiB");
                }
                break;
            }
            nb = sd_realloc(b, ncap);
            if(!nb) {
                rc = SD_ERR_NOMEM;
                break;
            }
            b = nb;
            cap = ncap;
        }
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if(got == 0) {
            if(ferror(f)) {
                rc = SD_ERR_IO;
                if(err) {
                    sd_error_clear(err);
                    snprintf(err->file, sizeof(err->file), "%s", path);
                    snprintf(err->text, sizeof(err->text), "read error");
                }
            }
            break;
        }
    }
    fclose(f);
    if(rc) {
        sd_free(b);
        return rc;
    }
    *buf = b;
    *len = n;
    return SD_OK;
}

int sd_monograph_load_file(const char *path, sd_monograph **out,
                           sd_error *err)
{
    char *buf;
    size_t len;
    int rc;

    *out = NULL;
    rc = read_file(path, &buf, &len, err);
    if(rc)
        return rc;
    rc = sd_monograph_load_buffer(buf, len, path, out, err);
    sd_free(buf);
    return rc;
}

int sd_monograph_names(const sd_monograph *m, const char *drug)
{
    if(!ascii_casecmp(m->id, drug) || !ascii_casecmp(m->name, drug))
        return 1;
    for(size_t i = 0; i < m->nbrands; i++)
        if(!ascii_casecmp(m->brands[i], drug))
            return 1;
    return 0;
}

int sd_monograph_find(const char *dir, const char *drug, sd_monograph **out,
                      sd_error *err)
{
    char path[4096];
    DIR *d;
    struct dirent *e;
    int rc;

    *out = NULL;
    sd_error_clear(err);
    /* The usual case: the file is named after the drug's id. */
    if(is_ident(drug) && strlen(drug) < 128) {
        snprintf(path, sizeof(path), "%s/%s.json", dir, drug);
        rc = sd_monograph_load_file(path, out, err);
        if(rc != SD_ERR_NOTFOUND)
            return rc;
    }
    /* Otherwise look for a brand or generic name in every monograph. */
    d = opendir(dir);
    if(!d) {
        if(err) {
            snprintf(err->file, sizeof(err->file), "%s", dir);
            snprintf(err->text, sizeof(err->text),
                     "cannot open monograph directory: %s", strerror(errno));
        }
        return SD_ERR_IO;
    }
    rc = SD_ERR_NOTFOUND;
    while((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        sd_monograph *m;

        if(n < 6 || strcmp(e->d_name + n - 5, ".json") || e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        rc = sd_monograph_load_file(path, &m, err);
        if(rc) {
            closedir(d);
            return rc;
        }
        rc = SD_ERR_NOTFOUND;
        if(sd_monograph_names(m, drug)) {
            *out = m;
            rc = SD_OK;
            break;
        }
        sd_monograph_free(m);
    }
    closedir(d);
    if(rc == SD_ERR_NOTFOUND && err) {
        sd_error_clear(err);
        snprintf(err->file, sizeof(err->file), "%s", dir);
        snprintf(err->text, sizeof(err->text),
                 "no monograph for drug '%.200s'", drug);
    }
    return rc;
}

void sd_monograph_free(sd_monograph *m)
{
    if(!m)
        return;
    sd__arena_release(&m->arena);
    sd_free(m);
}

/* ==== Accessors ==== */

const char *sd_monograph_id(const sd_monograph *m) { return m->id; }
const char *sd_monograph_name(const sd_monograph *m) { return m->name; }
const char *sd_monograph_file(const sd_monograph *m) { return m->file; }
const char *sd_monograph_updated(const sd_monograph *m) { return m->updated; }
const char *sd_monograph_drug_class(const sd_monograph *m)
{
    return m->drug_class;
}

size_t sd_monograph_brands(const sd_monograph *m, const char *const **names)
{
    *names = m->brands;
    return m->nbrands;
}

const char *sd_monograph_code(const sd_monograph *m, const char *system,
                              struct sd_srcref *src)
{
    for(size_t i = 0; i < m->ncodes; i++) {
        if(!strcmp(m->codes[i].system, system)) {
            if(src)
                *src = m->codes[i].src;
            return m->codes[i].code;
        }
    }
    return NULL;
}

size_t sd_monograph_nsources(const sd_monograph *m) { return m->nsources; }

const sd_source *sd_monograph_source(const sd_monograph *m, size_t i)
{
    return i < m->nsources ? &m->sources[i] : NULL;
}

size_t sd_monograph_source_index(const sd_monograph *m, const char *id)
{
    for(size_t i = 0; i < m->nsources; i++)
        if(!strcmp(m->sources[i].id, id))
            return i;
    return (size_t)-1;
}

size_t sd_monograph_nconcepts(const sd_monograph *m) { return m->nconcepts; }

const sd_concept *sd_monograph_concept(const sd_monograph *m, size_t i)
{
    return i < m->nconcepts ? &m->concepts[i] : NULL;
}

const sd_concept *sd_monograph_concept_by_id(const sd_monograph *m,
                                             const char *id)
{
    for(size_t i = 0; i < m->nconcepts; i++)
        if(!strcmp(m->concepts[i].id, id))
            return &m->concepts[i];
    return NULL;
}

size_t sd_monograph_nformulations(const sd_monograph *m)
{
    return m->nformulations;
}

const sd_formulation *sd_monograph_formulation(const sd_monograph *m,
                                               size_t i)
{
    return i < m->nformulations ? &m->formulations[i] : NULL;
}

size_t sd_monograph_ndose_limits(const sd_monograph *m) { return m->nlimits; }

const sd_dose_limit *sd_monograph_dose_limit(const sd_monograph *m, size_t i)
{
    return i < m->nlimits ? &m->limits[i] : NULL;
}

int64_t sd_monograph_adult_max(const sd_monograph *m, const char *route)
{
    int64_t max = 0;
    for(size_t i = 0; i < m->nlimits; i++) {
        const sd_dose_limit *l = &m->limits[i];
        if(l->route && !strcmp(l->route, route) && l->population &&
           !strncmp(l->population, "adults", 6) &&
           (!max || l->max_ug_day < max))
            max = l->max_ug_day;
    }
    return max;
}

size_t sd_monograph_ntitration(const sd_monograph *m) { return m->ntitration; }

const struct sd_titration_step *sd_monograph_titration(const sd_monograph *m,
                                                       size_t i)
{
    return i < m->ntitration ? &m->titration[i] : NULL;
}

size_t sd_monograph_nkidney_bands(const sd_monograph *m) { return m->nbands; }

const sd_kidney_band *sd_monograph_kidney_band(const sd_monograph *m,
                                               size_t i)
{
    return i < m->nbands ? &m->bands[i] : NULL;
}

static int section_index(const char *section)
{
    for(int s = 0; section && s < SD__NSECTIONS; s++)
        if(!strcmp(section_names[s], section))
            return s;
    return -1;
}

size_t sd_monograph_nparams(const sd_monograph *m, const char *section)
{
    int s = section_index(section);
    return s < 0 ? 0 : m->sections[s].nparams;
}

const sd_param *sd_monograph_param(const sd_monograph *m, const char *section,
                                   size_t i)
{
    int s = section_index(section);
    if(s < 0 || i >= m->sections[s].nparams)
        return NULL;
    return &m->sections[s].params[i];
}

size_t sd_monograph_params(const sd_monograph *m, const char *section,
                           const char *name, const sd_param **first)
{
    int s = section_index(section);
    size_t count = 0;

    *first = NULL;
    if(s < 0)
        return 0;
    for(size_t i = 0; i < m->sections[s].nparams; i++) {
        if(!strcmp(m->sections[s].params[i].name, name)) {
            if(!count)
                *first = &m->sections[s].params[i];
            count++;
        }
    }
    return count;
}

size_t sd_monograph_nstatements(const sd_monograph *m, const char *section)
{
    int s = section_index(section);
    return s < 0 ? 0 : m->sections[s].nstatements;
}

const sd_statement *sd_monograph_statement(const sd_monograph *m,
                                           const char *section, size_t i)
{
    int s = section_index(section);
    if(s < 0 || i >= m->sections[s].nstatements)
        return NULL;
    return &m->sections[s].statements[i];
}

const char *sd_monograph_section_name(int i)
{
    return i >= 0 && i < SD__NSECTIONS ? section_names[i] : NULL;
}

const char *sd_tier_name(int tier)
{
    return tier >= 0 && (size_t)tier < NTIERS ? tier_names[tier] : "unknown";
}

int sd_tier_parse(const char *name, int *tier)
{
    for(size_t i = 0; i < NTIERS; i++) {
        if(!strcmp(name, tier_names[i])) {
            *tier = (int)i;
            return SD_OK;
        }
    }
    return SD_ERR_INVALID;
}

const char *sd_role_name(unsigned role)
{
    for(size_t i = 0; i < NROLES; i++)
        if(role == (1u << i))
            return role_names[i];
    return "unknown";
}

/*
** pump.c: the intrathecal pump refill calculator (pump.h, docs/PUMP.md).
**
** All arithmetic is on integers: microlitres times micrograms per mL is
** nanograms, and nanograms times 1440 over nanograms per day is minutes.
** Every division rounds down, so every date comes out early: the safe
** side. The bounds in pump.h keep every product below 2^53, far from
** int64_t overflow (100 mL x 1 g/mL = 1e11 ng; x 1440 = 1.44e14).
*/
#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "json_build.h"
#include "stepdown/date.h"
#include "stepdown/kb.h"
#include "stepdown/kb_json.h"
#include "stepdown/pump.h"

#define MIN_PER_DAY 1440

/* The dates sd_date_parse() accepts: 1900-01-01 to 2999-12-31. */
#define FIRST_DAY (-25567L)
#define LAST_DAY 376199L

/* The monograph names the pump calculator reads (docs/MONOGRAPH.md, "What
** the pump calculator reads"). */
#define LEAD_PARAM "refill lead"
#define RANGE_PREFIX "intrathecal maintenance"
#define RANGE_UNIT "mcg/day"
#define IT_ROUTE "intrathecal"

static const char *const red_flag_topics[] = {
    "intrathecal (boxed warning)", "intrathecal grades", "management"
};
#define NRED (sizeof(red_flag_topics) / sizeof(red_flag_topics[0]))

void sd_pump_request_init(sd_pump_request *r)
{
    memset(r, 0, sizeof(*r));
    r->lead_days = SD_PUMP_LEAD_DEFAULT;
}

const char *sd_pump_red_flag_topic(size_t i)
{
    return i < NRED ? red_flag_topics[i] : NULL;
}

/* ==== Helpers ==== */

/* Refuse: fill err with the request field at fault and the text. */
static int refuse(sd_error *err, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int refuse(sd_error *err, const char *field, const char *fmt, ...)
{
    va_list ap;

    if(err) {
        sd_error_clear(err);
        snprintf(err->path, sizeof(err->path), "%s", field);
        va_start(ap, fmt);
        vsnprintf(err->text, sizeof(err->text), fmt, ap);
        va_end(ap);
    }
    return SD_ERR_USAGE;
}

/* A thousandth-unit amount (uL as mL, ng as mcg) as an exact decimal:
** "20", "0.5", "112.25". Returns buf. */
static char *fmt_milli(int64_t v, char *buf, size_t n)
{
    const char *sign = v < 0 ? "-" : "";
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    char frac[4];
    int k = 3;

    if(a % 1000 == 0) {
        snprintf(buf, n, "%s%" PRIu64, sign, a / 1000);
        return buf;
    }
    snprintf(frac, sizeof(frac), "%03" PRIu64, a % 1000);
    while(k > 0 && frac[k - 1] == '0')
        frac[--k] = '\0';
    snprintf(buf, n, "%s%" PRIu64 ".%s", sign, a / 1000, frac);
    return buf;
}

/* Floor division and remainder for minutes before 1970. */
static sd_pump_when when_of(int64_t minute_abs)
{
    sd_pump_when w;
    int64_t d = minute_abs / MIN_PER_DAY, r = minute_abs % MIN_PER_DAY;

    if(r < 0) {
        r += MIN_PER_DAY;
        d--;
    }
    w.day = (long)d;
    w.minute = (int)r;
    return w;
}

/* Add the source indices of ref to the warning, once each. */
static void cite(sd_pump_warning *w, struct sd_srcref ref)
{
    for(size_t i = 0; i < ref.n; i++) {
        size_t k = 0;
        while(k < w->nsrc && w->src[k] != ref.idx[i])
            k++;
        if(k == w->nsrc && w->nsrc < SD_PUMP_MAX_WSRC)
            w->src[w->nsrc++] = ref.idx[i];
    }
}

/* The citation of the pump statement with this topic, or none. */
static struct sd_srcref statement_src(const sd_monograph *m,
                                      const char *section, const char *topic)
{
    struct sd_srcref none = {NULL, 0};

    for(size_t i = 0; m && i < sd_monograph_nstatements(m, section); i++) {
        const sd_statement *s = sd_monograph_statement(m, section, i);
        if(!strcmp(s->topic, topic))
            return s->src;
    }
    return none;
}

static sd_pump_warning *warn(sd_pump_plan *p, unsigned code, const char *name,
                             int level, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static sd_pump_warning *warn(sd_pump_plan *p, unsigned code, const char *name,
                             int level, const char *fmt, ...)
{
    sd_pump_warning *w;
    va_list ap;

    /* There are fewer codes than slots, and each is raised once. */
    assert(p->nwarnings < SD_PUMP_MAX_WARNINGS && !(p->warned & code));
    w = &p->warnings[p->nwarnings++];
    memset(w, 0, sizeof(*w));
    w->code = code;
    w->name = name;
    w->level = level;
    va_start(ap, fmt);
    vsnprintf(w->text, sizeof(w->text), fmt, ap);
    va_end(ap);
    p->warned |= code;
    if(level > p->level)
        p->level = level;
    return w;
}

/* ==== What the monograph says ==== */

static void read_monograph(const sd_monograph *m, sd_pump_plan *p)
{
    for(size_t i = 0; i < sd_monograph_nparams(m, "pump"); i++) {
        const sd_param *q = sd_monograph_param(m, "pump", i);
        if(!strcmp(q->name, LEAD_PARAM) && !strcmp(q->unit, "days") &&
           q->min >= 0 && p->nleads < SD_PUMP_MAX_LIST)
            p->leads[p->nleads++] = q;
    }
    for(size_t i = 0; i < sd_monograph_nformulations(m); i++) {
        const sd_formulation *f = sd_monograph_formulation(m, i);
        int any = 0;

        if(strcmp(f->route, IT_ROUTE))
            continue;
        for(size_t j = 0; j < f->nstrengths; j++) {
            int64_t c = f->strengths[j].ug_per_ml;
            size_t k = 0;

            if(c <= 0)
                continue;
            any = 1;
            while(k < p->nlabelled && p->labelled_ug_per_ml[k] < c)
                k++;
            if((k < p->nlabelled && p->labelled_ug_per_ml[k] == c) ||
               p->nlabelled == SD_PUMP_MAX_LIST)
                continue;
            memmove(&p->labelled_ug_per_ml[k + 1], &p->labelled_ug_per_ml[k],
                    (p->nlabelled - k) * sizeof(p->labelled_ug_per_ml[0]));
            p->labelled_ug_per_ml[k] = c;
            p->nlabelled++;
        }
        if(any && p->nit_forms < SD_PUMP_MAX_LIST)
            p->it_forms[p->nit_forms++] = f;
    }
    for(size_t i = 0; i < sd_monograph_nparams(m, "dosing"); i++) {
        const sd_param *q = sd_monograph_param(m, "dosing", i);
        if(!strncmp(q->name, RANGE_PREFIX, strlen(RANGE_PREFIX)) &&
           !strcmp(q->unit, RANGE_UNIT) && p->nranges < SD_PUMP_MAX_LIST)
            p->ranges[p->nranges++] = q;
    }
}

/* The longest lead the sources give, in whole days rounded up. */
static int default_lead(const sd_pump_plan *p)
{
    int best = -1;

    for(size_t i = 0; i < p->nleads; i++) {
        double x = p->leads[i]->max;
        int d = x >= SD_PUMP_MAX_LEAD_DAYS ? SD_PUMP_MAX_LEAD_DAYS : (int)x;
        if(d < x && d < SD_PUMP_MAX_LEAD_DAYS)
            d++;
        if(d > best)
            best = d;
    }
    return best;
}

static void check_labels(const sd_pump_request *r, sd_pump_plan *p)
{
    char a[64], list[160];
    size_t n = 0;

    if(!p->nlabelled || !p->nranges) {
        warn(p, SD_PUMP_W_UNCHECKED, "unchecked", SD_DISP_INFO,
             "the monograph gives no labelled intrathecal %s, so the %s "
             "not checked against a label",
             !p->nlabelled && !p->nranges ? "concentrations or maintenance "
                                            "doses"
             : !p->nlabelled              ? "concentrations"
                                          : "maintenance doses",
             !p->nlabelled && !p->nranges ? "concentration and the dose are"
             : !p->nlabelled              ? "concentration is"
                                          : "dose is");
    }
    if(p->nlabelled) {
        for(size_t k = 0; k < p->nlabelled; k++)
            p->concentration_labelled |= p->labelled_ug_per_ml[k] ==
                                         r->ug_per_ml;
        if(!p->concentration_labelled) {
            list[0] = '\0';
            for(size_t k = 0; k < p->nlabelled && n < sizeof(list); k++)
                n += (size_t)snprintf(list + n, sizeof(list) - n,
                                      "%s%" PRId64, k ? ", " : "",
                                      p->labelled_ug_per_ml[k]);
            sd_pump_warning *w = warn(
                p, SD_PUMP_W_CONCENTRATION, "concentration",
                SD_DISP_CONTACT_SOON,
                "%" PRId64 " mcg/mL is not a labelled intrathecal "
                "concentration (%s mcg/mL): check it against the pump "
                "printout and the refill syringe", r->ug_per_ml, list);
            for(size_t k = 0; k < p->nit_forms; k++)
                cite(w, p->it_forms[k]->src);
        }
    }
    if(p->nranges) {
        double lo = p->ranges[0]->min, hi = p->ranges[0]->max;
        double dose = (double)r->dose_ng_day / 1000.0;

        for(size_t k = 0; k < p->nranges; k++) {
            const sd_param *q = p->ranges[k];
            if(q->min < lo)
                lo = q->min;
            if(q->max > hi)
                hi = q->max;
            if(dose >= q->min && dose <= q->max)
                p->in_range |= 1u << k;
        }
        if(!p->in_range) {
            fmt_milli(r->dose_ng_day, a, sizeof(a));
            sd_pump_warning *w;
            if(dose < lo)
                w = warn(p, SD_PUMP_W_DOSE, "dose", SD_DISP_CONTACT_SOON,
                         "%s mcg/day is below the lowest labelled intrathecal "
                         "maintenance dose (%g mcg/day): check it against the "
                         "pump printout", a, lo);
            else if(dose > hi)
                w = warn(p, SD_PUMP_W_DOSE, "dose", SD_DISP_CONTACT_SOON,
                         "%s mcg/day is above the highest labelled "
                         "intrathecal maintenance dose (%g mcg/day): check it "
                         "against the pump printout", a, hi);
            else
                w = warn(p, SD_PUMP_W_DOSE, "dose", SD_DISP_CONTACT_SOON,
                         "%s mcg/day lies outside every labelled intrathecal "
                         "maintenance range: check it against the pump "
                         "printout", a);
            for(size_t k = 0; k < p->nranges; k++)
                cite(w, p->ranges[k]->src);
        }
    }
}

/* ==== Computing ==== */

static int check_request(const sd_pump_request *r, sd_error *err)
{
    char a[64], b[64];

    if(r->reservoir_ul <= 0)
        return refuse(err, "reservoir",
                      "the reservoir volume must be more than 0 mL: give the "
                      "volume of drug in the reservoir after the refill, "
                      "e.g. 20");
    if(r->reservoir_ul > SD_PUMP_MAX_RESERVOIR_UL)
        return refuse(err, "reservoir",
                      "a reservoir volume of %s mL is more than %d mL: give "
                      "the volume in mL, e.g. 20",
                      fmt_milli(r->reservoir_ul, a, sizeof(a)),
                      SD_PUMP_MAX_RESERVOIR_UL / 1000);
    if(r->alarm_ul < 0)
        return refuse(err, "alarm",
                      "the alarm volume cannot be negative: give the "
                      "low-reservoir alarm volume in mL from the pump "
                      "printout, e.g. 2");
    if(r->alarm_ul >= r->reservoir_ul)
        return refuse(err, "alarm",
                      "the alarm volume (%s mL) must be less than the "
                      "reservoir volume (%s mL): the alarm sounds when the "
                      "reservoir falls to it",
                      fmt_milli(r->alarm_ul, a, sizeof(a)),
                      fmt_milli(r->reservoir_ul, b, sizeof(b)));
    if(r->ug_per_ml <= 0)
        return refuse(err, "concentration",
                      "the concentration must be more than 0 mcg/mL: give "
                      "micrograms per mL from the pump printout, e.g. 500");
    if(r->ug_per_ml > SD_PUMP_MAX_UG_PER_ML)
        return refuse(err, "concentration",
                      "a concentration of %" PRId64 " mcg/mL is more than %d "
                      "mcg/mL: give micrograms per mL, e.g. 500",
                      r->ug_per_ml, SD_PUMP_MAX_UG_PER_ML);
    if(r->dose_ng_day <= 0)
        return refuse(err, "dose",
                      "the daily dose must be more than 0 mcg/day: give the "
                      "programmed dose in micrograms per day, e.g. 300");
    if(r->dose_ng_day > SD_PUMP_MAX_NG_DAY)
        return refuse(err, "dose",
                      "a daily dose of %s mcg/day is more than 1 g a day: "
                      "give micrograms per day, e.g. 300",
                      fmt_milli(r->dose_ng_day, a, sizeof(a)));
    if(r->filled_day < FIRST_DAY || r->filled_day > LAST_DAY)
        return refuse(err, "filled",
                      "the fill date must lie between 1900 and 2999");
    if(r->filled_minute < 0 || r->filled_minute >= MIN_PER_DAY)
        return refuse(err, "filled",
                      "the fill time must lie between 00:00 and 23:59");
    if(r->today < FIRST_DAY || r->today > LAST_DAY)
        return refuse(err, "today", "today must lie between 1900 and 2999");
    if(r->lead_days != SD_PUMP_LEAD_DEFAULT &&
       (r->lead_days < 0 || r->lead_days > SD_PUMP_MAX_LEAD_DAYS))
        return refuse(err, "lead",
                      "the lead time must be 0 to %d days before the alarm",
                      SD_PUMP_MAX_LEAD_DAYS);
    return SD_OK;
}

int sd_pump_compute(const sd_monograph *m, const sd_pump_request *r,
                    sd_pump_plan *p, sd_error *err)
{
    int64_t start, days;
    char a[64], b[64];
    int rc;

    memset(p, 0, sizeof(*p));
    sd_error_clear(err);
    if((rc = check_request(r, err)))
        return rc;
    if(m)
        read_monograph(m, p);

    p->lead_days = r->lead_days;
    if(p->lead_days == SD_PUMP_LEAD_DEFAULT) {
        p->lead_days = default_lead(p);
        p->lead_is_default = 1;
        if(p->lead_days < 0)
            return refuse(err, "lead",
                          "the monograph gives no refill lead time (no '"
                          LEAD_PARAM "' param in its pump section): give the "
                          "lead time in days before the alarm");
    }

    /* uL x mcg/mL = ng. */
    p->ng_total = r->reservoir_ul * r->ug_per_ml;
    p->ng_at_alarm = r->alarm_ul * r->ug_per_ml;
    p->minutes_to_empty = p->ng_total * MIN_PER_DAY / r->dose_ng_day;
    days = p->minutes_to_empty / MIN_PER_DAY;
    if(days >= SD_PUMP_MAX_DAYS)
        return refuse(err, "dose",
                      "at %s mcg/day the %s mL reservoir would last %" PRId64
                      " days, more than 10 years: check the dose (micrograms "
                      "per day) and the concentration (micrograms per mL)",
                      fmt_milli(r->dose_ng_day, a, sizeof(a)),
                      fmt_milli(r->reservoir_ul, b, sizeof(b)), days);
    p->minutes_to_alarm = (p->ng_total - p->ng_at_alarm) * MIN_PER_DAY /
                          r->dose_ng_day;
    p->hours_at_alarm = p->ng_at_alarm * 24 / r->dose_ng_day;

    start = (int64_t)r->filled_day * MIN_PER_DAY + r->filled_minute;
    p->alarm = when_of(start + p->minutes_to_alarm);
    p->empty = when_of(start + p->minutes_to_empty);
    p->refill_by_day = p->alarm.day - p->lead_days;

    if(m)
        check_labels(r, p);

    if(r->alarm_ul == 0) {
        sd_pump_warning *w = warn(
            p, SD_PUMP_W_ALARM_ZERO, "alarm-zero", SD_DISP_CONTACT_SOON,
            "the low-reservoir alarm volume is 0 mL: the pump gives no "
            "low-reservoir alarm before it runs dry, so the alarm date here "
            "is the empty date; ask the pump clinic whether that is intended");
        cite(w, statement_src(m, "pump", "low-reservoir alarm"));
    }
    if(p->refill_by_day < r->filled_day) {
        sd_pump_warning *w = warn(
            p, SD_PUMP_W_LEAD_LONG, "lead-long", SD_DISP_CONTACT_SOON,
            "the drug lasts %" PRId64 " days to the alarm, less than the "
            "%d-day lead time: the refill-by date falls before the fill date",
            p->minutes_to_alarm / MIN_PER_DAY, p->lead_days);
        for(size_t k = 0; p->lead_is_default && k < p->nleads; k++)
            cite(w, p->leads[k]->src);
    }
    /* Relative to today: only the most pressing of the three. */
    if(p->empty.day <= r->today) {
        sd_pump_warning *w = warn(
            p, SD_PUMP_W_EMPTY_PAST, "empty-past", SD_DISP_CALL_NOW,
            "by this calculation the reservoir is empty, or runs dry today: "
            "the drug stops, and withdrawal follows");
        cite(w, statement_src(m, "pump", "running out"));
        cite(w, statement_src(m, "pump", "two-tone alarm"));
    } else if(p->alarm.day <= r->today) {
        sd_pump_warning *w = warn(
            p, SD_PUMP_W_ALARM_PAST, "alarm-past", SD_DISP_CALL_TODAY,
            "the low-reservoir alarm date is today or past: at the alarm "
            "about %" PRId64 " hours of drug are left",
            p->hours_at_alarm);
        cite(w, statement_src(m, "pump", "low-reservoir alarm"));
        cite(w, statement_src(m, "pump", "running out"));
    } else if(p->refill_by_day < r->today) {
        sd_pump_warning *w = warn(
            p, SD_PUMP_W_REFILL_PAST, "refill-past", SD_DISP_CALL_TODAY,
            "the refill-by date is already past: the refill is due now, "
            "before the alarm date");
        cite(w, statement_src(m, "pump", "refill lead"));
    }

    /* Highest level first; insertion sort keeps equal levels in order. */
    for(size_t i = 1; i < p->nwarnings; i++) {
        sd_pump_warning t = p->warnings[i];
        size_t j = i;
        while(j > 0 && p->warnings[j - 1].level < t.level) {
            p->warnings[j] = p->warnings[j - 1];
            j--;
        }
        p->warnings[j] = t;
    }
    return SD_OK;
}

/* ==== JSON ==== */

/* Set key to v (stolen) on o; 1 when that failed (v is released). */
static int set(json_t *o, const char *key, json_t *v)
{
    return !v || json_object_set_new(o, key, v);
}

static int append(json_t *a, json_t *v)
{
    return !v || json_array_append_new(a, v);
}

static void mark(unsigned char *cited, struct sd_srcref ref)
{
    for(size_t i = 0; i < ref.n; i++)
        cited[ref.idx[i]] = 1;
}

static json_t *date_json(long day)
{
    char d[16];
    return json_string(sd_date_format(day, d, sizeof(d)));
}

static json_t *when_json(sd_pump_when w, int64_t minutes, int time_known)
{
    json_t *o = json_object();
    char t[8];

    snprintf(t, sizeof(t), "%02d:%02d", w.minute / 60, w.minute % 60);
    if(!o || set(o, "date", date_json(w.day)) ||
       set(o, "time", time_known ? json_string(t) : json_null()) ||
       set(o, "days_after_fill", json_integer(minutes / MIN_PER_DAY)) ||
       set(o, "minutes_after_fill", json_integer(minutes))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *refill_json(const sd_pump_plan *p)
{
    json_t *o = json_object();

    if(!o || set(o, "date", date_json(p->refill_by_day)) ||
       set(o, "days_before_alarm", json_integer(p->lead_days)) ||
       set(o, "lead_is_default", json_boolean(p->lead_is_default))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *param_json(const sd_monograph *m, const sd_param *q,
                          unsigned char *cited)
{
    json_t *o = json_object();

    mark(cited, q->src);
    if(!o || set(o, "name", json_string(q->name)) ||
       set(o, "min", json_real(q->min)) || set(o, "max", json_real(q->max)) ||
       set(o, "unit", json_string(q->unit)) ||
       set(o, "note", str_or_null(q->note)) ||
       set(o, "sources", sd_srcref_json(m, q->src))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *statement_json(const sd_monograph *m, const sd_statement *s,
                              unsigned char *cited)
{
    json_t *o = json_object();

    mark(cited, s->src);
    if(!o || set(o, "topic", json_string(s->topic)) ||
       set(o, "text", json_string(s->text)) ||
       set(o, "sources", sd_srcref_json(m, s->src))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *level_json(int level)
{
    json_t *o = json_object();

    if(!o || set(o, "level", json_integer(level)) ||
       set(o, "name", json_string(sd_disposition_name(level))) ||
       set(o, "meaning", json_string(sd_disposition_meaning(level)))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *request_json(const sd_pump_request *r, int time_known)
{
    json_t *o = json_object();
    char t[8];

    snprintf(t, sizeof(t), "%02d:%02d", r->filled_minute / 60,
             r->filled_minute % 60);
    if(!o || set(o, "reservoir_ul", json_integer(r->reservoir_ul)) ||
       set(o, "alarm_ul", json_integer(r->alarm_ul)) ||
       set(o, "ug_per_ml", json_integer(r->ug_per_ml)) ||
       set(o, "dose_ng_day", json_integer(r->dose_ng_day)) ||
       set(o, "filled", date_json(r->filled_day)) ||
       set(o, "filled_time", time_known ? json_string(t) : json_null()) ||
       set(o, "today", date_json(r->today)) ||
       set(o, "lead_days", r->lead_days == SD_PUMP_LEAD_DEFAULT
                               ? json_null()
                               : json_integer(r->lead_days))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *warning_json(const sd_monograph *m, const sd_pump_warning *w,
                            unsigned char *cited)
{
    json_t *o = json_object(), *src = json_array();

    for(size_t i = 0; src && i < w->nsrc; i++) {
        cited[w->src[i]] = 1;
        if(append(src, json_string(sd_monograph_source(m, w->src[i])->id))) {
            json_decref(src);
            src = NULL;
        }
    }
    if(!o || set(o, "code", json_string(w->name)) ||
       set(o, "level", json_integer(w->level)) ||
       set(o, "level_name", json_string(sd_disposition_name(w->level))) ||
       set(o, "text", json_string(w->text))) {
        json_decref(src);   /* not yet handed to o */
        json_decref(o);
        return NULL;
    }
    if(set(o, "sources", src)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The labelled concentrations with the formulations that give them. */
static json_t *labels_json(const sd_monograph *m, const sd_pump_plan *p,
                           unsigned char *cited)
{
    json_t *o = json_object(), *list = json_array(), *forms = json_array();

    if(!o || !list || !forms)
        goto fail;
    for(size_t k = 0; k < p->nlabelled; k++)
        if(append(list, json_integer(p->labelled_ug_per_ml[k])))
            goto fail;
    for(size_t k = 0; k < p->nit_forms; k++) {
        const sd_formulation *f = p->it_forms[k];
        json_t *fo = json_object();

        mark(cited, f->src);
        if(!fo || set(fo, "id", json_string(f->id)) ||
           set(fo, "name", json_string(f->name)) ||
           set(fo, "sources", sd_srcref_json(m, f->src))) {
            json_decref(fo);
            goto fail;
        }
        if(append(forms, fo))
            goto fail;
    }
    if(set(o, "concentration_labelled",
           p->nlabelled ? json_boolean(p->concentration_labelled)
                        : json_null()))
        goto fail;
    if(set(o, "ug_per_ml", list)) {
        list = NULL;
        goto fail;
    }
    list = NULL;
    if(set(o, "formulations", forms)) {
        forms = NULL;
        goto fail;
    }
    return o;
fail:
    json_decref(o);
    json_decref(list);
    json_decref(forms);
    return NULL;
}

static json_t *ranges_json(const sd_monograph *m, const sd_pump_plan *p,
                           unsigned char *cited)
{
    json_t *a = json_array();

    for(size_t k = 0; a && k < p->nranges; k++) {
        json_t *o = param_json(m, p->ranges[k], cited);
        if(o && set(o, "contains_dose",
                    json_boolean(p->in_range & (1u << k)))) {
            json_decref(o);
            o = NULL;
        }
        if(append(a, o)) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

json_t *sd_pump_json(const sd_monograph *m, const sd_pump_request *r,
                     const sd_pump_plan *p, int fill_time_known)
{
    size_t ns = sd_monograph_nsources(m);
    unsigned char *cited = sd_calloc(ns ? ns : 1, 1);
    json_t *root = json_object(), *a;

    if(!cited || !root)
        goto fail;
    if(set(root, "drug", json_string(sd_monograph_id(m))) ||
       set(root, "drug_name", json_string(sd_monograph_name(m))) ||
       set(root, "monograph_updated", json_string(sd_monograph_updated(m))) ||
       set(root, "notice", json_string(SD_PUMP_NOTICE)) ||
       set(root, "request", request_json(r, fill_time_known)) ||
       set(root, "ng_in_reservoir", json_integer(p->ng_total)) ||
       set(root, "ng_at_alarm", json_integer(p->ng_at_alarm)) ||
       set(root, "refill_by", refill_json(p)) ||
       set(root, "alarm", when_json(p->alarm, p->minutes_to_alarm,
                                    fill_time_known)) ||
       set(root, "empty", when_json(p->empty, p->minutes_to_empty,
                                    fill_time_known)) ||
       set(root, "hours_left_at_alarm", json_integer(p->hours_at_alarm)) ||
       set(root, "level", level_json(p->level)) ||
       set(root, "policy", json_string(SD_PUMP_POLICY)))
        goto fail;

    if(!(a = json_array()) || set(root, "warnings", a))
        goto fail;
    for(size_t i = 0; i < p->nwarnings; i++)
        if(append(a, warning_json(m, &p->warnings[i], cited)))
            goto fail;
    if(!(a = json_array()) || set(root, "lead_ranges", a))
        goto fail;
    for(size_t i = 0; i < p->nleads; i++)
        if(append(a, param_json(m, p->leads[i], cited)))
            goto fail;
    if(set(root, "labelled_concentrations", labels_json(m, p, cited)) ||
       set(root, "maintenance_ranges", ranges_json(m, p, cited)))
        goto fail;

    if(!(a = json_array()) || set(root, "pump_params", a))
        goto fail;
    for(size_t i = 0; i < sd_monograph_nparams(m, "pump"); i++)
        if(append(a, param_json(m, sd_monograph_param(m, "pump", i), cited)))
            goto fail;
    if(!(a = json_array()) || set(root, "pump_statements", a))
        goto fail;
    for(size_t i = 0; i < sd_monograph_nstatements(m, "pump"); i++)
        if(append(a, statement_json(m, sd_monograph_statement(m, "pump", i),
                                  cited)))
            goto fail;

    if(!(a = json_array()) || set(root, "red_flags", a))
        goto fail;
    for(size_t t = 0; t < NRED; t++)
        for(size_t i = 0; i < sd_monograph_nstatements(m, "withdrawal"); i++) {
            const sd_statement *s = sd_monograph_statement(m, "withdrawal", i);
            if(!strcmp(s->topic, red_flag_topics[t]) &&
               append(a, statement_json(m, s, cited)))
                goto fail;
        }
    if(!(a = json_array()) || set(root, "withdrawal_onset", a))
        goto fail;
    for(size_t i = 0; i < sd_monograph_nparams(m, "withdrawal"); i++) {
        const sd_param *q = sd_monograph_param(m, "withdrawal", i);
        if(!strcmp(q->name, "onset") && append(a, param_json(m, q, cited)))
            goto fail;
    }

    if(!(a = json_array()) || set(root, "sources", a))
        goto fail;
    for(size_t i = 0; i < ns; i++)
        if(cited[i] && append(a, sd_source_json(sd_monograph_source(m, i))))
            goto fail;
    sd_free(cited);
    return root;
fail:
    json_decref(root);
    sd_free(cited);
    return NULL;
}

/*
** check_context.h: a check's context as the test data writes it
** (tests/data/vignettes/README.md): route, dose_mg_day, the *_days_ago
** dose events (a number or a list of numbers), hours_since_dose,
** days_on_drug, egfr, age, alcohol, sedatives. Shared by the vignette and
** the realistic-message tests. Included once per test program.
*/
#ifndef SD_TEST_CHECK_CONTEXT_H
#define SD_TEST_CHECK_CONTEXT_H

#include <string.h>

#include <jansson.h>

#include "stepdown/triage.h"

/* One dose event days ago (24 h of uncertainty, as a date has), or one
** per element of a list. */
static int add_event(sd_context *c, int kind, json_t *days)
{
    if(json_is_array(days)) {
        size_t i;
        json_t *d;
        json_array_foreach(days, i, d) if(add_event(c, kind, d))
            return -1;
        return 0;
    }
    if(!json_is_number(days) || c->nevents == SD_CONTEXT_MAX_EVENTS)
        return -1;
    c->events[c->nevents].kind = kind;
    c->events[c->nevents].hours_ago = json_number_value(days) * 24;
    c->events[c->nevents++].slack = 24;
    return 0;
}

/* The context object ctx (NULL: nothing known) into c; -1 for an unknown
** key or a bad value. */
static int make_context(json_t *ctx, sd_context *c)
{
    const char *key;
    json_t *v;

    sd_context_init(c);
    if(!ctx)
        return 0;
    json_object_foreach(ctx, key, v) {
        if(!strcmp(key, "route"))
            c->route = !strcmp(json_string_value(v), "intrathecal")
                           ? SD_ROUTE_INTRATHECAL
                           : SD_ROUTE_ORAL;
        else if(!strcmp(key, "dose_mg_day"))
            c->dose_ug_day = (int64_t)(json_number_value(v) * 1000 + 0.5);
        else if(!strcmp(key, "reduced_days_ago")) {
            if(add_event(c, SD_CUE_REDUCED, v))
                return -1;
        } else if(!strcmp(key, "stopped_days_ago")) {
            if(add_event(c, SD_CUE_STOPPED, v))
                return -1;
        } else if(!strcmp(key, "increased_days_ago")) {
            if(add_event(c, SD_CUE_INCREASED, v))
                return -1;
        } else if(!strcmp(key, "hours_since_dose"))
            c->hours_since_dose = json_number_value(v);
        else if(!strcmp(key, "days_on_drug"))
            c->days_on_drug = (int)json_integer_value(v);
        else if(!strcmp(key, "egfr"))
            c->egfr = json_number_value(v);
        else if(!strcmp(key, "age"))
            c->age = (int)json_integer_value(v);
        else if(!strcmp(key, "alcohol"))
            c->alcohol = json_is_true(v);
        else if(!strcmp(key, "sedatives"))
            c->sedatives = json_is_true(v);
        else
            return -1;
    }
    return 0;
}

#endif

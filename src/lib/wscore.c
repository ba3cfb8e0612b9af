/*
** wscore.c: the withdrawal score (wscore.h). The first ten items and
** their ranges are CIWA-Ar's [CIWA-WIKI, CIWA-VA]; the last four are
** stepdown's additions for the signs this withdrawal adds (the labels'
** rebound spasticity, itching of the intrathecal grades, high fever,
** hallucinations) [US-TAB, OZO, IT-WIKI].
*/
#include <ctype.h>
#include <string.h>

#include "stepdown/wscore.h"

static const sd_wscore_item items[] = {
    {"nausea", "Nausea and vomiting", 7, "CIWA-Ar",
     "0 none; 7 constant nausea, frequent dry heaves and vomiting"},
    {"tremor", "Tremor", 7, "CIWA-Ar",
     "0 none; 7 severe, even with arms not extended"},
    {"sweats", "Paroxysmal sweats", 7, "CIWA-Ar",
     "0 none; 7 drenching sweats"},
    {"anxiety", "Anxiety", 7, "CIWA-Ar",
     "0 at ease; 7 as in acute panic"},
    {"agitation", "Agitation", 7, "CIWA-Ar",
     "0 normal activity; 7 paces or thrashes about constantly"},
    {"tactile", "Tactile disturbances", 7, "CIWA-Ar",
     "0 none; 4 moderately severe hallucinations; 7 continuous"},
    {"auditory", "Auditory disturbances", 7, "CIWA-Ar",
     "0 none; 4 moderately severe hallucinations; 7 continuous"},
    {"visual", "Visual disturbances", 7, "CIWA-Ar",
     "0 none; 4 moderately severe hallucinations; 7 continuous"},
    {"headache", "Headache, fullness in head", 7, "CIWA-Ar",
     "0 none; 7 extremely severe"},
    {"orientation", "Orientation, clouded sensorium", 4, "CIWA-Ar",
     "0 oriented; 2 or more disoriented for date; 4 for place or person"},
    {"spasticity", "Rebound spasticity, rigidity", 7, "adapted",
     "0 usual tone; 7 rigid, worse than before treatment"},
    {"itching", "Itching without a rash", 7, "adapted",
     "0 none; 7 constant, severe"},
    {"fever", "Fever", 4, "adapted",
     "0 none; 4 feels feverish or a measured fever (0 or 4 only)"},
    {"hallucinations", "Sees or hears things that are not there", 7,
     "adapted", "0 none; 7 continuous"},
};

#define NITEMS (sizeof(items) / sizeof(items[0]))
_Static_assert(NITEMS <= SD_WSCORE_MAX_ITEMS, "too many score items");

size_t sd_wscore_nitems(void)
{
    return NITEMS;
}

const sd_wscore_item *sd_wscore_item_at(size_t i)
{
    return i < NITEMS ? &items[i] : NULL;
}

int sd_wscore_find(const char *id)
{
    for(size_t i = 0; i < NITEMS; i++)
        if(id && !strcmp(items[i].id, id))
            return (int)i;
    return -1;
}

int sd_wscore_total(const signed char *v)
{
    int t = 0;
    for(size_t i = 0; i < NITEMS; i++)
        if(v[i] > 0)
            t += v[i];
    return t;
}

/* A red flag on its own: any fever, any hallucination, a CIWA-Ar
** disturbance item at "moderately severe hallucinations" (4) or more,
** disorientation (orientation 2 or more): the seed's serious list puts
** hallucinations and confusion at call-now, and the labels name high
** fever [SEED, US-TAB, OZO]. */
int sd_wscore_red_flag(const signed char *v, const char **which)
{
    static const struct {
        const char *id;
        int from;
    } flags[] = {{"fever", 1},   {"hallucinations", 1}, {"visual", 4},
                 {"auditory", 4}, {"tactile", 4},       {"orientation", 2}};
    for(size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        int k = sd_wscore_find(flags[i].id);
        if(k >= 0 && v[k] >= flags[i].from) {
            if(which)
                *which = items[k].label;
            return 1;
        }
    }
    return 0;
}

int sd_wscore_parse(const char *spec, signed char *v, sd_error *err)
{
    char id[32];
    int any = 0;

    memset(v, -1, SD_WSCORE_MAX_ITEMS);
    for(const char *p = spec ? spec : ""; *p;) {
        while(*p == ',' || isspace((unsigned char)*p))
            p++;
        if(!*p)
            break;
        size_t n = 0;
        while(p[n] && p[n] != '=' && p[n] != ',' &&
              !isspace((unsigned char)p[n]))
            n++;
        if(n == 0 || n >= sizeof(id) || p[n] != '=') {
            sd_error_setf(err, "score item '%.*s': write ITEM=RATING, e.g. "
                          "tremor=3", (int)(n < 40 ? n : 40), p);
            return SD_ERR_USAGE;
        }
        memcpy(id, p, n);
        id[n] = '\0';
        int k = sd_wscore_find(id);
        if(k < 0) {
            sd_error_setf(err, "unknown score item '%s': items are nausea, "
                          "tremor, sweats, anxiety, agitation, tactile, "
                          "auditory, visual, headache, orientation, "
                          "spasticity, itching, fever, hallucinations", id);
            return SD_ERR_USAGE;
        }
        p += n + 1;
        if(!isdigit((unsigned char)*p) || isdigit((unsigned char)p[1])) {
            sd_error_setf(err, "score item '%s': give a rating 0 to %d", id,
                          items[k].max);
            return SD_ERR_USAGE;
        }
        int r = *p - '0';
        p++;
        if(*p && *p != ',' && !isspace((unsigned char)*p)) {
            sd_error_setf(err, "score item '%s': give a rating 0 to %d", id,
                          items[k].max);
            return SD_ERR_USAGE;
        }
        if(r > items[k].max || (!strcmp(id, "fever") && r != 0 && r != 4)) {
            sd_error_setf(err, "score item '%s': %d is out of range (%s)", id,
                          r, items[k].anchors);
            return SD_ERR_USAGE;
        }
        if(v[k] >= 0) {
            sd_error_setf(err, "score item '%s' is given twice", id);
            return SD_ERR_USAGE;
        }
        v[k] = (signed char)r;
        any = 1;
    }
    if(!any) {
        sd_error_setf(err, "no score items: write e.g. tremor=3,sweats=2");
        return SD_ERR_USAGE;
    }
    return SD_OK;
}

/* The lowest published cut-offs: moderate from 8, severe from 15
** [CIWA-VA]; others put them at 9-11 and 16-21 [CIWA-WIKI, CIWA-TOC]. */
void sd_wscore_thresholds_default(sd_wscore_thresholds *t)
{
    t->moderate = 8;
    t->severe = 15;
}

int sd_wscore_band(const sd_wscore_thresholds *t, int total)
{
    return total >= t->severe ? 2 : total >= t->moderate ? 1 : 0;
}

const char *sd_wscore_band_name(int band)
{
    return band == 2 ? "severe" : band == 1 ? "moderate" : "minimal";
}

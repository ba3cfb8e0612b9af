/*
** wscore.h: the withdrawal score, a scale adapted from CIWA-Ar.
**
** The ten CIWA-Ar items (nausea and vomiting, tremor, paroxysmal sweats,
** anxiety, agitation, tactile, auditory and visual disturbances, headache:
** 0-7 each; orientation: 0-4) and items for what withdrawal from this drug
** adds: rebound spasticity (0-7), itching (0-7), fever (0 or 4) and
** hallucinations seen or heard (0-7). The CIWA-Ar cut-offs differ between
** sources (minimal/mild below 8-10, severe from 15-16); the defaults are
** the lowest, so the score never under-triages, and they are settings.
** No source validates CIWA-Ar for this withdrawal (docs/MONITOR.md).
*/
#ifndef STEPDOWN_WSCORE_H
#define STEPDOWN_WSCORE_H

#include <stddef.h>

#include "diary.h"
#include "stepdown.h"

typedef struct sd_wscore_item {
    const char *id;          /* "tremor" */
    const char *label;       /* "Tremor" */
    int max;                 /* highest rating */
    const char *origin;      /* "CIWA-Ar" or "adapted" */
    const char *anchors;     /* what 0 and the top rating mean */
} sd_wscore_item;

size_t sd_wscore_nitems(void);
const sd_wscore_item *sd_wscore_item_at(size_t i);
/* Index of the item with this id, or -1. */
int sd_wscore_find(const char *id);

/* Items that are red flags on their own at or above their value (fever,
** hallucinations): 1 when items holds one. */
int sd_wscore_red_flag(const signed char *items, const char **which);

/* The total of the rated items. */
int sd_wscore_total(const signed char *items);

/* Parse "tremor=3,sweats=2" (ids, '=' and a rating; commas or spaces
** between) into items (every other item -1). SD_ERR_USAGE with err naming
** the bad part and the allowed ids or range. */
int sd_wscore_parse(const char *spec, signed char *items, sd_error *err);

typedef struct sd_wscore_thresholds {
    int moderate;            /* from this total: moderate */
    int severe;              /* from this total: severe */
} sd_wscore_thresholds;

/* The defaults (8 and 15) and their sources' tags. */
void sd_wscore_thresholds_default(sd_wscore_thresholds *t);
#define SD_WSCORE_SOURCES "CIWA-VA, CIWA-WIKI, CIWA-TOC"

/* 0 below moderate, 1 moderate, 2 severe. */
int sd_wscore_band(const sd_wscore_thresholds *t, int total);
const char *sd_wscore_band_name(int band);

#endif /* STEPDOWN_WSCORE_H */

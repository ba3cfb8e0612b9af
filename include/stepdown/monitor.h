/*
** monitor.h: the safety monitor. A diary in, alerts out.
**
** sd_monitor_run() reads a patient's whole diary up to `now` and raises
** every alert its rules find, each with a disposition, the time the
** condition began, an explanation with numbers, advice and the sources
** (docs/MONITOR.md has the rule table). Each alert carries a
** deduplication key, so that running the monitor again (after every
** entry, or at every status) raises the same alert with the same key and
** the store keeps one. The function is pure: same monograph, settings,
** diary and now give the same alerts, in the same order.
*/
#ifndef STEPDOWN_MONITOR_H
#define STEPDOWN_MONITOR_H

#include <stddef.h>
#include <stdint.h>

#include "diary.h"
#include "kb.h"
#include "wscore.h"

typedef struct sd_monitor_config {
    sd_wscore_thresholds score;
    int refill_days;          /* refill reminder: supply left, days (3) */
    int weeks_on_drug_days;   /* abrupt stop counts after this many days on
                              ** the drug (14) */
    int extra_days;           /* extra doses on this many days ... (2) */
    int extra_window_days;    /* ... within this many (7) */
    int early_refill_days;    /* a refill while more than this many days of
                              ** the last supply should remain (7) */
    int ahead_days;           /* below the plan's step on this many
                              ** consecutive full days (2) */
} sd_monitor_config;

void sd_monitor_config_default(sd_monitor_config *c);

/* Alerts raised by one run; strings are owned by the list. */
typedef struct sd_alert_list {
    sd_alert *a;
    size_t n;
    /* internal */
    size_t cap;
    void *priv;
} sd_alert_list;

void sd_alert_list_init(sd_alert_list *l);
void sd_alert_list_release(sd_alert_list *l);

/* Run every rule over d up to now. m gives the label maximum, the kidney
** bands, the half-life and the withdrawal onset window. SD_OK, or
** SD_ERR_NOMEM. */
int sd_monitor_run(const sd_monograph *m, const sd_monitor_config *cfg,
                   const sd_diary *d, int64_t now, sd_alert_list *out,
                   sd_error *err);

/* ---- With the store (monitor_store.c) ---- */
struct sd_store;

/* The settings as stored (`stepdown settings`: score.moderate,
** score.severe, refill.days, weeks-on-drug.days, extra.days,
** extra.window-days, early-refill.days, below-plan.days) over the
** defaults; a setting missing or unreadable keeps its default. */
void sd_monitor_config_load(struct sd_store *st, sd_monitor_config *c);

/* Run the monitor over patient pid's stored diary and store every alert
** (the store keeps one per rule and key). raised, when not NULL, is called
** with each alert that is new or escalated, its id set; a non-zero return
** stops and is returned. */
int sd_monitor_store(struct sd_store *st, const sd_monograph *m,
                     const sd_monitor_config *cfg, int64_t pid, int64_t now,
                     int (*raised)(const sd_alert *a, void *arg), void *arg,
                     sd_error *err);

/* The rule table, for documentation and tests: id of rule i (NULL past the
** last), its text and its sources. */
size_t sd_monitor_nrules(void);
const char *sd_monitor_rule(size_t i, const char **text,
                            const char **sources);

#endif /* STEPDOWN_MONITOR_H */

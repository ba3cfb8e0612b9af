/*
** monitor_store.c: the monitor over stored diaries (monitor.h), shared by
** the CLI, the server and the demo data.
*/
#include <stdint.h>
#include <stdlib.h>

#include "stepdown/monitor.h"
#include "stepdown/store.h"

static void setting(sd_store *st, const char *name, int *v)
{
    char buf[32], *end;
    if(sd_store_setting_get(st, name, buf, sizeof(buf), NULL) == SD_OK) {
        long x = strtol(buf, &end, 10);
        if(end != buf && !*end && x > 0 && x < 100000)
            *v = (int)x;
    }
}

void sd_monitor_config_load(sd_store *st, sd_monitor_config *c)
{
    sd_monitor_config_default(c);
    setting(st, "score.moderate", &c->score.moderate);
    setting(st, "score.severe", &c->score.severe);
    setting(st, "refill.days", &c->refill_days);
    setting(st, "weeks-on-drug.days", &c->weeks_on_drug_days);
    setting(st, "extra.days", &c->extra_days);
    setting(st, "extra.window-days", &c->extra_window_days);
    setting(st, "early-refill.days", &c->early_refill_days);
    setting(st, "below-plan.days", &c->ahead_days);
}

int sd_monitor_store(sd_store *st, const sd_monograph *m,
                     const sd_monitor_config *cfg, int64_t pid, int64_t now,
                     int (*raised)(const sd_alert *a, void *arg), void *arg,
                     sd_error *err)
{
    sd_diary d;
    sd_alert_list l;
    int rc;
    sd_diary_init(&d);
    sd_alert_list_init(&l);
    if(!(rc = sd_store_diary_load(st, pid, INT64_MIN, INT64_MAX, &d, err)))
        rc = sd_monitor_run(m, cfg, &d, now, &l, err);
    for(size_t i = 0; !rc && i < l.n; i++) {
        int64_t id;
        int is_new;
        rc = sd_store_alert_save(st, pid, &l.a[i], now, &id, &is_new, err);
        if(!rc && is_new && raised) {
            l.a[i].id = id;
            l.a[i].patient_id = pid;
            if(!l.a[i].created)
                l.a[i].created = now;
            rc = raised(&l.a[i], arg);
        }
    }
    sd_alert_list_release(&l);
    sd_diary_release(&d);
    return rc;
}

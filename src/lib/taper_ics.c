/*
** taper_ics.c: a taper plan as iCalendar (RFC 5545), built with libical
** (taper_export.h).
**
** One VEVENT per step and per dose time with a dose above 0, repeating
** daily for the days of the step, and one all-day event on the day after
** the last dose. Times are floating local times: a dose is taken at 08:00
** wherever the patient is, so the calendar must not move it when they
** travel or when the clocks change. There is no METHOD: the file is a
** plain calendar to import, not a scheduling message (METHOD:PUBLISH would
** require an ORGANIZER). Every step of the plan is exported, the steps
** before an adjustment included, so the calendar shows the whole history.
*/
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "stepdown/date.h"
#include "stepdown/taper_export.h"
#include "taper_int.h"

#define DOSE_MINUTES 15     /* length of a dose event */
/* The withdrawal window after the last dose: the monograph's
** withdrawal.params.onset (12-72 h, NATURE-SC). The label does not carry
** it yet, so it is written here; keep the two in step. */
#define WATCH_DAYS 3
#define WATCH_TEXT "Withdrawal can begin 12 to 72 hours after a dose is " \
                   "cut or stopped [NATURE-SC]"

/* The plan's identity (taper_int.h): FNV-1a over its numbers. */
static void fnv(uint64_t *h, int64_t v)
{
    for(int i = 0; i < 8; i++) {
        *h ^= (uint64_t)v >> (8 * i) & 0xff;
        *h *= 0x100000001b3ULL;
    }
}

uint64_t sd__taper_hash(const sd_taper_plan *p, const sd_taper_label *l)
{
    const sd_taper_request *r = &p->req;
    uint64_t h = 0xcbf29ce484222325ULL;

    for(const char *c = l->drug_id ? l->drug_id : ""; *c; c++)
        fnv(&h, (unsigned char)*c);
    fnv(&h, r->nadmin);
    for(int a = 0; a < r->nadmin; a++)
        fnv(&h, r->minute[a]);
    fnv(&h, r->nstrengths);
    for(int k = 0; k < r->nstrengths; k++) {
        fnv(&h, r->strengths[k].ug);
        fnv(&h, r->strengths[k].pieces);
    }
    fnv(&h, r->ug_per_ml);
    fnv(&h, (int64_t)p->nsteps);
    for(size_t i = 0; i < p->nsteps; i++) {
        const sd_taper_step *s = &p->steps[i];
        fnv(&h, s->first_day);
        fnv(&h, s->last_day);
        for(int a = 0; a < r->nadmin; a++) {
            fnv(&h, s->dose[a].ug);
            fnv(&h, s->dose[a].ul);
            for(int k = 0; k < r->nstrengths; k++)
                fnv(&h, s->dose[a].count[k]);
        }
    }
    return h;
}

/* A floating date-time (is_date 0) or a date (is_date 1): no zone. */
static struct icaltimetype local_time(long day, int minute, int is_date)
{
    return icaltime_from_timet_with_zone((time_t)day * 86400 +
                                         minute * 60, is_date, NULL);
}

/* Add prop to c; a NULL prop (libical could not allocate it) fails. */
static int add(icalcomponent *c, icalproperty *prop)
{
    if(!prop)
        return -1;
    icalcomponent_add_property(c, prop);
    return 0;
}

/* A display alarm trig_min minutes after the event starts. */
static int add_alarm(icalcomponent *ev, const char *text, int trig_min)
{
    struct icaltriggertype trig;
    icalcomponent *al = icalcomponent_new_valarm();

    if(!al)
        return -1;
    memset(&trig, 0, sizeof(trig));
    trig.time = icaltime_null_time();
    trig.duration = icaldurationtype_from_int(trig_min * 60);
    icalcomponent_add_component(ev, al);  /* ev frees it from here on */
    if(add(al, icalproperty_new_action(ICAL_ACTION_DISPLAY)) ||
       add(al, icalproperty_new_description(text)) ||
       add(al, icalproperty_new_trigger(trig)))
        return -1;
    return 0;
}

/* What a step's flags mean, as sentences for the event description. */
static void flag_words(const sd_taper_request *r, const sd_taper_step *s,
                       char *out, size_t outsz)
{
    const char *made = r->nstrengths ? "these tablets" : "the volumes "
                                       "you can measure";
    size_t n = 0;

    out[0] = '\0';
    if(s->step_back && n < outsz)
        n += (size_t)snprintf(out + n, outsz - n, " Back to the last dose "
                              "you tolerated, after withdrawal symptoms.");
    if(s->hold && n < outsz)
        n += (size_t)snprintf(out + n, outsz - n, " Hold: the daily dose "
                              "stays as it is for this step.");
    if(s->rounded && n < outsz)
        n += (size_t)snprintf(out + n, outsz - n, " The planned target "
                              "cannot be made from %s, so the nearest dose "
                              "above it is kept (a smaller cut).", made);
    if(s->min_cut && n < outsz)
        snprintf(out + n, outsz - n, " The smallest cut %s allow is larger "
                 "than the planned speed, so this step lasts longer.", made);
}

/* One event: dose a of step i, daily over the step's days. */
static int add_dose_event(icalcomponent *cal, const sd_taper_plan *p,
                          const sd_taper_label *l, size_t i, int a,
                          uint64_t h, struct icaltimetype stamp)
{
    const sd_taper_request *r = &p->req;
    const sd_taper_step *s = &p->steps[i];
    struct icalrecurrencetype rule;
    char mg[32], total[32], words[128], from[16], to[16], flags[512];
    char uid[96], summary[256], desc[1536], clock[8];
    icalcomponent *ev = icalcomponent_new_vevent();

    if(!ev)
        return -1;
    icalcomponent_add_component(cal, ev);  /* cal frees it from here on */

    sd_taper_mg(s->dose[a].ug, mg, sizeof(mg));
    sd_taper_mg(s->total_ug, total, sizeof(total));
    sd_taper_dose_words(r, &s->dose[a], words, sizeof(words));
    sd_date_format(s->first_day, from, sizeof(from));
    sd_date_format(s->last_day, to, sizeof(to));
    flag_words(r, s, flags, sizeof(flags));
    snprintf(clock, sizeof(clock), "%02d:%02d", r->minute[a] / 60,
             r->minute[a] % 60);
    snprintf(uid, sizeof(uid), "stepdown-%016" PRIx64 "-s%zu-d%d"
             "@stepdown.local", h, i + 1, a + 1);
    snprintf(summary, sizeof(summary), "%s %s (%s)", l->drug, mg, words);
    snprintf(desc, sizeof(desc), "Step %zu of %zu, %s to %s: %s a day. "
             "Take %s (%s) at %s.%s %s", i + 1, p->nsteps - 1, from, to,
             total, mg, words, clock, flags, SD_SUPPORT_NOTICE);

    icalrecurrencetype_clear(&rule);
    rule.freq = ICAL_DAILY_RECURRENCE;
    rule.count = (int)(s->last_day - s->first_day + 1);

    if(add(ev, icalproperty_new_uid(uid)) ||
       add(ev, icalproperty_new_dtstamp(stamp)) ||
       add(ev, icalproperty_new_dtstart(local_time(s->first_day,
                                                   r->minute[a], 0))) ||
       add(ev, icalproperty_new_duration(
                   icaldurationtype_from_int(DOSE_MINUTES * 60))) ||
       add(ev, icalproperty_new_rrule(rule)) ||
       add(ev, icalproperty_new_summary(summary)) ||
       add(ev, icalproperty_new_description(desc)) ||
       add(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT)))
        return -1;
    return add_alarm(ev, summary, 0);
}

/* The all-day event on the day after the last dose: no dose, what to
** watch for. */
static int add_stop_event(icalcomponent *cal, const sd_taper_plan *p,
                          const sd_taper_label *l, uint64_t h,
                          struct icaltimetype stamp)
{
    const sd_taper_step *s = &p->steps[p->nsteps - 1];
    char last[16], uid[96], summary[256], desc[1024];
    icalcomponent *ev = icalcomponent_new_vevent();

    if(!ev)
        return -1;
    icalcomponent_add_component(cal, ev);
    sd_date_format(s->first_day - 1, last, sizeof(last));
    snprintf(uid, sizeof(uid), "stepdown-%016" PRIx64 "-stop"
             "@stepdown.local", h);
    snprintf(summary, sizeof(summary), "%s stopped: watch for withdrawal "
             "signs for %d days", l->drug, WATCH_DAYS);
    snprintf(desc, sizeof(desc), "The plan's last dose of %s was "
             "yesterday, %s; there is no dose today. %s: watch for "
             "withdrawal signs for the next %d days and call your "
             "prescriber if they appear. %s", l->drug, last, WATCH_TEXT,
             WATCH_DAYS, SD_SUPPORT_NOTICE);
    if(add(ev, icalproperty_new_uid(uid)) ||
       add(ev, icalproperty_new_dtstamp(stamp)) ||
       add(ev, icalproperty_new_dtstart(local_time(s->first_day, 0, 1))) ||
       add(ev, icalproperty_new_dtend(local_time(s->first_day + 1, 0, 1))) ||
       add(ev, icalproperty_new_summary(summary)) ||
       add(ev, icalproperty_new_description(desc)) ||
       add(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT)))
        return -1;
    return add_alarm(ev, summary, 9 * 60);  /* 09:00 that day */
}

char *sd_taper_ics(const sd_taper_plan *p, const sd_taper_label *l,
                   sd_error *err)
{
    icalcomponent *cal;
    char *text, *out = NULL;
    uint64_t h;
    struct icaltimetype stamp;

    if(!p->nsteps || p->nsteps > SD_TAPER_MAX_STEPS || !l->drug) {
        sd_error_setf(err, "no plan to export");
        return NULL;
    }
    h = sd__taper_hash(p, l);
    stamp = icaltime_from_timet_with_zone((time_t)l->stamp, 0,
                                          icaltimezone_get_utc_timezone());
    cal = icalcomponent_new_vcalendar();
    if(!cal)
        goto nomem;
    if(add(cal, icalproperty_new_version("2.0")) ||
       add(cal, icalproperty_new_prodid("-//stepdown//stepdown "
                                        SD_VERSION "//EN")))
        goto nomem;
    /* The last step is the 0 mg stop: it has no dose to take. */
    for(size_t i = 0; i + 1 < p->nsteps; i++)
        for(int a = 0; a < p->req.nadmin; a++)
            if(p->steps[i].dose[a].ug > 0 &&
               add_dose_event(cal, p, l, i, a, h, stamp))
                goto nomem;
    if(add_stop_event(cal, p, l, h, stamp))
        goto nomem;
    /* _r: a buffer we own, not libical's ring buffer. */
    text = icalcomponent_as_ical_string_r(cal);
    if(!text)
        goto nomem;
    out = sd_strdup(text);
    icalmemory_free_buffer(text);
    if(!out)
        goto nomem;
    icalcomponent_free(cal);
    return out;

nomem:
    if(cal)
        icalcomponent_free(cal);
    sd_error_setf(err, "out of memory");
    return NULL;
}

void sd_taper_ics_cleanup(void)
{
    /* libical keeps its built-in time zones (UTC, used for DTSTAMP) for
    ** the life of the process; a command that exits releases them. */
    icaltimezone_free_builtin_timezones();
}

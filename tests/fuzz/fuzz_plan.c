/*
** fuzz_plan.c: libFuzzer harness for the plan parsers: a plan request
** (sd_taper_spec_from_json) and a whole plan read back
** (sd_taper_plan_from_json, as stepdown plan adjust does).
**
** Any input must give either one of the documented refusals
** (SD_ERR_PARSE or SD_ERR_USAGE with a message) or a plan that keeps the
** planner's invariants, never a crash, a leak or undefined behaviour:
**
**   - a request that parses builds a plan or is refused with a message;
**   - a built plan ends at 0 mg, its days follow without gaps, its totals
**     never rise, every dose is the sum of its pieces;
**   - its JSON, CSV, lines, iCalendar and FHIR can be written, its JSON
**     text is what jansson writes for the same plan, byte for byte, and
**     reads back to the same steps;
**   - a plan read back verifies, and adjusting it on the first day of its
**     second step either succeeds with one more adjustment or is refused.
**
** The input is the JSON text itself: a request unless it has a "format"
** key (then a plan). The monograph is data/drugs/baclofen.json relative
** to the working directory, or $STEPDOWN_MONOGRAPH.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stepdown/taper_export.h"
#include "stepdown/taper_json.h"

#define FUZZ_NAME "fuzz_plan"
#include "fuzz.h"

static sd_monograph *mono;
static sd_taper_plan *plans;   /* three, reused */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    mono = fuzz_monograph();
    plans = calloc(3, sizeof(*plans));
    if(!plans)
        exit(1);
    return 0;
}

static void check_invariants(const sd_taper_plan *p)
{
    const sd_taper_request *r = &p->req;
    CHECK(p->nsteps >= 1 && p->nsteps <= SD_TAPER_MAX_STEPS);
    CHECK(p->steps[p->nsteps - 1].total_ug == 0);
    for(size_t i = 0; i < p->nsteps; i++) {
        const sd_taper_step *s = &p->steps[i];
        int64_t total = 0;
        CHECK(s->last_day >= s->first_day);
        if(i) {
            CHECK(s->first_day == p->steps[i - 1].last_day + 1);
            CHECK(s->total_ug <= p->steps[i - 1].total_ug || s->step_back);
        }
        for(int a = 0; a < r->nadmin; a++) {
            int64_t made = 0;
            if(r->nstrengths)
                for(int k = 0; k < r->nstrengths; k++)
                    made += s->dose[a].count[k] *
                            (r->strengths[k].ug / r->strengths[k].pieces);
            else
                made = s->dose[a].ul * r->ug_per_ml / 1000;
            CHECK(made == s->dose[a].ug);
            total += s->dose[a].ug;
        }
        CHECK(total == s->total_ug);
    }
}

static void write_all(const sd_taper_spec *spec, const sd_taper_policy *pol,
                      const sd_taper_plan *p)
{
    static const sd_taper_label l = {"drug", "drug", "1", "tablet", 0};
    sd_taper_spec back;
    sd_error err;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK(f);
    sd_taper_write_lines(f, p, &l);
    sd_taper_write_table(f, p);
    sd_taper_write_csv(f, p);
    fclose(f);
    free(buf);

    char *ics = sd_taper_ics(p, &l, &err);
    CHECK(ics);
    sd_free(ics);
    json_t *fhir = sd_taper_fhir(p, &l, &err);
    CHECK(fhir);
    json_decref(fhir);

    /* the plan's text (what the server sends) is what jansson writes */
    size_t n = 0;
    char *text = sd_taper_plan_json_text(mono, spec, pol, p, &l, &n);
    CHECK(text && n == strlen(text));
    json_t *j = sd_taper_plan_to_json(mono, spec, pol, p, &l);
    CHECK(j);
    char *dump = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(j);
    CHECK(dump && !strcmp(dump, text));
    free(dump);
    int rc = sd_taper_plan_from_json(text, n, &back, &plans[2], &err);
    if(rc)
        fprintf(stderr, "fuzz_plan: read back: %s\n", err.text);
    CHECK(rc == SD_OK);
    free(text);
    CHECK(plans[2].nsteps == p->nsteps);
    for(size_t i = 0; i < p->nsteps; i++)
        CHECK(plans[2].steps[i].total_ug == p->steps[i].total_ug);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sd_taper_spec spec;
    sd_taper_policy pol;
    sd_error err;
    int rc;

    if(size > 1 << 16)
        return 0;
    const char *text = (const char *)data;
    int is_plan = 0;
    for(size_t i = 0; i + 8 <= size && !is_plan; i++)
        is_plan = !memcmp(data + i, "\"format\"", 8);
    if(is_plan) {
        rc = sd_taper_plan_from_json(text, size, &spec, &plans[0], &err);
        CHECK(rc == SD_OK || ((rc == SD_ERR_USAGE || rc == SD_ERR_PARSE) &&
                              err.text[0]));
        if(rc)
            return 0;
        check_invariants(&plans[0]);
        if(plans[0].nsteps > 1) {
            rc = sd_taper_adjust(&plans[0], plans[0].steps[1].first_day, 7,
                                 &plans[1], &err);
            CHECK(rc == SD_OK || (rc == SD_ERR_USAGE && err.text[0]));
            if(!rc) {
                CHECK(plans[1].nadj == plans[0].nadj + 1);
                check_invariants(&plans[1]);
            }
        }
        return 0;
    }
    rc = sd_taper_spec_from_json(text, size, &spec, &err);
    CHECK(rc == SD_OK ||
          ((rc == SD_ERR_USAGE || rc == SD_ERR_PARSE) && err.text[0]));
    if(rc)
        return 0;
    rc = sd_taper_make(mono, &spec, &pol, &plans[0], &err);
    CHECK(rc == SD_OK || (rc == SD_ERR_USAGE && err.text[0]));
    if(rc)
        return 0;
    check_invariants(&plans[0]);
    write_all(&spec, &pol, &plans[0]);
    return 0;
}

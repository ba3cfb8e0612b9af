/*
** fuzz_diary.c: libFuzzer harness for the diary import
** (sd_diary_from_json) and everything that reads an imported diary.
**
** Any input must give either one of the documented refusals
** (SD_ERR_PARSE with a message, or SD_ERR_USAGE with a message and the
** JSON path of the field) or a diary that keeps the export's promises,
** never a crash, a leak or undefined behaviour:
**
**   - its JSON export reads back, and writing that again gives the same
**     bytes (the lossless round trip);
**   - its FHIR Bundle can be made, with one resource per prescription,
**     entry (supply excepted) and alert, and the Patient;
**   - the report can be written in the four formats over the first weeks
**     of the diary, and adherence computed.
**
** The monograph is data/drugs/baclofen.json relative to the working
** directory, or $STEPDOWN_MONOGRAPH.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stepdown/diary_export.h"

#define FUZZ_NAME "fuzz_diary"
#include "fuzz.h"

static sd_monograph *mono;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    mono = fuzz_monograph();
    return 0;
}

static char *export_text(const sd_diary *d)
{
    json_t *j = sd_diary_to_json(d);
    CHECK(j);
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    CHECK(s);
    return s;
}

static void check_fhir(const sd_diary *d)
{
    size_t want = 1 + d->nrx + d->nalerts;
    for(size_t i = 0; i < d->n; i++)
        want += d->e[i].kind != SD_ENTRY_SUPPLY;
    json_t *b = sd_diary_fhir(mono, d, 1795503600);
    CHECK(b);
    CHECK(json_array_size(json_object_get(b, "entry")) == want);
    json_decref(b);
}

static void check_report(const sd_diary *d)
{
    long from = d->n ? sd_local_day(d->e[0].at, d->e[0].tz_min)
                     : d->nrx ? d->rx[0].start_day : 20000;
    sd_adherence a;
    sd_diary_adherence(d, from, from + 20, &a);
    CHECK(a.days == 21);
    CHECK(a.missing >= 0 && a.missing <= a.expected);
    for(int fmt = SD_REPORT_TEXT; fmt <= SD_REPORT_JSON; fmt++) {
        sd_report_opts o = {from, from + 20, 1795503600, fmt};
        sd_error err;
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        CHECK(f);
        CHECK(sd_report_write(f, mono, d, &o, &err) == SD_OK);
        fclose(f);
        CHECK(len > 0);
        free(buf);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sd_diary d, back;
    sd_error err;

    if(size > 1 << 17)
        return 0;
    sd_diary_init(&d);
    int rc = sd_diary_from_json((const char *)data, size, &d, &err);
    CHECK(rc == SD_OK || rc == SD_ERR_PARSE || rc == SD_ERR_USAGE);
    if(rc) {
        CHECK(err.text[0]);
        CHECK(rc != SD_ERR_USAGE || err.path[0] == '$');
        sd_diary_release(&d);
        return 0;
    }
    char *first = export_text(&d);
    sd_diary_init(&back);
    rc = sd_diary_from_json(first, strlen(first), &back, &err);
    if(rc)
        fprintf(stderr, "fuzz_diary: read back: %s: %s\n", err.path,
                err.text);
    CHECK(rc == SD_OK);
    char *second = export_text(&back);
    CHECK(!strcmp(first, second));
    free(first);
    free(second);
    sd_diary_release(&back);

    check_fhir(&d);
    check_report(&d);
    sd_diary_release(&d);
    return 0;
}

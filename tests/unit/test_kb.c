/*
** test_kb.c: the monograph loader, its validation, and the content of the
** baclofen monograph that the seed text and the label require.
*/
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "stepdown/kb.h"
#include "stepdown/kb_json.h"

#define BACLOFEN SD_DATADIR "/baclofen.json"
#define FIXTURE SD_TESTDATA "/drugs/examplamine.json"
#define INVALID_DIR SD_TESTDATA "/json/invalid"

static sd_monograph *load_ok(const char *path)
{
    sd_monograph *m = NULL;
    sd_error err;
    char msg[1024];
    int rc = sd_monograph_load_file(path, &m, &err);

    if(rc)
        fail_msg("%s", sd_error_format(&err, msg, sizeof(msg)));
    assert_non_null(m);
    return m;
}

static int has_source(const sd_monograph *m, struct sd_srcref r,
                      const char *id)
{
    for(size_t i = 0; i < r.n; i++)
        if(!strcmp(sd_monograph_source(m, r.idx[i])->id, id))
            return 1;
    return 0;
}

/* ==== The seed's content, exactly ==== */

struct seed_se {
    const char *id;
    int tier;
    int disposition; /* the expected level */
    double min, max;  /* label frequency; -1 when the label gives none */
};

static const struct seed_se seed_list[] = {
    {"drowsiness", SD_TIER_COMMON, SD_DISP_SELF_CARE, 10, 63},
    {"dizziness", SD_TIER_COMMON, SD_DISP_SELF_CARE, 5, 15},
    {"headache", SD_TIER_COMMON, SD_DISP_SELF_CARE, 4, 8},
    {"weakness", SD_TIER_COMMON, SD_DISP_SELF_CARE, 5, 15},
    {"constipation", SD_TIER_COMMON, SD_DISP_SELF_CARE, 2, 6},
    {"nausea", SD_TIER_COMMON, SD_DISP_SELF_CARE, 4, 12},
    {"frequent-urination", SD_TIER_COMMON, SD_DISP_SELF_CARE, 2, 6},
    {"insomnia", SD_TIER_COMMON, SD_DISP_SELF_CARE, 2, 7},
    {"tiredness", SD_TIER_COMMON, SD_DISP_SELF_CARE, 2, 4},
    {"seizure", SD_TIER_SERIOUS, SD_DISP_CALL_NOW, -1, -1},
    {"confusion", SD_TIER_SERIOUS, SD_DISP_CALL_NOW, 1, 11},
    {"hallucinations", SD_TIER_SERIOUS, SD_DISP_CALL_NOW, -1, -1},
    {"irregular-heartbeat", SD_TIER_SERIOUS, SD_DISP_CALL_NOW, -1, -1},
};
#define NSEED (sizeof(seed_list) / sizeof(seed_list[0]))

static void test_seed_side_effects(void **state)
{
    sd_monograph *m = load_ok(BACLOFEN);
    size_t nseed = 0;

    (void)state;
    for(size_t i = 0; i < NSEED; i++) {
        const struct seed_se *e = &seed_list[i];
        const sd_concept *c = sd_monograph_concept_by_id(m, e->id);

        assert_non_null(c);
        assert_true(c->seed);
        assert_true(c->roles & SD_ROLE_SIDE_EFFECT);
        assert_int_equal(c->tier, e->tier);
        assert_int_equal(c->disposition, e->disposition);
        assert_true(has_source(m, c->src, "SEED"));
        assert_true(has_source(m, c->disposition_src, "SEED"));
        assert_non_null(c->snomed_code);
        assert_non_null(c->meddra_pt);
        assert_true(c->nsynonyms >= 3);
        if(e->min >= 0) {
            assert_true(c->freq.known);
            assert_true(c->freq.min == e->min);
            assert_true(c->freq.max == e->max);
            assert_true(has_source(m, c->freq.src, "US-TAB"));
        } else {
            assert_non_null(c->freq.category);
        }
    }
    for(size_t i = 0; i < sd_monograph_nconcepts(m); i++)
        nseed += sd_monograph_concept(m, i)->seed;
    assert_int_equal(nseed, NSEED);
    /* Drowsiness carries its placebo rate. */
    const sd_concept *d = sd_monograph_concept_by_id(m, "drowsiness");
    assert_true(d->freq.has_placebo);
    assert_true(d->freq.placebo == 36);
    sd_monograph_free(m);
}

static void test_serious_never_below_call_now(void **state)
{
    sd_monograph *m = load_ok(BACLOFEN);
    size_t nserious = 0;

    (void)state;
    for(size_t i = 0; i < sd_monograph_nconcepts(m); i++) {
        const sd_concept *c = sd_monograph_concept(m, i);
        if(c->tier == SD_TIER_SERIOUS) {
            assert_true(c->disposition >= SD_DISP_CALL_NOW);
            nserious++;
        }
    }
    assert_true(nserious >= 4);
    sd_monograph_free(m);
}

/* Every label adverse reaction of the fact sheet is a side-effect concept
** with a frequency (numbers or the label's category). */
static void test_label_reactions(void **state)
{
    static const char *const ids[] = {
        "hypotension", "euphoria", "depression", "paresthesia", "tinnitus",
        "slurred-speech", "ataxia", "tremor", "dystonia", "blurred-vision",
        "double-vision", "dyspnea", "palpitations", "chest-pain", "syncope",
        "dry-mouth", "vomiting", "diarrhea", "urinary-retention", "enuresis",
        "impotence", "rash", "sweating", "weight-gain", "ast-increased",
        "alp-increased", "glucose-increased"};
    sd_monograph *m = load_ok(BACLOFEN);

    (void)state;
    for(size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        const sd_concept *c = sd_monograph_concept_by_id(m, ids[i]);
        if(!c)
            fail_msg("missing concept '%s'", ids[i]);
        assert_true(c->roles & SD_ROLE_SIDE_EFFECT);
        assert_true(c->freq.known || c->freq.category);
        assert_true(has_source(m, c->freq.src, "US-TAB"));
    }
    assert_true(sd_monograph_concept_by_id(m, "hypotension")->freq.max == 9);
    sd_monograph_free(m);
}

/* The withdrawal and overdose signs of the fact sheet carry their roles. */
static void test_withdrawal_overdose_signs(void **state)
{
    static const char *const wd[] = {"seizure", "hallucinations", "confusion",
                                     "fever", "rigidity", "rebound-spasticity",
                                     "tachycardia", "itching", "piloerection",
                                     "agitation", "delusions",
                                     "rhabdomyolysis", "unresponsive"};
    static const char *const od[] = {"vomiting", "hypotonia", "drowsiness",
                                     "accommodation-disorder", "unresponsive",
                                     "respiratory-depression", "seizure",
                                     "encephalopathy", "hallucinations",
                                     "myoclonus", "areflexia", "hypotension",
                                     "bradycardia", "tachycardia",
                                     "irregular-heartbeat", "hypothermia",
                                     "rhabdomyolysis", "burst-suppression"};
    sd_monograph *m = load_ok(BACLOFEN);

    (void)state;
    for(size_t i = 0; i < sizeof(wd) / sizeof(wd[0]); i++) {
        const sd_concept *c = sd_monograph_concept_by_id(m, wd[i]);
        if(!c || !(c->roles & SD_ROLE_WITHDRAWAL))
            fail_msg("'%s' is not a withdrawal sign", wd[i]);
    }
    for(size_t i = 0; i < sizeof(od) / sizeof(od[0]); i++) {
        const sd_concept *c = sd_monograph_concept_by_id(m, od[i]);
        if(!c || !(c->roles & SD_ROLE_OVERDOSE))
            fail_msg("'%s' is not an overdose sign", od[i]);
    }
    assert_int_equal(sd_monograph_concept_by_id(m, "respiratory-depression")
                         ->disposition,
                     SD_DISP_EMERGENCY);
    sd_monograph_free(m);
}

/* ==== Every fact traces to a source ==== */

static void check_ref(const sd_monograph *m, struct sd_srcref r,
                      const char *what)
{
    if(r.n == 0)
        fail_msg("%s has no source", what);
    for(size_t i = 0; i < r.n; i++)
        assert_true(r.idx[i] < sd_monograph_nsources(m));
}

static void test_every_fact_has_source(void **state)
{
    sd_monograph *m = load_ok(BACLOFEN);

    (void)state;
    for(size_t i = 0; i < sd_monograph_nsources(m); i++) {
        const sd_source *s = sd_monograph_source(m, i);
        assert_true(s->url || s->doi);
        assert_non_null(s->title);
    }
    for(size_t i = 0; i < sd_monograph_nconcepts(m); i++) {
        const sd_concept *c = sd_monograph_concept(m, i);
        check_ref(m, c->src, c->id);
        check_ref(m, c->disposition_src, c->id);
        if(c->freq.known || c->freq.category)
            check_ref(m, c->freq.src, c->id);
        if(c->snomed_code)
            check_ref(m, c->snomed_src, c->id);
        if(c->meddra_pt)
            check_ref(m, c->meddra_src, c->id);
        if(c->nsynonyms)
            check_ref(m, c->lexicon_src, c->id);
    }
    for(size_t i = 0; i < sd_monograph_nformulations(m); i++) {
        const sd_formulation *f = sd_monograph_formulation(m, i);
        check_ref(m, f->src, f->id);
        for(size_t j = 0; j < f->nstrengths; j++)
            check_ref(m, f->strengths[j].src, f->id);
    }
    for(size_t i = 0; i < sd_monograph_ndose_limits(m); i++)
        check_ref(m, sd_monograph_dose_limit(m, i)->src, "dose limit");
    for(size_t i = 0; i < sd_monograph_ntitration(m); i++)
        check_ref(m, sd_monograph_titration(m, i)->src, "titration");
    for(size_t i = 0; i < sd_monograph_nkidney_bands(m); i++)
        check_ref(m, sd_monograph_kidney_band(m, i)->src, "kidney band");
    for(int s = 0; sd_monograph_section_name(s); s++) {
        const char *sec = sd_monograph_section_name(s);
        for(size_t i = 0; i < sd_monograph_nparams(m, sec); i++)
            check_ref(m, sd_monograph_param(m, sec, i)->src, sec);
        for(size_t i = 0; i < sd_monograph_nstatements(m, sec); i++)
            check_ref(m, sd_monograph_statement(m, sec, i)->src, sec);
    }
    struct sd_srcref r;
    assert_string_equal(sd_monograph_code(m, "rxnorm", &r), "1292");
    check_ref(m, r, "rxnorm");
    assert_string_equal(sd_monograph_code(m, "atc", &r), "M03BX01");
    check_ref(m, r, "atc");
    sd_monograph_free(m);
}

/* ==== Formulations, dosing, kinetics ==== */

static const sd_formulation *find_form(const sd_monograph *m, const char *id)
{
    for(size_t i = 0; i < sd_monograph_nformulations(m); i++)
        if(!strcmp(sd_monograph_formulation(m, i)->id, id))
            return sd_monograph_formulation(m, i);
    return NULL;
}

static void test_formulations(void **state)
{
    sd_monograph *m = load_ok(BACLOFEN);
    const sd_formulation *t = find_form(m, "tablet");
    const sd_formulation *g = find_form(m, "gablofen");

    (void)state;
    assert_non_null(t);
    assert_int_equal(t->nstrengths, 4);
    static const int64_t ug[] = {5000, 10000, 15000, 20000};
    static const int scored[] = {0, 1, 0, 1};
    for(size_t i = 0; i < 4; i++) {
        assert_int_equal(t->strengths[i].amount_ug, ug[i]);
        assert_int_equal(t->strengths[i].scored, scored[i]);
        assert_int_equal(t->strengths[i].min_piece, scored[i] ? 2 : 1);
    }
    assert_non_null(g);
    assert_int_equal(g->nstrengths, 4);
    assert_int_equal(g->strengths[0].ug_per_ml, 50);
    assert_int_equal(g->strengths[3].ug_per_ml, 2000);
    assert_string_equal(g->route, "intrathecal");
    sd_monograph_free(m);
}

static void test_dosing_and_kinetics(void **state)
{
    sd_monograph *m = load_ok(BACLOFEN);
    const sd_param *p;
    int us80 = 0, other100 = 0;

    (void)state;
    for(size_t i = 0; i < sd_monograph_ndose_limits(m); i++) {
        const sd_dose_limit *d = sd_monograph_dose_limit(m, i);
        if(d->max_ug_day == 80000 && has_source(m, d->src, "US-TAB"))
            us80 = 1;
        if(d->max_ug_day == 100000)
            other100 = 1;
    }
    assert_true(us80);
    assert_true(other100); /* the conflicting source is kept, not dropped */
    assert_int_equal(sd_monograph_ntitration(m), 4);
    assert_int_equal(sd_monograph_titration(m, 0)->dose_ug, 5000);
    assert_int_equal(sd_monograph_titration(m, 0)->times_per_day, 3);

    assert_int_equal(sd_monograph_params(m, "withdrawal", "onset", &p), 1);
    assert_true(p->min == 12 && p->max == 72);
    assert_string_equal(p->unit, "h");
    /* Half-life sources disagree: all of them are kept. */
    assert_int_equal(sd_monograph_params(m, "kinetics", "half_life", &p), 4);
    assert_true(p->min == 3 && p->max == 4);

    int avoid = 0;
    for(size_t i = 0; i < sd_monograph_nkidney_bands(m); i++) {
        const sd_kidney_band *b = sd_monograph_kidney_band(m, i);
        if(!strcmp(b->action, "avoid") && b->upper == 30)
            avoid = 1;
        if(b->keep_den)
            assert_true(b->keep_num <= b->keep_den);
    }
    assert_true(avoid);
    assert_true(sd_monograph_nstatements(m, "interactions") >= 5);
    assert_true(sd_monograph_nstatements(m, "populations") >= 5);
    assert_true(sd_monograph_nstatements(m, "misuse") >= 1);
    sd_monograph_free(m);
}

/* ==== A second drug proves the engine is drug-agnostic ==== */

static void test_second_monograph(void **state)
{
    sd_monograph *m = NULL;
    sd_error err;

    (void)state;
    assert_int_equal(sd_monograph_find(SD_TESTDATA "/drugs", "EXAMPLEX", &m,
                                       &err),
                     SD_OK);
    assert_string_equal(sd_monograph_id(m), "examplamine");
    assert_int_equal(sd_monograph_nconcepts(m), 3);
    const sd_formulation *f = sd_monograph_formulation(m, 0);
    assert_int_equal(f->strengths[0].min_piece, 4);
    json_t *j = sd_side_effects_json(m, SD_TIERMASK_ALL);
    assert_non_null(j);
    json_t *list = json_object_get(j, "side_effects");
    /* hiccups is a withdrawal sign only, so two side effects, serious
    ** first. */
    assert_int_equal(json_array_size(list), 2);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(list, 0), "id")),
        "purple-vision");
    json_decref(j);
    sd_monograph_free(m);

    assert_int_equal(sd_monograph_find(SD_TESTDATA "/drugs", "nosuchdrug", &m,
                                       &err),
                     SD_ERR_NOTFOUND);
    assert_null(m);
    assert_non_null(strstr(err.text, "nosuchdrug"));
    assert_int_equal(sd_monograph_find(SD_TESTDATA "/drugs", "../../etc/passwd",
                                       &m, &err),
                     SD_ERR_NOTFOUND);
}

/* ==== One test per error class (tests/data/json/invalid/) ==== */

static void run_invalid_case(const char *name)
{
    char path[1024], exp_path[1024], line[3][512];
    sd_monograph *m = (sd_monograph *)1;
    sd_error err;
    FILE *f;
    int rc;

    snprintf(path, sizeof(path), "%s/%s/input.json", INVALID_DIR, name);
    snprintf(exp_path, sizeof(exp_path), "%s/%s/expected", INVALID_DIR, name);
    f = fopen(exp_path, "r");
    assert_non_null(f);
    for(int i = 0; i < 3; i++) {
        if(!fgets(line[i], sizeof(line[i]), f))
            line[i][0] = '\0';
        line[i][strcspn(line[i], "\n")] = '\0';
    }
    fclose(f);
    rc = sd_monograph_load_file(path, &m, &err);
    if(rc != atoi(line[0]) || strcmp(err.path, line[1]) ||
       !strstr(err.text, line[2]))
        fail_msg("%s: got rc %d path '%s' text '%s'; expected %s '%s' '%s'",
                 name, rc, err.path, err.text, line[0], line[1], line[2]);
    assert_null(m);
    assert_string_equal(err.file, path);
}

static void test_invalid_monographs(void **state)
{
    DIR *d = opendir(INVALID_DIR);
    struct dirent *e;
    int n = 0;

    (void)state;
    assert_non_null(d);
    while((e = readdir(d))) {
        if(e->d_name[0] == '.')
            continue;
        run_invalid_case(e->d_name);
        n++;
    }
    closedir(d);
    assert_true(n >= 15);
}

/* Each error class has its own case, checked by name so that a deleted
** fixture cannot pass silently. */
static void test_error_classes_present(void **state)
{
    static const char *const classes[] = {
        "bad-json", "unknown-source", "duplicate-concept-id",
        "missing-required-field", "frequency-above-100",
        "frequency-min-above-max", "strength-zero", "fact-without-source"};

    (void)state;
    for(size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
        run_invalid_case(classes[i]);
}

/* ==== Memory: every allocation failure is handled ==== */

static void test_chaos(void **state)
{
    unsigned long n;
    int rc = -1;

    (void)state;
    for(n = 1; n < 200000; n++) {
        sd_monograph *m = NULL;
        sd_error err;

        sd_alloc_fail_after(n);
        rc = sd_monograph_load_file(FIXTURE, &m, &err);
        /* Done when the load succeeded without reaching the n-th
        ** allocation; a success that swallowed a failure is a bug. */
        if(rc == SD_OK) {
            unsigned long made = sd_alloc_fail_after(0);
            if(made >= n)
                fail_msg("allocation %lu failed but the load succeeded", n);
            json_t *j;
            /* Now fail each allocation of the JSON view in turn. */
            for(unsigned long k = 1;; k++) {
                sd_alloc_fail_after(k);
                j = sd_side_effects_json(m, SD_TIERMASK_ALL);
                if(j)
                    break;
                assert_true(k < 100000);
            }
            sd_alloc_fail_after(0);
            json_decref(j);
            sd_monograph_free(m);
            break;
        }
        assert_int_equal(rc, SD_ERR_NOMEM);
        assert_null(m);
    }
    sd_alloc_fail_after(0);
    assert_int_equal(rc, SD_OK);
    assert_true(n > 10); /* the load did allocate, so failures were tried */
}

static void test_buffer_and_common(void **state)
{
    sd_monograph *m = NULL;
    sd_error err;
    char msg[512];
    int level;

    (void)state;
    assert_int_equal(sd_monograph_load_buffer("[1,2", 4, "mem", &m, &err),
                     SD_ERR_PARSE);
    assert_null(m);
    assert_string_equal(err.file, "mem");
    assert_int_equal(sd_monograph_load_buffer("[]", 2, "mem", &m, &err),
                     SD_ERR_INVALID);
    assert_string_equal(err.path, "$");
    sd_error_format(&err, msg, sizeof(msg));
    assert_string_equal(msg, "mem: $: a monograph is a JSON object");
    assert_int_equal(sd_monograph_load_file("/nonexistent/x.json", &m, &err),
                     SD_ERR_NOTFOUND);

    for(int l = 0; l < SD_DISP_COUNT; l++) {
        assert_int_equal(sd_disposition_parse(sd_disposition_name(l), &level),
                         SD_OK);
        assert_int_equal(level, l);
    }
    assert_int_equal(sd_disposition_parse("urgent", &level), SD_ERR_INVALID);
    assert_null(sd_disposition_name(SD_DISP_COUNT));
    assert_string_equal(sd_strerror(SD_ERR_NOMEM), "out of memory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_side_effects),
        cmocka_unit_test(test_serious_never_below_call_now),
        cmocka_unit_test(test_label_reactions),
        cmocka_unit_test(test_withdrawal_overdose_signs),
        cmocka_unit_test(test_every_fact_has_source),
        cmocka_unit_test(test_formulations),
        cmocka_unit_test(test_dosing_and_kinetics),
        cmocka_unit_test(test_second_monograph),
        cmocka_unit_test(test_invalid_monographs),
        cmocka_unit_test(test_error_classes_present),
        cmocka_unit_test(test_chaos),
        cmocka_unit_test(test_buffer_and_common),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

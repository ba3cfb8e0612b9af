/*
** test_checker.c: the text, lexicon and triage modules under cmocka:
** normalisation and spans, refused input, spelling correction and its
** guard, negation, intensity, cues with times, phrase conflicts, and
** allocation failure at every step (the chaos test).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "stepdown/lexicon.h"
#include "stepdown/text.h"
#include "stepdown/triage.h"
#include "stepdown/triage_json.h"

#define MONOGRAPH SD_TESTDATA "/../../data/drugs/baclofen.json"
#define FIXTURE SD_TESTDATA "/drugs/examplamine.json"
#define WORDLIST "/usr/share/dict/american-english"

static sd_monograph *mono;
static sd_lexicon *lex;     /* with the word list */
static sd_lexicon *plain;   /* without: no spelling correction */

static int setup(void **state)
{
    sd_error err;
    (void)state;
    if(sd_monograph_load_file(MONOGRAPH, &mono, &err) ||
       sd_lexicon_build(mono, WORDLIST, &lex, &err) ||
       sd_lexicon_build(mono, NULL, &plain, &err)) {
        fprintf(stderr, "setup: %s\n", err.text);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sd_lexicon_free(lex);
    sd_lexicon_free(plain);
    sd_monograph_free(mono);
    return 0;
}

static const char *form(const sd_text *t, size_t i, char *buf, size_t n)
{
    size_t len = t->tok[i].len < n - 1 ? t->tok[i].len : n - 1;
    memcpy(buf, sd_text_form(t, i), len);
    buf[len] = '\0';
    return buf;
}

static void test_text_normalise(void **state)
{
    /* "Ich bin MÜDE – can’t sleep. 12.5 mg!!" */
    const char *s = "Ich bin M\xc3\x9c" "DE \xe2\x80\x93 can\xe2\x80\x99t sleep. "
                    "12.5 mg!!";
    sd_text t;
    char b[64];

    (void)state;
    sd_text_init(&t);
    assert_int_equal(sd_text_analyse(&t, s, strlen(s), NULL), SD_OK);
    assert_int_equal(t.ntok, 9);
    assert_string_equal(form(&t, 2, b, sizeof(b)), "mude");
    /* the span of the accented word covers its bytes in the input */
    assert_int_equal(t.tok[2].start, 8);
    assert_int_equal(t.tok[2].end, 13);
    assert_string_equal(form(&t, 3, b, sizeof(b)), "cant");
    assert_int_equal(t.tok[3].end - t.tok[3].start, strlen("can\xe2\x80\x99t"));
    assert_int_equal(t.tok[5].kind, SD_TOK_BREAK);
    assert_int_equal(t.tok[6].kind, SD_TOK_NUMBER);
    assert_string_equal(form(&t, 6, b, sizeof(b)), "12.5");
    assert_int_equal(t.tok[8].kind, SD_TOK_BREAK); /* "!!" is one break */
    sd_text_release(&t);

    size_t len;
    assert_int_equal(sd_text_normalise_phrase("Light-Headed", b, sizeof(b),
                                              &len), SD_OK);
    assert_string_equal(b, "light headed");
    assert_int_equal(sd_text_normalise_phrase("x", b, 1, &len),
                     SD_ERR_INVALID);
}

static void test_text_refused(void **state)
{
    sd_text t;
    sd_error err;

    (void)state;
    sd_text_init(&t);
    assert_int_equal(sd_text_analyse(&t, "dizzy \xff", 7, &err), SD_ERR_PARSE);
    assert_non_null(strstr(err.text, "invalid UTF-8 at byte 7"));
    assert_int_equal(t.ntok, 0);
    assert_int_equal(sd_text_analyse(&t, "\xed\xa0\x80", 3, &err),
                     SD_ERR_PARSE); /* an encoded surrogate */
    assert_int_equal(sd_text_analyse(&t, "ok\x01", 3, &err), SD_ERR_PARSE);
    assert_non_null(strstr(err.text, "control character at byte 3"));
    assert_int_equal(sd_text_analyse(&t, "a\xc2\x85" "b", 4, &err),
                     SD_ERR_PARSE); /* C1 control U+0085 */
    assert_int_equal(sd_text_analyse(&t, "a\0b", 3, &err), SD_ERR_PARSE);
    assert_int_equal(sd_text_analyse(&t, "tab\tand\r\nnewline", 16, &err),
                     SD_OK);
    sd_text_release(&t);
}

/* The concept id of finding i. */
static const char *cid(const sd_reading *r, size_t i)
{
    return sd_monograph_concept(mono, r->findings[i].concept)->id;
}

static void test_reading(void **state)
{
    sd_reading r;
    const char *s;

    (void)state;
    sd_reading_init(&r);

    s = "so dizzy and a little nauseous, no headache or seizures, but my "
        "heart is skipping";
    assert_int_equal(sd_read(lex, s, strlen(s), &r, NULL), SD_OK);
    assert_int_equal(r.nfindings, 5);
    assert_string_equal(cid(&r, 0), "dizziness");
    assert_int_equal(r.findings[0].intensity, SD_INTENSITY_SEVERE);
    assert_string_equal(cid(&r, 1), "nausea");
    assert_int_equal(r.findings[1].intensity, SD_INTENSITY_MILD);
    assert_string_equal(cid(&r, 2), "headache");
    assert_true(r.findings[2].negated);
    assert_memory_equal(s + r.findings[2].neg_start, "no", 2);
    assert_string_equal(cid(&r, 3), "seizure");
    assert_true(r.findings[3].negated); /* the list shares the negation */
    assert_string_equal(cid(&r, 4), "irregular-heartbeat");
    assert_false(r.findings[4].negated); /* "but" ends the negation */
    assert_memory_equal(s + r.findings[4].start, "my heart is skipping", 20);

    s = "headaches are gone, not sure if I'm hallucinating";
    assert_int_equal(sd_read(lex, s, strlen(s), &r, NULL), SD_OK);
    assert_int_equal(r.nfindings, 2);
    assert_true(r.findings[0].negated);
    assert_false(r.findings[1].negated);

    s = "I ran out 3 days ago, stopped it yesterday, took extra a couple "
        "of days ago; I don't drink alcohol";
    assert_int_equal(sd_read(lex, s, strlen(s), &r, NULL), SD_OK);
    assert_int_equal(r.ncues, 4);
    assert_int_equal(r.cues[0].kind, SD_CUE_MISSED);
    assert_true(r.cues[0].hours_ago == 72);
    assert_int_equal(r.cues[1].kind, SD_CUE_STOPPED);
    assert_true(r.cues[1].hours_ago == 24);
    assert_int_equal(r.cues[2].kind, SD_CUE_EXTRA);
    assert_true(r.cues[2].hours_ago == 48);
    assert_int_equal(r.cues[3].kind, SD_CUE_ALCOHOL);
    assert_true(r.cues[3].negated);

    s = "my toe hurts and 12345";
    assert_int_equal(sd_read(lex, s, strlen(s), &r, NULL), SD_OK);
    assert_int_equal(r.nfindings, 0);
    assert_int_equal(r.nunrecognised, 2);
    assert_memory_equal(s + r.unrecognised[0].start, "toe hurts", 9);
    assert_memory_equal(s + r.unrecognised[1].start, "12345", 5);

    /* restless legs is not agitation: it stays unrecognised */
    s = "restless legs at night";
    assert_int_equal(sd_read(lex, s, strlen(s), &r, NULL), SD_OK);
    assert_int_equal(r.nfindings, 0);
    assert_int_equal(r.nunrecognised, 1);
    sd_reading_release(&r);
}

static void test_spelling(void **state)
{
    sd_reading r;
    const char *s = "tierd and siezures, constipatted";

    (void)state;
    assert_true(sd_lexicon_spelling(lex));
    assert_false(sd_lexicon_spelling(plain));
    sd_reading_init(&r);
    assert_int_equal(sd_read(lex, s, strlen(s), &r, NULL), SD_OK);
    assert_int_equal(r.nfindings, 3);
    assert_string_equal(cid(&r, 0), "tiredness");
    assert_int_equal(r.findings[0].corrected, 1);
    assert_string_equal(cid(&r, 1), "seizure");
    assert_string_equal(cid(&r, 2), "constipation");
    /* without the word list, nothing is corrected */
    assert_int_equal(sd_read(plain, s, strlen(s), &r, NULL), SD_OK);
    assert_int_equal(r.nfindings, 1); /* "siezures" is a listed misspelling */
    /* real words are never corrected: tires is not tired, sleep is not
    ** sleepy; two edits need a shared start: spaciness is not shakiness */
    s = "the tires, sleep well, spaciness";
    assert_int_equal(sd_read(lex, s, strlen(s), &r, NULL), SD_OK);
    assert_int_equal(r.nfindings, 0);
    sd_reading_release(&r);
}

static void test_conflict(void **state)
{
    json_error_t je;
    json_t *root = json_load_file(FIXTURE, 0, &je);
    sd_monograph *m;
    sd_lexicon *lx;
    sd_error err;

    (void)state;
    assert_non_null(root);
    /* Two concepts whose phrases differ only by an apostrophe: the
    ** monograph loads, the lexicon refuses it. */
    json_t *c = json_array_get(json_object_get(root, "symptoms"), 1);
    json_array_append_new(
        json_object_get(json_object_get(c, "lexicon"), "synonyms"),
        json_string("cant stop yawning"));
    char *text = json_dumps(root, 0);
    json_decref(root);
    assert_int_equal(sd_monograph_load_buffer(text, strlen(text), "mem", &m,
                                              &err), SD_OK);
    free(text);
    assert_int_equal(sd_lexicon_build(m, NULL, &lx, &err), SD_ERR_INVALID);
    assert_null(lx);
    assert_non_null(strstr(err.text, "two concepts share the phrase"));
    assert_int_equal(sd_lexicon_build(mono, "/nonexistent/words", &lx, &err),
                     SD_ERR_IO);
    assert_non_null(strstr(err.text, "cannot read the word list"));
    sd_monograph_free(m);
}

static void test_check_rules(void **state)
{
    sd_assessment a;
    sd_context c;
    sd_error err;
    const char *s = "I have been seeing things since I cut my dose";

    (void)state;
    sd_assessment_init(&a);
    sd_context_init(&c);
    assert_int_equal(sd_check(lex, &c, s, strlen(s), &a, &err), SD_OK);
    assert_int_equal(a.disposition, SD_DISP_CALL_NOW);
    assert_true(a.explanations[0] & SD_EXPL_WITHDRAWAL);
    assert_true(a.used.interruption && a.used.interruption_from_text);
    int named = 0;
    for(size_t i = 0; i < a.nreasons; i++)
        named |= !strcmp(a.reasons[i].rule, "withdrawal-window") &&
                 a.reasons[i].src.n > 0 && a.reasons[i].fact != NULL;
    assert_true(named);

    /* a flag wins over the text: cut ten days ago is outside the window */
    c.events[0].kind = SD_CUE_REDUCED;
    c.events[0].hours_ago = 240;
    c.events[0].slack = 24;
    c.nevents = 1;
    assert_int_equal(sd_check(lex, &c, s, strlen(s), &a, &err), SD_OK);
    assert_false(a.explanations[0] & SD_EXPL_WITHDRAWAL);
    assert_int_equal(a.disposition, SD_DISP_CALL_NOW); /* serious anyway */

    /* high fever with rigidity after a cut: emergency */
    s = "high fever and stiff muscles";
    c.events[0].hours_ago = 24;
    assert_int_equal(sd_check(lex, &c, s, strlen(s), &a, &err), SD_OK);
    assert_int_equal(a.disposition, SD_DISP_EMERGENCY);

    /* the rule table is complete */
    assert_true(sd_triage_nrules() >= 15);
    for(size_t i = 0; i < sd_triage_nrules(); i++) {
        const char *text, *policy;
        assert_non_null(sd_triage_rule(i, &text, &policy));
        assert_true(strlen(text) > 20 && strlen(policy) > 5);
    }
    assert_null(sd_triage_rule(sd_triage_nrules(), NULL, NULL));

    /* refused: a context out of range */
    sd_context_init(&c);
    c.route = 7;
    assert_int_equal(sd_check(lex, &c, "dizzy", 5, &a, &err), SD_ERR_USAGE);
    sd_context_init(&c);
    c.nevents = SD_CONTEXT_MAX_EVENTS + 1;
    assert_int_equal(sd_check(lex, &c, "dizzy", 5, &a, &err), SD_ERR_USAGE);

    /* refused: empty, blank, too long */
    assert_int_equal(sd_check(lex, NULL, "", 0, &a, &err), SD_ERR_USAGE);
    assert_int_equal(sd_check(lex, NULL, " \n\t ", 4, &a, &err), SD_ERR_USAGE);
    char *big = malloc(SD_CHECK_MAX_TEXT + 1);
    memset(big, 'a', SD_CHECK_MAX_TEXT + 1);
    assert_int_equal(sd_check(lex, NULL, big, SD_CHECK_MAX_TEXT + 1, &a, &err),
                     SD_ERR_USAGE);
    /* at the limit it answers, bounded */
    memset(big, ' ', SD_CHECK_MAX_TEXT);
    memcpy(big, "dizzy", 5);
    assert_int_equal(sd_check(lex, NULL, big, SD_CHECK_MAX_TEXT, &a, &err),
                     SD_OK);
    free(big);
    sd_assessment_release(&a);
}

/* Every allocation of building the lexicon and of a check, failed in
** turn: SD_ERR_NOMEM and no leak (ASan), never a half answer. */
static void test_chaos(void **state)
{
    const char *s = "so dizzy, no headache; I ran out 2 days ago and see "
                    "things; my toe hurts";
    sd_context c;
    unsigned long n;
    int rc = SD_ERR_NOMEM;

    (void)state;
    sd_context_init(&c);
    c.egfr = 25;
    c.alcohol = 1;
    for(n = 1; n < 200000; n++) {
        sd_lexicon *lx = NULL;
        sd_error err;
        sd_alloc_fail_after(n);
        rc = sd_lexicon_build(mono, NULL, &lx, &err);
        if(rc == SD_OK) {
            sd_alloc_fail_after(0);
            sd_lexicon_free(lx);
            break;
        }
        assert_int_equal(rc, SD_ERR_NOMEM);
        assert_null(lx);
    }
    assert_int_equal(rc, SD_OK);
    assert_true(n > 100);
    for(n = 1; n < 100000; n++) {
        sd_assessment a;
        sd_error err;
        sd_assessment_init(&a);
        sd_alloc_fail_after(n);
        rc = sd_check(lex, &c, s, strlen(s), &a, &err);
        json_t *j = rc == SD_OK ? sd_assessment_json(lex, &a) : NULL;
        unsigned long made = sd_alloc_fail_after(0);
        json_decref(j);
        sd_assessment_release(&a);
        if(rc == SD_OK && made < n)
            break;
        if(rc != SD_OK)
            assert_int_equal(rc, SD_ERR_NOMEM);
    }
    assert_int_equal(rc, SD_OK);
    assert_true(n > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_normalise),
        cmocka_unit_test(test_text_refused),
        cmocka_unit_test(test_reading),
        cmocka_unit_test(test_spelling),
        cmocka_unit_test(test_conflict),
        cmocka_unit_test(test_check_rules),
        cmocka_unit_test(test_chaos),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/*
** test_jsonw.c: the JSON text writer (src/lib/jsonw.h) that the plan and
** every server answer go through. Its promise is json_dumps(v,
** JSON_COMPACT | JSON_REAL_PRECISION(15)) byte for byte, so each case
** compares against jansson itself: commas and nesting, escapes, integers
** at the ends of their range, reals, amounts in thousandths (200,000
** random ones), dates and times, 10,000 random trees; then the failures
** that must stick (a NULL string, invalid UTF-8, a real that is not
** finite, a failed allocation at every point).
*/
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "jsonw.h"
#include "stepdown/date.h"
#include "stepdown/stepdown.h"

#define DUMP_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15))

/* w's text equals jansson's dump of v (v is consumed). */
static void same_as_jansson(sd_jw *w, json_t *v)
{
    size_t n = 0;
    char *text = sd_jw_finish(w, &n);
    assert_non_null(v);
    char *want = json_dumps(v, DUMP_FLAGS | JSON_ENCODE_ANY);
    json_decref(v);
    assert_non_null(text);
    assert_non_null(want);
    assert_int_equal(n, strlen(text));
    assert_string_equal(text, want);
    free(text);
    free(want);
}

static void test_structure(void **state)
{
    sd_jw w = SD_JW_INIT;
    (void)state;
    sd_jw_open(&w, '{');
    SD_JW_KV(&w, "a", sd_jw_int, 1);
    sd_jw_key(&w, "empty");
    sd_jw_open(&w, '[');
    sd_jw_close(&w, ']');
    sd_jw_key(&w, "list");
    sd_jw_open(&w, '[');
    sd_jw_int(&w, 1);
    sd_jw_open(&w, '{');
    sd_jw_close(&w, '}');
    sd_jw_open(&w, '[');
    sd_jw_null(&w);
    sd_jw_bool(&w, 0);
    sd_jw_bool(&w, 7);
    sd_jw_close(&w, ']');
    sd_jw_str(&w, "x");
    sd_jw_close(&w, ']');
    SD_JW_KV(&w, "z", sd_jw_str, "last");
    sd_jw_close(&w, '}');
    same_as_jansson(&w, json_pack("{s:i,s:[],s:[i,{},[n,b,b],s],s:s}", "a", 1,
                                  "empty", "list", 1, 0, 7, "x", "z",
                                  "last"));
}

static void test_strings(void **state)
{
    static const char *const cases[] = {
        "", "plain", "quote \" and backslash \\", "slash / stays",
        "\b\f\n\r\t", "\x01\x1f control", "\x7f delete",
        "caf\xc3\xa9 \xe2\x80\x94 dash", "line sep \xe2\x80\xa8 para \xe2\x80\xa9",
        "emoji \xf0\x9f\x98\x80", "\xef\xbf\xbf max BMP",
    };
    (void)state;
    for(size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        sd_jw w = SD_JW_INIT;
        sd_jw_open(&w, '{');
        SD_JW_KV(&w, cases[i], sd_jw_str, cases[i]);
        sd_jw_close(&w, '}');
        same_as_jansson(&w, json_pack("{s:s}", cases[i], cases[i]));
    }
    /* an embedded NUL, with a length */
    sd_jw w = SD_JW_INIT;
    sd_jw_strn(&w, "a\0b", 3);
    same_as_jansson(&w, json_stringn("a\0b", 3));
}

static void test_numbers(void **state)
{
    static const long long ints[] = {0, 1, -1, 9, 10, -10, 123456789,
                                     LLONG_MAX, LLONG_MIN, LLONG_MIN + 1};
    static const double reals[] = {0.0, -0.0, 0.5, 2.5, 7.333, 0.001,
                                   1e-7, 1e22, 123456789012345.0,
                                   1234567890123456789.0, -3.25, 1.0 / 3};
    static const int64_t millis[] = {0, 1, 999, 1000, 1001, 2500, -2500,
                                     7333, 20000, 123456789, -1};
    (void)state;
    for(size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
        sd_jw w = SD_JW_INIT;
        sd_jw_int(&w, ints[i]);
        same_as_jansson(&w, json_integer(ints[i]));
    }
    for(size_t i = 0; i < sizeof(reals) / sizeof(reals[0]); i++) {
        sd_jw w = SD_JW_INIT;
        sd_jw_real(&w, reals[i]);
        same_as_jansson(&w, json_real(reals[i]));
    }
    /* thousandths: whole numbers as integers, the rest as reals */
    for(size_t i = 0; i < sizeof(millis) / sizeof(millis[0]); i++) {
        sd_jw w = SD_JW_INIT;
        sd_jw_milli(&w, millis[i]);
        json_t *want = millis[i] % 1000
                           ? json_real((double)millis[i] / 1000.0)
                           : json_integer(millis[i] / 1000);
        same_as_jansson(&w, want);
    }
    /* the digits written without printf, against jansson's, over every
    ** size up to the 10^15 where sd_jw_milli goes back to printf */
    unsigned seed = 1124;
    for(int i = 0; i < 200000; i++) {
        int64_t v = ((int64_t)rand_r(&seed) << 31 | rand_r(&seed)) %
                    ((int64_t)1 << (i % 52 + 1));
        if(i % 3 == 0)
            v = -v;
        if(i == 0)
            v = 999999999999999LL;
        if(i == 1)
            v = -999999999999999LL;
        if(i == 2)
            v = 1000000000000001LL;
        sd_jw w = SD_JW_INIT;
        sd_jw_milli(&w, v);
        same_as_jansson(&w, v % 1000 ? json_real((double)v / 1000.0)
                                     : json_integer(v / 1000));
    }
    sd_jw w = SD_JW_INIT;
    sd_jw_milli(&w, 7500);
    char *t = sd_jw_finish(&w, NULL);
    assert_string_equal(t, "7.5");
    free(t);
}

static void test_dates_and_times(void **state)
{
    static const int minutes[] = {0, 5, 59, 60, 480, 1439};
    static const char *const want[] = {"00:00", "00:05", "00:59", "01:00",
                                       "08:00", "23:59"};
    char d[16];
    (void)state;
    for(size_t i = 0; i < sizeof(minutes) / sizeof(minutes[0]); i++) {
        sd_jw w = SD_JW_INIT;
        sd_jw_hhmm(&w, minutes[i]);
        same_as_jansson(&w, json_string(want[i]));
    }
    for(long day = -800; day < 40000; day += 97) {
        sd_jw w = SD_JW_INIT;
        sd_jw_date(&w, day);
        same_as_jansson(&w, json_string(sd_date_format(day, d, sizeof(d))));
    }
}

/* A random tree, at most depth levels deep. */
static json_t *random_tree(unsigned *seed, int depth)
{
    static const char *const words[] = {"", "a", "tab\there", "q\"q",
                                        "caf\xc3\xa9", "\xf0\x9f\x98\x80",
                                        "k\\", "\x1b"};
    int kind = rand_r(seed) % (depth ? 8 : 6);
    json_t *v;
    switch(kind) {
    case 0: return json_null();
    case 1: return json_boolean(rand_r(seed) % 2);
    case 2: return json_integer((json_int_t)rand_r(seed) - RAND_MAX / 2);
    case 3: return json_real((double)rand_r(seed) / 997.0 - 1000.0);
    case 4:
    case 5: return json_string(words[rand_r(seed) % 8]);
    case 6:
        v = json_array();
        for(int i = rand_r(seed) % 5; i > 0; i--)
            json_array_append_new(v, random_tree(seed, depth - 1));
        return v;
    default:
        v = json_object();
        for(int i = rand_r(seed) % 5; i > 0; i--) {
            char k[32];
            snprintf(k, sizeof(k), "%s%d", words[rand_r(seed) % 8], i);
            json_object_set_new(v, k, random_tree(seed, depth - 1));
        }
        return v;
    }
}

static void test_random_trees(void **state)
{
    unsigned seed = 20261124;
    (void)state;
    for(int i = 0; i < 10000; i++) {
        json_t *v = random_tree(&seed, 4);
        sd_jw w = SD_JW_INIT;
        sd_jw_value(&w, v);
        same_as_jansson(&w, v);
    }
}

/* What must fail the whole text, and keep failing. */
static void test_failures(void **state)
{
    static const char *const bad_utf8[] = {
        "\xff", "\xc3", "caf\xc3", "\xc0\xaf" /* overlong */,
        "\xed\xa0\x80" /* a surrogate */, "\xf4\x90\x80\x80" /* > U+10FFFF */,
        "\xe2\x28\xa1",
    };
    (void)state;
    for(size_t i = 0; i < sizeof(bad_utf8) / sizeof(bad_utf8[0]); i++) {
        assert_null(json_string(bad_utf8[i]));   /* jansson agrees */
        sd_jw w = SD_JW_INIT;
        sd_jw_open(&w, '[');
        sd_jw_str(&w, bad_utf8[i]);
        sd_jw_int(&w, 1);
        sd_jw_close(&w, ']');
        assert_null(sd_jw_finish(&w, NULL));
        assert_null(w.p);
    }
    static const double not_finite[] = {INFINITY, -INFINITY, NAN};
    for(size_t i = 0; i < 3; i++) {
        assert_null(json_real(not_finite[i]));   /* jansson agrees */
        sd_jw w = SD_JW_INIT;
        sd_jw_real(&w, not_finite[i]);
        assert_null(sd_jw_finish(&w, NULL));
    }
    sd_jw w = SD_JW_INIT;
    sd_jw_str(&w, NULL);
    assert_null(sd_jw_finish(&w, NULL));
    sd_jw_value(&w, NULL);
    assert_null(sd_jw_finish(&w, NULL));
    /* nothing written is no text */
    assert_null(sd_jw_finish(&w, NULL));
}

/* A failed allocation anywhere gives NULL, never a cut text. */
static void test_allocation_failure(void **state)
{
    (void)state;
    json_t *v = json_array();
    for(int i = 0; i < 3000; i++)
        json_array_append_new(v, json_string("twelve bytes"));
    for(unsigned long k = 1; k < 8; k++) {
        sd_jw w = SD_JW_INIT;
        sd_alloc_fail_after(k);
        sd_jw_value(&w, v);
        char *t = sd_jw_finish(&w, NULL);
        unsigned long made = sd_alloc_fail_after(0);
        if(made < k) {   /* it needed fewer allocations than k */
            assert_non_null(t);
            free(t);
            break;
        }
        assert_null(t);
    }
    sd_jw w = SD_JW_INIT;
    sd_jw_value(&w, v);
    same_as_jansson(&w, v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_dates_and_times),
        cmocka_unit_test(test_random_trees),
        cmocka_unit_test(test_failures),
        cmocka_unit_test(test_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

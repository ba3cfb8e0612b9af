/*
** test_store.c: the SQLite store (issue 5, in progress): creation and
** migration, WAL and foreign keys, refusal of a newer schema, patients,
** idempotency keys (a retry is not counted twice; other content under the
** same key is refused and nothing is written).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "stepdown/store.h"

static char path[64];

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof(path), "/tmp/sd-store-test-%ld.db", (long)getpid());
    return 0;
}

static void cleanup(void)
{
    char p[80];
    unlink(path);
    snprintf(p, sizeof(p), "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", path);
    unlink(p);
}

static int teardown(void **state)
{
    (void)state;
    cleanup();
    return 0;
}

static int pragma(const char *sql, char *out, size_t n)
{
    sqlite3 *db;
    sqlite3_stmt *s;
    if(sqlite3_open(path, &db) ||
       sqlite3_prepare_v2(db, sql, -1, &s, NULL))
        return -1;
    int rc = sqlite3_step(s);
    if(rc == SQLITE_ROW)
        snprintf(out, n, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return rc == SQLITE_ROW ? 0 : -1;
}

static void test_open_migrate(void **state)
{
    sd_store *st;
    sd_error err;
    char v[32];
    (void)state;

    cleanup();
    assert_int_equal(sd_store_open(path, &st, &err), SD_OK);
    assert_int_equal(sd_store_schema_version(st), SD_STORE_SCHEMA_VERSION);
    sd_store_close(st);
    /* opening again migrates nothing and keeps the version */
    assert_int_equal(sd_store_open(path, &st, &err), SD_OK);
    assert_int_equal(sd_store_schema_version(st), SD_STORE_SCHEMA_VERSION);
    sd_store_close(st);
    assert_int_equal(pragma("PRAGMA journal_mode", v, sizeof(v)), 0);
    assert_string_equal(v, "wal");
    assert_int_equal(pragma("PRAGMA integrity_check", v, sizeof(v)), 0);
    assert_string_equal(v, "ok");
    /* a database from a newer stepdown is refused */
    assert_int_equal(pragma("PRAGMA user_version = 99", v, sizeof(v)), -1);
    assert_int_equal(sd_store_open(path, &st, &err), SD_ERR_USAGE);
    assert_null(st);
    assert_non_null(strstr(err.text, "newer"));
    cleanup();
    assert_int_equal(sd_store_open("/nonexistent/dir/x.db", &st, &err),
                     SD_ERR_IO);
}

static int count(const sd_patient *p, void *arg)
{
    (void)p;
    (*(int *)arg)++;
    return 0;
}

static void test_patients_idempotency(void **state)
{
    sd_store *st;
    sd_error err;
    int64_t id, id2;
    sd_patient p;
    int n = 0;
    (void)state;

    cleanup();
    assert_int_equal(sd_store_open(path, &st, &err), SD_OK);
    assert_int_equal(sd_store_patient_add(st, "k1", "p-001", 1960, &id, &err),
                     SD_OK);
    /* a retried submission is not counted twice */
    assert_int_equal(sd_store_patient_add(st, "k1", "p-001", 1960, &id2,
                                          &err), SD_OK);
    assert_int_equal(id, id2);
    /* the same key with other content is refused */
    assert_int_equal(sd_store_patient_add(st, "k1", "p-002", 1970, &id2,
                                          &err), SD_ERR_USAGE);
    assert_non_null(strstr(err.text, "other content"));
    /* a pseudonym in use under a new key is refused */
    assert_int_equal(sd_store_patient_add(st, "k2", "p-001", 1960, &id2,
                                          &err), SD_ERR_USAGE);
    assert_non_null(strstr(err.text, "exists"));
    /* names are not pseudonyms; impossible birth years */
    assert_int_equal(sd_store_patient_add(st, "k3", "Jane Doe", 1960, &id2,
                                          &err), SD_ERR_USAGE);
    assert_int_equal(sd_store_patient_add(st, "k4", "p-003", 1800, &id2,
                                          &err), SD_ERR_USAGE);
    assert_int_equal(sd_store_patient_add(st, "k5", "p-003", 0, &id2, &err),
                     SD_OK);
    assert_int_equal(sd_store_patient_each(st, count, &n, &err), SD_OK);
    assert_int_equal(n, 2);   /* nothing half written by the refusals */
    assert_int_equal(sd_store_patient_find(st, "p-001", &p, &err), SD_OK);
    assert_int_equal(p.birth_year, 1960);
    assert_int_equal(p.id, id);
    assert_int_equal(sd_store_patient_find(st, "p-404", &p, &err),
                     SD_ERR_USAGE);
    sd_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_migrate),
        cmocka_unit_test(test_patients_idempotency),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/*
** test_store.c: the SQLite store (store.h). Creation and migration (from
** nothing and from a schema version 1 database), WAL and foreign keys,
** refusal of a newer schema; patients, prescriptions, plan versions and
** entries of every kind with their idempotency keys (a retry returns the
** first id and writes nothing; other content under the same key is
** refused and nothing is written); unknown patients; field ranges; batches
** (rollback, a failed write undoing only itself, invisible to others until
** committed); alerts (deduplication, escalation, reopening, ack); settings;
** backup while open; the integrity check; a diary loaded back with its
** time window; allocation failure while writing and loading.
*/
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "stepdown/store.h"

static char path[64];
static char path2[64];

/* 2026-11-24 00:00 UTC, day 20781 */
#define T0 ((int64_t)20781 * 86400)
#define DAY0 20781L

static void unlink_db(const char *p)
{
    char q[80];
    unlink(p);
    snprintf(q, sizeof(q), "%s-wal", p);
    unlink(q);
    snprintf(q, sizeof(q), "%s-shm", p);
    unlink(q);
    snprintf(q, sizeof(q), "%s-journal", p);
    unlink(q);
}

static void cleanup(void)
{
    unlink_db(path);
    unlink_db(path2);
}

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof(path), "/tmp/sd-store-test-%ld.db", (long)getpid());
    snprintf(path2, sizeof(path2), "/tmp/sd-store-copy-%ld.db",
             (long)getpid());
    cleanup();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cleanup();
    return 0;
}

/* The first column of the first row of sql on a separate connection to
** file p, as text. */
static int query_on(const char *p, const char *sql, char *out, size_t n)
{
    sqlite3 *db;
    sqlite3_stmt *s;
    if(sqlite3_open(p, &db) != SQLITE_OK) {
        sqlite3_close(db);
        return -1;
    }
    if(sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return -1;
    }
    int rc = sqlite3_step(s);
    if(rc == SQLITE_ROW && out)
        snprintf(out, n, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return rc == SQLITE_ROW ? 0 : -1;
}

static int pragma(const char *sql, char *out, size_t n)
{
    return query_on(path, sql, out, n);
}

/* Rows of a table of file p (on a connection of its own). */
static long rows_on(const char *p, const char *table)
{
    char sql[96], out[32];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
    if(query_on(p, sql, out, sizeof(out)))
        return -1;
    return strtol(out, NULL, 10);
}

static long rows(const char *table)
{
    return rows_on(path, table);
}

/* Run sql on a connection of its own (foreign keys off). */
static void raw_exec(const char *p, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static sd_store *open_fresh(void)
{
    sd_store *st;
    sd_error err;
    cleanup();
    assert_int_equal(sd_store_open(path, &st, &err), SD_OK);
    return st;
}

static int64_t add_patient(sd_store *st, const char *name)
{
    int64_t id;
    sd_error err;
    char key[80];
    snprintf(key, sizeof(key), "pk-%s", name);
    assert_int_equal(sd_store_patient_add(st, key, name, 1960, &id, &err),
                     SD_OK);
    return id;
}

static sd_entry dose(const char *key, int64_t at, int64_t ug)
{
    sd_entry e;
    sd_entry_init(&e, SD_ENTRY_DOSE);
    e.key = key;
    e.at = at;
    e.tz_min = 60;
    e.entered = at + 30;
    e.amount_ug = ug;
    return e;
}

static sd_rx rx_make(const char *key)
{
    sd_rx rx;
    memset(&rx, 0, sizeof(rx));
    rx.key = key;
    rx.drug = "examplamine";
    rx.formulation = "tab-10";
    rx.route = "oral";
    rx.unit_ug = 10000;
    rx.pieces = 2;
    rx.nadmin = 3;
    rx.dose_ug[0] = rx.dose_ug[1] = rx.dose_ug[2] = 20000;
    rx.minute[0] = 480;
    rx.minute[1] = 780;
    rx.minute[2] = 1320;
    rx.start_day = DAY0 - 365;
    rx.end_day = -1;
    rx.since_day = DAY0 - 400;
    rx.prescriber = "dr-a";
    rx.entered = T0 - 365 * 86400;
    return rx;
}

/* ---- Opening ---- */

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
    assert_int_equal(pragma("PRAGMA user_version", v, sizeof(v)), 0);
    assert_int_equal(strtol(v, NULL, 10), SD_STORE_SCHEMA_VERSION);
    assert_int_equal(pragma("PRAGMA integrity_check", v, sizeof(v)), 0);
    assert_string_equal(v, "ok");
    /* a database from a newer stepdown is refused, and left as it is */
    assert_int_equal(pragma("PRAGMA user_version = 99", v, sizeof(v)), -1);
    assert_int_equal(sd_store_open(path, &st, &err), SD_ERR_USAGE);
    assert_null(st);
    assert_non_null(strstr(err.text, "newer"));
    assert_int_equal(pragma("PRAGMA user_version", v, sizeof(v)), 0);
    assert_string_equal(v, "99");
    cleanup();
    assert_int_equal(sd_store_open("/nonexistent/dir/x.db", &st, &err),
                     SD_ERR_IO);
    assert_null(st);
}

/* Schema version 1 as the first stepdown with a store wrote it. */
static const char schema_v1[] =
    "CREATE TABLE patient ("
    "  id INTEGER PRIMARY KEY,"
    "  pseudonym TEXT NOT NULL UNIQUE,"
    "  birth_year INTEGER,"
    "  created_at INTEGER NOT NULL DEFAULT (unixepoch())"
    ");"
    "CREATE TABLE idempotency ("
    "  key TEXT PRIMARY KEY,"
    "  kind TEXT NOT NULL,"
    "  content TEXT NOT NULL,"
    "  entry_id INTEGER NOT NULL"
    ");"
    "INSERT INTO patient (id, pseudonym, birth_year) VALUES (7, 'p-old', "
    "1950);"
    "INSERT INTO idempotency VALUES ('k-old', 'patient', 'p-old|1950', 7);"
    "PRAGMA user_version = 1;";

static void test_migrate_from_v1(void **state)
{
    sd_store *st;
    sd_error err;
    sd_patient p;
    int64_t id, eid;
    char v[32];
    (void)state;

    cleanup();
    raw_exec(path, schema_v1);
    assert_int_equal(sd_store_open(path, &st, &err), SD_OK);
    assert_int_equal(sd_store_schema_version(st), SD_STORE_SCHEMA_VERSION);
    /* the patient and its key survive the migration */
    assert_int_equal(sd_store_patient_find(st, "p-old", &p, &err), SD_OK);
    assert_int_equal(p.id, 7);
    assert_int_equal(p.birth_year, 1950);
    assert_int_equal(sd_store_patient_add(st, "k-old", "p-old", 1950, &id,
                                          &err), SD_OK);
    assert_int_equal(id, 7);
    assert_int_equal(sd_store_patient_add(st, "k-old", "p-old", 1951, &id,
                                          &err), SD_ERR_USAGE);
    /* and the new tables take entries */
    sd_entry e = dose("d-1", T0, 10000);
    assert_int_equal(sd_store_entry_add(st, 7, &e, &eid, &err), SD_OK);
    assert_int_equal(sd_store_check(st, &err), SD_OK);
    sd_store_close(st);
    assert_int_equal(pragma("PRAGMA user_version", v, sizeof(v)), 0);
    assert_int_equal(strtol(v, NULL, 10), SD_STORE_SCHEMA_VERSION);
    assert_int_equal(rows("entry"), 1);
    assert_int_equal(rows("patient"), 1);
}

/* ---- Patients ---- */

static int count(const sd_patient *p, void *arg)
{
    (void)p;
    (*(int *)arg)++;
    return 0;
}

static int first_only(const sd_patient *p, void *arg)
{
    snprintf(arg, 64, "%s", p->pseudonym);
    return 1;
}

static void test_patients_idempotency(void **state)
{
    sd_store *st = open_fresh();
    sd_error err;
    int64_t id, id2;
    sd_patient p;
    char first[64] = "";
    int n = 0;
    (void)state;

    assert_int_equal(sd_store_patient_add(st, "k1", "p-001", 1960, &id, &err),
                     SD_OK);
    /* a retried submission is not counted twice */
    assert_int_equal(sd_store_patient_add(st, "k1", "p-001", 1960, &id2,
                                          &err), SD_OK);
    assert_int_equal(id, id2);
    /* the same key with other content is refused */
    id2 = -5;
    assert_int_equal(sd_store_patient_add(st, "k1", "p-002", 1970, &id2,
                                          &err), SD_ERR_USAGE);
    assert_string_equal(err.text, "idempotency key 'k1' was used for other "
                        "content; nothing written");
    assert_int_equal(id2, -5);
    /* a pseudonym in use under a new key is refused */
    assert_int_equal(sd_store_patient_add(st, "k2", "p-001", 1960, &id2,
                                          &err), SD_ERR_USAGE);
    assert_non_null(strstr(err.text, "exists"));
    /* names are not pseudonyms; impossible birth years; bad keys */
    assert_int_equal(sd_store_patient_add(st, "k3", "Jane Doe", 1960, &id2,
                                          &err), SD_ERR_USAGE);
    assert_int_equal(sd_store_patient_add(st, "k4", "p-003", 1800, &id2,
                                          &err), SD_ERR_USAGE);
    assert_int_equal(sd_store_patient_add(st, "", "p-003", 0, &id2, &err),
                     SD_ERR_USAGE);
    assert_int_equal(sd_store_patient_add(st, NULL, "p-003", 0, &id2, &err),
                     SD_ERR_USAGE);
    assert_int_equal(sd_store_patient_add(st, "k5", "p-003", 0, &id2, &err),
                     SD_OK);
    assert_int_equal(sd_store_patient_each(st, count, &n, &err), SD_OK);
    assert_int_equal(n, 2);   /* nothing half written by the refusals */
    assert_int_equal(rows("idempotency"), 2);
    assert_int_equal(sd_store_patient_each(st, first_only, first, &err),
                     SD_OK);
    assert_string_equal(first, "p-001");
    assert_int_equal(sd_store_patient_find(st, "p-001", &p, &err), SD_OK);
    assert_int_equal(p.birth_year, 1960);
    assert_int_equal(p.id, id);
    assert_int_equal(sd_store_patient_find(st, "p-404", &p, &err),
                     SD_ERR_NOTFOUND);
    assert_non_null(strstr(err.text, "stepdown patient add"));
    assert_int_equal(sd_store_patient_get(st, id2, &p, &err), SD_OK);
    assert_string_equal(p.pseudonym, "p-003");
    assert_int_equal(p.birth_year, 0);
    assert_int_equal(sd_store_patient_get(st, 999, &p, &err),
                     SD_ERR_NOTFOUND);
    assert_string_equal(err.text, "no patient with id 999; add one with "
                        "'stepdown patient add'");
    sd_store_close(st);
}

/* ---- Prescriptions ---- */

static void test_rx(void **state)
{
    sd_store *st = open_fresh();
    sd_error err;
    int64_t pid = add_patient(st, "p-1"), id, id2;
    (void)state;

    sd_rx rx = rx_make("rx-1");
    assert_int_equal(sd_store_rx_add(st, pid, &rx, &id, &err), SD_OK);
    assert_true(id > 0);
    /* a retry, even recorded later, is the same prescription */
    rx.entered += 100;
    assert_int_equal(sd_store_rx_add(st, pid, &rx, &id2, &err), SD_OK);
    assert_int_equal(id2, id);
    assert_int_equal(rows("rx"), 1);
    /* other content under the key: every field counts */
    sd_rx other = rx_make("rx-1");
    other.dose_ug[2] = 10000;
    assert_int_equal(sd_store_rx_add(st, pid, &other, &id2, &err),
                     SD_ERR_USAGE);
    assert_non_null(strstr(err.text, "'rx-1' was used for other content"));
    other = rx_make("rx-1");
    other.prescriber = NULL;
    assert_int_equal(sd_store_rx_add(st, pid, &other, &id2, &err),
                     SD_ERR_USAGE);
    other = rx_make("rx-1");
    other.minute[0] = 481;
    assert_int_equal(sd_store_rx_add(st, pid, &other, &id2, &err),
                     SD_ERR_USAGE);
    /* the same content for another patient is other content */
    int64_t pid2 = add_patient(st, "p-2");
    assert_int_equal(sd_store_rx_add(st, pid2, &rx, &id2, &err),
                     SD_ERR_USAGE);
    assert_int_equal(rows("rx"), 1);
    /* an unknown patient */
    rx = rx_make("rx-2");
    assert_int_equal(sd_store_rx_add(st, 999, &rx, &id2, &err),
                     SD_ERR_NOTFOUND);
    assert_string_equal(err.text, "no patient with id 999; add one with "
                        "'stepdown patient add'");
    /* fields out of range */
    rx.nadmin = 0;
    assert_int_equal(sd_store_rx_add(st, pid, &rx, &id2, &err),
                     SD_ERR_USAGE);
    rx = rx_make("rx-2");
    rx.end_day = rx.start_day - 1;
    assert_int_equal(sd_store_rx_add(st, pid, &rx, &id2, &err),
                     SD_ERR_USAGE);
    assert_non_null(strstr(err.text, "before it starts"));
    rx = rx_make("rx-2");
    rx.minute[1] = 1440;
    assert_int_equal(sd_store_rx_add(st, pid, &rx, &id2, &err),
                     SD_ERR_USAGE);
    rx = rx_make("rx-2");
    rx.dose_ug[0] = -1;
    assert_int_equal(sd_store_rx_add(st, pid, &rx, &id2, &err),
                     SD_ERR_USAGE);
    rx = rx_make("rx-2");
    rx.drug = "";
    assert_int_equal(sd_store_rx_add(st, pid, &rx, &id2, &err),
                     SD_ERR_USAGE);
    rx = rx_make("rx-2");
    rx.pieces = 0;
    assert_int_equal(sd_store_rx_add(st, pid, &rx, &id2, &err),
                     SD_ERR_USAGE);
    rx = rx_make("rx-2");
    rx.key = NULL;
    assert_int_equal(sd_store_rx_add(st, pid, &rx, &id2, &err),
                     SD_ERR_USAGE);
    assert_int_equal(rows("rx"), 1);
    assert_int_equal(rows("idempotency"), 3);
    /* a key is unique across kinds: a patient's key is not a
    ** prescription's */
    rx = rx_make("pk-p-1");
    assert_int_equal(sd_store_rx_add(st, pid, &rx, &id2, &err),
                     SD_ERR_USAGE);
    /* a liquid with one dose, a later prescription taking over */
    rx = rx_make("rx-3");
    rx.unit_ug = 0;
    rx.ug_per_ml = 1000;
    rx.pieces = 1;
    rx.nadmin = 1;
    rx.formulation = rx.route = rx.prescriber = NULL;
    rx.start_day = DAY0;
    rx.end_day = DAY0 + 10;
    rx.since_day = -1;
    assert_int_equal(sd_store_rx_add(st, pid, &rx, &id2, &err), SD_OK);
    assert_int_not_equal(id2, id);
    assert_int_equal(rows("rx"), 2);
    sd_store_close(st);
}

/* ---- Plans ---- */

static sd_plan_brief steps3[3] = {
    {DAY0, DAY0 + 13, 50000, 0, 480},
    {DAY0 + 14, DAY0 + 27, 40000, 0, 720},
    {DAY0 + 28, DAY0 + 41, 30000, 0, 1440},
};

static void test_plan(void **state)
{
    sd_store *st = open_fresh();
    sd_error err;
    int64_t pid = add_patient(st, "p-1"), pid2 = add_patient(st, "p-2");
    int64_t id1, id2, id;
    int v;
    (void)state;

    sd_plan_version pv = {0};
    pv.key = "plan-1";
    pv.version = 42;   /* ignored */
    pv.json = "{\"plan\": 1}";
    pv.steps = steps3;
    pv.nsteps = 3;
    pv.entered = T0;
    assert_int_equal(sd_store_plan_add(st, pid, &pv, &id1, &v, &err), SD_OK);
    assert_int_equal(v, 1);
    pv.key = "plan-2";
    pv.json = "{\"plan\": 2}";
    pv.nsteps = 2;
    assert_int_equal(sd_store_plan_add(st, pid, &pv, &id2, &v, &err), SD_OK);
    assert_int_equal(v, 2);
    /* versions count per patient */
    pv.key = "plan-other";
    assert_int_equal(sd_store_plan_add(st, pid2, &pv, &id, &v, &err), SD_OK);
    assert_int_equal(v, 1);
    /* a retry of the first gives its id and version back */
    pv.key = "plan-1";
    pv.json = "{\"plan\": 1}";
    pv.nsteps = 3;
    pv.entered = T0 + 3600;
    assert_int_equal(sd_store_plan_add(st, pid, &pv, &id, &v, &err), SD_OK);
    assert_int_equal(id, id1);
    assert_int_equal(v, 1);
    assert_int_equal(rows("plan"), 3);
    assert_int_equal(rows("plan_step"), 7);
    /* other content: the JSON, a step */
    pv.json = "{\"plan\": 3}";
    assert_int_equal(sd_store_plan_add(st, pid, &pv, &id, &v, &err),
                     SD_ERR_USAGE);
    assert_non_null(strstr(err.text, "other content"));
    sd_plan_brief changed[3];
    memcpy(changed, steps3, sizeof(changed));
    changed[1].step_back = 1;
    pv.json = "{\"plan\": 1}";
    pv.steps = changed;
    assert_int_equal(sd_store_plan_add(st, pid, &pv, &id, &v, &err),
                     SD_ERR_USAGE);
    memcpy(changed, steps3, sizeof(changed));
    changed[2].max_gap_min = 1439;
    assert_int_equal(sd_store_plan_add(st, pid, &pv, &id, &v, &err),
                     SD_ERR_USAGE);
    assert_int_equal(rows("plan"), 3);
    assert_int_equal(rows("plan_step"), 7);
    /* unknown patient, bad steps, no JSON */
    pv.key = "plan-3";
    pv.steps = steps3;
    assert_int_equal(sd_store_plan_add(st, 999, &pv, &id, &v, &err),
                     SD_ERR_NOTFOUND);
    changed[0].last_day = changed[0].first_day - 1;
    pv.steps = changed;
    assert_int_equal(sd_store_plan_add(st, pid, &pv, &id, &v, &err),
                     SD_ERR_USAGE);
    pv.steps = NULL;
    assert_int_equal(sd_store_plan_add(st, pid, &pv, &id, &v, &err),
                     SD_ERR_USAGE);
    pv.steps = steps3;
    pv.json = NULL;
    assert_int_equal(sd_store_plan_add(st, pid, &pv, &id, &v, &err),
                     SD_ERR_USAGE);
    /* a database failure on the last step leaves nothing of the plan */
    sd_store_close(st);
    raw_exec(path, "CREATE TRIGGER fail_step BEFORE INSERT ON plan_step "
                   "WHEN NEW.total_ug = 666 BEGIN SELECT RAISE(ABORT, "
                   "'refused by the test'); END;");
    sd_error e2;
    assert_int_equal(sd_store_open(path, &st, &e2), SD_OK);
    memcpy(changed, steps3, sizeof(changed));
    changed[2].total_ug = 666;
    pv.json = "{\"plan\": 3}";
    pv.steps = changed;
    assert_int_equal(sd_store_plan_add(st, pid, &pv, &id, &v, &e2),
                     SD_ERR_IO);
    assert_non_null(strstr(e2.text, "refused by the test"));
    assert_int_equal(rows("plan"), 3);
    assert_int_equal(rows("plan_step"), 7);
    assert_int_equal(rows("idempotency"), 5);
    /* the key is still free: the corrected plan is version 3 */
    pv.steps = steps3;
    assert_int_equal(sd_store_plan_add(st, pid, &pv, &id, &v, &e2), SD_OK);
    assert_int_equal(v, 3);
    sd_store_close(st);
}

/* ---- Entries ---- */

/* One entry of each kind, keys prefixed by pre. */
static void entries_of_every_kind(sd_entry *e, char keys[6][32],
                                  const char *pre)
{
    static const signed char items[SD_WSCORE_MAX_ITEMS] = {
        3, 2, -1, 4, 0, 1, -1, -1, -1, -1, 7, 2, 4, 0, -1, -1};
    for(int k = 0; k < 6; k++) {
        snprintf(keys[k], 32, "%s-%d", pre, k + 1);
        sd_entry_init(&e[k], k + 1);
        e[k].key = keys[k];
        e[k].at = T0 + 3600 * (k + 1);
        e[k].tz_min = -300;
        e[k].entered = e[k].at + 10;
    }
    e[0].sub = SD_DOSE_EXTRA;
    e[0].amount_ug = 5000;
    e[1].text = "my legs | feel stiff, and itchy";
    e[1].severity = 3;
    e[1].disposition = SD_DISP_CALL_TODAY;
    e[1].explanations = 5;
    e[1].concepts = "spasticity,pruritus";
    e[1].rules = "r-1";
    e[1].sources = "S1,S2";
    memcpy(e[2].items, items, sizeof(items));
    e[2].score_total = 23;
    e[3].sub = SD_SUBST_ALCOHOL;
    e[3].value = 2.5;
    e[4].amount_ug = 600000;
    e[4].value = 60;
    e[5].value = 48.7;
}

static void test_entry(void **state)
{
    sd_store *st = open_fresh();
    sd_error err;
    int64_t pid = add_patient(st, "p-1");
    int64_t ids[6], id;
    sd_entry e[6];
    char keys[6][32];
    (void)state;

    entries_of_every_kind(e, keys, "e");
    for(int k = 0; k < 6; k++) {
        assert_int_equal(sd_store_entry_add(st, pid, &e[k], &ids[k], &err),
                         SD_OK);
        for(int j = 0; j < k; j++)
            assert_int_not_equal(ids[j], ids[k]);
    }
    assert_int_equal(rows("entry"), 6);
    for(int k = 0; k < 6; k++) {
        /* a retry, recorded later, gives the first id */
        sd_entry r = e[k];
        r.entered += 600;
        assert_int_equal(sd_store_entry_add(st, pid, &r, &id, &err), SD_OK);
        assert_int_equal(id, ids[k]);
        /* other content is refused */
        r = e[k];
        switch(k) {
        case 0: r.amount_ug++; break;
        case 1: r.text = "my legs | feel stiff, and itchy!"; break;
        case 2: r.items[15] = 0; break;
        case 3: r.value = 2.5000000000000004; break;
        case 4: r.at++; break;
        default: r.tz_min = 0; break;
        }
        assert_int_equal(sd_store_entry_add(st, pid, &r, &id, &err),
                         SD_ERR_USAGE);
        assert_non_null(strstr(err.text, "other content; nothing written"));
    }
    /* the symptom's other fields count as content too */
    sd_entry r = e[1];
    r.concepts = NULL;
    assert_int_equal(sd_store_entry_add(st, pid, &r, &id, &err),
                     SD_ERR_USAGE);
    r = e[1];
    r.severity = 2;
    assert_int_equal(sd_store_entry_add(st, pid, &r, &id, &err),
                     SD_ERR_USAGE);
    /* the same entry for another patient is other content */
    int64_t pid2 = add_patient(st, "p-2");
    assert_int_equal(sd_store_entry_add(st, pid2, &e[0], &id, &err),
                     SD_ERR_USAGE);
    assert_int_equal(rows("entry"), 6);
    assert_int_equal(rows("idempotency"), 8);

    /* an unknown patient; fields out of range; nothing written */
    sd_entry bad = dose("bad", T0, 1000);
    assert_int_equal(sd_store_entry_add(st, 999, &bad, &id, &err),
                     SD_ERR_NOTFOUND);
    assert_string_equal(err.text, "no patient with id 999; add one with "
                        "'stepdown patient add'");
    bad.kind = 7;
    assert_int_equal(sd_store_entry_add(st, pid, &bad, &id, &err),
                     SD_ERR_USAGE);
    bad.kind = 0;
    assert_int_equal(sd_store_entry_add(st, pid, &bad, &id, &err),
                     SD_ERR_USAGE);
    bad = dose("bad", T0, -1);
    assert_int_equal(sd_store_entry_add(st, pid, &bad, &id, &err),
                     SD_ERR_USAGE);
    bad = dose("bad", T0, 1000);
    bad.sub = 4;
    assert_int_equal(sd_store_entry_add(st, pid, &bad, &id, &err),
                     SD_ERR_USAGE);
    bad = dose("bad", T0, 1000);
    bad.severity = 5;
    assert_int_equal(sd_store_entry_add(st, pid, &bad, &id, &err),
                     SD_ERR_USAGE);
    bad.severity = -2;
    assert_int_equal(sd_store_entry_add(st, pid, &bad, &id, &err),
                     SD_ERR_USAGE);
    bad = dose("bad", T0, 1000);
    bad.disposition = 6;
    assert_int_equal(sd_store_entry_add(st, pid, &bad, &id, &err),
                     SD_ERR_USAGE);
    bad.disposition = -2;
    assert_int_equal(sd_store_entry_add(st, pid, &bad, &id, &err),
                     SD_ERR_USAGE);
    bad = dose("bad", T0, 1000);
    bad.value = NAN;
    assert_int_equal(sd_store_entry_add(st, pid, &bad, &id, &err),
                     SD_ERR_USAGE);
    bad.value = INFINITY;
    assert_int_equal(sd_store_entry_add(st, pid, &bad, &id, &err),
                     SD_ERR_USAGE);
    bad = dose("bad", T0, 1000);
    bad.tz_min = 2000;
    assert_int_equal(sd_store_entry_add(st, pid, &bad, &id, &err),
                     SD_ERR_USAGE);
    bad = dose("bad", T0, 1000);
    bad.items[3] = -2;
    assert_int_equal(sd_store_entry_add(st, pid, &bad, &id, &err),
                     SD_ERR_USAGE);
    bad = dose("bad", T0, 1000);
    bad.score_total = -1;
    assert_int_equal(sd_store_entry_add(st, pid, &bad, &id, &err),
                     SD_ERR_USAGE);
    char longkey[SD_KEY_MAX + 2];
    memset(longkey, 'k', sizeof(longkey) - 1);
    longkey[sizeof(longkey) - 1] = '\0';
    bad = dose(longkey, T0, 1000);
    assert_int_equal(sd_store_entry_add(st, pid, &bad, &id, &err),
                     SD_ERR_USAGE);
    longkey[SD_KEY_MAX] = '\0';   /* the longest key is fine */
    assert_int_equal(sd_store_entry_add(st, pid, &bad, &id, &err), SD_OK);
    /* a substance entry may not carry a dose's subkind */
    bad = e[3];
    bad.key = "bad-2";
    bad.sub = 2;
    assert_int_equal(sd_store_entry_add(st, pid, &bad, &id, &err),
                     SD_ERR_USAGE);
    assert_int_equal(rows("entry"), 7);
    assert_int_equal(rows("idempotency"), 9);
    sd_store_close(st);
}

/* ---- Batches ---- */

static void test_batch(void **state)
{
    sd_store *st = open_fresh();
    sd_error err;
    int64_t pid = add_patient(st, "p-1"), id, id1;
    char key[32];
    (void)state;

    assert_int_equal(sd_store_commit(st, &err), SD_ERR_USAGE);
    sd_store_rollback(st);   /* no batch: nothing to do */
    /* a rolled-back batch leaves nothing */
    assert_int_equal(sd_store_begin(st, &err), SD_OK);
    assert_int_equal(sd_store_begin(st, &err), SD_ERR_USAGE);
    for(int i = 0; i < 5; i++) {
        snprintf(key, sizeof(key), "b-%d", i);
        sd_entry e = dose(key, T0 + i, 1000);
        assert_int_equal(sd_store_entry_add(st, pid, &e, &id, &err), SD_OK);
    }
    sd_store_rollback(st);
    assert_int_equal(rows("entry"), 0);
    assert_int_equal(rows("idempotency"), 1);

    /* a failed write inside a batch undoes only itself */
    assert_int_equal(sd_store_begin(st, &err), SD_OK);
    sd_entry e = dose("b-0", T0, 1000);
    assert_int_equal(sd_store_entry_add(st, pid, &e, &id1, &err), SD_OK);
    /* invisible to other connections until committed */
    assert_int_equal(rows("entry"), 0);
    e = dose("b-1", T0 + 1, 1000);
    assert_int_equal(sd_store_entry_add(st, 999, &e, &id, &err),
                     SD_ERR_NOTFOUND);
    e = dose("b-0", T0, 2000);   /* the key's other content */
    assert_int_equal(sd_store_entry_add(st, pid, &e, &id, &err),
                     SD_ERR_USAGE);
    e = dose("b-0", T0, 1000);   /* a retry inside the batch */
    assert_int_equal(sd_store_entry_add(st, pid, &e, &id, &err), SD_OK);
    assert_int_equal(id, id1);
    e = dose("b-1", T0 + 1, 1000);
    assert_int_equal(sd_store_entry_add(st, pid, &e, &id, &err), SD_OK);
    sd_rx rx = rx_make("rx-b");
    assert_int_equal(sd_store_rx_add(st, pid, &rx, &id, &err), SD_OK);
    assert_int_equal(sd_store_setting_set(st, "x.y", "1", &err), SD_OK);
    /* a backup waits for the batch */
    assert_int_equal(sd_store_backup(st, path2, &err), SD_ERR_USAGE);
    assert_int_equal(access(path2, F_OK), -1);
    /* the diary read inside the batch sees the batch */
    sd_diary d;
    sd_diary_init(&d);
    assert_int_equal(sd_store_diary_load(st, pid, INT64_MIN, INT64_MAX, &d,
                                         &err), SD_OK);
    assert_int_equal(d.n, 2);
    assert_int_equal(d.nrx, 1);
    sd_diary_release(&d);
    assert_int_equal(sd_store_commit(st, &err), SD_OK);
    assert_int_equal(rows("entry"), 2);
    assert_int_equal(rows("rx"), 1);
    assert_int_equal(rows("setting"), 1);
    assert_int_equal(rows("idempotency"), 4);
    /* writes after the batch are transactions of their own again */
    e = dose("b-2", T0 + 2, 1000);
    assert_int_equal(sd_store_entry_add(st, pid, &e, &id, &err), SD_OK);
    assert_int_equal(rows("entry"), 3);
    assert_int_equal(sd_store_commit(st, &err), SD_ERR_USAGE);

    /* a database failure inside a batch (a trigger refusing one entry)
    ** undoes that entry only */
    sd_store_close(st);
    raw_exec(path, "CREATE TRIGGER fail_entry BEFORE INSERT ON entry "
                   "WHEN NEW.amount_ug = 666 BEGIN SELECT RAISE(ABORT, "
                   "'refused by the test'); END;");
    assert_int_equal(sd_store_open(path, &st, &err), SD_OK);
    assert_int_equal(sd_store_begin(st, &err), SD_OK);
    e = dose("c-1", T0 + 10, 1000);
    assert_int_equal(sd_store_entry_add(st, pid, &e, &id, &err), SD_OK);
    e = dose("c-2", T0 + 11, 666);
    assert_int_equal(sd_store_entry_add(st, pid, &e, &id, &err), SD_ERR_IO);
    e = dose("c-3", T0 + 12, 1000);
    assert_int_equal(sd_store_entry_add(st, pid, &e, &id, &err), SD_OK);
    assert_int_equal(sd_store_commit(st, &err), SD_OK);
    assert_int_equal(rows("entry"), 5);
    assert_int_equal(rows("idempotency"), 7);
    /* the refused key is free */
    e = dose("c-2", T0 + 11, 667);
    assert_int_equal(sd_store_entry_add(st, pid, &e, &id, &err), SD_OK);
    /* and out of a batch the refusal leaves nothing either */
    e = dose("c-4", T0 + 13, 666);
    assert_int_equal(sd_store_entry_add(st, pid, &e, &id, &err), SD_ERR_IO);
    assert_int_equal(rows("entry"), 6);
    /* closing with a batch open drops it */
    assert_int_equal(sd_store_begin(st, &err), SD_OK);
    e = dose("c-5", T0 + 14, 1000);
    assert_int_equal(sd_store_entry_add(st, pid, &e, &id, &err), SD_OK);
    sd_store_close(st);
    assert_int_equal(rows("entry"), 6);
    assert_int_equal(sd_store_open(path, &st, &err), SD_OK);
    assert_int_equal(sd_store_check(st, &err), SD_OK);
    sd_store_close(st);
}

/* ---- Alerts ---- */

typedef struct seen_alerts {
    int n, stop_after;
    int64_t id[16];
    int disp[16];
    char rule[16][32];
} seen_alerts;

static int collect(const sd_alert *a, void *arg)
{
    seen_alerts *s = arg;
    if(s->n < 16) {
        s->id[s->n] = a->id;
        s->disp[s->n] = a->disposition;
        snprintf(s->rule[s->n], 32, "%s", a->rule);
    }
    s->n++;
    return s->stop_after && s->n >= s->stop_after;
}

static sd_alert alert_make(const char *rule, const char *key, int disp,
                           int64_t at)
{
    sd_alert a;
    memset(&a, 0, sizeof(a));
    a.rule = rule;
    a.key = key;
    a.disposition = disp;
    a.at = at;
    a.text = "what happened";
    a.advice = "what to do";
    a.sources = "S1";
    return a;
}

/* An ack from within alert_each's callback. */
static sd_store *ack_store;
static int ack_each(const sd_alert *a, void *arg)
{
    sd_error err;
    (*(int *)arg)++;
    assert_int_equal(sd_store_alert_ack(ack_store, a->id, "dr-c", NULL,
                                        T0 + 9000, &err), SD_OK);
    return 0;
}

static void test_alerts(void **state)
{
    sd_store *st = open_fresh();
    sd_error err;
    int64_t p1 = add_patient(st, "p-1"), p2 = add_patient(st, "p-2");
    int64_t id, id2, eid, eid2;
    int is_new;
    (void)state;

    sd_entry e = dose("d-1", T0, 1000);
    assert_int_equal(sd_store_entry_add(st, p1, &e, &eid, &err), SD_OK);
    e = dose("d-2", T0, 1000);
    assert_int_equal(sd_store_entry_add(st, p2, &e, &eid2, &err), SD_OK);

    sd_alert a = alert_make("abrupt-stop", "day-1", SD_DISP_CALL_TODAY, T0);
    a.entry_id = eid;
    assert_int_equal(sd_store_alert_save(st, p1, &a, T0 + 100, &id, &is_new,
                                         &err), SD_OK);
    assert_int_equal(is_new, 1);
    /* the same again, or lower: stored once, nothing changed */
    assert_int_equal(sd_store_alert_save(st, p1, &a, T0 + 200, &id2, &is_new,
                                         &err), SD_OK);
    assert_int_equal(is_new, 0);
    assert_int_equal(id2, id);
    a.disposition = SD_DISP_SELF_CARE;
    a.text = "lower";
    assert_int_equal(sd_store_alert_save(st, p1, &a, T0 + 300, &id2, &is_new,
                                         &err), SD_OK);
    assert_int_equal(is_new, 0);
    assert_int_equal(id2, id);
    assert_int_equal(rows("alert"), 1);
    /* the same rule and key for another patient is another alert */
    sd_alert b = alert_make("abrupt-stop", "day-1", SD_DISP_INFO, T0 + 50);
    assert_int_equal(sd_store_alert_save(st, p2, &b, T0 + 100, &id2, &is_new,
                                         &err), SD_OK);
    assert_int_equal(is_new, 1);
    assert_int_not_equal(id2, id);
    /* ack; twice is refused with by whom and when */
    assert_int_equal(sd_store_alert_ack(st, id, "dr-a", "called her",
                                        T0 + 3600, &err), SD_OK);
    assert_int_equal(sd_store_alert_ack(st, id, "dr-b", NULL, T0 + 7200,
                                        &err), SD_ERR_USAGE);
    assert_string_equal(err.text, "alert 1 was acknowledged already by dr-a "
                        "at 2026-11-24 01:00 UTC; nothing written");
    assert_int_equal(sd_store_alert_ack(st, 999, "dr-b", NULL, T0 + 7200,
                                        &err), SD_ERR_NOTFOUND);
    assert_int_equal(sd_store_alert_ack(st, id, "", NULL, T0 + 7200, &err),
                     SD_ERR_USAGE);
    /* open ones: only p2's */
    seen_alerts s = {0};
    assert_int_equal(sd_store_alert_each(st, 0, 1, collect, &s, &err), SD_OK);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.id[0], id2);
    /* the same alert again while acknowledged: still closed */
    a = alert_make("abrupt-stop", "day-1", SD_DISP_CALL_TODAY, T0);
    assert_int_equal(sd_store_alert_save(st, p1, &a, T0 + 4000, &id2, &is_new,
                                         &err), SD_OK);
    assert_int_equal(is_new, 0);
    memset(&s, 0, sizeof(s));
    assert_int_equal(sd_store_alert_each(st, p1, 1, collect, &s, &err), SD_OK);
    assert_int_equal(s.n, 0);
    /* escalation reopens it with the new text */
    a.disposition = SD_DISP_CALL_NOW;
    a.text = "worse";
    a.advice = "call now";
    a.sources = "S1,S9";
    assert_int_equal(sd_store_alert_save(st, p1, &a, T0 + 5000, &id2, &is_new,
                                         &err), SD_OK);
    assert_int_equal(is_new, 2);
    assert_int_equal(id2, id);
    assert_int_equal(rows("alert"), 2);
    sd_diary d;
    sd_diary_init(&d);
    assert_int_equal(sd_store_diary_load(st, p1, INT64_MIN, INT64_MAX, &d,
                                         &err), SD_OK);
    assert_int_equal(d.nalerts, 1);
    assert_int_equal(d.alerts[0].disposition, SD_DISP_CALL_NOW);
    assert_string_equal(d.alerts[0].text, "worse");
    assert_string_equal(d.alerts[0].advice, "call now");
    assert_string_equal(d.alerts[0].sources, "S1,S9");
    assert_int_equal(d.alerts[0].acked_at, 0);
    assert_null(d.alerts[0].acked_by);
    assert_null(d.alerts[0].ack_note);
    assert_int_equal(d.alerts[0].created, T0 + 100);
    assert_int_equal(d.alerts[0].at, T0);
    assert_int_equal(d.alerts[0].entry_id, eid);
    assert_int_equal(d.alerts[0].patient_id, p1);
    sd_diary_release(&d);
    /* and it can be acknowledged again */
    assert_int_equal(sd_store_alert_ack(st, id, "dr-b", NULL, T0 + 6000,
                                        &err), SD_OK);
    sd_diary_init(&d);
    assert_int_equal(sd_store_diary_load(st, p1, INT64_MIN, INT64_MAX, &d,
                                         &err), SD_OK);
    assert_int_equal(d.alerts[0].acked_at, T0 + 6000);
    assert_string_equal(d.alerts[0].acked_by, "dr-b");
    assert_null(d.alerts[0].ack_note);
    sd_diary_release(&d);

    /* ordering: highest disposition first, then oldest, then id */
    sd_alert c;
    c = alert_make("r-late", "k", SD_DISP_CALL_TODAY, T0 + 500);
    assert_int_equal(sd_store_alert_save(st, p2, &c, T0, &id, &is_new, &err),
                     SD_OK);
    c = alert_make("r-early", "k", SD_DISP_CALL_TODAY, T0 + 400);
    assert_int_equal(sd_store_alert_save(st, p2, &c, T0, &id, &is_new, &err),
                     SD_OK);
    c = alert_make("r-tie", "k", SD_DISP_CALL_TODAY, T0 + 400);
    assert_int_equal(sd_store_alert_save(st, p1, &c, T0, &id, &is_new, &err),
                     SD_OK);
    c = alert_make("r-emerg", "k", SD_DISP_EMERGENCY, T0 + 900);
    assert_int_equal(sd_store_alert_save(st, p1, &c, T0, &id, &is_new, &err),
                     SD_OK);
    memset(&s, 0, sizeof(s));
    assert_int_equal(sd_store_alert_each(st, 0, 0, collect, &s, &err), SD_OK);
    assert_int_equal(s.n, 6);
    static const char *const order[] = {"r-emerg", "abrupt-stop", "r-early",
                                        "r-tie", "r-late", "abrupt-stop"};
    for(int i = 0; i < 6; i++)
        assert_string_equal(s.rule[i], order[i]);
    assert_int_equal(s.disp[1], SD_DISP_CALL_NOW);
    assert_int_equal(s.disp[5], SD_DISP_INFO);
    /* open only; one patient; stopping early */
    memset(&s, 0, sizeof(s));
    assert_int_equal(sd_store_alert_each(st, 0, 1, collect, &s, &err), SD_OK);
    assert_int_equal(s.n, 5);
    memset(&s, 0, sizeof(s));
    assert_int_equal(sd_store_alert_each(st, p1, 0, collect, &s, &err), SD_OK);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.rule[0], "r-emerg");
    memset(&s, 0, sizeof(s));
    s.stop_after = 2;
    assert_int_equal(sd_store_alert_each(st, 0, 0, collect, &s, &err), SD_OK);
    assert_int_equal(s.n, 2);
    assert_int_equal(sd_store_alert_each(st, 999, 0, collect, &s, &err),
                     SD_ERR_NOTFOUND);
    assert_int_equal(sd_store_alert_each(st, -1, 0, collect, &s, &err),
                     SD_ERR_USAGE);

    /* refused: unknown patient, another patient's entry, an unknown
    ** entry, out of range; nothing written */
    c = alert_make("r-x", "k", SD_DISP_INFO, T0);
    assert_int_equal(sd_store_alert_save(st, 999, &c, T0, &id, &is_new, &err),
                     SD_ERR_NOTFOUND);
    assert_non_null(strstr(err.text, "no patient with id 999"));
    c.entry_id = eid2;
    assert_int_equal(sd_store_alert_save(st, p1, &c, T0, &id, &is_new, &err),
                     SD_ERR_USAGE);
    c.entry_id = 12345;
    assert_int_equal(sd_store_alert_save(st, p1, &c, T0, &id, &is_new, &err),
                     SD_ERR_NOTFOUND);
    c.entry_id = 0;
    c.disposition = 6;
    assert_int_equal(sd_store_alert_save(st, p1, &c, T0, &id, &is_new, &err),
                     SD_ERR_USAGE);
    c.disposition = -1;
    assert_int_equal(sd_store_alert_save(st, p1, &c, T0, &id, &is_new, &err),
                     SD_ERR_USAGE);
    c = alert_make("", "k", SD_DISP_INFO, T0);
    assert_int_equal(sd_store_alert_save(st, p1, &c, T0, &id, &is_new, &err),
                     SD_ERR_USAGE);
    c = alert_make("r-x", NULL, SD_DISP_INFO, T0);
    assert_int_equal(sd_store_alert_save(st, p1, &c, T0, &id, &is_new, &err),
                     SD_ERR_USAGE);
    c = alert_make("r-x", "k", SD_DISP_INFO, T0);
    c.text = NULL;
    assert_int_equal(sd_store_alert_save(st, p1, &c, T0, &id, &is_new, &err),
                     SD_ERR_USAGE);
    assert_int_equal(rows("alert"), 6);

    /* a callback may write: acknowledge every open alert while listing */
    int n = 0;
    ack_store = st;
    assert_int_equal(sd_store_alert_each(st, 0, 1, ack_each, &n, &err),
                     SD_OK);
    assert_int_equal(n, 5);
    memset(&s, 0, sizeof(s));
    assert_int_equal(sd_store_alert_each(st, 0, 1, collect, &s, &err), SD_OK);
    assert_int_equal(s.n, 0);
    sd_store_close(st);
}

/* ---- Settings ---- */

static void test_settings(void **state)
{
    sd_store *st = open_fresh();
    sd_error err;
    char buf[16];
    (void)state;

    assert_int_equal(sd_store_setting_get(st, "score.moderate", buf,
                                          sizeof(buf), &err),
                     SD_ERR_NOTFOUND);
    assert_non_null(strstr(err.text, "not set"));
    assert_int_equal(sd_store_setting_set(st, "score.moderate", "10", &err),
                     SD_OK);
    assert_int_equal(sd_store_setting_get(st, "score.moderate", buf,
                                          sizeof(buf), &err), SD_OK);
    assert_string_equal(buf, "10");
    assert_int_equal(sd_store_setting_set(st, "score.moderate", "9", &err),
                     SD_OK);
    assert_int_equal(sd_store_setting_get(st, "score.moderate", buf,
                                          sizeof(buf), &err), SD_OK);
    assert_string_equal(buf, "9");
    assert_int_equal(sd_store_setting_set(st, "empty", "", &err), SD_OK);
    assert_int_equal(sd_store_setting_get(st, "empty", buf, sizeof(buf),
                                          &err), SD_OK);
    assert_string_equal(buf, "");
    assert_int_equal(rows("setting"), 2);
    /* too long for the buffer: refused, with the room needed */
    assert_int_equal(sd_store_setting_set(st, "long", "0123456789abcdef",
                                          &err), SD_OK);
    assert_int_equal(sd_store_setting_get(st, "long", buf, sizeof(buf), &err),
                     SD_ERR_USAGE);
    assert_non_null(strstr(err.text, "room for 17"));
    /* bad names and values */
    assert_int_equal(sd_store_setting_set(st, "", "1", &err), SD_ERR_USAGE);
    assert_int_equal(sd_store_setting_set(st, "Bad Name", "1", &err),
                     SD_ERR_USAGE);
    assert_int_equal(sd_store_setting_set(st, "x", NULL, &err), SD_ERR_USAGE);
    assert_int_equal(sd_store_setting_get(st, "a'b", buf, sizeof(buf), &err),
                     SD_ERR_USAGE);
    assert_int_equal(rows("setting"), 3);
    sd_store_close(st);
    /* they persist */
    assert_int_equal(sd_store_open(path, &st, &err), SD_OK);
    assert_int_equal(sd_store_setting_get(st, "score.moderate", buf,
                                          sizeof(buf), &err), SD_OK);
    assert_string_equal(buf, "9");
    sd_store_close(st);
}

/* ---- Diary ---- */

static void fill_store(sd_store *st, int64_t pid, int64_t pid2,
                       int64_t *eids)
{
    sd_error err;
    sd_entry e[6];
    char keys[6][32];
    int64_t id, aid;
    int v, is_new;

    sd_rx rx = rx_make("rx-late");
    rx.start_day = DAY0;
    assert_int_equal(sd_store_rx_add(st, pid, &rx, &id, &err), SD_OK);
    rx = rx_make("rx-early");
    assert_int_equal(sd_store_rx_add(st, pid, &rx, &id, &err), SD_OK);
    rx = rx_make("rx-other");
    assert_int_equal(sd_store_rx_add(st, pid2, &rx, &id, &err), SD_OK);
    sd_plan_version pv = {0};
    pv.key = "plan-1";
    pv.json = "{\"v\": 1}";
    pv.steps = steps3;
    pv.nsteps = 3;
    pv.entered = T0 - 100;
    assert_int_equal(sd_store_plan_add(st, pid, &pv, &id, &v, &err), SD_OK);
    pv.key = "plan-2";
    pv.json = "{\"v\": 2}";
    pv.steps = NULL;
    pv.nsteps = 0;
    assert_int_equal(sd_store_plan_add(st, pid, &pv, &id, &v, &err), SD_OK);
    /* entries written newest first: the load sorts them */
    entries_of_every_kind(e, keys, "d");
    for(int k = 5; k >= 0; k--)
        assert_int_equal(sd_store_entry_add(st, pid, &e[k], &eids[k], &err),
                         SD_OK);
    sd_entry o = dose("other-1", T0 + 3600, 1000);
    assert_int_equal(sd_store_entry_add(st, pid2, &o, &id, &err), SD_OK);
    sd_alert a = alert_make("r-1", "k-1", SD_DISP_CONTACT_SOON, T0 + 7200);
    a.entry_id = eids[1];
    assert_int_equal(sd_store_alert_save(st, pid, &a, T0 + 7300, &aid,
                                         &is_new, &err), SD_OK);
    assert_int_equal(sd_store_alert_ack(st, aid, "dr-a", "seen", T0 + 8000,
                                        &err), SD_OK);
    a = alert_make("r-2", "k-1", SD_DISP_INFO, T0 + 3600);
    assert_int_equal(sd_store_alert_save(st, pid, &a, T0 + 7300, &aid,
                                         &is_new, &err), SD_OK);
    a = alert_make("r-3", "k-1", SD_DISP_INFO, T0 + 3600);
    assert_int_equal(sd_store_alert_save(st, pid2, &a, T0 + 7300, &aid,
                                         &is_new, &err), SD_OK);
}

static void test_diary_load(void **state)
{
    sd_store *st = open_fresh();
    sd_error err;
    int64_t pid = add_patient(st, "p-1"), pid2 = add_patient(st, "p-2");
    int64_t eids[6];
    sd_entry want[6];
    char keys[6][32];
    sd_diary d;
    (void)state;

    fill_store(st, pid, pid2, eids);
    entries_of_every_kind(want, keys, "d");
    sd_diary_init(&d);
    assert_int_equal(sd_store_diary_load(st, pid, INT64_MIN, INT64_MAX, &d,
                                         &err), SD_OK);
    assert_int_equal(d.patient.id, pid);
    assert_string_equal(d.patient.pseudonym, "p-1");
    assert_int_equal(d.patient.birth_year, 1960);
    /* prescriptions by start day */
    assert_int_equal(d.nrx, 2);
    assert_string_equal(d.rx[0].key, "rx-early");
    assert_string_equal(d.rx[1].key, "rx-late");
    sd_rx rx = rx_make("rx-early");
    const sd_rx *g = &d.rx[0];
    assert_true(g->id > 0);
    assert_string_equal(g->drug, rx.drug);
    assert_string_equal(g->formulation, rx.formulation);
    assert_string_equal(g->route, rx.route);
    assert_string_equal(g->prescriber, rx.prescriber);
    assert_int_equal(g->unit_ug, rx.unit_ug);
    assert_int_equal(g->ug_per_ml, rx.ug_per_ml);
    assert_int_equal(g->pieces, rx.pieces);
    assert_int_equal(g->nadmin, rx.nadmin);
    for(int i = 0; i < 3; i++) {
        assert_int_equal(g->dose_ug[i], rx.dose_ug[i]);
        assert_int_equal(g->minute[i], rx.minute[i]);
    }
    assert_int_equal(g->start_day, rx.start_day);
    assert_int_equal(g->end_day, rx.end_day);
    assert_int_equal(g->since_day, rx.since_day);
    assert_int_equal(g->entered, rx.entered);
    assert_int_equal(sd_rx_daily_ug(g), 60000);
    /* plan versions with their steps */
    assert_int_equal(d.nplans, 2);
    assert_int_equal(d.plans[0].version, 1);
    assert_string_equal(d.plans[0].key, "plan-1");
    assert_string_equal(d.plans[0].json, "{\"v\": 1}");
    assert_int_equal(d.plans[0].entered, T0 - 100);
    assert_int_equal(d.plans[0].nsteps, 3);
    assert_memory_equal(d.plans[0].steps, steps3, sizeof(steps3));
    assert_int_equal(d.plans[1].version, 2);
    assert_int_equal(d.plans[1].nsteps, 0);
    /* entries by time, every field back */
    assert_int_equal(d.n, 6);
    for(int k = 0; k < 6; k++) {
        const sd_entry *x = &d.e[k], *w = &want[k];
        assert_int_equal(x->id, eids[k]);
        assert_int_equal(x->kind, w->kind);
        assert_int_equal(x->sub, w->sub);
        assert_int_equal(x->at, w->at);
        assert_int_equal(x->tz_min, w->tz_min);
        assert_int_equal(x->entered, w->entered);
        assert_string_equal(x->key, w->key);
        assert_int_equal(x->amount_ug, w->amount_ug);
        assert_true(x->value == w->value);
        if(w->text)
            assert_string_equal(x->text, w->text);
        else
            assert_null(x->text);
        assert_int_equal(x->severity, w->severity);
        assert_int_equal(x->disposition, w->disposition);
        assert_int_equal(x->explanations, w->explanations);
        if(w->concepts) {
            assert_string_equal(x->concepts, w->concepts);
            assert_string_equal(x->rules, w->rules);
            assert_string_equal(x->sources, w->sources);
        } else {
            assert_null(x->concepts);
            assert_null(x->rules);
            assert_null(x->sources);
        }
        assert_int_equal(x->score_total, w->score_total);
        assert_memory_equal(x->items, w->items, sizeof(w->items));
    }
    /* alerts, both, with the ack */
    assert_int_equal(d.nalerts, 2);
    assert_string_equal(d.alerts[0].rule, "r-2");
    assert_string_equal(d.alerts[1].rule, "r-1");
    assert_int_equal(d.alerts[1].entry_id, eids[1]);
    assert_int_equal(d.alerts[1].acked_at, T0 + 8000);
    assert_string_equal(d.alerts[1].acked_by, "dr-a");
    assert_string_equal(d.alerts[1].ack_note, "seen");
    sd_diary_release(&d);

    /* a window: from inclusive, to exclusive; the rest is all there */
    sd_diary_init(&d);
    assert_int_equal(sd_store_diary_load(st, pid, T0 + 7200, T0 + 4 * 3600,
                                         &d, &err), SD_OK);
    assert_int_equal(d.n, 2);
    assert_int_equal(d.e[0].at, T0 + 7200);
    assert_int_equal(d.e[1].at, T0 + 3 * 3600);
    assert_int_equal(d.nrx, 2);
    assert_int_equal(d.nplans, 2);
    assert_int_equal(d.nalerts, 2);
    sd_diary_release(&d);
    sd_diary_init(&d);
    assert_int_equal(sd_store_diary_load(st, pid, T0 + 7201, T0 + 7201, &d,
                                         &err), SD_OK);
    assert_int_equal(d.n, 0);
    sd_diary_release(&d);
    sd_diary_init(&d);
    assert_int_equal(sd_store_diary_load(st, pid, INT64_MIN, T0 + 3601, &d,
                                         &err), SD_OK);
    assert_int_equal(d.n, 1);
    sd_diary_release(&d);
    /* the other patient sees only theirs */
    sd_diary_init(&d);
    assert_int_equal(sd_store_diary_load(st, pid2, INT64_MIN, INT64_MAX, &d,
                                         &err), SD_OK);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.nrx, 1);
    assert_int_equal(d.nplans, 0);
    assert_int_equal(d.nalerts, 1);
    assert_string_equal(d.patient.pseudonym, "p-2");
    sd_diary_release(&d);
    /* an unknown patient leaves the diary empty */
    sd_diary_init(&d);
    assert_int_equal(sd_store_diary_load(st, 999, INT64_MIN, INT64_MAX, &d,
                                         &err), SD_ERR_NOTFOUND);
    assert_int_equal(d.n + d.nrx + d.nplans + d.nalerts, 0);
    sd_diary_release(&d);
    sd_store_close(st);
}

/* Every allocation of a load fails in turn: SD_ERR_NOMEM and an empty
** diary each time, then the whole diary; no leak (valgrind, ASan). */
static void test_load_nomem(void **state)
{
    sd_store *st = open_fresh();
    sd_error err;
    int64_t pid = add_patient(st, "p-1"), pid2 = add_patient(st, "p-2");
    int64_t eids[6];
    sd_diary d;
    int rc, failures = 0;
    (void)state;

    fill_store(st, pid, pid2, eids);
    for(unsigned long n = 1; n < 10000; n++) {
        sd_diary_init(&d);
        sd_alloc_fail_after(n);
        rc = sd_store_diary_load(st, pid, INT64_MIN, INT64_MAX, &d, &err);
        sd_alloc_fail_after(0);
        if(rc == SD_OK) {
            assert_int_equal(d.n, 6);
            sd_diary_release(&d);
            break;
        }
        assert_int_equal(rc, SD_ERR_NOMEM);
        assert_string_equal(err.text, "out of memory");
        assert_int_equal(d.n + d.nrx + d.nplans + d.nalerts, 0);
        sd_diary_release(&d);
        failures++;
    }
    assert_true(failures > 3);
    sd_store_close(st);

    /* a write whose content cannot be built writes nothing */
    st = open_fresh();
    pid = add_patient(st, "p-1");
    sd_store_close(st);
    assert_int_equal(sd_store_open(path, &st, &err), SD_OK);
    sd_entry e = dose("x-1", T0, 1000);
    int64_t id;
    sd_alloc_fail_after(1);
    rc = sd_store_entry_add(st, pid, &e, &id, &err);
    sd_alloc_fail_after(0);
    assert_int_equal(rc, SD_ERR_NOMEM);
    assert_int_equal(rows("entry"), 0);
    assert_int_equal(sd_store_entry_add(st, pid, &e, &id, &err), SD_OK);
    assert_int_equal(rows("entry"), 1);
    sd_store_close(st);
}

/* ---- Maintenance ---- */

static void test_backup_check(void **state)
{
    sd_store *st = open_fresh(), *copy;
    sd_error err;
    int64_t pid = add_patient(st, "p-1"), pid2 = add_patient(st, "p-2");
    int64_t eids[6];
    static const char *const tables[] = {"patient", "idempotency", "rx",
                                         "plan", "plan_step", "entry",
                                         "alert", "setting"};
    char v[32];
    (void)state;

    fill_store(st, pid, pid2, eids);
    assert_int_equal(sd_store_setting_set(st, "score.severe", "15", &err),
                     SD_OK);
    assert_int_equal(sd_store_check(st, &err), SD_OK);
    assert_int_equal(sd_store_backup(st, path2, &err), SD_OK);
    /* the store is still usable after the backup */
    sd_entry e = dose("after", T0 + 99999, 1000);
    int64_t id;
    assert_int_equal(sd_store_entry_add(st, pid, &e, &id, &err), SD_OK);
    /* the copy: same schema, same rows (the write after it excepted) */
    assert_int_equal(sd_store_open(path2, &copy, &err), SD_OK);
    assert_int_equal(sd_store_schema_version(copy), SD_STORE_SCHEMA_VERSION);
    assert_int_equal(sd_store_check(copy, &err), SD_OK);
    for(size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        long n = rows(tables[i]), m = rows_on(path2, tables[i]);
        if(!strcmp(tables[i], "entry") || !strcmp(tables[i], "idempotency"))
            n--;
        assert_true(n > 0);
        assert_int_equal(m, n);
    }
    sd_diary d;
    sd_diary_init(&d);
    assert_int_equal(sd_store_diary_load(copy, pid, INT64_MIN, INT64_MAX, &d,
                                         &err), SD_OK);
    assert_int_equal(d.n, 6);
    assert_int_equal(d.nplans, 2);
    sd_diary_release(&d);
    assert_int_equal(sd_store_setting_get(copy, "score.severe", v, sizeof(v),
                                          &err), SD_OK);
    assert_string_equal(v, "15");
    sd_store_close(copy);
    assert_int_equal(query_on(path2, "PRAGMA journal_mode", v, sizeof(v)), 0);
    assert_string_equal(v, "wal");
    /* an existing file is never overwritten */
    long before = rows_on(path2, "entry");
    assert_int_equal(sd_store_backup(st, path2, &err), SD_ERR_USAGE);
    assert_non_null(strstr(err.text, "exists"));
    assert_int_equal(rows_on(path2, "entry"), before);
    assert_int_equal(sd_store_backup(st, "/nonexistent/dir/b.db", &err),
                     SD_ERR_IO);
    assert_int_equal(sd_store_backup(st, "", &err), SD_ERR_USAGE);
    sd_store_close(st);

    /* the check finds an entry whose patient is gone */
    raw_exec(path, "INSERT INTO entry (patient_id, kind, sub, at, tz_min, "
                   "entered, key, amount_ug, value, severity, disposition, "
                   "explanations, score_total) VALUES (4242, 1, 0, 0, 0, "
                   "0, 'orphan', 0, 0, -1, -1, 0, 0);");
    assert_int_equal(sd_store_open(path, &st, &err), SD_OK);
    assert_int_equal(sd_store_check(st, &err), SD_ERR_INVALID);
    assert_non_null(strstr(err.text, "damaged"));
    assert_non_null(strstr(err.text, "entry"));
    sd_store_close(st);
    /* the schema holds the ranges too, whoever writes */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE entry SET kind = 7", NULL,
                                      NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE entry SET amount_ug = -1",
                                      NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE entry SET severity = 5",
                                      NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE alert SET disposition = 6",
                                      NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* A second connection (another process, say) writing while the store
** holds a batch waits for the busy timeout, then gets the lock. */
static void test_two_connections(void **state)
{
    sd_store *a = open_fresh(), *b;
    sd_error err;
    int64_t pid = add_patient(a, "p-1"), id;
    (void)state;

    assert_int_equal(sd_store_open(path, &b, &err), SD_OK);
    sd_entry e = dose("a-1", T0, 1000);
    assert_int_equal(sd_store_entry_add(a, pid, &e, &id, &err), SD_OK);
    /* b retries a's submission: the same id */
    int64_t id2;
    assert_int_equal(sd_store_entry_add(b, pid, &e, &id2, &err), SD_OK);
    assert_int_equal(id2, id);
    e = dose("b-1", T0 + 1, 1000);
    assert_int_equal(sd_store_entry_add(b, pid, &e, &id2, &err), SD_OK);
    sd_diary d;
    sd_diary_init(&d);
    assert_int_equal(sd_store_diary_load(a, pid, INT64_MIN, INT64_MAX, &d,
                                         &err), SD_OK);
    assert_int_equal(d.n, 2);
    sd_diary_release(&d);
    sd_store_close(b);
    sd_store_close(a);
}

/* Processes opening one new database at once: each migrates it or finds
** it migrated, then all write at once (the busy timeout); none fails. */
static void test_concurrent_open(void **state)
{
    pid_t kids[6];
    (void)state;

    for(int round = 0; round < 5; round++) {
        cleanup();
        for(int i = 0; i < 6; i++) {
            kids[i] = fork();
            assert_true(kids[i] >= 0);
            if(kids[i] == 0) {
                sd_store *st;
                sd_error err;
                int64_t id;
                char key[16];
                int rc = sd_store_open(path, &st, &err);
                if(rc == SD_OK) {
                    snprintf(key, sizeof(key), "k%d", i);
                    rc = sd_store_patient_add(st, key, key, 0, &id, &err);
                    /* and write at once, one entry per transaction */
                    for(int k = 0; !rc && k < 50; k++) {
                        char ek[32];
                        int64_t eid;
                        snprintf(ek, sizeof(ek), "e%d-%d", i, k);
                        sd_entry e = dose(ek, T0 + k, 1000);
                        rc = sd_store_entry_add(st, id, &e, &eid, &err);
                    }
                    sd_store_close(st);
                }
                if(rc)
                    fprintf(stderr, "child %d: %s\n", i, err.text);
                _exit(rc);
            }
        }
        int status[6];
        for(int i = 0; i < 6; i++)   /* every one, before any assert */
            if(waitpid(kids[i], &status[i], 0) != kids[i])
                status[i] = -1;
        for(int i = 0; i < 6; i++) {
            assert_true(WIFEXITED(status[i]));
            assert_int_equal(WEXITSTATUS(status[i]), 0);
        }
        assert_int_equal(rows("patient"), 6);
        assert_int_equal(rows("entry"), 300);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_migrate),
        cmocka_unit_test(test_migrate_from_v1),
        cmocka_unit_test(test_patients_idempotency),
        cmocka_unit_test(test_rx),
        cmocka_unit_test(test_plan),
        cmocka_unit_test(test_entry),
        cmocka_unit_test(test_batch),
        cmocka_unit_test(test_alerts),
        cmocka_unit_test(test_settings),
        cmocka_unit_test(test_diary_load),
        cmocka_unit_test(test_load_nomem),
        cmocka_unit_test(test_backup_check),
        cmocka_unit_test(test_two_connections),
        cmocka_unit_test(test_concurrent_open),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/*
** store_sqlite.c: the SQLite backend of store.h.
**
** Migrations are an ordered list of SQL scripts; the database's
** PRAGMA user_version says how many have run. Each runs in its own
** transaction with the version bump, so a crash leaves the database at a
** whole version.
**
** Every write is one transaction (BEGIN IMMEDIATE ... COMMIT), or, inside
** a batch (sd_store_begin), one savepoint that is rolled back alone when
** the write fails. A write first looks its idempotency key up: the key's
** row holds the kind and a canonical serialization of everything written
** (the recording time excepted: a retry made later is the same entry), so
** a retry with the same content returns the first id and writes nothing,
** and other content under the key is refused.
**
** The statements of the write and load paths are prepared once and kept
** in the store; the iterators that call back into the caller prepare
** their own, so that a callback may use the store.
*/
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "stepdown/store.h"
#include "store_int.h"

/* The statements kept prepared, by the names below. */
enum {
    S_BEGIN, S_COMMIT, S_ROLLBACK, S_SAVEPOINT, S_RELEASE, S_ROLLBACK_TO,
    S_READ_BEGIN,
    S_IDEM_GET, S_IDEM_PUT,
    S_PATIENT_EXISTS, S_PATIENT_INS, S_PATIENT_BY_NAME, S_PATIENT_BY_ID,
    S_RX_INS, S_PLAN_NEXT, S_PLAN_INS, S_STEP_INS, S_PLAN_VERSION,
    S_ENTRY_INS, S_ENTRY_PATIENT,
    S_RX_LOAD, S_PLAN_LOAD, S_STEP_LOAD, S_ENTRY_LOAD, S_ALERT_LOAD,
    S_ALERT_FIND, S_ALERT_INS, S_ALERT_RAISE, S_ALERT_ACK_GET, S_ALERT_ACK,
    S_SETTING_GET, S_SETTING_PUT,
    NSTMT
};

#define ENTRY_COLS                                                          \
    "id, kind, sub, at, tz_min, entered, key, amount_ug, value, text, "     \
    "severity, disposition, explanations, concepts, rules, sources, "      \
    "score_total, items"
#define ALERT_COLS                                                          \
    "id, patient_id, rule, key, disposition, at, entry_id, text, advice, "  \
    "sources, created, acked_at, acked_by, ack_note"
#define RX_COLS                                                             \
    "id, key, drug, formulation, route, unit_ug, ug_per_ml, pieces, "       \
    "nadmin, doses, minutes, start_day, end_day, since_day, prescriber, "   \
    "entered"

static const char *const stmt_sql[NSTMT] = {
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_COMMIT] = "COMMIT",
    [S_ROLLBACK] = "ROLLBACK",
    [S_SAVEPOINT] = "SAVEPOINT sd_write",
    [S_RELEASE] = "RELEASE sd_write",
    [S_ROLLBACK_TO] = "ROLLBACK TO sd_write",
    [S_READ_BEGIN] = "BEGIN",
    [S_IDEM_GET] = "SELECT kind, content, entry_id FROM idempotency "
                   "WHERE key = ?1",
    [S_IDEM_PUT] = "INSERT INTO idempotency (key, kind, content, entry_id) "
                   "VALUES (?1, ?2, ?3, ?4)",
    [S_PATIENT_EXISTS] = "SELECT 1 FROM patient WHERE id = ?1",
    [S_PATIENT_INS] = "INSERT INTO patient (pseudonym, birth_year) "
                      "VALUES (?1, ?2)",
    [S_PATIENT_BY_NAME] = "SELECT id, pseudonym, birth_year FROM patient "
                          "WHERE pseudonym = ?1",
    [S_PATIENT_BY_ID] = "SELECT id, pseudonym, birth_year FROM patient "
                        "WHERE id = ?1",
    [S_RX_INS] = "INSERT INTO rx (patient_id, key, drug, formulation, route, "
                 "unit_ug, ug_per_ml, pieces, nadmin, doses, minutes, "
                 "start_day, end_day, since_day, prescriber, entered) VALUES "
                 "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                 "?14, ?15, ?16)",
    [S_PLAN_NEXT] = "SELECT coalesce(max(version), 0) + 1 FROM plan "
                    "WHERE patient_id = ?1",
    [S_PLAN_INS] = "INSERT INTO plan (patient_id, version, key, json, "
                   "nsteps, entered) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [S_STEP_INS] = "INSERT INTO plan_step (plan_id, idx, first_day, "
                   "last_day, total_ug, step_back, max_gap_min) VALUES (?1, "
                   "?2, ?3, ?4, ?5, ?6, ?7)",
    [S_PLAN_VERSION] = "SELECT version FROM plan WHERE id = ?1",
    [S_ENTRY_INS] = "INSERT INTO entry (patient_id, kind, sub, at, tz_min, "
                    "entered, key, amount_ug, value, text, severity, "
                    "disposition, explanations, concepts, rules, sources, "
                    "score_total, items) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                    "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    [S_ENTRY_PATIENT] = "SELECT patient_id FROM entry WHERE id = ?1",
    [S_RX_LOAD] = "SELECT " RX_COLS " FROM rx WHERE patient_id = ?1 "
                  "ORDER BY start_day, id",
    [S_PLAN_LOAD] = "SELECT id, key, version, entered, json, nsteps FROM "
                    "plan WHERE patient_id = ?1 ORDER BY version",
    [S_STEP_LOAD] = "SELECT first_day, last_day, total_ug, step_back, "
                    "max_gap_min FROM plan_step WHERE plan_id = ?1 ORDER BY "
                    "idx",
    [S_ENTRY_LOAD] = "SELECT " ENTRY_COLS " FROM entry WHERE patient_id = ?1 "
                     "AND at >= ?2 AND at < ?3 ORDER BY at, id",
    [S_ALERT_LOAD] = "SELECT " ALERT_COLS " FROM alert WHERE patient_id = ?1 "
                     "ORDER BY at, id",
    [S_ALERT_FIND] = "SELECT id, disposition FROM alert WHERE patient_id = ?1 "
                     "AND rule = ?2 AND key = ?3",
    [S_ALERT_INS] = "INSERT INTO alert (patient_id, rule, key, disposition, "
                    "at, entry_id, text, advice, sources, created) VALUES "
                    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [S_ALERT_RAISE] = "UPDATE alert SET disposition = ?2, text = ?3, "
                      "advice = ?4, sources = ?5, acked_at = NULL, "
                      "acked_by = NULL, ack_note = NULL WHERE id = ?1",
    [S_ALERT_ACK_GET] = "SELECT acked_at, acked_by FROM alert WHERE id = ?1",
    [S_ALERT_ACK] = "UPDATE alert SET acked_at = ?2, acked_by = ?3, "
                    "ack_note = ?4 WHERE id = ?1",
    [S_SETTING_GET] = "SELECT value FROM setting WHERE name = ?1",
    [S_SETTING_PUT] = "INSERT INTO setting (name, value) VALUES (?1, ?2) "
                      "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
};

struct sd_store {
    sqlite3 *db;
    int version;
    int batch;          /* between sd_store_begin and commit/rollback */
    int batch_lost;     /* the database rolled the batch back on an error */
    sqlite3_stmt *s[NSTMT];
    sqlite3_stmt *ext[SD_STORE_NEXT]; /* other modules' (store_int.h) */
    /* the content of the write in hand, for its idempotency key */
    char *buf;
    size_t blen, bcap;
    int boom;
};

static const char *const migrations[] = {
    /* 1: patients and the idempotency keys of every entry. */
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
    ");",
    /* 2: the diary: prescriptions, plan versions and their steps, entries
    ** of every kind, the monitor's alerts, settings. Days are days since
    ** 1970-01-01, times UTC seconds, amounts micrograms; a regimen's doses
    ** and minutes are '-'-joined lists, a score's items a ','-joined list
    ** (NULL: none rated). Keys are unique through the idempotency table. */
    "CREATE TABLE rx ("
    "  id INTEGER PRIMARY KEY,"
    "  patient_id INTEGER NOT NULL REFERENCES patient (id),"
    "  key TEXT NOT NULL,"
    "  drug TEXT NOT NULL,"
    "  formulation TEXT,"
    "  route TEXT,"
    "  unit_ug INTEGER NOT NULL CHECK (unit_ug >= 0),"
    "  ug_per_ml INTEGER NOT NULL CHECK (ug_per_ml >= 0),"
    "  pieces INTEGER NOT NULL CHECK (pieces >= 1),"
    "  nadmin INTEGER NOT NULL CHECK (nadmin BETWEEN 1 AND 6),"
    "  doses TEXT NOT NULL,"
    "  minutes TEXT NOT NULL,"
    "  start_day INTEGER NOT NULL,"
    "  end_day INTEGER NOT NULL CHECK (end_day = -1 OR end_day >= start_day),"
    "  since_day INTEGER NOT NULL CHECK (since_day >= -1),"
    "  prescriber TEXT,"
    "  entered INTEGER NOT NULL"
    ");"
    "CREATE INDEX rx_patient ON rx (patient_id, start_day);"
    "CREATE TABLE plan ("
    "  id INTEGER PRIMARY KEY,"
    "  patient_id INTEGER NOT NULL REFERENCES patient (id),"
    "  version INTEGER NOT NULL CHECK (version >= 1),"
    "  key TEXT NOT NULL,"
    "  json TEXT NOT NULL,"
    "  nsteps INTEGER NOT NULL CHECK (nsteps >= 0),"
    "  entered INTEGER NOT NULL,"
    "  UNIQUE (patient_id, version)"
    ");"
    "CREATE TABLE plan_step ("
    "  plan_id INTEGER NOT NULL REFERENCES plan (id),"
    "  idx INTEGER NOT NULL,"
    "  first_day INTEGER NOT NULL,"
    "  last_day INTEGER NOT NULL CHECK (last_day >= first_day),"
    "  total_ug INTEGER NOT NULL CHECK (total_ug >= 0),"
    "  step_back INTEGER NOT NULL CHECK (step_back IN (0, 1)),"
    "  max_gap_min INTEGER NOT NULL CHECK (max_gap_min >= 0),"
    "  PRIMARY KEY (plan_id, idx)"
    ") WITHOUT ROWID;"
    "CREATE TABLE entry ("
    "  id INTEGER PRIMARY KEY,"
    "  patient_id INTEGER NOT NULL REFERENCES patient (id),"
    "  kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 6),"
    "  sub INTEGER NOT NULL CHECK (sub BETWEEN 0 AND 3),"
    "  at INTEGER NOT NULL,"
    "  tz_min INTEGER NOT NULL CHECK (tz_min BETWEEN -1080 AND 1080),"
    "  entered INTEGER NOT NULL,"
    "  key TEXT NOT NULL,"
    "  amount_ug INTEGER NOT NULL CHECK (amount_ug >= 0),"
    "  value REAL NOT NULL,"
    "  text TEXT,"
    "  severity INTEGER NOT NULL CHECK (severity BETWEEN -1 AND 4),"
    "  disposition INTEGER NOT NULL CHECK (disposition BETWEEN -1 AND 5),"
    "  explanations INTEGER NOT NULL CHECK (explanations >= 0),"
    "  concepts TEXT,"
    "  rules TEXT,"
    "  sources TEXT,"
    "  score_total INTEGER NOT NULL CHECK (score_total >= 0),"
    "  items TEXT"
    ");"
    "CREATE INDEX entry_patient_at ON entry (patient_id, at);"
    "CREATE TABLE alert ("
    "  id INTEGER PRIMARY KEY,"
    "  patient_id INTEGER NOT NULL REFERENCES patient (id),"
    "  rule TEXT NOT NULL,"
    "  key TEXT NOT NULL,"
    "  disposition INTEGER NOT NULL CHECK (disposition BETWEEN 0 AND 5),"
    "  at INTEGER NOT NULL,"
    "  entry_id INTEGER REFERENCES entry (id),"
    "  text TEXT NOT NULL,"
    "  advice TEXT,"
    "  sources TEXT,"
    "  created INTEGER NOT NULL,"
    "  acked_at INTEGER,"
    "  acked_by TEXT,"
    "  ack_note TEXT,"
    "  CHECK ((acked_at IS NULL) = (acked_by IS NULL)),"
    "  UNIQUE (patient_id, rule, key)"
    ");"
    "CREATE INDEX alert_open ON alert (acked_at, disposition);"
    "CREATE TABLE setting ("
    "  name TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL"
    ") WITHOUT ROWID;",
    /* 3: accounts, care links, sessions, API tokens, the one-time setup
    ** token and the audit log of the server (accounts.h). Secrets are
    ** stored as hashes only. */
    "CREATE TABLE account ("
    "  id INTEGER PRIMARY KEY,"
    "  username TEXT NOT NULL UNIQUE COLLATE NOCASE"
    "    CHECK (length(username) BETWEEN 1 AND 64),"
    "  role TEXT NOT NULL CHECK (role IN ('patient', 'clinician', 'admin')),"
    "  pwhash TEXT NOT NULL,"
    "  patient_id INTEGER UNIQUE REFERENCES patient (id),"
    "  created INTEGER NOT NULL,"
    "  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),"
    "  CHECK ((role = 'patient') = (patient_id IS NOT NULL))"
    ");"
    "CREATE TABLE care_link ("
    "  account_id INTEGER NOT NULL REFERENCES account (id),"
    "  patient_id INTEGER NOT NULL REFERENCES patient (id),"
    "  created INTEGER NOT NULL,"
    "  PRIMARY KEY (account_id, patient_id)"
    ") WITHOUT ROWID;"
    "CREATE INDEX care_link_patient ON care_link (patient_id);"
    "CREATE TABLE auth_session ("
    "  hash BLOB PRIMARY KEY,"
    "  account_id INTEGER NOT NULL REFERENCES account (id),"
    "  csrf TEXT NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  seen INTEGER NOT NULL,"
    "  expires INTEGER NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE api_token ("
    "  id INTEGER PRIMARY KEY,"
    "  hash BLOB NOT NULL UNIQUE,"
    "  account_id INTEGER NOT NULL REFERENCES account (id),"
    "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),"
    "  created INTEGER NOT NULL,"
    "  last_used INTEGER,"
    "  revoked INTEGER"
    ");"
    "CREATE TABLE setup_token ("
    "  hash BLOB PRIMARY KEY,"
    "  created INTEGER NOT NULL,"
    "  used INTEGER"
    ") WITHOUT ROWID;"
    "CREATE TABLE audit ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  account_id INTEGER,"
    "  username TEXT,"
    "  role TEXT,"
    "  action TEXT NOT NULL CHECK (action IN ('read', 'write', 'login',"
    "    'login-failed', 'logout', 'account', 'link', 'token', 'setup')),"
    "  method TEXT NOT NULL,"
    "  target TEXT NOT NULL,"
    "  patient_id INTEGER,"
    "  status INTEGER NOT NULL,"
    "  remote TEXT"
    ");"
    "CREATE INDEX audit_patient ON audit (patient_id, at);",
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))
_Static_assert(NMIGRATIONS == SD_STORE_SCHEMA_VERSION,
               "one migration per schema version");

static int db_fail(sd_store *st, sd_error *err, const char *what)
{
    sd_error_setf(err, "%s: %s", what, sqlite3_errmsg(st->db));
    return SD_ERR_IO;
}

static int nomem(sd_error *err)
{
    sd_error_setf(err, "out of memory");
    return SD_ERR_NOMEM;
}

/* Run the constant statements of sql one by one, each prepared. */
static int exec(sd_store *st, const char *sql, sd_error *err)
{
    while(sql && *sql) {
        sqlite3_stmt *s = NULL;
        const char *tail = NULL;
        if(sqlite3_prepare_v2(st->db, sql, -1, &s, &tail) != SQLITE_OK)
            return db_fail(st, err, "database");
        if(s) {
            int rc;
            while((rc = sqlite3_step(s)) == SQLITE_ROW)
                ;
            if(rc != SQLITE_DONE) {
                rc = db_fail(st, err, "database");
                sqlite3_finalize(s);
                return rc;
            }
            sqlite3_finalize(s);
        }
        sql = tail;
    }
    return SD_OK;
}

/* The kept statement `which`, reset with no bindings; NULL (err set) when
** it cannot be prepared. */
static sqlite3_stmt *stmt(sd_store *st, int which, sd_error *err)
{
    sqlite3_stmt *s = st->s[which];
    if(s) {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        return s;
    }
    if(sqlite3_prepare_v3(st->db, stmt_sql[which], -1,
                          SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
        db_fail(st, err, "database");
        sqlite3_finalize(s);
        return NULL;
    }
    st->s[which] = s;
    return s;
}

/* Step s to its end (a write or a constant statement) and reset it. */
static int run_stmt(sd_store *st, sqlite3_stmt *s, const char *what,
                    sd_error *err)
{
    int rc = sqlite3_step(s);
    int out = rc == SQLITE_DONE || rc == SQLITE_ROW
                  ? SD_OK : db_fail(st, err, what);
    sqlite3_reset(s);
    return out;
}

static int run(sd_store *st, int which, sd_error *err)
{
    sqlite3_stmt *s = stmt(st, which, err);
    return s ? run_stmt(st, s, "database", err) : SD_ERR_IO;
}

/* Bind a string, NULL as SQL NULL. */
static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if(v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

static const char *col_text(sqlite3_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(s, i);
}

/* ---- Transactions ---- */

/* Open the transaction (or, in a batch, the savepoint) of one write. */
static int tx_begin(sd_store *st, sd_error *err)
{
    if(st->batch && !st->batch_lost && sqlite3_get_autocommit(st->db))
        st->batch_lost = 1;
    if(st->batch_lost) {
        sd_error_setf(err, "the batch was rolled back after a database "
                      "error; roll it back and start it again");
        return SD_ERR_IO;
    }
    return run(st, st->batch ? S_SAVEPOINT : S_BEGIN, err);
}

/* Undo the write in hand, and only it. */
static void tx_abort(sd_store *st)
{
    if(st->batch) {
        if(sqlite3_get_autocommit(st->db)) {
            st->batch_lost = 1;
            return;
        }
        run(st, S_ROLLBACK_TO, NULL);
        run(st, S_RELEASE, NULL);
    } else if(!sqlite3_get_autocommit(st->db)) {
        run(st, S_ROLLBACK, NULL);
    }
}

static int tx_commit(sd_store *st, sd_error *err)
{
    int rc = run(st, st->batch ? S_RELEASE : S_COMMIT, err);
    if(rc)
        tx_abort(st);
    return rc;
}

int sd_store_begin(sd_store *st, sd_error *err)
{
    if(st->batch) {
        sd_error_setf(err, "a batch is open already; commit or roll it back "
                      "first");
        return SD_ERR_USAGE;
    }
    int rc = run(st, S_BEGIN, err);
    if(!rc) {
        st->batch = 1;
        st->batch_lost = 0;
    }
    return rc;
}

int sd_store_commit(sd_store *st, sd_error *err)
{
    if(!st->batch) {
        sd_error_setf(err, "no batch is open; start one with "
                      "sd_store_begin()");
        return SD_ERR_USAGE;
    }
    if(st->batch_lost || sqlite3_get_autocommit(st->db)) {
        st->batch = st->batch_lost = 0;
        sd_error_setf(err, "the batch was rolled back after a database "
                      "error; nothing of it was written");
        return SD_ERR_IO;
    }
    int rc = run(st, S_COMMIT, err);
    if(rc && !sqlite3_get_autocommit(st->db))
        run(st, S_ROLLBACK, NULL);
    st->batch = st->batch_lost = 0;
    return rc;
}

void sd_store_rollback(sd_store *st)
{
    if(!st || !st->batch)
        return;
    if(!sqlite3_get_autocommit(st->db))
        run(st, S_ROLLBACK, NULL);
    st->batch = st->batch_lost = 0;
}

/* ---- Opening ---- */

static int user_version(sd_store *st, int *v, sd_error *err)
{
    sqlite3_stmt *s;
    if(sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL))
        return db_fail(st, err, "schema version");
    int rc = sqlite3_step(s);
    *v = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? SD_OK : db_fail(st, err, "schema version");
}

static int migrate(sd_store *st, sd_error *err)
{
    int v, rc;
    if((rc = user_version(st, &v, err)))
        return rc;
    /* Each step reads the version again under the write lock: another
    ** process may be migrating the same new database at the same time. */
    while(v != NMIGRATIONS) {
        char bump[64];
        if(v > NMIGRATIONS) {
            sd_error_setf(err, "the database has schema version %d, newer "
                          "than this stepdown (%d): use a newer stepdown",
                          v, NMIGRATIONS);
            return SD_ERR_USAGE;
        }
        if((rc = exec(st, "BEGIN IMMEDIATE", err)))
            return rc;
        if((rc = user_version(st, &v, err))) {
            exec(st, "ROLLBACK", NULL);
            return rc;
        }
        if(v >= NMIGRATIONS) {
            exec(st, "ROLLBACK", NULL);
            continue;
        }
        snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", v + 1);
        if((rc = exec(st, migrations[v], err)) || (rc = exec(st, bump, err))) {
            exec(st, "ROLLBACK", NULL);
            return rc;
        }
        if((rc = exec(st, "COMMIT", err))) {
            exec(st, "ROLLBACK", NULL);
            return rc;
        }
        v++;
    }
    st->version = v;
    return SD_OK;
}

/* WAL mode. Processes opening one new database at once race to switch
** it: SQLite answers busy without waiting, or fails to delete the rollback
** journal another has just deleted. Retried for up to the busy timeout. */
static int set_wal(sd_store *st, sd_error *err)
{
    for(int tries = 0;; tries++) {
        sqlite3_stmt *s;
        if(sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &s,
                              NULL) != SQLITE_OK)
            return db_fail(st, err, "journal mode");
        int rc = sqlite3_step(s);
        int x = sqlite3_extended_errcode(st->db);
        sqlite3_finalize(s);
        if(rc == SQLITE_ROW)
            return SD_OK;
        if(tries == 250 || !((x & 0xff) == SQLITE_BUSY ||
                             (x & 0xff) == SQLITE_LOCKED ||
                             x == SQLITE_IOERR_DELETE_NOENT)) {
            sd_error_setf(err, "journal mode: %s", sqlite3_errstr(x));
            return SD_ERR_IO;
        }
        sqlite3_sleep(20);
    }
}

int sd_store_open(const char *path, sd_store **out, sd_error *err)
{
    sd_store *st = sd_calloc(1, sizeof(*st));
    int rc;

    *out = NULL;
    if(!st)
        return nomem(err);
    if(sqlite3_open_v2(path, &st->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)) {
        rc = st->db ? db_fail(st, err, path) : nomem(err);
        sd_store_close(st);
        return rc;
    }
    sqlite3_busy_timeout(st->db, 5000);
    if((rc = set_wal(st, err)) ||
       (rc = exec(st, "PRAGMA foreign_keys = ON", err)) ||
       (rc = exec(st, "PRAGMA synchronous = NORMAL", err)) ||
       (rc = migrate(st, err))) {
        sd_store_close(st);
        return rc;
    }
    *out = st;
    return SD_OK;
}

void sd_store_close(sd_store *st)
{
    if(!st)
        return;
    sd_store_rollback(st);
    for(int i = 0; i < NSTMT; i++)
        sqlite3_finalize(st->s[i]);
    for(int i = 0; i < SD_STORE_NEXT; i++)
        sqlite3_finalize(st->ext[i]);
    sqlite3_close(st->db);
    sd_free(st->buf);
    sd_free(st);
}

sqlite3 *sd_store_db(sd_store *st)
{
    return st->db;
}

sqlite3_stmt *sd_store_stmt(sd_store *st, int slot, const char *sql,
                            sd_error *err)
{
    sqlite3_stmt *s = st->ext[slot];
    if(s) {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        return s;
    }
    if(sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s,
                          NULL) != SQLITE_OK) {
        db_fail(st, err, "database");
        sqlite3_finalize(s);
        return NULL;
    }
    st->ext[slot] = s;
    return s;
}

int sd_store_schema_version(sd_store *st)
{
    return st->version;
}

/* ---- The content of a write ----
** Fields joined by '|': numbers in decimal (reals with 17 digits, so that
** they read back exactly), strings as their length, ':' and the bytes,
** NULL as '~'. Unambiguous whatever the strings hold. */

static void cb_reset(sd_store *st)
{
    st->blen = 0;
    st->boom = 0;
    if(st->buf)
        st->buf[0] = '\0';
}

static void cb_raw(sd_store *st, const char *p, size_t n)
{
    if(st->boom)
        return;
    if(st->blen + n + 1 > st->bcap) {
        size_t cap = st->bcap ? st->bcap : 256;
        while(cap < st->blen + n + 1)
            cap *= 2;
        char *b = sd_realloc(st->buf, cap);
        if(!b) {
            st->boom = 1;
            return;
        }
        st->buf = b;
        st->bcap = cap;
    }
    memcpy(st->buf + st->blen, p, n);
    st->blen += n;
    st->buf[st->blen] = '\0';
}

static void cb_int(sd_store *st, int64_t v)
{
    char t[32];
    int n = snprintf(t, sizeof(t), "%" PRId64 "|", v);
    cb_raw(st, t, (size_t)n);
}

static void cb_real(sd_store *st, double v)
{
    char t[40];
    int n = snprintf(t, sizeof(t), "%.17g|", v);
    cb_raw(st, t, (size_t)n);
}

static void cb_str(sd_store *st, const char *s)
{
    if(!s) {
        cb_raw(st, "~|", 2);
        return;
    }
    size_t n = strlen(s);
    char t[32];
    int k = snprintf(t, sizeof(t), "%zu:", n);
    cb_raw(st, t, (size_t)k);
    cb_raw(st, s, n);
    cb_raw(st, "|", 1);
}

/* ---- Idempotency ---- */

static int check_key(const char *key, const char *what, sd_error *err)
{
    if(!key || !*key || strlen(key) > SD_KEY_MAX) {
        sd_error_setf(err, "%s: give an idempotency key of 1 to %d bytes",
                      what, SD_KEY_MAX);
        return SD_ERR_USAGE;
    }
    return SD_OK;
}

/* Look the key up: 0 not seen, 1 seen with the same kind and content
** (*id set), -1 seen with other content, or an SD_ERR_* code + 100. */
static int idem_check(sd_store *st, const char *key, const char *kind,
                      const char *content, int64_t *id, sd_error *err)
{
    sqlite3_stmt *s = stmt(st, S_IDEM_GET, err);
    if(!s)
        return 100 + SD_ERR_IO;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s), out = 0;
    if(rc == SQLITE_ROW) {
        const char *k = col_text(s, 0);
        const char *c = col_text(s, 1);
        out = k && c && !strcmp(k, kind) && !strcmp(c, content) ? 1 : -1;
        if(out == 1)
            *id = sqlite3_column_int64(s, 2);
    } else if(rc != SQLITE_DONE) {
        out = 100 + db_fail(st, err, "idempotency");
    }
    sqlite3_reset(s);
    return out;
}

static int idem_record(sd_store *st, const char *key, const char *kind,
                       const char *content, int64_t id, sd_error *err)
{
    sqlite3_stmt *s = stmt(st, S_IDEM_PUT, err);
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, content, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, id);
    return run_stmt(st, s, "idempotency", err);
}

static int patient_exists(sd_store *st, int64_t id, sd_error *err)
{
    sqlite3_stmt *s = stmt(st, S_PATIENT_EXISTS, err);
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s), out = SD_OK;
    if(rc == SQLITE_DONE) {
        sd_error_setf(err, "no patient with id %" PRId64 "; add one with "
                      "'stepdown patient add'", id);
        out = SD_ERR_NOTFOUND;
    } else if(rc != SQLITE_ROW) {
        out = db_fail(st, err, "patient");
    }
    sqlite3_reset(s);
    return out;
}

/* Start a write whose content is in st->buf: open its transaction, look
** its key up, check its patient (when patient_id > 0). SD_OK with
** *seen = 0 leaves the transaction open for the write; SD_OK with
** *seen = 1 (*id the first write's) and every failure close it. */
static int write_start(sd_store *st, int64_t patient_id, const char *key,
                       const char *kind, int64_t *id, int *seen,
                       sd_error *err)
{
    int rc;

    *seen = 0;
    if(st->boom)
        return nomem(err);
    if((rc = tx_begin(st, err)))
        return rc;
    int64_t first = 0;
    int found = idem_check(st, key, kind, st->buf, &first, err);
    if(found == 1) {
        tx_abort(st);
        *id = first;
        *seen = 1;
        return SD_OK;
    }
    if(found == -1) {
        tx_abort(st);
        sd_error_setf(err, "idempotency key '%s' was used for other "
                      "content; nothing written", key);
        return SD_ERR_USAGE;
    }
    if(found >= 100) {
        tx_abort(st);
        return found - 100;
    }
    if(patient_id > 0 && (rc = patient_exists(st, patient_id, err))) {
        tx_abort(st);
        return rc;
    }
    return SD_OK;
}

/* Finish a write: record its key with the new row's id, commit. */
static int write_finish(sd_store *st, const char *key, const char *kind,
                        int64_t id, sd_error *err)
{
    int rc = idem_record(st, key, kind, st->buf, id, err);
    if(rc) {
        tx_abort(st);
        return rc;
    }
    return tx_commit(st, err);
}

/* ---- Patients ---- */

static int valid_pseudonym(const char *p)
{
    size_t n = p ? strlen(p) : 0;
    if(n < 1 || n > 63)
        return 0;
    for(size_t i = 0; i < n; i++) {
        char c = p[i];
        if(!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
             (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            return 0;
    }
    return 1;
}

int sd_store_patient_add(sd_store *st, const char *idem_key,
                         const char *pseudonym, int birth_year, int64_t *id,
                         sd_error *err)
{
    char yr[16];
    int rc, seen;

    if((rc = check_key(idem_key, "patient", err)))
        return rc;
    if(!valid_pseudonym(pseudonym)) {
        sd_error_setf(err, "a pseudonym is 1 to 63 letters, digits, '-', "
                      "'_' or '.' (no names)");
        return SD_ERR_USAGE;
    }
    if(birth_year && (birth_year < 1900 || birth_year > 2100)) {
        sd_error_setf(err, "birth year %d: give 1900 to 2100, or none",
                      birth_year);
        return SD_ERR_USAGE;
    }
    /* "pseudonym|year", as schema version 1 wrote it: a pseudonym has no
    ** '|' */
    cb_reset(st);
    cb_raw(st, pseudonym, strlen(pseudonym));
    snprintf(yr, sizeof(yr), "|%d", birth_year);
    cb_raw(st, yr, strlen(yr));
    if((rc = write_start(st, 0, idem_key, "patient", id, &seen, err)) || seen)
        return rc;
    sqlite3_stmt *s = stmt(st, S_PATIENT_INS, err);
    if(!s) {
        tx_abort(st);
        return SD_ERR_IO;
    }
    sqlite3_bind_text(s, 1, pseudonym, -1, SQLITE_STATIC);
    if(birth_year)
        sqlite3_bind_int(s, 2, birth_year);
    int step = sqlite3_step(s);
    if(step == SQLITE_CONSTRAINT) {
        sqlite3_reset(s);
        tx_abort(st);
        sd_error_setf(err, "patient '%s' exists already; nothing written",
                      pseudonym);
        return SD_ERR_USAGE;
    }
    if(step != SQLITE_DONE) {
        rc = db_fail(st, err, "patient");
        sqlite3_reset(s);
        tx_abort(st);
        return rc;
    }
    sqlite3_reset(s);
    int64_t nid = sqlite3_last_insert_rowid(st->db);
    if((rc = write_finish(st, idem_key, "patient", nid, err)))
        return rc;
    *id = nid;
    return SD_OK;
}

static void row_patient(sqlite3_stmt *s, sd_patient *p)
{
    const char *ps = col_text(s, 1);
    memset(p, 0, sizeof(*p));
    p->id = sqlite3_column_int64(s, 0);
    snprintf(p->pseudonym, sizeof(p->pseudonym), "%s", ps ? ps : "");
    p->birth_year = sqlite3_column_int(s, 2);
}

/* One patient by the kept statement `which` bound to pseudonym or id. */
static int patient_one(sd_store *st, int which, const char *pseudonym,
                       int64_t id, sd_patient *p, sd_error *err)
{
    sqlite3_stmt *s = stmt(st, which, err);
    if(!s)
        return SD_ERR_IO;
    if(which == S_PATIENT_BY_NAME)
        bind_text(s, 1, pseudonym ? pseudonym : "");
    else
        sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s), out = SD_OK;
    if(rc == SQLITE_ROW) {
        row_patient(s, p);
    } else if(rc == SQLITE_DONE) {
        if(which == S_PATIENT_BY_NAME)
            sd_error_setf(err, "no patient '%s'; add one with 'stepdown "
                          "patient add'", pseudonym ? pseudonym : "");
        else
            sd_error_setf(err, "no patient with id %" PRId64 "; add one "
                          "with 'stepdown patient add'", id);
        out = SD_ERR_NOTFOUND;
    } else {
        out = db_fail(st, err, "patient");
    }
    sqlite3_reset(s);
    return out;
}

int sd_store_patient_find(sd_store *st, const char *pseudonym,
                          sd_patient *p, sd_error *err)
{
    return patient_one(st, S_PATIENT_BY_NAME, pseudonym, 0, p, err);
}

int sd_store_patient_get(sd_store *st, int64_t id, sd_patient *p,
                         sd_error *err)
{
    return patient_one(st, S_PATIENT_BY_ID, NULL, id, p, err);
}

int sd_store_patient_each(sd_store *st,
                          int (*fn)(const sd_patient *p, void *arg),
                          void *arg, sd_error *err)
{
    sqlite3_stmt *s;
    sd_patient p;
    int rc;
    if(sqlite3_prepare_v2(st->db, "SELECT id, pseudonym, birth_year FROM "
                          "patient ORDER BY pseudonym", -1, &s, NULL))
        return db_fail(st, err, "patient");
    while((rc = sqlite3_step(s)) == SQLITE_ROW) {
        row_patient(s, &p);
        if(fn(&p, arg))
            break;
    }
    int out = rc == SQLITE_ROW || rc == SQLITE_DONE
                  ? SD_OK : db_fail(st, err, "patient");
    sqlite3_finalize(s);
    return out;
}

/* ---- Prescriptions ---- */

/* "a-b-c" from n numbers into out (room for SD_TAPER_MAX_ADMIN of them). */
static void join_list(char *out, size_t cap, const int64_t *v, int n,
                      char sep)
{
    size_t len = 0;
    out[0] = '\0';
    for(int i = 0; i < n && len < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, "%.*s%" PRId64,
                                i ? 1 : 0, &sep, v[i]);
}

/* Read up to max numbers separated by sep from s into v; the count, or -1
** when s is not such a list. */
static int split_list(const char *s, char sep, int64_t *v, int max)
{
    int n = 0;
    if(!s || !*s)
        return 0;
    for(;;) {
        char *end;
        if(n == max)
            return -1;
        long long x = strtoll(s, &end, 10);
        if(end == s)
            return -1;
        v[n++] = (int64_t)x;
        if(!*end)
            return n;
        if(*end != sep)
            return -1;
        s = end + 1;
    }
}

static int rx_valid(const sd_rx *rx, sd_error *err)
{
    int rc;
    if((rc = check_key(rx->key, "prescription", err)))
        return rc;
    if(!rx->drug || !*rx->drug) {
        sd_error_setf(err, "prescription: give the drug (its monograph id)");
        return SD_ERR_USAGE;
    }
    if(rx->nadmin < 1 || rx->nadmin > SD_TAPER_MAX_ADMIN) {
        sd_error_setf(err, "prescription: %d doses a day; give 1 to %d",
                      rx->nadmin, SD_TAPER_MAX_ADMIN);
        return SD_ERR_USAGE;
    }
    for(int i = 0; i < rx->nadmin; i++) {
        if(rx->dose_ug[i] < 0) {
            sd_error_setf(err, "prescription: dose %d is negative; give 0 "
                          "or more micrograms", i + 1);
            return SD_ERR_USAGE;
        }
        if(rx->minute[i] < 0 || rx->minute[i] > 1439) {
            sd_error_setf(err, "prescription: dose %d at minute %d of the "
                          "day; give 0 to 1439", i + 1, rx->minute[i]);
            return SD_ERR_USAGE;
        }
    }
    if(rx->unit_ug < 0 || rx->ug_per_ml < 0 || rx->pieces < 1) {
        sd_error_setf(err, "prescription: the strength is negative or the "
                      "pieces fewer than 1; give a unit or concentration "
                      "of 0 or more and pieces of 1, 2 or 4");
        return SD_ERR_USAGE;
    }
    if(rx->end_day != -1 && rx->end_day < rx->start_day) {
        sd_error_setf(err, "prescription: it ends (day %ld) before it "
                      "starts (day %ld); give an end on or after the start, "
                      "or none", rx->end_day, rx->start_day);
        return SD_ERR_USAGE;
    }
    if(rx->since_day < -1) {
        sd_error_setf(err, "prescription: give the first day on the drug, "
                      "or -1 when unknown");
        return SD_ERR_USAGE;
    }
    return SD_OK;
}

int sd_store_rx_add(sd_store *st, int64_t patient_id, const sd_rx *rx,
                    int64_t *id, sd_error *err)
{
    char doses[SD_TAPER_MAX_ADMIN * 22 + 1];
    char minutes[SD_TAPER_MAX_ADMIN * 22 + 1];
    int64_t mins[SD_TAPER_MAX_ADMIN];
    int rc, seen;

    if((rc = rx_valid(rx, err)))
        return rc;
    for(int i = 0; i < rx->nadmin; i++)
        mins[i] = rx->minute[i];
    join_list(doses, sizeof(doses), rx->dose_ug, rx->nadmin, '-');
    join_list(minutes, sizeof(minutes), mins, rx->nadmin, '-');
    cb_reset(st);
    cb_int(st, patient_id);
    cb_str(st, rx->drug);
    cb_str(st, rx->formulation);
    cb_str(st, rx->route);
    cb_int(st, rx->unit_ug);
    cb_int(st, rx->ug_per_ml);
    cb_int(st, rx->pieces);
    cb_str(st, doses);
    cb_str(st, minutes);
    cb_int(st, rx->start_day);
    cb_int(st, rx->end_day);
    cb_int(st, rx->since_day);
    cb_str(st, rx->prescriber);
    if((rc = write_start(st, patient_id, rx->key, "rx", id, &seen, err)) ||
       seen)
        return rc;
    sqlite3_stmt *s = stmt(st, S_RX_INS, err);
    if(!s) {
        tx_abort(st);
        return SD_ERR_IO;
    }
    sqlite3_bind_int64(s, 1, patient_id);
    bind_text(s, 2, rx->key);
    bind_text(s, 3, rx->drug);
    bind_text(s, 4, rx->formulation);
    bind_text(s, 5, rx->route);
    sqlite3_bind_int64(s, 6, rx->unit_ug);
    sqlite3_bind_int64(s, 7, rx->ug_per_ml);
    sqlite3_bind_int(s, 8, rx->pieces);
    sqlite3_bind_int(s, 9, rx->nadmin);
    bind_text(s, 10, doses);
    bind_text(s, 11, minutes);
    sqlite3_bind_int64(s, 12, rx->start_day);
    sqlite3_bind_int64(s, 13, rx->end_day);
    sqlite3_bind_int64(s, 14, rx->since_day);
    bind_text(s, 15, rx->prescriber);
    sqlite3_bind_int64(s, 16, rx->entered);
    if((rc = run_stmt(st, s, "prescription", err))) {
        tx_abort(st);
        return rc;
    }
    int64_t nid = sqlite3_last_insert_rowid(st->db);
    if((rc = write_finish(st, rx->key, "rx", nid, err)))
        return rc;
    *id = nid;
    return SD_OK;
}

/* ---- Plans ---- */

static int plan_valid(const sd_plan_version *pv, sd_error *err)
{
    int rc;
    if((rc = check_key(pv->key, "plan", err)))
        return rc;
    if(!pv->json || !*pv->json) {
        sd_error_setf(err, "plan: give the planner's JSON of the plan");
        return SD_ERR_USAGE;
    }
    if(pv->nsteps && !pv->steps) {
        sd_error_setf(err, "plan: %zu steps announced but none given; "
                      "fill them with sd_plan_brief_fill()", pv->nsteps);
        return SD_ERR_USAGE;
    }
    for(size_t i = 0; i < pv->nsteps; i++) {
        const sd_plan_brief *b = &pv->steps[i];
        if(b->last_day < b->first_day || b->total_ug < 0 ||
           b->max_gap_min < 0) {
            sd_error_setf(err, "plan: step %zu ends before it starts, or has "
                          "a negative dose or gap; give the plan's own steps",
                          i + 1);
            return SD_ERR_USAGE;
        }
    }
    return SD_OK;
}

static int plan_version_of(sd_store *st, int64_t id, int *version,
                           sd_error *err)
{
    sqlite3_stmt *s = stmt(st, S_PLAN_VERSION, err);
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s), out = SD_OK;
    if(rc == SQLITE_ROW)
        *version = sqlite3_column_int(s, 0);
    else
        out = db_fail(st, err, "plan");
    sqlite3_reset(s);
    return out;
}

int sd_store_plan_add(sd_store *st, int64_t patient_id,
                      const sd_plan_version *pv, int64_t *id, int *version,
                      sd_error *err)
{
    int rc, seen, v = 0;
    int64_t nid;

    if((rc = plan_valid(pv, err)))
        return rc;
    cb_reset(st);
    cb_int(st, patient_id);
    cb_str(st, pv->json);
    cb_int(st, (int64_t)pv->nsteps);
    for(size_t i = 0; i < pv->nsteps; i++) {
        cb_int(st, pv->steps[i].first_day);
        cb_int(st, pv->steps[i].last_day);
        cb_int(st, pv->steps[i].total_ug);
        cb_int(st, pv->steps[i].step_back != 0);
        cb_int(st, pv->steps[i].max_gap_min);
    }
    if((rc = write_start(st, patient_id, pv->key, "plan", &nid, &seen, err)))
        return rc;
    if(seen) {
        if((rc = plan_version_of(st, nid, &v, err)))
            return rc;
        *id = nid;
        *version = v;
        return SD_OK;
    }
    sqlite3_stmt *s = stmt(st, S_PLAN_NEXT, err);
    if(!s) {
        tx_abort(st);
        return SD_ERR_IO;
    }
    sqlite3_bind_int64(s, 1, patient_id);
    if(sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    else
        rc = db_fail(st, err, "plan");
    sqlite3_reset(s);
    if(rc || !(s = stmt(st, S_PLAN_INS, err))) {
        tx_abort(st);
        return rc ? rc : SD_ERR_IO;
    }
    sqlite3_bind_int64(s, 1, patient_id);
    sqlite3_bind_int(s, 2, v);
    bind_text(s, 3, pv->key);
    bind_text(s, 4, pv->json);
    sqlite3_bind_int64(s, 5, (int64_t)pv->nsteps);
    sqlite3_bind_int64(s, 6, pv->entered);
    if((rc = run_stmt(st, s, "plan", err))) {
        tx_abort(st);
        return rc;
    }
    nid = sqlite3_last_insert_rowid(st->db);
    for(size_t i = 0; i < pv->nsteps; i++) {
        const sd_plan_brief *b = &pv->steps[i];
        if(!(s = stmt(st, S_STEP_INS, err))) {
            tx_abort(st);
            return SD_ERR_IO;
        }
        sqlite3_bind_int64(s, 1, nid);
        sqlite3_bind_int64(s, 2, (int64_t)i);
        sqlite3_bind_int64(s, 3, b->first_day);
        sqlite3_bind_int64(s, 4, b->last_day);
        sqlite3_bind_int64(s, 5, b->total_ug);
        sqlite3_bind_int(s, 6, b->step_back != 0);
        sqlite3_bind_int(s, 7, b->max_gap_min);
        if((rc = run_stmt(st, s, "plan step", err))) {
            tx_abort(st);
            return rc;
        }
    }
    if((rc = write_finish(st, pv->key, "plan", nid, err)))
        return rc;
    *id = nid;
    *version = v;
    return SD_OK;
}

/* ---- Entries ---- */

static int entry_valid(const sd_entry *e, sd_error *err)
{
    int rc, maxsub;
    if((rc = check_key(e->key, "entry", err)))
        return rc;
    if(e->kind < 1 || e->kind > SD_ENTRY_KIND_MAX) {
        sd_error_setf(err, "entry: kind %d; give 1 to %d (dose, symptom, "
                      "score, substance, supply, egfr)", e->kind,
                      SD_ENTRY_KIND_MAX);
        return SD_ERR_USAGE;
    }
    maxsub = e->kind == SD_ENTRY_DOSE        ? SD_DOSE_PRN
             : e->kind == SD_ENTRY_SUBSTANCE ? SD_SUBST_SEDATIVE
                                             : 0;
    if(e->sub < 0 || e->sub > maxsub) {
        sd_error_setf(err, "entry: subkind %d of a %s entry; give 0 to %d",
                      e->sub, sd_entry_kind_name(e->kind), maxsub);
        return SD_ERR_USAGE;
    }
    if(e->tz_min < -1080 || e->tz_min > 1080) {
        sd_error_setf(err, "entry: offset from UTC of %d minutes; give -1080 "
                      "to 1080", e->tz_min);
        return SD_ERR_USAGE;
    }
    if(e->amount_ug < 0) {
        sd_error_setf(err, "entry: negative amount; give 0 or more "
                      "micrograms");
        return SD_ERR_USAGE;
    }
    if(!isfinite(e->value)) {
        sd_error_setf(err, "entry: the value is not a finite number");
        return SD_ERR_USAGE;
    }
    if(e->severity < -1 || e->severity > 4) {
        sd_error_setf(err, "entry: severity %d; give 0 to 4, or -1 when not "
                      "rated", e->severity);
        return SD_ERR_USAGE;
    }
    if(e->disposition < -1 || e->disposition >= SD_DISP_COUNT) {
        sd_error_setf(err, "entry: disposition %d; give 0 to %d, or -1 for "
                      "none", e->disposition, SD_DISP_COUNT - 1);
        return SD_ERR_USAGE;
    }
    if(e->score_total < 0) {
        sd_error_setf(err, "entry: negative score total; give 0 or more");
        return SD_ERR_USAGE;
    }
    for(int i = 0; i < SD_WSCORE_MAX_ITEMS; i++) {
        if(e->items[i] < -1) {
            sd_error_setf(err, "entry: score item %d is %d; give 0 or more, "
                          "or -1 when not rated", i + 1, e->items[i]);
            return SD_ERR_USAGE;
        }
    }
    return SD_OK;
}

/* The items as "3,-1,2,...", or "" when none is rated. */
static void items_text(const signed char *items, char *out, size_t cap)
{
    size_t len = 0;
    int any = 0;
    for(int i = 0; i < SD_WSCORE_MAX_ITEMS; i++)
        any |= items[i] != -1;
    out[0] = '\0';
    if(!any)
        return;
    for(int i = 0; i < SD_WSCORE_MAX_ITEMS && len < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, "%s%d", i ? "," : "",
                                items[i]);
}

int sd_store_entry_add(sd_store *st, int64_t patient_id, const sd_entry *e,
                       int64_t *id, sd_error *err)
{
    char items[SD_WSCORE_MAX_ITEMS * 5 + 1];
    int rc, seen;

    if((rc = entry_valid(e, err)))
        return rc;
    items_text(e->items, items, sizeof(items));
    cb_reset(st);
    cb_int(st, patient_id);
    cb_int(st, e->kind);
    cb_int(st, e->sub);
    cb_int(st, e->at);
    cb_int(st, e->tz_min);
    cb_int(st, e->amount_ug);
    cb_real(st, e->value);
    cb_str(st, e->text);
    cb_int(st, e->severity);
    cb_int(st, e->disposition);
    cb_int(st, e->explanations);
    cb_str(st, e->concepts);
    cb_str(st, e->rules);
    cb_str(st, e->sources);
    cb_int(st, e->score_total);
    cb_str(st, items);
    if((rc = write_start(st, patient_id, e->key, "entry", id, &seen, err)) ||
       seen)
        return rc;
    sqlite3_stmt *s = stmt(st, S_ENTRY_INS, err);
    if(!s) {
        tx_abort(st);
        return SD_ERR_IO;
    }
    sqlite3_bind_int64(s, 1, patient_id);
    sqlite3_bind_int(s, 2, e->kind);
    sqlite3_bind_int(s, 3, e->sub);
    sqlite3_bind_int64(s, 4, e->at);
    sqlite3_bind_int(s, 5, e->tz_min);
    sqlite3_bind_int64(s, 6, e->entered);
    bind_text(s, 7, e->key);
    sqlite3_bind_int64(s, 8, e->amount_ug);
    sqlite3_bind_double(s, 9, e->value);
    bind_text(s, 10, e->text);
    sqlite3_bind_int(s, 11, e->severity);
    sqlite3_bind_int(s, 12, e->disposition);
    sqlite3_bind_int64(s, 13, e->explanations);
    bind_text(s, 14, e->concepts);
    bind_text(s, 15, e->rules);
    bind_text(s, 16, e->sources);
    sqlite3_bind_int(s, 17, e->score_total);
    bind_text(s, 18, items[0] ? items : NULL);
    if((rc = run_stmt(st, s, "entry", err))) {
        tx_abort(st);
        return rc;
    }
    int64_t nid = sqlite3_last_insert_rowid(st->db);
    if((rc = write_finish(st, e->key, "entry", nid, err)))
        return rc;
    *id = nid;
    return SD_OK;
}

/* ---- Loading a diary ---- */

static int damaged(sd_error *err, const char *what, int64_t id)
{
    sd_error_setf(err, "%s %" PRId64 " in the database is damaged; check it "
                  "with sd_store_check() and restore a backup", what, id);
    return SD_ERR_INVALID;
}

static int add_failed(int rc, sd_error *err)
{
    if(rc == SD_ERR_NOMEM)
        return nomem(err);
    sd_error_setf(err, "the diary refused a stored item (%s)",
                  sd_strerror(rc));
    return rc;
}

/* Step a loading statement to its end; SD_OK or the database's error. */
static int load_end(sd_store *st, sqlite3_stmt *s, int rc, int out,
                    const char *what, sd_error *err)
{
    if(!out && rc != SQLITE_DONE)
        out = db_fail(st, err, what);
    sqlite3_reset(s);
    return out;
}

static int load_rx(sd_store *st, int64_t pid, sd_diary *d, sd_error *err)
{
    sqlite3_stmt *s = stmt(st, S_RX_LOAD, err);
    int rc, out = SD_OK;
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_int64(s, 1, pid);
    while(!out && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sd_rx rx;
        int64_t mins[SD_TAPER_MAX_ADMIN];
        memset(&rx, 0, sizeof(rx));
        rx.id = sqlite3_column_int64(s, 0);
        rx.key = col_text(s, 1);
        rx.drug = col_text(s, 2);
        rx.formulation = col_text(s, 3);
        rx.route = col_text(s, 4);
        rx.unit_ug = sqlite3_column_int64(s, 5);
        rx.ug_per_ml = sqlite3_column_int64(s, 6);
        rx.pieces = sqlite3_column_int(s, 7);
        rx.nadmin = sqlite3_column_int(s, 8);
        if(split_list(col_text(s, 9), '-', rx.dose_ug, SD_TAPER_MAX_ADMIN) !=
               rx.nadmin ||
           split_list(col_text(s, 10), '-', mins, SD_TAPER_MAX_ADMIN) !=
               rx.nadmin) {
            out = damaged(err, "prescription", rx.id);
            break;
        }
        for(int i = 0; i < rx.nadmin; i++)
            rx.minute[i] = (int)mins[i];
        rx.start_day = (long)sqlite3_column_int64(s, 11);
        rx.end_day = (long)sqlite3_column_int64(s, 12);
        rx.since_day = (long)sqlite3_column_int64(s, 13);
        rx.prescriber = col_text(s, 14);
        rx.entered = sqlite3_column_int64(s, 15);
        if((rc = sd_diary_add_rx(d, &rx)))
            out = add_failed(rc, err);
    }
    return load_end(st, s, rc, out, "prescription", err);
}

/* The steps of plan id into steps (room for n); SD_OK when there are
** exactly n. */
static int load_steps(sd_store *st, int64_t plan_id, sd_plan_brief *steps,
                      size_t n, sd_error *err)
{
    sqlite3_stmt *s = stmt(st, S_STEP_LOAD, err);
    size_t k = 0;
    int rc, out = SD_OK;
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_int64(s, 1, plan_id);
    while((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if(k == n) {
            out = damaged(err, "plan", plan_id);
            break;
        }
        steps[k].first_day = (long)sqlite3_column_int64(s, 0);
        steps[k].last_day = (long)sqlite3_column_int64(s, 1);
        steps[k].total_ug = sqlite3_column_int64(s, 2);
        steps[k].step_back = sqlite3_column_int(s, 3);
        steps[k].max_gap_min = sqlite3_column_int(s, 4);
        k++;
    }
    out = load_end(st, s, rc, out, "plan step", err);
    if(!out && k != n)
        out = damaged(err, "plan", plan_id);
    return out;
}

static int load_plans(sd_store *st, int64_t pid, sd_diary *d, sd_error *err)
{
    sqlite3_stmt *s = stmt(st, S_PLAN_LOAD, err);
    int rc, out = SD_OK;
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_int64(s, 1, pid);
    while(!out && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sd_plan_version pv;
        memset(&pv, 0, sizeof(pv));
        pv.id = sqlite3_column_int64(s, 0);
        pv.key = col_text(s, 1);
        pv.version = sqlite3_column_int(s, 2);
        pv.entered = sqlite3_column_int64(s, 3);
        pv.json = col_text(s, 4);
        sqlite3_int64 n = sqlite3_column_int64(s, 5);
        if(n < 0 || n > 1000000) {
            out = damaged(err, "plan", pv.id);
            break;
        }
        pv.nsteps = (size_t)n;
        if(n && !(pv.steps = sd_calloc((size_t)n, sizeof(*pv.steps)))) {
            out = nomem(err);
            break;
        }
        out = load_steps(st, pv.id, pv.steps, pv.nsteps, err);
        if(!out && (rc = sd_diary_add_plan(d, &pv)))
            out = add_failed(rc, err);
        sd_free(pv.steps);
    }
    return load_end(st, s, rc, out, "plan", err);
}

static int load_entries(sd_store *st, int64_t pid, int64_t from, int64_t to,
                        sd_diary *d, sd_error *err)
{
    sqlite3_stmt *s = stmt(st, S_ENTRY_LOAD, err);
    int rc, out = SD_OK;
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_int64(s, 1, pid);
    sqlite3_bind_int64(s, 2, from);
    sqlite3_bind_int64(s, 3, to);
    while(!out && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sd_entry e;
        memset(&e, 0, sizeof(e));
        e.id = sqlite3_column_int64(s, 0);
        e.kind = sqlite3_column_int(s, 1);
        e.sub = sqlite3_column_int(s, 2);
        e.at = sqlite3_column_int64(s, 3);
        e.tz_min = sqlite3_column_int(s, 4);
        e.entered = sqlite3_column_int64(s, 5);
        e.key = col_text(s, 6);
        e.amount_ug = sqlite3_column_int64(s, 7);
        e.value = sqlite3_column_double(s, 8);
        e.text = col_text(s, 9);
        e.severity = sqlite3_column_int(s, 10);
        e.disposition = sqlite3_column_int(s, 11);
        e.explanations = (unsigned)sqlite3_column_int64(s, 12);
        e.concepts = col_text(s, 13);
        e.rules = col_text(s, 14);
        e.sources = col_text(s, 15);
        e.score_total = sqlite3_column_int(s, 16);
        memset(e.items, -1, sizeof(e.items));
        const char *items = col_text(s, 17);
        if(items) {
            int64_t v[SD_WSCORE_MAX_ITEMS];
            if(split_list(items, ',', v, SD_WSCORE_MAX_ITEMS) !=
               SD_WSCORE_MAX_ITEMS) {
                out = damaged(err, "entry", e.id);
                break;
            }
            for(int i = 0; i < SD_WSCORE_MAX_ITEMS; i++)
                e.items[i] = (signed char)v[i];
        }
        if((rc = sd_diary_add_entry(d, &e)))
            out = add_failed(rc, err);
    }
    return load_end(st, s, rc, out, "entry", err);
}

static void row_alert(sqlite3_stmt *s, sd_alert *a)
{
    memset(a, 0, sizeof(*a));
    a->id = sqlite3_column_int64(s, 0);
    a->patient_id = sqlite3_column_int64(s, 1);
    a->rule = col_text(s, 2);
    a->key = col_text(s, 3);
    a->disposition = sqlite3_column_int(s, 4);
    a->at = sqlite3_column_int64(s, 5);
    a->entry_id = sqlite3_column_int64(s, 6);
    a->text = col_text(s, 7);
    a->advice = col_text(s, 8);
    a->sources = col_text(s, 9);
    a->created = sqlite3_column_int64(s, 10);
    a->acked_at = sqlite3_column_int64(s, 11);
    a->acked_by = col_text(s, 12);
    a->ack_note = col_text(s, 13);
}

static int load_alerts(sd_store *st, int64_t pid, sd_diary *d, sd_error *err)
{
    sqlite3_stmt *s = stmt(st, S_ALERT_LOAD, err);
    int rc, out = SD_OK;
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_int64(s, 1, pid);
    while(!out && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sd_alert a;
        row_alert(s, &a);
        if((rc = sd_diary_add_alert(d, &a)))
            out = add_failed(rc, err);
    }
    return load_end(st, s, rc, out, "alert", err);
}

int sd_store_diary_load(sd_store *st, int64_t patient_id, int64_t from,
                        int64_t to, sd_diary *d, sd_error *err)
{
    sd_patient p;
    int rc, tx = !st->batch;

    /* one read transaction: a snapshot, whoever writes meanwhile */
    if(tx && (rc = run(st, S_READ_BEGIN, err)))
        return rc;
    if(!(rc = sd_store_patient_get(st, patient_id, &p, err)) &&
       !(rc = load_rx(st, patient_id, d, err)) &&
       !(rc = load_plans(st, patient_id, d, err)) &&
       !(rc = load_entries(st, patient_id, from, to, d, err)))
        rc = load_alerts(st, patient_id, d, err);
    if(tx && !sqlite3_get_autocommit(st->db))
        run(st, S_COMMIT, NULL);
    if(rc) {
        /* nothing half loaded */
        sd_diary_release(d);
        sd_diary_init(d);
        return rc;
    }
    d->patient = p;
    sd_diary_sort(d);
    return SD_OK;
}

/* ---- Alerts ---- */

static int alert_valid(const sd_alert *a, sd_error *err)
{
    int rc;
    if(!a->rule || !*a->rule || strlen(a->rule) > SD_KEY_MAX) {
        sd_error_setf(err, "alert: give the rule's id (1 to %d bytes)",
                      SD_KEY_MAX);
        return SD_ERR_USAGE;
    }
    if((rc = check_key(a->key, "alert", err)))
        return rc;
    if(a->disposition < 0 || a->disposition >= SD_DISP_COUNT) {
        sd_error_setf(err, "alert: disposition %d; give 0 to %d",
                      a->disposition, SD_DISP_COUNT - 1);
        return SD_ERR_USAGE;
    }
    if(!a->text) {
        sd_error_setf(err, "alert: give the text saying what happened");
        return SD_ERR_USAGE;
    }
    if(a->entry_id < 0) {
        sd_error_setf(err, "alert: entry id %" PRId64 "; give the entry "
                      "behind the alert, or 0 for none", a->entry_id);
        return SD_ERR_USAGE;
    }
    return SD_OK;
}

/* Entry id must be one of patient pid's. */
static int entry_of(sd_store *st, int64_t entry_id, int64_t pid,
                    sd_error *err)
{
    sqlite3_stmt *s = stmt(st, S_ENTRY_PATIENT, err);
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_int64(s, 1, entry_id);
    int rc = sqlite3_step(s), out = SD_OK;
    if(rc == SQLITE_ROW && sqlite3_column_int64(s, 0) != pid) {
        sd_error_setf(err, "alert: entry %" PRId64 " is not patient %" PRId64
                      "'s; give one of the patient's entries, or 0",
                      entry_id, pid);
        out = SD_ERR_USAGE;
    } else if(rc == SQLITE_DONE) {
        sd_error_setf(err, "alert: no entry with id %" PRId64 "; give one of "
                      "the patient's entries, or 0", entry_id);
        out = SD_ERR_NOTFOUND;
    } else if(rc != SQLITE_ROW) {
        out = db_fail(st, err, "entry");
    }
    sqlite3_reset(s);
    return out;
}

int sd_store_alert_save(sd_store *st, int64_t patient_id, const sd_alert *a,
                        int64_t now, int64_t *id, int *is_new, sd_error *err)
{
    int rc, state;
    int64_t aid = 0;

    if((rc = alert_valid(a, err)))
        return rc;
    if((rc = tx_begin(st, err)))
        return rc;
    if((rc = patient_exists(st, patient_id, err)) ||
       (a->entry_id && (rc = entry_of(st, a->entry_id, patient_id, err)))) {
        tx_abort(st);
        return rc;
    }
    sqlite3_stmt *s = stmt(st, S_ALERT_FIND, err);
    if(!s) {
        tx_abort(st);
        return SD_ERR_IO;
    }
    sqlite3_bind_int64(s, 1, patient_id);
    bind_text(s, 2, a->rule);
    bind_text(s, 3, a->key);
    int step = sqlite3_step(s);
    if(step == SQLITE_ROW) {
        aid = sqlite3_column_int64(s, 0);
        state = a->disposition > sqlite3_column_int(s, 1) ? 2 : 0;
    } else if(step == SQLITE_DONE) {
        state = 1;
    } else {
        rc = db_fail(st, err, "alert");
        sqlite3_reset(s);
        tx_abort(st);
        return rc;
    }
    sqlite3_reset(s);
    if(state == 0) {
        tx_abort(st);   /* nothing to write */
        *id = aid;
        *is_new = 0;
        return SD_OK;
    }
    if(!(s = stmt(st, state == 1 ? S_ALERT_INS : S_ALERT_RAISE, err))) {
        tx_abort(st);
        return SD_ERR_IO;
    }
    if(state == 1) {
        sqlite3_bind_int64(s, 1, patient_id);
        bind_text(s, 2, a->rule);
        bind_text(s, 3, a->key);
        sqlite3_bind_int(s, 4, a->disposition);
        sqlite3_bind_int64(s, 5, a->at);
        if(a->entry_id)
            sqlite3_bind_int64(s, 6, a->entry_id);
        bind_text(s, 7, a->text);
        bind_text(s, 8, a->advice);
        bind_text(s, 9, a->sources);
        sqlite3_bind_int64(s, 10, now);
    } else {
        sqlite3_bind_int64(s, 1, aid);
        sqlite3_bind_int(s, 2, a->disposition);
        bind_text(s, 3, a->text);
        bind_text(s, 4, a->advice);
        bind_text(s, 5, a->sources);
    }
    if((rc = run_stmt(st, s, "alert", err))) {
        tx_abort(st);
        return rc;
    }
    if(state == 1)
        aid = sqlite3_last_insert_rowid(st->db);
    if((rc = tx_commit(st, err)))
        return rc;
    *id = aid;
    *is_new = state;
    return SD_OK;
}

/* "2026-11-24 08:00 UTC" */
static void utc_text(int64_t t, char *out, size_t cap)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if(!gmtime_r(&tt, &tm) || !strftime(out, cap, "%Y-%m-%d %H:%M UTC", &tm))
        snprintf(out, cap, "%" PRId64, t);
}

int sd_store_alert_ack(sd_store *st, int64_t id, const char *by,
                       const char *note, int64_t now, sd_error *err)
{
    int rc;

    if(!by || !*by) {
        sd_error_setf(err, "say who acknowledges the alert");
        return SD_ERR_USAGE;
    }
    if(now <= 0) {
        sd_error_setf(err, "give the time of the acknowledgement");
        return SD_ERR_USAGE;
    }
    if((rc = tx_begin(st, err)))
        return rc;
    sqlite3_stmt *s = stmt(st, S_ALERT_ACK_GET, err);
    if(!s) {
        tx_abort(st);
        return SD_ERR_IO;
    }
    sqlite3_bind_int64(s, 1, id);
    int step = sqlite3_step(s);
    if(step == SQLITE_DONE) {
        sd_error_setf(err, "no alert with id %" PRId64 "; give the id of a "
                      "listed alert", id);
        rc = SD_ERR_NOTFOUND;
    } else if(step != SQLITE_ROW) {
        rc = db_fail(st, err, "alert");
    } else if(sqlite3_column_type(s, 0) != SQLITE_NULL) {
        char when[40];
        const char *who = col_text(s, 1);
        utc_text(sqlite3_column_int64(s, 0), when, sizeof(when));
        sd_error_setf(err, "alert %" PRId64 " was acknowledged already by %s "
                      "at %s; nothing written", id, who ? who : "?", when);
        rc = SD_ERR_USAGE;
    }
    sqlite3_reset(s);
    if(rc || !(s = stmt(st, S_ALERT_ACK, err))) {
        tx_abort(st);
        return rc ? rc : SD_ERR_IO;
    }
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, now);
    bind_text(s, 3, by);
    bind_text(s, 4, note);
    if((rc = run_stmt(st, s, "alert", err))) {
        tx_abort(st);
        return rc;
    }
    return tx_commit(st, err);
}

int sd_store_alert_each(sd_store *st, int64_t patient_id, int open_only,
                        int (*fn)(const sd_alert *a, void *arg), void *arg,
                        sd_error *err)
{
    sqlite3_stmt *s;
    sd_alert a;
    int rc;

    if(patient_id < 0) {
        sd_error_setf(err, "patient id %" PRId64 "; give a patient's id, or "
                      "0 for everyone", patient_id);
        return SD_ERR_USAGE;
    }
    if(patient_id > 0) {
        sd_patient p;
        if((rc = sd_store_patient_get(st, patient_id, &p, err)))
            return rc;
    }
    if(sqlite3_prepare_v2(st->db, "SELECT " ALERT_COLS " FROM alert WHERE "
                          "(?1 = 0 OR patient_id = ?1) AND (?2 = 0 OR "
                          "acked_at IS NULL) ORDER BY disposition DESC, at, "
                          "id", -1, &s, NULL))
        return db_fail(st, err, "alert");
    sqlite3_bind_int64(s, 1, patient_id);
    sqlite3_bind_int(s, 2, open_only != 0);
    while((rc = sqlite3_step(s)) == SQLITE_ROW) {
        row_alert(s, &a);
        if(fn(&a, arg))
            break;
    }
    int out = rc == SQLITE_ROW || rc == SQLITE_DONE
                  ? SD_OK : db_fail(st, err, "alert");
    sqlite3_finalize(s);
    return out;
}

/* ---- Settings ---- */

#define SETTING_NAME_MAX 64
#define SETTING_VALUE_MAX 4096

static int setting_name_valid(const char *name, sd_error *err)
{
    size_t n = name ? strlen(name) : 0;
    int ok = n >= 1 && n <= SETTING_NAME_MAX;
    for(size_t i = 0; ok && i < n; i++) {
        char c = name[i];
        ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
             c == '-' || c == '_';
    }
    if(!ok) {
        sd_error_setf(err, "setting name '%s': give 1 to %d lowercase "
                      "letters, digits, '.', '-' or '_' (e.g. "
                      "score.moderate)", name ? name : "", SETTING_NAME_MAX);
        return SD_ERR_USAGE;
    }
    return SD_OK;
}

int sd_store_setting_get(sd_store *st, const char *name, char *buf,
                         size_t bufsz, sd_error *err)
{
    int rc;
    if((rc = setting_name_valid(name, err)))
        return rc;
    sqlite3_stmt *s = stmt(st, S_SETTING_GET, err);
    if(!s)
        return SD_ERR_IO;
    bind_text(s, 1, name);
    int step = sqlite3_step(s);
    if(step == SQLITE_ROW) {
        const char *v = col_text(s, 0);
        size_t n = v ? strlen(v) : 0;
        if(n >= bufsz) {
            sd_error_setf(err, "setting '%s' holds %zu bytes; give room for "
                          "%zu", name, n, n + 1);
            rc = SD_ERR_USAGE;
        } else {
            memcpy(buf, v ? v : "", n + 1);
        }
    } else if(step == SQLITE_DONE) {
        sd_error_setf(err, "setting '%s' is not set; the default applies",
                      name);
        rc = SD_ERR_NOTFOUND;
    } else {
        rc = db_fail(st, err, "setting");
    }
    sqlite3_reset(s);
    return rc;
}

int sd_store_setting_set(sd_store *st, const char *name, const char *value,
                         sd_error *err)
{
    int rc;
    if((rc = setting_name_valid(name, err)))
        return rc;
    if(!value || strlen(value) > SETTING_VALUE_MAX) {
        sd_error_setf(err, "setting '%s': give a value of at most %d bytes",
                      name, SETTING_VALUE_MAX);
        return SD_ERR_USAGE;
    }
    if((rc = tx_begin(st, err)))
        return rc;
    sqlite3_stmt *s = stmt(st, S_SETTING_PUT, err);
    if(!s) {
        tx_abort(st);
        return SD_ERR_IO;
    }
    bind_text(s, 1, name);
    bind_text(s, 2, value);
    if((rc = run_stmt(st, s, "setting", err))) {
        tx_abort(st);
        return rc;
    }
    return tx_commit(st, err);
}

/* ---- Maintenance ---- */

int sd_store_backup(sd_store *st, const char *path, sd_error *err)
{
    sqlite3 *dst = NULL;
    int rc, fd;

    if(!path || !*path) {
        sd_error_setf(err, "give a file for the backup");
        return SD_ERR_USAGE;
    }
    if(st->batch) {
        sd_error_setf(err, "a batch is open; commit or roll it back before "
                      "a backup");
        return SD_ERR_USAGE;
    }
    /* the file is made here, empty, and only if it did not exist */
    if((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0) {
        if(errno == EEXIST) {
            sd_error_setf(err, "%s exists; give a new file for the backup",
                          path);
            return SD_ERR_USAGE;
        }
        sd_error_setf(err, "%s: %s", path, strerror(errno));
        return SD_ERR_IO;
    }
    close(fd);
    if(sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL)) {
        sd_error_setf(err, "%s: %s", path,
                      dst ? sqlite3_errmsg(dst) : "out of memory");
        rc = dst ? SD_ERR_IO : SD_ERR_NOMEM;
        goto fail;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", st->db, "main");
    if(!b) {
        sd_error_setf(err, "backup to %s: %s", path, sqlite3_errmsg(dst));
        rc = SD_ERR_IO;
        goto fail;
    }
    /* all pages in one step; a writer holding the lock is waited for */
    int step, tries = 0;
    while((step = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
          step == SQLITE_LOCKED) {
        if(++tries > 200)
            break;
        sqlite3_sleep(25);
    }
    sqlite3_backup_finish(b);
    if(step != SQLITE_DONE) {
        sd_error_setf(err, "backup to %s: %s", path, sqlite3_errstr(step));
        rc = SD_ERR_IO;
        goto fail;
    }
    if(sqlite3_close(dst) != SQLITE_OK) {
        sd_error_setf(err, "backup to %s: %s", path, sqlite3_errmsg(dst));
        rc = SD_ERR_IO;
        goto fail;
    }
    return SD_OK;
fail:
    sqlite3_close(dst);
    unlink(path);
    return rc;
}

int sd_store_check(sd_store *st, sd_error *err)
{
    sqlite3_stmt *s;
    int rc, out = SD_OK;

    if(sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL))
        return db_fail(st, err, "integrity check");
    rc = sqlite3_step(s);
    if(rc == SQLITE_ROW) {
        const char *v = col_text(s, 0);
        if(!v || strcmp(v, "ok")) {
            sd_error_setf(err, "the database is damaged: %s; restore it "
                          "from a backup", v ? v : "?");
            out = SD_ERR_INVALID;
        }
    } else {
        out = db_fail(st, err, "integrity check");
    }
    sqlite3_finalize(s);
    if(out)
        return out;
    if(sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &s, NULL))
        return db_fail(st, err, "foreign key check");
    rc = sqlite3_step(s);
    if(rc == SQLITE_ROW) {
        const char *t = col_text(s, 0), *parent = col_text(s, 2);
        sd_error_setf(err, "the database is damaged: row %" PRId64 " of %s "
                      "refers to a missing row of %s; restore it from a "
                      "backup", (int64_t)sqlite3_column_int64(s, 1),
                      t ? t : "?", parent ? parent : "?");
        out = SD_ERR_INVALID;
    } else if(rc != SQLITE_DONE) {
        out = db_fail(st, err, "foreign key check");
    }
    sqlite3_finalize(s);
    return out;
}

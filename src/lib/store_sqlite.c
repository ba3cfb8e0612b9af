/*
** store_sqlite.c: the SQLite backend of store.h.
**
** Migrations are an ordered list of SQL scripts; the database's
** PRAGMA user_version says how many have run. Each runs in its own
** transaction with the version bump, so a crash leaves the database at a
** whole version.
*/
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "stepdown/store.h"

struct sd_store {
    sqlite3 *db;
    int version;
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
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

static int db_fail(sd_store *st, sd_error *err, const char *what)
{
    sd_error_setf(err, "%s: %s", what, sqlite3_errmsg(st->db));
    return SD_ERR_IO;
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
            sqlite3_finalize(s);
            if(rc != SQLITE_DONE)
                return db_fail(st, err, "database");
        }
        sql = tail;
    }
    return SD_OK;
}

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
    if(v > NMIGRATIONS) {
        sd_error_setf(err, "the database has schema version %d, newer than "
                      "this stepdown (%d): use a newer stepdown", v,
                      NMIGRATIONS);
        return SD_ERR_USAGE;
    }
    for(; v < NMIGRATIONS; v++) {
        char bump[64];
        snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", v + 1);
        if((rc = exec(st, "BEGIN IMMEDIATE", err)))
            return rc;
        if((rc = exec(st, migrations[v], err)) || (rc = exec(st, bump, err))) {
            exec(st, "ROLLBACK", NULL);
            return rc;
        }
        if((rc = exec(st, "COMMIT", err)))
            return rc;
    }
    st->version = v;
    return SD_OK;
}

int sd_store_open(const char *path, sd_store **out, sd_error *err)
{
    sd_store *st = sd_calloc(1, sizeof(*st));
    int rc;

    *out = NULL;
    if(!st) {
        sd_error_setf(err, "out of memory");
        return SD_ERR_NOMEM;
    }
    if(sqlite3_open_v2(path, &st->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)) {
        rc = db_fail(st, err, path);
        sd_store_close(st);
        return rc;
    }
    sqlite3_busy_timeout(st->db, 5000);
    if((rc = exec(st, "PRAGMA journal_mode = WAL", err)) ||
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
    sqlite3_close(st->db);
    sd_free(st);
}

int sd_store_schema_version(sd_store *st)
{
    return st->version;
}

/* Look the key up: 0 not seen, 1 seen with the same content (*id set),
** -1 seen with other content, or an SD_ERR_* code + 100 on failure. */
static int idem_check(sd_store *st, const char *key, const char *kind,
                      const char *content, int64_t *id, sd_error *err)
{
    sqlite3_stmt *s;
    if(sqlite3_prepare_v2(st->db, "SELECT kind, content, entry_id FROM "
                          "idempotency WHERE key = ?1", -1, &s, NULL))
        return 100 + db_fail(st, err, "idempotency");
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s), out = 0;
    if(rc == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(s, 0);
        const char *c = (const char *)sqlite3_column_text(s, 1);
        out = k && c && !strcmp(k, kind) && !strcmp(c, content) ? 1 : -1;
        *id = sqlite3_column_int64(s, 2);
    } else if(rc != SQLITE_DONE) {
        out = 100 + db_fail(st, err, "idempotency");
    }
    sqlite3_finalize(s);
    return out;
}

static int idem_record(sd_store *st, const char *key, const char *kind,
                       const char *content, int64_t id, sd_error *err)
{
    sqlite3_stmt *s;
    if(sqlite3_prepare_v2(st->db, "INSERT INTO idempotency (key, kind, "
                          "content, entry_id) VALUES (?1, ?2, ?3, ?4)", -1,
                          &s, NULL))
        return db_fail(st, err, "idempotency");
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, content, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, id);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? SD_OK : db_fail(st, err, "idempotency");
}

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
    char content[128];
    sqlite3_stmt *s;
    int rc;

    if(!idem_key || !*idem_key || strlen(idem_key) > 128) {
        sd_error_setf(err, "give an idempotency key of 1 to 128 bytes");
        return SD_ERR_USAGE;
    }
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
    snprintf(content, sizeof(content), "%s|%d", pseudonym, birth_year);
    if((rc = exec(st, "BEGIN IMMEDIATE", err)))
        return rc;
    int seen = idem_check(st, idem_key, "patient", content, id, err);
    if(seen >= 100 || seen != 0) {
        exec(st, "ROLLBACK", NULL);
        if(seen == 1)
            return SD_OK;
        if(seen == -1) {
            sd_error_setf(err, "idempotency key '%s' was used for other "
                          "content; nothing written", idem_key);
            return SD_ERR_USAGE;
        }
        return seen - 100;
    }
    if(sqlite3_prepare_v2(st->db, "INSERT INTO patient (pseudonym, "
                          "birth_year) VALUES (?1, ?2)", -1, &s, NULL)) {
        rc = db_fail(st, err, "patient");
        exec(st, "ROLLBACK", NULL);
        return rc;
    }
    sqlite3_bind_text(s, 1, pseudonym, -1, SQLITE_STATIC);
    if(birth_year)
        sqlite3_bind_int(s, 2, birth_year);
    else
        sqlite3_bind_null(s, 2);
    int step = sqlite3_step(s);
    sqlite3_finalize(s);
    if(step == SQLITE_CONSTRAINT) {
        exec(st, "ROLLBACK", NULL);
        sd_error_setf(err, "patient '%s' exists already; nothing written",
                      pseudonym);
        return SD_ERR_USAGE;
    }
    if(step != SQLITE_DONE) {
        rc = db_fail(st, err, "patient");
        exec(st, "ROLLBACK", NULL);
        return rc;
    }
    *id = sqlite3_last_insert_rowid(st->db);
    if((rc = idem_record(st, idem_key, "patient", content, *id, err)) ||
       (rc = exec(st, "COMMIT", err))) {
        exec(st, "ROLLBACK", NULL);
        return rc;
    }
    return SD_OK;
}

static void row_patient(sqlite3_stmt *s, sd_patient *p)
{
    const char *ps = (const char *)sqlite3_column_text(s, 1);
    p->id = sqlite3_column_int64(s, 0);
    snprintf(p->pseudonym, sizeof(p->pseudonym), "%s", ps ? ps : "");
    p->birth_year = sqlite3_column_int(s, 2);
}

int sd_store_patient_find(sd_store *st, const char *pseudonym,
                          sd_patient *p, sd_error *err)
{
    sqlite3_stmt *s;
    if(sqlite3_prepare_v2(st->db, "SELECT id, pseudonym, birth_year FROM "
                          "patient WHERE pseudonym = ?1", -1, &s, NULL))
        return db_fail(st, err, "patient");
    sqlite3_bind_text(s, 1, pseudonym, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s), out = SD_OK;
    if(rc == SQLITE_ROW) {
        row_patient(s, p);
    } else if(rc == SQLITE_DONE) {
        sd_error_setf(err, "no patient '%s'; add one with 'stepdown "
                      "patient add'", pseudonym);
        out = SD_ERR_USAGE;
    } else {
        out = db_fail(st, err, "patient");
    }
    sqlite3_finalize(s);
    return out;
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

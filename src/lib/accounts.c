/*
** accounts.c: accounts, care links, sessions, API tokens, the setup token
** and the audit log (accounts.h), on the store's SQLite connection.
**
** Statements are prepared once into the store's extra slots (store_int.h).
** Tokens are random bytes from libsodium in URL-safe base64; only their
** BLAKE2b-256 hash is stored.
*/
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "stepdown/accounts.h"
#include "store_int.h"

enum {
    A_INS, A_GET, A_BY_NAME, A_COUNT, A_EACH, A_SETPW, A_DISABLE, A_PWHASH,
    A_PATIENT_TAKEN,
    L_INS, L_DEL, L_HAS, L_EACH,
    S_INS, S_GET, S_TOUCH, S_DEL, S_DEL_ACCOUNT, S_PURGE,
    T_INS, T_GET, T_USED, T_REVOKE, T_EACH,
    U_DEL, U_INS, U_GET, U_SPEND,
    AU_INS, AU_EACH, AU_EACH_PATIENT,
    NSLOT
};
_Static_assert(NSLOT <= SD_STORE_NEXT, "store_int.h: raise SD_STORE_NEXT");

#define ACCOUNT_COLS "id, username, role, coalesce(patient_id, 0), disabled, " \
                     "created"

static const char *const sql[NSLOT] = {
    [A_INS] = "INSERT INTO account (username, role, pwhash, patient_id, "
              "created) VALUES (?1, ?2, ?3, ?4, ?5)",
    [A_GET] = "SELECT " ACCOUNT_COLS " FROM account WHERE id = ?1",
    [A_BY_NAME] = "SELECT " ACCOUNT_COLS ", pwhash FROM account WHERE "
                  "username = ?1",
    [A_COUNT] = "SELECT count(*) FROM account WHERE ?1 < 0 OR role = ?2",
    [A_EACH] = "SELECT " ACCOUNT_COLS " FROM account ORDER BY id",
    [A_SETPW] = "UPDATE account SET pwhash = ?2 WHERE id = ?1",
    [A_DISABLE] = "UPDATE account SET disabled = ?2 WHERE id = ?1",
    [A_PWHASH] = "SELECT pwhash FROM account WHERE id = ?1",
    [A_PATIENT_TAKEN] = "SELECT 1 FROM account WHERE patient_id = ?1",
    [L_INS] = "INSERT OR IGNORE INTO care_link (account_id, patient_id, "
              "created) VALUES (?1, ?2, ?3)",
    [L_DEL] = "DELETE FROM care_link WHERE account_id = ?1 AND "
              "patient_id = ?2",
    [L_HAS] = "SELECT 1 FROM care_link WHERE account_id = ?1 AND "
              "patient_id = ?2",
    [L_EACH] = "SELECT patient_id FROM care_link WHERE account_id = ?1 "
               "ORDER BY patient_id",
    [S_INS] = "INSERT INTO auth_session (hash, account_id, csrf, created, "
              "seen, expires) VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
    [S_GET] = "SELECT s.csrf, s.seen, s.expires, a.id, a.username, a.role, "
              "coalesce(a.patient_id, 0), a.disabled, a.created FROM "
              "auth_session s JOIN account a ON a.id = s.account_id WHERE "
              "s.hash = ?1",
    [S_TOUCH] = "UPDATE auth_session SET seen = ?2 WHERE hash = ?1",
    [S_DEL] = "DELETE FROM auth_session WHERE hash = ?1",
    [S_DEL_ACCOUNT] = "DELETE FROM auth_session WHERE account_id = ?1",
    [S_PURGE] = "DELETE FROM auth_session WHERE expires <= ?1 OR seen <= ?2",
    [T_INS] = "INSERT INTO api_token (hash, account_id, name, created) "
              "VALUES (?1, ?2, ?3, ?4)",
    [T_GET] = "SELECT t.id, t.last_used, a.id, a.username, a.role, "
              "coalesce(a.patient_id, 0), a.disabled, a.created FROM "
              "api_token t JOIN account a ON a.id = t.account_id WHERE "
              "t.hash = ?1 AND t.revoked IS NULL",
    [T_USED] = "UPDATE api_token SET last_used = ?2 WHERE id = ?1",
    [T_REVOKE] = "UPDATE api_token SET revoked = ?3 WHERE id = ?1 AND "
                 "account_id = ?2 AND revoked IS NULL",
    [T_EACH] = "SELECT id, account_id, name, created, coalesce(last_used, "
               "0), coalesce(revoked, 0) FROM api_token WHERE account_id = "
               "?1 ORDER BY id",
    [U_DEL] = "DELETE FROM setup_token WHERE used IS NULL",
    [U_INS] = "INSERT INTO setup_token (hash, created) VALUES (?1, ?2)",
    [U_GET] = "SELECT 1 FROM setup_token WHERE hash = ?1 AND used IS NULL",
    [U_SPEND] = "UPDATE setup_token SET used = ?2 WHERE hash = ?1",
    [AU_INS] = "INSERT INTO audit (at, account_id, username, role, action, "
               "method, target, patient_id, status, remote) VALUES (?1, ?2, "
               "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [AU_EACH] = "SELECT id, at, coalesce(account_id, 0), username, role, "
                "action, method, target, coalesce(patient_id, 0), status, "
                "remote FROM audit ORDER BY id DESC LIMIT ?1",
    [AU_EACH_PATIENT] = "SELECT id, at, coalesce(account_id, 0), username, "
                        "role, action, method, target, coalesce(patient_id, "
                        "0), status, remote FROM audit WHERE patient_id = ?2 "
                        "ORDER BY id DESC LIMIT ?1",
};

static const char *const role_names[] = {"patient", "clinician", "admin"};

const char *sd_account_role_name(int role)
{
    return role >= 0 && role <= SD_ROLE_ADMIN ? role_names[role] : "?";
}

int sd_account_role_parse(const char *name, int *role)
{
    for(int i = 0; i <= SD_ROLE_ADMIN; i++)
        if(name && !strcmp(name, role_names[i])) {
            *role = i;
            return SD_OK;
        }
    return SD_ERR_INVALID;
}

int sd_accounts_init(sd_error *err)
{
    if(sodium_init() < 0) {
        sd_error_setf(err, "libsodium could not start (no random source?)");
        return SD_ERR_IO;
    }
    return SD_OK;
}

/* ---- statements ---- */

static sqlite3_stmt *prep(sd_store *st, int slot, sd_error *err)
{
    return sd_store_stmt(st, slot, sql[slot], err);
}

static int db_fail(sd_store *st, sd_error *err)
{
    sd_error_setf(err, "database: %s", sqlite3_errmsg(sd_store_db(st)));
    return SD_ERR_IO;
}

/* Step a write to its end. */
static int run(sd_store *st, sqlite3_stmt *s, sd_error *err)
{
    int rc = sqlite3_step(s);
    int out = rc == SQLITE_DONE || rc == SQLITE_ROW ? SD_OK
                                                     : db_fail(st, err);
    sqlite3_reset(s);
    return out;
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if(v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

static void bind_id(sqlite3_stmt *s, int i, int64_t v)
{
    if(v)
        sqlite3_bind_int64(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

static const char *col_text(sqlite3_stmt *s, int i)
{
    const char *t = (const char *)sqlite3_column_text(s, i);
    return t ? t : "";
}

/* An account from columns at..at+5 (ACCOUNT_COLS). */
static void row_account(sqlite3_stmt *s, int at, sd_account *a)
{
    memset(a, 0, sizeof(*a));
    a->id = sqlite3_column_int64(s, at);
    snprintf(a->username, sizeof(a->username), "%s", col_text(s, at + 1));
    if(sd_account_role_parse(col_text(s, at + 2), &a->role))
        a->role = SD_ROLE_PATIENT;   /* the CHECK makes this unreachable */
    a->patient_id = sqlite3_column_int64(s, at + 3);
    a->disabled = sqlite3_column_int(s, at + 4);
    a->created = sqlite3_column_int64(s, at + 5);
}

/* ---- tokens ---- */

typedef unsigned char token_hash[crypto_generichash_BYTES];

/* n random bytes in URL-safe base64 after prefix, into out. */
static void random_token(const char *prefix, size_t n, char *out)
{
    unsigned char raw[32];
    size_t k = strlen(prefix);
    randombytes_buf(raw, n);
    memcpy(out, prefix, k);
    sodium_bin2base64(out + k, SD_TOKEN_CHARS - k, raw, n,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
}

static void hash_token(const char *token, token_hash h)
{
    crypto_generichash(h, sizeof(token_hash), (const unsigned char *)token,
                       strlen(token), NULL, 0);
}

/* ---- checks ---- */

int sd_username_check(const char *u, sd_error *err)
{
    size_t n = u ? strlen(u) : 0;
    if(n < 1 || n > SD_USERNAME_MAX) {
        sd_error_setf(err, "give a username of 1 to %d characters",
                      SD_USERNAME_MAX);
        return SD_ERR_INVALID;
    }
    for(size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)u[i];
        if(!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
             (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
             c == '@')) {
            sd_error_setf(err, "a username has letters, digits and . _ - @ "
                          "only (not '%c')", c >= 32 && c < 127 ? c : '?');
            return SD_ERR_INVALID;
        }
    }
    return SD_OK;
}

int sd_password_check(const char *p, sd_error *err)
{
    size_t n = p ? strlen(p) : 0;
    if(n < SD_PASSWORD_MIN || n > SD_PASSWORD_MAX) {
        sd_error_setf(err, "give a password of %d to %d characters; a few "
                      "unrelated words make a good one", SD_PASSWORD_MIN,
                      SD_PASSWORD_MAX);
        return SD_ERR_INVALID;
    }
    return SD_OK;
}

static int hash_password(const char *pw, char out[crypto_pwhash_STRBYTES],
                         sd_error *err)
{
    if(crypto_pwhash_str_alg(out, pw, strlen(pw),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13)) {
        sd_error_setf(err, "out of memory hashing the password");
        return SD_ERR_NOMEM;
    }
    return SD_OK;
}

/* ---- accounts ---- */

int sd_account_create(sd_store *st, const char *username,
                      const char *password, int role, int64_t patient_id,
                      int64_t now, int64_t *id, sd_error *err)
{
    char h[crypto_pwhash_STRBYTES];
    sd_patient p;
    sqlite3_stmt *s;
    int rc;

    if((rc = sd_username_check(username, err)) ||
       (rc = sd_password_check(password, err)))
        return rc;
    if(role < 0 || role > SD_ROLE_ADMIN) {
        sd_error_setf(err, "give the role: patient, clinician or admin");
        return SD_ERR_INVALID;
    }
    if((role == SD_ROLE_PATIENT) != (patient_id != 0)) {
        sd_error_setf(err, role == SD_ROLE_PATIENT
                               ? "a patient account needs its patient record"
                               : "only a patient account has a patient "
                                 "record");
        return SD_ERR_INVALID;
    }
    if(patient_id) {
        if((rc = sd_store_patient_get(st, patient_id, &p, err)))
            return rc;
        if(!(s = prep(st, A_PATIENT_TAKEN, err)))
            return SD_ERR_IO;
        sqlite3_bind_int64(s, 1, patient_id);
        rc = sqlite3_step(s);
        sqlite3_reset(s);
        if(rc == SQLITE_ROW) {
            sd_error_setf(err, "patient %s has an account already",
                          p.pseudonym);
            return SD_ERR_INVALID;
        }
    }
    if((rc = hash_password(password, h, err)))
        return rc;
    if(!(s = prep(st, A_INS, err)))
        return SD_ERR_IO;
    sqlite3_bind_text(s, 1, username, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, role_names[role], -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, h, -1, SQLITE_STATIC);
    bind_id(s, 4, patient_id);
    sqlite3_bind_int64(s, 5, now);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if(rc == SQLITE_CONSTRAINT) {
        sd_error_setf(err, "the username '%s' is taken", username);
        return SD_ERR_INVALID;
    }
    if(rc != SQLITE_DONE)
        return db_fail(st, err);
    *id = sqlite3_last_insert_rowid(sd_store_db(st));
    return SD_OK;
}

int sd_account_get(sd_store *st, int64_t id, sd_account *a, sd_error *err)
{
    sqlite3_stmt *s = prep(st, A_GET, err);
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if(rc == SQLITE_ROW)
        row_account(s, 0, a);
    sqlite3_reset(s);
    if(rc == SQLITE_ROW)
        return SD_OK;
    if(rc != SQLITE_DONE)
        return db_fail(st, err);
    sd_error_setf(err, "no account %lld", (long long)id);
    return SD_ERR_NOTFOUND;
}

int sd_account_count(sd_store *st, int role, int64_t *n, sd_error *err)
{
    sqlite3_stmt *s = prep(st, A_COUNT, err);
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_int(s, 1, role);
    bind_text(s, 2, role >= 0 ? sd_account_role_name(role) : NULL);
    int rc = sqlite3_step(s);
    *n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? SD_OK : db_fail(st, err);
}

int sd_account_each(sd_store *st, int (*fn)(const sd_account *a, void *arg),
                    void *arg, sd_error *err)
{
    sqlite3_stmt *s = prep(st, A_EACH, err);
    sd_account a;
    int rc, out = SD_OK;
    if(!s)
        return SD_ERR_IO;
    while((rc = sqlite3_step(s)) == SQLITE_ROW) {
        row_account(s, 0, &a);
        if((out = fn(&a, arg)))
            break;
    }
    if(!out && rc != SQLITE_DONE)
        out = db_fail(st, err);
    sqlite3_reset(s);
    return out;
}

int sd_account_set_password(sd_store *st, int64_t id, const char *password,
                            sd_error *err)
{
    char h[crypto_pwhash_STRBYTES];
    sd_account a;
    int rc;
    if((rc = sd_password_check(password, err)) ||
       (rc = sd_account_get(st, id, &a, err)) ||
       (rc = hash_password(password, h, err)))
        return rc;
    sqlite3_stmt *s = prep(st, A_SETPW, err);
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, h, -1, SQLITE_STATIC);
    return run(st, s, err);
}

int sd_account_set_disabled(sd_store *st, int64_t id, int disabled,
                            sd_error *err)
{
    sd_account a;
    sqlite3_stmt *s;
    int rc;
    if((rc = sd_account_get(st, id, &a, err)))
        return rc;
    if(!(s = prep(st, A_DISABLE, err)))
        return SD_ERR_IO;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int(s, 2, disabled != 0);
    if((rc = run(st, s, err)) || !disabled)
        return rc;
    if(!(s = prep(st, S_DEL_ACCOUNT, err)))
        return SD_ERR_IO;
    sqlite3_bind_int64(s, 1, id);
    return run(st, s, err);
}

/* A hash of a password nobody has, verified when the username is unknown
** so that the answer takes as long either way. */
static const char *dummy_hash(void)
{
    static char h[crypto_pwhash_STRBYTES];
    static int made;
    if(!made) {
        if(crypto_pwhash_str_alg(h, "no account has this password", 28,
                                 crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                 crypto_pwhash_MEMLIMIT_INTERACTIVE,
                                 crypto_pwhash_ALG_ARGON2ID13))
            return NULL;
        made = 1;
    }
    return h;
}

int sd_account_login(sd_store *st, const char *username,
                     const char *password, sd_account *a, int *ok,
                     sd_error *err)
{
    char h[crypto_pwhash_STRBYTES] = "";
    sqlite3_stmt *s = prep(st, A_BY_NAME, err);
    int rc, found = 0;
    *ok = 0;
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_text(s, 1, username ? username : "", -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if(rc == SQLITE_ROW) {
        row_account(s, 0, a);
        snprintf(h, sizeof(h), "%s", col_text(s, 6));
        found = 1;
    }
    sqlite3_reset(s);
    if(rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(st, err);
    const char *check = found ? h : dummy_hash();
    size_t n = password ? strlen(password) : 0;
    int match = check && n <= SD_PASSWORD_MAX &&
                crypto_pwhash_str_verify(check, password ? password : "",
                                         n) == 0;
    sodium_memzero(h, sizeof(h));
    *ok = found && match && !a->disabled;
    return SD_OK;
}

int sd_account_verify(sd_store *st, int64_t id, const char *password,
                      int *ok, sd_error *err)
{
    char h[crypto_pwhash_STRBYTES] = "";
    sqlite3_stmt *s = prep(st, A_PWHASH, err);
    *ok = 0;
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if(rc == SQLITE_ROW)
        snprintf(h, sizeof(h), "%s", col_text(s, 0));
    sqlite3_reset(s);
    if(rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? SD_OK : db_fail(st, err);
    size_t n = password ? strlen(password) : 0;
    *ok = n <= SD_PASSWORD_MAX &&
          crypto_pwhash_str_verify(h, password ? password : "", n) == 0;
    sodium_memzero(h, sizeof(h));
    return SD_OK;
}

/* ---- care links ---- */

int sd_link_set(sd_store *st, int64_t account_id, int64_t patient_id,
                int on, int64_t now, sd_error *err)
{
    sd_account a;
    sd_patient p;
    int rc;
    if((rc = sd_account_get(st, account_id, &a, err)) ||
       (rc = sd_store_patient_get(st, patient_id, &p, err)))
        return rc;
    if(a.role == SD_ROLE_PATIENT) {
        sd_error_setf(err, "a patient account sees its own record only; "
                      "link a clinician");
        return SD_ERR_INVALID;
    }
    sqlite3_stmt *s = prep(st, on ? L_INS : L_DEL, err);
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_int64(s, 1, account_id);
    sqlite3_bind_int64(s, 2, patient_id);
    if(on)
        sqlite3_bind_int64(s, 3, now);
    return run(st, s, err);
}

int sd_link_allows(sd_store *st, const sd_account *a, int64_t patient_id,
                   int *ok, sd_error *err)
{
    *ok = 0;
    if(a->role == SD_ROLE_PATIENT) {
        *ok = patient_id != 0 && a->patient_id == patient_id;
        return SD_OK;
    }
    sqlite3_stmt *s = prep(st, L_HAS, err);
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_int64(s, 1, a->id);
    sqlite3_bind_int64(s, 2, patient_id);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    *ok = rc == SQLITE_ROW;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SD_OK : db_fail(st, err);
}

int sd_link_each(sd_store *st, const sd_account *a,
                 int (*fn)(int64_t patient_id, void *arg), void *arg,
                 sd_error *err)
{
    if(a->role == SD_ROLE_PATIENT)
        return a->patient_id ? fn(a->patient_id, arg) : SD_OK;
    /* The callback may use the store: collect the ids first. */
    sqlite3_stmt *s = prep(st, L_EACH, err);
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int rc, out = SD_OK;
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_int64(s, 1, a->id);
    while((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if(n == cap) {
            int64_t *m = sd_realloc(ids, (cap = cap ? cap * 2 : 32) *
                                             sizeof(*ids));
            if(!m) {
                out = SD_ERR_NOMEM;
                sd_error_setf(err, "out of memory");
                break;
            }
            ids = m;
        }
        ids[n++] = sqlite3_column_int64(s, 0);
    }
    if(!out && rc != SQLITE_DONE)
        out = db_fail(st, err);
    sqlite3_reset(s);
    for(size_t i = 0; i < n && !out; i++)
        out = fn(ids[i], arg);
    sd_free(ids);
    return out;
}

/* ---- sessions ---- */

int sd_session_open(sd_store *st, int64_t account_id, int64_t now,
                    char *token, char *csrf, sd_error *err)
{
    token_hash h;
    sqlite3_stmt *s;
    int rc;
    /* Forget the sessions that have ended, now and then. */
    if((s = prep(st, S_PURGE, err))) {
        sqlite3_bind_int64(s, 1, now);
        sqlite3_bind_int64(s, 2, now - SD_SESSION_IDLE_S);
        run(st, s, err);
    }
    random_token("", 32, token);
    random_token("", 24, csrf);
    hash_token(token, h);
    if(!(s = prep(st, S_INS, err)))
        return SD_ERR_IO;
    sqlite3_bind_blob(s, 1, h, sizeof(h), SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, account_id);
    sqlite3_bind_text(s, 3, csrf, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, now);
    sqlite3_bind_int64(s, 5, now + SD_SESSION_MAX_S);
    rc = run(st, s, err);
    return rc;
}

int sd_session_find(sd_store *st, const char *token, int64_t now,
                    sd_account *a, char *csrf, int *ok, sd_error *err)
{
    token_hash h;
    int64_t seen = 0, expires = 0;
    sqlite3_stmt *s = prep(st, S_GET, err);
    *ok = 0;
    if(!s)
        return SD_ERR_IO;
    hash_token(token, h);
    sqlite3_bind_blob(s, 1, h, sizeof(h), SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if(rc == SQLITE_ROW) {
        snprintf(csrf, SD_TOKEN_CHARS, "%s", col_text(s, 0));
        seen = sqlite3_column_int64(s, 1);
        expires = sqlite3_column_int64(s, 2);
        row_account(s, 3, a);
    }
    sqlite3_reset(s);
    if(rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? SD_OK : db_fail(st, err);
    if(now >= expires || now - seen >= SD_SESSION_IDLE_S || a->disabled)
        return SD_OK;
    *ok = 1;
    /* Keep it alive; once a minute is enough, and saves a write per
    ** request. */
    if(now - seen >= 60 && (s = prep(st, S_TOUCH, err))) {
        sqlite3_bind_blob(s, 1, h, sizeof(h), SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, now);
        return run(st, s, err);
    }
    return SD_OK;
}

int sd_session_close(sd_store *st, const char *token, sd_error *err)
{
    token_hash h;
    sqlite3_stmt *s = prep(st, S_DEL, err);
    if(!s)
        return SD_ERR_IO;
    hash_token(token, h);
    sqlite3_bind_blob(s, 1, h, sizeof(h), SQLITE_STATIC);
    return run(st, s, err);
}

/* ---- API tokens ---- */

int sd_token_create(sd_store *st, int64_t account_id, const char *name,
                    int64_t now, char *token, int64_t *id, sd_error *err)
{
    token_hash h;
    size_t n = name ? strlen(name) : 0;
    if(n < 1 || n > 64) {
        sd_error_setf(err, "give the token a name of 1 to 64 characters "
                      "(what uses it)");
        return SD_ERR_INVALID;
    }
    random_token(SD_API_TOKEN_PREFIX, 32, token);
    hash_token(token, h);
    sqlite3_stmt *s = prep(st, T_INS, err);
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_blob(s, 1, h, sizeof(h), SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, account_id);
    sqlite3_bind_text(s, 3, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, now);
    int rc = run(st, s, err);
    if(!rc)
        *id = sqlite3_last_insert_rowid(sd_store_db(st));
    return rc;
}

int sd_token_find(sd_store *st, const char *token, int64_t now,
                  sd_account *a, int *ok, sd_error *err)
{
    token_hash h;
    int64_t id = 0, last = 0;
    sqlite3_stmt *s = prep(st, T_GET, err);
    *ok = 0;
    if(!s)
        return SD_ERR_IO;
    hash_token(token, h);
    sqlite3_bind_blob(s, 1, h, sizeof(h), SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if(rc == SQLITE_ROW) {
        id = sqlite3_column_int64(s, 0);
        last = sqlite3_column_int64(s, 1);
        row_account(s, 2, a);
    }
    sqlite3_reset(s);
    if(rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? SD_OK : db_fail(st, err);
    *ok = !a->disabled;
    if(*ok && now - last >= 60 && (s = prep(st, T_USED, err))) {
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, now);
        return run(st, s, err);
    }
    return SD_OK;
}

int sd_token_revoke(sd_store *st, int64_t account_id, int64_t id,
                    int64_t now, sd_error *err)
{
    sqlite3_stmt *s = prep(st, T_REVOKE, err);
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, account_id);
    sqlite3_bind_int64(s, 3, now);
    int rc = run(st, s, err);
    if(!rc && !sqlite3_changes(sd_store_db(st))) {
        sd_error_setf(err, "no token %lld of yours to revoke", (long long)id);
        return SD_ERR_NOTFOUND;
    }
    return rc;
}

int sd_token_each(sd_store *st, int64_t account_id,
                  int (*fn)(const sd_api_token *t, void *arg), void *arg,
                  sd_error *err)
{
    sqlite3_stmt *s = prep(st, T_EACH, err);
    sd_api_token t;
    int rc, out = SD_OK;
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_int64(s, 1, account_id);
    while((rc = sqlite3_step(s)) == SQLITE_ROW) {
        memset(&t, 0, sizeof(t));
        t.id = sqlite3_column_int64(s, 0);
        t.account_id = sqlite3_column_int64(s, 1);
        snprintf(t.name, sizeof(t.name), "%s", col_text(s, 2));
        t.created = sqlite3_column_int64(s, 3);
        t.last_used = sqlite3_column_int64(s, 4);
        t.revoked = sqlite3_column_int64(s, 5);
        if((out = fn(&t, arg)))
            break;
    }
    if(!out && rc != SQLITE_DONE)
        out = db_fail(st, err);
    sqlite3_reset(s);
    return out;
}

/* ---- the setup token ---- */

int sd_setup_token_new(sd_store *st, int64_t now, char *token,
                       sd_error *err)
{
    token_hash h;
    sqlite3_stmt *s = prep(st, U_DEL, err);
    int rc;
    if(!s || (rc = run(st, s, err)))
        return SD_ERR_IO;
    random_token("", 24, token);
    hash_token(token, h);
    if(!(s = prep(st, U_INS, err)))
        return SD_ERR_IO;
    sqlite3_bind_blob(s, 1, h, sizeof(h), SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, now);
    return run(st, s, err);
}

int sd_setup_token_use(sd_store *st, const char *token, int64_t now,
                       int *ok, sd_error *err)
{
    token_hash h;
    sqlite3_stmt *s = prep(st, U_GET, err);
    *ok = 0;
    if(!s)
        return SD_ERR_IO;
    hash_token(token ? token : "", h);
    sqlite3_bind_blob(s, 1, h, sizeof(h), SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if(rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? SD_OK : db_fail(st, err);
    if(!(s = prep(st, U_SPEND, err)))
        return SD_ERR_IO;
    sqlite3_bind_blob(s, 1, h, sizeof(h), SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, now);
    if((rc = run(st, s, err)))
        return rc;
    *ok = 1;
    return SD_OK;
}

/* ---- audit ---- */

int sd_audit_add(sd_store *st, const sd_audit *a, sd_error *err)
{
    sqlite3_stmt *s = prep(st, AU_INS, err);
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_int64(s, 1, a->at);
    bind_id(s, 2, a->account_id);
    bind_text(s, 3, a->username);
    bind_text(s, 4, a->role);
    bind_text(s, 5, a->action);
    bind_text(s, 6, a->method);
    bind_text(s, 7, a->target);
    bind_id(s, 8, a->patient_id);
    sqlite3_bind_int(s, 9, a->status);
    bind_text(s, 10, a->remote);
    return run(st, s, err);
}

int sd_audit_each(sd_store *st, int64_t patient_id, int limit,
                  int (*fn)(const sd_audit *a, void *arg), void *arg,
                  sd_error *err)
{
    sqlite3_stmt *s = prep(st, patient_id ? AU_EACH_PATIENT : AU_EACH, err);
    sd_audit a;
    int rc, out = SD_OK;
    if(!s)
        return SD_ERR_IO;
    sqlite3_bind_int(s, 1, limit);
    if(patient_id)
        sqlite3_bind_int64(s, 2, patient_id);
    while((rc = sqlite3_step(s)) == SQLITE_ROW) {
        a.id = sqlite3_column_int64(s, 0);
        a.at = sqlite3_column_int64(s, 1);
        a.account_id = sqlite3_column_int64(s, 2);
        a.username = (const char *)sqlite3_column_text(s, 3);
        a.role = (const char *)sqlite3_column_text(s, 4);
        a.action = col_text(s, 5);
        a.method = col_text(s, 6);
        a.target = col_text(s, 7);
        a.patient_id = sqlite3_column_int64(s, 8);
        a.status = sqlite3_column_int(s, 9);
        a.remote = (const char *)sqlite3_column_text(s, 10);
        if((out = fn(&a, arg)))
            break;
    }
    if(!out && rc != SQLITE_DONE)
        out = db_fail(st, err);
    sqlite3_reset(s);
    return out;
}

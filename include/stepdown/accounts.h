/*
** accounts.h: the server's accounts, care links, sessions, API tokens and
** audit log, in the same database as the diaries (store.h).
**
** Passwords are hashed with Argon2id (libsodium's crypto_pwhash_str at its
** "interactive" cost). Session, CSRF, API and setup tokens are 32 random
** bytes in URL-safe base64; the database keeps only a BLAKE2b hash of the
** session, API and setup tokens, so a copy of it opens no session.
**
** Every function returns SD_OK or an SD_ERR_* code with err set:
** SD_ERR_INVALID for a username, password or role that breaks a rule (or a
** username already taken), SD_ERR_NOTFOUND when the thing does not exist,
** SD_ERR_IO when the database fails.
*/
#ifndef STEPDOWN_ACCOUNTS_H
#define STEPDOWN_ACCOUNTS_H

#include <stddef.h>
#include <stdint.h>

#include "stepdown.h"
#include "store.h"

enum sd_role { SD_ROLE_PATIENT, SD_ROLE_CLINICIAN, SD_ROLE_ADMIN };

#define SD_USERNAME_MAX 64
#define SD_PASSWORD_MIN 10
#define SD_PASSWORD_MAX 1024
#define SD_TOKEN_CHARS 48      /* room for any token below, NUL included */
#define SD_API_TOKEN_PREFIX "sdt_"

/* Session lifetime: from the login, and since the last request. */
#define SD_SESSION_MAX_S (12 * 3600)
#define SD_SESSION_IDLE_S (2 * 3600)

typedef struct sd_account {
    int64_t id;
    char username[SD_USERNAME_MAX + 1];
    int role;                /* enum sd_role */
    int64_t patient_id;      /* a patient's own record; 0 for the others */
    int disabled;
    int64_t created;
} sd_account;

const char *sd_account_role_name(int role);              /* "patient", ... */
int sd_account_role_parse(const char *name, int *role);  /* SD_ERR_INVALID */

/* Initialise libsodium; call once before any other function here. */
int sd_accounts_init(sd_error *err);

/* Check a username (1-64 of letters, digits, '.', '_', '-', '@') and a
** password (10-1024 bytes). */
int sd_username_check(const char *username, sd_error *err);
int sd_password_check(const char *password, sd_error *err);

/* Create an account. A patient account needs patient_id (a patient record
** with no account yet); the others take 0. */
int sd_account_create(sd_store *st, const char *username,
                      const char *password, int role, int64_t patient_id,
                      int64_t now, int64_t *id, sd_error *err);
int sd_account_get(sd_store *st, int64_t id, sd_account *a, sd_error *err);
int sd_account_count(sd_store *st, int role, int64_t *n, sd_error *err);
int sd_account_each(sd_store *st, int (*fn)(const sd_account *a, void *arg),
                    void *arg, sd_error *err);
int sd_account_set_password(sd_store *st, int64_t id, const char *password,
                            sd_error *err);
/* Disabling an account also ends its sessions. */
int sd_account_set_disabled(sd_store *st, int64_t id, int disabled,
                            sd_error *err);

/* Check a username and password. *ok is 1 and *a filled when they match
** an enabled account, else 0 (the time taken does not tell whether the
** username exists). */
int sd_account_login(sd_store *st, const char *username,
                     const char *password, sd_account *a, int *ok,
                     sd_error *err);
/* Check the password of account id (changing one's password). */
int sd_account_verify(sd_store *st, int64_t id, const char *password,
                      int *ok, sd_error *err);

/* Care links: which non-patient accounts may read a patient's diary. */
int sd_link_set(sd_store *st, int64_t account_id, int64_t patient_id,
                int on, int64_t now, sd_error *err);
/* *ok is 1 when account a may see patient_id: a patient their own
** record, another role a linked one. */
int sd_link_allows(sd_store *st, const sd_account *a, int64_t patient_id,
                   int *ok, sd_error *err);
/* The patients account a may see, in id order. */
int sd_link_each(sd_store *st, const sd_account *a,
                 int (*fn)(int64_t patient_id, void *arg), void *arg,
                 sd_error *err);

/* Sessions. sd_session_open writes a new session token and its CSRF token
** (each SD_TOKEN_CHARS long at most). sd_session_find fills *a and csrf
** when the token names a live session of an enabled account, and keeps
** it alive; *ok is 0 otherwise. */
int sd_session_open(sd_store *st, int64_t account_id, int64_t now,
                    char *token, char *csrf, sd_error *err);
int sd_session_find(sd_store *st, const char *token, int64_t now,
                    sd_account *a, char *csrf, int *ok, sd_error *err);
int sd_session_close(sd_store *st, const char *token, sd_error *err);

/* API tokens ("sdt_..."), shown once when made. */
typedef struct sd_api_token {
    int64_t id;
    int64_t account_id;
    char name[65];
    int64_t created, last_used, revoked;
} sd_api_token;
int sd_token_create(sd_store *st, int64_t account_id, const char *name,
                    int64_t now, char *token, int64_t *id, sd_error *err);
int sd_token_find(sd_store *st, const char *token, int64_t now,
                  sd_account *a, int *ok, sd_error *err);
int sd_token_revoke(sd_store *st, int64_t account_id, int64_t id,
                    int64_t now, sd_error *err);
int sd_token_each(sd_store *st, int64_t account_id,
                  int (*fn)(const sd_api_token *t, void *arg), void *arg,
                  sd_error *err);

/* The one-time setup token for the first admin. sd_setup_token_new
** replaces any unused one (printed at each start while there is no
** admin); sd_setup_token_use checks and spends it. */
int sd_setup_token_new(sd_store *st, int64_t now, char *token,
                       sd_error *err);
int sd_setup_token_use(sd_store *st, const char *token, int64_t now,
                       int *ok, sd_error *err);

/* One line of the audit log. */
typedef struct sd_audit {
    int64_t id;
    int64_t at;
    int64_t account_id;      /* 0: no account */
    const char *username;    /* NULL: none */
    const char *role;
    const char *action;      /* read, write, login, login-failed, logout,
                             ** account, link, token, setup */
    const char *method;      /* GET, POST, ... */
    const char *target;      /* the path */
    int64_t patient_id;      /* 0: none */
    int status;              /* the HTTP status answered */
    const char *remote;      /* the client address */
} sd_audit;
int sd_audit_add(sd_store *st, const sd_audit *a, sd_error *err);
/* The newest lines first, at most limit; patient_id 0 for all. */
int sd_audit_each(sd_store *st, int64_t patient_id, int limit,
                  int (*fn)(const sd_audit *a, void *arg), void *arg,
                  sd_error *err);

#endif /* STEPDOWN_ACCOUNTS_H */

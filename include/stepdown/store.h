/*
** store.h: the diary's storage.
**
** One interface for every read and write of patient data, so that the
** engine never sees SQL and another backend (PostgreSQL) can be added
** behind the same calls. The embedded default is one SQLite file: WAL
** mode, foreign keys on, a busy timeout so the command line and a server
** can write at once, a schema version with forward migrations, every
** write in a transaction, prepared statements only.
**
** Every entry carries an idempotency key: writing the same key with the
** same content again returns the first entry's id and writes nothing; the
** same key with other content is refused (SD_ERR_USAGE), nothing written.
** Keys are unique across the whole database. The content compared is
** what the record holds, without its `entered` time, so a retry stamped
** later is still the same entry.
**
** Writes check only what the database must hold (a known patient, a
** unique key, fields in range); what an entry means for a patient is
** checked before, by sd_entry_check() (diary.h).
*/
#ifndef STEPDOWN_STORE_H
#define STEPDOWN_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "diary.h"
#include "stepdown.h"

typedef struct sd_store sd_store;

/* The schema version this build migrates to. */
#define SD_STORE_SCHEMA_VERSION 3

/* Open (creating if needed) the database at path and migrate it forward.
** Refuses a database from a newer stepdown (a higher schema version). */
int sd_store_open(const char *path, sd_store **out, sd_error *err);
void sd_store_close(sd_store *st);

/* The schema version of the open database. */
int sd_store_schema_version(sd_store *st);

/* ---- Transactions ----
** Every write below runs in its own transaction. Between sd_store_begin()
** and sd_store_commit() the writes join one transaction instead (a batch:
** an import, a benchmark); a failed write inside a batch undoes only
** itself. sd_store_rollback() drops the whole batch. */
int sd_store_begin(sd_store *st, sd_error *err);
int sd_store_commit(sd_store *st, sd_error *err);
void sd_store_rollback(sd_store *st);

/* ---- Patients ---- */

/* Add a patient. *id is the new (or, for a repeated idempotency key with
** the same content, the existing) id. SD_ERR_USAGE with err for a bad
** pseudonym or birth year, a pseudonym in use, or a key reused with other
** content; nothing is written then. */
int sd_store_patient_add(sd_store *st, const char *idem_key,
                         const char *pseudonym, int birth_year, int64_t *id,
                         sd_error *err);

/* Find a patient by pseudonym, or by id. SD_OK and *p, or SD_ERR_NOTFOUND
** with err saying how to add one. */
int sd_store_patient_find(sd_store *st, const char *pseudonym,
                          sd_patient *p, sd_error *err);
int sd_store_patient_get(sd_store *st, int64_t id, sd_patient *p,
                         sd_error *err);

/* Call fn for each patient in pseudonym order; stops when fn returns
** non-zero. */
int sd_store_patient_each(sd_store *st,
                          int (*fn)(const sd_patient *p, void *arg),
                          void *arg, sd_error *err);

/* ---- Prescriptions, plans, entries ---- */

/* Record a prescription for a patient (rx->key is its idempotency key).
** A prescription is never changed: a new one with a later start_day takes
** over from that day. */
int sd_store_rx_add(sd_store *st, int64_t patient_id, const sd_rx *rx,
                    int64_t *id, sd_error *err);

/* Record a new version of the patient's taper plan (pv->json and
** pv->steps; pv->version is ignored). *version is the number given, 1 for
** the first. */
int sd_store_plan_add(sd_store *st, int64_t patient_id,
                      const sd_plan_version *pv, int64_t *id, int *version,
                      sd_error *err);

/* Record an entry of any kind (e->key is its idempotency key). */
int sd_store_entry_add(sd_store *st, int64_t patient_id, const sd_entry *e,
                       int64_t *id, sd_error *err);

/* Load a patient's diary into d (initialised by the caller): the patient,
** every prescription, plan version and alert, and the entries with
** from <= at < to (from = INT64_MIN and to = INT64_MAX for all). */
int sd_store_diary_load(sd_store *st, int64_t patient_id, int64_t from,
                        int64_t to, sd_diary *d, sd_error *err);

/* ---- Alerts ---- */

/* Store an alert the monitor raised (a->rule, a->key, ...; a->created is
** set to now). Deduplicated on (patient, rule, key): an alert already
** stored is not stored again (*is_new = 0, *id the stored one), unless
** the new one has a higher disposition, which updates the stored alert's
** disposition, text, advice and sources, and reopens it if acknowledged
** (*is_new = 2). A new alert gives *is_new = 1. */
int sd_store_alert_save(sd_store *st, int64_t patient_id, const sd_alert *a,
                        int64_t now, int64_t *id, int *is_new, sd_error *err);

/* Acknowledge alert id as clinician `by` with an optional note.
** SD_ERR_NOTFOUND for an unknown id; SD_ERR_USAGE when it is already
** acknowledged (err says by whom and when). */
int sd_store_alert_ack(sd_store *st, int64_t id, const char *by,
                       const char *note, int64_t now, sd_error *err);

/* Call fn for the alerts of one patient (patient_id > 0) or of everyone
** (0), open ones only when open_only, highest disposition first, then
** oldest first. The alert's strings live until fn returns. */
int sd_store_alert_each(sd_store *st, int64_t patient_id, int open_only,
                        int (*fn)(const sd_alert *a, void *arg), void *arg,
                        sd_error *err);

/* ---- Settings ----
** Named values (e.g. "score.moderate"): get copies the value into buf and
** returns SD_OK, or SD_ERR_NOTFOUND when unset. */
int sd_store_setting_get(sd_store *st, const char *name, char *buf,
                         size_t bufsz, sd_error *err);
int sd_store_setting_set(sd_store *st, const char *name, const char *value,
                         sd_error *err);

/* ---- Maintenance ---- */

/* Copy the whole database to a new file at path with SQLite's online
** backup API, while others may write. Refuses an existing path. */
int sd_store_backup(sd_store *st, const char *path, sd_error *err);

/* PRAGMA integrity_check: SD_OK when "ok", else SD_ERR_INVALID with the
** first problem in err. */
int sd_store_check(sd_store *st, sd_error *err);

#endif /* STEPDOWN_STORE_H */

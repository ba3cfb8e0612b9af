/*
** store.h: the diary's storage (issue 5, in progress).
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
** same key with other content is refused.
*/
#ifndef STEPDOWN_STORE_H
#define STEPDOWN_STORE_H

#include <stdint.h>

#include "stepdown.h"

typedef struct sd_store sd_store;

/* The schema version this build migrates to. */
#define SD_STORE_SCHEMA_VERSION 1

/* Open (creating if needed) the database at path and migrate it forward.
** Refuses a database from a newer stepdown (a higher schema version). */
int sd_store_open(const char *path, sd_store **out, sd_error *err);
void sd_store_close(sd_store *st);

/* The schema version of the open database. */
int sd_store_schema_version(sd_store *st);

typedef struct sd_patient {
    int64_t id;
    char pseudonym[64];   /* no names: a pseudonymous id */
    int birth_year;       /* 0 when not given */
} sd_patient;

/* Add a patient. *id is the new (or, for a repeated idempotency key with
** the same content, the existing) id. SD_ERR_USAGE with err for a bad
** pseudonym or birth year, a pseudonym in use, or a key reused with other
** content; nothing is written then. */
int sd_store_patient_add(sd_store *st, const char *idem_key,
                         const char *pseudonym, int birth_year, int64_t *id,
                         sd_error *err);

/* Find a patient by pseudonym. SD_OK and *p, or SD_ERR_USAGE (unknown). */
int sd_store_patient_find(sd_store *st, const char *pseudonym,
                          sd_patient *p, sd_error *err);

/* Call fn for each patient in pseudonym order; stops when fn returns
** non-zero. */
int sd_store_patient_each(sd_store *st,
                          int (*fn)(const sd_patient *p, void *arg),
                          void *arg, sd_error *err);

#endif /* STEPDOWN_STORE_H */

/*
** store_int.h: what the store's other modules (accounts.c) share with
** store_sqlite.c. Internal to src/lib.
*/
#ifndef SD_STORE_INT_H
#define SD_STORE_INT_H

#include <sqlite3.h>

#include "stepdown/store.h"

/* Statement slots kept for the other modules. */
#define SD_STORE_NEXT 40

/* The store's connection. */
sqlite3 *sd_store_db(sd_store *st);

/* The statement sql, prepared once into slot (0..SD_STORE_NEXT-1) and
** kept until sd_store_close(); reset with no bindings. NULL (err set)
** when it cannot be prepared. */
sqlite3_stmt *sd_store_stmt(sd_store *st, int slot, const char *sql,
                            sd_error *err);

#endif

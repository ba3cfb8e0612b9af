/*
** stepdown.h: the library's common vocabulary: version, return codes,
** the caller-owned error record, disposition levels and allocation hooks.
**
** Every other public header includes this one.
*/
#ifndef STEPDOWN_STEPDOWN_H
#define STEPDOWN_STEPDOWN_H

#include <stddef.h>

#define SD_VERSION "0.1.0"

/* The notice every advising output carries, once, near the top. */
#define SD_SUPPORT_NOTICE                                                   \
    "stepdown supports your prescriber; it does not replace them. If you "  \
    "feel very unwell, call your prescriber or emergency services."

/* Return codes. Zero is success; every failure is a positive number so
** that it can double as a process exit status where that makes sense. */
enum sd_rc {
    SD_OK = 0,
    SD_ERR_USAGE = 2,  /* bad arguments or bad input data */
    SD_ERR_NOMEM = 3,  /* an allocation failed */
    SD_ERR_IO = 4,     /* a file could not be read or written */
    SD_ERR_PARSE = 5,  /* input is not well formed (JSON syntax, ...) */
    SD_ERR_INVALID = 6,/* input is well formed but breaks a rule */
    SD_ERR_NOTFOUND = 7/* the named thing does not exist */
};

/* Return a static, lowercase description of rc. Never NULL. */
const char *sd_strerror(int rc);

/* The machine name of rc, as the --json errors of the CLI give it:
** "usage", "nomem", "io", "parse", "invalid", "not_found" ("ok" for
** SD_OK, "error" for anything else). Never NULL. */
const char *sd_rc_name(int rc);

/* Drop from the NUL-terminated s, in place, every byte that is not part of
** a well-formed UTF-8 sequence (RFC 3629): a multibyte character cut by a
** bounded copy, a stray byte, an overlong form, a surrogate. Afterwards s
** can go into a JSON string. */
void sd_utf8_fix(char *s);

/* A caller-owned error record, filled by parsers and validators (after
** jansson's json_error_t). `file` names the input, `path` is a JSON path
** such as "$.symptoms[3].frequency.min" (empty when not applicable),
** `line`/`column` are 1-based positions in the text when known (0 when
** not), and `text` says what is wrong, lowercase, without a final period. */
typedef struct sd_error {
    char file[256];
    char path[256];
    int line;
    int column;
    char text[320];
} sd_error;

/* Clear an error record. Accepts NULL. */
void sd_error_clear(sd_error *err);

/* Clear err and set its text from a printf format. Accepts NULL. */
void sd_error_setf(sd_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Format err as "file: path: text" (parts that are empty are left out)
** into out, of size outsz. Returns out. */
char *sd_error_format(const sd_error *err, char *out, size_t outsz);

/* Disposition levels of PRODUCT.md; the highest wins. */
enum sd_disposition {
    SD_DISP_INFO = 0,
    SD_DISP_SELF_CARE = 1,
    SD_DISP_CONTACT_SOON = 2,
    SD_DISP_CALL_TODAY = 3,
    SD_DISP_CALL_NOW = 4,
    SD_DISP_EMERGENCY = 5
};
#define SD_DISP_COUNT 6

/* The machine name of a level ("self-care"), or NULL if out of range. */
const char *sd_disposition_name(int level);

/* What the level means for a patient, in plain words. Never NULL. */
const char *sd_disposition_meaning(int level);

/* Parse a machine name into *level. Returns SD_OK or SD_ERR_INVALID. */
int sd_disposition_parse(const char *name, int *level);

/* Allocation. Everything the library allocates goes through these so
** that tests can make the Nth allocation fail. sd_malloc returns NULL on
** failure; sd_free accepts NULL. */
void *sd_malloc(size_t n);
void *sd_calloc(size_t count, size_t n);
void *sd_realloc(void *p, size_t n);
char *sd_strdup(const char *s);
void sd_free(void *p);

/* Test hook: make the Nth allocation from now fail (1 = the next one);
** 0 disables. Returns the number of allocations made since the last call. */
unsigned long sd_alloc_fail_after(unsigned long n);

#endif /* STEPDOWN_STEPDOWN_H */

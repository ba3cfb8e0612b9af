/*
** cli.h: shared pieces of the stepdown command. Internal to src/cli.
*/
#ifndef SD_CLI_H
#define SD_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "stepdown/kb.h"

/* Exit statuses (docs/CLI.md). */
#define CLI_EXIT_OK 0
#define CLI_EXIT_USAGE 2   /* bad arguments, unknown drug, invalid data */
#define CLI_EXIT_NOMEM 3
#define CLI_EXIT_IO 4      /* a file or directory could not be read */

#define CLI_WIDTH 79 /* fits an 80-column terminal without auto-wrap */

/* The drug used when none is named: configuration of the command, not of
** the engine, so the build sets it (Makefile), and src/ names no drug. */
#ifndef SD_DEFAULT_DRUG
#error "SD_DEFAULT_DRUG must be defined by the build"
#endif

/* Options every command understands. */
struct cli_ctx {
    const char *data_dir;  /* directory of monographs */
    const char *monograph; /* explicit monograph file, or NULL */
    const char *prog;
    const char *db;        /* --db, else $STEPDOWN_DB, else the default */
};

/* Print "stepdown: " and the message to stderr. With cli_json_errors(1)
** the first error of the command is also kept, with its code and where,
** for cli_error_flush(). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same with the error's code ("usage", "invalid", sd_rc_name()); the
** code of cli_error() follows from the exit status. */
void cli_error_code(const char *code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* --json: errors are also written to stdout, as {"error": {"code",
** "message", "where"?}} (docs/CLI.md), by cli_error_flush(). */
void cli_json_errors(int on);
/* The option or operand being read ("--egfr", "TEXT"): the "where" of
** the errors that follow; NULL for none. where must stay valid until the
** error is flushed (an argv string or a literal). */
void cli_error_where(const char *where);
/* Return status; when JSON errors are on and status is not 0, first
** write the kept error (or one made from status) to stdout. */
int cli_error_flush(int status);
struct json_t;
/* {"code", "message", "where"?} as a new JSON object (NULL when out of
** memory); message and where are made valid UTF-8. */
struct json_t *cli_error_json(const char *code, const char *where,
                              const char *msg);

/* Map a library return code to an exit status. */
int cli_exit_for(int rc);

/* Load the monograph for drug (NULL: the default drug) as ctx says; on
** error print it and return the exit status, else 0. The caller frees *m
** with sd_monograph_free(). */
int cli_load(const struct cli_ctx *ctx, const char *drug, sd_monograph **m);

/* Print text word-wrapped to CLI_WIDTH: the first line is indented by
** first, the next ones by rest. */
void cli_wrap(FILE *out, int first, int rest, const char *text);

/* A section title underlined with dashes, after a blank line. */
void cli_heading(const char *title);

/* "- text [SRC, ...]" wrapped, as a bullet. */
void cli_bullet(const sd_monograph *m, const char *text, struct sd_srcref src);

/* Format a microgram amount for people: "15 mg", "0.5 mg", "50 mcg" when
** mcg is true. Returns buf. */
char *cli_fmt_amount(int64_t ug, int mcg, char *buf, size_t bufsz);

/* Format the source tags of ref as "[A, B]" into buf. Returns buf. */
char *cli_fmt_sources(const sd_monograph *m, struct sd_srcref ref, char *buf,
                      size_t bufsz);

/* Print a JSON value (stolen) to stdout; returns an exit status. */
int cli_print_json(struct json_t *v);

/* Dates are day numbers since 1970-01-01 (stepdown/date.h). */
/* Parse YYYY-MM-DD given to option opt; prints the error. Returns an exit
** status. */
int cli_parse_date(const char *opt, const char *s, long *days);
/* Parse milligrams with at most 3 decimals at s into exact micrograms;
** *end is where the number stops. Prints the error; returns an exit
** status. */
int cli_parse_mg(const char *opt, const char *s, const char **end,
                 int64_t *ug);

/* Read a whole file (or stdin for "-"), at most 16 MiB, into a malloc'ed
** buffer. Prints the error; returns an exit status. */
int cli_read_file(const char *path, char **buf, size_t *len);
struct sd_taper_request;
/* "20-20-20" (mg) into r->dose_ug/nadmin; "10/2,5" into r->strengths;
** "08:00,14:00,22:00" into r->minute (r->nadmin times). Print errors;
** return an exit status. */
int cli_parse_regimen(const char *opt, const char *v,
                      struct sd_taper_request *r);
int cli_parse_tablets(const char *opt, const char *v,
                      struct sd_taper_request *r);
int cli_parse_times(const char *v, struct sd_taper_request *r);

/* The database: --db, else $STEPDOWN_DB, else
** $XDG_DATA_HOME/stepdown/stepdown.db (the directories made). */
const char *cli_db_path(const struct cli_ctx *ctx, char *buf, size_t n);
/* Now in UTC seconds and the local offset in minutes; $STEPDOWN_NOW
** ("YYYY-MM-DDTHH:MM", local) sets the clock for tests. */
int64_t cli_clock_now(int *tz);

int cmd_info(struct cli_ctx *ctx, int argc, char **argv);
int cmd_side_effects(struct cli_ctx *ctx, int argc, char **argv);
int cmd_sources(struct cli_ctx *ctx, int argc, char **argv);
int cmd_check(struct cli_ctx *ctx, int argc, char **argv);
int cmd_plan(struct cli_ctx *ctx, int argc, char **argv);
int cmd_pump(struct cli_ctx *ctx, int argc, char **argv);
/* The diary (cli_diary.c): patient, rx, log, status, alerts, report,
** export, import, backup, settings; plan save. */
int cmd_diary(struct cli_ctx *ctx, int argc, char **argv);
int cmd_plan_save(struct cli_ctx *ctx, int argc, char **argv);
/* stepdown serve (src/server/srv_main.c). */
int cmd_serve(struct cli_ctx *ctx, int argc, char **argv);

#endif

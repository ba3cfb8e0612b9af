/*
** cli_util.c: error reporting, loading, wrapping and number formatting
** for the stepdown command.
*/
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "stepdown/date.h"

/* The first error of the command, kept for --json (cli_json_errors). */
static struct {
    int on;
    int have;
    const char *where;     /* the option or operand being read, or NULL */
    char code[16];
    char where_s[128];
    char msg[1024];
} jerr;

void cli_json_errors(int on)
{
    jerr.on = on;
}

void cli_error_where(const char *where)
{
    jerr.where = where;
}

static void verror(const char *code, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void verror(const char *code, const char *fmt, va_list ap)
{
    va_list keep;

    va_copy(keep, ap);
    fputs("stepdown: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    if(jerr.on && !jerr.have) {
        jerr.have = 1;
        vsnprintf(jerr.msg, sizeof(jerr.msg), fmt, keep);
        snprintf(jerr.code, sizeof(jerr.code), "%s", code ? code : "");
        snprintf(jerr.where_s, sizeof(jerr.where_s), "%s",
                 jerr.where ? jerr.where : "");
    }
    va_end(keep);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    verror(NULL, fmt, ap);
    va_end(ap);
}

void cli_error_code(const char *code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    verror(code, fmt, ap);
    va_end(ap);
}

json_t *cli_error_json(const char *code, const char *where, const char *msg)
{
    char m[1024], w[256];
    json_t *e;

    /* options and texts are bytes from the command line */
    snprintf(m, sizeof(m), "%s", msg);
    snprintf(w, sizeof(w), "%s", where ? where : "");
    sd_utf8_fix(m);
    sd_utf8_fix(w);
    e = json_pack("{s:s, s:s}", "code", code, "message", m);
    if(e && w[0] && json_object_set_new(e, "where", json_string(w))) {
        json_decref(e);
        return NULL;
    }
    return e;
}

int cli_error_flush(int status)
{
    const char *code;
    json_t *v;

    if(!jerr.on || status == CLI_EXIT_OK)
        return status;
    code = jerr.code[0]                  ? jerr.code
           : status == CLI_EXIT_USAGE    ? "usage"
           : status == CLI_EXIT_NOMEM    ? "nomem"
           : status == CLI_EXIT_IO       ? "io"
                                         : "error";
    v = json_pack("{s:o}", "error",
                  cli_error_json(code, jerr.where_s,
                                 jerr.have ? jerr.msg : "failed"));
    if(v) {
        json_dumpf(v, stdout, JSON_COMPACT);
        fputc('\n', stdout);
        json_decref(v);
    }
    fflush(stdout);
    jerr.have = 0;
    return status;
}

int cli_exit_for(int rc)
{
    switch(rc) {
    case SD_OK: return CLI_EXIT_OK;
    case SD_ERR_NOMEM: return CLI_EXIT_NOMEM;
    case SD_ERR_IO: return CLI_EXIT_IO;
    default: return CLI_EXIT_USAGE;
    }
}

int cli_load(const struct cli_ctx *ctx, const char *drug, sd_monograph **m)
{
    sd_error err;
    char msg[1024];
    int rc;

    if(ctx->monograph)
        rc = sd_monograph_load_file(ctx->monograph, m, &err);
    else
        rc = sd_monograph_find(ctx->data_dir, drug ? drug : SD_DEFAULT_DRUG,
                               m, &err);
    if(rc) {
        cli_error_code(sd_rc_name(rc), "%s",
                       sd_error_format(&err, msg, sizeof(msg)));
        if(rc == SD_ERR_NOTFOUND && !ctx->monograph)
            fprintf(stderr, "hint: monographs are read from '%s'; set "
                    "--data-dir or STEPDOWN_DATA_DIR, or pass --monograph "
                    "FILE\n", ctx->data_dir);
        return cli_exit_for(rc);
    }
    if(ctx->monograph && drug && strcmp(drug, sd_monograph_id(*m))) {
        cli_error("'%s' is not the drug of %s ('%s')", drug, ctx->monograph,
                  sd_monograph_id(*m));
        sd_monograph_free(*m);
        *m = NULL;
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

void cli_wrap(FILE *out, int first, int rest, const char *text)
{
    int col = 0, indent = first;
    const char *p = text;

    while(*p) {
        const char *w = p;
        size_t len;

        while(*w == ' ')
            w++;
        if(!*w)
            break;
        len = strcspn(w, " ");
        if(col == 0) {
            fprintf(out, "%*s", indent, "");
            col = indent;
        } else if(col + 1 + (int)len > CLI_WIDTH) {
            fputc('\n', out);
            indent = rest;
            fprintf(out, "%*s", indent, "");
            col = indent;
        } else {
            fputc(' ', out);
            col++;
        }
        fwrite(w, 1, len, out);
        col += (int)len;
        p = w + len;
    }
    fputc('\n', out);
}

char *cli_fmt_amount(int64_t ug, int mcg, char *buf, size_t bufsz)
{
    if(mcg || ug % 1000 == 0) {
        if(mcg)
            snprintf(buf, bufsz, "%" PRId64 " mcg", ug);
        else
            snprintf(buf, bufsz, "%" PRId64 " mg", ug / 1000);
        return buf;
    }
    /* Exact decimal milligrams: integer part and three digits, trailing
    ** zeros dropped. */
    char frac[4];
    int n = 3;

    snprintf(frac, sizeof(frac), "%03" PRId64, ug % 1000);
    while(n > 0 && frac[n - 1] == '0')
        frac[--n] = '\0';
    snprintf(buf, bufsz, "%" PRId64 ".%s mg", ug / 1000, frac);
    return buf;
}

char *cli_fmt_sources(const sd_monograph *m, struct sd_srcref ref, char *buf,
                      size_t bufsz)
{
    size_t n = 0;

    n += (size_t)snprintf(buf, bufsz, "[");
    for(size_t i = 0; i < ref.n && n < bufsz; i++)
        n += (size_t)snprintf(buf + n, bufsz - n, "%s%s", i ? ", " : "",
                              sd_monograph_source(m, ref.idx[i])->id);
    if(n < bufsz)
        snprintf(buf + n, bufsz - n, "]");
    return buf;
}

int cli_print_json(json_t *v)
{
    int rc;

    if(!v) {
        cli_error("out of memory");
        return CLI_EXIT_NOMEM;
    }
    rc = json_dumpf(v, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(v);
    if(rc || fputc('\n', stdout) == EOF) {
        cli_error("cannot write output");
        return CLI_EXIT_IO;
    }
    return CLI_EXIT_OK;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
int cli_parse_date(const char *opt, const char *s, long *days)
{
    if(sd_date_parse(s, days)) {
        cli_error("%s '%s' is not a date: write YYYY-MM-DD, e.g. 2026-11-22",
                  opt, s);
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

/* The date of a day number, as year, month, day and weekday (0 Sunday). */
int cli_parse_mg(const char *opt, const char *s, const char **end,
                 int64_t *ug)
{
    int64_t whole = 0, frac = 0;
    int nfrac = 0;
    const char *p = s;

    for(; *p >= '0' && *p <= '9' && whole < 10000000; p++)
        whole = whole * 10 + (*p - '0');
    if(*p == '.')
        for(p++; *p >= '0' && *p <= '9' && nfrac < 4; p++, nfrac++)
            frac = frac * 10 + (*p - '0');
    if(p == s || nfrac > 3 || whole >= 10000000) {
        cli_error("%s '%s': give milligrams, e.g. 20 or 12.5 (at most 3 "
                  "decimals)", opt, s);
        return CLI_EXIT_USAGE;
    }
    while(nfrac++ < 3)
        frac *= 10;
    *ug = whole * 1000 + frac;
    *end = p;
    return CLI_EXIT_OK;
}

void cli_heading(const char *title)
{
    size_t n = strlen(title);

    printf("\n%s\n", title);
    for(size_t i = 0; i < n && i < CLI_WIDTH; i++)
        putchar('-');
    putchar('\n');
}

void cli_bullet(const sd_monograph *m, const char *text, struct sd_srcref src)
{
    char line[2048], tags[512];

    snprintf(line, sizeof(line), "- %s %s", text,
             cli_fmt_sources(m, src, tags, sizeof(tags)));
    cli_wrap(stdout, 2, 4, line);
}

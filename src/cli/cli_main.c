/*
** cli_main.c: the stepdown command: global options and dispatch.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stepdown/stepdown.h"

#ifndef SD_DATADIR
#define SD_DATADIR "data/drugs"
#endif

static const char usage_text[] =
    "usage: stepdown [--data-dir DIR | --monograph FILE] COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  info [DRUG]                what the knowledge base holds about a drug\n"
    "  side-effects [DRUG] [--serious|--common|--rare] [--json]\n"
    "                             side effects, how often, and what to do\n"
    "  sources [DRUG] [--json]    the sources behind every fact\n"
    "  check \"TEXT\" [options]     what a symptom means and what to do now\n"
    "                             (stepdown check --help for the options)\n"
    "  plan --regimen MG-MG-... --tablets MG[/2] [options]\n"
    "                             an exact taper schedule (stepdown plan --help)\n"
    "  pump --reservoir-ml ML ... intrathecal pump refill dates (pump --help)\n"
    "  patient, rx, plan save, log, status, alerts, report, export, import,\n"
    "  backup, settings, demo     the diary and its safety monitor\n"
    "                             (stepdown patient --help)\n"
    "  serve [--listen ADDR:PORT] [--demo]\n"
    "                             the web app and HTTP API (serve --help)\n"
    "  help                       this text\n"
    "\n"
    "options:\n"
    "  --data-dir DIR    directory of drug monographs (default: $STEPDOWN_DATA_DIR,\n"
    "                    else " SD_DATADIR ")\n"
    "  --monograph FILE  use this monograph file instead of looking one up\n"
    "  --db PATH         the diary database (default: $STEPDOWN_DB, else\n"
    "                    $XDG_DATA_HOME/stepdown/stepdown.db)\n"
    "  --version         print the version and exit\n"
    "  -h, --help        print this text and exit\n"
    "\n"
    "DRUG is a generic or brand name; " SD_DEFAULT_DRUG " when omitted.\n"
    "exit status: 0 ok, 2 usage or data error, 3 out of memory, 4 file error\n";

static void usage(FILE *out)
{
    fputs(usage_text, out);
}

static void orientation(const struct cli_ctx *ctx)
{
    char line[512];
    sd_monograph *m = NULL;
    sd_error err;
    int rc = ctx->monograph
                 ? sd_monograph_load_file(ctx->monograph, &m, &err)
                 : sd_monograph_find(ctx->data_dir, SD_DEFAULT_DRUG, &m, &err);
    const char *drug = rc ? SD_DEFAULT_DRUG : sd_monograph_name(m);

    printf("stepdown %s: a drug safety system for %s\n\n", SD_VERSION, drug);
    snprintf(line, sizeof(line),
             "stepdown helps patients who take or are tapering off %s, and "
             "the clinicians who supervise them: what a side effect means "
             "and what to do now, with the source of every fact.", drug);
    cli_wrap(stdout, 0, 0, line);
    printf("\n");
    cli_wrap(stdout, 0, 0, SD_SUPPORT_NOTICE);
    if(rc) {
        char msg[1024];
        printf("\n");
        cli_wrap(stdout, 0, 2, sd_error_format(&err, msg, sizeof(msg)));
    } else {
        printf("\nknowledge base: %s, %zu symptom concepts, %zu sources, "
               "updated %s\n", sd_monograph_file(m),
               sd_monograph_nconcepts(m), sd_monograph_nsources(m),
               sd_monograph_updated(m));
    }
    sd_monograph_free(m);
    printf("\ntry:\n"
           "  stepdown check \"a little drowsy in the morning\"\n"
           "                                   what a symptom means, what to do\n"
           "  stepdown side-effects            all side effects, by tier\n"
           "  stepdown side-effects --serious  the ones that need a call now\n"
           "  stepdown info                    the monograph at a glance\n"
           "  stepdown sources                 where every fact comes from\n"
           "  stepdown --help                  every command and option\n");
}

int main(int argc, char **argv)
{
    struct cli_ctx ctx = {NULL, NULL, "stepdown", NULL};
    const char *env = getenv("STEPDOWN_DATA_DIR");
    int i = 1;

    ctx.data_dir = env && *env ? env : SD_DATADIR;
    for(; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];

        if(!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return CLI_EXIT_OK;
        } else if(!strcmp(a, "--version")) {
            printf("stepdown %s\n", SD_VERSION);
            return CLI_EXIT_OK;
        } else if(!strcmp(a, "--db")) {
            if(i + 1 >= argc) {
                cli_error("option '--db' needs a value");
                return CLI_EXIT_USAGE;
            }
            ctx.db = argv[++i];
        } else if(!strcmp(a, "--data-dir") || !strcmp(a, "--monograph")) {
            if(i + 1 >= argc) {
                cli_error("option '%s' needs a value", a);
                return CLI_EXIT_USAGE;
            }
            if(a[2] == 'd')
                ctx.data_dir = argv[++i];
            else
                ctx.monograph = argv[++i];
        } else {
            cli_error("unknown option '%s'; see 'stepdown --help'", a);
            return CLI_EXIT_USAGE;
        }
    }
    if(i >= argc) {
        orientation(&ctx);
        return CLI_EXIT_OK;
    }
    const char *cmd = argv[i];
    if(!strcmp(cmd, "help")) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    if(!strcmp(cmd, "info"))
        return cmd_info(&ctx, argc - i, argv + i);
    if(!strcmp(cmd, "side-effects"))
        return cmd_side_effects(&ctx, argc - i, argv + i);
    if(!strcmp(cmd, "plan"))
        return cmd_plan(&ctx, argc - i, argv + i);
    if(!strcmp(cmd, "pump"))
        return cmd_pump(&ctx, argc - i, argv + i);
    if(!strcmp(cmd, "check"))
        return cmd_check(&ctx, argc - i, argv + i);
    if(!strcmp(cmd, "sources"))
        return cmd_sources(&ctx, argc - i, argv + i);
    if(!strcmp(cmd, "serve"))
        return cmd_serve(&ctx, argc - i, argv + i);
    static const char *const diary_cmds[] = {
        "patient", "rx", "log", "status", "alerts", "report", "export",
        "import", "backup", "settings", "demo", NULL};
    for(int k = 0; diary_cmds[k]; k++)
        if(!strcmp(cmd, diary_cmds[k]))
            return cmd_diary(&ctx, argc - i, argv + i);
    cli_error("unknown command '%s'; see 'stepdown --help'", cmd);
    return CLI_EXIT_USAGE;
}

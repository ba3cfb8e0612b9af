/*
** cli_kb.c: the knowledge-base commands: info, side-effects, sources.
**
** Output for people is grouped, fits 80 columns, and tags every fact with
** its sources ("[US-TAB, PMS]"); `stepdown sources` resolves the tags.
** --json output follows the schemas in docs/schema/.
*/
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "stepdown/kb_json.h"

/* Arguments shared by the three commands: an optional DRUG, --json and
** the tier filters. Returns 0 or an exit status after printing why. */
struct kb_args {
    const char *drug;
    int json;
    unsigned tiers; /* SD_TIERMASK_* bits; 0 when no filter was given */
};

static int parse_args(int argc, char **argv, int allow_tiers,
                      struct kb_args *a)
{
    memset(a, 0, sizeof(*a));
    /* first, so that the errors of the other arguments are JSON too */
    for(int i = 1; i < argc; i++)
        if(!strcmp(argv[i], "--json"))
            cli_json_errors(1);
    for(int i = 1; i < argc; i++) {
        const char *s = argv[i];

        cli_error_where(s[0] == '-' && s[1] ? s : "DRUG");
        if(!strcmp(s, "--json"))
            a->json = 1;
        else if(allow_tiers && !strcmp(s, "--serious"))
            a->tiers |= SD_TIERMASK_SERIOUS;
        else if(allow_tiers && !strcmp(s, "--common"))
            a->tiers |= SD_TIERMASK_COMMON;
        else if(allow_tiers && !strcmp(s, "--rare"))
            a->tiers |= SD_TIERMASK_RARE;
        else if(s[0] == '-' && s[1]) {
            cli_error("%s: unknown option '%s'; see 'stepdown --help'",
                      argv[0], s);
            return CLI_EXIT_USAGE;
        } else if(a->drug) {
            cli_error("%s: one drug at a time ('%s' and '%s')", argv[0],
                      a->drug, s);
            return CLI_EXIT_USAGE;
        } else
            a->drug = s;
    }
    cli_error_where(NULL);
    return CLI_EXIT_OK;
}

static void fmt_frequency(const sd_frequency *f, char *buf, size_t bufsz)
{
    if(f->known && f->has_placebo)
        snprintf(buf, bufsz, "%g-%g %% (placebo %g %%)", f->min, f->max,
                 f->placebo);
    else if(f->known && f->min == f->max)
        snprintf(buf, bufsz, "%g %%", f->min);
    else if(f->known)
        snprintf(buf, bufsz, "%g-%g %%", f->min, f->max);
    else if(f->category)
        snprintf(buf, bufsz, "%s", f->category);
    else
        snprintf(buf, bufsz, "not given by the label");
}

/* ==== side-effects ==== */

static const char *tier_heading(int tier)
{
    switch(tier) {
    case SD_TIER_SERIOUS:
        return "SERIOUS: call your doctor immediately";
    case SD_TIER_COMMON:
        return "COMMON: usually mild, often pass as the body adjusts";
    default:
        return "RARE: reported in a few people";
    }
}

static void print_side_effect(const sd_monograph *m, const sd_concept *c)
{
    char freq[128], line[2048], tags[256];

    fmt_frequency(&c->freq, freq, sizeof(freq));
    if(strlen(c->name) <= 28 && strlen(freq) <= 28) {
        printf("\n  %-28s %-28s %s\n", c->name, freq,
               sd_disposition_name(c->disposition));
    } else {
        /* Too wide for the columns: name and level, then the frequency. */
        printf("\n  %s: %s\n", c->name, sd_disposition_name(c->disposition));
        snprintf(line, sizeof(line), "Label frequency: %s", freq);
        cli_wrap(stdout, 4, 6, line);
    }
    snprintf(line, sizeof(line), "What to do: %s", c->advice);
    cli_wrap(stdout, 4, 6, line);
    if(c->escalate) {
        snprintf(line, sizeof(line), "Get help sooner if: %s", c->escalate);
        cli_wrap(stdout, 4, 6, line);
    }
    if(c->freq.note) {
        snprintf(line, sizeof(line), "Frequency: %s %s", c->freq.note,
                 cli_fmt_sources(m, c->freq.src, tags, sizeof(tags)));
        cli_wrap(stdout, 4, 6, line);
    } else if(c->freq.src.n) {
        snprintf(line, sizeof(line), "Frequency source: %s",
                 cli_fmt_sources(m, c->freq.src, tags, sizeof(tags)));
        cli_wrap(stdout, 4, 6, line);
    }
    {
        char rule[256];
        snprintf(line, sizeof(line), "Listed by %s; advice level %s %s",
                 cli_fmt_sources(m, c->src, tags, sizeof(tags)),
                 sd_disposition_name(c->disposition),
                 cli_fmt_sources(m, c->disposition_src, rule, sizeof(rule)));
    }
    cli_wrap(stdout, 4, 6, line);
}

static int side_effects_(struct cli_ctx *ctx, int argc, char **argv)
{
    struct kb_args a;
    sd_monograph *m;
    size_t idx[1024], n;
    int rc, tier = -1;

    if((rc = parse_args(argc, argv, 1, &a)) || (rc = cli_load(ctx, a.drug, &m)))
        return rc;
    if(!a.tiers)
        a.tiers = SD_TIERMASK_ALL;
    if(a.json) {
        rc = cli_print_json(sd_side_effects_json(m, a.tiers));
        sd_monograph_free(m);
        return rc;
    }
    n = sd_side_effects_order(m, a.tiers, idx, sizeof(idx) / sizeof(idx[0]));
    printf("Side effects of %s (%zu listed; monograph updated %s)\n",
           sd_monograph_name(m), n, sd_monograph_updated(m));
    cli_wrap(stdout, 0, 0, SD_SUPPORT_NOTICE);
    printf("\n  %-28s %-28s %s\n", "side effect", "label frequency",
           "what to do");
    for(size_t i = 0; i < n; i++) {
        const sd_concept *c = sd_monograph_concept(m, idx[i]);

        if(c->tier != tier) {
            tier = c->tier;
            cli_heading(tier_heading(tier));
        }
        print_side_effect(m, c);
    }
    {
        char line[512];
        size_t k = (size_t)snprintf(line, sizeof(line), "Levels, lowest to "
                                    "highest: ");
        for(int l = SD_DISP_SELF_CARE; l < SD_DISP_COUNT && k < sizeof(line);
            l++)
            k += (size_t)snprintf(line + k, sizeof(line) - k, "%s%s",
                                  sd_disposition_name(l),
                                  l + 1 < SD_DISP_COUNT ? ", " : ".");
        printf("\n");
        cli_wrap(stdout, 0, 0, line);
        printf("Source tags: 'stepdown sources %s'.\n", sd_monograph_id(m));
    }
    sd_monograph_free(m);
    return CLI_EXIT_OK;
}

/* ==== sources ==== */

static int sources_(struct cli_ctx *ctx, int argc, char **argv)
{
    struct kb_args a;
    sd_monograph *m;
    int rc;

    if((rc = parse_args(argc, argv, 0, &a)) || (rc = cli_load(ctx, a.drug, &m)))
        return rc;
    if(a.json) {
        rc = cli_print_json(sd_sources_json(m));
        sd_monograph_free(m);
        return rc;
    }
    printf("Sources of the %s monograph (%zu)\n", sd_monograph_name(m),
           sd_monograph_nsources(m));
    for(size_t i = 0; i < sd_monograph_nsources(m); i++) {
        const sd_source *s = sd_monograph_source(m, i);
        char line[2048];

        printf("\n[%s] (%s)\n", s->id, s->kind);
        snprintf(line, sizeof(line), "%s%s%s", s->title,
                 s->publisher ? ". " : "", s->publisher ? s->publisher : "");
        cli_wrap(stdout, 2, 4, line);
        if(s->url)
            printf("  %s\n", s->url);
        if(s->doi)
            printf("  doi:%s\n", s->doi);
        if(s->note)
            cli_wrap(stdout, 2, 4, s->note);
    }
    sd_monograph_free(m);
    return CLI_EXIT_OK;
}

/* ==== info ==== */

static void print_params(const sd_monograph *m, const char *section)
{
    for(size_t i = 0; i < sd_monograph_nparams(m, section); i++) {
        const sd_param *p = sd_monograph_param(m, section, i);
        char text[1024];

        if(p->min == p->max)
            snprintf(text, sizeof(text), "%s: %g %s%s%s", p->name, p->min,
                     p->unit, p->note ? "; " : "", p->note ? p->note : "");
        else
            snprintf(text, sizeof(text), "%s: %g-%g %s%s%s", p->name, p->min,
                     p->max, p->unit, p->note ? "; " : "",
                     p->note ? p->note : "");
        cli_bullet(m, text, p->src);
    }
}

static void print_statements(const sd_monograph *m, const char *section)
{
    for(size_t i = 0; i < sd_monograph_nstatements(m, section); i++) {
        const sd_statement *s = sd_monograph_statement(m, section, i);
        char text[2048];

        snprintf(text, sizeof(text), "%s: %s", s->topic, s->text);
        cli_bullet(m, text, s->src);
    }
}

static void print_formulations(const sd_monograph *m)
{
    cli_heading("Formulations and strengths");
    for(size_t i = 0; i < sd_monograph_nformulations(m); i++) {
        const sd_formulation *f = sd_monograph_formulation(m, i);
        char line[2048], tags[256], amt[64];
        size_t n = 0;
        int mcg = !strcmp(f->route, "intrathecal");

        n += (size_t)snprintf(line, sizeof(line), "- %s (%s, %s%s%s): ",
                              f->name, f->route, f->form,
                              f->population ? ", " : "",
                              f->population ? f->population : "");
        for(size_t j = 0; j < f->nstrengths && n < sizeof(line); j++) {
            const sd_strength *s = &f->strengths[j];

            if(s->amount_ug)
                cli_fmt_amount(s->amount_ug, mcg, amt, sizeof(amt));
            else {
                cli_fmt_amount(s->ug_per_ml, mcg, amt, sizeof(amt));
                strncat(amt, "/mL", sizeof(amt) - strlen(amt) - 1);
            }
            n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%s%s",
                                  j ? ", " : "", amt,
                                  s->min_piece == 4   ? " (scored, quarters)"
                                  : s->min_piece == 2 ? " (scored, halves)"
                                  : s->scored         ? " (scored)"
                                                      : "");
        }
        if(n < sizeof(line))
            snprintf(line + n, sizeof(line) - n, " %s",
                     cli_fmt_sources(m, f->src, tags, sizeof(tags)));
        cli_wrap(stdout, 2, 4, line);
        if(f->note)
            cli_wrap(stdout, 4, 4, f->note);
    }
}

static void print_dosing(const sd_monograph *m)
{
    char text[1024], amt[64];

    cli_heading("Dosing");
    for(size_t i = 0; i < sd_monograph_ntitration(m); i++) {
        const struct sd_titration_step *t = sd_monograph_titration(m, i);
        char days[64];

        if(t->to_day)
            snprintf(days, sizeof(days), "days %d-%d", t->from_day, t->to_day);
        else
            snprintf(days, sizeof(days), "from day %d", t->from_day);
        snprintf(text, sizeof(text), "titration %s: %s %d times a day", days,
                 cli_fmt_amount(t->dose_ug, 0, amt, sizeof(amt)),
                 t->times_per_day);
        cli_bullet(m, text, t->src);
    }
    for(size_t i = 0; i < sd_monograph_ndose_limits(m); i++) {
        const sd_dose_limit *d = sd_monograph_dose_limit(m, i);

        snprintf(text, sizeof(text), "maximum %s/day (%s, %s)%s%s",
                 cli_fmt_amount(d->max_ug_day, 0, amt, sizeof(amt)),
                 d->population, d->route, d->note ? ": " : "",
                 d->note ? d->note : "");
        cli_bullet(m, text, d->src);
    }
    print_params(m, "dosing");
    print_statements(m, "dosing");
}

static void print_kidney(const sd_monograph *m)
{
    cli_heading("Kidney function");
    for(size_t i = 0; i < sd_monograph_nkidney_bands(m); i++) {
        const sd_kidney_band *b = sd_monograph_kidney_band(m, i);
        char range[64], keep[64], text[1024];

        if(b->lower >= 0 && b->upper >= 0)
            snprintf(range, sizeof(range), "%s %g-%g", b->measure, b->lower,
                     b->upper);
        else if(b->lower >= 0)
            snprintf(range, sizeof(range), "%s >= %g", b->measure, b->lower);
        else
            snprintf(range, sizeof(range), "%s < %g", b->measure, b->upper);
        keep[0] = '\0';
        if(b->keep_den)
            snprintf(keep, sizeof(keep), " (keep %d/%d of the dose)",
                     b->keep_num, b->keep_den);
        snprintf(text, sizeof(text), "%s mL/min: %s%s; %s", range, b->action,
                 keep, b->text);
        cli_bullet(m, text, b->src);
    }
    print_params(m, "kidney");
    print_statements(m, "kidney");
}

static void print_symptom_summary(const sd_monograph *m)
{
    static const unsigned roles[] = {SD_ROLE_WITHDRAWAL, SD_ROLE_OVERDOSE,
                                     SD_ROLE_TOXICITY};
    static const char *const titles[] = {"Withdrawal signs", "Overdose signs",
                                         "Toxicity signs"};

    for(size_t r = 0; r < sizeof(roles) / sizeof(roles[0]); r++) {
        char line[4096];
        size_t n = 0, count = 0;

        n += (size_t)snprintf(line, sizeof(line), "%s: ", titles[r]);
        for(size_t i = 0; i < sd_monograph_nconcepts(m) && n < sizeof(line);
            i++) {
            const sd_concept *c = sd_monograph_concept(m, i);
            if(!(c->roles & roles[r]))
                continue;
            n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%s",
                                  count++ ? ", " : "", c->name);
        }
        if(count)
            cli_wrap(stdout, 2, 4, line);
    }
}

static int info_(struct cli_ctx *ctx, int argc, char **argv)
{
    static const char *const titles[] = {
        "Indications", NULL, "Kinetics", NULL, "Interactions",
        "Special populations", "Misuse", "Overdose", "Withdrawal",
        "Tapering", "Intrathecal pump"};
    struct kb_args a;
    sd_monograph *m;
    const char *const *brands;
    size_t nbrands, nse = 0, nseed = 0;
    struct sd_srcref src;
    const char *code;
    char tags[256];
    int rc;

    if((rc = parse_args(argc, argv, 0, &a)))
        return rc;
    if(a.json) {
        cli_error_where("--json");
        cli_error("info: no --json form; the monograph file itself is the "
                  "machine-readable form (see 'side-effects --json' and "
                  "'sources --json')");
        return CLI_EXIT_USAGE;
    }
    if((rc = cli_load(ctx, a.drug, &m)))
        return rc;
    printf("%s (%s)\n", sd_monograph_name(m), sd_monograph_drug_class(m));
    cli_wrap(stdout, 0, 0, SD_SUPPORT_NOTICE);
    nbrands = sd_monograph_brands(m, &brands);
    if(nbrands) {
        char line[1024];
        size_t n = (size_t)snprintf(line, sizeof(line), "Brands: ");
        for(size_t i = 0; i < nbrands && n < sizeof(line); i++)
            n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%s",
                                  i ? ", " : "", brands[i]);
        cli_wrap(stdout, 0, 2, line);
    }
    if((code = sd_monograph_code(m, "rxnorm", &src)))
        printf("RxNorm ingredient: %s %s\n", code,
               cli_fmt_sources(m, src, tags, sizeof(tags)));
    if((code = sd_monograph_code(m, "atc", &src)))
        printf("ATC: %s %s\n", code, cli_fmt_sources(m, src, tags, sizeof(tags)));

    for(int s = 0; sd_monograph_section_name(s); s++) {
        const char *name = sd_monograph_section_name(s);

        if(!strcmp(name, "dosing")) {
            print_formulations(m);
            print_dosing(m);
            continue;
        }
        if(!strcmp(name, "kidney")) {
            print_kidney(m);
            continue;
        }
        if(!sd_monograph_nparams(m, name) && !sd_monograph_nstatements(m, name))
            continue;
        /* A section added to the loader without a title here shows its
        ** name rather than reading past the table. */
        cli_heading((size_t)s < sizeof(titles) / sizeof(titles[0]) && titles[s]
                    ? titles[s]
                    : name);
        print_params(m, name);
        print_statements(m, name);
    }
    cli_heading("Symptoms");
    for(size_t i = 0; i < sd_monograph_nconcepts(m); i++) {
        const sd_concept *c = sd_monograph_concept(m, i);
        nse += (c->roles & SD_ROLE_SIDE_EFFECT) != 0;
        nseed += c->seed;
    }
    printf("  %zu symptom concepts, %zu of them side effects (%zu named by the "
           "seed text).\n", sd_monograph_nconcepts(m), nse, nseed);
    print_symptom_summary(m);
    printf("\nSee 'stepdown side-effects %s' for what to do about each, and\n"
           "'stepdown sources %s' for the %zu sources behind the tags.\n",
           sd_monograph_id(m), sd_monograph_id(m), sd_monograph_nsources(m));
    sd_monograph_free(m);
    return CLI_EXIT_OK;
}

/* ==== entry points: with --json, errors are JSON on stdout too ==== */

int cmd_side_effects(struct cli_ctx *ctx, int argc, char **argv)
{
    return cli_error_flush(side_effects_(ctx, argc, argv));
}

int cmd_sources(struct cli_ctx *ctx, int argc, char **argv)
{
    return cli_error_flush(sources_(ctx, argc, argv));
}

int cmd_info(struct cli_ctx *ctx, int argc, char **argv)
{
    return cli_error_flush(info_(ctx, argc, argv));
}

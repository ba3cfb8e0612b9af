/*
** eval.c: how well the checker reads real patients' words (make eval).
**
** PsyTAR (tests/data/psytar): each mention is a patient's phrase with the
** SNOMED CT code clinicians gave it. A mention is in scope when its code
** is a concept's own code or one of its snomed_related codes; then the
** reader must find that concept (recall) and little else (precision). An
** out-of-scope mention must map to no concept at all; one that maps to
** some concept is "wrongly mapped". Mentions with id % 5 == 0 are held
** out: the lexicon is tuned on the others only, and both are reported.
**
** Druglib (tests/data/druglib): the baclofen reviews' side-effect texts
** against our hand labels.
**
** Prints the figures, the misses and the wrong mappings; exits 1 when the
** targets (recall >= 0.90, precision >= 0.95, wrong mappings <= 2%, over
** all mentions) are not met.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "stepdown/lexicon.h"

#define MAXC 64

struct counts {
    long in, tp, fp, fn, out, wrong;
};

static const sd_monograph *mono;

/* The concept whose code (own or related) is code, or -1. */
static long concept_for_code(const char *code)
{
    if(!code || !*code)
        return -1;
    for(size_t i = 0; i < sd_monograph_nconcepts(mono); i++) {
        const sd_concept *c = sd_monograph_concept(mono, i);
        if(c->snomed_code && !strcmp(c->snomed_code, code))
            return (long)i;
        for(size_t k = 0; k < c->nsnomed_related; k++)
            if(!strcmp(c->snomed_related[k].code, code))
                return (long)i;
    }
    return -1;
}

/* Distinct concepts found in text, into out. A negated finding counts:
** the reader recognised the symptom the words name ("dizziness, went
** away"); negation is tested by the vignettes. */
static size_t predict(const sd_lexicon *lx, sd_reading *r, const char *text,
                      size_t *out)
{
    size_t n = 0;
    if(sd_read(lx, text, strlen(text), r, NULL))
        return 0;
    for(size_t i = 0; i < r->nfindings; i++) {
        int seen = 0;
        for(size_t k = 0; k < n; k++)
            seen |= out[k] == r->findings[i].concept;
        if(!seen && n < MAXC)
            out[n++] = r->findings[i].concept;
    }
    return n;
}

static void names(const size_t *p, size_t n, char *buf, size_t cap)
{
    size_t k = 0;
    buf[0] = '\0';
    for(size_t i = 0; i < n && k < cap; i++)
        k += (size_t)snprintf(buf + k, cap - k, "%s%s", i ? "," : "",
                              sd_monograph_concept(mono, p[i])->id);
    if(!n)
        snprintf(buf, cap, "-");
}

static void row(const char *name, const struct counts *c)
{
    double p = c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 0;
    double r = c->in ? (double)c->tp / (double)c->in : 0;
    double w = c->out ? (double)c->wrong / (double)c->out : 0;
    printf("%-9s %8ld %6ld %5ld %5ld %9.3f %7.3f %12ld %8ld %6.2f%%\n", name,
           c->in, c->tp, c->fp, c->fn, p, r, c->out, c->wrong, 100 * w);
}

static int psytar(const sd_lexicon *lx, const char *path, int verbose,
                  struct counts *all)
{
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je), *m;
    struct counts sp[2];
    sd_reading r;
    size_t i, pred[MAXC];
    char buf[1024];

    if(!root) {
        fprintf(stderr, "eval: %s: %s\n", path, je.text);
        return -1;
    }
    memset(sp, 0, sizeof(sp));
    sd_reading_init(&r);
    if(verbose)
        printf("Misses and wrong mappings (split, set:id, words -> found; "
               "expected):\n");
    json_array_foreach(json_object_get(root, "mentions"), i, m) {
        const char *text = json_string_value(json_object_get(m, "mention"));
        const char *code = json_string_value(json_object_get(m, "snomed_code"));
        long id = (long)json_integer_value(json_object_get(m, "id"));
        const char *set = json_string_value(json_object_get(m, "set"));
        int held = id % 5 == 0;
        struct counts *c = &sp[held];
        long gold = concept_for_code(code);
        if(!text)
            continue;
        size_t n = predict(lx, &r, text, pred);
        names(pred, n, buf, sizeof(buf));
        if(gold >= 0) {
            int hit = 0;
            c->in++;
            for(size_t k = 0; k < n; k++) {
                if((long)pred[k] == gold)
                    hit = 1;
                else
                    c->fp++;
            }
            c->tp += hit;
            c->fn += !hit;
            if(verbose && (!hit || n > 1))
                printf("  %-4s %s:%-5ld %-50s -> %s; expected %s\n",
                       held ? "held" : "dev", set, id, text, buf,
                       sd_monograph_concept(mono, (size_t)gold)->id);
        } else {
            c->out++;
            if(n) {
                c->wrong++;
                if(verbose)
                    printf("  %-4s %s:%-5ld %-50s -> %s; expected none (%s)\n",
                           held ? "held" : "dev", set, id, text, buf,
                           *code ? json_string_value(json_object_get(
                                       m, "snomed_term"))
                                 : "no code");
            }
        }
    }
    printf("\nPsyTAR mentions (%s)\n", path);
    printf("%-9s %8s %6s %5s %5s %9s %7s %12s %8s %7s\n", "split", "in-scope",
           "TP", "FP", "FN", "precision", "recall", "out-of-scope", "wrong",
           "rate");
    row("dev", &sp[0]);
    row("held-out", &sp[1]);
    memset(all, 0, sizeof(*all));
    all->in = sp[0].in + sp[1].in;
    all->tp = sp[0].tp + sp[1].tp;
    all->fp = sp[0].fp + sp[1].fp;
    all->fn = sp[0].fn + sp[1].fn;
    all->out = sp[0].out + sp[1].out;
    all->wrong = sp[0].wrong + sp[1].wrong;
    row("all", all);
    sd_reading_release(&r);
    json_decref(root);
    return 0;
}

static int druglib(const sd_lexicon *lx, const char *path)
{
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je), *rv;
    sd_reading r;
    size_t i, pred[MAXC];
    long tp = 0, fp = 0, fn = 0;
    char buf[1024];

    if(!root) {
        fprintf(stderr, "eval: %s: %s\n", path, je.text);
        return -1;
    }
    sd_reading_init(&r);
    printf("\nDruglib baclofen reviews (%s), side-effect text:\n", path);
    json_array_foreach(json_object_get(root, "reviews"), i, rv) {
        const char *text =
            json_string_value(json_object_get(rv, "sideEffectsReview"));
        json_t *gold = json_object_get(rv, "gold"), *g;
        size_t n = predict(lx, &r, text ? text : "", pred), k;
        names(pred, n, buf, sizeof(buf));
        printf("  \"%s\" -> %s; gold", text ? text : "", buf);
        json_array_foreach(gold, k, g) printf(" %s", json_string_value(g));
        printf("\n");
        for(size_t p = 0; p < n; p++) {
            int in = 0;
            json_array_foreach(gold, k, g) in |= !strcmp(
                json_string_value(g), sd_monograph_concept(mono, pred[p])->id);
            tp += in;
            fp += !in;
        }
        json_array_foreach(gold, k, g) {
            int found = 0;
            for(size_t p = 0; p < n; p++)
                found |= !strcmp(json_string_value(g),
                                 sd_monograph_concept(mono, pred[p])->id);
            fn += !found;
        }
    }
    printf("  concepts: %ld found right, %ld wrong, %ld missed; precision "
           "%.3f, recall %.3f\n", tp, fp, fn,
           tp + fp ? (double)tp / (double)(tp + fp) : 0,
           tp + fn ? (double)tp / (double)(tp + fn) : 0);
    sd_reading_release(&r);
    json_decref(root);
    return 0;
}

int main(int argc, char **argv)
{
    const char *mono_path = "data/drugs/baclofen.json";
    const char *words = "/usr/share/dict/american-english";
    const char *psy = "tests/data/psytar/mentions.json";
    const char *dl = "tests/data/druglib/baclofen-reviews.json";
    int verbose = 1;
    sd_monograph *m;
    sd_lexicon *lx;
    sd_error err;
    struct counts all;

    for(int i = 1; i < argc; i++) {
        if(!strcmp(argv[i], "--quiet"))
            verbose = 0;
        else if(!strcmp(argv[i], "--monograph") && i + 1 < argc)
            mono_path = argv[++i];
        else if(!strcmp(argv[i], "--wordlist") && i + 1 < argc)
            words = argv[++i];
        else {
            fprintf(stderr, "usage: eval [--quiet] [--monograph FILE] "
                    "[--wordlist FILE]\n");
            return 2;
        }
    }
    if(sd_monograph_load_file(mono_path, &m, &err)) {
        fprintf(stderr, "eval: %s\n", err.text);
        return 2;
    }
    mono = m;
    if(sd_lexicon_build(m, words, &lx, &err)) {
        fprintf(stderr, "eval: %s\n", err.text);
        return 2;
    }
    /* A code must belong to one concept only. */
    for(size_t i = 0; i < sd_monograph_nconcepts(m); i++) {
        const sd_concept *c = sd_monograph_concept(m, i);
        for(size_t k = 0; k < c->nsnomed_related; k++)
            if(concept_for_code(c->snomed_related[k].code) != (long)i) {
                fprintf(stderr, "eval: SNOMED %s of %s belongs to another "
                        "concept too\n", c->snomed_related[k].code, c->id);
                return 2;
            }
    }
    if(psytar(lx, psy, verbose, &all) || druglib(lx, dl))
        return 2;

    double p = all.tp + all.fp ? (double)all.tp / (double)(all.tp + all.fp) : 0;
    double r = all.in ? (double)all.tp / (double)all.in : 0;
    double w = all.out ? (double)all.wrong / (double)all.out : 1;
    int ok = r >= 0.90 && p >= 0.95 && w <= 0.02;
    printf("\ntargets over all mentions: recall %.3f >= 0.90 %s, precision "
           "%.3f >= 0.95 %s, wrongly mapped %.2f%% <= 2%% %s\n", r,
           r >= 0.90 ? "ok" : "MISSED", p, p >= 0.95 ? "ok" : "MISSED",
           100 * w, w <= 0.02 ? "ok" : "MISSED");
    sd_lexicon_free(lx);
    sd_monograph_free(m);
    return ok ? 0 : 1;
}

/*
** lexicon.c: compile phrases into a word-level trie and match texts.
**
** Vocabulary: every distinct normalised word of every phrase gets an id in
** an open-addressing hash table. Phrases: a trie over word ids whose edges
** live in a second hash table keyed by (node, word). Matching walks the
** text once, left to right, taking the longest phrase at each position.
**
** Spelling correction uses a deletion index (every symptom word and its
** one- and two-letter deletions, hashed and sorted): two words within k
** edits share a variant with at most k deletions each, so a misspelled
** word finds its candidates with a few binary searches, and the edit
** distance (optimal string alignment) confirms them.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "lexicon_int.h"

#define MAX_PHRASE 512
#define NO_ID UINT32_MAX

struct vslot {            /* vocabulary hash slot */
    uint64_t h;
    uint32_t id;          /* NO_ID: empty */
};

struct eslot {            /* trie edge hash slot */
    uint64_t key;         /* (node << 32 | word) + 1; 0: empty */
    uint32_t child;
};

struct del {              /* deletion index entry */
    uint64_t h;
    uint32_t word;
};

struct entry {
    uint8_t kind;
    uint8_t severe;       /* a concept phrase that says "severe" itself */
    int32_t value;
    const char *phrase;   /* as written in the source */
};

#define MEMO_SIZE 4096   /* spelling results remembered per reading */

struct memo {
    uint64_t h;          /* hash of the word, 0: empty */
    uint32_t id;         /* the correction or NO_ID */
};

struct sd_lexicon {
    const sd_monograph *m;
    struct sd__arena arena;
    /* vocabulary */
    struct vslot *vtab;
    size_t vcap;
    char *pool;           /* words back to back */
    size_t poollen, poolcap;
    uint32_t *woff;
    uint16_t *wlen;
    uint8_t *wsym;        /* 1: word of a symptom phrase */
    size_t nwords, wcap;
    /* trie */
    int32_t *node_entry;  /* entry index or -1 */
    size_t nnodes, ncap;
    struct eslot *etab;
    size_t ecap, nedges;
    struct entry *entries;
    size_t nentries, entcap;
    /* spelling */
    struct del *dels;
    size_t ndels, delcap;
    uint64_t *dict;       /* hash set of English words; 0: empty slot */
    size_t dictcap;
    int spelling;
    unsigned long serial;  /* unique per lexicon built in this process */
    /* red-flag frames */
    uint64_t (*wcls)[SD__CW]; /* per vocabulary word: frame word classes */
    size_t nwcls;
    int32_t *fconcept;    /* per frame: concept index or -1 */
    uint64_t (*ffirst)[SD__CW];/* per word frame: classes of its first element */
    uint64_t (*felm)[SD__FRAME_MAXEL][SD__CW]; /* per frame: each element's
                          ** classes */
    uint64_t anyfirst[SD__CW]; /* all of them */
    uint64_t suspect_mask[SD__CW]; /* the classes of sd__suspects */
    uint16_t *cfr;        /* frames by the class of their first element: */
    uint32_t cfr_at[W_COUNT + 1]; /* class c's are cfr[cfr_at[c]..[c+1]) */
    size_t nwframes;      /* word frames (sd__frames); measure frames after */
    size_t frame_entry0;  /* entries[frame_entry0 + f]: frame f's entry */
};



static _Atomic unsigned long lexicon_serial;

/* ---- hashing ---- */

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for(size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ull;
    }
    return h | 1;   /* never 0: 0 marks an empty dictionary slot */
}

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return x;
}

/* ---- vocabulary ---- */

static uint32_t word_find(const sd_lexicon *lx, const char *w, size_t n,
                          uint64_t h)
{
    size_t mask = lx->vcap - 1;
    for(size_t i = (size_t)mix64(h) & mask;; i = (i + 1) & mask) {
        const struct vslot *s = &lx->vtab[i];
        if(s->id == NO_ID)
            return NO_ID;
        if(s->h == h && lx->wlen[s->id] == n &&
           !memcmp(lx->pool + lx->woff[s->id], w, n))
            return s->id;
    }
}

static int vtab_grow(sd_lexicon *lx)
{
    size_t cap = lx->vcap ? lx->vcap * 2 : 1024;
    struct vslot *t = sd_malloc(cap * sizeof(*t));
    if(!t)
        return SD_ERR_NOMEM;
    for(size_t i = 0; i < cap; i++)
        t[i].id = NO_ID;
    for(size_t i = 0; i < lx->vcap; i++) {
        if(lx->vtab[i].id == NO_ID)
            continue;
        size_t j = (size_t)mix64(lx->vtab[i].h) & (cap - 1);
        while(t[j].id != NO_ID)
            j = (j + 1) & (cap - 1);
        t[j] = lx->vtab[i];
    }
    sd_free(lx->vtab);
    lx->vtab = t;
    lx->vcap = cap;
    return SD_OK;
}

static int word_add(sd_lexicon *lx, const char *w, size_t n, uint32_t *id)
{
    uint64_t h = hash_bytes(w, n);

    if(n > UINT16_MAX)
        return SD_ERR_INVALID;
    if((*id = word_find(lx, w, n, h)) != NO_ID)
        return SD_OK;
    if((lx->nwords + 1) * 2 > lx->vcap && vtab_grow(lx))
        return SD_ERR_NOMEM;
    if(lx->nwords == lx->wcap) {
        size_t cap = lx->wcap ? lx->wcap * 2 : 512;
        uint32_t *o = sd_realloc(lx->woff, cap * sizeof(*o));
        if(!o)
            return SD_ERR_NOMEM;
        lx->woff = o;
        uint16_t *l = sd_realloc(lx->wlen, cap * sizeof(*l));
        if(!l)
            return SD_ERR_NOMEM;
        lx->wlen = l;
        uint8_t *s = sd_realloc(lx->wsym, cap);
        if(!s)
            return SD_ERR_NOMEM;
        lx->wsym = s;
        lx->wcap = cap;
    }
    if(lx->poollen + n > lx->poolcap) {
        size_t cap = lx->poolcap ? lx->poolcap * 2 : 8192;
        while(cap < lx->poollen + n)
            cap *= 2;
        char *p = sd_realloc(lx->pool, cap);
        if(!p)
            return SD_ERR_NOMEM;
        lx->pool = p;
        lx->poolcap = cap;
    }
    memcpy(lx->pool + lx->poollen, w, n);
    *id = (uint32_t)lx->nwords++;
    lx->woff[*id] = (uint32_t)lx->poollen;
    lx->wlen[*id] = (uint16_t)n;
    lx->wsym[*id] = 0;
    lx->poollen += n;
    size_t mask = lx->vcap - 1;
    size_t i = (size_t)mix64(h) & mask;
    while(lx->vtab[i].id != NO_ID)
        i = (i + 1) & mask;
    lx->vtab[i].h = h;
    lx->vtab[i].id = *id;
    return SD_OK;
}

/* ---- trie ---- */

static uint32_t edge_find(const sd_lexicon *lx, uint32_t node, uint32_t w)
{
    uint64_t key = (((uint64_t)node << 32) | w) + 1;
    size_t mask = lx->ecap - 1;
    for(size_t i = (size_t)mix64(key) & mask;; i = (i + 1) & mask) {
        if(lx->etab[i].key == key)
            return lx->etab[i].child;
        if(!lx->etab[i].key)
            return NO_ID;
    }
}

static int etab_grow(sd_lexicon *lx)
{
    size_t cap = lx->ecap ? lx->ecap * 2 : 2048;
    struct eslot *t = sd_calloc(cap, sizeof(*t));
    if(!t)
        return SD_ERR_NOMEM;
    for(size_t i = 0; i < lx->ecap; i++) {
        if(!lx->etab[i].key)
            continue;
        size_t j = (size_t)mix64(lx->etab[i].key) & (cap - 1);
        while(t[j].key)
            j = (j + 1) & (cap - 1);
        t[j] = lx->etab[i];
    }
    sd_free(lx->etab);
    lx->etab = t;
    lx->ecap = cap;
    return SD_OK;
}

static int node_new(sd_lexicon *lx, uint32_t *node)
{
    if(lx->nnodes == lx->ncap) {
        size_t cap = lx->ncap ? lx->ncap * 2 : 1024;
        int32_t *p = sd_realloc(lx->node_entry, cap * sizeof(*p));
        if(!p)
            return SD_ERR_NOMEM;
        lx->node_entry = p;
        lx->ncap = cap;
    }
    *node = (uint32_t)lx->nnodes++;
    lx->node_entry[*node] = -1;
    return SD_OK;
}

static int edge_add(sd_lexicon *lx, uint32_t node, uint32_t w,
                    uint32_t *child)
{
    if((*child = edge_find(lx, node, w)) != NO_ID)
        return SD_OK;
    if((lx->nedges + 1) * 2 > lx->ecap && etab_grow(lx))
        return SD_ERR_NOMEM;
    if(node_new(lx, child))
        return SD_ERR_NOMEM;
    uint64_t key = (((uint64_t)node << 32) | w) + 1;
    size_t mask = lx->ecap - 1;
    size_t i = (size_t)mix64(key) & mask;
    while(lx->etab[i].key)
        i = (i + 1) & mask;
    lx->etab[i].key = key;
    lx->etab[i].child = *child;
    lx->nedges++;
    return SD_OK;
}

/* Set err and return rc, for one-line failures. */
#define lx_fail(err, rc, ...) (sd_error_setf((err), __VA_ARGS__), (rc))

/* Does the normalised phrase contain a word group that says severe? */
static int says_severe(const char *norm, size_t n)
{
    for(const char *const *w = sd__lang_en_severe_inside; *w; w++) {
        size_t k = strlen(*w);
        for(size_t i = 0; i + k <= n; i++)
            if((i == 0 || norm[i - 1] == ' ') && !memcmp(norm + i, *w, k) &&
               (i + k == n || norm[i + k] == ' '))
                return 1;
    }
    return 0;
}

/* Add one phrase. Concept phrases win over function words; two concepts
** with the same phrase are an error in the monograph. */
static int phrase_add(sd_lexicon *lx, const char *phrase, int kind,
                      int32_t value, sd_error *err)
{
    char norm[MAX_PHRASE];
    size_t n;
    uint32_t node = 0;
    int rc = sd_text_normalise_phrase(phrase, norm, sizeof(norm), &n);

    if(rc == SD_ERR_NOMEM)
        return lx_fail(err, rc, "out of memory");
    if(rc || n == 0)
        return lx_fail(err, SD_ERR_INVALID,
                       "phrase '%s' has no words or is too long", phrase);
    for(size_t i = 0; i < n;) {
        size_t j = i;
        while(j < n && norm[j] != ' ')
            j++;
        uint32_t w, child;
        if((rc = word_add(lx, norm + i, j - i, &w)))
            return rc == SD_ERR_NOMEM
                       ? lx_fail(err, rc, "out of memory")
                       : lx_fail(err, rc, "phrase '%s' has a word that is "
                                 "too long", phrase);
        if(kind == SD__L_CONCEPT)
            lx->wsym[w] = 1;
        if((rc = edge_add(lx, node, w, &child)))
            return lx_fail(err, rc, "out of memory");
        node = child;
        i = j + (j < n);
    }
    int32_t e = lx->node_entry[node];
    if(e >= 0) {
        struct entry *old = &lx->entries[e];
        if(old->kind == SD__L_CONCEPT && kind == SD__L_CONCEPT &&
           old->value != value) {
            const sd_concept *a = sd_monograph_concept(lx->m, (size_t)old->value);
            const sd_concept *b = sd_monograph_concept(lx->m, (size_t)value);
            char msg[200];
            snprintf(msg, sizeof(msg), "'%s' (concept %s) and '%s'",
                     old->phrase, a->id, phrase);
            return lx_fail(err, SD_ERR_INVALID,
                           "two concepts share the phrase %s (concept %s) "
                           "once normalised; keep it in one", msg, b->id);
        }
        if(old->kind == SD__L_CONCEPT || kind != SD__L_CONCEPT)
            return SD_OK;   /* the first or the concept phrase stays */
        old->kind = (uint8_t)kind;
        old->severe = says_severe(norm, n);
        old->value = value;
        old->phrase = phrase;
        return SD_OK;
    }
    if(lx->nentries == lx->entcap) {
        size_t cap = lx->entcap ? lx->entcap * 2 : 1024;
        struct entry *p = sd_realloc(lx->entries, cap * sizeof(*p));
        if(!p)
            return lx_fail(err, SD_ERR_NOMEM, "out of memory");
        lx->entries = p;
        lx->entcap = cap;
    }
    lx->entries[lx->nentries].kind = (uint8_t)kind;
    lx->entries[lx->nentries].severe =
        kind == SD__L_CONCEPT && says_severe(norm, n);
    lx->entries[lx->nentries].value = value;
    lx->entries[lx->nentries].phrase = phrase;
    lx->node_entry[node] = (int32_t)lx->nentries++;
    return SD_OK;
}

/* ---- spelling ---- */

static int is_alpha_word(const char *w, size_t n)
{
    for(size_t i = 0; i < n; i++)
        if(w[i] < 'a' || w[i] > 'z')
            return 0;
    return 1;
}

static int del_push(sd_lexicon *lx, const char *w, size_t n, uint32_t word)
{
    if(lx->ndels == lx->delcap) {
        size_t cap = lx->delcap ? lx->delcap * 2 : 4096;
        struct del *p = sd_realloc(lx->dels, cap * sizeof(*p));
        if(!p)
            return SD_ERR_NOMEM;
        lx->dels = p;
        lx->delcap = cap;
    }
    lx->dels[lx->ndels].h = hash_bytes(w, n);
    lx->dels[lx->ndels].word = word;
    lx->ndels++;
    return SD_OK;
}

static int cmp_del(const void *a, const void *b)
{
    const struct del *x = a, *y = b;
    if(x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return x->word < y->word ? -1 : x->word > y->word;
}

#define MAX_SPELL 32   /* longest word considered for correction */

static int build_deletions(sd_lexicon *lx)
{
    char v[MAX_SPELL];

    for(uint32_t w = 0; w < lx->nwords; w++) {
        const char *s = lx->pool + lx->woff[w];
        size_t n = lx->wlen[w];
        if(!lx->wsym[w] || n < 4 || n >= MAX_SPELL || !is_alpha_word(s, n))
            continue;
        if(del_push(lx, s, n, w))
            return SD_ERR_NOMEM;
        for(size_t i = 0; i < n; i++) {
            memcpy(v, s, i);
            memcpy(v + i, s + i + 1, n - i - 1);
            if(del_push(lx, v, n - 1, w))
                return SD_ERR_NOMEM;
            if(n < 6)
                continue;
            for(size_t j = i; j < n - 1; j++) {
                char v2[MAX_SPELL];
                memcpy(v2, v, j);
                memcpy(v2 + j, v + j + 1, n - 2 - j);
                if(del_push(lx, v2, n - 2, w))
                    return SD_ERR_NOMEM;
            }
        }
    }
    if(lx->ndels)
        qsort(lx->dels, lx->ndels, sizeof(*lx->dels), cmp_del);
    return SD_OK;
}

static int dict_has(const sd_lexicon *lx, uint64_t h)
{
    if(!lx->dictcap)
        return 0;
    size_t mask = lx->dictcap - 1;
    for(size_t i = (size_t)mix64(h) & mask;; i = (i + 1) & mask) {
        if(lx->dict[i] == h)
            return 1;
        if(!lx->dict[i])
            return 0;
    }
}

static int load_wordlist(sd_lexicon *lx, const char *path, sd_error *err)
{
    FILE *f = fopen(path, "r");
    char line[256];
    size_t n = 0, cap = 1u << 18;

    if(!f)
        return lx_fail(err, SD_ERR_IO, "cannot read the word list %s: %s",
                       path, strerror(errno));
    lx->dict = sd_calloc(cap, sizeof(*lx->dict));
    if(!lx->dict) {
        fclose(f);
        return lx_fail(err, SD_ERR_NOMEM, "out of memory");
    }
    lx->dictcap = cap;
    while(fgets(line, sizeof(line), f)) {
        size_t len = strcspn(line, "\r\n");
        int ok = len >= 5 && len < MAX_SPELL;
        for(size_t i = 0; ok && i < len; i++) {
            char c = line[i];
            if(c >= 'A' && c <= 'Z')
                line[i] = (char)(c + 32);
            else if(c < 'a' || c > 'z')
                ok = 0;
        }
        if(!ok)
            continue;
        if((n + 1) * 2 > cap)
            break;   /* a list this large is not a word list; keep what fits */
        uint64_t h = hash_bytes(line, len);
        size_t i = (size_t)mix64(h) & (cap - 1);
        while(lx->dict[i] && lx->dict[i] != h)
            i = (i + 1) & (cap - 1);
        if(!lx->dict[i]) {
            lx->dict[i] = h;
            n++;
        }
    }
    fclose(f);
    lx->spelling = 1;
    return SD_OK;
}

/* Optimal string alignment distance, or max + 1 when above max. */
static int osa(const char *a, size_t n, const char *b, size_t m, int max)
{
    int d[MAX_SPELL + 1][MAX_SPELL + 1];

    if(n > MAX_SPELL || m > MAX_SPELL)
        return max + 1;
    for(size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for(size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for(size_t i = 1; i <= n; i++) {
        int best = max + 1;
        for(size_t j = 1; j <= m; j++) {
            int c = a[i - 1] != b[j - 1];
            int v = d[i - 1][j - 1] + c;
            if(d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if(d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if(i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
               d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
            if(v < best)
                best = v;
        }
        if(best > max)
            return max + 1;
    }
    return d[n][m];
}

struct cand {
    uint32_t word;
    int dist;
    int ambiguous;
};

static void try_variant(const sd_lexicon *lx, const char *q, size_t n,
                        const char *v, size_t vn, int max, struct cand *c)
{
    uint64_t h = hash_bytes(v, vn);
    size_t lo = 0, hi = lx->ndels;

    while(lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if(lx->dels[mid].h < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    for(; lo < lx->ndels && lx->dels[lo].h == h; lo++) {
        uint32_t w = lx->dels[lo].word;
        const char *s = lx->pool + lx->woff[w];
        size_t m = lx->wlen[w];
        int lim = (n < 8 || m < 8) ? 1 : max;
        if(s[0] != q[0] || w == c->word)
            continue;
        if(lim > 1 && s[1] != q[1])
            lim = 1;   /* two edits only after a shared first syllable */
        int d = osa(q, n, s, m, lim);
        if(d > lim)
            continue;
        if(d < c->dist) {
            c->word = w;
            c->dist = d;
            c->ambiguous = 0;
        } else if(d == c->dist) {
            c->ambiguous = 1;
        }
    }
}

/* The symptom word that q (not in the vocabulary) misspells, or NO_ID. */
static uint32_t correct(const sd_lexicon *lx, const char *q, size_t n,
                        uint64_t h)
{
    struct cand c = {NO_ID, 99, 0};
    char v[MAX_SPELL];
    int max = n >= 8 ? 2 : 1;

    if(!lx->spelling || n < 5 || n >= MAX_SPELL || !is_alpha_word(q, n) ||
       dict_has(lx, h))
        return NO_ID;
    try_variant(lx, q, n, q, n, max, &c);
    for(size_t i = 0; i < n; i++) {
        memcpy(v, q, i);
        memcpy(v + i, q + i + 1, n - i - 1);
        try_variant(lx, q, n, v, n - 1, max, &c);
        if(max < 2)
            continue;
        for(size_t j = i; j < n - 1; j++) {
            char v2[MAX_SPELL];
            memcpy(v2, v, j);
            memcpy(v2 + j, v + j + 1, n - 2 - j);
            try_variant(lx, q, n, v2, n - 2, max, &c);
        }
    }
    return c.ambiguous ? NO_ID : c.word;
}

/* ---- build ---- */

static int add_drug_phrases(sd_lexicon *lx, sd_error *err)
{
    /* Cues that name the drug: before + name + after. */
    static const struct {
        const char *before, *after;
        int cue;
    } tpl[] = {
        /* A stop and running out have not ended until a restart. */
        {"stopped ", "", SD_CUE_STOPPED | SD__CUE_ONGOING},
        {"quit ", "", SD_CUE_STOPPED | SD__CUE_ONGOING},
        {"off ", "", SD_CUE_STOPPED | SD__CUE_ONGOING},
        {"off of ", "", SD_CUE_STOPPED | SD__CUE_ONGOING},
        {"off the ", "", SD_CUE_STOPPED | SD__CUE_ONGOING},
        {"stopped my ", "", SD_CUE_STOPPED | SD__CUE_ONGOING},
        {"stopped the ", "", SD_CUE_STOPPED | SD__CUE_ONGOING},
        {"stopped her ", "", SD_CUE_STOPPED | SD__CUE_ONGOING},
        {"stopped his ", "", SD_CUE_STOPPED | SD__CUE_ONGOING},
        {"ran out of ", "", SD_CUE_MISSED | SD__CUE_ONGOING},
        {"ran out of my ", "", SD_CUE_MISSED | SD__CUE_ONGOING},
        {"ran out of her ", "", SD_CUE_MISSED | SD__CUE_ONGOING},
        {"ran out of his ", "", SD_CUE_MISSED | SD__CUE_ONGOING},
        {"no ", "", SD_CUE_MISSED | SD__CUE_ONGOING},
        {"havent had ", "", SD_CUE_MISSED | SD__CUE_ONGOING},
        {"hasnt had her ", "", SD_CUE_MISSED | SD__CUE_ONGOING},
        {"hasnt had his ", "", SD_CUE_MISSED | SD__CUE_ONGOING},
        {"havent had my ", "", SD_CUE_MISSED | SD__CUE_ONGOING},
        {"havent had any ", "", SD_CUE_MISSED | SD__CUE_ONGOING},
        {"havent taken my ", "", SD_CUE_MISSED | SD__CUE_ONGOING},
        {"havent taken ", "", SD_CUE_MISSED | SD__CUE_ONGOING},
        {"without my ", "", SD_CUE_MISSED | SD__CUE_ONGOING},
        {"without ", "", SD_CUE_MISSED | SD__CUE_ONGOING},
        {"running out of ", "", SD_CUE_MISSED | SD__CUE_ONGOING},
        {"run out of ", "", SD_CUE_MISSED | SD__CUE_ONGOING},
        {"stop ", "", SD_CUE_STOPPED}, {"stop my ", "", SD_CUE_STOPPED},
        {"stopping ", "", SD_CUE_STOPPED},
        {"stopping my ", "", SD_CUE_STOPPED},
        {"restarted ", "", SD_CUE_RESUMED},
        {"restarted my ", "", SD_CUE_RESUMED},
        {"back on ", "", SD_CUE_RESUMED},
        {"back on my ", "", SD_CUE_RESUMED},
        {"missed my ", "", SD_CUE_MISSED}, {"extra ", "", SD_CUE_EXTRA},
        {"whole bottle of ", "", SD_CUE_EXTRA | SD__CUE_LARGE},
        {"all my ", "", SD_CUE_EXTRA | SD__CUE_LARGE},
        {"took all my ", "", SD_CUE_EXTRA | SD__CUE_LARGE},
        {"took all of my ", "", SD_CUE_EXTRA | SD__CUE_LARGE},
        {"took all of his ", "", SD_CUE_EXTRA | SD__CUE_LARGE},
        {"took all of her ", "", SD_CUE_EXTRA | SD__CUE_LARGE},
        {"a load of my ", "", SD_CUE_EXTRA | SD__CUE_LARGE},
        {"a load of ", "", SD_CUE_EXTRA | SD__CUE_LARGE},
        {"loads of ", "", SD_CUE_EXTRA | SD__CUE_LARGE},
        {"overdosed on ", "", SD_CUE_EXTRA | SD__CUE_ADMIT},
        {"too much ", "", SD_CUE_EXTRA | SD__CUE_ADMIT},
        {"double ", "", SD_CUE_EXTRA | SD__CUE_ONE},
        {"odd on ", "", SD_CUE_EXTRA | SD__CUE_ADMIT},
        {"", " pump", SD_CUE_INTRATHECAL}, {"less ", "", SD_CUE_REDUCED},
        {"more ", "", SD_CUE_EXTRA},
    };
    const char *names[64];
    size_t nn = 0;
    const char *const *brands;
    size_t nb = sd_monograph_brands(lx->m, &brands);
    int rc;

    names[nn++] = sd_monograph_id(lx->m);
    names[nn++] = sd_monograph_name(lx->m);
    for(size_t i = 0; i < nb && nn < 64; i++)
        names[nn++] = brands[i];
    for(size_t i = 0; i < nn; i++) {
        if(!names[i])
            continue;
        if((rc = phrase_add(lx, names[i], SD__L_DRUG, 0, err)))
            return rc;
        for(size_t t = 0; t < sizeof(tpl) / sizeof(tpl[0]); t++) {
            char buf[256];
            snprintf(buf, sizeof(buf), "%s%s%s", tpl[t].before, names[i],
                     tpl[t].after);
            char *p = sd__arena_strdup(&lx->arena, buf);
            if(!p)
                return lx_fail(err, SD_ERR_NOMEM, "out of memory");
            if((rc = phrase_add(lx, p, SD__L_CUE, tpl[t].cue, err)))
                return rc;
        }
    }
    return SD_OK;
}

static int add_common(sd_lexicon *lx, sd_error *err)
{
    const char *s = sd__lang_en_common;
    int rc;

    while(*s) {
        while(*s == ' ')
            s++;
        size_t n = strcspn(s, " ");
        if(!n)
            break;
        char *w = sd__arena_alloc(&lx->arena, n + 1);
        if(!w)
            return lx_fail(err, SD_ERR_NOMEM, "out of memory");
        memcpy(w, s, n);
        if((rc = phrase_add(lx, w, SD__L_COMMON, 0, err)))
            return rc;
        s += n;
    }
    return SD_OK;
}

/* ---- red-flag frames: word classes ---- */

/* A frame word joins the vocabulary (so that reading finds its classes
** with the word's own lookup) and gets the class bit. */
static int class_add(sd_lexicon *lx, const char *w, size_t n, int cls)
{
    uint32_t id;
    int rc = word_add(lx, w, n, &id);
    if(rc)
        return rc;
    if(lx->nwcls < lx->nwords) {
        size_t cap = lx->wcap;
        uint64_t(*p)[SD__CW] = sd_realloc(lx->wcls, cap * sizeof(*p));
        if(!p)
            return SD_ERR_NOMEM;
        memset(p + lx->nwcls, 0, (cap - lx->nwcls) * sizeof(*p));
        lx->wcls = p;
        lx->nwcls = cap;
    }
    lx->wcls[id][cls >> 6] |= 1ull << (cls & 63);
    return SD_OK;
}

static int add_class_words(sd_lexicon *lx, const char *words, int cls)
{
    char norm[MAX_PHRASE];
    size_t n;
    int rc = sd_text_normalise_phrase(words, norm, sizeof(norm), &n);
    if(rc)
        return rc;
    for(size_t i = 0; i < n;) {
        size_t j = i;
        while(j < n && norm[j] != ' ')
            j++;
        if((rc = class_add(lx, norm + i, j - i, cls)))
            return rc;
        i = j + 1;
    }
    return SD_OK;
}

static int has_cls(const uint64_t m[SD__CW], int cls);

static int build_frames(sd_lexicon *lx, sd_error *err)
{
    size_t nf = 0;
    const char *const *brands;
    size_t nb = sd_monograph_brands(lx->m, &brands);

    int rc;
    for(const struct sd__wclass *c = sd__wclasses; c->words; c++)
        if((rc = add_class_words(lx, c->words, c->cls)))
            goto bad;
    /* The drug's own names are pill words. */
    if((rc = add_class_words(lx, sd_monograph_id(lx->m), W_PILL)) ||
       (sd_monograph_name(lx->m) &&
        (rc = add_class_words(lx, sd_monograph_name(lx->m), W_PILL))))
        goto bad;
    for(size_t i = 0; i < nb; i++)
        if(brands[i] && (rc = add_class_words(lx, brands[i], W_PILL)))
            goto bad;

    while(sd__frames[nf].info.id)
        nf++;
    lx->nwframes = nf;
    if(!(lx->fconcept = sd_malloc((nf + MF_COUNT) * sizeof(int32_t))))
        return lx_fail(err, SD_ERR_NOMEM, "out of memory");
    if(!(lx->ffirst = sd_calloc(nf ? nf : 1, sizeof(*lx->ffirst))) ||
       !(lx->felm = sd_calloc(nf ? nf : 1, sizeof(*lx->felm))))
        return lx_fail(err, SD_ERR_NOMEM, "out of memory");
    for(size_t f = 0; f < nf; f++)
        for(int e = 0; e < sd__frames[f].nel; e++)
            for(int k = 0; k < 3; k++) {
                int c = sd__frames[f].el[e].cls[k];
                if(c)
                    lx->felm[f][e][c >> 6] |= 1ull << (c & 63);
            }
    for(size_t f = 0; f < nf; f++)
        for(int k = 0; k < 3; k++) {
            int c = sd__frames[f].el[0].cls[k];
            if(c) {
                lx->ffirst[f][c >> 6] |= 1ull << (c & 63);
                lx->anyfirst[c >> 6] |= 1ull << (c & 63);
            }
        }
    /* Frames by first class, in table order (the first that matches
    ** wins). */
    size_t total = 0;
    for(int c = 0; c < W_COUNT; c++) {
        lx->cfr_at[c] = (uint32_t)total;
        for(size_t f = 0; f < nf; f++)
            total += has_cls(lx->ffirst[f], c);
    }
    lx->cfr_at[W_COUNT] = (uint32_t)total;
    if(!(lx->cfr = sd_malloc((total ? total : 1) * sizeof(*lx->cfr))))
        return lx_fail(err, SD_ERR_NOMEM, "out of memory");
    for(int c = 0, k = 0; c < W_COUNT; c++)
        for(size_t f = 0; f < nf; f++)
            if(has_cls(lx->ffirst[f], c))
                lx->cfr[k++] = (uint16_t)f;
    for(const struct sd__suspect *q = sd__suspects; q->cls; q++)
        lx->suspect_mask[q->cls >> 6] |= 1ull << (q->cls & 63);
    lx->frame_entry0 = lx->nentries;
    for(size_t f = 0; f < nf + MF_COUNT; f++) {
        const sd_frame_info *in = sd_frame(f);
        lx->fconcept[f] = -1;
        for(size_t i = 0; in->concept && i < sd_monograph_nconcepts(lx->m);
            i++)
            if(!strcmp(sd_monograph_concept(lx->m, i)->id, in->concept))
                lx->fconcept[f] = (int32_t)i;
        if(lx->nentries == lx->entcap) {
            size_t cap = lx->entcap ? lx->entcap * 2 : 1024;
            struct entry *p = sd_realloc(lx->entries, cap * sizeof(*p));
            if(!p)
                return lx_fail(err, SD_ERR_NOMEM, "out of memory");
            lx->entries = p;
            lx->entcap = cap;
        }
        struct entry *e = &lx->entries[lx->nentries++];
        e->kind = SD__L_FRAME;
        e->severe = 0;
        e->value = (int32_t)f;
        e->phrase = in->what;
    }
    return SD_OK;
bad:
    return rc == SD_ERR_NOMEM
               ? lx_fail(err, rc, "out of memory")
               : lx_fail(err, SD_ERR_INVALID, "a frame word or drug name is "
                         "too long");
}

size_t sd_nframes(void)
{
    size_t n = 0;
    while(sd__frames[n].info.id)
        n++;
    return n + MF_COUNT;
}

const sd_frame_info *sd_frame(size_t i)
{
    size_t nw = sd_nframes() - MF_COUNT;
    if(i < nw)
        return &sd__frames[i].info;
    if(i < nw + MF_COUNT)
        return &sd__measure_frames[i - nw].info;
    return NULL;
}

int sd_lexicon_build(const sd_monograph *m, const char *wordlist,
                     sd_lexicon **out, sd_error *err)
{
    sd_lexicon *lx;
    uint32_t root;
    int rc;

    *out = NULL;
    sd_error_clear(err);
    if(!(lx = sd_calloc(1, sizeof(*lx))))
        return lx_fail(err, SD_ERR_NOMEM, "out of memory");
    lx->m = m;
    lx->serial = ++lexicon_serial;
    if(vtab_grow(lx) || etab_grow(lx) || node_new(lx, &root)) {
        rc = lx_fail(err, SD_ERR_NOMEM, "out of memory");
        goto fail;
    }
    for(size_t i = 0; i < sd_monograph_nconcepts(m); i++) {
        const sd_concept *c = sd_monograph_concept(m, i);
        if((rc = phrase_add(lx, c->name, SD__L_CONCEPT, (int32_t)i, err)))
            goto fail;
        for(size_t k = 0; k < c->nsynonyms; k++)
            if((rc = phrase_add(lx, c->synonyms[k], SD__L_CONCEPT, (int32_t)i,
                                err)))
                goto fail;
    }
    if((rc = add_drug_phrases(lx, err)))
        goto fail;
    for(const struct sd__lang_entry *e = sd__lang_en; e->phrase; e++)
        if((rc = phrase_add(lx, e->phrase, e->kind, e->value, err)))
            goto fail;
    if((rc = add_common(lx, err)))
        goto fail;
    if((rc = build_frames(lx, err)))
        goto fail;
    if(build_deletions(lx)) {
        rc = lx_fail(err, SD_ERR_NOMEM, "out of memory");
        goto fail;
    }
    if(wordlist && (rc = load_wordlist(lx, wordlist, err)))
        goto fail;
    *out = lx;
    return SD_OK;
fail:
    sd_lexicon_free(lx);
    return rc;
}

void sd_lexicon_free(sd_lexicon *lx)
{
    if(!lx)
        return;
    sd_free(lx->vtab);
    sd_free(lx->pool);
    sd_free(lx->woff);
    sd_free(lx->wlen);
    sd_free(lx->wsym);
    sd_free(lx->node_entry);
    sd_free(lx->etab);
    sd_free(lx->entries);
    sd_free(lx->dels);
    sd_free(lx->dict);
    sd_free(lx->wcls);
    sd_free(lx->fconcept);
    sd_free(lx->ffirst);
    sd_free(lx->felm);
    sd_free(lx->cfr);
    sd__arena_release(&lx->arena);
    sd_free(lx);
}

const sd_monograph *sd_lexicon_monograph(const sd_lexicon *lx)
{
    return lx->m;
}

int sd_lexicon_spelling(const sd_lexicon *lx)
{
    return lx->spelling;
}

size_t sd_lexicon_nphrases(const sd_lexicon *lx)
{
    return lx->nentries;
}

size_t sd_lexicon_nwords(const sd_lexicon *lx)
{
    return lx->nwords;
}

/* ---- reading ---- */

struct hit {
    uint32_t entry;       /* lexicon entry (frames: frame_entry0 + f) */
    uint32_t t0, t1;      /* token range [t0, t1) */
    uint32_t corrected;
};

struct scratch {
    uint32_t *wid;        /* word id per token */
    uint8_t *fix;         /* 1: corrected or de-pluralised */
    uint32_t *clause;     /* clause number per token (for negation) */
    uint32_t *mclause;    /* clause for modifiers: strong breaks only */
    uint32_t *sentence;   /* sentence number per token */
    uint8_t *covered;     /* 1: token is part of a hit */
    const uint64_t **cm;  /* frame word classes per token: the word's row
                          ** of the lexicon, or its own row in cmx once
                          ** a number changed it ("my 2 year old") */
    uint64_t (*cmx)[SD__CW];
    int32_t *fat;         /* frame starting at this token, or -1 */
    uint32_t *fend;       /* its end (token after the last) */
    int scope_hits;       /* the text has past, what-if or now words */
    int frames_on;        /* fat[] and fend[] were filled */
    uint64_t seen[SD__CW];/* the word classes of the whole text */
    int question;         /* the text has a question mark */
    size_t tcap;
    struct hit *hits;
    size_t nhits, hcap;
    unsigned long memo_of;      /* serial of the lexicon the memo is for */
    struct memo memo[MEMO_SIZE];
};

void sd_reading_init(sd_reading *r)
{
    memset(r, 0, sizeof(*r));
    sd_text_init(&r->text);
}

void sd_reading_release(sd_reading *r)
{
    struct scratch *s = r->priv;
    if(s) {
        sd_free(s->wid);
        sd_free(s->fix);
        sd_free(s->clause);
        sd_free(s->mclause);
        sd_free(s->sentence);
        sd_free(s->covered);
        sd_free(s->cm);
        sd_free(s->cmx);
        sd_free(s->fat);
        sd_free(s->fend);
        sd_free(s->hits);
        sd_free(s);
    }
    sd_free(r->findings);
    sd_free(r->cues);
    sd_free(r->unrecognised);
    sd_free(r->flags);
    sd_free(r->measures);
    sd_text_release(&r->text);
    sd_reading_init(r);
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if(need <= *cap)
        return SD_OK;
    size_t c = *cap ? *cap : 16;
    while(c < need)
        c *= 2;
    void *q = sd_realloc(*p, c * size);
    if(!q)
        return SD_ERR_NOMEM;
    *p = q;
    *cap = c;
    return SD_OK;
}

static int scratch_reserve(sd_reading *r, size_t ntok)
{
    struct scratch *s = r->priv;
    if(!s) {
        if(!(s = sd_calloc(1, sizeof(*s))))
            return SD_ERR_NOMEM;
        r->priv = s;
    }
    if(ntok <= s->tcap)
        return SD_OK;
    size_t cap = s->tcap ? s->tcap : 64;
    while(cap < ntok)
        cap *= 2;
    uint32_t *a = sd_realloc(s->wid, cap * sizeof(*a));
    if(!a)
        return SD_ERR_NOMEM;
    s->wid = a;
    uint8_t *b = sd_realloc(s->fix, cap);
    if(!b)
        return SD_ERR_NOMEM;
    s->fix = b;
    a = sd_realloc(s->clause, cap * sizeof(*a));
    if(!a)
        return SD_ERR_NOMEM;
    s->clause = a;
    a = sd_realloc(s->mclause, cap * sizeof(*a));
    if(!a)
        return SD_ERR_NOMEM;
    s->mclause = a;
    a = sd_realloc(s->sentence, cap * sizeof(*a));
    if(!a)
        return SD_ERR_NOMEM;
    s->sentence = a;
    b = sd_realloc(s->covered, cap);
    if(!b)
        return SD_ERR_NOMEM;
    s->covered = b;
    const uint64_t **cp = sd_realloc(s->cm, cap * sizeof(*cp));
    if(!cp)
        return SD_ERR_NOMEM;
    s->cm = cp;
    uint64_t(*m)[SD__CW] = sd_realloc(s->cmx, cap * sizeof(*m));
    if(!m)
        return SD_ERR_NOMEM;
    s->cmx = m;
    int32_t *fa = sd_realloc(s->fat, cap * sizeof(*fa));
    if(!fa)
        return SD_ERR_NOMEM;
    s->fat = fa;
    a = sd_realloc(s->fend, cap * sizeof(*a));
    if(!a)
        return SD_ERR_NOMEM;
    s->fend = a;
    s->tcap = cap;
    return SD_OK;
}

/* FNV-1a of w[0..n) and of its prefixes of n-1 and n-2 bytes, in one
** pass (hash_bytes() of each). */
static uint64_t hash_prefixes(const char *w, size_t n, uint64_t *h1,
                              uint64_t *h2)
{
    uint64_t h = 0xcbf29ce484222325ull;
    *h1 = *h2 = 1;
    for(size_t i = 0; i < n; i++) {
        if(i == n - 2)
            *h2 = h | 1;
        if(i == n - 1)
            *h1 = h | 1;
        h ^= (unsigned char)w[i];
        h *= 0x100000001b3ull;
    }
    return h | 1;
}

/* Map a word to a word id: exactly, as a plural, or corrected. Corrections
** are remembered in memo (the reading's, for this lexicon only). */
static uint32_t lookup(const sd_lexicon *lx, const char *w, size_t n,
                       uint8_t *fix, struct memo *memo, uint64_t *hash)
{
    uint64_t h1, h2, h = hash_prefixes(w, n, &h1, &h2);
    uint32_t id = word_find(lx, w, n, h);

    *hash = h;
    *fix = 0;
    if(id != NO_ID || n < 4)
        return id;
    if(w[n - 1] == 's') {
        char b[MAX_SPELL + 2];
        if(n >= 5 && n < MAX_SPELL && w[n - 2] == 'e' && w[n - 3] == 'i') {
            memcpy(b, w, n - 3);   /* "ies" -> "y" */
            b[n - 3] = 'y';
            if((id = word_find(lx, b, n - 2, hash_bytes(b, n - 2))) != NO_ID)
                goto plural;
        }
        if(w[n - 2] == 'e' && (id = word_find(lx, w, n - 2, h2)) != NO_ID)
            goto plural;
        if(w[n - 2] != 's' && (id = word_find(lx, w, n - 1, h1)) != NO_ID)
            goto plural;
    }
    if(!lx->spelling || n < 5 || n >= MAX_SPELL)
        return NO_ID;
    struct memo *m = &memo[mix64(h) & (MEMO_SIZE - 1)];
    if(m->h == h) {
        id = m->id;
    } else {
        id = correct(lx, w, n, h);
        m->h = h;
        m->id = id;
    }
    if(id != NO_ID)
        *fix = 2;
    return id;
plural:
    *fix = 1;
    return id;
}

static int is_wordish(const sd_token *t)
{
    return t->kind == SD_TOK_WORD || t->kind == SD_TOK_NUMBER;
}

/* ---- red-flag frames and measurements ---- */

static int has_cls(const uint64_t m[SD__CW], int cls)
{
    return cls && ((m[cls >> 6] >> (cls & 63)) & 1);
}

static int form_is(const sd_text *t, size_t i, const char *w)
{
    size_t n = strlen(w);
    return i < t->ntok && t->tok[i].len == n &&
           !memcmp(sd_text_form(t, i), w, n);
}

static int form_in(const sd_text *t, size_t i, const char *const *list)
{
    for(; *list; list++)
        if(form_is(t, i, *list))
            return 1;
    return 0;
}

/* The previous or next word token, within the sentence; SIZE_MAX if
** none. */
static size_t prev_word(const sd_text *t, size_t i)
{
    while(i > 0) {
        i--;
        if(t->tok[i].kind == SD_TOK_BREAK)
            return SIZE_MAX;
        if(is_wordish(&t->tok[i]))
            return i;
    }
    return SIZE_MAX;
}

static size_t next_word(const sd_text *t, size_t i)
{
    for(i++; i < t->ntok; i++) {
        if(t->tok[i].kind == SD_TOK_BREAK)
            return SIZE_MAX;
        if(is_wordish(&t->tok[i]))
            return i;
    }
    return SIZE_MAX;
}

/* Does the sentence around token i have a token of class cls? */
static int sentence_has(const sd_reading *r, size_t i, int cls)
{
    const struct scratch *s = r->priv;
    const sd_text *t = &r->text;
    size_t a = i, b = i;
    while(a > 0 && t->tok[a - 1].kind != SD_TOK_BREAK)
        a--;
    while(b < t->ntok && t->tok[b].kind != SD_TOK_BREAK)
        b++;
    for(size_t k = a; k < b; k++)
        if(has_cls(s->cm[k], cls))
            return 1;
    return 0;
}

static const char *const subject_i[] = {"i", "im", "ive", "id", NULL};
static const char *const objects[] = {
    "him", "her", "them", "he", "she", "mum", "mom", "dad", "husband",
    "wife", "son", "daughter", "my", "his", "their", "partner", "mother",
    "father", "brother", "sister", "patient", "pt", NULL};

/* Try frame f at token i; the end token (after the last) or 0. */
static int mask_hit(const uint64_t a[SD__CW], const uint64_t b[SD__CW])
{
    uint64_t x = 0;
    for(int k = 0; k < SD__CW; k++)
        x |= a[k] & b[k];
    return x != 0;
}

static size_t frame_try(const sd_lexicon *lx, const sd_reading *r, size_t i,
                        size_t fi)
{
    const struct scratch *s = r->priv;
    const sd_text *t = &r->text;
    const struct sd__frame *f = &sd__frames[fi];
    size_t j = i;

    /* Every element's classes must be somewhere in the text. */
    for(int k = 1; k < f->nel; k++)
        if(!mask_hit(s->seen, lx->felm[fi][k]))
            return 0;
    for(int k = 1; k < f->nel; k++) {
        size_t skipped = 0, m;
        int found = 0;
        for(m = j + 1; m < t->ntok; m++) {
            int kind = t->tok[m].kind;
            if(kind == SD_TOK_BREAK ||
               (kind == SD_TOK_COMMA && !(f->flags & F_COMMA_OK)))
                break;
            if(kind == SD_TOK_COMMA)
                continue;
            if(mask_hit(s->cm[m], lx->felm[fi][k])) {
                found = 1;
                break;
            }
            if(++skipped > f->el[k].gap)
                break;
        }
        if(!found)
            return 0;
        j = m;
    }
    size_t pw = prev_word(t, i), nw = next_word(t, j);
    int object = nw != SIZE_MAX && form_in(t, nw, objects);
    for(size_t q = i; q < j; q++)
        object |= form_in(t, q, objects);
    if((f->flags & F_NOT_I) && pw != SIZE_MAX && form_in(t, pw, subject_i) &&
       !object)
        return 0;
    if((f->flags & F_NOT_I) && nw != SIZE_MAX && form_is(t, nw, "up") &&
       has_cls(s->cm[j], W_WAKE)) {
        /* "can't wake up" without someone else named before it is
        ** oversleeping ("struggle to wake up in the morning"), not
        ** unresponsiveness ("he won't wake up"). */
        static const char *const third[] = {
            "he", "she", "hes", "shes", "they", "theyre", "mum", "mom", "dad",
            "husband", "wife", "son", "daughter", "partner", "baby", "child",
            "patient", "pt", "him", "her", "brother", "sister", "mother",
            "father", "friend", "grandma", "grandad", "nan", "toddler", NULL};
        int other = 0;
        for(size_t q = i; q-- > 0 && t->tok[q].kind != SD_TOK_BREAK;)
            other |= form_in(t, q, third);
        if(!other && !object)
            return 0;
    }
    if((f->flags & F_NOT_TO) && nw != SIZE_MAX && form_is(t, nw, "to")) {
        static const char *const ok[] = {
            "anything", "anyone", "me", "us", "you", "voice", "voices",
            "touch", "pain", "his", "her", "name", "shaking", "noise",
            "sound", "anybody", "questions", "him", "them", NULL};
        size_t n2 = next_word(t, nw);
        if(n2 == SIZE_MAX || !form_in(t, n2, ok))
            return 0;
    }
    if(f->flags & F_NOT_HAIR) {
        static const char *const hair[] = {"hair", "hairs", "beard", NULL};
        for(size_t q = i; q < t->ntok && t->tok[q].kind != SD_TOK_BREAK; q++)
            if(form_in(t, q, hair))
                return 0;
    }
    if((f->flags & F_NOT_UP) && nw != SIZE_MAX && form_is(t, nw, "up"))
        return 0;
    if(f->flags & F_SEE_ONLY) {
        const char *w = sd_text_form(t, i);
        if(!(t->tok[i].len >= 3 && (!memcmp(w, "se", 2) ||
                                    !memcmp(w, "saw", 3) ||
                                    !memcmp(w, "hear", t->tok[i].len < 4
                                                           ? t->tok[i].len
                                                           : 4))))
            return 0;
    }
    if((f->flags & F_KILL_SELF) && form_is(t, i, "kill") &&
       (form_is(t, j, "it") || form_is(t, j, "life")))
        return 0;
    if((f->flags & F_TAKE_LOT) &&
       (j == 0 || prev_word(t, j) == SIZE_MAX ||
        !form_is(t, prev_word(t, j), "the")))
        return 0;
    if((f->flags & F_WISH) && !sentence_has(r, i, W_WANT))
        return 0;
    if((f->flags & F_PILLS) && !has_cls(s->seen, W_PILL))
        return 0;
    if((f->flags & F_ALLERGY_TEXT) && !has_cls(s->seen, W_SWELL) &&
       !has_cls(s->seen, W_HIVES) && !has_cls(s->seen, W_ALLERGIC) &&
       !has_cls(s->seen, W_LUMPS) && !has_cls(s->seen, W_THROAT))
        return 0;
    if((f->flags & F_NOT_WITH_PILLS) && sentence_has(r, i, W_PILL))
        return 0;
    if((f->flags & F_CHILD_TEXT) && !sentence_has(r, i, W_CHILD))
        return 0;
    if((f->flags & F_OTHER_MOUTH) && !sentence_has(r, i, W_CHILD)) {
        static const char *const other[] = {"her", "his", "their", "babys",
                                            NULL};
        size_t p = prev_word(t, j);
        if(p == SIZE_MAX || !form_in(t, p, other))
            return 0;
    }
    if(f->flags & F_SELF_NOTE) {
        /* A goodbye or the end named, or two of letters, a note, a will
        ** ("written letters to my kids and sorted the will"). */
        size_t notes = 0;
        for(size_t q = 0; q < t->ntok; q++)
            notes += has_cls(s->cm[q], W_NOTE);
        if(notes < 2 && !has_cls(s->seen, W_SORRY) &&
           !has_cls(s->seen, W_DIEW) && !has_cls(s->seen, W_KILL))
            return 0;
    }
    if((f->flags & F_CHILD_ANY) && !has_cls(s->seen, W_CHILD))
        return 0;
    if((f->flags & F_TAKEN_TEXT) && !has_cls(s->seen, W_TAKE) &&
       !has_cls(s->seen, W_SWALLOWED) && !has_cls(s->seen, W_GIVING))
        return 0;
    if((f->flags & F_NEWBORN_TEXT) && !has_cls(s->seen, W_NEWBORN))
        return 0;
    if((f->flags & F_PUMP_TEXT) && !has_cls(s->seen, W_PUMP))
        return 0;
    return j + 1;
}

static void frames_scan(const sd_lexicon *lx, sd_reading *r)
{
    struct scratch *s = r->priv;
    const sd_text *t = &r->text;

    for(size_t i = 0; i < t->ntok; i++)
        s->fat[i] = -1;
    for(size_t i = 0; i < t->ntok; i++) {
        uint64_t any = 0;
        for(int w = 0; w < SD__CW; w++)
            any |= s->cm[i][w] & lx->anyfirst[w];
        if(!any)
            continue;
        /* The candidate frames: those whose first element has one of
        ** this word's classes, tried in table order. */
        uint16_t cand[64];
        size_t nc = 0;
        for(int w = 0; w < SD__CW; w++)
            for(uint64_t m = s->cm[i][w] & lx->anyfirst[w]; m; m &= m - 1) {
                int c = w * 64 + __builtin_ctzll(m);
                for(uint32_t q = lx->cfr_at[c]; q < lx->cfr_at[c + 1]; q++) {
                    uint16_t f = lx->cfr[q];
                    size_t at = nc;
                    while(at > 0 && cand[at - 1] > f)
                        at--;
                    if((at > 0 && cand[at - 1] == f) || nc == 64)
                        continue;
                    memmove(cand + at + 1, cand + at, (nc - at) * sizeof(*cand));
                    cand[at] = f;
                    nc++;
                }
            }
        for(size_t q = 0; q < nc; q++) {
            size_t end = frame_try(lx, r, i, cand[q]);
            if(end) {
                if(sd__frames[cand[q]].flags & F_HEAD_ONLY)
                    end = i + 1;
                s->fat[i] = (int32_t)cand[q];
                s->fend[i] = (uint32_t)end;
                i = end - 1;
                break;
            }
        }
    }
}

/* ---- numbers ---- */

static double word_number(const sd_text *t, size_t i)
{
    static const char *const w[] = {
        "zero", "one", "two", "three", "four", "five", "six", "seven",
        "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
        "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
        NULL};
    if(t->tok[i].kind == SD_TOK_NUMBER) {
        char b[32];
        size_t n = t->tok[i].len < 31 ? t->tok[i].len : 31;
        memcpy(b, sd_text_form(t, i), n);
        b[n] = '\0';
        return strtod(b, NULL);
    }
    for(size_t k = 0; w[k]; k++)
        if(form_is(t, i, w[k]))
            return (double)k;
    if(form_is(t, i, "thirty"))
        return 30;
    if(form_is(t, i, "forty"))
        return 40;
    if(form_is(t, i, "fifty"))
        return 50;
    return -1;
}

/* The words that say what a number measures are word classes
** (W_K_TEMP, W_K_HR, ... in frames_en.c). */
static int push_measure(sd_reading *r, int kind, double v, size_t t0,
                        size_t t1)
{
    const sd_text *t = &r->text;
    if(grow((void **)&r->measures, &r->mcap, r->nmeasures + 1,
            sizeof(*r->measures)))
        return SD_ERR_NOMEM;
    sd_measure *m = &r->measures[r->nmeasures++];
    m->kind = kind;
    m->value = v;
    m->start = t->tok[t0].start;
    m->end = t->tok[t1].end;
    return SD_OK;
}

/* A word like "t39" or "hr140": its letters name the measure. */
static int glued(const sd_text *t, size_t i, int *kind, double *v)
{
    const char *w = sd_text_form(t, i);
    size_t n = t->tok[i].len, k = 0;
    char b[16];
    while(k < n && w[k] >= 'a' && w[k] <= 'z')
        k++;
    if(k == 0 || k == n || n - k > 4)
        return 0;
    for(size_t q = k; q < n; q++)
        if(w[q] < '0' || w[q] > '9')
            return 0;
    memcpy(b, w + k, n - k);
    b[n - k] = '\0';
    *v = strtod(b, NULL);
    if((k == 1 && w[0] == 't') || (k == 4 && !memcmp(w, "temp", 4)))
        *kind = SD_MEASURE_TEMP_C;
    else if((k == 2 && !memcmp(w, "hr", 2)) || (k == 1 && w[0] == 'p'))
        *kind = SD_MEASURE_HEART_RATE;
    else if(k == 2 && !memcmp(w, "rr", 2))
        *kind = SD_MEASURE_RESP_RATE;
    else if(k == 3 && !memcmp(w, "gcs", 3))
        *kind = SD_MEASURE_GCS;
    else if((k == 4 && !memcmp(w, "sats", 4)) || (k == 3 && !memcmp(w, "spo", 3)))
        *kind = SD_MEASURE_SPO2;
    else
        return 0;
    return 1;
}

/* Is a word of class cls among the reach words before i? *at: where. */
static int keyword_before(const struct scratch *s, const sd_text *t,
                          size_t i, int cls, int reach, size_t *at)
{
    size_t p = i;
    for(int k = 0; k < reach; k++) {
        p = prev_word(t, p);
        if(p == SIZE_MAX)
            return 0;
        if(has_cls(s->cm[p], cls)) {
            *at = p;
            return 1;
        }
    }
    return 0;
}

/* "21 of them", "12 tablets": a number of tablets named as such, not
** "day 10 of my taper". */
static int many_tablets(const struct scratch *s, const sd_text *t, size_t i,
                        size_t nw, size_t nw2)
{
    static const char *const pills[] = {"tablets", "pills", "tabs", NULL};
    static const char *const of[] = {"them", "my", "his", "her", "the",
                                     "those", NULL};
    static const char *const when[] = {"day", "week", "step", "dose",
                                       "month", "number", "page", NULL};
    size_t p = prev_word(t, i);
    if(p != SIZE_MAX && form_in(t, p, when))
        return 0;
    if(form_in(t, nw, pills))
        return 1;
    return form_is(t, nw, "of") && nw2 != SIZE_MAX && form_in(t, nw2, of) &&
           has_cls(s->seen, W_PILL);
}

/* "N [mg] instead of [my usual] M [mg]": *ratio = N / M. */
static int dose_ratio(const struct scratch *s, const sd_text *t, size_t i,
                      double v, double *ratio, size_t *end)
{
    size_t q = next_word(t, i);
    if(q != SIZE_MAX && (form_is(t, q, "mg") || form_is(t, q, "ml") ||
                         form_is(t, q, "tablets") || form_is(t, q, "pills")))
        q = next_word(t, q);
    /* "took 200mg today instead of 60" */
    for(int k = 0; k < 2 && q != SIZE_MAX && !form_is(t, q, "instead"); k++)
        q = next_word(t, q);
    if(q == SIZE_MAX || !form_is(t, q, "instead"))
        return 0;
    q = next_word(t, q);
    if(q == SIZE_MAX || !form_is(t, q, "of"))
        return 0;
    for(int k = 0; k < 3; k++) {
        q = next_word(t, q);
        if(q == SIZE_MAX)
            return 0;
        if(t->tok[q].kind == SD_TOK_NUMBER || has_cls(s->cm[q], W_NUMWORD))
            break;
    }
    double m = word_number(t, q);
    if(m <= 0 || v <= 0)
        return 0;
    *ratio = v / m;
    *end = q;
    return 1;
}

static void set_cls(struct scratch *s, size_t i, int cls)
{
    if(s->cm[i] != s->cmx[i]) {
        memcpy(s->cmx[i], s->cm[i], sizeof(s->cmx[i]));
        s->cm[i] = s->cmx[i];
    }
    s->cmx[i][cls >> 6] |= 1ull << (cls & 63);
    s->seen[cls >> 6] |= 1ull << (cls & 63);
}

static int measures_scan(sd_reading *r)
{
    struct scratch *s = r->priv;
    const sd_text *t = &r->text;

    for(size_t i = 0; i < t->ntok; i++) {
        int kind = -1;
        double v;
        size_t end = i, from = i;
        if(t->tok[i].kind == SD_TOK_WORD) {
            const char *w = sd_text_form(t, i);
            size_t n = t->tok[i].len;
            if(w[n - 1] >= '0' && w[n - 1] <= '9' && glued(t, i, &kind, &v)) {
                /* "t39" then ".5": the decimal is its own number token */
            } else if(!has_cls(s->cm[i], W_NUMWORD) ||
                      (v = word_number(t, i)) < 0) {
                continue;
            }
        } else if(t->tok[i].kind != SD_TOK_NUMBER ||
                  (v = word_number(t, i)) < 0) {
            continue;
        }
        size_t nw = next_word(t, i), nw2 = nw == SIZE_MAX ? SIZE_MAX
                                                          : next_word(t, nw);
        int decimal = t->tok[i].kind == SD_TOK_NUMBER &&
                      memchr(sd_text_form(t, i), '.', t->tok[i].len);
        if(t->tok[i].kind == SD_TOK_NUMBER && !decimal && v >= 1900 &&
           v <= 2030)
            set_cls(s, i, W_YEARNUM);   /* "thinks it's 1985" */
        if(kind >= 0) {
            ;
        } else if(nw != SIZE_MAX && (form_is(t, nw, "c") ||
                                     form_is(t, nw, "celsius") ||
                                     form_is(t, nw, "degrees") ||
                                     form_is(t, nw, "deg"))) {
            kind = SD_MEASURE_TEMP_C;
            end = nw;
        } else if(nw != SIZE_MAX && (form_is(t, nw, "f") ||
                                     form_is(t, nw, "fahrenheit"))) {
            kind = SD_MEASURE_TEMP_C;
            v = (v - 32) * 5 / 9;
            end = nw;
        } else if(nw != SIZE_MAX && form_is(t, nw, "bpm")) {
            kind = SD_MEASURE_HEART_RATE;
            end = nw;
        } else if(nw != SIZE_MAX && nw2 != SIZE_MAX && form_is(t, nw2, "old") &&
                  (form_is(t, nw, "year") || form_is(t, nw, "years") ||
                   form_is(t, nw, "yr") || form_is(t, nw, "yrs") ||
                   form_is(t, nw, "month") || form_is(t, nw, "months") ||
                   form_is(t, nw, "week") || form_is(t, nw, "weeks") ||
                   form_is(t, nw, "day") || form_is(t, nw, "days"))) {
            kind = SD_MEASURE_AGE;
            const char *u = sd_text_form(t, nw);
            v = u[0] == 'y' ? v : u[0] == 'm' ? v / 12
                : u[0] == 'w' ? v / 52 : v / 365;
            end = nw2;
            set_cls(s, nw2, W_OTHER);
            if(v < 13)
                set_cls(s, nw2, W_CHILD);
            if(v < 0.1)
                set_cls(s, nw2, W_NEWBORN);
        } else if(nw != SIZE_MAX && (form_is(t, nw, "yo") ||
                                     form_is(t, nw, "yrs") ||
                                     form_is(t, nw, "yr")) &&
                  keyword_before(s, t, i, W_OBJ, 2, &from)) {
            kind = SD_MEASURE_AGE;
            end = nw;
            set_cls(s, nw, W_OTHER);
            if(v < 13)
                set_cls(s, nw, W_CHILD);
        } else if(t->tok[i].start > 0 && t->src[t->tok[i].start - 1] == '(' &&
                  v < 18 && keyword_before(s, t, i, W_OBJ, 1, &from)) {
            /* "my son (8)" */
            kind = SD_MEASURE_AGE;
            set_cls(s, from, W_OTHER);
            if(v < 13)
                set_cls(s, from, W_CHILD);
        } else if(keyword_before(s, t, i, W_K_EGFR, 2, &from)) {
            kind = SD_MEASURE_EGFR;
        } else if(t->tok[i].kind == SD_TOK_NUMBER &&
                  dose_ratio(s, t, i, v, &v, &end)) {
            /* "took 6 instead of 2", "100mg instead of 10mg" */
            kind = SD_MEASURE_DOSE_RATIO;
        } else if(prev_word(t, i) != SIZE_MAX &&
                  form_is(t, prev_word(t, i), "extra") && nw != SIZE_MAX &&
                  form_is(t, nw, "mg")) {
            kind = SD_MEASURE_EXTRA_MG;     /* "an extra 30mg" */
            end = nw;
        } else if(nw != SIZE_MAX && form_is(t, nw, "mg") && nw2 != SIZE_MAX &&
                  (form_is(t, nw2, "extra") || form_is(t, nw2, "more"))) {
            kind = SD_MEASURE_EXTRA_MG;     /* "30mg extra" */
            end = nw2;
        } else if(prev_word(t, i) != SIZE_MAX &&
                  form_is(t, prev_word(t, i), "extra") &&
                  !(nw != SIZE_MAX && form_is(t, nw, "mg"))) {
            kind = SD_MEASURE_TABLETS;
        } else if(keyword_before(s, t, i, W_K_TEMP, 2, &from)) {
            kind = SD_MEASURE_TEMP_C;
            if(v >= 93 && v <= 110)
                v = (v - 32) * 5 / 9;
        } else if(keyword_before(s, t, i, W_K_SPO2, 5, &from)) {
            kind = SD_MEASURE_SPO2;
        } else if(keyword_before(s, t, i, W_K_RR, 2, &from)) {
            kind = SD_MEASURE_RESP_RATE;
        } else if(keyword_before(s, t, i, W_K_HR, 3, &from)) {
            kind = SD_MEASURE_HEART_RATE;
        } else if(form_is(t, prev_word(t, i) == SIZE_MAX ? i : prev_word(t, i),
                          "gcs")) {
            kind = SD_MEASURE_GCS;
        } else if(nw != SIZE_MAX && (has_cls(s->cm[nw], W_K_PILLN) || has_cls(s->cm[nw], W_PILL)) &&
                  !(nw2 != SIZE_MAX && (form_is(t, nw2, "mg") ||
                                        form_is(t, nw2, "ago") ||
                                        form_is(t, nw2, "days") ||
                                        form_is(t, nw2, "hours"))) &&
                  (form_is(t, nw, "extra") || form_is(t, nw, "more") ||
                   (keyword_before(s, t, i, W_K_TOOK, 2, &from) && v >= 3) ||
                   (v >= 10 && v < 1000 && many_tablets(s, t, i, nw, nw2)))) {
            kind = SD_MEASURE_TABLETS;
            end = nw;
        } else if(v >= 200 && v < 100000 && !decimal && nw != SIZE_MAX &&
                  form_is(t, nw, "mg") && sentence_has(r, i, W_EXTRAHINT) &&
                  !(nw2 != SIZE_MAX && (form_is(t, nw2, "a") ||
                                        form_is(t, nw2, "daily") ||
                                        form_is(t, nw2, "per")))) {
            kind = SD_MEASURE_EXTRA_MG;     /* "approx 300mg ingested" */
            end = nw;
        } else if(v >= 3 && v < 50 && !decimal &&
                  !(nw != SIZE_MAX && has_cls(s->cm[nw], W_UNIT_NOT_PILL)) &&
                  !(prev_word(t, i) != SIZE_MAX &&
                    (form_is(t, prev_word(t, i), "from") ||
                     form_is(t, prev_word(t, i), "to") ||
                     form_is(t, prev_word(t, i), "day"))) &&
                  sentence_has(r, i, W_EXTRAHINT) &&
                  (keyword_before(s, t, i, W_K_TOOK, 2, &from) ||
                   sentence_has(r, i, W_K_TOOK))) {
            kind = SD_MEASURE_TABLETS;      /* "had like 8 tonight" */
        } else if(decimal && v >= 37.5 && v <= 43) {
            kind = SD_MEASURE_TEMP_C;
        } else if(decimal && v >= 99.5 && v <= 108) {
            kind = SD_MEASURE_TEMP_C;
            v = (v - 32) * 5 / 9;
        }
        /* "from 20mg to 10mg", "went from 60 to 40", "50->40mg". */
        if(kind < 0 && t->tok[i].kind == SD_TOK_NUMBER) {
            size_t p = prev_word(t, i), q = nw;
            if(q != SIZE_MAX && (form_is(t, q, "mg") || form_is(t, q, "ml")))
                q = next_word(t, q);
            int arrow = q == i + 1 && q < t->ntok &&
                        t->tok[q].kind == SD_TOK_NUMBER &&
                        t->tok[q].start > t->tok[i].end &&
                        memchr(t->src + t->tok[i].end, '>',
                               t->tok[q].start - t->tok[i].end);
            if(((p != SIZE_MAX && form_is(t, p, "from") && q != SIZE_MAX &&
                 (form_is(t, q, "to") || form_is(t, q, "down"))) ||
                arrow)) {
                size_t n2 = arrow ? q : next_word(t, q);
                if(n2 != SIZE_MAX && form_is(t, n2, "to"))
                    n2 = next_word(t, n2);
                double v2 = n2 != SIZE_MAX && t->tok[n2].kind == SD_TOK_NUMBER
                                ? word_number(t, n2)
                                : -1;
                if(v2 >= 0 && v2 != v) {
                    if(push_measure(r, SD_MEASURE_DOSE_CHANGE, v2 - v,
                                    p != SIZE_MAX && !arrow ? p : i, n2))
                        return SD_ERR_NOMEM;
                    continue;
                }
            }
        }
        if(kind < 0)
            continue;
        if(kind == SD_MEASURE_TEMP_C && (v < 25 || v > 45))
            continue;
        if(kind != SD_MEASURE_TABLETS && kind != SD_MEASURE_AGE)
            for(size_t q = from; q <= end; q++)
                s->covered[q] = 1;
        if(push_measure(r, kind, v, from, end))
            return SD_ERR_NOMEM;
    }
    return SD_OK;
}

/* Does a concept phrase from token i run over the whole frame that
** starts at j, and name the frame's concept, the frame asking for no
** level of its own? Then the phrase is kept ("my heart is skipping") and
** the frame dropped. */
static int phrase_holds_frame(const sd_lexicon *lx, struct scratch *s,
                              const sd_text *t, size_t i, size_t j)
{
    const struct sd__frame *f = &sd__frames[s->fat[j]];
    uint32_t node = 0;
    if(f->info.level >= 0)
        return 0;
    for(size_t q = i; q < t->ntok && s->wid[q] != NO_ID; q++) {
        node = edge_find(lx, node, s->wid[q]);
        if(node == NO_ID)
            return 0;
        int32_t e = lx->node_entry[node];
        if(q + 1 >= s->fend[j] && e >= 0 &&
           lx->entries[e].kind == SD__L_CUE && lx->fconcept[s->fat[j]] < 0) {
            s->fat[j] = -1;   /* "refill overdue" is the cue, not a refill */
            return 1;
        }
        if(q + 1 >= s->fend[j] && e >= 0 &&
           lx->entries[e].kind == SD__L_CONCEPT &&
           (lx->fconcept[s->fat[j]] < 0 ||
            sd_monograph_concept(lx->m, (size_t)lx->entries[e].value)
                    ->disposition >=
                sd_monograph_concept(lx->m,
                                     (size_t)lx->fconcept[s->fat[j]])
                    ->disposition)) {
            s->fat[j] = -1;
            return 1;
        }
    }
    return 0;
}

static const uint64_t no_class[SD__CW];

static int match(const sd_lexicon *lx, sd_reading *r)
{
    struct scratch *s = r->priv;
    const sd_text *t = &r->text;
    uint64_t *seen = s->seen;
    int numbers = 0;

    s->nhits = 0;
    memset(s->seen, 0, sizeof(s->seen));
    if(s->memo_of != lx->serial) {
        memset(s->memo, 0, sizeof(s->memo));
        s->memo_of = lx->serial;
    }
    for(size_t i = 0; i < t->ntok; i++) {
        s->covered[i] = 0;
        s->wid[i] = NO_ID;
        s->fix[i] = 0;
        s->cm[i] = no_class;
        if(is_wordish(&t->tok[i])) {
            const char *w = sd_text_form(t, i);
            uint64_t h;
            uint32_t id = lookup(lx, w, t->tok[i].len, &s->fix[i], s->memo,
                                 &h);
            s->wid[i] = id;
            if(id < lx->nwcls) {
                s->cm[i] = lx->wcls[id];
                for(int k = 0; k < SD__CW; k++)
                    seen[k] |= s->cm[i][k];
            }
            numbers |= t->tok[i].kind == SD_TOK_NUMBER ||
                       (w[t->tok[i].len - 1] >= '0' &&
                        w[t->tok[i].len - 1] <= '9');
        }
    }
    /* Numbers and frames only where the words can hold them. */
    if((numbers || has_cls(seen, W_NUMWORD)) && measures_scan(r))
        return SD_ERR_NOMEM;
    uint64_t any = 0;
    for(int k = 0; k < SD__CW; k++)
        any |= seen[k] & lx->anyfirst[k];
    s->frames_on = any != 0;
    if(s->frames_on)
        frames_scan(lx, r);
    for(size_t i = 0; i < t->ntok;) {
        uint32_t node = 0, best = NO_ID;
        size_t bestj = i;
        if(s->frames_on && s->fat[i] >= 0 &&
           !phrase_holds_frame(lx, s, t, i, i)) {
            if(grow((void **)&s->hits, &s->hcap, s->nhits + 1,
                    sizeof(*s->hits)))
                return SD_ERR_NOMEM;
            struct hit *h = &s->hits[s->nhits++];
            h->entry = (uint32_t)(lx->frame_entry0 + (size_t)s->fat[i]);
            h->t0 = (uint32_t)i;
            h->t1 = s->fend[i];
            h->corrected = 0;
            for(size_t k = i; k < h->t1; k++)
                s->covered[k] = 1;
            i = h->t1;
            continue;
        }
        for(size_t j = i; j < t->ntok && s->wid[j] != NO_ID; j++) {
            if(j > i && s->frames_on && s->fat[j] >= 0 &&
               !phrase_holds_frame(lx, s, t, i, j))
                break;
            node = edge_find(lx, node, s->wid[j]);
            if(node == NO_ID)
                break;
            if(lx->node_entry[node] >= 0) {
                best = (uint32_t)lx->node_entry[node];
                bestj = j + 1;
            }
        }
        if(best == NO_ID) {
            i++;
            continue;
        }
        if(grow((void **)&s->hits, &s->hcap, s->nhits + 1, sizeof(*s->hits)))
            return SD_ERR_NOMEM;
        struct hit *h = &s->hits[s->nhits++];
        h->entry = best;
        h->t0 = (uint32_t)i;
        h->t1 = (uint32_t)bestj;
        h->corrected = 0;
        for(size_t k = i; k < bestj; k++) {
            s->covered[k] = lx->entries[best].kind != SD__L_BLOCK;
            h->corrected += s->fix[k] == 2;
        }
        i = bestj;
    }
    return SD_OK;
}

/* Number of words between two token positions (a < b), commas ignored;
** counting stops past GAP_MAX, more than any reach below. */
#define GAP_MAX 16
static size_t gap(const sd_text *t, size_t a, size_t b)
{
    size_t n = 0;
    for(size_t i = a; i < b && n <= GAP_MAX; i++)
        n += is_wordish(&t->tok[i]);
    return n;
}

static int has_comma(const sd_text *t, size_t a, size_t b)
{
    for(size_t i = a; i < b; i++)
        if(t->tok[i].kind == SD_TOK_COMMA)
            return 1;
    return 0;
}

#define NEG_REACH 5      /* words a negation reaches forward */
#define POST_REACH 3     /* words between a symptom and "is gone" */
#define MOD_REACH 2      /* words between an intensity word and a symptom */
#define COURSE_REACH 4   /* words between "getting worse" and a symptom */
#define HIT_REACH 8      /* phrases looked at on each side of a symptom */

/* Does a modifier end its phrase (", quite bad," or at the end)? */
static int standalone(const sd_text *t, size_t i)
{
    return i >= t->ntok || t->tok[i].kind == SD_TOK_COMMA ||
           t->tok[i].kind == SD_TOK_BREAK;
}

static void read_modifiers(const sd_lexicon *lx, sd_reading *r, size_t hi,
                           sd_finding *f)
{
    struct scratch *s = r->priv;
    const sd_text *t = &r->text;
    const struct hit *h = &s->hits[hi];
    size_t best_gap = SIZE_MAX;
    int intensity = SD_INTENSITY_UNSTATED;

    size_t lo = hi > HIT_REACH ? hi - HIT_REACH : 0;
    size_t top = hi + HIT_REACH < s->nhits ? hi + HIT_REACH + 1 : s->nhits;
    for(size_t k = lo; k < top; k++) {
        const struct hit *o = &s->hits[k];
        int kind = lx->entries[o->entry].kind;
        size_t g;
        if(k == hi || s->mclause[o->t0] != s->mclause[h->t0])
            continue;
        g = o->t1 <= h->t0 ? gap(t, o->t1, h->t0)
                           : o->t0 >= h->t1 ? gap(t, h->t1, o->t0) : 0;
        /* A duration of a week or more close by: "3 weeks now", "for a
        ** month" (a comma between is fine). */
        if(kind == SD__L_UNIT && lx->entries[o->entry].value >= 168 &&
           g <= COURSE_REACH + 2 && o->t0 > 0 &&
           (t->tok[o->t0 - 1].kind == SD_TOK_NUMBER ||
            has_cls(s->cm[o->t0 - 1], W_NUMWORD) ||
            form_in(t, o->t0 - 1, (const char *const[]){
                        "a", "few", "couple", "several", "for", "past",
                        "last", NULL}))) {
            f->lasting = 1;   /* "3 weeks now", "for a month", not "this week" */
            continue;
        }
        if(g > COURSE_REACH)
            continue;
        if(o->t0 >= h->t1 && has_comma(t, h->t1, o->t0) &&
           !standalone(t, o->t1))
            continue;   /* "drowsiness, somewhat impaired balance"; but
                        ** "nausea, quite bad," */
        if((kind == SD__L_MILD || kind == SD__L_SEVERE) && g <= MOD_REACH &&
           g < best_gap) {
            best_gap = g;
            intensity = kind == SD__L_MILD ? SD_INTENSITY_MILD
                                           : SD_INTENSITY_SEVERE;
        } else if(kind == SD__L_WORSE && g <= COURSE_REACH) {
            f->worsening = 1;
        } else if(kind == SD__L_LASTING && g <= COURSE_REACH) {
            f->lasting = 1;
        }
    }
    if(intensity == SD_INTENSITY_UNSTATED && lx->entries[h->entry].severe)
        intensity = SD_INTENSITY_SEVERE;
    f->intensity = intensity;
}

/* When did the cue at hit hi happen? Looks for the nearest time words of
** the same sentence: "two days ago", "for 3 days", "yesterday". */
static void read_time(const sd_lexicon *lx, sd_reading *r, size_t hi,
                      sd_cue *c)
{
    struct scratch *s = r->priv;
    const sd_text *t = &r->text;
    const struct hit *h = &s->hits[hi];
    size_t best = SIZE_MAX;

    c->hours_ago = -1;
    size_t lo = hi > 2 * HIT_REACH ? hi - 2 * HIT_REACH : 0;
    size_t top = hi + 2 * HIT_REACH < s->nhits ? hi + 2 * HIT_REACH + 1
                                                : s->nhits;
    for(size_t k = lo; k < top; k++) {
        const struct hit *o = &s->hits[k];
        const struct entry *e = &lx->entries[o->entry];
        double hours = -1;
        size_t from = o->t0;
        if(s->sentence[o->t0] != s->sentence[h->t0])
            continue;
        if(e->kind == SD__L_WHEN) {
            hours = e->value;
        } else if(e->kind == SD__L_UNIT && o->t0 > 0) {
            size_t p = o->t0 - 1;
            if(t->tok[p].kind == SD_TOK_NUMBER) {
                char b[32];
                size_t n = t->tok[p].len < 31 ? t->tok[p].len : 31;
                memcpy(b, sd_text_form(t, p), n);
                b[n] = '\0';
                double v = strtod(b, NULL);
                if(v >= 0 && v < 10000)
                    hours = v * e->value;
                from = p;
            } else if(k > 0 && s->hits[k - 1].t1 == o->t0 &&
                      lx->entries[s->hits[k - 1].entry].kind == SD__L_NUMBER) {
                hours = (double)lx->entries[s->hits[k - 1].entry].value *
                        e->value;
                from = s->hits[k - 1].t0;
            }
        }
        if(hours < 0)
            continue;
        /* Distance from the cue to the time words, in tokens; the same
        ** clause first ("stopped it yesterday, took extra two days ago"). */
        size_t d = from >= h->t1 ? from - h->t1 : h->t0 - o->t1;
        if(s->mclause[from] != s->mclause[h->t0] || d > 64 ||
           has_comma(t, from < h->t0 ? o->t1 : h->t1,
                     from < h->t0 ? h->t0 : from))
            d += 1000;
        if(d < best) {
            best = d;
            c->hours_ago = hours;
            c->time_start = t->tok[from].start;
            c->time_end = t->tok[o->t1 - 1].end;
        }
    }
}

static int push_finding(sd_reading *r, const sd_finding *f)
{
    if(grow((void **)&r->findings, &r->fcap, r->nfindings + 1,
            sizeof(*r->findings)))
        return SD_ERR_NOMEM;
    r->findings[r->nfindings++] = *f;
    return SD_OK;
}

static int push_cue(sd_reading *r, const sd_cue *c)
{
    if(grow((void **)&r->cues, &r->ccap, r->ncues + 1, sizeof(*r->cues)))
        return SD_ERR_NOMEM;
    r->cues[r->ncues++] = *c;
    return SD_OK;
}

/* Does negation that reached token a stop before token b? A word the
** reader does not know ("not enjoying these fainting") or a comma that
** does not continue a list ("no rash, and my spasms are worse") ends it. */
static int neg_blocked(const struct scratch *s, const sd_text *t, size_t a,
                       size_t b)
{
    for(size_t m = a; m < b; m++) {
        if(t->tok[m].kind == SD_TOK_COMMA) {
            for(size_t q = m + 1; q < b; q++)
                if(is_wordish(&t->tok[q]) && !form_is(t, q, "and") &&
                   !form_is(t, q, "or") && !form_is(t, q, "nor"))
                    return 1;
        } else if(is_wordish(&t->tok[m]) && !s->covered[m] &&
                  t->tok[m].kind == SD_TOK_WORD) {
            /* A verb the reader does not know, that takes the symptom as
            ** its object: "not enjoying these fainting spells", "don't
            ** like the dizziness". "I don't drink alcohol" stays negated. */
            static const char *const det[] = {
                "these", "this", "the", "those", "that", "my", "all", "his",
                "her", "their", "your", NULL};
            size_t n = t->tok[m].len;
            if((n > 5 && !memcmp(sd_text_form(t, m) + n - 3, "ing", 3)) ||
               (m + 1 < b && form_in(t, m + 1, det)))
                return 1;
        }
    }
    return 0;
}

/* Does a negation after the symptom end its clause? "the headache has
** stopped", "spasms settled now": yes; "he has stopped drinking it", "it
** went away and came back": no, the verb has another object. */
static int post_ends(const sd_text *t, size_t i)
{
    static const char *const ok[] = {
        "now", "completely", "totally", "altogether", "thankfully",
        "finally", "since", "today", "yesterday", "and", "but", "though",
        "already", "mostly", "entirely", "again", "too", "as", "for", "after",
        "with", "thank", "thanks", "so", "which", "apart", NULL};
    while(i < t->ntok && !is_wordish(&t->tok[i])) {
        if(t->tok[i].kind == SD_TOK_BREAK || t->tok[i].kind == SD_TOK_COMMA)
            return 1;
        i++;
    }
    return i >= t->ntok || form_in(t, i, ok);
}

/* Is token i inside a concept, cue or frame hit? */
static int in_hit(const sd_lexicon *lx, const struct scratch *s, size_t i)
{
    /* Hits are in token order and do not overlap. */
    size_t lo = 0, hi = s->nhits;
    while(lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if(s->hits[mid].t1 <= i)
            lo = mid + 1;
        else
            hi = mid;
    }
    if(lo >= s->nhits || s->hits[lo].t0 > i)
        return 0;
    int kind = lx->entries[s->hits[lo].entry].kind;
    return kind == SD__L_CONCEPT || kind == SD__L_CUE || kind == SD__L_FRAME ||
           kind == SD__L_BLOCK;
}

/* Is the sentence of token i a question (ends with "?")? */
static int is_question(const sd_text *t, size_t i)
{
    for(; i < t->ntok; i++)
        if(t->tok[i].kind == SD_TOK_BREAK)
            return memchr(t->src + t->tok[i].start, '?',
                          t->tok[i].end - t->tok[i].start) != NULL;
    return 0;
}

/* A number token or a number word ("two")? */
static int number_like(const struct scratch *s, const sd_text *t, size_t i)
{
    return t->tok[i].kind == SD_TOK_NUMBER || has_cls(s->cm[i], W_NUMWORD);
}

/* Status and "now" of the finding or frame at hit k. */
static void read_scope(const sd_lexicon *lx, const sd_reading *r, size_t k,
                       int cue, int *status, int *ongoing)
{
    const struct scratch *s = r->priv;
    const sd_text *t = &r->text;
    const struct hit *h = &s->hits[k];
    int past = 0, hypo = 0, now = 0, ifq = 0;

    /* The hits of the same sentence, at most 24 on each side. */
    size_t q0 = k, q1 = k + 1;
    while(s->scope_hits && q0 > 0 && k - q0 < 24 &&
          s->sentence[s->hits[q0 - 1].t0] == s->sentence[h->t0])
        q0--;
    while(s->scope_hits && q1 < s->nhits && q1 - k < 24 &&
          s->sentence[s->hits[q1].t0] == s->sentence[h->t0])
        q1++;
    for(size_t q = q0; s->scope_hits && q < q1; q++) {
        const struct hit *o = &s->hits[q];
        int kind = lx->entries[o->entry].kind;
        if(q == k)
            continue;
        if(kind == SD__L_PAST && s->mclause[o->t0] == s->mclause[h->t0])
            past = 1;
        else if(kind == SD__L_HYPO && o->t0 < h->t0)
            hypo = 1;
        else if(kind == SD__L_IFQ && o->t0 < h->t0)
            ifq = 1;
        else if(kind == SD__L_NOW && s->clause[o->t0] == s->clause[h->t0] &&
                !has_comma(t, o->t0 < h->t0 ? o->t1 : h->t1,
                           o->t0 < h->t0 ? h->t0 : o->t0) &&
                gap(t, o->t0 < h->t0 ? o->t1 : h->t1,
                    o->t0 < h->t0 ? h->t0 : o->t0) <= 6)
            now = 1;
        else if(kind == SD__L_IFQ && cue && o->t0 < h->t0)
            ifq = 1;
    }
    int question = s->question && is_question(t, h->t0);
    if(ifq && question)
        hypo = 1;
    /* "Can my 10 year old take it?", "Does it cause seizures?": a
    ** question about what could happen. "Could this be a seizure?" asks
    ** about now. */
    if(question) {
        static const char *const now_w[] = {"this", "it", "that", "these",
                                            NULL};
        size_t a0 = h->t0;
        while(a0 > 0 && t->tok[a0 - 1].kind != SD_TOK_BREAK)
            a0--;
        while(a0 < h->t0 && !is_wordish(&t->tok[a0]))
            a0++;
        size_t a1 = next_word(t, a0), a2 = a1 == SIZE_MAX ? SIZE_MAX
                                                         : next_word(t, a1);
        if(a0 < h->t0 && has_cls(s->cm[a0], W_MODAL) &&
           !(a1 != SIZE_MAX && form_in(t, a1, now_w) && a2 != SIZE_MAX &&
             form_is(t, a2, "be")))
            hypo = 1;
        /* A cue in a question ("will I have to come off it?", "what
        ** happens if I stop?") is what could happen, wherever the modal. */
        for(size_t q = a0; cue && q < h->t0; q++)
            if(has_cls(s->cm[q], W_MODAL) || form_is(t, q, "if"))
                hypo = 1;
    }
    /* "two seizures", "three fits in an hour", "seized x2": repeated. */
    size_t pw = prev_word(t, h->t0), nw = next_word(t, h->t1 - 1);
    for(size_t q = h->t0; q + 1 < h->t1; q++)
        if(number_like(s, t, q) && word_number(t, q) >= 2)
            now = 1;
    if((pw != SIZE_MAX && ((number_like(s, t, pw) && word_number(t, pw) >= 2) ||
                           has_cls(s->cm[pw], W_MANY))) ||
       (nw != SIZE_MAX && has_cls(s->cm[nw], W_MANY)))
        now = 1;
    *ongoing = now;
    *status = SD_STATUS_CURRENT;
    if(now)
        return;
    if(past)
        *status = SD_STATUS_PAST;
    else if(hypo)
        *status = SD_STATUS_HYPOTHETICAL;
}

static int push_flag(sd_reading *r, const sd_flag *f)
{
    if(grow((void **)&r->flags, &r->flcap, r->nflags + 1, sizeof(*r->flags)))
        return SD_ERR_NOMEM;
    r->flags[r->nflags++] = *f;
    return SD_OK;
}

/* A finding of concept c over [start, end) already there? */
static int have_finding(const sd_reading *r, size_t c, size_t start,
                        size_t end)
{
    for(size_t i = 0; i < r->nfindings; i++)
        if(r->findings[i].concept == c && r->findings[i].start < end &&
           start < r->findings[i].end)
            return 1;
    return 0;
}

/* Numbers into red flags: "temp 39.2" is a fever, "RR 8" slow
** breathing. */
static int measures_flags(const sd_lexicon *lx, sd_reading *r)
{
    int hr_fast = 0, hr_slow = 0;
    for(size_t i = 0; i < r->nmeasures; i++) {
        const sd_measure *m = &r->measures[i];
        int mf[2] = {-1, -1};
        double v = m->value;
        switch(m->kind) {
        case SD_MEASURE_TEMP_C:
            mf[0] = v >= 37.8 - 1e-9 ? MF_TEMP_HIGH
                    : v < 35.0     ? MF_TEMP_LOW
                                   : -1;
            break;
        case SD_MEASURE_HEART_RATE:
            if(v < 20 || v > 300)
                break;
            mf[0] = v >= 100 ? MF_HR_FAST : v < 50 ? MF_HR_SLOW : -1;
            if(v >= 130 || v <= 45)
                mf[1] = MF_HR_EXTREME;
            hr_fast |= v >= 100;
            hr_slow |= v < 50;
            break;
        case SD_MEASURE_RESP_RATE:
            if(v >= 1 && v <= 80)
                mf[0] = v <= 10 ? MF_RR_LOW : v >= 30 ? MF_RR_HIGH : -1;
            break;
        case SD_MEASURE_SPO2:
            if(v >= 40 && v <= 92)
                mf[0] = MF_SPO2_LOW;
            break;
        case SD_MEASURE_GCS:
            if(v >= 3 && v <= 15)
                mf[0] = v <= 12 ? MF_GCS_LOW : v <= 14 ? MF_GCS_MILD : -1;
            break;
        default:
            break;
        }
        if(hr_fast && hr_slow && m->kind == SD_MEASURE_HEART_RATE &&
           mf[1] < 0)
            mf[1] = MF_HR_BOTH;
        for(int k = 0; k < 2; k++) {
            if(mf[k] < 0)
                continue;
            size_t f = lx->nwframes + (size_t)mf[k];
            sd_flag fl = {(int)f, m->start, m->end, 0, SD_STATUS_CURRENT, 0,
                          v};
            if(push_flag(r, &fl))
                return SD_ERR_NOMEM;
            int32_t c = lx->fconcept[f];
            if(c >= 0 && !have_finding(r, (size_t)c, m->start, m->end)) {
                sd_finding fd;
                memset(&fd, 0, sizeof(fd));
                fd.concept = (size_t)c;
                fd.start = m->start;
                fd.end = m->end;
                fd.phrase = sd_frame(f)->what;
                fd.frame = (int)f;
                if(push_finding(r, &fd))
                    return SD_ERR_NOMEM;
            }
        }
    }
    return SD_OK;
}

static int interpret(const sd_lexicon *lx, sd_reading *r)
{
    struct scratch *s = r->priv;
    const sd_text *t = &r->text;
    uint32_t clause = 0, mclause = 0, sentence = 0;
    size_t hk = 0;

    /* Clause and sentence numbers: breaks end both; "but", "i", ... end a
    ** clause. */
    for(size_t i = 0; i < t->ntok; i++) {
        while(hk < s->nhits && s->hits[hk].t1 <= i)
            hk++;
        if(t->tok[i].kind == SD_TOK_BREAK) {
            clause++;
            mclause++;
            sentence++;
        } else if(hk < s->nhits && s->hits[hk].t0 == i &&
                  lx->entries[s->hits[hk].entry].kind == SD__L_TERM) {
            clause++;
            mclause += lx->entries[s->hits[hk].entry].value == 0;
        }
        s->clause[i] = clause;
        s->mclause[i] = mclause;
        s->sentence[i] = sentence;
    }

    s->scope_hits = 0;
    for(size_t k = 0; k < s->nhits; k++) {
        int kind = lx->entries[s->hits[k].entry].kind;
        s->scope_hits |= kind == SD__L_PAST || kind == SD__L_HYPO ||
                         kind == SD__L_IFQ || kind == SD__L_NOW;
    }
    s->question = memchr(t->src, '?', t->srclen) != NULL;

    /* Negation reaches forward from its trigger through the clause, and
    ** along a list of symptoms ("no headache, nausea or dizziness"). */
    int neg_on = 0;
    size_t neg_reach = 0, neg_t0 = 0, neg_t1 = 0;
    uint32_t neg_clause = 0;
    for(size_t k = 0; k < s->nhits; k++) {
        const struct hit *h = &s->hits[k];
        const struct entry *e = &lx->entries[h->entry];
        if(neg_on && s->clause[h->t0] != neg_clause)
            neg_on = 0;
        if(e->kind == SD__L_NEG_PRE) {
            neg_on = 1;
            neg_clause = s->clause[h->t0];
            neg_reach = h->t1;
            neg_t0 = h->t0;
            neg_t1 = h->t1;
            continue;
        }
        if(e->kind != SD__L_CONCEPT && e->kind != SD__L_CUE &&
           e->kind != SD__L_FRAME)
            continue;
        int negated = 0;
        size_t ns = 0, ne = 0;
        /* A frame that holds its own negation ("not answering") is not
        ** negated again by the one before it. */
        int self_neg = e->kind == SD__L_FRAME && has_cls(s->cm[h->t0], W_NEG);
        if(neg_on && !self_neg && gap(t, neg_reach, h->t0) <= NEG_REACH &&
           !neg_blocked(s, t, neg_reach, h->t0)) {
            negated = 1;
            ns = t->tok[neg_t0].start;
            ne = t->tok[neg_t1 - 1].end;
            neg_reach = h->t1;
        }
        for(size_t q = k + 1; !negated && q < s->nhits; q++) {
            const struct hit *o = &s->hits[q];
            int kind = lx->entries[o->entry].kind;
            if(s->clause[o->t0] != s->clause[h->t0] ||
               gap(t, h->t1, o->t0) > POST_REACH)
                break;
            if(kind == SD__L_CONCEPT || kind == SD__L_CUE ||
               kind == SD__L_FRAME)
                continue;   /* "headache and nausea are gone" */
            if(kind == SD__L_NEG_POST && post_ends(t, o->t1)) {
                negated = 1;
                ns = t->tok[o->t0].start;
                ne = t->tok[o->t1 - 1].end;
            }
        }
        if(e->kind == SD__L_CONCEPT || e->kind == SD__L_FRAME) {
            sd_finding f;
            int status, ongoing;
            memset(&f, 0, sizeof(f));
            read_scope(lx, r, k, 0, &status, &ongoing);
            f.frame = -1;
            if(e->kind == SD__L_FRAME) {
                const struct sd__frame *fr =
                    (size_t)e->value < lx->nwframes ? &sd__frames[e->value]
                                                    : NULL;
                int ing = 0;
                for(size_t q = h->t0; fr && (fr->flags & F_ING) && q < h->t1;
                    q++)
                    ing |= t->tok[q].len > 4 &&
                           !memcmp(sd_text_form(t, q) + t->tok[q].len - 3,
                                   "ing", 3);
                if(fr && ((fr->flags & F_ONGOING) || ing)) {
                    ongoing = 1;
                    status = SD_STATUS_CURRENT;
                }
                if(fr && (fr->flags & F_NOHYPO) &&
                   status == SD_STATUS_HYPOTHETICAL)
                    status = SD_STATUS_CURRENT;
                sd_flag fl = {e->value, t->tok[h->t0].start,
                              t->tok[h->t1 - 1].end, negated, status,
                              ongoing, 0};
                if(push_flag(r, &fl))
                    return SD_ERR_NOMEM;
                int32_t c = lx->fconcept[e->value];
                if(c < 0 || have_finding(r, (size_t)c, fl.start, fl.end))
                    continue;
                f.concept = (size_t)c;
                f.frame = e->value;
            } else {
                f.concept = (size_t)e->value;
            }
            f.start = t->tok[h->t0].start;
            f.end = t->tok[h->t1 - 1].end;
            f.phrase = e->phrase;
            f.corrected = (int)h->corrected;
            f.negated = negated;
            f.neg_start = ns;
            f.neg_end = ne;
            f.status = status;
            f.ongoing = ongoing;
            read_modifiers(lx, r, k, &f);
            if(push_finding(r, &f))
                return SD_ERR_NOMEM;
        } else {
            sd_cue c;
            memset(&c, 0, sizeof(c));
            c.kind = SD__CUE_KIND(e->value);
            c.ongoing = (e->value & SD__CUE_ONGOING) != 0;
            c.amount = (e->value & SD__CUE_LARGE)   ? 3
                       : (e->value & SD__CUE_ADMIT) ? 2
                       : (e->value & SD__CUE_ONE)   ? 1
                                                    : 0;
            c.start = t->tok[h->t0].start;
            c.end = t->tok[h->t1 - 1].end;
            c.negated = negated;
            read_time(lx, r, k, &c);
            int ongoing_w;
            read_scope(lx, r, k, 1, &c.status, &ongoing_w);
            if(c.status != SD_STATUS_CURRENT)
                c.negated = 1;
            if(push_cue(r, &c))
                return SD_ERR_NOMEM;
        }
    }

    if(measures_flags(lx, r))
        return SD_ERR_NOMEM;

    /* A severity phrase that qualifies no symptom ("wiped out", "can't
    ** walk", "crazy" alone) is not understood: it is reported, never
    ** read as nothing. */
    for(size_t k = 0; k < s->nhits; k++) {
        const struct hit *h = &s->hits[k];
        const struct entry *e = &lx->entries[h->entry];
        int near = 0;
        if(e->kind != SD__L_SEVERE || (h->t1 - h->t0 < 2 &&
                                       !form_is(t, h->t0, "crazy") &&
                                       !form_is(t, h->t0, "insane") &&
                                       !form_is(t, h->t0, "bedridden")))
            continue;
        for(size_t q = k > 4 ? k - 4 : 0; q < s->nhits && q <= k + 4; q++) {
            int kind = lx->entries[s->hits[q].entry].kind;
            if((kind == SD__L_CONCEPT || kind == SD__L_FRAME) &&
               s->mclause[s->hits[q].t0] == s->mclause[h->t0])
                near = 1;
        }
        if(!near)
            for(size_t q = h->t0; q < h->t1; q++)
                s->covered[q] = 0;
    }

    /* Red-flag words that nothing explained, when some words were not
    ** understood either. */
    int unknown = 0;
    for(size_t i = 0; i < t->ntok && !unknown; i++)
        unknown = t->tok[i].kind == SD_TOK_WORD && !s->covered[i];
    if(unknown && !mask_hit(s->seen, lx->suspect_mask))
        unknown = 0;   /* no red-flag word anywhere */
    for(size_t i = 0; unknown && i < t->ntok; i++) {
        if(!mask_hit(s->cm[i], lx->suspect_mask) ||
           !is_wordish(&t->tok[i]) || in_hit(lx, s, i))
            continue;
        for(const struct sd__suspect *q = sd__suspects; q->cls; q++) {
            if(!has_cls(s->cm[i], q->cls))
                continue;
            size_t p = prev_word(t, i);
            if(p != SIZE_MAX && has_cls(s->cm[p], W_NEG))
                break;   /* "no fits": a negation, not a red flag */
            size_t f = lx->nwframes + (size_t)q->frame;
            sd_flag fl = {(int)f, t->tok[i].start, t->tok[i].end, 0,
                          SD_STATUS_CURRENT, 0, 0};
            if(push_flag(r, &fl))
                return SD_ERR_NOMEM;
            break;
        }
    }

    /* Words no phrase covers: not recognised, merged into runs. */
    for(size_t i = 0; i < t->ntok; i++) {
        if(t->tok[i].kind == SD_TOK_WORD)
            r->nwords++;
        if(!is_wordish(&t->tok[i]) || s->covered[i])
            continue;
        /* A name after a title ("dr patel") and an ordinal ("the 14th")
        ** say nothing about the body. */
        if(t->tok[i].kind == SD_TOK_WORD && i > 0) {
            static const char *const title[] = {"dr", "doctor", "nurse", "mr",
                                                "mrs", "ms", "miss", NULL};
            size_t p = prev_word(t, i);
            if(p != SIZE_MAX && form_in(t, p, title))
                continue;
        }
        if(t->tok[i].kind == SD_TOK_WORD && t->tok[i].len >= 3) {
            const char *w = sd_text_form(t, i);
            size_t n = t->tok[i].len;
            if(w[0] >= '0' && w[0] <= '9' &&
               (!memcmp(w + n - 2, "st", 2) || !memcmp(w + n - 2, "nd", 2) ||
                !memcmp(w + n - 2, "rd", 2) || !memcmp(w + n - 2, "th", 2)))
                continue;
        }
        /* A number counts when a recognised word follows it ("20 mg",
        ** "2 days ago"); a number alone says nothing. */
        if(t->tok[i].kind == SD_TOK_NUMBER && i + 1 < t->ntok &&
           s->covered[i + 1])
            continue;
        if(r->nunrecognised && i > 0 && is_wordish(&t->tok[i - 1]) &&
           !s->covered[i - 1] &&
           r->unrecognised[r->nunrecognised - 1].end == t->tok[i - 1].end) {
            r->unrecognised[r->nunrecognised - 1].end = t->tok[i].end;
            continue;
        }
        if(grow((void **)&r->unrecognised, &r->ucap, r->nunrecognised + 1,
                sizeof(*r->unrecognised)))
            return SD_ERR_NOMEM;
        r->unrecognised[r->nunrecognised].start = t->tok[i].start;
        r->unrecognised[r->nunrecognised].end = t->tok[i].end;
        r->nunrecognised++;
    }
    return SD_OK;
}

int sd_read(const sd_lexicon *lx, const char *text, size_t len,
            sd_reading *r, sd_error *err)
{
    int rc;

    r->nfindings = r->ncues = r->nunrecognised = r->nwords = 0;
    r->nflags = r->nmeasures = 0;
    if((rc = sd_text_analyse(&r->text, text, len, err)))
        return rc;
    if(scratch_reserve(r, r->text.ntok + 1) || match(lx, r) ||
       interpret(lx, r)) {
        r->nfindings = r->ncues = r->nunrecognised = r->nwords = 0;
        r->nflags = r->nmeasures = 0;
        sd_error_setf(err, "out of memory");
        return SD_ERR_NOMEM;
    }
    return SD_OK;
}

const char *sd_cue_name(int kind)
{
    static const char *const names[SD_CUE_COUNT] = {
        "reduced", "stopped", "missed", "increased", "extra", "pump",
        "intrathecal", "alcohol", "sedative", "kidney", "kidney-failure",
        "resumed", "pump-critical", "pregnant", "alcohol-stop"};
    return kind >= 0 && kind < SD_CUE_COUNT ? names[kind] : "unknown";
}

const char *sd_intensity_name(int intensity)
{
    switch(intensity) {
    case SD_INTENSITY_MILD: return "mild";
    case SD_INTENSITY_SEVERE: return "severe";
    default: return "unstated";
    }
}

const char *sd_status_name(int status)
{
    switch(status) {
    case SD_STATUS_PAST: return "past";
    case SD_STATUS_HYPOTHETICAL: return "hypothetical";
    default: return "current";
    }
}

const char *sd_measure_name(int kind)
{
    static const char *const names[SD_MEASURE_COUNT] = {
        "temperature_c", "heart_rate", "respiratory_rate", "spo2", "gcs",
        "tablets", "age", "egfr", "dose_change", "extra_mg", "dose_ratio"};
    return kind >= 0 && kind < SD_MEASURE_COUNT ? names[kind] : "unknown";
}

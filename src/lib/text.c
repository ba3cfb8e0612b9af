/*
** text.c: UTF-8 validation, normalisation (utf8proc) and tokenising.
**
** ASCII, the bulk of real text, takes a table-driven fast path; any other
** code point goes through utf8proc_decompose_char() with case folding,
** compatibility decomposition, mark stripping and lumping (curly quotes
** and dashes become their ASCII forms), one code point at a time so that
** every normalised byte still knows which input bytes it came from.
*/
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "stepdown/text.h"

enum cls {
    C_SEP = 0,   /* space or punctuation that only separates words */
    C_LETTER,
    C_DIGIT,
    C_APOS,      /* dropped inside words */
    C_COMMA,
    C_BREAK,     /* ends a sentence */
    C_DOT,       /* ends a sentence unless between digits */
    C_CTRL       /* refused */
};

static unsigned char ascii_cls[128];
static int ascii_ready;

static void init_ascii(void)
{
    if(ascii_ready)
        return;
    for(int c = 0; c < 32; c++)
        ascii_cls[c] = C_CTRL;
    ascii_cls['\t'] = C_SEP;
    ascii_cls['\r'] = C_SEP;
    ascii_cls['\n'] = C_BREAK;
    ascii_cls[127] = C_CTRL;
    for(int c = 'a'; c <= 'z'; c++)
        ascii_cls[c] = C_LETTER;
    for(int c = 'A'; c <= 'Z'; c++)
        ascii_cls[c] = C_LETTER;
    for(int c = '0'; c <= '9'; c++)
        ascii_cls[c] = C_DIGIT;
    ascii_cls['\''] = C_APOS;
    ascii_cls['`'] = C_APOS;
    ascii_cls[','] = C_COMMA;
    ascii_cls['!'] = C_BREAK;
    ascii_cls['?'] = C_BREAK;
    ascii_cls[';'] = C_BREAK;
    ascii_cls[':'] = C_BREAK;
    ascii_cls['.'] = C_DOT;
    ascii_ready = 1;  /* idempotent: racing writers store the same bytes */
}

void sd_text_init(sd_text *t)
{
    memset(t, 0, sizeof(*t));
}

void sd_text_release(sd_text *t)
{
    sd_free(t->norm);
    sd_free(t->tok);
    sd_text_init(t);
}

/* The tokeniser's state while it walks the text. */
struct tk {
    sd_text *t;
    int kind;          /* kind of the open token, 0 when none */
    uint32_t start;    /* its first byte */
    uint32_t end;      /* one past its last byte so far */
    uint32_t norm;     /* its offset in t->norm */
};

static int grow_norm(sd_text *t, size_t need)
{
    if(t->normlen + need <= t->normcap)
        return SD_OK;
    size_t cap = t->normcap ? t->normcap : 256;
    while(cap < t->normlen + need)
        cap *= 2;
    char *p = sd_realloc(t->norm, cap);
    if(!p)
        return SD_ERR_NOMEM;
    t->norm = p;
    t->normcap = cap;
    return SD_OK;
}

static int push_tok(sd_text *t, int kind, uint32_t start, uint32_t end,
                    uint32_t norm, uint32_t len)
{
    if(t->ntok == t->tokcap) {
        size_t cap = t->tokcap ? t->tokcap * 2 : 64;
        sd_token *p = sd_realloc(t->tok, cap * sizeof(*p));
        if(!p)
            return SD_ERR_NOMEM;
        t->tok = p;
        t->tokcap = cap;
    }
    sd_token *k = &t->tok[t->ntok++];
    k->start = start;
    k->end = end;
    k->norm = norm;
    k->len = len;
    k->kind = (uint8_t)kind;
    return SD_OK;
}

static int close_tok(struct tk *s)
{
    int rc = SD_OK;

    if(s->kind) {
        uint32_t len = (uint32_t)s->t->normlen - s->norm;
        /* A word made only of apostrophes leaves nothing: drop it. */
        if(len)
            rc = push_tok(s->t, s->kind, s->start, s->end, s->norm, len);
        s->kind = 0;
    }
    return rc;
}

static int open_or_extend(struct tk *s, int kind, uint32_t at, uint32_t end)
{
    if(!s->kind) {
        s->kind = kind;
        s->start = at;
        s->norm = (uint32_t)s->t->normlen;
    }
    s->end = end;
    return SD_OK;
}

static int append(struct tk *s, const char *bytes, size_t n)
{
    if(grow_norm(s->t, n))
        return SD_ERR_NOMEM;
    memcpy(s->t->norm + s->t->normlen, bytes, n);
    s->t->normlen += n;
    return SD_OK;
}

/* Feed one character of class cls, whose normalised bytes are (bytes, n),
** taken from input bytes [at, end). next_is_digit tells a decimal point
** from a full stop. */
static int feed(struct tk *s, int cls, const char *bytes, size_t n,
                uint32_t at, uint32_t end, int next_is_digit)
{
    int rc;

    switch(cls) {
    case C_LETTER:
        if(s->kind == SD_TOK_NUMBER && (rc = close_tok(s)))
            return rc;
        open_or_extend(s, SD_TOK_WORD, at, end);
        return append(s, bytes, n);
    case C_DIGIT:
        open_or_extend(s, s->kind ? s->kind : SD_TOK_NUMBER, at, end);
        return append(s, bytes, n);
    case C_APOS:
        if(s->kind == SD_TOK_WORD)
            s->end = end;   /* part of the span, not of the form */
        return SD_OK;
    case C_DOT:
        if(s->kind == SD_TOK_NUMBER && next_is_digit) {
            s->end = end;
            return append(s, ".", 1);
        }
        /* fall through */
    case C_BREAK:
    case C_COMMA:
        if((rc = close_tok(s)))
            return rc;
        /* Collapse runs of breaks ("!!!", blank lines) into one token. */
        if(cls != C_COMMA && s->t->ntok &&
           s->t->tok[s->t->ntok - 1].kind == SD_TOK_BREAK) {
            s->t->tok[s->t->ntok - 1].end = end;
            return SD_OK;
        }
        return push_tok(s->t, cls == C_COMMA ? SD_TOK_COMMA : SD_TOK_BREAK,
                        at, end, (uint32_t)s->t->normlen, 0);
    default:
        return close_tok(s);
    }
}

static int classify_cp(utf8proc_int32_t cp)
{
    switch(utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return C_LETTER;
    case UTF8PROC_CATEGORY_ND:
        return C_LETTER;  /* non-ASCII digits: part of a word, never a dose */
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_APOS;    /* a stray mark: keep it in the span only */
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return C_BREAK;
    case UTF8PROC_CATEGORY_CC:
        return C_CTRL;
    default:
        return C_SEP;
    }
}

int sd_text_analyse(sd_text *t, const char *s, size_t len, sd_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    struct tk st = {t, 0, 0, 0, 0};
    int rc = SD_OK;

    init_ascii();
    t->src = s;
    t->srclen = len;
    t->normlen = 0;
    t->ntok = 0;
    if(len > SD_TEXT_MAX) {
        sd_error_setf(err, "the text is %zu bytes; at most %zu are read",
                len, SD_TEXT_MAX);
        return SD_ERR_USAGE;
    }
    /* Normalised text is rarely longer than the input; reserve once. */
    if(grow_norm(t, len + 16))
        return SD_ERR_NOMEM;

    size_t i = 0;
    while(i < len) {
        unsigned char c = u[i];
        if(c < 128 && ascii_cls[c] == C_LETTER && st.kind != SD_TOK_NUMBER) {
            /* Fast path: a run of ASCII letters, lowercased straight into
            ** the buffer reserved above (ASCII never grows). */
            if(!st.kind) {
                st.kind = SD_TOK_WORD;
                st.start = (uint32_t)i;
                st.norm = (uint32_t)t->normlen;
            }
            /* Expanding non-ASCII may have used up the reserve. */
            if(t->normlen + (len - i) > t->normcap &&
               (rc = grow_norm(t, len - i)))
                goto fail;
            char *o = t->norm + t->normlen;
            size_t j = i;
            while(j < len && u[j] < 128 && ascii_cls[u[j]] == C_LETTER) {
                unsigned char ch = u[j];
                *o++ = (char)(ch <= 'Z' ? ch + 32 : ch);
                j++;
            }
            t->normlen = (size_t)(o - t->norm);
            st.end = (uint32_t)j;
            i = j;
            continue;
        }
        if(c < 128) {
            int cls = ascii_cls[c];
            if(cls == C_CTRL) {
                sd_error_setf(err, "control character at byte %zu (code %ld): "
                        "send plain text", i + 1, (long)c);
                rc = SD_ERR_PARSE;
                goto fail;
            }
            char b = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            int nd = i + 1 < len && u[i + 1] >= '0' && u[i + 1] <= '9';
            if((rc = feed(&st, cls, &b, 1, (uint32_t)i, (uint32_t)i + 1, nd)))
                goto fail;
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i),
                                              &cp);
        if(n <= 0) {
            sd_error_setf(err, "invalid UTF-8 at byte %zu: send the text as "
                    "UTF-8", i + 1);
            rc = SD_ERR_PARSE;
            goto fail;
        }
        if(classify_cp(cp) == C_CTRL) {
            sd_error_setf(err, "control character at byte %zu (U+%04lX): send "
                    "plain text", i + 1, (long)cp);
            rc = SD_ERR_PARSE;
            goto fail;
        }
        utf8proc_int32_t out[16];
        int last = 0;
        utf8proc_ssize_t m = utf8proc_decompose_char(
            cp, out, 16,
            UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                UTF8PROC_LUMP | UTF8PROC_DECOMPOSE,
            &last);
        if(m < 0 || m > 16)
            m = 0;   /* unassigned or oversized: a separator */
        if(m == 0 && (rc = close_tok(&st)))
            goto fail;
        for(utf8proc_ssize_t k = 0; k < m; k++) {
            utf8proc_int32_t o = out[k];
            int cls;
            char b[4];
            size_t bl;
            if(o < 128) {
                cls = ascii_cls[o];
                if(cls == C_CTRL)
                    cls = C_SEP;
                b[0] = (char)(o >= 'A' && o <= 'Z' ? o + 32 : o);
                bl = 1;
            } else {
                cls = classify_cp(o);
                if(cls == C_CTRL)
                    cls = C_SEP;
                bl = (size_t)utf8proc_encode_char(o, (utf8proc_uint8_t *)b);
            }
            if((rc = feed(&st, cls, b, bl, (uint32_t)i, (uint32_t)(i + (size_t)n),
                          0)))
                goto fail;
        }
        i += (size_t)n;
    }
    if((rc = close_tok(&st)))
        goto fail;
    return SD_OK;
fail:
    t->ntok = 0;
    t->normlen = 0;
    if(rc == SD_ERR_NOMEM)
        sd_error_setf(err, "out of memory");
    return rc;
}

int sd_text_normalise_phrase(const char *phrase, char *out, size_t outsz,
                             size_t *len)
{
    sd_text t;
    size_t n = 0;
    int rc;

    *len = 0;
    sd_text_init(&t);
    if((rc = sd_text_analyse(&t, phrase, strlen(phrase), NULL))) {
        sd_text_release(&t);
        return rc == SD_ERR_NOMEM ? rc : SD_ERR_INVALID;
    }
    for(size_t i = 0; i < t.ntok; i++) {
        if(t.tok[i].kind != SD_TOK_WORD && t.tok[i].kind != SD_TOK_NUMBER)
            continue;
        size_t need = t.tok[i].len + (n ? 1 : 0);
        if(n + need + 1 > outsz) {
            sd_text_release(&t);
            return SD_ERR_INVALID;
        }
        if(n)
            out[n++] = ' ';
        memcpy(out + n, sd_text_form(&t, i), t.tok[i].len);
        n += t.tok[i].len;
    }
    if(outsz)
        out[n] = '\0';
    sd_text_release(&t);
    *len = n;
    return SD_OK;
}

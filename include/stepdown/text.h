/*
** text.h: Unicode normalisation and tokenising of a patient's words.
**
** sd_text_analyse() validates UTF-8, refuses control characters, folds
** case and compatibility forms and strips accents (utf8proc), and splits
** the text into tokens. Every token keeps the byte span it came from, so
** that what is found can be shown to the patient in their own words.
**
** Words lose their apostrophes ("can't" and "cant" are the same token);
** hyphens and other punctuation separate words; ". ! ? ; :" and line
** breaks end a sentence; commas are kept as their own token. Numbers keep
** a decimal point ("12.5").
**
** An sd_text is reusable: analysing a new text reuses its buffers.
*/
#ifndef STEPDOWN_TEXT_H
#define STEPDOWN_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "stepdown.h"

enum sd_token_kind {
    SD_TOK_WORD = 1,    /* letters (and digits inside a word) */
    SD_TOK_NUMBER = 2,  /* digits, maybe with one decimal point */
    SD_TOK_COMMA = 3,   /* , */
    SD_TOK_BREAK = 4    /* end of a sentence or line */
};

typedef struct sd_token {
    uint32_t start, end;  /* byte span in the original text */
    uint32_t norm, len;   /* normalised form: offset and length in norm */
    uint8_t kind;         /* enum sd_token_kind */
} sd_token;

typedef struct sd_text {
    const char *src;      /* the text analysed (borrowed) */
    size_t srclen;
    char *norm;           /* normalised token forms, back to back */
    size_t normlen, normcap;
    sd_token *tok;
    size_t ntok, tokcap;
} sd_text;

/* Largest text sd_text_analyse() accepts, in bytes. */
#define SD_TEXT_MAX ((size_t)16 * 1024 * 1024)

void sd_text_init(sd_text *t);

/* Analyse len bytes of s into t (s need not be NUL-terminated and must
** outlive t's use). Returns SD_OK; SD_ERR_PARSE for invalid UTF-8 or a
** control character (err says which byte); SD_ERR_USAGE for a text longer
** than SD_TEXT_MAX; SD_ERR_NOMEM. On error t holds no tokens. */
int sd_text_analyse(sd_text *t, const char *s, size_t len, sd_error *err);

/* The normalised form of token i (not NUL-terminated: see tok[i].len). */
static inline const char *sd_text_form(const sd_text *t, size_t i)
{
    return t->norm + t->tok[i].norm;
}

/* Normalise a short phrase (a lexicon entry) into out as space-separated
** tokens, the same way sd_text_analyse() does, and store its length in
** *len. Returns SD_OK, SD_ERR_INVALID when the phrase is not valid text or
** does not fit, or SD_ERR_NOMEM. */
int sd_text_normalise_phrase(const char *phrase, char *out, size_t outsz,
                             size_t *len);

void sd_text_release(sd_text *t);

#endif /* STEPDOWN_TEXT_H */

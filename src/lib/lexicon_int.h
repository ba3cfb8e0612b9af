/*
** lexicon_int.h: inside the lexicon. Internal to the library.
*/
#ifndef SD_LEXICON_INT_H
#define SD_LEXICON_INT_H

#include <stdint.h>

#include "stepdown/lexicon.h"

/* Kinds of phrase. */
enum {
    SD__L_NONE = 0,
    SD__L_CONCEPT,  /* value: concept index */
    SD__L_NEG_PRE,  /* negation before the symptom */
    SD__L_NEG_POST, /* negation after the symptom */
    SD__L_PSEUDO,   /* looks like negation, is not */
    SD__L_TERM,     /* ends a clause */
    SD__L_MILD,
    SD__L_SEVERE,
    SD__L_WORSE,
    SD__L_LASTING,
    SD__L_CUE,      /* value: enum sd_cue_kind */
    SD__L_UNIT,     /* value: hours per unit */
    SD__L_NUMBER,   /* value: the number */
    SD__L_WHEN,     /* value: hours ago */
    SD__L_AGO,
    SD__L_COMMON,   /* a common word: recognised, means nothing here */
    SD__L_DRUG,     /* the drug's own name or a brand */
    SD__L_BLOCK,    /* looks like a symptom of the monograph, is another
                    ** thing ("restless legs"): its words stay unrecognised */
    SD__L_PAST,     /* "years ago", "as a child", "on another drug": what
                    ** the clause names is over */
    SD__L_HYPO,     /* "what if", "can it cause", "signs of": what the
                    ** sentence names is a question or a possibility */
    SD__L_IFQ,      /* "if", "when": hypothetical in a question only */
    SD__L_NOW,      /* "right now", "at the moment", "won't stop",
                    ** "minutes": happening now or prolonged */
    SD__L_FRAME     /* a red-flag frame (frames_en.c); value: frame index */
};

/* Cue values carry flags above the kind. */
#define SD__CUE_KIND(v) ((v) & 0xff)
#define SD__CUE_ONGOING 0x100  /* an interruption that has not ended */
#define SD__CUE_ADMIT 0x200    /* "I overdosed": amount 2 */
#define SD__CUE_LARGE 0x400    /* "the whole bottle": amount 3 */
#define SD__CUE_ONE 0x800      /* "double dose", "twice": amount 1 */

struct sd__lang_entry {
    const char *phrase;
    uint8_t kind;
    int16_t value;
};

extern const struct sd__lang_entry sd__lang_en[];

/* ---- red-flag frames (frames_en.c) ---- */

enum {
    W_NONE = 0,
    W_NEG,
    W_HARD,
    W_BARELY,
    W_WAKE,
    W_RESPOND,
    W_COME,
    W_ROUND,
    W_BREATHE,
    W_BREATH_BAD,
    W_GASP,
    W_CHOKED,
    W_CATCH,
    W_BODYCOL,
    W_COLOUR,
    W_SWELLPART,
    W_SWELL,
    W_THROAT,
    W_CLOSING,
    W_HIVES,
    W_EVERYWHERE,
    W_FIT_NOW,
    W_HAVING,
    W_FIT,
    W_JERK,
    W_FLOOR,
    W_RIGID,
    W_SEIZED,
    W_HAD,
    W_OPEN,
    W_ASKING,
    W_SAME,
    W_QUESTION,
    W_SAYS,
    W_GONE,
    W_ENOUGH,
    W_LIFE,
    W_SLEEP,
    W_FOREVER,
    W_SOMETHING,
    W_STUPID,
    W_OD,
    W_ALLTHINGS,
    W_ANGIO,
    W_EYES,
    W_ROLLED,
    W_FOAM,
    W_PERCEIVE,
    W_NOBODY,
    W_THERE,
    W_VOICES,
    W_VISION,
    W_CRAWL,
    W_PICK,
    W_AIR,
    W_KNOW,
    W_WHERE,
    W_TALK,
    W_NONSENSE,
    W_THINKS,
    W_SOMEONE,
    W_PLOT,
    W_MESSAGES,
    W_HEART,
    W_ALL,
    W_OVER,
    W_PLACE,
    W_IRREG,
    W_NEARLY,
    W_FAINT,
    W_CHILD,
    W_SWALLOWED,
    W_OTHER,
    W_POSS,
    W_PILL,
    W_COLLAPSED,
    W_UNCONSCIOUS,
    W_LETHAL,
    W_FEEDSETTLE,
    W_POOR,
    W_GOT,
    W_INTO,
    W_WANT,
    W_DIE,
    W_KILL,
    W_MYSELF,
    W_BETTER,
    W_HURT,
    W_SELF,
    W_OFF,
    W_WITHOUT,
    W_LIVE,
    W_NOPOINT,
    W_PURPOSE,
    W_TAKE,
    W_LUMPS,
    W_WORTH,
    W_THINGSW,
    W_GO,
    W_ON,
    W_SAVING,
    W_SELFW,
    W_ALLW,
    W_THEM,
    W_WHEEZE,
    W_HEART_WILD,
    W_WEAKP,
    W_SLOWP,
    W_FASTP,
    W_AFIB,
    W_FORGOT,
    W_HOLD,
    W_FOUND,
    W_HOW,
    W_DOIT,
    W_ABSENCE,
    W_LOT,
    W_NEWBORN,
    W_NEONATAL_SIGN,
    W_TWO,
    W_TONE,
    W_CRITICAL,
    W_ALARM,
    W_PUMP,
    W_FAILED,
    W_MOTOR,
    W_SCREEN,
    W_HOWMANY,
    W_DIEW,
    W_ALIVE,
    W_VEHICLE,
    W_INTOW,
    W_HARMPLACE,
    W_SORRY,
    W_FOREVERYTHING,
    W_NOTE,
    W_WROTE,
    W_GIVING,
    W_AWAY,
    W_CUTW,
    W_WRIST,
    W_DARK,
    W_THOUGHTSW,
    W_GOTW,
    W_PLANW,
    W_PRESCRIBED,
    W_MOUTH,
    W_MEDIA,
    W_MEDIA_BAD,
    W_PLOT2,
    W_SURFACE,
    W_MOVING,
    W_REAL,
    W_LOST,
    W_WAYHOME,
    W_FIND,
    W_PAINW,
    W_CHEST,
    W_AWAKE,
    W_ONLY,
    W_PET,
    W_BOTTLEW,
    W_SPIRITS,
    W_RELAPSE,
    W_MIGHT,
    W_YEARNUM,
    W_ANOTHER,
    W_HADW,
    W_SELFKILL,
    W_RESPONSIVE,
    W_NODDING,
    W_FELT,
    W_FAINTW,
    W_MUSCLES,
    W_RIGIDW,
    W_HOT,
    W_STIFFER,
    W_ANIMAL,
    W_MISSINGW,
    W_REFILL,
    W_FORGETFUL,
    W_SOMEOF,
    W_OFW,
    W_GETUP,
    W_UPW,
    W_STIMULUS,
    W_SUICIDEW,
    W_ACTING,
    W_STRANGE,
    W_ACCUSING,
    W_HEADW,
    W_IMPOSTER,
    W_ALLERGIC,
    W_REACTION,
    W_EPIPEN,
    W_SWALLOWV,
    W_NAS,
    W_OUTW,
    W_COLD,
    W_INW,
    W_ANDW,
    W_CONSCIOUS,
    W_AIRW,
    W_SEEW,
    W_POINTW,
    W_ENDSTOP,
    W_SPEECH,
    W_SLURRY,
    W_EXTRAHINT,
    W_UNIT_NOT_PILL,
    W_K_TEMP,
    W_K_HR,
    W_K_RR,
    W_K_SPO2,
    W_K_EGFR,
    W_K_TOOK,
    W_K_PILLN,
    W_OBJ,
    W_MANY,
    W_MODAL,
    W_NUMWORD,
    W_SITE,
    W_SITE_BAD,
    W_STALL,
    W_STOPPED,
    W_COUNT
};

#define SD__CW 4          /* 64-bit words of word-class bits */
_Static_assert(W_COUNT <= 64 * SD__CW, "more word classes than bits");

struct sd__wclass {
    int cls;
    const char *words;    /* space-separated normalised words */
};

struct sd__frame_el {
    uint8_t cls[3];       /* any of these classes (0: unused) */
    uint8_t gap;          /* words allowed before it, after the last */
};

/* Frame flags. */
#define F_ONGOING 0x01    /* the words say it is happening now */
#define F_NOT_I 0x02      /* not after "i" ("I can't wake up" is not
                          ** unresponsiveness) */
#define F_NOT_TO 0x04     /* not before "to" ("not responding to it") */
#define F_SEE_ONLY 0x08   /* the first word must be see or hear */
#define F_KILL_SELF 0x10  /* "kill" needs a reflexive ("kill myself") */
#define F_TAKE_LOT 0x20   /* "the lot" */
#define F_WISH 0x40       /* a wish word earlier in the clause */
#define F_NOT_UP 0x80     /* not before "up" ("seizing up" is a cramp) */
#define F_PILLS 0x100     /* a pill word or the drug in the sentence */
#define F_ING 0x200       /* happening now when a word ends in -ing */
#define F_NOT_HAIR 0x400  /* not about hair ("going grey") */
#define F_COMMA_OK 0x800  /* may run across commas (nurses' notes) */
#define F_NOHYPO 0x2000   /* a question does not make it hypothetical
                          ** ("how many does it take to die?") */
#define F_SELF_NOTE 0x4000 /* a goodbye or the end named in the text */
#define F_CHILD_TEXT 0x8000 /* a child named in the sentence */
#define F_TAKEN_TEXT 0x10000 /* taking or giving named in the text */
#define F_NEWBORN_TEXT 0x20000 /* a newborn named in the text */
#define F_PUMP_TEXT 0x40000 /* a pump named in the text */
#define F_OTHER_MOUTH 0x80000 /* "in her mouth": someone else's, or a
                          ** child named in the sentence */
#define F_HEAD_ONLY 0x100000 /* the frame covers its first word only, so
                          ** the words after it can hold other frames
                          ** ("my newborn had a fit ... floppy") */
#define F_ALLERGY_TEXT 0x200000 /* swelling, hives or an allergy named in
                          ** the text */
#define F_CHILD_ANY 0x400000 /* a child named anywhere in the text */
#define F_NOT_WITH_PILLS 0x1000 /* not when the sentence is about tablets
                          ** ("can't go on taking these pills" is not
                          ** despair about life) */

#define SD__FRAME_MAXEL 5

struct sd__frame {
    sd_frame_info info;
    struct sd__frame_el el[SD__FRAME_MAXEL];
    int nel;
    unsigned flags;
};

enum {
    MF_TEMP_HIGH, MF_TEMP_LOW, MF_HR_FAST, MF_HR_SLOW, MF_HR_EXTREME,
    MF_HR_BOTH, MF_RR_LOW, MF_RR_HIGH, MF_SPO2_LOW, MF_GCS_LOW, MF_GCS_MILD,
    /* A red-flag word in a message not fully understood (sd__suspects). */
    MF_UNCLEAR_BREATHING, MF_UNCLEAR_WAKING, MF_UNCLEAR_FIT,
    MF_UNCLEAR_SELFHARM, MF_UNCLEAR_CHEST, MF_UNCLEAR_PERCEPTION,
    MF_COUNT
};

struct sd__suspect {
    int cls;              /* a word class of red-flag words */
    int frame;            /* MF_UNCLEAR_* */
};
extern const struct sd__suspect sd__suspects[];

extern const struct sd__wclass sd__wclasses[];
extern const struct sd__frame sd__frames[];
extern const struct sd__frame sd__measure_frames[MF_COUNT];
extern const char sd__lang_en_common[];
extern const char *const sd__lang_en_severe_inside[];

#endif

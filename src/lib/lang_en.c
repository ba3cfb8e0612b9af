/*
** lang_en.c: the English words the reader needs besides symptom names.
**
** One readable table: negation triggers, words that end a negation's
** reach, intensity and course words, context cues with what they mean,
** time words, and the common words that are recognised as "not a symptom"
** so that they are not reported as unrecognised. Phrases are written as a
** patient would type them; they are normalised like the text (case,
** apostrophes, accents) when the lexicon is compiled.
**
** The symptom words themselves come from the monograph, never from here.
*/
#include "lexicon_int.h"

#define NEG(p) {p, SD__L_NEG_PRE, 0}
#define POST(p) {p, SD__L_NEG_POST, 0}
#define PSEUDO(p) {p, SD__L_PSEUDO, 0}
#define TERM(p) {p, SD__L_TERM, 0}
#define MILD(p) {p, SD__L_MILD, 0}
#define SEVERE(p) {p, SD__L_SEVERE, 0}
#define WORSE(p) {p, SD__L_WORSE, 0}
#define LASTING(p) {p, SD__L_LASTING, 0}
#define CUE(p, k) {p, SD__L_CUE, k}
#define UNIT(p, h) {p, SD__L_UNIT, h}
#define NUM(p, n) {p, SD__L_NUMBER, n}
#define WHEN(p, h) {p, SD__L_WHEN, h}
#define PAST(p) {p, SD__L_PAST, 0}
#define HYPO(p) {p, SD__L_HYPO, 0}
#define IFQ(p) {p, SD__L_IFQ, 0}
#define NOW(p) {p, SD__L_NOW, 0}
#define ONGOING(p, k) {p, SD__L_CUE, (k) | SD__CUE_ONGOING}
#define AMOUNT(p, a) {p, SD__L_CUE, SD_CUE_EXTRA | (a)}

const struct sd__lang_entry sd__lang_en[] = {
    /* Scope: the past, questions and possibilities, now. */
    PAST("years ago"), PAST("year ago"), PAST("a year ago"),
    PAST("decades ago"), PAST("long time ago"), PAST("a long time ago"),
    PAST("as a child"), PAST("as a kid"), PAST("as a teenager"),
    PAST("when i was a child"), PAST("when i was a kid"),
    PAST("when i was younger"), PAST("when i was little"),
    PAST("in my childhood"), PAST("childhood"), PAST("used to"),
    PAST("history of"), PAST("in the past"), PAST("years back"),
    PAST("on another drug"), PAST("on a different drug"),
    PAST("on another medication"), PAST("on a different medication"),
    PAST("on another medicine"), PAST("on a different medicine"),
    PAST("on another med"), PAST("on a different med"),
    PAST("before i started"), PAST("before starting"),
    PAST("before i was on"), PAST("before i ever"), PAST("previously"),
    PAST("back in 2010"), PAST("back in the day"), PAST("in 2010"),
    PAST("in 2015"), PAST("in 2018"), PAST("in 2019"), PAST("in 2020"),
    PAST("back in"), PAST("last year"), PAST("years before"),
    PAST("once years ago"), PAST("never since"),
    HYPO("what if"), HYPO("in case"), HYPO("can it cause"),
    HYPO("could it cause"), HYPO("does it cause"), HYPO("can cause"),
    HYPO("could cause"), HYPO("may cause"), HYPO("might cause"),
    HYPO("signs of"), HYPO("sign of"),
    HYPO("symptoms of"), HYPO("watch for"), HYPO("watch out for"),
    HYPO("look out for"), HYPO("looking out for"), HYPO("warned"),
    HYPO("warns"), HYPO("warning about"), HYPO("risk of"),
    HYPO("worried about"), HYPO("worried that"), HYPO("afraid of"),
    HYPO("scared of"), HYPO("frightened of"), HYPO("side effect of"),
    HYPO("side effects like"), HYPO("leaflet"), HYPO("read that"),
    HYPO("i read"), HYPO("heard that"), HYPO("could happen"),
    HYPO("can happen"), HYPO("would happen"), HYPO("what would"),
    HYPO("what does"), HYPO("what do i do if"), HYPO("should i worry"),
    HYPO("is it possible"), HYPO("possible to"), HYPO("chance of"),
    HYPO("likely to"), HYPO("mentions"), HYPO("mentioned"),
    HYPO("what should i do if"), HYPO("how would i know"),
    HYPO("how do i know"), HYPO("so i know"), HYPO("look like"),
    PAST("last summer"), PAST("last winter"), PAST("last spring"),
    PAST("last autumn"), PAST("last fall"), PAST("at christmas"),
    PAST("as a baby"), PAST("as a teen"),
    PAST("in the first week"), PAST("the first week"), PAST("at first"),
    PAST("at the start"), PAST("in the first few days"), PAST("initially"),
    PAST("to begin with"), PAST("in the beginning"),
    IFQ("if"), IFQ("when"), IFQ("whether"),
    /* A symptom that is better is not a current problem. */
    POST("better"), POST("much better"), POST("way better"),
    POST("a lot better"), POST("loads better"), POST("are better"),
    POST("is better"), POST("settled"), POST("have settled"),
    POST("has settled"), POST("improved"), POST("improving"),
    POST("have improved"), POST("eased"), POST("easing"),
    POST("under control"), POST("gone down"), NEG("less"),
    NOW("right now"), NOW("at the moment"), NOW("as we speak"),
    NOW("currently"), NOW("still going"), NOW("wont stop"),
    NOW("will not stop"), NOW("isnt stopping"), NOW("not stopping"),
    NOW("minutes"), NOW("mins"), NOW("min"), NOW("minute"),
    NOW("one after another"), NOW("one after the other"),
    NOW("back to back"), NOW("another one"), NOW("again and again"),
    NOW("keeps happening"), NOW("ongoing"), NOW("for ages"),
    NOW("repeated"), NOW("repeatedly"),
    NOW("now"),
    /* An interruption that has not ended. */
    ONGOING("ran out", SD_CUE_MISSED), ONGOING("run out", SD_CUE_MISSED),
    ONGOING("out of pills", SD_CUE_MISSED),
    ONGOING("out of tablets", SD_CUE_MISSED),
    ONGOING("out of my pills", SD_CUE_MISSED),
    ONGOING("out of my tablets", SD_CUE_MISSED),
    ONGOING("out of my medication", SD_CUE_MISSED),
    ONGOING("out of stock", SD_CUE_MISSED),
    ONGOING("no pills left", SD_CUE_MISSED),
    ONGOING("no tablets left", SD_CUE_MISSED),
    ONGOING("havent taken", SD_CUE_MISSED),
    ONGOING("have not taken", SD_CUE_MISSED),
    ONGOING("havent had any since", SD_CUE_MISSED),
    ONGOING("havent had my", SD_CUE_MISSED),
    ONGOING("hasnt had her", SD_CUE_MISSED),
    ONGOING("hasnt had his", SD_CUE_MISSED),
    ONGOING("hasnt had any since", SD_CUE_MISSED),
    ONGOING("hasnt taken", SD_CUE_MISSED),
    ONGOING("not had any since", SD_CUE_MISSED),
    ONGOING("refusing his tablets", SD_CUE_MISSED),
    ONGOING("refusing her tablets", SD_CUE_MISSED),
    ONGOING("refusing his meds", SD_CUE_MISSED),
    ONGOING("refusing her meds", SD_CUE_MISSED),
    ONGOING("refusing to take", SD_CUE_MISSED),
    ONGOING("couldnt get my", SD_CUE_MISSED),
    ONGOING("could not get my", SD_CUE_MISSED),
    ONGOING("cant get my", SD_CUE_MISSED),
    ONGOING("didnt restart", SD_CUE_STOPPED),
    ONGOING("not restarted", SD_CUE_STOPPED),
    ONGOING("stopped taking", SD_CUE_STOPPED),
    ONGOING("quit taking", SD_CUE_STOPPED),
    ONGOING("cold turkey", SD_CUE_STOPPED),
    ONGOING("stopped cold turkey", SD_CUE_STOPPED),
    ONGOING("stopped abruptly", SD_CUE_STOPPED),
    ONGOING("been off", SD_CUE_STOPPED), ONGOING("off it", SD_CUE_STOPPED),
    ONGOING("refill overdue", SD_CUE_PUMP),
    ONGOING("refill is overdue", SD_CUE_PUMP),
    ONGOING("overdue refill", SD_CUE_PUMP),
    ONGOING("overdue for a refill", SD_CUE_PUMP),
    ONGOING("overdue for refill", SD_CUE_PUMP),
    ONGOING("refill was due", SD_CUE_PUMP),
    ONGOING("refill delayed", SD_CUE_PUMP),
    ONGOING("refill was delayed", SD_CUE_PUMP),
    ONGOING("pump is empty", SD_CUE_PUMP), ONGOING("pump empty", SD_CUE_PUMP),
    ONGOING("pump ran out", SD_CUE_PUMP),
    ONGOING("my pump is empty", SD_CUE_PUMP),
    ONGOING("my pump ran out", SD_CUE_PUMP),
    ONGOING("empty pump", SD_CUE_PUMP),
    CUE("have a pump", SD_CUE_INTRATHECAL), CUE("a pump", SD_CUE_INTRATHECAL),
    CUE("the pump", SD_CUE_INTRATHECAL), CUE("pump refill", SD_CUE_INTRATHECAL),
    CUE("pump pt", SD_CUE_INTRATHECAL), CUE("pump patient", SD_CUE_INTRATHECAL),
    CUE("pump site", SD_CUE_INTRATHECAL), CUE("his pump", SD_CUE_INTRATHECAL),
    CUE("her pump", SD_CUE_INTRATHECAL), CUE("pump in my", SD_CUE_INTRATHECAL),
    CUE("it pump", SD_CUE_INTRATHECAL), CUE("itb pump", SD_CUE_INTRATHECAL),
    CUE("pump", SD_CUE_INTRATHECAL),
    {"insulin pump", SD__L_BLOCK, 0}, {"breast pump", SD__L_BLOCK, 0},
    {"my insulin pump", SD__L_BLOCK, 0},
    ONGOING("running out", SD_CUE_MISSED),
    CUE("missing", SD_CUE_MISSED), CUE("missing doses", SD_CUE_MISSED),
    CUE("missing my doses", SD_CUE_MISSED),
    CUE("popped an extra", SD_CUE_EXTRA), CUE("took an extra", SD_CUE_EXTRA),
    CUE("taken an extra", SD_CUE_EXTRA), CUE("had an extra", SD_CUE_EXTRA),
    CUE("an extra", SD_CUE_EXTRA),
    AMOUNT("every tablet", SD__CUE_LARGE), AMOUNT("every pill", SD__CUE_LARGE),
    AMOUNT("days of tablets", SD__CUE_LARGE),
    AMOUNT("days of pills", SD__CUE_LARGE),
    AMOUNT("weeks of tablets", SD__CUE_LARGE),
    AMOUNT("days worth", SD__CUE_LARGE),
    CUE("want to stop", SD_CUE_STOPPED), CUE("going to stop", SD_CUE_STOPPED),
    CUE("instead of my", SD_CUE_EXTRA), CUE("instead of the", SD_CUE_EXTRA),
    CUE("acute kidney injury", SD_CUE_KIDNEY_FAILURE),
    CUE("kidney injury", SD_CUE_KIDNEY_FAILURE),
    CUE("aki", SD_CUE_KIDNEY_FAILURE),
    AMOUNT("twice as much", SD__CUE_ONE), AMOUNT("triple", SD__CUE_ADMIT),
    AMOUNT("tripled", SD__CUE_ADMIT), AMOUNT("triple dose", SD__CUE_ADMIT),
    AMOUNT("three times my dose", SD__CUE_ADMIT),
    AMOUNT("took the lot", SD__CUE_LARGE),
    AMOUNT("took all of them", SD__CUE_LARGE),
    AMOUNT("took them all", SD__CUE_LARGE),
    AMOUNT("swallowed the lot", SD__CUE_LARGE),
    AMOUNT("swallowed them all", SD__CUE_LARGE),
    AMOUNT("the whole lot", SD__CUE_LARGE),
    CUE("ckd 4", SD_CUE_KIDNEY_FAILURE), CUE("ckd 5", SD_CUE_KIDNEY_FAILURE),
    CUE("ckd stage 4", SD_CUE_KIDNEY_FAILURE),
    CUE("ckd stage 5", SD_CUE_KIDNEY_FAILURE),
    CUE("stage 4 kidney", SD_CUE_KIDNEY_FAILURE),
    CUE("stage 5 kidney", SD_CUE_KIDNEY_FAILURE),
    CUE("ckd 3", SD_CUE_KIDNEY), CUE("ckd stage 3", SD_CUE_KIDNEY),
    CUE("stage 3 kidney", SD_CUE_KIDNEY),
    CUE("haemodialysis", SD_CUE_KIDNEY_FAILURE),
    CUE("hemodialysis", SD_CUE_KIDNEY_FAILURE),
    CUE("renal", SD_CUE_KIDNEY), CUE("kidneys are bad", SD_CUE_KIDNEY),
    CUE("kidneys arent great", SD_CUE_KIDNEY),
    CUE("kidneys not great", SD_CUE_KIDNEY),
    CUE("kidneys are not great", SD_CUE_KIDNEY),
    CUE("kidney transplant", SD_CUE_KIDNEY),
    ONGOING("pump refill overdue", SD_CUE_PUMP),
    ONGOING("pump refill is overdue", SD_CUE_PUMP),
    ONGOING("pump refill was due", SD_CUE_PUMP),
    ONGOING("pump refill delayed", SD_CUE_PUMP),
    ONGOING("pump refill was delayed", SD_CUE_PUMP),
    CUE("beeped", SD_CUE_PUMP), CUE("beeps", SD_CUE_PUMP),
    CUE("pump beeped", SD_CUE_PUMP), CUE("reservoir low", SD_CUE_PUMP),
    CUE("reservoir is low", SD_CUE_PUMP), CUE("low battery", SD_CUE_PUMP),
    CUE("battery low", SD_CUE_PUMP), CUE("battery is low", SD_CUE_PUMP),
    WHEN("monday", 72), WHEN("tuesday", 72), WHEN("wednesday", 72),
    WHEN("thursday", 72), WHEN("friday", 72), WHEN("saturday", 72),
    WHEN("sunday", 72), WHEN("last monday", 168), WHEN("last tuesday", 168),
    WHEN("last wednesday", 168), WHEN("last thursday", 168),
    WHEN("last friday", 168), WHEN("last saturday", 168),
    WHEN("last sunday", 168), WHEN("the weekend", 72),
    WHEN("over the weekend", 72), WHEN("last weekend", 168),
    CUE("stopped drinking", SD_CUE_ALCOHOL_STOP),
    CUE("quit drinking", SD_CUE_ALCOHOL_STOP),
    CUE("gave up drinking", SD_CUE_ALCOHOL_STOP),
    CUE("gave up alcohol", SD_CUE_ALCOHOL_STOP),
    CUE("gave up the booze", SD_CUE_ALCOHOL_STOP),
    CUE("off the booze", SD_CUE_ALCOHOL_STOP),
    CUE("off the drink", SD_CUE_ALCOHOL_STOP),
    CUE("stopped the alcohol", SD_CUE_ALCOHOL_STOP),
    CUE("cut out alcohol", SD_CUE_ALCOHOL_STOP),
    CUE("days sober", SD_CUE_ALCOHOL_STOP),
    CUE("sober since", SD_CUE_ALCOHOL_STOP),
    CUE("detoxing", SD_CUE_ALCOHOL_STOP), CUE("detox", SD_CUE_ALCOHOL_STOP),
    CUE("last drink", SD_CUE_ALCOHOL_STOP),
    AMOUNT("lost count", SD__CUE_ADMIT), AMOUNT("doubling up", SD__CUE_ONE),
    AMOUNT("double dosing", SD__CUE_ONE), AMOUNT("took double", SD__CUE_ONE),
    AMOUNT("had double", SD__CUE_ONE), AMOUNT("taken double", SD__CUE_ONE),
    AMOUNT("full strip", SD__CUE_LARGE), AMOUNT("full packet", SD__CUE_LARGE),
    AMOUNT("full pack", SD__CUE_LARGE), AMOUNT("full bottle", SD__CUE_LARGE),
    AMOUNT("full box", SD__CUE_LARGE), AMOUNT("all my weeks", SD__CUE_LARGE),
    AMOUNT("weeks tablets", SD__CUE_LARGE), AMOUNT("weeks pills", SD__CUE_LARGE),
    AMOUNT("in one go", SD__CUE_ONE), AMOUNT("all at once", SD__CUE_ONE),
    AMOUNT("by mistake", SD__CUE_ONE), AMOUNT("by accident", SD__CUE_ONE),
    AMOUNT("accidentally took", SD__CUE_ONE),
    AMOUNT("accidentally taken", SD__CUE_ONE),
    AMOUNT("on top of my", SD__CUE_ONE),
    CUE("kidney not working", SD_CUE_KIDNEY),
    CUE("kidneys not working", SD_CUE_KIDNEY_FAILURE),
    CUE("creatinine", SD_CUE_KIDNEY),
    AMOUNT("a few extra", SD__CUE_ADMIT), AMOUNT("popped a few", SD__CUE_ADMIT),
    AMOUNT("tomorrows dose", SD__CUE_ONE), AMOUNT("both doses", SD__CUE_ONE),
    AMOUNT("took another", SD__CUE_ONE), AMOUNT("some extra", SD__CUE_ONE),
    AMOUNT("took a bunch", SD__CUE_LARGE), AMOUNT("a bunch of", SD__CUE_LARGE),
    AMOUNT("more than the doctor said", SD__CUE_ONE),
    AMOUNT("more than i was told", SD__CUE_ONE),
    AMOUNT("more than recommended", SD__CUE_ONE),
    /* Benign check-ins, read as understood ("no problems", "slept well");
    ** the words alone ("I have problems", "sleeping") stay not understood,
    ** so nothing is read as silence. */
    {"no problems", SD__L_COMMON, 0},
    {"no problem", SD__L_COMMON, 0},
    {"no issues", SD__L_COMMON, 0},
    {"no issue", SD__L_COMMON, 0},
    {"no concerns", SD__L_COMMON, 0},
    {"no concern", SD__L_COMMON, 0},
    {"no complaints", SD__L_COMMON, 0},
    {"no side effects", SD__L_COMMON, 0},
    {"no side effect", SD__L_COMMON, 0},
    {"no worries", SD__L_COMMON, 0},
    {"no changes", SD__L_COMMON, 0},
    {"no change", SD__L_COMMON, 0},
    {"no new problems", SD__L_COMMON, 0},
    {"no new symptoms", SD__L_COMMON, 0},
    {"no symptoms", SD__L_COMMON, 0},
    {"no trouble", SD__L_COMMON, 0},
    {"no troubles", SD__L_COMMON, 0},
    {"not any problems", SD__L_COMMON, 0},
    {"without problems", SD__L_COMMON, 0},
    {"without any problems", SD__L_COMMON, 0},
    {"no problems at all", SD__L_COMMON, 0},
    {"no side effects at all", SD__L_COMMON, 0},
    {"no issues at all", SD__L_COMMON, 0},
    {"all good", SD__L_COMMON, 0},
    {"all fine", SD__L_COMMON, 0},
    {"all ok", SD__L_COMMON, 0},
    {"all okay", SD__L_COMMON, 0},
    {"going fine", SD__L_COMMON, 0},
    {"going well", SD__L_COMMON, 0},
    {"going ok", SD__L_COMMON, 0},
    {"going okay", SD__L_COMMON, 0},
    {"going great", SD__L_COMMON, 0},
    {"doing well", SD__L_COMMON, 0},
    {"doing fine", SD__L_COMMON, 0},
    {"doing ok", SD__L_COMMON, 0},
    {"doing okay", SD__L_COMMON, 0},
    {"doing great", SD__L_COMMON, 0},
    {"feel normal", SD__L_COMMON, 0},
    {"feeling normal", SD__L_COMMON, 0},
    {"feel fine", SD__L_COMMON, 0},
    {"feeling fine", SD__L_COMMON, 0},
    {"feel good", SD__L_COMMON, 0},
    {"feeling good", SD__L_COMMON, 0},
    {"feel great", SD__L_COMMON, 0},
    {"feeling great", SD__L_COMMON, 0},
    {"feel well", SD__L_COMMON, 0},
    {"feeling well", SD__L_COMMON, 0},
    {"feel ok", SD__L_COMMON, 0},
    {"feeling ok", SD__L_COMMON, 0},
    {"sleeping ok", SD__L_COMMON, 0},
    {"sleeping okay", SD__L_COMMON, 0},
    {"sleeping well", SD__L_COMMON, 0},
    {"sleeping fine", SD__L_COMMON, 0},
    {"sleeping better", SD__L_COMMON, 0},
    {"sleeping much better", SD__L_COMMON, 0},
    {"slept well", SD__L_COMMON, 0},
    {"slept fine", SD__L_COMMON, 0},
    {"slept ok", SD__L_COMMON, 0},
    {"slept better", SD__L_COMMON, 0},
    {"walking better", SD__L_COMMON, 0},
    {"walking well", SD__L_COMMON, 0},
    {"walking fine", SD__L_COMMON, 0},
    {"working well", SD__L_COMMON, 0},
    {"working fine", SD__L_COMMON, 0},
    {"working great", SD__L_COMMON, 0},
    {"working better", SD__L_COMMON, 0},
    {"obs stable", SD__L_COMMON, 0},
    {"obs normal", SD__L_COMMON, 0},
    {"no concerns raised", SD__L_COMMON, 0},
    {"so far so good", SD__L_COMMON, 0},
    {"so far", SD__L_COMMON, 0},
    {"less stiff", SD__L_COMMON, 0},
    {"less stiffness", SD__L_COMMON, 0},
    {"less spasms", SD__L_COMMON, 0},
    {"fewer spasms", SD__L_COMMON, 0},
    {"spasms settled", SD__L_COMMON, 0},
    {"spasms better", SD__L_COMMON, 0},
    {"spasms ok", SD__L_COMMON, 0},
    {"spasms okay", SD__L_COMMON, 0},
    {"spasms are better", SD__L_COMMON, 0},
    {"just checking in", SD__L_COMMON, 0},
    {"lost it", SD__L_COMMON, 0},
    {"old tablets", SD__L_COMMON, 0},
    {"old pills", SD__L_COMMON, 0},
    {"without any trouble", SD__L_COMMON, 0},
    {"without trouble", SD__L_COMMON, 0},
    {"no trouble at all", SD__L_COMMON, 0},
    {"thats settled", SD__L_COMMON, 0},
    {"that settled", SD__L_COMMON, 0},
    {"its settled", SD__L_COMMON, 0},
    {"thats gone", SD__L_COMMON, 0},
    {"its gone now", SD__L_COMMON, 0},
    {"thanks so much", SD__L_COMMON, 0},
    {"thank you so much", SD__L_COMMON, 0},
    {"thanks a lot", SD__L_COMMON, 0},
    {"thanks a million", SD__L_COMMON, 0},
    {"is it safe", SD__L_COMMON, 0},
    {"empty stomach", SD__L_COMMON, 0},
    {"drink coffee", SD__L_COMMON, 0},
    {"drink tea", SD__L_COMMON, 0},
    {"drink water", SD__L_COMMON, 0},
    {"drink juice", SD__L_COMMON, 0},
    {"grapefruit juice", SD__L_COMMON, 0},
    {"drug test", SD__L_COMMON, 0},
    {"drug tests", SD__L_COMMON, 0},
    {"drug testing", SD__L_COMMON, 0},
    {"due to be replaced", SD__L_COMMON, 0},
    {"due for a refill", SD__L_COMMON, 0},
    {"due for replacement", SD__L_COMMON, 0},
    {"doing alright", SD__L_COMMON, 0},
    {"feel alright", SD__L_COMMON, 0},
    {"feeling alright", SD__L_COMMON, 0},
    {"checking in", SD__L_COMMON, 0},
    {"check in", SD__L_COMMON, 0},
    {"just an update", SD__L_COMMON, 0},
    {"quick update", SD__L_COMMON, 0},
    ONGOING("last dose was", SD_CUE_MISSED),
    ONGOING("my last dose was", SD_CUE_MISSED),
    ONGOING("last took it", SD_CUE_MISSED),
    WHEN("mon", 72), WHEN("tues", 72), WHEN("tue", 72), WHEN("wed", 72),
    WHEN("weds", 72), WHEN("thurs", 72), WHEN("thur", 72), WHEN("thu", 72),
    WHEN("fri", 72), WHEN("sat", 72), WHEN("sun", 72),
    CUE("one kidney", SD_CUE_KIDNEY), CUE("single kidney", SD_CUE_KIDNEY),
    SEVERE("a lot"), SEVERE("loads"), SEVERE("cant eat"),
    SEVERE("cannot eat"), SEVERE("quite bad"), SEVERE("pretty bad"),
    AMOUNT("more than he should", SD__CUE_ADMIT),
    AMOUNT("more than she should", SD__CUE_ADMIT),
    AMOUNT("more than they should", SD__CUE_ADMIT),
    AMOUNT("way more than", SD__CUE_ADMIT), AMOUNT("whole weeks", SD__CUE_LARGE),
    AMOUNT("whole days", SD__CUE_ADMIT),
    CUE("restarted", SD_CUE_RESUMED), CUE("started again", SD_CUE_RESUMED),
    CUE("started it again", SD_CUE_RESUMED),
    CUE("back on it", SD_CUE_RESUMED), CUE("back on my", SD_CUE_RESUMED),
    CUE("took it again", SD_CUE_RESUMED),
    CUE("got my prescription", SD_CUE_RESUMED),
    CUE("got my refill", SD_CUE_RESUMED),
    CUE("pump refilled", SD_CUE_RESUMED),
    CUE("pump was refilled", SD_CUE_RESUMED),
    CUE("resumed", SD_CUE_RESUMED),
    /* How much extra. */
    AMOUNT("double dose", SD__CUE_ONE), AMOUNT("doubled", SD__CUE_ONE),
    AMOUNT("doubled up", SD__CUE_ONE), AMOUNT("double dosed", SD__CUE_ONE),
    AMOUNT("double my dose", SD__CUE_ONE),
    AMOUNT("took it twice", SD__CUE_ONE),
    AMOUNT("took my dose twice", SD__CUE_ONE),
    AMOUNT("dose twice", SD__CUE_ONE),
    AMOUNT("took two doses", SD__CUE_ONE),
    AMOUNT("overdose", SD__CUE_ADMIT), AMOUNT("overdosed", SD__CUE_ADMIT),
    AMOUNT("od", SD__CUE_ADMIT),     AMOUNT("took too many", SD__CUE_ADMIT),
    AMOUNT("took too much", SD__CUE_ADMIT),
    AMOUNT("took a handful", SD__CUE_LARGE),
    AMOUNT("handful", SD__CUE_LARGE),
    AMOUNT("took the whole", SD__CUE_LARGE),
    AMOUNT("the whole bottle", SD__CUE_LARGE),
    AMOUNT("whole bottle", SD__CUE_LARGE), AMOUNT("whole box", SD__CUE_LARGE),
    AMOUNT("whole pack", SD__CUE_LARGE),
    AMOUNT("whole packet", SD__CUE_LARGE),
    AMOUNT("whole strip", SD__CUE_LARGE),
    AMOUNT("whole blister", SD__CUE_LARGE),
    AMOUNT("weeks worth", SD__CUE_LARGE),
    AMOUNT("week worth", SD__CUE_LARGE),
    AMOUNT("days worth", SD__CUE_LARGE),
    AMOUNT("months worth", SD__CUE_LARGE),
    AMOUNT("took all", SD__CUE_LARGE), AMOUNT("took all of", SD__CUE_LARGE),
    AMOUNT("took all my", SD__CUE_LARGE),
    AMOUNT("took a load of", SD__CUE_LARGE),
    AMOUNT("took loads of", SD__CUE_LARGE),
    AMOUNT("took a bunch of", SD__CUE_LARGE),
    AMOUNT("took lots of", SD__CUE_LARGE),
    AMOUNT("whole lot", SD__CUE_LARGE),
    /* The pump's critical alarm; pregnancy. */
    CUE("critical alarm", SD_CUE_PUMP_CRITICAL),
    CUE("two tone alarm", SD_CUE_PUMP_CRITICAL),
    CUE("pregnant", SD_CUE_PREGNANT), CUE("pregnancy", SD_CUE_PREGNANT),
    CUE("expecting a baby", SD_CUE_PREGNANT),
    CUE("breastfeeding", SD_CUE_PREGNANT),
    CUE("breast feeding", SD_CUE_PREGNANT),
    CUE("trying to conceive", SD_CUE_PREGNANT),
    /* Negation before the symptom: its reach is the next few words of
    ** the same clause. */
    NEG("no"), NEG("not"), NEG("never"), NEG("without"), NEG("denies"),
    NEG("denied"), NEG("deny"), NEG("dont have"), NEG("do not have"),
    NEG("didnt have"), NEG("did not have"), NEG("havent had"),
    NEG("have not had"), NEG("hasnt had"), NEG("no more"),
    NEG("no longer"), NEG("none"), NEG("nor"), NEG("neither"),
    NEG("free of"), NEG("dont"), NEG("doesnt"), NEG("didnt"),
    NEG("do not"), NEG("does not"), NEG("did not"), NEG("isnt"),
    NEG("arent"), NEG("wasnt"), NEG("werent"), NEG("havent"),
    NEG("hasnt"), NEG("no sign of"), NEG("no signs of"), NEG("zero"),
    NEG("nothing like"), NEG("stopped having"), NEG("dont get"),
    NEG("dont feel"), NEG("not feeling"), NEG("rid of"),
    /* Negation after the symptom. */
    POST("gone"), POST("is gone"), POST("are gone"), POST("has gone"),
    POST("have gone"), POST("went away"), POST("gone away"),
    POST("has stopped"), POST("have stopped"), POST("stopped"),
    POST("disappeared"), POST("resolved"), POST("free"), POST("is over"),
    POST("no longer"), POST("is better now"), POST("cleared up"),
    /* Look like negation, are not: the symptom still counts. */
    PSEUDO("not sure"), PSEUDO("not certain"), PSEUDO("no idea"),
    PSEUDO("not only"), PSEUDO("not just"), PSEUDO("no change"),
    PSEUDO("dont know if"), PSEUDO("dont know whether"),
    PSEUDO("not sure if"), PSEUDO("cant tell if"), PSEUDO("no doubt"),
    PSEUDO("not getting better"), PSEUDO("not improving"),
    PSEUDO("not stopping"), PSEUDO("no better"),
    /* Words that end a clause: negation and modifiers do not reach past
    ** them. */
    TERM("but"), TERM("however"), TERM("although"), TERM("though"),
    TERM("except"), TERM("yet"), TERM("and now"), TERM("instead"),
    TERM("apart from"), TERM("whereas"), TERM("then"), TERM("now i"),
    TERM("although i"),
    /* A new subject ends a negation's reach, not a modifier's: "so dizzy
    ** I can't stand" is severe dizziness. */
    {"i", SD__L_TERM, 1}, {"im", SD__L_TERM, 1}, {"ive", SD__L_TERM, 1},
    {"id", SD__L_TERM, 1}, {"just", SD__L_TERM, 1}, {"only", SD__L_TERM, 1},
    {"other than", SD__L_TERM, 1}, {"besides", SD__L_TERM, 1},
    /* Intensity. */
    MILD("a little"), MILD("a bit"), MILD("a little bit"),
    MILD("slightly"), MILD("slight"), MILD("mild"), MILD("mildly"),
    MILD("somewhat"), MILD("kinda"), MILD("kind of"), MILD("sort of"),
    MILD("a touch of"), MILD("minor"), MILD("not too bad"),
    MILD("not very"), MILD("not that"), MILD("not so"), MILD("not too"),
    MILD("barely"), MILD("faint"), MILD("a tiny bit"), MILD("little"),
    SEVERE("very"), SEVERE("so"), SEVERE("really"), SEVERE("extremely"),
    SEVERE("extreme"), SEVERE("severe"), SEVERE("severely"),
    SEVERE("terrible"), SEVERE("terribly"), SEVERE("awful"),
    SEVERE("awfully"), SEVERE("horrible"), SEVERE("horribly"),
    SEVERE("unbearable"), SEVERE("intense"), SEVERE("worst"),
    SEVERE("bad"), SEVERE("really bad"), SEVERE("badly"), SEVERE("too"),
    SEVERE("super"), SEVERE("incredibly"), SEVERE("excruciating"),
    SEVERE("crippling"), SEVERE("debilitating"), SEVERE("massive"),
    SEVERE("major"), SEVERE("unbelievable"), SEVERE("horrendous"),
    SEVERE("the worst"), SEVERE("insane"), SEVERE("crazy"),
    SEVERE("cant function"), SEVERE("cannot function"),
    SEVERE("cant get out of bed"), SEVERE("cant do anything"),
    SEVERE("cant work"), SEVERE("cant walk"), SEVERE("cant stand"),
    SEVERE("cant stand up"), SEVERE("cant keep my eyes open"),
    SEVERE("unable to function"), SEVERE("bedridden"),
    SEVERE("knocked me out"), SEVERE("wiped out"),
    /* Course. */
    WORSE("worse"), WORSE("getting worse"), WORSE("worsening"),
    WORSE("more and more"), WORSE("worse and worse"), WORSE("increasing"),
    WORSE("keeps getting worse"), WORSE("getting stronger"),
    LASTING("for weeks"), LASTING("for days"), LASTING("for months"),
    LASTING("all the time"), LASTING("constant"), LASTING("constantly"),
    LASTING("every day"), LASTING("everyday"), LASTING("wont go away"),
    LASTING("doesnt go away"), LASTING("not going away"),
    LASTING("dont go away"), LASTING("will not go away"),
    LASTING("persistent"), LASTING("still"), LASTING("all day"),
    LASTING("keeps coming back"), LASTING("chronic"), LASTING("nonstop"),
    LASTING("non stop"), LASTING("day and night"),
    /* Context cues. */
    CUE("stopped taking", SD_CUE_STOPPED), CUE("stop taking", SD_CUE_STOPPED),
    CUE("stopped it", SD_CUE_STOPPED), CUE("stopped my", SD_CUE_STOPPED),
    CUE("stopped the", SD_CUE_STOPPED), CUE("quit taking", SD_CUE_STOPPED),
    CUE("quit it", SD_CUE_STOPPED), CUE("came off", SD_CUE_STOPPED),
    CUE("come off", SD_CUE_STOPPED), CUE("went off", SD_CUE_STOPPED),
    CUE("been off", SD_CUE_STOPPED), CUE("off it", SD_CUE_STOPPED),
    CUE("cold turkey", SD_CUE_STOPPED), CUE("discontinued", SD_CUE_STOPPED),
    CUE("stopped cold turkey", SD_CUE_STOPPED),
    CUE("stopped abruptly", SD_CUE_STOPPED), CUE("ran out", SD_CUE_MISSED), CUE("run out", SD_CUE_MISSED),
    CUE("out of pills", SD_CUE_MISSED), CUE("out of tablets", SD_CUE_MISSED),
    CUE("out of my pills", SD_CUE_MISSED),
    CUE("out of my tablets", SD_CUE_MISSED),
    CUE("out of my medication", SD_CUE_MISSED),
    CUE("no pills left", SD_CUE_MISSED), CUE("no tablets left", SD_CUE_MISSED),
    CUE("missed", SD_CUE_MISSED), CUE("missed a dose", SD_CUE_MISSED),
    CUE("missed my dose", SD_CUE_MISSED), CUE("missed doses", SD_CUE_MISSED),
    CUE("missed my doses", SD_CUE_MISSED), CUE("forgot", SD_CUE_MISSED),
    CUE("forgot to take", SD_CUE_MISSED), CUE("skipped", SD_CUE_MISSED),
    CUE("skipped a dose", SD_CUE_MISSED), CUE("havent taken", SD_CUE_MISSED),
    CUE("have not taken", SD_CUE_MISSED), CUE("didnt take", SD_CUE_MISSED),
    CUE("did not take", SD_CUE_MISSED), CUE("couldnt get my", SD_CUE_MISSED),
    CUE("could not get my", SD_CUE_MISSED),
    CUE("cut my dose", SD_CUE_REDUCED), CUE("cut the dose", SD_CUE_REDUCED),
    CUE("cut down", SD_CUE_REDUCED), CUE("cutting down", SD_CUE_REDUCED),
    CUE("cut back", SD_CUE_REDUCED), CUE("cutting back", SD_CUE_REDUCED),
    CUE("dose cut", SD_CUE_REDUCED), CUE("cut my", SD_CUE_REDUCED),
    CUE("lowered my dose", SD_CUE_REDUCED), CUE("lowering my dose", SD_CUE_REDUCED),
    CUE("lowered the dose", SD_CUE_REDUCED), CUE("lower dose", SD_CUE_REDUCED),
    CUE("lowered", SD_CUE_REDUCED), CUE("reduced", SD_CUE_REDUCED),
    CUE("reducing", SD_CUE_REDUCED), CUE("reduction", SD_CUE_REDUCED),
    CUE("decreased", SD_CUE_REDUCED), CUE("decreasing", SD_CUE_REDUCED),
    CUE("tapering", SD_CUE_REDUCED), CUE("taper", SD_CUE_REDUCED),
    CUE("tapered", SD_CUE_REDUCED), CUE("weaning", SD_CUE_REDUCED),
    CUE("weaning off", SD_CUE_REDUCED), CUE("coming off", SD_CUE_REDUCED),
    CUE("coming down", SD_CUE_REDUCED), CUE("stepped down", SD_CUE_REDUCED),
    CUE("step down", SD_CUE_REDUCED), CUE("dose went down", SD_CUE_REDUCED),
    CUE("dropped my dose", SD_CUE_REDUCED), CUE("dropped the dose", SD_CUE_REDUCED),
    CUE("halved", SD_CUE_REDUCED), CUE("less than before", SD_CUE_REDUCED),
    CUE("increased my dose", SD_CUE_INCREASED),
    CUE("increased the dose", SD_CUE_INCREASED),
    CUE("dose went up", SD_CUE_INCREASED),
    CUE("upped my dose", SD_CUE_INCREASED),
    CUE("upped", SD_CUE_INCREASED), CUE("raised my dose", SD_CUE_INCREASED),
    CUE("raised the dose", SD_CUE_INCREASED), CUE("higher dose", SD_CUE_INCREASED),
    CUE("dose increase", SD_CUE_INCREASED),
    CUE("dose increased", SD_CUE_INCREASED), CUE("dose was increased", SD_CUE_INCREASED),
    CUE("dose was raised", SD_CUE_INCREASED), CUE("dose was upped", SD_CUE_INCREASED),
    CUE("dose reduced", SD_CUE_REDUCED), CUE("dose was reduced", SD_CUE_REDUCED),
    CUE("dose was lowered", SD_CUE_REDUCED), CUE("dose was cut", SD_CUE_REDUCED), CUE("took extra", SD_CUE_EXTRA), CUE("take extra", SD_CUE_EXTRA),
    CUE("taking extra", SD_CUE_EXTRA), CUE("extra dose", SD_CUE_EXTRA),
    CUE("extra doses", SD_CUE_EXTRA), CUE("extra pill", SD_CUE_EXTRA),
    CUE("extra pills", SD_CUE_EXTRA), CUE("extra tablet", SD_CUE_EXTRA),
    CUE("extra tablets", SD_CUE_EXTRA), CUE("took more", SD_CUE_EXTRA),
    CUE("taking more", SD_CUE_EXTRA), CUE("took too many", SD_CUE_EXTRA),
    CUE("took too much", SD_CUE_EXTRA), CUE("double dose", SD_CUE_EXTRA),
    CUE("doubled", SD_CUE_EXTRA), CUE("doubled up", SD_CUE_EXTRA),
    CUE("double dosed", SD_CUE_EXTRA), CUE("more than prescribed", SD_CUE_EXTRA),
    CUE("more than i should", SD_CUE_EXTRA), CUE("overdose", SD_CUE_EXTRA),
    CUE("overdosed", SD_CUE_EXTRA), CUE("took a handful", SD_CUE_EXTRA),
    CUE("took the whole", SD_CUE_EXTRA), CUE("took all", SD_CUE_EXTRA),
    CUE("pump alarm", SD_CUE_PUMP), CUE("my pump alarm", SD_CUE_PUMP),
    CUE("my pump is beeping", SD_CUE_PUMP),
    CUE("my pump keeps beeping", SD_CUE_PUMP),
    CUE("my pump is alarming", SD_CUE_PUMP), CUE("my pump is empty", SD_CUE_PUMP),
    CUE("my pump ran out", SD_CUE_PUMP), CUE("my pump stopped", SD_CUE_PUMP),
    CUE("empty pump", SD_CUE_PUMP), CUE("pump running low", SD_CUE_PUMP),
    CUE("low reservoir", SD_CUE_PUMP), CUE("refill overdue", SD_CUE_PUMP),
    CUE("alarm keeps beeping", SD_CUE_PUMP), CUE("beeping", SD_CUE_PUMP),
    CUE("alarming", SD_CUE_PUMP), CUE("pump alarms", SD_CUE_PUMP),
    CUE("pump is alarming", SD_CUE_PUMP), CUE("pump alarming", SD_CUE_PUMP),
    CUE("pump is beeping", SD_CUE_PUMP), CUE("pump beeping", SD_CUE_PUMP),
    CUE("pump keeps beeping", SD_CUE_PUMP), CUE("alarm is beeping", SD_CUE_PUMP),
    CUE("alarm beeping", SD_CUE_PUMP), CUE("alarm went off", SD_CUE_PUMP),
    CUE("pump ran out", SD_CUE_PUMP), CUE("pump is empty", SD_CUE_PUMP),
    CUE("pump empty", SD_CUE_PUMP), CUE("pump stopped", SD_CUE_PUMP),
    CUE("missed my refill", SD_CUE_PUMP), CUE("missed the refill", SD_CUE_PUMP),
    CUE("refill was late", SD_CUE_PUMP), CUE("late refill", SD_CUE_PUMP),
    CUE("catheter problem", SD_CUE_PUMP), CUE("my pump", SD_CUE_INTRATHECAL),
    CUE("intrathecal", SD_CUE_INTRATHECAL), CUE("itb", SD_CUE_INTRATHECAL),
    CUE("alcohol", SD_CUE_ALCOHOL), CUE("drank", SD_CUE_ALCOHOL),
    CUE("been drinking", SD_CUE_ALCOHOL), CUE("had a drink", SD_CUE_ALCOHOL),
    CUE("had drinks", SD_CUE_ALCOHOL), CUE("few drinks", SD_CUE_ALCOHOL),
    CUE("some drinks", SD_CUE_ALCOHOL), CUE("drinking alcohol", SD_CUE_ALCOHOL),
    CUE("drunk", SD_CUE_ALCOHOL), CUE("beer", SD_CUE_ALCOHOL),
    CUE("beers", SD_CUE_ALCOHOL), CUE("wine", SD_CUE_ALCOHOL),
    CUE("vodka", SD_CUE_ALCOHOL), CUE("whisky", SD_CUE_ALCOHOL),
    CUE("whiskey", SD_CUE_ALCOHOL), CUE("booze", SD_CUE_ALCOHOL),
    CUE("rum", SD_CUE_ALCOHOL), CUE("gin", SD_CUE_ALCOHOL),
    CUE("hangover", SD_CUE_ALCOHOL), CUE("hungover", SD_CUE_ALCOHOL),
    CUE("shots", SD_CUE_ALCOHOL), CUE("drinking", SD_CUE_ALCOHOL),
    CUE("sleeping pill", SD_CUE_SEDATIVE), CUE("sleeping pills", SD_CUE_SEDATIVE),
    CUE("sleeping tablet", SD_CUE_SEDATIVE),
    CUE("sleeping tablets", SD_CUE_SEDATIVE), CUE("sleep aid", SD_CUE_SEDATIVE),
    CUE("valium", SD_CUE_SEDATIVE), CUE("diazepam", SD_CUE_SEDATIVE),
    CUE("xanax", SD_CUE_SEDATIVE), CUE("alprazolam", SD_CUE_SEDATIVE),
    CUE("lorazepam", SD_CUE_SEDATIVE), CUE("ativan", SD_CUE_SEDATIVE),
    CUE("clonazepam", SD_CUE_SEDATIVE), CUE("klonopin", SD_CUE_SEDATIVE),
    CUE("benzo", SD_CUE_SEDATIVE), CUE("benzos", SD_CUE_SEDATIVE),
    CUE("zopiclone", SD_CUE_SEDATIVE), CUE("zolpidem", SD_CUE_SEDATIVE),
    CUE("ambien", SD_CUE_SEDATIVE), CUE("oxycodone", SD_CUE_SEDATIVE),
    CUE("morphine", SD_CUE_SEDATIVE), CUE("codeine", SD_CUE_SEDATIVE),
    CUE("tramadol", SD_CUE_SEDATIVE), CUE("opioid", SD_CUE_SEDATIVE),
    CUE("opioids", SD_CUE_SEDATIVE), CUE("fentanyl", SD_CUE_SEDATIVE),
    CUE("gabapentin", SD_CUE_SEDATIVE), CUE("pregabalin", SD_CUE_SEDATIVE),
    CUE("lyrica", SD_CUE_SEDATIVE), CUE("tizanidine", SD_CUE_SEDATIVE),
    CUE("cyclobenzaprine", SD_CUE_SEDATIVE), CUE("benadryl", SD_CUE_SEDATIVE),
    CUE("antihistamine", SD_CUE_SEDATIVE), CUE("cannabis", SD_CUE_SEDATIVE),
    CUE("weed", SD_CUE_SEDATIVE), CUE("trazodone", SD_CUE_SEDATIVE),
    CUE("kidney disease", SD_CUE_KIDNEY), CUE("kidney problems", SD_CUE_KIDNEY),
    CUE("kidney problem", SD_CUE_KIDNEY), CUE("bad kidneys", SD_CUE_KIDNEY),
    CUE("weak kidneys", SD_CUE_KIDNEY), CUE("ckd", SD_CUE_KIDNEY),
    CUE("renal impairment", SD_CUE_KIDNEY), CUE("kidney function", SD_CUE_KIDNEY),
    CUE("kidney failure", SD_CUE_KIDNEY_FAILURE),
    CUE("kidneys are failing", SD_CUE_KIDNEY_FAILURE),
    CUE("kidneys failing", SD_CUE_KIDNEY_FAILURE),
    CUE("renal failure", SD_CUE_KIDNEY_FAILURE),
    CUE("dialysis", SD_CUE_KIDNEY_FAILURE),
    CUE("end stage kidney", SD_CUE_KIDNEY_FAILURE),
    /* Time. Units carry their length in hours; "when" words how long ago
    ** they are. */
    UNIT("hour", 1), UNIT("hours", 1), UNIT("hr", 1), UNIT("hrs", 1),
    UNIT("h", 1), UNIT("day", 24), UNIT("days", 24), UNIT("night", 24),
    UNIT("nights", 24), UNIT("week", 168), UNIT("weeks", 168),
    UNIT("wk", 168), UNIT("wks", 168), UNIT("month", 720),
    UNIT("months", 720),
    NUM("a", 1), NUM("an", 1), NUM("one", 1), NUM("two", 2),
    NUM("three", 3), NUM("four", 4), NUM("five", 5), NUM("six", 6),
    NUM("seven", 7), NUM("eight", 8), NUM("nine", 9), NUM("ten", 10),
    NUM("eleven", 11), NUM("twelve", 12), NUM("a couple of", 2),
    NUM("a couple", 2), NUM("couple of", 2), NUM("couple", 2),
    NUM("a few", 3), NUM("few", 3), NUM("several", 3),
    WHEN("yesterday", 24), WHEN("last night", 12), WHEN("this morning", 6),
    WHEN("today", 6), WHEN("tonight", 1), WHEN("this afternoon", 3),
    WHEN("this evening", 2), WHEN("last week", 168),
    WHEN("the other day", 48), WHEN("day before yesterday", 48),
    WHEN("the day before yesterday", 48), WHEN("earlier today", 4),
    WHEN("just now", 1), WHEN("last month", 720),
    {"ago", SD__L_AGO, 0},

    /* Not the monograph's symptom, although a word matches one: these
    ** stay "not recognised", so the patient is told to ask. */
    {"fits of rage", SD__L_BLOCK, 0}, {"fit of rage", SD__L_BLOCK, 0},
    {"fits of anger", SD__L_BLOCK, 0}, {"fit of anger", SD__L_BLOCK, 0},
    {"fits of laughter", SD__L_BLOCK, 0}, {"legs became restless", SD__L_BLOCK, 0},
    {"restless jaw", SD__L_BLOCK, 0}, {"jittery legs", SD__L_BLOCK, 0},
    {"restless legs", SD__L_BLOCK, 0}, {"restless leg", SD__L_BLOCK, 0},
    {"restless leg syndrome", SD__L_BLOCK, 0},
    {"restless legs syndrome", SD__L_BLOCK, 0},
    {"restless sleep", SD__L_BLOCK, 0}, {"restless night", SD__L_BLOCK, 0},
    {"restless nights", SD__L_BLOCK, 0}, {"fever blister", SD__L_BLOCK, 0},
    {"fever blisters", SD__L_BLOCK, 0}, {"emotionally numb", SD__L_BLOCK, 0},
    {"emotional numbness", SD__L_BLOCK, 0}, {"stiff neck", SD__L_BLOCK, 0},
    {"neck stiffness", SD__L_BLOCK, 0}, {"anti depressant", SD__L_BLOCK, 0},
    {"anti depressants", SD__L_BLOCK, 0}, {"antidepressant", SD__L_BLOCK, 0},
    {"antidepressants", SD__L_BLOCK, 0}, {"anti depressent", SD__L_BLOCK, 0},
    {"brain zaps", SD__L_BLOCK, 0}, {"brain zap", SD__L_BLOCK, 0},
    {"brain shivers", SD__L_BLOCK, 0}, {"stomach cramps", SD__L_BLOCK, 0},
    {"stomach cramping", SD__L_BLOCK, 0}, {"abdominal cramps", SD__L_BLOCK, 0},
    {"abdominal cramping", SD__L_BLOCK, 0}, {"ocular migraine", SD__L_BLOCK, 0},
    {"ocular migraines", SD__L_BLOCK, 0},
    {NULL, 0, 0}
};

/* Common words: recognised as "not a symptom", never reported as
** unrecognised. Words that describe a body or a feeling are left out on
** purpose, so that "my toe hurts" is reported as not understood. */
const char sd__lang_en_common[] =
    "a about above after again against all almost along already also always "
    "am among an and another any anymore anyone anything are around as ask "
    "asked at away back be became because become been before began being "
    "believe below better between both bring brought by came can cannot "
    "cant come comes coming could couldnt day days did didnt do does doing "
    "done down during each early either else enough especially even evening "
    "ever every everything feel feeling feels felt few first for found from "
    "get gets getting give given go goes going got gotten had has have "
    "having he her here hers herself him himself his how if in into is it "
    "its itself just keep keeps kept know last late lately later least less "
    "let like likely little lot lots made make makes many may maybe me "
    "mean meant med meds medicine medication medications might mine mg "
    "milligrams mine more morning most mostly much must my myself need "
    "needed needs new next night nights noon now of often ok okay on once "
    "one only onto or other others our ours ourselves out over own past "
    "per perhaps pill pills tablet tablets capsule please prescribed "
    "prescription probably put quite rather right said same say saying says "
    "see seem seemed seems seen she should since some somehow someone "
    "something sometimes soon started starting still such sure take taken "
    "takes taking tell than that thats the their theirs them themselves "
    "then there these they thing think this those through thru time times "
    "to together tomorrow took toward towards tried try trying twice under "
    "until up upon us use used using usual usually want wanted was way we "
    "week weeks well went were what whatever when whenever where whether "
    "which while who whole whom whose why will with within woke wake waking "
    "would wouldnt year years yes you your yours yourself am pm a.m p.m "
    "dose doses dosage doctor doctors dr nurse pharmacist prescriber am "
    "hello hi help thanks thank dear since started start begin began "
    "husband wife son daughter mom mum dad mother father partner friend "
    "he she they him her them also hes shes theyre were weve youre its "
    "afternoon evening morning mornings night nights daytime bedtime "
    "lately recently suddenly slowly quickly again twice once sometimes "
    "happen happened happening happens notice noticed noticing seem "
    "having been experiencing experience experienced getting get got "
    "after before during since while when then now still yet already "
    "about around because though although however also even just only "
    "really quite pretty rather bit lot lots much many more most some "
    "any every each both either neither other another such same own "
    "being kind sort type like things stuff way ways whole part parts "
    "easily nothing fine good great okay alright normal "
    "checking check checked checks update updates updated food meal meals "
    "breakfast lunch dinner supper snack snacks water tea coffee juice milk "
    "cup glass question questions answer answers work working worked job "
    "office shift drive driving drove car bus train weekend weekends todays "
    "tonights monday tuesday wednesday thursday friday saturday sunday home "
    "house shop shopping store pharmacy chemist appointment appointments "
    "visit visited visiting clinic refill refills box bottle pack packet "
    "label instructions plan plans planned planning schedule step steps "
    "reminder reminders diary log logged logging note notes app phone call "
    "called calling message messages email text texted reply replied wrote "
    "write read reading midnight minute minutes second seconds daily weekly "
    "monthly routine regular regularly exactly roughly approximately "
    "sometime nice lovely busy quiet anyway kids children child baby "
    "grandchildren grandson granddaughter brother sister friends neighbour "
    "neighbor carer caregiver family dog cat pet garden gardening cooking "
    "cooked cleaning cleaned shower watching watched tv television movie "
    "film music church holiday vacation trip travel travelling traveling "
    "weather rain sunny eat eating ate eaten cook left leave stay stayed "
    "remember remembered wonder wondering wondered hope hoping hoped told "
    "talk talked bought buy picked pick collect collected order ordered "
    "arrived arrive third half quarter gp asking "
    "able abroad absolutely account across actually add added adding address "
    "adult advice advise advised afterward agree agreed ah ahead airport aka "
    "allow allowed alongside alternative amazing amongst anniversary annual "
    "annually anybody anyhow anytime anywhere apartment apologies apologise "
    "apologize appeared appears apple applied apply appreciate appreciated "
    "apr april area arrange arranged arrangement arranging arriving asap "
    "attend attended aug august aunt automatic autumn available average "
    "awesome bacon bag bake baked banana bank basically batch bath battery "
    "beach beans beautiful beef beforehand beginning behind beneath berries "
    "beside best beyond bicycle bike bill bingo birthday biscuit boat book "
    "booked booking borrow borrowed boss bowl brand branded bread brilliant "
    "bringing btw buddy build built burger butter buying cafe cake calendar "
    "candy cappuccino card career celebrate celebrated cereal certain "
    "certainly charge charged charger charging charity chart chat chatted "
    "cheap cheers cheese chicken chips chocolate choice choose chose chosen "
    "christmas cinema city class clean click clicked clock clothes coat "
    "cocoa colleague college common commute compare compared completely "
    "concert confirm confirmation confirmed confirming consider considered "
    "consultant contact contacted contacting contain contained cookie copy "
    "correct cost costing country cousin coworker cream create created "
    "crossword current curry date dawn deadline dec decade decaf december "
    "decide decided deciding decision definitely deliver delivered describe "
    "described desk despite dessert detail device difference different "
    "digital dinnertime discuss discussed discussion dishes disposal dispose "
    "dissolve dissolved dissolving document door download downloaded driven "
    "driveway dusk earlier earn earned easier easiest easter easy eg egg "
    "eighth electronic emailed emailing english enquiry erm espresso etc "
    "eventually everybody exact exam excellent exercise expect expected "
    "expensive expiration expire expired expiry explain explained explaining "
    "explanation fab fantastic feb february ferry festival fiance fiancee "
    "fifth file fill filled filling final finally fish fix fixing flight "
    "flowers folks football fork form former formerly formulation fortnight "
    "fortnightly fourth freezer fridge fries fruit fully furthermore future "
    "fyi game garage general generally generic golf google googled gorgeous "
    "grandfather grandmother granny grapefruit grapes grass greetings "
    "groceries guess guessed guy gym hadnt haha halves handbag hed hehe "
    "helped helpful helping hence hey hire hired hiya hmm homework honestly "
    "honey hopefully hotel hourly icecream idea idk ie imo important include "
    "included including indeed info inform information informed initially "
    "inquiry inside install installed insurance interesting interview invite "
    "invited itll jacket jam jan january join joined journey jul july jun "
    "june kettle key kitchen kk knew knit knitted known lady laptop lasted "
    "latest latte laundry lawn learn learned learning learnt leaving "
    "leftover lemon lemonade lend lent lesson library liked lime limit link "
    "liquid listen listened listening literally lived lives lmk local login "
    "lol long longer longest luggage lunchtime magazine mail main mainly "
    "mall manager manual mar march market match mate matter max maximum "
    "meantime meanwhile meat meet meeting mention messaged messaging met "
    "microwave midday minimum minus mobile moment money moreover mosque mug "
    "mustnt nah nana national near nearby necessary neednt neurologist newer "
    "newest newspaper nightly ninth nope normally nov novel november "
    "nowadays nowhere number oatmeal obvious occasionally oct october offer "
    "offered oh okey okie older oldest online option orange ordering "
    "organise organised organize organized original originally otherwise "
    "ought outside oven overseas overtime owned package packaging page paid "
    "paint painted pair paper paperwork parcel parent park parked parking "
    "particular particularly partly party passport password pasta pay paying "
    "payment peanut pension percent percentage perfect phoned phoning photo "
    "physio physiotherapist physiotherapy picture piece pizza plane plant "
    "planted plate play played playing pleasant pls plug plugged plus plz "
    "podcast pork porridge possible possibly post posted posting potato "
    "precise prefer preferred prepare prepared present presently previous "
    "price print printed printing private problem project promise promised "
    "provide provided ps public puppy puzzle query quick quiz rainy rare "
    "rarely re ready receive received receiving recent receptionist "
    "recommend recommendation recommended record recorded recording refer "
    "referral referred regarding regardless regards register registered "
    "remain remained remaining remind reminded rent rented repair repaired "
    "replace replaced replacement replacing report reported reporting "
    "request requested require required research reserve restaurant result "
    "retired retirement return review reviewed rice ride riding rode rota "
    "salad salary salt sandwich sang save saved school scored search "
    "searched season seldom sell send sent sep separate sept september "
    "seriously serve service serviced set setting seventh share shared "
    "sharing shed shirt shoes shopped short shorter shouldnt show showed "
    "showing shown similar simple simply sincerely sing single sixth small "
    "smaller smoothie snow snowy soccer soda sold solution someplace "
    "somewhere soup special specialist specific specifically spend spending "
    "spent split splitting sport spring standard staying stock storage "
    "stored storing storm story strawberries studied study studying sugar "
    "suggest suggested suggesting suggestion suitcase summer superb "
    "supermarket supplied supply swap swapped sweets syrup table takeaway "
    "taught taxi tbh teach teacher team teatime telling temple tennis tenth "
    "test tested testing thanked thankyou thanx thatll theater theatre "
    "therapist therapy therefore theyd theyll theyve thus thx ticket tidied "
    "tidy till tip toast totally town track tracked tracking traveled "
    "travelled ty typed typical typically tyvm uber uh um umbrella uncle "
    "underneath uni university unless unlike unlikely unnecessary upload "
    "uploaded useful vacuum various veg vegetables version versus via video "
    "village volunteer volunteering vs wallet wash washed washing website "
    "wed wedding weekday welcome wherever whichever whilst whoever wifi "
    "window windy winter wishes woman women won wonderful world wow xx xxx "
    "ya yard yay yea yeah yearly yep yoga yoghurt yogurt youd youll youve "
    "yup tests addictive alps altitude asks bakery bathroom cabinet carry "
    "cheaper colour color drawer fasting flu jab grandkids hiking iftar "
    "interact interacts interaction interactions issue letting limber "
    "managed married mentioning moved nhs organiser organizer q ramadan "
    "repeat river road scotland seaside spain steamy suhoor swimming tabs "
    "tds u warehouse writing x stable pt look boots history";

/* Words that make a symptom phrase itself severe: "so sleepy", "can't
** stay awake". Checked as whole words inside a matched phrase. */
const char *const sd__lang_en_severe_inside[] = {
    "so", "very", "really", "extremely", "severe", "severely", "terrible",
    "awful", "unbearable", "cant stay awake", "cannot stay awake",
    "cant keep my eyes open", "splitting", "excruciating", "cant walk",
    "wiped out", "bedridden", "cant get out of bed", NULL
};

/*
** triage_rules.c: the triage rules, in one table.
**
** Each rule has an id, the rule in words, the level it asks for, the
** advice it gives and where the rule comes from. Facts (onset windows,
** maxima, kidney bands, label statements) are not written here: the
** engine (triage.c) looks them up in the monograph by the section and
** topic named in the rule, so each reason cites the monograph's sources.
**
** Advice may contain "{drug}", replaced by the monograph's drug name.
*/
#include "triage_int.h"

#define POLICY_DISP "PRODUCT.md: dispositions (highest wins; the seed's " \
                    "serious list is never below call-now)"
#define POLICY_WD "PRODUCT.md: withdrawal during a taper means do not " \
                  "stop, do not cut further, call today, return to the " \
                  "last tolerated dose"
#define POLICY_RED "PRODUCT.md: a seizure, trouble breathing, " \
                   "unresponsiveness, or high fever with rigidity after a " \
                   "dose cut or an intrathecal interruption is an emergency"
#define POLICY_UNSURE "PRODUCT.md: when unsure, the checker escalates; it " \
                      "never stays silent about words it did not understand"
#define POLICY_STEPDOWN "stepdown triage policy (docs/TRIAGE.md)"
#define POLICY_IT "PRODUCT.md: on the intrathecal route, itching without a " \
                  "rash, returning spasticity or a fever can be pump " \
                  "withdrawal even when no interruption is known: " \
                  "call-now, and an emergency with fever or confusion"
#define POLICY_OD "PRODUCT.md: taking more than prescribed risks overdose " \
                  "(coma, slowed breathing, seizures); fact sheet 6: " \
                  "coma and seizures from 200 mg (Leung 2006); stepdown " \
                  "triage policy: the amounts in the rule"
#define POLICY_NEWBORN "fact sheet 7: neonatal withdrawal (increased " \
                       "tone, tremor, jitteriness, seizures) hours to days " \
                       "after birth; taper before delivery"

#define POLICY_RED_LIST "PRODUCT.md: also emergencies (thoughts of ending " \
                        "one's life, a child or anyone else who swallowed " \
                        "the drug, blue or grey lips, swelling of the lips " \
                        "or tongue, someone who cannot be woken, a seizure " \
                        "still going on)"

#define WITHDRAWAL_ADVICE                                                  \
    "This can be withdrawal. Do not stop {drug} and do not cut the dose "  \
    "further. Call your prescriber today: the usual step is to go back "   \
    "to the last tolerated dose (the dose before the cut) and come down "  \
    "more slowly later, as your plan or prescriber says."

const struct sd__rule sd__rules[SD__R_COUNT] = {
    [SD__R_CONCEPT] = {
        "concept-level",
        "Each recognised symptom starts at the level the monograph gives "
        "it as a side effect.",
        -1, 0, NULL, NULL, NULL, POLICY_DISP},
    [SD__R_SERIOUS] = {
        "serious-floor",
        "A symptom of the serious tier (the seed's list: seizures, "
        "confusion, hallucinations, irregular heartbeat, and the other "
        "serious ones) is never below call-now.",
        SD_DISP_CALL_NOW, 0, NULL, NULL, NULL, POLICY_DISP},
    [SD__R_ESCALATE] = {
        "self-care-escalate",
        "A self-care symptom that is severe, getting worse or lasting goes "
        "to contact-soon.",
        SD_DISP_CONTACT_SOON, 0,
        "Tell your prescriber within a few days.",
        NULL, NULL, POLICY_STEPDOWN},
    [SD__R_SEVERE_SEDATION] = {
        "severe-overdose-sign",
        "An overdose sign (such as drowsiness or dizziness) that is severe "
        "goes to call-today.",
        SD_DISP_CALL_TODAY, 0,
        "Call your prescriber today. Do not drive, do not drink alcohol, "
        "and do not take another dose until you have spoken to them. If "
        "you cannot be woken easily or breathe slowly, someone must call "
        "emergency services.",
        "overdose", "label signs", POLICY_STEPDOWN},
    [SD__R_WITHDRAWAL] = {
        "withdrawal-window",
        "A withdrawal sign within the onset window after a dose cut, a "
        "stop, missed doses or a pump problem (or with no time given) is "
        "explained as withdrawal and is at least call-today.",
        SD_DISP_CALL_TODAY, SD_EXPL_WITHDRAWAL, WITHDRAWAL_ADVICE,
        "withdrawal", "after a too-fast taper", POLICY_WD},
    [SD__R_WITHDRAWAL_LATE] = {
        "withdrawal-outside-window",
        "A withdrawal sign that began after the onset window of the last "
        "dose change is less likely to be withdrawal; the symptom keeps "
        "its own level.",
        SD_DISP_INFO, 0,
        "Tell your prescriber about the dose change when you call.",
        NULL, NULL, POLICY_STEPDOWN},
    [SD__R_WITHDRAWAL_RED] = {
        "withdrawal-red-flag",
        "A seizure, trouble breathing, unresponsiveness, or high fever "
        "with rigidity after a dose cut, a stop, missed doses or an "
        "intrathecal interruption is an emergency.",
        SD_DISP_EMERGENCY, SD_EXPL_WITHDRAWAL,
        "Call emergency services now. Tell them the person takes {drug} "
        "and that the dose was cut, stopped or missed, or that the pump "
        "may have failed. Take the medicine box or pump card with you.",
        "withdrawal", "oral", POLICY_RED},
    [SD__R_IT_WITHDRAWAL] = {
        "intrathecal-withdrawal",
        "With an intrathecal pump, a withdrawal sign after an "
        "interruption or a pump alarm is at least call-now: intrathecal "
        "withdrawal can advance to organ failure and death.",
        SD_DISP_CALL_NOW, SD_EXPL_WITHDRAWAL,
        "Call your pump team or prescriber now; if you cannot reach them, "
        "go to urgent care. Say you have a {drug} pump and may be in "
        "withdrawal. Oral {drug} may not control intrathecal withdrawal.",
        "withdrawal", "intrathecal (boxed warning)", POLICY_RED},
    [SD__R_IT_RED] = {
        "intrathecal-red-flag",
        "With an intrathecal pump, fever, confusion, hallucinations, "
        "rigidity or a seizure after an interruption or a pump alarm is "
        "an emergency.",
        SD_DISP_EMERGENCY, SD_EXPL_WITHDRAWAL,
        "Call emergency services now. Say the person has a {drug} pump "
        "and may be in withdrawal; take the pump card with you.",
        "withdrawal", "intrathecal (boxed warning)", POLICY_RED},
    [SD__R_OVERDOSE] = {
        "overdose-picture",
        "An overdose sign with a daily dose above the label maximum or "
        "after taking extra is explained as overdose and is at least "
        "call-now.",
        SD_DISP_CALL_NOW, SD_EXPL_OVERDOSE,
        "Call your prescriber now; if you cannot reach them, go to urgent "
        "care or call a poison centre. Take no more {drug} until you have "
        "spoken to them. Someone should stay with you.",
        "overdose", "label signs", POLICY_STEPDOWN},
    [SD__R_OVERDOSE_RED] = {
        "overdose-red-flag",
        "A seizure, slow breathing or unresponsiveness with an overdose "
        "picture is an emergency.",
        SD_DISP_EMERGENCY, SD_EXPL_OVERDOSE,
        "Call emergency services now and say how much {drug} was taken. "
        "Put an unresponsive person on their side.",
        "overdose", "label signs", POLICY_RED},
    [SD__R_INCREASE] = {
        "dose-increase",
        "An overdose sign within a week of a dose increase (or with no "
        "time given) is explained as a dose effect and is at least "
        "call-today.",
        SD_DISP_CALL_TODAY, SD_EXPL_OVERDOSE,
        "Call your prescriber today: the new dose may be too high for "
        "you. Do not drive or drink alcohol meanwhile.",
        "overdose", "label signs", POLICY_STEPDOWN},
    [SD__R_KIDNEY] = {
        "kidney-toxicity",
        "An overdose or toxicity sign with reduced kidney function is "
        "explained as toxicity: contact-soon for a mild reduction, "
        "call-today for a moderate one, call-now below the avoid "
        "threshold or on dialysis.",
        -1, SD_EXPL_TOXICITY,
        "With weak kidneys, {drug} builds up and ordinary doses can become "
        "toxic. Tell your prescriber about your kidney function and this "
        "symptom; do not take extra doses.",
        "kidney", "presentation", POLICY_STEPDOWN},
    [SD__R_SEDATIVES] = {
        "sedative-interaction",
        "An overdose sign (drowsiness, dizziness, confusion, ...) together "
        "with alcohol or another sedative is explained as an interaction "
        "and is at least call-today.",
        SD_DISP_CALL_TODAY, SD_EXPL_INTERACTION,
        "Drink no more alcohol and take no other sedative, do not drive, "
        "and do not stay alone. Call your prescriber today. If breathing "
        "is slow or the person is hard to wake, call emergency services.",
        "interactions", "alcohol and CNS depressants", POLICY_STEPDOWN},
    [SD__R_ELDERLY] = {
        "older-adult",
        "From age 65, an overdose sign is at least contact-soon: adverse "
        "reactions are more frequent in older people.",
        SD_DISP_CONTACT_SOON, 0,
        "Tell your prescriber within a few days; take care to avoid "
        "falls.",
        "populations", "elderly", POLICY_STEPDOWN},
    [SD__R_STOPPED] = {
        "abrupt-stop",
        "Stopping or running out without symptoms yet is call-today: "
        "after extended use the drug must come down gradually.",
        SD_DISP_CALL_TODAY, 0,
        "Do not stop {drug} abruptly. Call your prescriber today about "
        "restarting or a gradual taper, and watch for withdrawal signs "
        "(seeing things, fever, stiffness, agitation, seizures) over the "
        "next 3 days.",
        "withdrawal", "oral", POLICY_WD},
    [SD__R_PUMP] = {
        "pump-alarm",
        "A pump alarm or a pump problem without symptoms is call-today.",
        SD_DISP_CALL_TODAY, 0,
        "Call your pump team today; do not let the reservoir run empty. "
        "Fever, itching, returning stiffness or confusion mean call "
        "immediately.",
        "withdrawal", "intrathecal (boxed warning)", POLICY_STEPDOWN},
    [SD__R_EXTRA] = {
        "extra-dose",
        "Taking more than prescribed, even without symptoms, is "
        "call-today.",
        SD_DISP_CALL_TODAY, 0,
        "Call your prescriber today and take no more than prescribed. If "
        "drowsiness, slow breathing or confusion appear, call emergency "
        "services.",
        "misuse", "euphoria", POLICY_STEPDOWN},
    [SD__R_UNRECOGNISED] = {
        "unrecognised-words",
        "When no symptom is recognised but the text has words the checker "
        "does not know, the answer is contact-soon, never silence.",
        SD_DISP_CONTACT_SOON, 0,
        "stepdown did not recognise a symptom in these words. Tell your "
        "prescriber within a few days; if you feel very unwell, call them "
        "now.",
        NULL, NULL, POLICY_UNSURE},
    [SD__R_UNRECOGNISED_EXTRA] = {
        "unrecognised-words-noted",
        "Words the checker did not recognise are listed next to what it "
        "did recognise; they do not lower the answer.",
        SD_DISP_INFO, 0,
        "If these words describe another symptom, tell your prescriber; "
        "this answer does not cover them.",
        NULL, NULL, POLICY_UNSURE},
    [SD__R_NOTHING] = {
        "nothing-reported",
        "A text that reports no symptom (for example, only negated ones) "
        "needs no action.",
        SD_DISP_INFO, 0,
        "Nothing here needs action. Check again if a symptom appears.",
        NULL, NULL, POLICY_STEPDOWN},
    [SD__R_FRAME] = {
        "red-flag",
        "A red flag recognised from its parts in the patient's own words "
        "or from a measurement (the frames of docs/TRIAGE.md) asks for the "
        "level its frame gives.",
        -1, 0,
        "This is a red flag. Act on it now as the answer says; do not wait "
        "to see if it passes.",
        NULL, NULL, POLICY_RED_LIST},
    [SD__R_ONGOING] = {
        "red-flag-ongoing",
        "A seizure, trouble breathing or unresponsiveness that is going on "
        "now, lasts minutes or repeats is an emergency.",
        SD_DISP_EMERGENCY, 0,
        "Call emergency services now. During a fit, move things away, do "
        "not hold the person down and put nothing in the mouth; once it "
        "stops, turn them on their side. Say they take {drug}.",
        NULL, NULL, POLICY_RED_LIST},
    [SD__R_NOT_CURRENT] = {
        "not-current",
        "A symptom named only in the past (\"years ago\", \"on another "
        "drug\") or in a question or a \"what if\" is not counted as "
        "happening now; the answer asks whether it is.",
        SD_DISP_INFO, 0,
        "If this is happening now, answer the question below or check "
        "again in your own words: the answer will change.",
        NULL, NULL, POLICY_STEPDOWN},
    [SD__R_IT_POSSIBLE] = {
        "intrathecal-possible-withdrawal",
        "On the intrathecal route, itching without a rash, returning "
        "spasticity, fever or another withdrawal sign can be pump "
        "withdrawal even when no interruption is known (a catheter or pump "
        "fault the patient cannot see): call-now.",
        SD_DISP_CALL_NOW, SD_EXPL_WITHDRAWAL,
        "Call your pump team or prescriber now; if you cannot reach them, "
        "go to urgent care. Say you have a {drug} pump: the catheter or "
        "pump may have failed even if no alarm sounded.",
        "withdrawal", "intrathecal (boxed warning)", POLICY_IT},
    [SD__R_IT_POSSIBLE_RED] = {
        "intrathecal-possible-withdrawal-red-flag",
        "On the intrathecal route, fever or an altered mental state "
        "(confusion, hallucinations, drowsiness hard to wake from, a "
        "seizure) is an emergency even when no interruption is known.",
        SD_DISP_EMERGENCY, SD_EXPL_WITHDRAWAL,
        "Call emergency services now. Say the person has a {drug} pump and "
        "may be in withdrawal; take the pump card with you.",
        "withdrawal", "intrathecal (boxed warning)", POLICY_IT},
    [SD__R_PUMP_CRITICAL] = {
        "pump-critical-alarm",
        "A pump that has stopped or gives its critical (two-tone) alarm, "
        "unlike the low-reservoir beep, is call-now: the drug may no "
        "longer be delivered.",
        SD_DISP_CALL_NOW, 0,
        "Call your pump team now; if you cannot reach them, go to urgent "
        "care with your pump card. Watch for itching, returning "
        "stiffness, fever or confusion: then call emergency services.",
        "withdrawal", "intrathecal (boxed warning)", POLICY_IT},
    [SD__R_OVERDOSE_AMOUNT] = {
        "overdose-amount",
        "How much was taken sets a floor even before symptoms: \"I "
        "overdosed\" or 3 to 9 extra tablets is call-now; a large amount "
        "(the whole bottle, strip or week's supply, a handful, 10 tablets "
        "or more) is an emergency.",
        -1, SD_EXPL_OVERDOSE,
        "Call a poison centre or emergency services now and say how much "
        "{drug} was taken and when. Do not wait for symptoms: drowsiness, "
        "slow breathing and coma can come hours later. Someone should stay "
        "with the person.",
        "overdose", "label signs", POLICY_OD},
    [SD__R_NEWBORN_RED] = {
        "newborn-red-flag",
        "A newborn with signs of withdrawal who has a fit, trouble "
        "breathing, blue lips or cannot be woken is an emergency.",
        SD_DISP_EMERGENCY, 0,
        "Call emergency services now. Say the mother took {drug} during "
        "pregnancy or while breastfeeding.",
        NULL, NULL, POLICY_NEWBORN},
    [SD__R_PREGNANCY] = {
        "pregnancy",
        "Pregnancy or breastfeeding on the drug is at least contact-soon: "
        "the newborn can have withdrawal (tremor, jitteriness, stiffness, "
        "seizures), and a taper is planned with the prescriber.",
        SD_DISP_CONTACT_SOON, 0,
        "Tell your prescriber within a few days; do not stop {drug} on your "
        "own. Tell the team who will deliver the baby that you take it.",
        "populations", "pregnancy", POLICY_NEWBORN},
    [SD__R_UNRECOGNISED_CHANGE] = {
        "unrecognised-after-change",
        "Words the checker does not understand, soon after a dose cut, a "
        "stop, missed doses, an increase, extra doses or on a pump, are at "
        "least call-today: the safe side when withdrawal or overdose is "
        "possible.",
        SD_DISP_CALL_TODAY, 0,
        "stepdown did not understand all of this, and the dose changed "
        "recently. Call your prescriber today; answer the questions below, "
        "and call emergency services for any red flag.",
        NULL, NULL, POLICY_UNSURE},
    [SD__R_KIDNEY_CONTEXT] = {
        "kidney-context",
        "Kidney failure or dialysis on the drug, even without a symptom, is "
        "contact-soon: below the avoid threshold the drug builds up.",
        SD_DISP_CONTACT_SOON, 0,
        "Tell your prescriber within a few days that your kidneys are "
        "failing or that you are on dialysis: the dose may need to change.",
        "kidney", "presentation", POLICY_STEPDOWN},
    [SD__R_ALCOHOL_WD] = {
        "alcohol-withdrawal",
        "Withdrawal signs (shaking, sweating, agitation, anxiety, sleepless "
        "nights, seeing things) after stopping alcohol are at least "
        "call-today: alcohol withdrawal looks like the drug's withdrawal and "
        "can lead to seizures.",
        SD_DISP_CALL_TODAY, SD_EXPL_WITHDRAWAL,
        "These can be alcohol withdrawal, or {drug} withdrawal if doses "
        "were missed: the two look alike. Call your prescriber today; do "
        "not change your {drug} dose and do not drink to calm it. A fit, "
        "confusion or seeing things: call emergency services.",
        NULL, NULL, "PRODUCT.md: withdrawal looks like alcohol withdrawal, "
        "which matters for the patients who take it for alcohol use "
        "disorder; fact sheet 8 (CIWA-Ar items); stepdown triage policy: "
        "call-today"},
    [SD__R_UNCLEAR] = {
        "red-flag-unclear",
        "A red-flag word (breathing, waking, a fit, dying, the chest, "
        "voices) that the reader could not place, in a message with words "
        "it did not understand, is at least call-now until the question "
        "rules it out.",
        -1, 0,
        "stepdown could not tell whether this is a red flag. Answer the "
        "question below; if you cannot, call your prescriber now, and "
        "emergency services if the person is hard to wake, breathing badly "
        "or fitting.",
        NULL, NULL, POLICY_UNSURE},
    [SD__R_ANSWER] = {
        "answer",
        "A worrying answer to one of the checker's red-flag questions asks "
        "for that question's level.",
        -1, 0, NULL, NULL, NULL, POLICY_RED_LIST},
};

/* Concept ids the red-flag rules name (shared vocabulary between the
** rules and the monographs: docs/TRIAGE.md). */
const char *const sd__red_withdrawal[] = {
    "seizure", "dyspnea", "respiratory-depression", "unresponsive", NULL};
const char *const sd__red_it[] = {
    "fever", "confusion", "hallucinations", "rigidity", "seizure",
    "encephalopathy", "delusions", "unresponsive", "respiratory-depression",
    "dyspnea", NULL};
const char *const sd__red_overdose[] = {
    "seizure", "respiratory-depression", "unresponsive", NULL};
const char *const sd__red_pair[2] = {"fever", "rigidity"};
const char *const sd__red_ongoing[] = {
    "seizure", "dyspnea", "respiratory-depression", "unresponsive", NULL};
/* Intrathecal withdrawal without a known interruption (PRODUCT.md). */
const char *const sd__it_early[] = {
    "itching", "rebound-spasticity", "fever", "piloerection", "rigidity",
    "tachycardia", "labile-bp", NULL};
const char *const sd__it_grave[] = {
    "fever", "confusion", "hallucinations", "delusions", "encephalopathy",
    "unresponsive", "seizure", "respiratory-depression", NULL};
/* With a real overdose (alcohol or sedatives, or more than one extra
** dose), signs of a depressed brain are an emergency too. */
const char *const sd__red_overdose_cns[] = {
    "seizure", "respiratory-depression", "unresponsive", "confusion",
    "slurred-speech", "hypotonia", "encephalopathy", "dyspnea", NULL};

/* ---- Questions ----
**
** Asked when the checker is not sure: the message has words it did not
** understand, a red flag is named only in the past, in a question or a
** "what if", or the context makes a red flag likely (a cut, a stop, a
** pump). Each is one of the red flags PRODUCT.md lists as an emergency
** or a call-now; a worrying answer (--answer ID=yes|no, "answers" in the
** API) raises the disposition to the question's level. No answer never
** lowers anything. */
const sd_question sd__questions[] = {
    {"can-wake", "Can they be woken up, and do they answer you normally?",
     0, SD_DISP_EMERGENCY, "someone who cannot be woken", POLICY_RED_LIST},
    {"breathing-normal", "Are they breathing normally (not slow, shallow, "
     "noisy or gasping)?", 0, SD_DISP_EMERGENCY, "trouble breathing",
     POLICY_RED},
    {"lips-blue", "Are the lips or face blue or grey?", 1,
     SD_DISP_EMERGENCY, "blue or grey lips", POLICY_RED_LIST},
    {"fit-now", "Is a fit (seizure) going on now, or has there been more "
     "than one?", 1, SD_DISP_EMERGENCY, "a seizure still going on",
     POLICY_RED_LIST},
    {"self-harm", "Are there any thoughts of harming yourself or of ending "
     "your life?", 1, SD_DISP_EMERGENCY, "thoughts of ending one's life",
     POLICY_RED_LIST},
    {"swallowed-other", "Has a child or anyone else swallowed some of the "
     "medicine?", 1, SD_DISP_EMERGENCY,
     "a child or anyone else who swallowed the drug", POLICY_RED_LIST},
    {"swelling", "Are the lips, tongue or throat swelling?", 1,
     SD_DISP_EMERGENCY, "swelling of the lips or tongue", POLICY_RED_LIST},
    {"confused", "Are they confused, or seeing or hearing things that are "
     "not there?", 1, SD_DISP_CALL_NOW,
     "confusion and hallucinations (the seed's serious list)", POLICY_DISP},
    {"took-extra", "Has more than the prescribed dose been taken?", 1,
     SD_DISP_CALL_NOW, "an overdose", POLICY_STEPDOWN},
    {"high-fever", "Is the temperature 38 °C (100.4 °F) or higher, with "
     "stiff muscles?", 1, SD_DISP_EMERGENCY,
     "high fever with rigidity after a dose cut", POLICY_RED},
    {NULL, NULL, 0, 0, NULL, NULL}
};

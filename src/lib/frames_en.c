/*
** frames_en.c: the red-flag frames, in English, in one table.
**
** Telephone triage asks about the emergencies first. A patient or a carer
** rarely names them with a clinical word: they write "can't wake him
** properly", "breathing slow and shallow", "lips going grey", "he's
** fitting", "seeing people in the room that aren't there", "my 2 year old
** got into my tablets". A frame recognises such a red flag from its parts:
** a sequence of word classes, each within a few words of the one before,
** in one clause (a comma or a full stop ends it). The words of each class
** are listed below with their inflections and common misspellings.
**
** Each frame names the red flag, the monograph concept it is (when the
** monograph has one: then the finding goes through the same rules as the
** word would), the level it asks for by itself, the question that rules
** it in or out when it is not current, and the source of that level.
** Negation, the past and "what if" apply to frames as to words
** (lexicon.c). docs/TRIAGE.md prints this table.
*/
#include "lexicon_int.h"
#include "triage_int.h"

/* ---- word classes ---- */

const struct sd__wclass sd__wclasses[] = {
    {W_NEG, "cant cannot couldnt wont not unable didnt doesnt isnt wasnt "
            "arent werent dont aint no nothing never hasnt havent cnt carnt"},
    {W_HARD, "hard difficult difficulty trouble struggling struggle "
             "struggled struggles impossible fighting tough"},
    {W_BARELY, "barely hardly scarcely"},
    {W_WAKE, "wake waking woke woken wakes awaken rouse rousing roused "
             "rouseable rousable arouse arousing aroused stir stirring"},
    {W_RESPOND, "respond responding responds responded responsive answer "
                "answering answers answered reply replying react reacting "
                "reacts response"},
    {W_COME, "come coming came"},
    {W_ROUND, "round around to"},
    {W_BREATHE, "breathe breathing breath breaths breathin brething "
                "breathig breth breathes breathed respiration respirations "
                "breating"},
    {W_BREATH_BAD, "slow slowly shallow weird weirdly strange strangely "
                   "oddly fast rapid grunting funny noisy rattly "
                   "rattling raspy laboured labored odd irregular gurgling "
                   "gurgly pauses pausing stops stopping stopped snoring "
                   "snorey heavy quiet ragged gasping gasps wheezy "
                   "wheezing agonal slowed"},
    {W_GASP, "gasping gasps choking suffocating suffocation"},
    {W_CHOKED, "choked gasped"},
    {W_CATCH, "catch get getting"},
    {W_BODYCOL, "lips lip face mouth fingers fingertips nails skin tongue "
                "complexion"},
    {W_COLOUR, "blue bluish blueish grey gray greyish grayish purple "
               "purplish dusky ashen"},
    {W_SWELLPART, "lips lip tongue throat face mouth eyes eyelids eye "
                  "cheeks"},
    {W_SWELL, "swelling swollen swelled swell swells puffy puffed "
              "puffing puffs ballooning ballooned thick angioedema balloon "
              "bigger huge fat"},
    {W_THROAT, "throat airway"},
    {W_CLOSING, "closing tight tightening closed narrowing"},
    {W_HIVES, "hives welts wheals urticaria"},
    {W_EVERYWHERE, "everywhere all over covered whole entire spreading "
                   "spread"},
    {W_FIT_NOW, "fitting seizing convulsing"},
    {W_HAVING, "having"},
    {W_FIT, "fit fits seizure seizures siezure siezures convulsion "
            "convulsions seizeure"},
    {W_JERK, "jerking jerks jerked thrashing twitching shaking "
             "convulsed juddering"},
    {W_FLOOR, "floor ground uncontrollably unconscious rhythmically over"},
    {W_RIGID, "rigid stiff stiffened"},
    {W_SEIZED, "seized convulsed fitted"},
    {W_HAD, "had have has having"},
    {W_OPEN, "open opening"},
    {W_ASKING, "asking asks asked"},
    {W_SAME, "same"},
    {W_QUESTION, "question questions thing things"},
    {W_SAYS, "says saying said insists insisting"},
    {W_GONE, "gone going turned turning went looks looking look"},
    {W_ENOUGH, "enough"},
    {W_LIFE, "life living everything"},
    {W_SLEEP, "sleep sleeping"},
    {W_FOREVER, "forever permanently"},
    {W_SOMETHING, "something"},
    {W_STUPID, "stupid silly drastic"},
    {W_OD, "overdosing overdose od"},
    {W_ALLTHINGS, "nothing everything"},
    {W_ANGIO, "angioedema anaphylaxis anaphylactic"},
    {W_EYES, "eyes eye"},
    {W_ROLLED, "rolled rolling rolls"},
    {W_FOAM, "foaming frothing"},
    {W_PERCEIVE, "seeing see sees saw seen hearing hear hears heard "
                 "talking talks talked speaking speaks shouting chatting "
                 "waving pointing watching smelling smell smells tasting"},
    {W_NOBODY, "nobody noone nobodys noones imaginary invisible unreal "
               "nothing"},
    {W_THERE, "there real exist exists home room here"},
    {W_VOICES, "voices voice music whispering whispers name"},
    {W_VISION, "bugs spiders insects snakes ants animals rats mice "
               "shadows faces figures ghosts things creatures worms "
               "children kids men people dead colours colors patterns "
               "lights shapes man woman person"},
    {W_CRAWL, "crawling crawl crawls"},
    {W_PICK, "picking grabbing reaching plucking clutching"},
    {W_AIR, "air nothing"},
    {W_KNOW, "know knows recognise recognize recognising recognizing "
             "recognises recognizes remember"},
    {W_WHERE, "where who me us what his her their day year home wife "
              "husband family"},
    {W_TALK, "talking speaking saying making make makes"},
    {W_NONSENSE, "nonsense gibberish jibberish rubbish sense"},
    {W_THINKS, "thinks thinking convinced insisting insists believes "
               "believing sure"},
    {W_SOMEONE, "someone someones somebody people men man they police everyone "
                "neighbours neighbors strangers carers nurses staff "
                "family"},
    {W_PLOT, "watching following poisoning spying hiding plotting "
             "stealing after loft attic house garden room"},
    {W_MESSAGES, "messages signals"},
    {W_HEART, "heart pulse heartbeat heartrate hr rhythm beat beats"},
    {W_ALL, "all"},
    {W_OVER, "over"},
    {W_PLACE, "place"},
    {W_IRREG, "skipping skips skipped missing misses fluttering flutters "
              "flutter fluttery flip flipping flips jumping erratic jumpy "
              "hopping stopping irregular irregularly stutters stuttering "
              "somersaults somersault backflips"},
    {W_NEARLY, "nearly almost about"},
    {W_FAINT, "fainted faint fainting passed blacked collapsed passing "
              "blacking"},
    {W_CHILD, "toddler baby infant kid kids child children grandchild "
              "grandson granddaughter grandkid grandkids nephew niece "
              "youngster boy girl teenager teen pupil student"},
    {W_SWALLOWED, "swallowed swallow swallowing ate eaten chewed "
                  "chewing chew munching drank"},
    {W_OTHER, "he she they him her them flatmate roommate housemate friend "
              "sitter "
              "hubby husband missus wifey boyfriend girlfriend bf gf "
              "visitor someone somebody pupil brother sister mum mom dad "
              "husband wife partner son daughter toddler kid child "
              "grandson granddaughter nephew niece teenager teen boy girl "
              "babysitter carer grandma grandpa nan grandad"},
    {W_POSS, "my brothers sisters mums moms dads husbands wifes partners "
             "friends grandmas grandads nans fathers mothers sons "
             "daughters"},
    {W_PILL, "pill pills tablet tablets tabs tab meds medicine medication "
             "medications capsule capsules bottle box pack packet strip "
             "blister pillbox"},
    {W_COLLAPSED, "collapsed collapse collapses collapsing"},
    {W_UNCONSCIOUS, "unconscious unresponsive unrousable unarousable "
                    "comatose unrouseable"},
    {W_LETHAL, "lethal"},
    {W_FEEDSETTLE, "feed feeding feeds suck sucking settle settling "
                   "sleep sleeping"},
    {W_POOR, "poor poorly badly"},
    {W_GOT, "got gotten get"},
    {W_INTO, "into"},
    {W_WANT, "want wanted wants wanting wanna wish wished wishing "
             "thinking thoughts planning plan tempted urge urges mind hope "
             "hoping rather"},
    {W_DIE, "die dead dying suicide suicidal"},
    {W_KILL, "kill killing end ending ended finish finishing"},
    {W_MYSELF, "myself himself herself themselves it life"},
    {W_BETTER, "better"},
    {W_HURT, "hurt hurting harm harming cut cutting"},
    {W_SELF, "myself himself herself themselves"},
    {W_OFF, "off"},
    {W_WITHOUT, "without dead gone"},
    {W_LIVE, "live living alive exist existing here carrying"},
    {W_NOPOINT, "point reason"},
    {W_PURPOSE, "purpose deliberately intentionally"},
    {W_TAKE, "take took taken taking swallow swallowed swallowing nicked "
             "stole stolen pinched drank downed necked stealing steals"},
    {W_LUMPS, "lumps bumps blotches welts blotchy"},
    {W_WORTH, "worth"},
    {W_THINGSW, "things everything"},
    {W_GO, "go"},
    {W_ON, "on"},
    {W_SAVING, "saving stockpiling hoarding collecting stashing"},
    {W_SELFW, "self"},
    {W_ALLW, "all whole lot everything"},
    {W_THEM, "them"},
    {W_WHEEZE, "wheezing wheeze wheezy wheezes"},
    {W_HEART_WILD, "crazy mad wild nuts haywire weird funny strange odd "
                   "silly"},
    {W_WEAKP, "weak thready faint"},
    {W_SLOWP, "slow slowly"},
    {W_FASTP, "pounding hammering thumping galloping banging "
              "bounding"},
    {W_AFIB, "afib af ectopics ectopic arrhythmia arrythmia svt"},
    {W_FORGOT, "forgot forgets forgetting forgotten"},
    {W_HOLD, "hold"},
    {W_FOUND, "found caught"},
    {W_HOW, "how"},
    {W_DOIT, "do end kill"},
    {W_ABSENCE, "absence absences"},
    {W_LOT, "lot"},
    {W_NEWBORN, "baby newborn infant neonate babys bub bubba neonatal "
                "newborns babies babe born bubs bubbas"},
    {W_NEONATAL_SIGN, "jittery jitters jittering stiff rigid trembling "
                      "tremors tremor shaking shaky twitching jerking "
                      "crying screaming floppy irritable inconsolable tone "
                      "sleepy tremulous hypertonic hypertonia jumpy trembly "
                      "twitchy startles startling cry limp jerks "
                      "vomiting grunting quivering jerked tight latch tremory "
                      "screams screaming shaking"},
    {W_TWO, "two dual double 2"},
    {W_TONE, "tone tones"},
    {W_CRITICAL, "critical urgent continuous"},
    {W_ALARM, "alarm alarms alarming alert beep beeping beeps siren"},
    {W_PUMP, "pump pumps"},
    {W_FAILED, "stopped failed failing broken dead stall stalled critical "
               "malfunction malfunctioning fault error"},
    {W_MOTOR, "motor"},
    {W_SCREEN, "screen display programmer"},
    {W_HOWMANY, "how many much enough"},
    {W_DIEW, "die dying dead death"},
    {W_ALIVE, "alive"},
    {W_VEHICLE, "driving drive drove jump jumping jumped step stepping walk "
                "walking stand standing"},
    {W_INTOW, "into off front under near"},
    {W_HARMPLACE, "tree wall train bridge traffic bus lorry truck cliff roof "
                  "building edge platform motorway river"},
    {W_SORRY, "sorry goodbye goodbyes"},
    {W_FOREVERYTHING, "everything everyone"},
    {W_NOTE, "note notes letter letters will"},
    {W_WROTE, "written wrote writing sorted"},
    {W_GIVING, "giving gave given give"},
    {W_AWAY, "away"},
    {W_CUTW, "cut cutting scratched scratching slashed slit sliced"},
    {W_WRIST, "wrists wrist arms arm thighs thigh skin"},
    {W_DARK, "dark"},
    {W_THOUGHTSW, "thoughts thought"},
    {W_GOTW, "got have ive"},
    {W_PLANW, "plan"},
    {W_PRESCRIBED, "prescribed"},
    {W_MOUTH, "mouth"},
    {W_MEDIA, "telly tv television radio phone computer cameras camera "
              "internet"},
    {W_MEDIA_BAD, "talking messages signals tapped bugged watching spying "
                  "controlling"},
    {W_PLOT2, "plotting conspiring poisoning spying stealing following "
              "against"},
    {W_SURFACE, "walls wall carpet floor ceiling everything room furniture "
                "things objects"},
    {W_MOVING, "moving breathing wavy melting crawling swirling shifting "
               "rippling"},
    {W_REAL, "real"},
    {W_LOST, "lost"},
    {W_WAYHOME, "own street way home road house"},
    {W_FIND, "find"},
    {W_PAINW, "pain pains pressure tightness ache aching crushing "
              "heaviness hurts hurting squeezing"},
    {W_CHEST, "chest"},
    {W_AWAKE, "awake"},
    {W_ONLY, "only"},
    {W_PET, "dog dogs cat cats puppy kitten pet"},
    {W_BOTTLEW, "bottle bottles litre"},
    {W_SPIRITS, "vodka whisky whiskey gin rum wine cider brandy tequila"},
    {W_RELAPSE, "relapse relapsed binge binged bender"},
    {W_MIGHT, "might may maybe possibly"},
    {W_YEARNUM, "nineteen"},
    {W_ANOTHER, "another someone elses wrong"},
    {W_HADW, "had has got"},
    {W_SELFKILL, "kms unalive"},
    {W_RESPONSIVE, "responsive responds responding rousable reacts"},
    {W_NODDING, "nodding dropping dozing"},
    {W_FELT, "felt feel feeling feels"},
    {W_FAINTW, "faint"},
    {W_MUSCLES, "muscles muscle legs arms body limbs"},
    {W_RIGIDW, "rigid solid locked rock board boards"},
    {W_HOT, "hot feverish"},
    {W_STIFFER, "stiffer tighter"},
    {W_ANIMAL, "dog dogs cat cats bird birds animal animals parrot"},
    {W_MISSINGW, "missing"},
    {W_REFILL, "refill refilled refilling"},
    {W_FORGETFUL, "forgetful forgetfulness"},
    {W_SOMEOF, "one some few couple"},
    {W_OFW, "of"},
    {W_GETUP, "getting get"},
    {W_UPW, "up"},
    {W_STIMULUS, "calling called shouting shouted shaking shook pinching "
                 "pinched loudly"},
    {W_SUICIDEW, "suicide suicidal overdosing selfharm"},
    {W_ACTING, "acting behaving behaviour behavior"},
    {W_STRANGE, "weird strange strangely oddly odd bizarre bizarrely crazy "
                "nuts differently peculiar peculiarly"},
    {W_ACCUSING, "accusing accuses accused"},
    {W_HEADW, "head"},
    {W_IMPOSTER, "imposter impostor"},
    {W_ALLERGIC, "allergic allergy anaphylactic"},
    {W_REACTION, "reaction reacting"},
    {W_EPIPEN, "epipen epi"},
    {W_SWALLOWV, "swallow swallowing"},
    {W_NAS, "abstinence"},
    {W_OUTW, "out"},
    {W_COLD, "cold"},
    {W_INW, "in"},
    {W_ANDW, "and"},
    {W_CONSCIOUS, "conscious consciousness it"},
    {W_AIRW, "air"},
    {W_SEEW, "see"},
    {W_POINTW, "point"},
    {W_ENDSTOP, "end stop over"},
    {W_SPEECH, "speech words talking voice speaking"},
    {W_SLURRY, "slurry slurred slurring garbled jumbled mumbled mumbling "
               "wrong thick muddled funny weird strange odd"},
    {W_EXTRAHINT, "extra more overdose overdosed buzz high mistake accident "
                  "accidentally instead double doubled lot count administered "
                  "ingested approx approximately admits admitted"},
    {W_UNIT_NOT_PILL, "mg ml mcg days day hours hour minutes mins am pm "
                      "times weeks ago oclock years"},
    /* Words that say what a number measures (lexicon.c reads numbers). */
    {W_K_TEMP, "temp temperature t fever febrile pyrexia pyrexial temps tmp "
               "tempreture temprature temperture running spiked spiking"},
    {W_K_HR, "hr pulse bpm heartrate p rate beats heart heartbeat"},
    {W_K_RR, "rr resp resps respiratory respirations breaths breathing"},
    {W_K_SPO2, "spo2 sats sat o2 oxygen saturation saturations saturating "
               "sp02 spo pulseox ox"},
    {W_K_EGFR, "egfr gfr"},
    {W_K_TOOK, "took taken swallowed take had taking administered ingested "
               "approx approximately"},
    {W_K_PILLN, "extra more tablets tablet pills pill tabs tab doses of"},
    {W_OBJ, "him her them he she mum mom dad husband wife son daughter my "
            "his their partner mother father brother sister patient pt"},
    {W_MANY, "several multiple many repeated more another x2 x3 x4 twice "
             "again"},
    {W_MODAL, "can could should does do will would may might shall"},
    {W_NUMWORD, "zero one two three four five six seven eight nine ten "
                "eleven twelve thirteen fourteen fifteen sixteen seventeen "
                "eighteen nineteen twenty thirty forty fifty"},
    {W_SITE, "site wound scar incision catheter"},
    {W_SITE_BAD, "swollen swelling red hot leaking leak oozing pus weeping "
                 "bulging infected"},
    {W_STALL, "stall stalled"},
    {W_STOPPED, "stopped stops"},
    {0, NULL}
};

/* ---- frames ---- */

#define POL_RED "PRODUCT.md: a seizure, trouble breathing, " \
                "unresponsiveness, or high fever with rigidity ... is an " \
                "emergency; also emergencies: ... someone who cannot be " \
                "woken, a seizure still going on"
#define POL_LIST "PRODUCT.md: also emergencies (thoughts of ending one's " \
                 "life, a child or anyone else who swallowed the drug, " \
                 "blue or grey lips, swelling of the lips or tongue, " \
                 "someone who cannot be woken, a seizure still going on)"
#define POL_SEED "PRODUCT.md: the seed's serious list (seizures, " \
                 "confusion, hallucinations, irregular heartbeat) is never " \
                 "below call-now"
#define POL_NEWBORN "fact sheet 7 (pregnancy, neonatal cases): neonatal " \
                    "withdrawal (increased tone, tremor, jitteriness, " \
                    "seizures) hours to days after birth; stepdown triage " \
                    "policy: call-now, an emergency with a seizure or " \
                    "trouble breathing"
#define POL_PUMP "IT boxed warning (fact sheet 5): abrupt interruption of " \
                 "the intrathecal drug can advance to organ failure and " \
                 "death; stepdown triage policy: a pump that has stopped " \
                 "or gives its critical alarm is call-now"
#define POL_PUMP_SITE "stepdown triage policy: a swollen, red, hot or " \
                      "leaking pump or catheter site can mean infection or " \
                      "a catheter leak, which interrupts delivery (IT " \
                      "boxed warning, fact sheet 5): call-now"
#define POL_SEDATION "stepdown triage policy: someone who can hardly be kept " \
                     "awake is at least call-today, and asked whether they " \
                     "can be woken (an emergency if not, PRODUCT.md)"
#define POL_UNCLEAR "PRODUCT.md: when unsure, the checker escalates; a " \
                    "red-flag word that the reader could not place is " \
                    "call-now until the question rules it out (stepdown " \
                    "triage policy)"
#define POL_HIVES "stepdown triage policy: widespread hives can start an " \
                  "allergic reaction; call-now (an emergency with swelling " \
                  "or trouble breathing, PRODUCT.md)"

#define E(c, g) {{(c), 0, 0}, (g)}
#define E2(a, b, g) {{(a), (b), 0}, (g)}
#define E3(a, b, c, g) {{(a), (b), (c)}, (g)}

/* Frames that several word patterns share: what each one is. */
#define I_CANNOT_WAKE \
    {"cannot-wake", "cannot be woken or does not respond", "unresponsive", \
    SD_DISP_EMERGENCY, "can-wake", POL_LIST}
#define I_HARD_TO_KEEP_AWAKE \
    {"hard-to-keep-awake", "can hardly be kept awake", "drowsiness", \
    SD_DISP_CALL_TODAY, "can-wake", POL_SEDATION}
#define I_BREATHING_ABNORMAL \
    {"breathing-abnormal", "slow, shallow or abnormal breathing", \
    "respiratory-depression", SD_DISP_EMERGENCY, "breathing-normal", \
    POL_RED}
#define I_CANNOT_BREATHE \
    {"cannot-breathe", "cannot breathe or struggles to", "dyspnea", \
    SD_DISP_EMERGENCY, "breathing-normal", POL_RED}
#define I_BLUE_LIPS \
    {"blue-lips", "blue or grey lips or face", NULL, SD_DISP_EMERGENCY, \
    "lips-blue", POL_LIST}
#define I_SWELLING_LIPS_TONGUE \
    {"swelling-lips-tongue", "swelling of the lips, tongue, face or " \
    "throat", NULL, SD_DISP_EMERGENCY, "swelling", POL_LIST}
#define I_HIVES \
    {"hives", "hives (an allergic rash)", NULL, SD_DISP_CALL_NOW, \
    "swelling", POL_HIVES}
#define I_SEIZURE_NOW \
    {"seizure-now", "a fit going on now", "seizure", SD_DISP_EMERGENCY, \
    "fit-now", POL_LIST}
#define I_SEIZURE_SIGNS \
    {"seizure-signs", "jerking on the floor, eyes rolled back, foaming", \
    "seizure", -1, "fit-now", POL_SEED}
#define I_SEES_HEARS_WHAT_IS_NOT_THERE \
    {"sees-hears-what-is-not-there", "sees or hears what is not there", \
    "hallucinations", -1, "confused", POL_SEED}
#define I_DISORIENTED \
    {"disoriented", "does not know where they are or who people are", \
    "confusion", -1, "confused", POL_SEED}
#define I_PARANOID_BELIEF \
    {"paranoid-belief", "a new fixed false belief (someone is after them, " \
    "hiding in the house, sending messages)", "delusions", -1, "confused", \
    POL_SEED}
#define I_UNREAL \
    {"unreal", "nothing seems real", "confusion", -1, "confused", \
    POL_SEED}
#define I_TALKING_NONSENSE \
    {"talking-nonsense", "talking nonsense", "confusion", -1, "confused", \
    POL_SEED}
#define I_PULSE_IRREGULAR \
    {"pulse-irregular", "an irregular pulse", "irregular-heartbeat", -1, \
    NULL, POL_SEED}
#define I_PULSE_SLOW_WEAK \
    {"pulse-slow-weak", "a slow or weak pulse", "bradycardia", -1, NULL, \
    POL_SEED}
#define I_HEART_POUNDING \
    {"heart-pounding", "a racing or pounding heart", "palpitations", -1, \
    NULL, POL_SEED}
#define I_CHEST_PAIN \
    {"chest-pain", "pain or pressure in the chest", "chest-pain", -1, NULL, \
    POL_SEED}
#define I_NEARLY_FAINTED \
    {"nearly-fainted", "nearly fainted", "syncope", -1, NULL, POL_SEED}
#define I_CHILD_SWALLOWED \
    {"child-swallowed", "a child or someone else swallowed the medicine", \
    NULL, SD_DISP_EMERGENCY, "swallowed-other", POL_LIST}
#define I_SELF_HARM \
    {"self-harm", "thoughts of ending one's life or of self-harm", \
    "suicidal-thoughts", SD_DISP_EMERGENCY, "self-harm", POL_LIST}
#define I_NEWBORN_WITHDRAWAL \
    {"newborn-withdrawal", "a newborn who is jittery, stiff, feeding badly " \
    "or will not settle", NULL, SD_DISP_CALL_NOW, NULL, POL_NEWBORN}
#define I_HEAVY_DRINKING \
    {"heavy-drinking", "heavy drinking or a relapse", NULL, \
    SD_DISP_CALL_TODAY, NULL, "interactions (fact sheet 7): alcohol adds " \
    "to the drug's sedation and slows breathing; stepdown triage policy: " \
    "a relapse or a bottle of spirits is call-today"}
#define I_PUMP_CRITICAL \
    {"pump-critical", "the pump has stopped or gives its critical alarm", \
    NULL, SD_DISP_CALL_NOW, NULL, POL_PUMP}

const struct sd__frame sd__frames[] = {
    /* Consciousness. */
    {I_CANNOT_WAKE,
     {E3(W_NEG, W_HARD, W_BARELY, 0), E2(W_WAKE, W_RESPOND, 3)}, 2,
     F_NOT_I | F_NOT_TO},
    {I_CANNOT_WAKE,
     {E(W_EYES, 0), E(W_NEG, 1), E(W_OPEN, 0)}, 3, 0},
    {I_CANNOT_WAKE,
     {E(W_NEG, 0), E(W_OPEN, 0), E(W_EYES, 2)}, 3, 0},
    {I_CANNOT_WAKE,
     {E(W_ONLY, 0), E(W_WAKE, 1)}, 2, 0},
    {I_CANNOT_WAKE,
     {E(W_RESPONSIVE, 0), E(W_PAINW, 2)}, 2, 0},
    {I_HARD_TO_KEEP_AWAKE,
     {E(W_NODDING, 0), E(W_OFF, 0)}, 2, 0},
    {I_CANNOT_WAKE,
     {E(W_OUTW, 0), E(W_COLD, 0)}, 2, 0},
    {I_CANNOT_WAKE,
     {E(W_NEG, 0), E2(W_GETUP, W_WAKE, 1), E(W_UPW, 0), E(W_STIMULUS, 5)}, 4,
     0},
    {I_CANNOT_WAKE,
     {E(W_INW, 0), E(W_ANDW, 0), E(W_OUTW, 0), E(W_CONSCIOUS, 2)}, 4, 0},
    {I_CANNOT_WAKE,
     {E(W_BARELY, 0), E(W_CONSCIOUS, 0)}, 2, 0},
    {I_HARD_TO_KEEP_AWAKE,
     {E3(W_NEG, W_HARD, W_BARELY, 0), E(W_AWAKE, 4)}, 2, F_NOT_I},
    {I_CANNOT_WAKE,
     {E(W_NEG, 0), E(W_COME, 1), E(W_ROUND, 1)}, 3, F_NOT_I},
    {{"unconscious", "unconscious", "unresponsive", SD_DISP_EMERGENCY,
      "can-wake", POL_LIST},
     {E(W_UNCONSCIOUS, 0)}, 1, 0},
    {{"collapsed", "collapsed", "syncope", SD_DISP_EMERGENCY, "can-wake",
      "stepdown triage policy: a collapse is treated as unresponsiveness "
      "(PRODUCT.md: an emergency) until the person is awake and talking"},
     {E(W_COLLAPSED, 0)}, 1, 0},
    /* Breathing. */
    {I_BREATHING_ABNORMAL,
     {E(W_BARELY, 0), E(W_BREATHE, 1)}, 2, 0},
    {I_CANNOT_BREATHE,
     {E2(W_NEG, W_HARD, 0), E(W_CATCH, 1), E(W_BREATHE, 2)}, 3, 0},
    {I_CANNOT_BREATHE,
     {E2(W_NEG, W_HARD, 0), E(W_BREATHE, 2)}, 2, 0},
    {I_CANNOT_BREATHE,
     {E2(W_NEG, W_HARD, 0), E(W_AIRW, 3)}, 2, 0},
    {I_BREATHING_ABNORMAL,
     {E(W_BREATHE, 0), E(W_BREATH_BAD, 3)}, 2, 0},
    {I_BREATHING_ABNORMAL,
     {E(W_BREATH_BAD, 0), E(W_BREATHE, 1)}, 2, 0},
    {{"gasping", "gasping or choking", "dyspnea", SD_DISP_EMERGENCY,
      "breathing-normal", POL_RED},
     {E(W_GASP, 0)}, 1, 0},
    {{"choked", "choked or gasped", "dyspnea", -1, "breathing-normal",
      POL_RED},
     {E(W_CHOKED, 0)}, 1, 0},
    {{"wheezing", "wheezing", "dyspnea", -1, "breathing-normal", POL_RED},
     {E(W_WHEEZE, 0)}, 1, 0},
    /* Colour. */
    {I_BLUE_LIPS,
     {E(W_BODYCOL, 0), E(W_COLOUR, 3)}, 2, 0},
    {I_BLUE_LIPS,
     {E(W_GONE, 0), E(W_COLOUR, 1)}, 2, F_NOT_HAIR},
    {I_BLUE_LIPS,
     {E(W_COLOUR, 0), E(W_BODYCOL, 3)}, 2, 0},
    /* Allergy. */
    {I_SWELLING_LIPS_TONGUE,
     {E(W_SWELLPART, 0), E(W_SWELL, 4)}, 2, 0},
    {I_SWELLING_LIPS_TONGUE,
     {E(W_SWELL, 0), E(W_SWELLPART, 3)}, 2, 0},
    {I_SWELLING_LIPS_TONGUE,
     {E(W_THROAT, 0), E(W_CLOSING, 3)}, 2, 0},
    {I_HIVES,
     {E(W_HIVES, 0)}, 1, 0},
    {I_HIVES,
     {E(W_LUMPS, 0), E(W_EVERYWHERE, 4)}, 2, 0},
    {I_SWELLING_LIPS_TONGUE,
     {E(W_ANGIO, 0)}, 1, 0},
    {I_SWELLING_LIPS_TONGUE,
     {E(W_EPIPEN, 0)}, 1, 0},
    {I_SWELLING_LIPS_TONGUE,
     {E2(W_NEG, W_HARD, 0), E(W_SWALLOWV, 2)}, 2, F_ALLERGY_TEXT},
    {{"allergic-reaction", "an allergic reaction", NULL, SD_DISP_CALL_NOW,
      "swelling", POL_HIVES},
     {E(W_ALLERGIC, 0), E(W_REACTION, 1)}, 2, 0},
    /* Seizure. */
    {I_SEIZURE_NOW,
     {E(W_FIT_NOW, 0)}, 1, F_ONGOING | F_NOT_UP},
    {I_SEIZURE_NOW,
     {E(W_HAVING, 0), E(W_FIT, 2)}, 2, F_ONGOING},
    {I_SEIZURE_SIGNS,
     {E(W_JERK, 0), E(W_FLOOR, 4)}, 2, F_ING},
    {I_SEIZURE_SIGNS,
     {E(W_RIGID, 0), E(W_JERK, 2)}, 2, F_ING},
    {I_SEIZURE_SIGNS,
     {E(W_SEIZED, 0)}, 1, F_NOT_UP},
    {I_SEIZURE_SIGNS,
     {E(W_ABSENCE, 0)}, 1, 0},
    {I_SEIZURE_SIGNS,
     {E(W_HAD, 0), E(W_FIT, 2)}, 2, 0},
    {I_SEIZURE_SIGNS,
     {E(W_EYES, 0), E(W_ROLLED, 2)}, 2, F_ING},
    {I_SEIZURE_SIGNS,
     {E(W_FOAM, 0)}, 1, F_ING},
    /* Perception and orientation. */
    {I_SEES_HEARS_WHAT_IS_NOT_THERE,
     {E2(W_PERCEIVE, W_SAYS, 0), E(W_NOBODY, 8)}, 2, 0},
    {I_SEES_HEARS_WHAT_IS_NOT_THERE,
     {E(W_SURFACE, 0), E(W_MOVING, 5)}, 2, 0},
    {I_SEES_HEARS_WHAT_IS_NOT_THERE,
     {E(W_SOMEONE, 0), E(W_NOBODY, 8)}, 2, 0},
    {I_DISORIENTED,
     {E(W_THINKS, 0), E(W_YEARNUM, 3)}, 2, 0},
    {I_SEES_HEARS_WHAT_IS_NOT_THERE,
     {E(W_ANIMAL, 0), E(W_TALK, 2)}, 2, 0},
    {I_PARANOID_BELIEF,
     {E(W_MEDIA, 0), E(W_MEDIA_BAD, 4)}, 2, 0},
    {I_PARANOID_BELIEF,
     {E(W_ACCUSING, 0), E(W_PLOT2, 4)}, 2, 0},
    {I_PARANOID_BELIEF,
     {E(W_IMPOSTER, 0)}, 1, 0},
    {I_SEES_HEARS_WHAT_IS_NOT_THERE,
     {E2(W_TALK, W_PERCEIVE, 0), E(W_DIEW, 4)}, 2, 0},
    {I_SEES_HEARS_WHAT_IS_NOT_THERE,
     {E(W_VOICES, 0), E(W_HEADW, 3)}, 2, 0},
    {{"acting-strangely", "acting strangely, not themselves", "confusion",
      -1, "confused", POL_SEED},
     {E(W_ACTING, 0), E(W_STRANGE, 2)}, 2, 0},
    {{"forgetful", "new forgetfulness", NULL, SD_DISP_CALL_TODAY, "confused",
      "stepdown triage policy: new forgetfulness on the drug can be early "
      "confusion (the label's confusion, encephalopathy at prescribed "
      "doses, fact sheet 4): call-today"},
     {E(W_FORGETFUL, 0)}, 1, 0},
    {I_PARANOID_BELIEF,
     {E(W_SOMEONE, 0), E(W_PLOT2, 3)}, 2, 0},
    {I_UNREAL,
     {E(W_NEG, 0), E(W_REAL, 0)}, 2, 0},
    {I_DISORIENTED,
     {E(W_LOST, 0), E(W_WAYHOME, 3)}, 2, 0},
    {I_DISORIENTED,
     {E(W_NEG, 0), E(W_FIND, 1), E(W_WAYHOME, 2)}, 3, 0},
    {I_SEES_HEARS_WHAT_IS_NOT_THERE,
     {E3(W_PERCEIVE, W_VISION, W_VOICES, 0), E(W_NEG, 8),
      E(W_THERE, 3)}, 3, 0},
    {I_SEES_HEARS_WHAT_IS_NOT_THERE,
     {E(W_PERCEIVE, 0), E(W_VOICES, 2)}, 2, F_NOT_TO},
    {I_SEES_HEARS_WHAT_IS_NOT_THERE,
     {E(W_PERCEIVE, 0), E(W_VISION, 3)}, 2, F_SEE_ONLY},
    {I_SEES_HEARS_WHAT_IS_NOT_THERE,
     {E(W_VISION, 0), E(W_CRAWL, 3)}, 2, 0},
    {I_SEES_HEARS_WHAT_IS_NOT_THERE,
     {E(W_VOICES, 0), E2(W_NOBODY, W_SAYS, 8)}, 2, 0},
    {I_SEES_HEARS_WHAT_IS_NOT_THERE,
     {E(W_SAYS, 0), E(W_VISION, 3)}, 2, 0},
    {I_UNREAL,
     {E(W_ALLTHINGS, 0), E(W_THERE, 2)}, 2, 0},
    {I_DISORIENTED,
     {E2(W_ASKING, W_FORGOT, 0), E(W_WHERE, 2)}, 2, F_NOT_I},
    {I_DISORIENTED,
     {E(W_ASKING, 0), E(W_SAME, 2), E(W_QUESTION, 1)}, 3, 0},
    {{"picking-at-the-air", "picking at the air", "confusion", -1,
      "confused", POL_SEED},
     {E(W_PICK, 0), E(W_AIR, 3)}, 2, 0},
    {I_DISORIENTED,
     {E(W_NEG, 0), E(W_KNOW, 1), E(W_WHERE, 3)}, 3, F_NOT_I},
    {I_TALKING_NONSENSE,
     {E(W_TALK, 0), E(W_NONSENSE, 2)}, 2, 0},
    {I_TALKING_NONSENSE,
     {E(W_NEG, 0), E(W_TALK, 1), E(W_NONSENSE, 1)}, 3, 0},
    {I_PARANOID_BELIEF,
     {E(W_THINKS, 0), E(W_SOMEONE, 4), E(W_PLOT, 4)}, 3, 0},
    {I_PARANOID_BELIEF,
     {E(W_THINKS, 0), E(W_MESSAGES, 6)}, 2, 0},
    {{"speech-slurred", "slurred or jumbled speech", "slurred-speech", -1,
      NULL, POL_SEED},
     {E(W_SPEECH, 0), E(W_SLURRY, 4)}, 2, 0},
    /* Heart. */
    {I_PULSE_IRREGULAR,
     {E(W_HEART, 0), E(W_HEART_WILD, 2)}, 2, 0},
    {I_PULSE_IRREGULAR,
     {E(W_AFIB, 0)}, 1, 0},
    {I_PULSE_SLOW_WEAK,
     {E(W_HEART, 0), E2(W_WEAKP, W_SLOWP, 3)}, 2, 0},
    {I_PULSE_SLOW_WEAK,
     {E2(W_WEAKP, W_SLOWP, 0), E(W_HEART, 1)}, 2, 0},
    {I_HEART_POUNDING,
     {E(W_HEART, 0), E(W_FASTP, 3)}, 2, 0},
    {I_HEART_POUNDING,
     {E(W_FASTP, 0), E(W_HEART, 1)}, 2, 0},
    {I_PULSE_IRREGULAR,
     {E(W_HEART, 0), E(W_ALL, 3), E(W_OVER, 0), E(W_PLACE, 1)}, 4, 0},
    {I_PULSE_IRREGULAR,
     {E(W_HEART, 0), E(W_IRREG, 5)}, 2, 0},
    {I_PULSE_IRREGULAR,
     {E(W_IRREG, 0), E(W_CHEST, 4)}, 2, 0},
    {I_CHEST_PAIN,
     {E(W_PAINW, 0), E(W_CHEST, 5)}, 2, 0},
    {I_CHEST_PAIN,
     {E(W_CHEST, 0), E(W_PAINW, 3)}, 2, 0},
    {I_PULSE_IRREGULAR,
     {E(W_IRREG, 0), E(W_HEART, 1)}, 2, 0},
    {I_NEARLY_FAINTED,
     {E(W_NEARLY, 0), E(W_FAINT, 1)}, 2, 0},
    {I_NEARLY_FAINTED,
     {E(W_FELT, 0), E(W_FAINTW, 1)}, 2, 0},
    {{"rigid-muscles", "muscles rigid or rock hard", "rigidity", -1, NULL,
      POL_SEED},
     {E(W_MUSCLES, 0), E(W_RIGIDW, 3)}, 2, F_HEAD_ONLY},
    {{"spasticity-returning", "getting stiffer", "rebound-spasticity", -1,
      NULL, POL_SEED},
     {E(W_STIFFER, 0)}, 1, 0},
    {{"fever-felt", "feels hot or feverish (with a pump)", "fever", -1,
      "high-fever", POL_SEED},
     {E(W_FELT, 0), E(W_HOT, 1)}, 2, F_PUMP_TEXT},
    /* Someone else swallowed it. */
    {I_CHILD_SWALLOWED,
     {E(W_CHILD, 0), E(W_SWALLOWED, 12)}, 2, F_PILLS},
    {I_CHILD_SWALLOWED,
     {E(W_CHILD, 0), E(W_TAKE, 3)}, 2, F_PILLS},
    {I_CHILD_SWALLOWED,
     {E(W_OTHER, 0), E(W_TAKE, 3), E(W_POSS, 4)}, 3, F_PILLS},
    {I_CHILD_SWALLOWED,
     {E(W_CHILD, 0), E(W_GOT, 4), E(W_INTO, 0)}, 3, F_PILLS},
    {I_CHILD_SWALLOWED,
     {E2(W_CHILD, W_OTHER, 0), E(W_GOT, 4), E(W_HOLD, 0)}, 3, F_PILLS},
    {I_CHILD_SWALLOWED,
     {E(W_FOUND, 0), E2(W_CHILD, W_OTHER, 2)}, 2, F_PILLS},
    {I_CHILD_SWALLOWED,
     {E(W_CHILD, 0), E(W_FOUND, 3)}, 2, F_PILLS},
    {I_CHILD_SWALLOWED,
     {E(W_GIVING, 0), E(W_CHILD, 4)}, 2, F_PILLS},
    {I_CHILD_SWALLOWED,
     {E(W_GIVING, 0), E2(W_OTHER, W_CHILD, 2), E(W_SOMEOF, 2), E(W_OFW, 0)}, 4,
     F_PILLS},
    {I_CHILD_SWALLOWED,
     {E(W_PILL, 0), E(W_MOUTH, 7)}, 2, F_OTHER_MOUTH},
    {I_CHILD_SWALLOWED,
     {E(W_NEG, 0), E(W_PRESCRIBED, 1)}, 2, F_TAKEN_TEXT},
    {I_CHILD_SWALLOWED,
     {E(W_CHILD, 0), E(W_HADW, 1), E(W_POSS, 1)}, 3, F_PILLS},
    {I_CHILD_SWALLOWED,
     {E(W_CHILD, 0), E(W_MIGHT, 3), E(W_SWALLOWED, 2)}, 3, 0},
    {I_CHILD_SWALLOWED,
     {E(W_GIVING, 0), E(W_ANOTHER, 4)}, 2, F_PILLS},
    {I_CHILD_SWALLOWED,
     {E(W_MISSINGW, 0)}, 1, F_PILLS | F_CHILD_ANY},
    /* Self-harm. */
    {I_SELF_HARM,
     {E(W_WANT, 0), E(W_DIE, 3)}, 2, 0},
    {I_SELF_HARM,
     {E(W_KILL, 0), E(W_MYSELF, 1)}, 2, F_KILL_SELF},
    {I_SELF_HARM,
     {E(W_HURT, 0), E(W_SELF, 0)}, 2, 0},
    {I_SELF_HARM,
     {E(W_BETTER, 0), E(W_OFF, 0), E(W_WITHOUT, 2)}, 3, 0},
    {I_SELF_HARM,
     {E(W_ENOUGH, 0), E(W_LIFE, 2)}, 2, 0},
    {I_SELF_HARM,
     {E(W_ALLTHINGS, 0), E(W_LIVE, 2)}, 2, 0},
    {I_SELF_HARM,
     {E(W_NEG, 0), E(W_WORTH, 1), E(W_LIVE, 1)}, 3, 0},
    {I_SELF_HARM,
     {E(W_KILL, 0), E(W_THINGSW, 1)}, 2, F_KILL_SELF},
    {I_SELF_HARM,
     {E(W_NEG, 0), E(W_GO, 0), E(W_ON, 0)}, 3, F_NOT_WITH_PILLS},
    {I_SELF_HARM,
     {E(W_SAVING, 0), E(W_PILL, 3)}, 2, 0},
    {I_SELF_HARM,
     {E(W_SELFW, 0), E(W_HURT, 0)}, 2, 0},
    {I_SELF_HARM,
     {E(W_WANT, 0), E(W_TAKE, 3), E2(W_ALLW, W_THEM, 3)}, 3, 0},
    {I_SELF_HARM,
     {E(W_WANT, 0), E(W_HOW, 1), E(W_DOIT, 2)}, 3, 0},
    {I_SELF_HARM,
     {E(W_SLEEP, 0), E(W_FOREVER, 1)}, 2, 0},
    {I_SELF_HARM,
     {E(W_SOMETHING, 0), E(W_STUPID, 0)}, 2, 0},
    {I_SELF_HARM,
     {E(W_SELF, 0), E(W_OD, 1)}, 2, 0},
    {I_SELF_HARM,
     {E(W_SELFKILL, 0)}, 1, 0},
    {I_SELF_HARM,
     {E(W_WANT, 0), E(W_OD, 3)}, 2, 0},
    {I_SELF_HARM,
     {E(W_HOWMANY, 0), E(W_DIEW, 5)}, 2, F_NOHYPO},
    {I_SELF_HARM,
     {E(W_NEG, 0), E(W_ALIVE, 2)}, 2, 0},
    {I_SELF_HARM,
     {E(W_VEHICLE, 0), E(W_INTOW, 1), E(W_HARMPLACE, 3)}, 3, 0},
    {I_SELF_HARM,
     {E(W_SORRY, 0), E(W_FOREVERYTHING, 2)}, 2, 0},
    {I_SELF_HARM,
     {E(W_WROTE, 0), E(W_NOTE, 3)}, 2, F_SELF_NOTE},
    {I_SELF_HARM,
     {E(W_GIVING, 0), E(W_AWAY, 4)}, 2, 0},
    {I_SELF_HARM,
     {E(W_CUTW, 0), E(W_WRIST, 2)}, 2, 0},
    {I_SELF_HARM,
     {E(W_DARK, 0), E(W_THOUGHTSW, 0)}, 2, 0},
    {I_SELF_HARM,
     {E(W_GOTW, 0), E(W_PLANW, 1)}, 2, F_PILLS},
    {I_SELF_HARM,
     {E(W_NEG, 0), E(W_WANT, 1), E(W_LIVE, 3)}, 3, 0},
    {I_SELF_HARM,
     {E(W_NEG, 0), E(W_NOPOINT, 1), E(W_LIVE, 2)}, 3, 0},
    {I_SELF_HARM,
     {E(W_NEG, 0), E(W_SEEW, 1), E(W_POINTW, 1)}, 3, F_NOT_WITH_PILLS},
    {I_SELF_HARM,
     {E(W_WANT, 0), E(W_ALLW, 2), E(W_ENDSTOP, 2)}, 3, 0},
    {I_SELF_HARM,
     {E(W_TAKE, 0), E(W_PURPOSE, 7)}, 2, 0},
    {I_SELF_HARM,
     {E(W_LETHAL, 0)}, 1, 0},
    {I_SELF_HARM,
     {E(W_TAKE, 0), E(W_LOT, 2)}, 2, F_TAKE_LOT},
    {I_SELF_HARM,
     {E(W_NEG, 0), E(W_WAKE, 2)}, 2, F_WISH},
    /* Newborns of mothers on the drug. */
    {I_NEWBORN_WITHDRAWAL,
     {E(W_NEWBORN, 0), E(W_NEONATAL_SIGN, 8)}, 2, F_COMMA_OK | F_HEAD_ONLY},
    {I_NEWBORN_WITHDRAWAL,
     {E(W_NEWBORN, 0), E2(W_NEG, W_POOR, 8), E(W_FEEDSETTLE, 1)}, 3,
     F_HEAD_ONLY},
    {I_NEWBORN_WITHDRAWAL,
     {E(W_NEWBORN, 0), E(W_FEEDSETTLE, 8), E(W_POOR, 1)}, 3, F_HEAD_ONLY},
    {I_NEWBORN_WITHDRAWAL,
     {E(W_NEONATAL_SIGN, 0), E(W_NEWBORN, 4)}, 2, 0},
    {I_NEWBORN_WITHDRAWAL,
     {E(W_NEONATAL_SIGN, 0)}, 1, F_NEWBORN_TEXT},
    {I_NEWBORN_WITHDRAWAL,
     {E(W_NAS, 0)}, 1, 0},
    /* A pet that ate a tablet: not this tool's patient, but not nothing. */
    {{"pet-swallowed", "a pet swallowed the medicine", NULL,
      SD_DISP_CALL_TODAY, NULL, "stepdown triage policy: a pet that "
      "swallowed a tablet needs a vet or an animal poison line today"},
     {E(W_PET, 0), E(W_SWALLOWED, 4)}, 2, F_PILLS},
    /* Heavy drinking on the drug. */
    {I_HEAVY_DRINKING,
     {E(W_RELAPSE, 0)}, 1, 0},
    {I_HEAVY_DRINKING,
     {E(W_BOTTLEW, 0), E(W_SPIRITS, 2)}, 2, 0},
    /* A pump refill: signs of too much after it are checked (triage.c). */
    {{"pump-refill", "a pump refill", NULL, -1, NULL,
      "IT label (fact sheet 6): overdose after a refill or programming "
      "error shows as drowsiness, dizziness, weakness and floppiness"},
     {E(W_REFILL, 0)}, 1, 0},
    /* The pump's wound. */
    {{"pump-site", "a swollen, red, hot or leaking pump or catheter site",
      NULL, SD_DISP_CALL_NOW, NULL, POL_PUMP_SITE},
     {E(W_PUMP, 0), E(W_SITE, 2), E(W_SITE_BAD, 4)}, 3, 0},
    /* The pump has stopped or gives its critical alarm. */
    {I_PUMP_CRITICAL,
     {E(W_TWO, 0), E(W_TONE, 1)}, 2, 0},
    {I_PUMP_CRITICAL,
     {E(W_CRITICAL, 0), E(W_ALARM, 2)}, 2, 0},
    {I_PUMP_CRITICAL,
     {E(W_PUMP, 0), E(W_FAILED, 2)}, 2, 0},
    {I_PUMP_CRITICAL,
     {E(W_MOTOR, 0), E(W_STALL, 1)}, 2, 0},
    {I_PUMP_CRITICAL,
     {E(W_SCREEN, 0), E(W_FAILED, 3)}, 2, F_PUMP_TEXT},
    {{NULL, NULL, NULL, 0, NULL, NULL}, {E(0, 0)}, 0, 0}
};

/* Frames found from numbers, not words (lexicon.c reads the numbers). */
const struct sd__frame sd__measure_frames[] = {
    [MF_TEMP_HIGH] = {{"temperature-high", "a temperature of 37.8 °C "
                       "(100 °F) or more", "fever", -1, "high-fever",
                       "stepdown triage policy: 37.8 °C and above counts as "
                       "a fever, on the safe side of the usual 38 °C"},
                      {E(0, 0)}, 0, 0},
    [MF_TEMP_LOW] = {{"temperature-low", "a temperature below 35 °C",
                      "hypothermia", -1, NULL,
                      "stepdown triage policy: below 35 °C is "
                      "hypothermia"}, {E(0, 0)}, 0, 0},
    [MF_HR_FAST] = {{"heart-rate-fast", "a pulse of 100 or more",
                     "tachycardia", -1, NULL,
                     "stepdown triage policy: a resting pulse of 100 or "
                     "more is tachycardia"}, {E(0, 0)}, 0, 0},
    [MF_HR_SLOW] = {{"heart-rate-slow", "a pulse below 50", "bradycardia",
                     -1, NULL, "stepdown triage policy: a pulse below 50 is "
                     "bradycardia"}, {E(0, 0)}, 0, 0},
    [MF_HR_EXTREME] = {{"heart-rate-extreme", "a pulse of 130 or more, or "
                        "45 or less", NULL, SD_DISP_CALL_NOW, NULL,
                        "stepdown triage policy: a pulse of 130 or more or "
                        "45 or less needs a clinician now"}, {E(0, 0)}, 0,
                       0},
    [MF_HR_BOTH] = {{"heart-rate-swings", "a pulse that swings from slow "
                     "to fast", "irregular-heartbeat", -1, NULL, POL_SEED},
                    {E(0, 0)}, 0, 0},
    [MF_RR_LOW] = {{"breathing-rate-low", "10 breaths a minute or fewer",
                    "respiratory-depression", SD_DISP_EMERGENCY,
                    "breathing-normal", POL_RED}, {E(0, 0)}, 0, 0},
    [MF_RR_HIGH] = {{"breathing-rate-high", "30 breaths a minute or more",
                     "dyspnea", SD_DISP_EMERGENCY, "breathing-normal",
                     POL_RED}, {E(0, 0)}, 0, 0},
    [MF_SPO2_LOW] = {{"oxygen-low", "oxygen saturation of 92 % or less",
                      "dyspnea", SD_DISP_EMERGENCY, "breathing-normal",
                      POL_RED}, {E(0, 0)}, 0, 0},
    [MF_GCS_LOW] = {{"consciousness-reduced", "a Glasgow coma scale of 12 "
                     "or less", "unresponsive", SD_DISP_EMERGENCY,
                     "can-wake", POL_LIST}, {E(0, 0)}, 0, 0},
    [MF_GCS_MILD] = {{"consciousness-clouded", "a Glasgow coma scale of 13 "
                      "or 14", "confusion", -1, "can-wake", POL_SEED},
                     {E(0, 0)}, 0, 0},
    [MF_UNCLEAR_BREATHING] = {{"unclear-breathing", "a word about breathing "
                               "in a message not fully understood", NULL,
                               SD_DISP_CALL_NOW, "breathing-normal",
                               POL_UNCLEAR}, {E(0, 0)}, 0, 0},
    [MF_UNCLEAR_WAKING] = {{"unclear-waking", "a word about waking or "
                            "consciousness in a message not fully "
                            "understood", NULL, SD_DISP_CALL_NOW, "can-wake",
                            POL_UNCLEAR}, {E(0, 0)}, 0, 0},
    [MF_UNCLEAR_FIT] = {{"unclear-fit", "a word about a fit in a message not "
                         "fully understood", NULL, SD_DISP_CALL_NOW,
                         "fit-now", POL_UNCLEAR}, {E(0, 0)}, 0, 0},
    [MF_UNCLEAR_SELFHARM] = {{"unclear-self-harm", "a word about dying or "
                              "self-harm in a message not fully understood",
                              NULL, SD_DISP_CALL_NOW, "self-harm",
                              POL_UNCLEAR}, {E(0, 0)}, 0, 0},
    [MF_UNCLEAR_CHEST] = {{"unclear-chest", "a word about the chest or heart "
                           "in a message not fully understood", NULL,
                           SD_DISP_CALL_NOW, NULL, POL_UNCLEAR},
                          {E(0, 0)}, 0, 0},
    [MF_UNCLEAR_PERCEPTION] = {{"unclear-perception", "a word about voices "
                                "or false beliefs in a message not fully "
                                "understood", NULL, SD_DISP_CALL_NOW,
                                "confused", POL_UNCLEAR}, {E(0, 0)}, 0, 0},
};

/* Red-flag words that no frame or phrase explained, in a message with
** words the reader did not understand: the answer is at least call-now
** and asks the question that rules the red flag in or out. */
const struct sd__suspect sd__suspects[] = {
    {W_BREATHE, MF_UNCLEAR_BREATHING}, {W_GASP, MF_UNCLEAR_BREATHING},
    {W_CHOKED, MF_UNCLEAR_BREATHING}, {W_WHEEZE, MF_UNCLEAR_BREATHING},
    {W_WAKE, MF_UNCLEAR_WAKING}, {W_RESPOND, MF_UNCLEAR_WAKING},
    {W_UNCONSCIOUS, MF_UNCLEAR_WAKING}, {W_COLLAPSED, MF_UNCLEAR_WAKING},
    {W_FIT, MF_UNCLEAR_FIT}, {W_FIT_NOW, MF_UNCLEAR_FIT},
    {W_SEIZED, MF_UNCLEAR_FIT}, {W_DIEW, MF_UNCLEAR_SELFHARM},
    {W_LETHAL, MF_UNCLEAR_SELFHARM}, {W_OD, MF_UNCLEAR_SELFHARM},
    {W_SUICIDEW, MF_UNCLEAR_SELFHARM}, {W_CHEST, MF_UNCLEAR_CHEST},
    {W_VOICES, MF_UNCLEAR_PERCEPTION},
    {W_IMPOSTER, MF_UNCLEAR_PERCEPTION}, {W_PLOT2, MF_UNCLEAR_PERCEPTION},
    {0, 0}
};

#!/bin/sh
# pump.sh: end-to-end tests of `stepdown pump`, the intrathecal pump refill
# calculator: dates worked out by hand, the lead time, the warnings, the
# sourced alarm meanings and red flags, exit codes and error messages.
# usage: STEPDOWN=build/stepdown sh tests/cli/pump.sh
set -u
. "$(dirname "$0")/lib.sh"
fits() { long=$(awk 'length > 80' "$T/out" | wc -l); [ "$long" -eq 0 ] && ok || bad "$1: $long lines over 80 columns"; }
# refused ARGS... -- MESSAGE: exit 2, MESSAGE on stderr, nothing on stdout
refused() {
    msg=$1; shift
    expect 2 "$SD" pump "$@"
    hasf "$msg" err "refused: $*"
    [ -s "$T/out" ] && bad "refused input wrote to stdout: $*" || ok
}

BASE="--reservoir-ml 20 --concentration 500 --dose-mcg-day 300 --filled 2026-11-24 --alarm-ml 2"

# --- help
expect 0 "$SD" pump --help; has "--reservoir-ml" out help; has "--lead-days" out help; fits help
expect 0 "$SD" --help; has "^  pump " out "main help lists pump"

# --- the worked example: 20 mL of 500 mcg/mL = 10,000 mcg; 18 mL to the
# alarm = 9,000 mcg = 30 days at 300 mcg/day; empty after 33 days 8 h; 2 mL
# at the alarm = 1,000 mcg = 80 h; refill 10 days before the alarm.
expect 0 "$SD" pump $BASE --today 2026-11-24
has "supports the specialist who programs and refills the pump" out notice
[ "$(grep -c 'supports the specialist' "$T/out")" -eq 1 ] && ok || bad "the notice is not said exactly once"
has "Refill by: *Mon 14 Dec 2026  10 days before the alarm" out refill-by
has "Low-reservoir alarm: Thu 24 Dec 2026  30 days after the fill" out alarm
has "Empty: *Sun 27 Dec 2026  33 days 8 hours after the fill" out empty
has "1000 mcg, 80 hours at 300 mcg/day (3 days 8" out hours-left
has "filled Tue 24 Nov 2026" out filled
has "counts\? from 00:00" out "fill time not given"
has "rounded down" out rounding
# the lead: the longest the sources give, with both ranges kept
has "10 days before the alarm: the longest lead the sources give" out lead-default
has "refill lead: 3-5 days" out lead-range-1; has "refill lead: 7-10 days" out lead-range-2
has "GILLETTE-ITB-REFILL" out lead-source; has "GILLETTE-ITB-FOLLOWUP" out lead-source-2
# the label check
has "500 mcg/mL is a labelled intrathecal concentration" out labelled
has "within intrathecal maintenance, spinal origin: 300-800 mcg/day \[IT\]" out in-range
# the alarm meanings and red flags, from the monograph, with their tags
has "single beep" out low-reservoir; has "two-tone alarm" out two-tone
has "elective replacement indicator" out eri; has "MEDTRONIC-ITB-PUMP" out alarm-source
has "intrathecal (boxed warning): High fever" out boxed; has "\[IT, BLACKBOX\]" out boxed-tags
has "intrathecal grades" out grades; has "onset: 12-72 h" out onset; has "^  - management" out management
lacks "CALL \|CONTACT SOON" out "no warning"
fits "worked example"

# --- with the fill time: the alarm and empty times to the minute, rounded
# down. 20 mL of 2000 mcg/mL at 700 mcg/day from 18:00: 74,057.14 min to
# the alarm -> Sun 22 Feb 04:17; 82,285.71 to empty -> Fri 27 Feb 21:25;
# 4,000 mcg left at the alarm = 137.14 h -> 137.
expect 0 "$SD" pump --reservoir-ml 20 --concentration 2000 --dose-mcg-day 700 \
    --filled 2026-01-01T18:00 --alarm-ml 2 --lead-days 5 --today 2026-01-01
has "Low-reservoir alarm: Sun 22 Feb 2026 04:17  51 days 10 hours after the fill" out alarm-time
has "Empty: *Fri 27 Feb 2026 21:25  57 days 3 hours after the fill" out empty-time
has "Refill by: *Tue 17 Feb 2026  *5 days before the alarm" out lead-given
has "137 hours" out hours-floor
has "5 days before the alarm, as given" out lead-given-text
lacks "counts\? from 00:00" out "time given"
fits "fill time"
expect 0 "$SD" pump $BASE --filled "2026-11-24 09:30" --today 2026-11-24
has "Thu 24 Dec 2026 09:30" out "space before the time"

# a fractional dose is exact: 9,000 mcg at 112.5 mcg/day is 80 days
expect 0 "$SD" pump $BASE --dose-mcg-day 112.5 --today 2026-11-24
has "Low-reservoir alarm: Fri 12 Feb 2027  80 days after the fill" out fractional
has "at 112.5 mcg/day" out fractional-dose
# without --today the command runs against the local date
expect 0 "$SD" pump $BASE

# --- warnings: level, what to do, sources
expect 0 "$SD" pump $BASE --concentration 600 --today 2026-11-24
has "CONTACT SOON: 600 mcg/mL is not a labelled intrathecal concentration" out concentration
has "What to do: Tell your prescriber within a few days" out advice
has "NOT a labelled" out label-line
fits warnings
expect 0 "$SD" pump $BASE --dose-mcg-day 2000 --today 2026-11-24
has "above the highest labelled intrathecal" out dose-high
has "outside intrathecal maintenance, spinal origin" out range-line
expect 0 "$SD" pump $BASE --dose-mcg-day 20 --lead-days 3 --today 2026-11-24
has "below the lowest labelled intrathecal" out dose-low
expect 0 "$SD" pump $BASE --alarm-ml 0 --today 2026-11-24
has "alarm volume is 0 mL" out alarm-zero
has "Low-reservoir alarm: Sun 27 Dec 2026" out "alarm-zero is the empty date"
# relative to today (alarm 24 Dec, empty 27 Dec, refill by 14 Dec)
expect 0 "$SD" pump $BASE --today 2026-12-14; lacks "CALL" out "refill-by is today"
expect 0 "$SD" pump $BASE --today 2026-12-15
has "CALL TODAY: the refill-by date is already past" out refill-past
expect 0 "$SD" pump $BASE --today 2026-12-24
has "CALL TODAY: the low-reservoir alarm date is today or past" out alarm-past
lacks "refill-by date is already past" out "only the most pressing"
expect 0 "$SD" pump $BASE --today 2027-01-05
has "CALL NOW: by this calculation the reservoir is empty" out empty-past
has "What to do: Call your prescriber immediately" out empty-advice
# highest level first
expect 0 "$SD" pump $BASE --concentration 600 --today 2027-01-05
c=$(grep -n "^CALL NOW" "$T/out" | cut -d: -f1); s=$(grep -n "^CONTACT SOON" "$T/out" | cut -d: -f1)
[ -n "$c" ] && [ -n "$s" ] && [ "$c" -lt "$s" ] && ok || bad "warnings are not highest level first"
expect 0 "$SD" pump --reservoir-ml 3 --concentration 500 --dose-mcg-day 300 \
    --filled 2026-11-24 --alarm-ml 1 --today 2026-11-20
has "lasts 3 days to the alarm, less than the 10-day lead" out lead-long

# --- JSON (schema checks are in schema.sh)
expect 0 "$SD" pump $BASE --today 2026-12-15 --json
has '"date": "2026-12-24"' out json-alarm; has '"code": "refill-past"' out json-warning
has '"days_before_alarm": 10' out json-lead; has '"hours_left_at_alarm": 80' out json-hours
has '"id": "FEATURES-PUMPS"' out json-sources

# --- the monograph: the pump section in info and its sources
expect 0 "$SD" info; has "^Intrathecal pump" out info-section; fits info
expect 0 "$SD" sources; has "\[FEATURES-PUMPS\]" out sources; has "gillettechildrens.org" out gillette-url
has "but gives no" out "features note honest"

# --- another drug: no pump section, no intrathecal label
expect 2 "$SD" --data-dir tests/data/drugs pump --drug examplamine $BASE
has "gives no refill lead time" err other-drug
expect 0 "$SD" --data-dir tests/data/drugs pump --drug examplamine $BASE --lead-days 5 --today 2026-11-24
has "INFO: the monograph gives no labelled intrathecal concentrations or" out unchecked
has "Refill by: *Sat 19 Dec 2026" out other-drug-dates
lacks "Against the label" out "no label section"
fits "other drug"

# --- bad input: a clear error naming the option, exit 2, nothing on stdout
refused "--reservoir-ml '0': the reservoir volume must be more than 0 mL" \
    $BASE --reservoir-ml 0
refused "--reservoir-ml '-20': the reservoir volume must be more than 0 mL" \
    $BASE --reservoir-ml -20
refused "--reservoir-ml '101': a reservoir volume of 101 mL is more than 100 mL" \
    $BASE --reservoir-ml 101
refused "--reservoir-ml 'twenty' is not a number: give the volume in mL" \
    $BASE --reservoir-ml twenty
refused "--reservoir-ml '20.0001': at most 3 decimals" $BASE --reservoir-ml 20.0001
refused "--alarm-ml '20': the alarm volume (20 mL) must be less than the reservoir volume (20 mL)" \
    $BASE --alarm-ml 20
refused "--alarm-ml '25': the alarm volume (25 mL) must be less than" $BASE --alarm-ml 25
refused "--alarm-ml '-1': the alarm volume cannot be negative" $BASE --alarm-ml -1
refused "--concentration '0': the concentration must be more than 0 mcg/mL" \
    $BASE --concentration 0
refused "--concentration '-500': the concentration must be more than 0" $BASE --concentration -500
refused "--concentration '500.5': a whole number" $BASE --concentration 500.5
refused "--concentration 'abc' is not a number" $BASE --concentration abc
refused "--concentration '2000000': a concentration of 2000000 mcg/mL is more than 1000000" \
    $BASE --concentration 2000000
refused "--dose-mcg-day '0': the daily dose must be more than 0 mcg/day" $BASE --dose-mcg-day 0
refused "--dose-mcg-day '-300': the daily dose must be more than 0" $BASE --dose-mcg-day -300
refused "--dose-mcg-day '3e2' is not a number" $BASE --dose-mcg-day 3e2
refused "--dose-mcg-day '0.5': at 0.5 mcg/day the 20 mL reservoir would last 20000 days, more than 10 years" \
    $BASE --dose-mcg-day 0.5
refused "--filled '2026-02-30' is not a date" $BASE --filled 2026-02-30
refused "--filled '2026-11-24T24:00' is not a date" $BASE --filled 2026-11-24T24:00
refused "--filled 'yesterday' is not a date" $BASE --filled yesterday
refused "--today '2026-13-01' is not a date" $BASE --today 2026-13-01
refused "--lead-days '91': give 0 to 90 days" $BASE --lead-days 91
refused "--lead-days '-3': give 0 to 90 days" $BASE --lead-days -3
refused "--lead-days '2.5': a whole number" $BASE --lead-days 2.5
refused "give --reservoir-ml: the volume of drug in the reservoir" --concentration 500
refused "give --alarm-ml: the low-reservoir alarm volume in mL" \
    --reservoir-ml 20 --concentration 500 --dose-mcg-day 300 --filled 2026-11-24
refused "unknown option '--volume'" $BASE --volume 3
refused "unexpected '20'" 20 $BASE
refused "option '--today' needs a value" $BASE --today
refused "no monograph for drug 'nosuchdrug'" $BASE --drug nosuchdrug

summary pump

/*
** taper_int.h: what the planner's source files share inside the library.
*/
#ifndef SD_TAPER_INT_H
#define SD_TAPER_INT_H

#include <stdint.h>

#include <jansson.h>

#include "stepdown/taper_export.h"

/* FNV-1a over the plan's numbers (not its bytes: padding and fields added
** later must not change it). The calendar UIDs and the FHIR id are made
** from it, so a plan's exports share one identity. */
uint64_t sd__taper_hash(const sd_taper_plan *p, const sd_taper_label *l);

/* An amount in thousandths (ug as mg, mL/1000 as mL) as an exact JSON
** number: an integer when whole. New reference or NULL. */
json_t *sd__json_milli(int64_t milli);

#endif

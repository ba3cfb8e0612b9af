/*
** kb_json.h: JSON views of a monograph, shared by the CLI and the server.
** The shapes are described by the JSON Schemas in docs/schema/.
*/
#ifndef STEPDOWN_KB_JSON_H
#define STEPDOWN_KB_JSON_H

#include <jansson.h>

#include "kb.h"

/* Tier filter bits for sd_side_effects_json(). */
#define SD_TIERMASK_COMMON (1u << SD_TIER_COMMON)
#define SD_TIERMASK_RARE (1u << SD_TIER_RARE)
#define SD_TIERMASK_SERIOUS (1u << SD_TIER_SERIOUS)
#define SD_TIERMASK_ALL 7u

/* Order the side-effect concepts of m for display: serious first, then
** common, then rare; seed concepts first within a tier, then by the
** highest label frequency, then by name. Fills idx (capacity cap) with
** concept indices that pass tier_mask and returns how many. */
size_t sd_side_effects_order(const sd_monograph *m, unsigned tier_mask,
                             size_t *idx, size_t cap);

/* The side effects of m that pass tier_mask (docs/schema/
** side-effects.schema.json). Returns a new reference, or NULL when memory
** runs out. */
json_t *sd_side_effects_json(const sd_monograph *m, unsigned tier_mask);

/* The source list of m (docs/schema/sources.schema.json). New reference,
** or NULL when memory runs out. */
json_t *sd_sources_json(const sd_monograph *m);

/* One source entry (id, title, publisher, url, doi, kind, note). New
** reference or NULL. */
json_t *sd_source_json(const sd_source *s);

/* The source tags of ref as a JSON array. New reference or NULL. */
json_t *sd_srcref_json(const sd_monograph *m, struct sd_srcref ref);

#endif

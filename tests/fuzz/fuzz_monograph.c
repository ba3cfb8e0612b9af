/*
** fuzz_monograph.c: libFuzzer harness for the monograph loader.
**
** Any input must give either a monograph or an error with a message, never
** a crash, a leak or undefined behaviour. A loaded monograph is also turned
** into its JSON views, which walk every record.
*/
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "stepdown/kb.h"
#include "stepdown/kb_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sd_monograph *m = NULL;
    sd_error err;
    int rc = sd_monograph_load_buffer((const char *)data, size, "fuzz", &m,
                                      &err);

    if(rc) {
        /* A refusal always says what is wrong. */
        if(m || !err.text[0])
            __builtin_trap();
        return 0;
    }
    json_decref(sd_side_effects_json(m, SD_TIERMASK_ALL));
    json_decref(sd_sources_json(m));
    sd_monograph_free(m);
    return 0;
}

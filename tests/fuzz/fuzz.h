/*
** fuzz.h: what the libFuzzer harnesses share: the invariant check and the
** monograph they load once. Each harness defines FUZZ_NAME before
** including it.
*/
#ifndef SD_FUZZ_H
#define SD_FUZZ_H

#include <stdio.h>
#include <stdlib.h>

#include "stepdown/kb.h"

#ifndef FUZZ_NAME
#error "define FUZZ_NAME (the harness's name) before including fuzz.h"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort (a finding) when an invariant does not hold. */
#define CHECK(cond)                                                         \
    do {                                                                    \
        if(!(cond)) {                                                       \
            fprintf(stderr, FUZZ_NAME ": invariant failed: %s (line %d)\n", \
                    #cond, __LINE__);                                       \
            abort();                                                        \
        }                                                                   \
    } while(0)

/* The monograph at $STEPDOWN_MONOGRAPH, else the repository's; exits when
** it cannot be loaded. */
static inline sd_monograph *fuzz_monograph(void)
{
    const char *path = getenv("STEPDOWN_MONOGRAPH");
    sd_monograph *m;
    sd_error err;
    if(!path || !*path)
        path = "data/drugs/baclofen.json";
    if(sd_monograph_load_file(path, &m, &err)) {
        fprintf(stderr, FUZZ_NAME ": %s: %s (run from the repository root "
                "or set STEPDOWN_MONOGRAPH)\n", path, err.text);
        exit(1);
    }
    return m;
}

#endif

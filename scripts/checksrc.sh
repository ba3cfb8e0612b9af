#!/bin/sh
# checksrc.sh: source rules that the compiler does not check (house style):
# no banned string functions, no drug name in the engine, no formatted SQL.
set -u
status=0
files=$(find src include -name '*.[ch]')
banned=$(grep -nE '\b(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atof|strtok)[[:space:]]*\(' $files | grep -v 'snprintf\|vsnprintf')
if [ -n "$banned" ]; then
    echo "checksrc: banned functions (use snprintf, strtol with checks, bounded copies):"; echo "$banned"; status=1
fi
drug=$(grep -rniI 'baclofen' src include)
if [ -n "$drug" ]; then
    echo "checksrc: the engine must not name a drug (keep it in data/):"; echo "$drug"; status=1
fi
sql=$(grep -nE 'sqlite3_mprintf|sqlite3_exec[[:space:]]*\([^,]*,[[:space:]]*[^"]' $files)
if [ -n "$sql" ]; then
    echo "checksrc: format no SQL text; use prepared statements:"; echo "$sql"; status=1
fi
[ $status -eq 0 ] && echo "checksrc: $(echo $files | wc -w) files clean"
exit $status

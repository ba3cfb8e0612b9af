#!/usr/bin/env python3
"""Convert the PsyTAR mapped-mention TSVs into tests/data/psytar/mentions.json.

Usage: python3 convert.py [SHARED_PSYTAR_DIR]   (default: ../../../../shared/data/psytar)

Input: adr_mapped.tsv and wd_mapped.tsv (tab-separated, UTF-8, one header line,
fields quoted RFC 4180 style with doubled quotes), columns id, drug, mention,
umls_cui, umls_name, snomed_code, snomed_term, entity_type.
Output: {"source": ..., "mentions": [{"set", "id", "drug", "mention",
"umls_cui", "snomed_code", "snomed_term"}, ...]} with every row kept, in file
order (adr first, then wd); empty codes stay "". Values are taken verbatim
(no case folding or trimming). Python 3 standard library only.
"""
import csv
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../../../shared/data/psytar")
FIELDS = ("drug", "mention", "umls_cui", "snomed_code", "snomed_term")

mentions = []
for tag, name in (("adr", "adr_mapped.tsv"), ("wd", "wd_mapped.tsv")):
    with open(os.path.join(SRC, name), newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quotechar='"', doublequote=True, strict=True):
            m = {"set": tag, "id": int(row["id"])}
            m.update((k, row[k] or "") for k in FIELDS)
            mentions.append(m)

out = {
    "source": "PsyTAR (Zolnoori et al. 2019, CC BY 4.0), sheets ADR_Mapped and WD-Mapped; "
              "converted by tests/data/psytar/convert.py. Held-out split: id % 5 == 0 "
              "(do not use for lexicon tuning).",
    "mentions": mentions,
}
with open(os.path.join(HERE, "mentions.json"), "w", encoding="utf-8") as fh:
    # one mention per line: small, readable diffs
    fh.write('{\n "source": %s,\n "mentions": [\n' % json.dumps(out["source"], ensure_ascii=False))
    fh.write(",\n".join("  " + json.dumps(m, ensure_ascii=False) for m in mentions))
    fh.write("\n ]\n}\n")
print("wrote %d mentions" % len(mentions), file=sys.stderr)

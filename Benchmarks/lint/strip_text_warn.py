#!/usr/bin/env python3
"""strip_text_warn.py SPEC OUT: copies SPEC without the `warn:` block of TextBlockParam.text
(the whitespace-only check, a regex), for the benchmark's what-if row. Exits 1, writing
nothing, when the spec no longer has that block."""
import re
import sys

text = open(sys.argv[1], encoding="utf-8").read()
block = re.search(r"^  TextBlockParam:\n(?:^(?:    .*|\s*)\n)*", text, re.M)
if not block:
    sys.exit(1)
body = block.group(0)
stripped = re.sub(r"^(        )warn:\n(?:^\1  .*\n)+", "", body, count=1, flags=re.M)
if stripped == body:
    print("strip_text_warn: no warn block in TextBlockParam; what-if row skipped", file=sys.stderr)
    sys.exit(1)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write(text[: block.start()] + stripped + text[block.end():])

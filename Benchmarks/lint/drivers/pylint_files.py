#!/usr/bin/env python3
"""Whole-process drivers for Benchmarks/lint, one file at a time in one process.

    pylint_files.py jsonschema-rs SCHEMA PATH...   compile the schema once, then read, parse
                                                    (json.loads) and validate every file
    pylint_files.py json-loads PATH...              read and parse (json.loads) only: the
                                                    Python parse baseline

PATH may be a file or a directory (searched recursively for *.json, sorted). Prints one JSON
line: {"files": N, "invalid": K, "errors": E, "invalid_paths": [...]}.
"""
import json
import os
import sys


def expand(paths):
    for p in paths:
        if os.path.isdir(p):
            found = []
            for root, _, names in os.walk(p):
                found += [os.path.join(root, n) for n in names if n.endswith(".json")]
            yield from sorted(found)
        else:
            yield p


def main(argv):
    mode = argv[1]
    if mode == "jsonschema-rs":
        import jsonschema_rs

        with open(argv[2], "rb") as f:
            validator = jsonschema_rs.validator_for(json.loads(f.read()))
        paths = argv[3:]
    elif mode == "json-loads":
        validator = None
        paths = argv[2:]
    else:
        sys.exit(f"unknown mode {mode!r}")
    files = errors = 0
    invalid = []
    for path in expand(paths):
        files += 1
        with open(path, "rb") as f:
            data = f.read()
        try:
            instance = json.loads(data)
        except ValueError:
            invalid.append(path)
            errors += 1
            continue
        # Fast path for valid files; every error is collected only for invalid ones, as a
        # linter reports them all.
        if validator is not None and not validator.is_valid(instance):
            invalid.append(path)
            errors += sum(1 for _ in validator.iter_errors(instance))
    print(json.dumps({"files": files, "invalid": len(invalid), "errors": errors, "invalid_paths": invalid}))


if __name__ == "__main__":
    main(sys.argv)

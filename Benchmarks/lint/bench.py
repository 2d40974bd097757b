#!/usr/bin/env python3
"""Times spec-lint against JSON Schema validators and parse-only baselines; run by run.sh.

Every tool runs as a whole process over a whole corpus (small: many ~1.5 KB requests; large:
a few ~5 MB requests of few long strings; dense: a few ~5 MB requests of thousands of short
turns), interleaved, BENCH_RUNS times (default 3); the median wall time counts.
Peak memory is the child's ru_maxrss from wait4(2) (the figure GNU time's %M prints; for
check-jsonschema under xargs it is the largest of its processes). Standard output goes to a
file, so terminal speed plays no part; the last run's output gives each tool's verdicts.
"""
import argparse
import json
import os
import subprocess
import sys
import time

SMALL_TARGET = 3.0       # spec-lint small-corpus files/s on all cores >= 3x jsonschema-rs
SMALL_J1_TARGET = 2.0    # ... and with --jobs 1 >= 2x
DENSE_TARGET = 3.0       # spec-lint --jobs 1 dense-corpus MB/s >= 3x jsonschema-rs
DENSE_MBS_TARGET = 300   # ... and >= 300 MB/s
LARGE_TARGET = 1.5       # spec-lint large-file MB/s >= 1.5x jsonschema-rs (the earlier target)
MEMORY_FACTOR, MEMORY_EXTRA_MB = 1.5, 32  # peak RSS <= 1.5x the largest input + 32 MB
CORPORA = ("small", "large", "dense")
# check-jsonschema takes minutes per run on the dense corpus (pure-Python validation of ~250,000 blocks a file);
# it is left out there, so one run of the benchmark stays a few minutes.
SKIP = {("check-jsonschema", "dense")}


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--spec-lint", required=True)
    ap.add_argument("--python", required=True, help="the virtualenv's python")
    ap.add_argument("--check-jsonschema", required=True)
    ap.add_argument("--json-serialization", help="the Swift JSONSerialization baseline binary")
    ap.add_argument("--what-if-spec", help="a copy of the spec without one costly check, for an extra spec-lint row")
    ap.add_argument("--baseline-spec-lint", default=os.environ.get("BENCH_BASELINE_LINT"),
                    help="another spec-lint binary (e.g. built from an earlier commit), for a before/after row")
    ap.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "3")))
    ap.add_argument("--only", default=os.environ.get("BENCH_ONLY", ""), help="comma-separated tool keys")
    return ap.parse_args()


# ── verdict parsers: output text -> set of invalid paths (relative to the corpus) ────────────

def spec_lint_verdicts(text):
    report = json.loads(text)
    invalid = {f["path"] for f in report["files"] if f["status"] != "valid"}
    warned = sum(1 for f in report["files"] if f["status"] == "valid" and f["warnings"] > 0)
    return invalid, {"errors": report["summary"]["errors"], "warnings": report["summary"]["warnings"],
                     "valid files with warnings": warned}


def driver_verdicts(text):
    out = json.loads(text)
    return set(out.get("invalid_paths", [])), {"errors": out["errors"]}


def parse_only_verdicts(text):
    out = json.loads(text)
    return {f"<{out['invalid']} unparsable>"} if out["invalid"] else set(), {}


def check_jsonschema_verdicts(text):
    """check-jsonschema -o json, once per xargs batch: concatenated JSON documents."""
    decoder, pos, invalid, errors = json.JSONDecoder(), 0, set(), 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            break
        doc, pos = decoder.raw_decode(text, pos)
        for e in doc.get("errors", []):
            invalid.add(e["filename"])
            errors += 1
        for e in doc.get("parse_errors", []):
            invalid.add(e.get("filename", "?"))
            errors += 1
    return invalid, {"errors": errors}


def tools(a, lists):
    """key -> (label, command for a corpus directory, verdict parser)."""
    t = {
        "spec-lint": ("spec-lint (2 threads)", lambda d: [a.spec_lint, "--format", "json", d], spec_lint_verdicts),
        "spec-lint-j1": ("spec-lint --jobs 1", lambda d: [a.spec_lint, "--format", "json", "--jobs", "1", d], spec_lint_verdicts),
        "spec-lint-what-if": ("spec-lint, what-if: no text warn regex",
                              lambda d: [a.spec_lint, "--format", "json", "--spec", a.what_if_spec, d], spec_lint_verdicts),
        "jsonschema-rs": ("jsonschema-rs (Python driver)",
                          lambda d: [a.python, DRIVER, "jsonschema-rs", "schema.json", d], driver_verdicts),
        "check-jsonschema": ("check-jsonschema (xargs)",
                             lambda d: ["xargs", "-d", "\n", "-s", "1000000", "-a", lists[d], a.check_jsonschema,
                                        "--schemafile", "schema.json", "-o", "json"], check_jsonschema_verdicts),
        "json-loads": ("parse only: Python json.loads", lambda d: [a.python, DRIVER, "json-loads", d], parse_only_verdicts),
    }
    if not a.what_if_spec:
        del t["spec-lint-what-if"]
    if a.baseline_spec_lint:
        t["spec-lint-baseline"] = ("spec-lint, baseline binary (2 threads)",
                                   lambda d: [a.baseline_spec_lint, "--format", "json", d], spec_lint_verdicts)
        t["spec-lint-baseline-j1"] = ("spec-lint, baseline binary --jobs 1",
                                      lambda d: [a.baseline_spec_lint, "--format", "json", "--jobs", "1", d], spec_lint_verdicts)
    if a.json_serialization:
        t["json-serialization"] = ("parse only: Swift JSONSerialization",
                                   lambda d: [a.json_serialization, d], parse_only_verdicts)
    return t


DRIVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "drivers", "pylint_files.py")


def run_once(cmd, cwd, out_path):
    with open(out_path, "wb") as out, open(out_path + ".err", "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024, "exit": proc.returncode}


def corpus_files(root, sub):
    names = sorted(n for n in os.listdir(os.path.join(root, sub)) if n.endswith(".json"))
    return [f"{sub}/{n}" for n in names]


def main():
    a = parse_args()
    root = os.path.abspath(a.corpus)
    with open(os.path.join(root, "manifest.json")) as f:
        manifest = json.load(f)
    corpora = {}
    lists = {}
    for sub in CORPORA:
        files = corpus_files(root, sub)
        corpora[sub] = {"files": len(files), "bytes": sum(os.path.getsize(os.path.join(root, p)) for p in files),
                        "largest": max(os.path.getsize(os.path.join(root, p)) for p in files)}
        lists[sub] = os.path.join(root, f"{sub}.list")
        with open(lists[sub], "w") as f:
            f.write("\n".join(files) + "\n")
    os.makedirs(os.path.join(root, "empty"), exist_ok=True)
    out_dir = os.path.join(root, "out")
    os.makedirs(out_dir, exist_ok=True)

    all_tools = tools(a, lists)
    keys = [k for k in all_tools if not a.only or k in a.only.split(",")]
    for k in ("spec-lint", "jsonschema-rs"):
        if k not in keys:
            sys.exit(f"bench: {k} is needed for the ratios; it cannot be left out")
    results = {}   # (key, corpus) -> list of runs
    print(f"bench: load average before: {load_average()} ({os.cpu_count()} cores)", flush=True)
    empty_runs = []
    print(f"bench: {len(keys)} tools x {len(CORPORA)} corpora x {a.runs} runs, interleaved ("
          + "; ".join(f"{sub}: {corpora[sub]['files']} files, {corpora[sub]['bytes'] / 1e6:.1f} MB" for sub in CORPORA)
          + ")", flush=True)
    for run in range(a.runs):
        empty_runs.append(run_once([a.spec_lint, "--format", "json", "empty"], root, os.path.join(out_dir, "spec-lint-empty.out")))
        for sub in CORPORA:
            for key in keys:
                if (key, sub) in SKIP:
                    continue
                label, command, _ = all_tools[key]
                r = run_once(command(sub), root, os.path.join(out_dir, f"{key}-{sub}.out"))
                if r["exit"] not in (0, 1, 123):  # 123: xargs when a batch exits 1
                    err = open(os.path.join(out_dir, f"{key}-{sub}.out.err")).read()[-2000:]
                    sys.exit(f"bench: {label} failed on {sub} with exit {r['exit']}:\n{err}")
                results.setdefault((key, sub), []).append(r)
        print(f"bench: run {run + 1}/{a.runs} done", flush=True)

    print(f"bench: load average after: {load_average()}", flush=True)

    # ── timing table ────────────────────────────────────────────────────────────────────────
    median = lambda v: sorted(v, key=lambda r: r["wall"])[len(v) // 2]
    best = {k: median(v) for k, v in results.items()}
    peak = {k: max(r["rss_mb"] for r in v) for k, v in results.items()}
    empty_rss = min(r["rss_mb"] for r in empty_runs)
    header = ["tool", "corpus", "wall s", "cpu s", "files/s", "MB/s", "peak RSS MB", "vs jsonschema-rs", "(cpu)"]
    rows = []
    for sub in CORPORA:
        base = best[("jsonschema-rs", sub)]["wall"]
        base_cpu = min(r["cpu"] for r in results[("jsonschema-rs", sub)])
        for key in keys:
            if (key, sub) in SKIP:
                continue
            b = best[(key, sub)]
            c = corpora[sub]
            rows.append([all_tools[key][0], f"{sub} ({c['files']})", f"{b['wall']:.3f}", f"{b['cpu']:.3f}",
                         f"{c['files'] / b['wall']:,.0f}", f"{c['bytes'] / 1e6 / b['wall']:.1f}",
                         f"{peak[(key, sub)]:.1f}", f"{base / b['wall']:.2f}x",
                         f"{base_cpu / min(r['cpu'] for r in results[(key, sub)]):.2f}x"])
    print()
    print(f"Median of {a.runs} whole-process runs, warm page cache. wall/files/s/MB/s: the median wall time; cpu s: "
          f"user+sys of that run; peak RSS: largest ru_maxrss over the runs; vs jsonschema-rs: its median wall / the "
          f"tool's median wall on the same corpus in this run (> 1 = faster); (cpu): the same with the least user+sys "
          f"time, steadier on a busy machine but blind to parallelism.")
    print_table(header, rows)

    # ── targets ─────────────────────────────────────────────────────────────────────────────
    ratio = lambda key, sub: best[("jsonschema-rs", sub)]["wall"] / best[(key, sub)]["wall"]
    cpu = lambda key, sub: min(r["cpu"] for r in results[(key, sub)])
    cpu_ratio = lambda key, sub: cpu("jsonschema-rs", sub) / cpu(key, sub)
    checks = [
        (f"spec-lint small-corpus files/s on all cores >= {SMALL_TARGET}x jsonschema-rs",
         f"{ratio('spec-lint', 'small'):.2f}x (by cpu time {cpu_ratio('spec-lint', 'small'):.2f}x)",
         ratio("spec-lint", "small") >= SMALL_TARGET),
    ]
    if "spec-lint-j1" in keys:
        dense_mbs = corpora["dense"]["bytes"] / 1e6 / best[("spec-lint-j1", "dense")]["wall"]
        checks += [
            (f"spec-lint --jobs 1 small-corpus files/s >= {SMALL_J1_TARGET}x jsonschema-rs",
             f"{ratio('spec-lint-j1', 'small'):.2f}x (by cpu time {cpu_ratio('spec-lint-j1', 'small'):.2f}x)",
             ratio("spec-lint-j1", "small") >= SMALL_J1_TARGET),
            (f"spec-lint --jobs 1 dense-corpus MB/s >= {DENSE_TARGET}x jsonschema-rs",
             f"{ratio('spec-lint-j1', 'dense'):.2f}x (by cpu time {cpu_ratio('spec-lint-j1', 'dense'):.2f}x)",
             ratio("spec-lint-j1", "dense") >= DENSE_TARGET),
            (f"spec-lint --jobs 1 dense-corpus MB/s >= {DENSE_MBS_TARGET}", f"{dense_mbs:.0f} MB/s",
             dense_mbs >= DENSE_MBS_TARGET),
        ]
    checks.append((f"(earlier target) spec-lint large-file MB/s >= {LARGE_TARGET}x jsonschema-rs",
                   f"{ratio('spec-lint', 'large'):.2f}x (by cpu time {cpu_ratio('spec-lint', 'large'):.2f}x)",
                   ratio("spec-lint", "large") >= LARGE_TARGET))
    for sub in ("large", "dense"):
        largest_mb = corpora[sub]["largest"] / 1e6
        limit = MEMORY_FACTOR * largest_mb + MEMORY_EXTRA_MB
        checks.append((f"spec-lint peak RSS on the {sub} corpus <= {MEMORY_FACTOR}x its largest input "
                       f"({largest_mb:.2f} MB) + {MEMORY_EXTRA_MB} MB = {limit:.1f} MB",
                       f"{peak[('spec-lint', sub)]:.1f} MB (empty directory: {empty_rss:.1f} MB)",
                       peak[("spec-lint", sub)] <= limit))
    if ("spec-lint-what-if", "large") in peak:
        largest_mb = corpora["large"]["largest"] / 1e6
        checks.append(("(not a target) peak RSS on the large corpus with the spec's text warn pattern removed",
                       f"{peak[('spec-lint-what-if', 'large')]:.1f} MB",
                       peak[("spec-lint-what-if", "large")] <= MEMORY_FACTOR * largest_mb + MEMORY_EXTRA_MB))
    print()
    print("Targets:")
    for text, value, ok in checks:
        print(f"  [{'PASS' if ok else 'FAIL'}] {text}: {value}")

    # ── verdicts ────────────────────────────────────────────────────────────────────────────
    truth = manifest["files"]
    print()
    print("Files judged invalid (last run) against the corpus manifest (invalid by construction):")
    vheader = ["tool", "corpus", "invalid", "expected", "missed (by mistake kind)", "extra", "notes"]
    vrows = []
    for sub in CORPORA:
        expected = {p for p, e in truth.items() if p.startswith(sub + "/") and not e["valid"]}
        for key in keys:
            if (key, sub) in SKIP:
                continue
            label, _, parse = all_tools[key]
            with open(os.path.join(out_dir, f"{key}-{sub}.out")) as f:
                invalid, extra_info = parse(f.read())
            if key in ("json-loads", "json-serialization"):
                vrows.append([label, sub, str(len(invalid)), "-", "-", "-", "parse only: every file is well-formed JSON"])
                continue
            missed = {}
            for p in expected - invalid:
                kind = truth[p].get("kind", "?")
                missed[kind] = missed.get(kind, 0) + 1
            extra = sorted(invalid - expected)
            notes = ", ".join(f"{k} {v}" for k, v in extra_info.items())
            if key.startswith("spec-lint"):
                warned = sum(1 for p, e in truth.items() if p.startswith(sub + "/") and e.get("warning"))
                notes += f" (expected {warned}: temperature in (1, 2] warns, schema allows 0..2)"
            vrows.append([label, sub, str(len(invalid)), str(len(expected)),
                          ", ".join(f"{k}: {v}" for k, v in sorted(missed.items())) or "none",
                          str(len(extra)) + (f" e.g. {extra[0]}" if extra else ""), notes])
    print_table(vheader, vrows)

    with open(os.path.join(root, "results.json"), "w") as f:
        json.dump({"corpora": corpora, "runs": {f"{k}/{s}": v for (k, s), v in results.items()},
                   "empty_spec_lint_runs": empty_runs,
                   "targets": [{"check": t, "value": v, "pass": ok} for t, v, ok in checks]}, f, indent=1)
    print(f"\nRaw timings: {os.path.join(root, 'results.json')}")
    if os.environ.get("BENCH_STRICT") == "1" and not all(ok for _, _, ok in checks):
        sys.exit(1)


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def print_table(header, rows):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))


if __name__ == "__main__":
    main()

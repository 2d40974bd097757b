#!/usr/bin/env python3
"""Deterministic corpus of Anthropic Messages API requests for Benchmarks/lint.

    gen_corpus.py OUT_DIR [--small N] [--large N] [--dense N] [--seed S]

Writes OUT_DIR/small/req-NNNNN.json (about 1.5 KB each, ~70% valid, the rest with one
realistic mistake), OUT_DIR/large/*.json (about 5 MB each, few long strings),
OUT_DIR/dense/*.json (about 5 MB each of thousands of short turns with every block kind, the
shape of a long agent conversation log; pretty and compact, half with one mistake deep inside)
and OUT_DIR/manifest.json (the intended verdict and mistake kind of every file, plus a digest
of all bytes written).

Python standard library only. The same seed and version give byte-identical files; when
OUT_DIR/manifest.json already has the same parameters the corpus is left as it is.
"""

import argparse
import base64
import hashlib
import json
import os
import random
import shutil
import sys

GENERATOR_VERSION = 4

MODELS = [
    "claude-opus-4-7", "claude-sonnet-4-6", "claude-haiku-4-5", "claude-sonnet-4-5-20250929",
    "claude-opus-4-1-20250805", "claude-3-7-sonnet-20250219", "claude-3-5-haiku-20241022",
]
# What the spec's model profiles say (Spec/messages.yaml, models:), so valid requests stay valid
# under the request rules: no sampling parameters on Opus 4.7, only adaptive thinking there, no
# thinking and at most 8192 output tokens on Claude 3.5 Haiku.
NO_SAMPLING = {"claude-opus-4-7"}
ADAPTIVE_ONLY = {"claude-opus-4-7"}
NO_THINKING = {"claude-3-5-haiku-20241022"}
MAX_OUTPUT = {"claude-3-5-haiku-20241022": 8192}
WORDS = (
    "the a of to and in is for on with that this it as be are by from at or an data file user "
    "request model result value error list table query report summary weather city price order "
    "invoice customer account balance schedule meeting note draft review translate explain "
    "compare analyze function parameter response message context token budget cache tool "
    "größe naïve café déjà über 東京 データ 日本語 résumé Zürich São Paulo"
).split()
TOOL_NAMES = [
    "get_weather", "search_docs", "lookup_order", "create_ticket", "run_sql", "send_email",
    "get_stock_price", "translate_text", "list_files", "read_file", "calendar_lookup", "geocode",
]
PROP_TYPES = ["string", "integer", "number", "boolean"]
MEDIA_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"]
ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

# Mistake kinds and their share of the invalid files. "rule" is a cross-field rule
# (thinking.budget_tokens >= max_tokens) that JSON Schema cannot express: spec-lint rejects it,
# schema validators accept it, which the benchmark reports as an expected disagreement.
MISTAKES = [
    ("unknown-field", 26), ("wrong-type", 22), ("out-of-range", 18), ("bad-enum", 16),
    ("missing-required", 15), ("rule", 3),
]


class Gen:
    def __init__(self, rng):
        self.r = rng

    def words(self, lo, hi):
        return " ".join(self.r.choice(WORDS) for _ in range(self.r.randint(lo, hi)))

    def sentence(self, lo=6, hi=24):
        s = self.words(lo, hi)
        return s[0].upper() + s[1:] + self.r.choice([".", "?", ".", "!"])

    def ident(self, prefix, n=24):
        return prefix + "".join(self.r.choice(ALNUM) for _ in range(n))

    # ── pieces ────────────────────────────────────────────────────────────────────────────

    def tool(self, name):
        props = {}
        for i in range(self.r.randint(1, 3)):
            pname = self.r.choice(["location", "query", "limit", "unit", "id", "verbose", "lang", "path"]) + (str(i) if i else "")
            props[pname] = {"type": self.r.choice(PROP_TYPES), "description": self.words(3, 8)}
        schema = {"type": "object", "properties": props, "required": sorted(self.r.sample(sorted(props), self.r.randint(0, len(props))))}
        t = {"name": name, "description": self.sentence(6, 16), "input_schema": schema}
        if self.r.random() < 0.2:
            t = {"type": "custom", **t}
        if self.r.random() < 0.1:
            t["cache_control"] = {"type": "ephemeral"}
        return t

    def image_block(self):
        raw = self.r.randbytes(self.r.randint(60, 240))
        return {"type": "image", "source": {"type": "base64", "media_type": self.r.choice(MEDIA_TYPES),
                                           "data": base64.b64encode(raw).decode()}}

    def text_block(self, lo=4, hi=22):
        b = {"type": "text", "text": self.sentence(lo, hi)}
        if self.r.random() < 0.08:
            b["cache_control"] = {"type": "ephemeral", "ttl": self.r.choice(["5m", "1h"])}
        return b

    def tool_input(self):
        return {"location": self.r.choice(["Paris", "Tokyo", "São Paulo", "Zürich", "Lagos"]),
                "limit": self.r.randint(1, 50), "verbose": self.r.random() < 0.5}

    def conversation(self, tools, thinking):
        """Alternating turns starting with the user; tool_use answered by tool_result."""
        msgs = [{"role": "user", "content": self.sentence(6, 22) if self.r.random() < 0.5 else
                 [self.text_block()] + ([self.image_block()] if self.r.random() < 0.35 else [])}]
        for _ in range(self.r.randint(0, 2)):
            blocks = []
            if thinking:
                blocks.append({"type": "thinking", "thinking": self.sentence(8, 24), "signature": self.ident("Eq", 40)})
            blocks.append(self.text_block(3, 15))
            if tools and self.r.random() < 0.7:
                tid = self.ident("toolu_", 20)
                blocks.append({"type": "tool_use", "id": tid, "name": self.r.choice(tools)["name"], "input": self.tool_input()})
                msgs.append({"role": "assistant", "content": blocks})
                result = {"type": "tool_result", "tool_use_id": tid,
                          "content": self.sentence(4, 20) if self.r.random() < 0.6 else [self.text_block(3, 12)]}
                if self.r.random() < 0.15:
                    result["is_error"] = True
                msgs.append({"role": "user", "content": [result]})
            else:
                msgs.append({"role": "assistant", "content": blocks if self.r.random() < 0.6 else self.sentence(6, 20)})
                msgs.append({"role": "user", "content": self.sentence(5, 20)})
        return msgs

    def valid_request(self):
        r = self.r
        model = r.choice(MODELS)
        req = {"model": model, "max_tokens": min(r.choice([256, 512, 1024, 2048, 4096, 8192, 16000]), MAX_OUTPUT.get(model, 1 << 30))}
        tools = [self.tool(n) for n in r.sample(TOOL_NAMES, r.choice([0, 1, 1, 2, 2, 3]))]
        thinking = None
        if r.random() < 0.25 and model not in NO_THINKING:
            kind = r.choice(["enabled", "enabled", "adaptive", "disabled"])
            if kind == "enabled" and model in ADAPTIVE_ONLY:
                kind = "adaptive"
            if kind == "enabled":
                req["max_tokens"] = max(req["max_tokens"], 4096)
                thinking = {"type": "enabled", "budget_tokens": r.randint(1024, req["max_tokens"] - 1)}
            else:
                thinking = {"type": kind}
        req["messages"] = self.conversation(tools, thinking is not None and thinking["type"] != "disabled")
        if r.random() < 0.6:
            req["system"] = self.sentence(6, 25) if r.random() < 0.6 else [
                {"type": "text", "text": self.sentence(6, 25), "cache_control": {"type": "ephemeral"}}]
        if tools:
            req["tools"] = tools
            if r.random() < 0.5:
                forced_ok = not (thinking and thinking["type"] == "enabled")
                choice = r.choice(["auto", "any", "tool", "none"] if forced_ok else ["auto", "none"])
                req["tool_choice"] = {"type": choice, "name": r.choice(tools)["name"]} if choice == "tool" else {"type": choice}
                if choice in ("auto", "any", "tool") and r.random() < 0.3:
                    req["tool_choice"]["disable_parallel_tool_use"] = True
        if thinking:
            req["thinking"] = thinking
        x = r.random()
        sampling = model not in NO_SAMPLING
        manual = bool(thinking) and thinking["type"] == "enabled"   # temperature 1, no top_k, top_p >= 0.95
        if x < 0.35 and sampling and not manual:
            req["temperature"] = round(r.uniform(0, 1), 2)
        elif x < 0.45 and sampling:
            req["top_p"] = round(r.uniform(0.95 if manual else 0.5, 1), 2)
        elif x < 0.47 and sampling and not manual:
            req["temperature"] = round(r.uniform(1.05, 1.9), 2)   # accepted with a warning (gateways)
        if r.random() < 0.1 and sampling and not manual:
            req["top_k"] = r.randint(1, 200)
        if r.random() < 0.3:
            req["metadata"] = {"user_id": self.ident("u-", 16)}
        if r.random() < 0.2:
            req["stop_sequences"] = r.sample(["\n\nHuman:", "END", "###", "</answer>"], r.randint(1, 2))
        if r.random() < 0.3:
            req["stream"] = r.random() < 0.5
        if r.random() < 0.1:
            req["service_tier"] = r.choice(["auto", "standard_only"])
        if r.random() < 0.05:
            req["output_config"] = {"effort": r.choice(["low", "medium", "high"])}
        return req

    # ── mistakes ──────────────────────────────────────────────────────────────────────────

    def some_block(self, req, block_type):
        found = []
        for m in req["messages"]:
            if isinstance(m["content"], list):
                found += [b for b in m["content"] if b.get("type") == block_type]
        return self.r.choice(found) if found else None

    def break_request(self, req, kind):
        """Applies one mistake of `kind` in place; returns a short description."""
        r = self.r
        if kind == "unknown-field":
            options = [
                lambda: req.__setitem__("response_format", {"type": "json_object"}) or "top-level response_format (OpenAI)",
                lambda: req.__setitem__("max_tokens_to_sample", req["max_tokens"]) or "top-level max_tokens_to_sample (legacy)",
                lambda: req.__setitem__("stop", ["END"]) or "top-level stop instead of stop_sequences",
                lambda: req.__setitem__("user", "u-123") or "top-level user",
                lambda: req["messages"][0].__setitem__("name", "alice") or "messages[0].name",
            ]
            if "tools" in req:
                options.append(lambda: req["tools"][0].__setitem__("parameters", req["tools"][0]["input_schema"]) or "tools[0].parameters")
            tu = self.some_block(req, "tool_use")
            if tu:
                options.append(lambda: tu.__setitem__("arguments", "{}") or "tool_use.arguments")
            return r.choice(options)()
        if kind == "wrong-type":
            options = [
                lambda: req.__setitem__("max_tokens", str(req["max_tokens"])) or "max_tokens as string",
                lambda: req.__setitem__("temperature", "0.7") or "temperature as string",
                lambda: req.__setitem__("stream", "true") or "stream as string",
                lambda: req.__setitem__("max_tokens", req["max_tokens"] + 0.5) or "max_tokens not integral",
                lambda: req["messages"][0].__setitem__("content", 42) or "message content as number",
                lambda: req.__setitem__("stop_sequences", "END") or "stop_sequences as string",
            ]
            tu = self.some_block(req, "tool_use")
            if tu:
                options.append(lambda: tu.__setitem__("input", json.dumps(tu["input"])) or "tool_use.input as JSON string")
            return r.choice(options)()
        if kind == "out-of-range":
            options = [
                lambda: req.__setitem__("temperature", r.choice([2.5, 3, -0.1])) or "temperature outside 0..2",
                lambda: req.__setitem__("max_tokens", -1) or "max_tokens negative",
                lambda: (req.pop("temperature", None), req.__setitem__("top_p", 1.5)) and "top_p above 1",
                lambda: req.__setitem__("top_k", -5) or "top_k negative",
                lambda: req.__setitem__("thinking", {"type": "enabled", "budget_tokens": 512}) or "budget_tokens below 1024",
            ]
            return r.choice(options)()
        if kind == "bad-enum":
            options = [
                lambda: req["messages"].insert(0, {"role": "developer", "content": "You are helpful."}) or "role developer in messages",
                lambda: req.__setitem__("service_tier", "priority") or "service_tier priority",
                lambda: req.__setitem__("system", [{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral", "ttl": "10m"}}]) or "cache_control ttl 10m",
            ]
            img = self.some_block(req, "image")
            if img:
                options.append(lambda: img["source"].__setitem__("media_type", "image/bmp") or "image media_type image/bmp")
            if "tools" in req:
                options.append(lambda: req.__setitem__("tool_choice", {"type": "required"}) or "tool_choice type required (OpenAI)")
            return r.choice(options)()
        if kind == "missing-required":
            options = [
                lambda: req.pop("max_tokens") and "no max_tokens",
                lambda: req.pop("model") and "no model",
                lambda: req["messages"][0].pop("role") and "message without role",
            ]
            if "tools" in req:
                options.append(lambda: req["tools"][0].pop("input_schema") and "tool without input_schema")
            tr = self.some_block(req, "tool_result")
            if tr:
                options.append(lambda: tr.pop("tool_use_id") and "tool_result without tool_use_id")
            img = self.some_block(req, "image")
            if img:
                options.append(lambda: img["source"].pop("data") and "image source without data")
            return r.choice(options)()
        if kind == "rule":
            req["max_tokens"] = r.choice([2048, 4096])
            req["thinking"] = {"type": "enabled", "budget_tokens": req["max_tokens"] + r.choice([0, 1000])}
            return "thinking.budget_tokens >= max_tokens (cross-field rule)"
        raise ValueError(kind)


def dump(obj, rng):
    """Pretty-printed like most hand-written requests, sometimes compact like SDK output."""
    if rng.random() < 0.6:
        return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def small_corpus(rng, count):
    g = Gen(rng)
    kinds, weights = zip(*MISTAKES)
    for i in range(count):
        req = g.valid_request()
        entry = {"valid": True}
        if rng.random() < 0.30:
            kind = rng.choices(kinds, weights)[0]
            entry = {"valid": False, "kind": kind, "mistake": g.break_request(req, kind)}
        elif req.get("temperature", 0) > 1 or ("temperature" in req and "top_p" in req):
            entry["warning"] = True
        yield f"req-{i:05d}.json", dump(req, rng), entry


def large_corpus(rng, count):
    """~5 MB requests: a base64 image, long text, many tool results; the last one is invalid."""
    g = Gen(rng)
    target = 5 * 1000 * 1000
    for i in range(count):
        req = {"model": "claude-sonnet-4-6", "max_tokens": 4096,
               "system": "You read long inputs and answer precisely.", "messages": []}
        shape = ["image", "text", "tool-results", "image-invalid"][i % 4]
        entry = {"valid": shape != "image-invalid", "shape": shape}
        if shape.startswith("image"):
            raw = rng.randbytes(target * 3 // 4 - 600)
            req["messages"] = [{"role": "user", "content": [
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": base64.b64encode(raw).decode()}},
                {"type": "text", "text": "Describe this screenshot."}]}]
            if shape == "image-invalid":
                req["messages"][0]["content"][0]["source"]["media_type"] = "image/bmp"
                entry.update(kind="bad-enum", mistake="image media_type image/bmp after a 5 MB base64 string")
                # The mistake sits after the big string so nothing can stop early.
                src = req["messages"][0]["content"][0]["source"]
                req["messages"][0]["content"][0]["source"] = {"type": "base64", "data": src["data"], "media_type": "image/bmp"}
        elif shape == "text":
            paragraphs, size = [], 0
            while size < target - 2000:
                p = g.sentence(40, 120) + ' "quoted" \\ tab\there\n'
                paragraphs.append(p)
                size += len(p.encode()) + 8
            req["messages"] = [{"role": "user", "content": [
                {"type": "text", "text": "".join(paragraphs)}, {"type": "text", "text": "Summarize the document above."}]}]
        else:
            tools = [g.tool("read_file"), g.tool("search_docs")]
            req["tools"] = tools
            msgs, size = [{"role": "user", "content": "Read every file in the project and report."}], 0
            while size < target - 4000:
                tid = g.ident("toolu_", 20)
                text = g.text_block(3, 10)
                # A request may mark at most 4 blocks with cache_control (rule cache-control-limit).
                text.pop("cache_control", None)
                msgs.append({"role": "assistant", "content": [text, {"type": "tool_use", "id": tid, "name": "read_file", "input": g.tool_input()}]})
                body = "\n".join(g.sentence(8, 30) for _ in range(30))
                msgs.append({"role": "user", "content": [{"type": "tool_result", "tool_use_id": tid, "content": [{"type": "text", "text": body}]}]})
                size += len(body.encode()) + 400
            req["messages"] = msgs
        text = json.dumps(req, indent=1 if shape == "tool-results" else None, ensure_ascii=False)
        yield f"large-{i}-{shape}.json", text, entry


def dense_corpus(rng, count):
    """~5 MB requests of thousands of short turns: text, thinking, redacted thinking, tool_use with
    small inputs, tool_result with text and image blocks, documents. Valid under the request rules
    (thinking enabled with signatures, every tool_use answered in the next message, at most 4 cache
    breakpoints). Odd-numbered files carry one mistake about 70% of the way in, so a validator must
    read most of the file before it finds it; files 0 and 3 of every four are pretty-printed, the
    others compact."""
    g = Gen(rng)
    target = 5 * 1000 * 1000
    mistakes = ["bad-enum", "missing-required", "unknown-field", "wrong-type"]
    for i in range(count):
        tools = [g.tool(n) for n in ("read_file", "run_sql", "search_docs", "get_weather")]
        for t in tools:
            t.pop("cache_control", None)
        req = {"model": "claude-sonnet-4-6", "max_tokens": 16000,
               "thinking": {"type": "enabled", "budget_tokens": 8000},
               "system": [{"type": "text", "text": "You are a careful agent. Use the tools.", "cache_control": {"type": "ephemeral"}}],
               "tools": tools, "messages": [{"role": "user", "content": "Work through the task list."}]}
        pretty = i % 4 in (0, 3)
        size = 400
        turns = []
        while size < target:
            r = g.r
            tid = g.ident("toolu_", 20)
            assistant = [{"type": "thinking", "thinking": g.sentence(4, 14), "signature": g.ident("Eq", 32)}]
            if r.random() < 0.1:
                assistant.append({"type": "redacted_thinking", "data": g.ident("", 48)})
            assistant.append({"type": "text", "text": g.sentence(3, 10)})
            assistant.append({"type": "tool_use", "id": tid, "name": r.choice(tools)["name"], "input": g.tool_input()})
            result = {"type": "tool_result", "tool_use_id": tid,
                      "content": [{"type": "text", "text": g.sentence(3, 12)}]}
            if r.random() < 0.05:
                result["content"].append(g.image_block())
            if r.random() < 0.1:
                result["is_error"] = True
            user = [result]
            if r.random() < 0.2:
                user.append({"type": "text", "text": g.sentence(3, 10)})
            if r.random() < 0.03:
                user.append({"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": g.sentence(8, 20)}})
            turns.append(({"role": "assistant", "content": assistant}, {"role": "user", "content": user}))
            size += len(json.dumps(turns[-1], ensure_ascii=False, indent=1 if pretty else None)) + 4
        entry = {"valid": True, "turns": len(turns)}
        if i % 2 == 1:
            kind = mistakes[(i // 2) % len(mistakes)]
            assistant, user = turns[len(turns) * 7 // 10]
            if kind == "bad-enum":
                assistant["content"].append({"type": "tool_use", "id": g.ident("toolu_", 20), "name": "read_file", "input": {}})
                user["content"].insert(0, {"type": "tool_result", "tool_use_id": assistant["content"][-1]["id"], "content": "ok"})
                user["content"].append({"type": "image", "source": {"type": "base64", "media_type": "image/bmp", "data": "AAAA"}})
                mistake = "image media_type image/bmp in a turn 70% of the way in"
            elif kind == "missing-required":
                del assistant["content"][0]["signature"]
                mistake = "thinking block without signature 70% of the way in"
            elif kind == "unknown-field":
                assistant["content"][-1]["inputs"] = {}
                mistake = "tool_use with an unknown field 70% of the way in"
            else:
                user["content"][0]["is_error"] = "yes"
                mistake = "tool_result is_error as a string 70% of the way in"
            entry.update(valid=False, kind=kind, mistake=mistake)
        for pair in turns:
            req["messages"].extend(pair)
        req["messages"][-1]["content"].append({"type": "text", "text": "Summarize what you found."})
        text = json.dumps(req, indent=1 if pretty else None, ensure_ascii=False)
        yield f"dense-{i}-{'pretty' if pretty else 'compact'}.json", text, entry


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--small", type=int, default=10000)
    ap.add_argument("--large", type=int, default=4)
    ap.add_argument("--dense", type=int, default=4)
    ap.add_argument("--seed", type=int, default=20250101)
    args = ap.parse_args()
    with open(__file__, "rb") as f:
        source = hashlib.sha256(f.read()).hexdigest()[:16]
    params = {"generator": GENERATOR_VERSION, "source": source, "seed": args.seed, "small": args.small, "large": args.large,
              "dense": args.dense}
    manifest_path = os.path.join(args.out, "manifest.json")
    if os.path.exists(manifest_path):
        with open(manifest_path) as f:
            old = json.load(f)
        if old.get("params") == params:
            print(f"corpus: up to date in {args.out} (digest {old['digest'][:16]})")
            return
    for sub in ("small", "large", "dense"):
        shutil.rmtree(os.path.join(args.out, sub), ignore_errors=True)
        os.makedirs(os.path.join(args.out, sub))
    digest = hashlib.sha256()
    files = {}
    rng = random.Random(args.seed)
    for sub, gen in (("small", small_corpus(random.Random(rng.getrandbits(64)), args.small)),
                     ("large", large_corpus(random.Random(rng.getrandbits(64)), args.large)),
                     ("dense", dense_corpus(random.Random(rng.getrandbits(64)), args.dense))):
        for name, text, entry in gen:
            data = text.encode()
            digest.update(name.encode() + b"\0" + data)
            with open(os.path.join(args.out, sub, name), "wb") as f:
                f.write(data)
            entry["bytes"] = len(data)
            files[f"{sub}/{name}"] = entry
    manifest = {"params": params, "digest": digest.hexdigest(), "files": files}
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
    for sub in ("small", "large", "dense"):
        entries = [e for k, e in files.items() if k.startswith(sub + "/")]
        total = sum(e["bytes"] for e in entries)
        invalid = sum(not e["valid"] for e in entries)
        print(f"corpus: {sub}: {len(entries)} files, {total / 1e6:.1f} MB, {invalid} invalid by construction")
    print(f"corpus: digest {manifest['digest'][:16]} (seed {args.seed})")


if __name__ == "__main__":
    sys.exit(main())

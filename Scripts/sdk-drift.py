#!/usr/bin/env python3
"""Compare Spec/messages.yaml with the GA types of the official Python SDK (`anthropic`).

Walks the SDK's request TypedDicts (from MessageCreateParams) and its response, stream-event and
error models (pydantic) by wire field path, side by side with the spec, and prints:

  MISSING   something the SDK has and the spec lacks (field, union variant, enum/const value, JSON kind)
  REQUIRED  required-vs-optional differences        NULLABLE  nullability differences
  BETA      the spec gates behind a beta feature something the SDK has as GA
  KIND      the two sides disagree on the JSON kind
  info      the spec has something the SDK lacks, or is deliberately more lenient (not counted)

Matching uses wire names and discriminator tags only, never class or type names. Each pair
(SDK type, spec type) is compared once, breadth first, so cycles end and every difference is shown
at its shortest path. Path syntax: `.field`, `[]` array item, `{tag}` variant, `<map>` map value.

Exit status: 0 when every counted difference is in EXPLAINED below (each reason must also appear
in the spec as a `# sdk-drift: <reason>` comment), 1 otherwise, 2 on a usage error.
Run it through Scripts/sdk-drift.sh, which installs the SDK into a throw-away venv.
"""
import argparse, collections, collections.abc, functools, os, re, sys, types, typing
import typing_extensions as te
import yaml

# Differences that are known and accepted: "KIND path[: detail]" -> one-line reason.
EXPLAINED = {
    "MISSING request.tools[]{custom}.input_schema: JSON kind object(map)":
        "input_schema: the SDK also types it as a bare Dict[str, object]; the spec keeps type: object required, as the API does",
}

SCALARS = {str: "string", int: "integer", float: "number", bool: "boolean"}
Diff = collections.namedtuple("Diff", "kind path detail counted")


# ── SDK side ────────────────────────────────────────────────────────────────────────────────

def sdk_alts(tp):
    """Flatten an SDK annotation into JSON alternatives: (kind, payload) tuples."""
    origin, args = te.get_origin(tp), te.get_args(tp)
    if origin in (te.Annotated, typing.Annotated):
        return sdk_alts(args[0])
    if origin in (te.Required, te.NotRequired, typing.ClassVar):
        return sdk_alts(args[0])
    if origin in (typing.Union, types.UnionType):
        return [a for arg in args for a in sdk_alts(arg)]
    if origin in (te.Literal, typing.Literal):
        out = []
        for v in args:
            if v is None:
                out.append(("null", None))
            elif isinstance(v, bool):
                out.append(("boolean", None))
            elif isinstance(v, int):
                out.append(("integer", None))
            else:
                out.append(("string", frozenset([v])))
        return out
    if tp is type(None) or tp is None:
        return [("null", None)]
    if tp in SCALARS:
        return [(SCALARS[tp], None)]
    if tp is object or tp is typing.Any:
        return [("any", None)]
    if getattr(tp, "__name__", "") in ("datetime", "date", "PathLike") or origin in (typing.IO,) \
            or getattr(origin, "__name__", "") in ("IO", "PathLike"):
        return [("string", None)]                      # dates and file inputs travel as strings
    if origin in (dict, typing.Dict, collections.abc.Mapping):
        return [("map", args[1] if args else object)]
    if origin in (list, tuple, set, collections.abc.Iterable, collections.abc.Sequence) or \
            getattr(origin, "__name__", "") == "SequenceNotStr":
        return [("array", args[0] if args else object)]
    if getattr(tp, "__name__", "") == "SequenceNotStr":
        return [("array", object)]
    if isinstance(tp, type) and (te.is_typeddict(tp) or hasattr(tp, "model_fields")):
        return [("object", tp)]
    raise SystemExit(f"sdk-drift: cannot classify SDK annotation {tp!r}")


@functools.lru_cache(maxsize=None)
def sdk_fields(cls):
    """Wire name -> (annotation, required, nullable) for a TypedDict or a pydantic model."""
    out = {}
    if te.is_typeddict(cls):
        hints = typing.get_type_hints(cls, include_extras=True)
        for name, tp in hints.items():              # string annotations: read Required[] from the hint
            wrap = te.get_origin(tp)
            req = wrap is te.Required or (cls.__total__ and wrap is not te.NotRequired)
            out[name] = (tp, req, ("null", None) in sdk_alts(tp))
    else:
        for name, f in cls.model_fields.items():
            out[f.alias or name] = (f.annotation, f.is_required(), ("null", None) in sdk_alts(f.annotation))
    return out


def sdk_tags(cls, disc):
    tp = sdk_fields(cls).get(disc, (None,))[0]
    if tp is None:
        return None
    vals = set()
    for kind, payload in sdk_alts(tp):
        if kind == "string" and payload:
            vals |= payload
        elif kind != "null":
            return None
    return vals or None


# ── Spec side ───────────────────────────────────────────────────────────────────────────────

class Spec:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.text = f.read()
        self.doc = yaml.safe_load(self.text)
        self.types = self.doc["types"]

    @staticmethod
    def split_union(expr):
        parts, depth, cur = [], 0, ""
        for ch in expr:
            depth += ch == "<"
            depth -= ch == ">"
            if ch == "|" and depth == 0:
                parts.append(cur.strip()); cur = ""
            else:
                cur += ch
        return parts + [cur.strip()]

    def alts(self, expr, beta=None):
        """Flatten a spec type expression into (kind, payload, beta) alternatives."""
        if isinstance(expr, dict):                         # a field mapping
            if "const" in expr:
                return self.const_alt(expr["const"], beta)
            expr = expr["type"]
        expr = str(expr).strip()
        parts = self.split_union(expr)
        if len(parts) > 1:
            return [a for p in parts for a in self.alts(p, beta)]
        if expr in ("string", "integer", "number", "boolean", "any"):
            return [(expr, None, beta)]
        for wrap, kind in (("array<", "array"), ("map<", "map")):
            if expr.startswith(wrap):
                return [(kind, expr[len(wrap):-1], beta)]
        t = self.types.get(expr)
        if t is None:
            raise SystemExit(f"sdk-drift: spec names unknown type {expr!r}")
        beta = t.get("beta") or beta
        kind = t["kind"]
        if kind == "object":
            return [("object", expr, beta)]
        if kind == "union":
            out = []
            for tag, v in t["variants"].items():
                name = v if isinstance(v, str) else v["type"]
                vb = None if isinstance(v, str) else v.get("beta")
                out += [(k, p, vb or b) for k, p, b in self.alts(name, beta)]
            return out
        if kind == "oneof":
            return [a for v in t["variants"].values() for a in self.alts(v, beta)]
        if kind == "enum":
            vals = [next(iter(v)) if isinstance(v, dict) else v for v in t["values"]]
            return [("string", frozenset(str(v) for v in vals), beta)]
        if kind == "const":
            return self.const_alt(t["value"], beta)
        if kind == "array":
            return [("array", t["items"], beta)]
        if kind == "map":
            return [("map", t["values"], beta)]
        return [(kind, None, beta)]                          # named string/integer/number/boolean/any

    @staticmethod
    def const_alt(v, beta):
        if isinstance(v, bool):
            return [("boolean", None, beta)]
        if isinstance(v, int):
            return [("integer", None, beta)]
        return [("string", frozenset([str(v)]), beta)]

    def fields(self, name):
        out = {}
        for fname, f in (self.types[name].get("fields") or {}).items():
            m = f if isinstance(f, dict) else {"type": f}
            out[str(fname)] = (m, bool(m.get("required")), bool(m.get("nullable")), m.get("beta"))
        return out

    def tags(self, name, disc):
        f = self.fields(name).get(disc)
        if f is None:
            return None
        vals = set()
        for kind, payload, _ in self.alts(f[0]):
            if kind != "string" or payload is None:
                return None                                   # an open discriminator matches any tag
            vals |= payload
        return vals

    def field_at(self, type_name, *names):
        """The field mapping reached from a spec object type through wire field names."""
        m = {"type": type_name}
        for n in names:
            objs = [p for k, p, _ in self.alts(m) if k == "object"]
            m = self.fields(objs[0])[n][0] if objs and n in self.fields(objs[0]) else None
            if m is None:
                return None
        return m


# ── Comparison ──────────────────────────────────────────────────────────────────────────────

JSON_KIND = {"integer": "number", "number": "number", "map": "object", "object": "object"}


class Drift:
    def __init__(self, spec):
        self.spec, self.diffs, self.queue, self.seen = spec, [], collections.deque(), set()

    def add(self, kind, path, detail, counted=True):
        if Diff(kind, path, detail, counted) not in self.diffs:
            self.diffs.append(Diff(kind, path, detail, counted))

    def run(self):
        while self.queue:
            self.compare(*self.queue.popleft())

    def compare(self, sdk_tp, spec_expr, path, received):
        spec_alts = self.spec.alts(spec_expr)
        if any(k == "any" for k, _, _ in spec_alts):
            return
        sdk = [a for a in sdk_alts(sdk_tp) if a[0] != "null"]
        if any(k == "any" for k, _ in sdk):
            if not any(k == "map" for k, _, _ in spec_alts):
                self.add("info", path, "SDK accepts any value, spec is typed", False)
            return
        by_kind = collections.defaultdict(list)
        for k, p, b in spec_alts:
            by_kind[JSON_KIND.get(k, k)].append((k, p, b))
        groups = collections.defaultdict(list)
        for k, p in sdk:
            groups[JSON_KIND.get(k, k)].append((k, p))
        for jk, sdk_group in groups.items():
            if jk not in by_kind:
                names = ",".join(sorted({k for k, _ in sdk_group}))
                self.add("MISSING", path, f"JSON kind {jk}({names})")
                continue
            getattr(self, "cmp_" + jk, self.cmp_scalar)(sdk_group, by_kind[jk], path, received)
        for jk in by_kind:
            if jk not in groups:
                self.add("info", path, f"spec also accepts JSON kind {jk}", False)

    def cmp_scalar(self, sdk_group, spec_group, path, received):
        if {k for k, _ in sdk_group} == {"number"} and {k for k, _, _ in spec_group} == {"integer"}:
            self.add("KIND", path, "SDK number, spec integer")

    def cmp_string(self, sdk_group, spec_group, path, received):
        sdk_open = any(p is None for _, p in sdk_group)
        spec_open = any(p is None for _, p, _ in spec_group)
        sdk_vals = set().union(*[p for _, p in sdk_group if p])
        spec_vals = set().union(*[p for _, p, _ in spec_group if p])
        if spec_open:
            return
        if sdk_open:
            self.add("info" if received else "KIND", path, "SDK accepts any string, spec is an enum", received)
        for v in sorted(sdk_vals - spec_vals):
            self.add("MISSING", path, f"value {v!r}")
        for v in sorted(spec_vals - sdk_vals):
            if not sdk_open:
                self.add("info", path, f"spec also accepts value {v!r}", False)

    def cmp_array(self, sdk_group, spec_group, path, received):
        self.queue.append((sdk_group[0][1], spec_group[0][1], path + "[]", received))

    def cmp_object(self, sdk_group, spec_group, path, received):
        sdk_objs = [p for k, p in sdk_group if k == "object"]
        spec_objs = [(p, b) for k, p, b in spec_group if k == "object"]
        sdk_map = next((p for k, p in sdk_group if k == "map"), None)
        spec_map = next((p for k, p, _ in spec_group if k == "map"), None)
        if sdk_map is not None:
            if spec_map is not None:
                self.queue.append((sdk_map, spec_map, path + "<map>", received))
            elif not sdk_objs:
                self.add("info", path, "SDK types it as a map, spec as an object", False)
            else:
                self.add("MISSING", path, "JSON kind object(map)")
        if not sdk_objs:
            return
        if not spec_objs:
            if spec_map is None:
                self.add("MISSING", path, "JSON kind object")
            return                                            # a spec map<...> covers any object
        if not received:                                      # response models the SDK also takes as input
            typed = [c for c in sdk_objs if te.is_typeddict(c)]
            covered = set().union(*[sdk_tags(c, "type") or set() for c in typed])
            sdk_objs = typed + [c for c in sdk_objs if not te.is_typeddict(c)
                                and not (sdk_tags(c, "type") or set()) <= covered]
        disc = next((f for f in ("type", "role", "error_code") if all(sdk_tags(c, f) for c in sdk_objs)), "type")
        single = len(sdk_objs) == 1 and len(spec_objs) == 1
        for cls in sdk_objs:
            tags = sdk_tags(cls, disc) or set()
            if single:
                targets = [(n, b, "") for n, b in spec_objs]
            else:
                targets = []
                for n, b in spec_objs:
                    st = self.spec.tags(n, disc)
                    if st is None or tags & st:
                        hit = tags if st is None else tags & st
                        targets.append((n, b, "{" + "|".join(sorted(hit)) + "}" if len(sdk_objs) > 1 else ""))
                known = set().union(*[self.spec.tags(n, disc) or tags for n, _, _ in targets])
                for t in sorted(tags - known):
                    self.add("MISSING", path, f"variant {disc}={t}")
            for name, beta, label in targets:
                if beta and not received:
                    self.add("BETA", path + label, f"spec gates it behind beta {beta}")
                open_union = len(sdk_objs) > 1 and self.spec.tags(name, disc) is None
                self.cmp_fields(cls, name, path + label, received,
                                common_only=open_union and sdk_objs, skip=None if single else disc)
        sdk_all = set().union(*[sdk_tags(c, disc) or set() for c in sdk_objs])
        for name, _ in spec_objs:
            for t in sorted((self.spec.tags(name, disc) or set()) - sdk_all):
                if sdk_all:
                    self.add("info", path, f"spec also has variant {disc}={t}", False)

    def cmp_fields(self, cls, spec_name, path, received, common_only=None, skip=None):
        if (cls, spec_name, received) in self.seen:
            return
        self.seen.add((cls, spec_name, received))
        sdk = sdk_fields(cls)
        if common_only:                                       # spec models this union as one open object
            common = set.intersection(*[set(sdk_fields(c)) for c in common_only])
            sdk = {k: v for k, v in sdk.items() if k in common}
        spec = self.spec.fields(spec_name)
        for name, (tp, req, nul) in sdk.items():
            p = f"{path}.{name}"
            if name not in spec:
                self.add("MISSING", p, "field")
                continue
            m, sreq, snul, sbeta = spec[name]
            if sbeta and not received:
                self.add("BETA", p, f"spec gates it behind beta {sbeta}")
            if req != sreq:
                lenient = sreq < req if received else False
                self.add("info" if lenient else "REQUIRED", p,
                         f"SDK {'required' if req else 'optional'}, spec {'required' if sreq else 'optional'}",
                         not lenient)
            if nul != snul:
                lenient = snul > nul
                self.add("info" if lenient else "NULLABLE", p,
                         f"SDK {'allows' if nul else 'does not allow'} null, spec {'does' if snul else 'does not'}",
                         not lenient)
            if name != skip:                                  # tags were matched by the caller
                self.queue.append((tp, m, p, received))
        for name in spec:
            if name not in sdk and not common_only:
                self.add("info", f"{path}.{name}", "field only in the spec", False)


# ── Main ────────────────────────────────────────────────────────────────────────────────────

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--spec", default=os.path.join(os.path.dirname(__file__), "..", "Spec", "messages.yaml"))
    ap.add_argument("--quiet", action="store_true", help="do not print info lines")
    args = ap.parse_args()

    import anthropic
    from anthropic import types as T
    from anthropic.types import message_create_params as mcp
    from anthropic.types.shared.error_type import ErrorType
    from anthropic.types.shared.error_details import ErrorDetails

    spec = Spec(args.spec)
    ep = spec.doc["endpoints"]["createMessage"]
    d = Drift(spec)
    d.queue.append((mcp.MessageCreateParamsNonStreaming, ep["request"], "request", False))
    d.queue.append((T.Message, ep["response"], "response", True))
    d.queue.append((T.RawMessageStreamEvent, ep["stream"]["events"], "stream", True))
    d.queue.append((T.shared.ErrorResponse, ep["error"], "error", True))
    # The error object's type and details are typed apart from its union (see _exceptions.py).
    for sdk_tp, names in ((ErrorType, ("error", "type")), (typing.Optional[ErrorDetails], ("error", "details"))):
        m = spec.field_at(ep["error"], *names)
        path = "error." + ".".join(names)
        if m is None:
            d.add("MISSING", path, "field")
        else:
            d.queue.append((sdk_tp, m, path, True))
    d.run()

    print(f"anthropic {anthropic.__version__} vs {os.path.normpath(os.path.abspath(args.spec))}")
    failed, used, infos = 0, set(), collections.Counter()
    for diff in sorted(d.diffs, key=lambda x: (not x.counted, x.path, x.kind)):
        key = f"{diff.kind} {diff.path}: {diff.detail}"
        if not diff.counted:                                  # info lines: variants folded into {*}
            infos[f"{re.sub(r'{[^}]*}', '{*}', diff.path)}: {diff.detail}"] += 1
            continue
        reason = EXPLAINED.get(key)
        if reason is None:
            failed += 1
            print(f"  {diff.kind:<9} {diff.path}: {diff.detail}")
        elif f"# sdk-drift: {reason}" not in spec.text:
            failed += 1
            print(f"  {diff.kind:<9} {diff.path}: {diff.detail}  [explained, but the spec lacks the comment"
                  f" '# sdk-drift: {reason}']")
        else:
            used.add(key)
            print(f"  explained {diff.path}: {diff.detail} ({reason})")
    for line, n in ([] if args.quiet else sorted(infos.items())):
        print(f"  info      {line}" + (f" (in {n} variants)" if n > 1 else ""))
    for key in sorted(set(EXPLAINED) - used):
        print(f"  stale     allow-list entry no longer needed: {key}")
    print(f"{failed} unexplained difference(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Checks a Handoff approval certificate without Handoff: recomputes every hash from the
canonical forms its "how_to_verify" describes (standard library only).

  verify_certificate.py CERTIFICATE.json [APPROVED_FILE ...] [--chain CHAIN.json]

APPROVED_FILEs are the version's files in order; CHAIN.json is GET /api/v1/audit/chain
(each of its links that carries a payload is recomputed too).
Exit status 0 when everything matches, 1 with one line per problem otherwise."""
import hashlib, json, sys

def canonical(form, fields):  # form line, then name:length-in-bytes:value\n per field
    out = form.encode() + b"\n"
    for name, value in fields:
        v = ("1" if value else "0") if isinstance(value, bool) else str(value)
        out += b"%s:%d:%s\n" % (name.encode(), len(v.encode()), v.encode())
    return out

sha = lambda b: hashlib.sha256(b).hexdigest()
args = sys.argv[1:]
chain = json.load(open(args.pop(args.index("--chain") + 1))) if "--chain" in args else None
if chain is not None: args.remove("--chain")
cert = json.load(open(args[0], encoding="utf-8"))
a, e, problems = cert["approval"], cert["event"], []
record = canonical("handoff.approval.v1", [(k, a[k]) for k in ("id", "subject_kind", "subject_id",
    "subject_version", "subject_hash", "decision", "user_id", "typed_name", "statement", "consent",
    "comment", "at", "ip", "user_agent")])
if sha(record) != cert["approval_hash"]: problems.append("approval_hash does not match the approval")
if record.decode() != e["payload"]: problems.append("the sealed payload is not this approval")
event = canonical("handoff.audit_event.v1", [(k, e[k]) for k in ("seq", "at", "actor_user_id",
    "action", "subject", "payload", "prev_hash")])
if sha(event) != e["hash"]: problems.append("event.hash does not match the event")
if "version" in cert:
    v = cert["version"]
    files = canonical("handoff.version.v1", [(k, f[k]) for f in v["files"] for k in ("name", "sha256", "size")])
    if sha(files) != v["content_hash"]: problems.append("version.content_hash does not match its files")
    if v["content_hash"] != a["subject_hash"]: problems.append("the approval signed another version")
    for path, f in zip(args[1:], v["files"]):
        if sha(open(path, "rb").read()) != f["sha256"]: problems.append(path + " is not the approved " + f["name"])
if chain is not None:
    links = {l["seq"]: l for l in chain["links"]}
    if links.get(e["seq"], {}).get("hash") != e["hash"]: problems.append("the chain does not hold this event")
    for l in chain["links"]:
        if "payload" in l and sha(canonical("handoff.audit_event.v1", [(k, l[k]) for k in ("seq", "at",
                "actor_user_id", "action", "subject", "payload", "prev_hash")])) != l["hash"]:
            problems.append("event %d does not match its hash" % l["seq"])
        if l["seq"] - 1 in links and l["prev_hash"] != links[l["seq"] - 1]["hash"]:
            problems.append("the chain is broken before event %d" % l["seq"])
print("\n".join(problems) or "verified: approval %s, event %s, chain head %s:%s" % (
    a["id"], e["seq"], cert["chain_head"]["seq"], cert["chain_head"]["hash"]))
sys.exit(1 if problems else 0)

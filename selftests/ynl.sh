#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The YNL spec of the family (Documentation/netlink/specs/vmroam.yaml) with the kernel's own YNL
# CLI (tools/net/ynl/cli.py of linux-source-6.12, extracted by "make -C selftests/tools ynl"),
# and the module's per-command policies.
#
# 1. The spec is valid against the genetlink-c schema; the CLI lists its operations.
# 2. A dump of get-binding names the same MACs, ports, VLANs and addresses as "vmroam -j binding
#    show"; a dump filtered by ifindex only that port's.
# 3. A do: set-port changes what "vmroam port show" reports, get-port reports it.
# 4. Per-command policies (attack): an attribute of another command in a request (set-port with
#    a migration nest, a get-binding dump with a port nest) is refused, the extack names it and
#    nothing changed.
# 5. The CLI subscribed to the events group receives the event the test causes.
# 6. The uapi header ynl-gen-c.py generates from the spec has the enums, members, values and
#    defines of uapi/linux/vmroam.h (a member added there and not to the spec fails).
# 7. The spec matches the module: per command, the request attributes of its do and dump are
#    those of the kernel's policy (CTRL_CMD_GETPOLICY, read as nlfuzz.py does), with the same
#    types, bounds and lengths, nests included; do and dump exist as the kernel has them.
#
#   ns hv: br0 with ports p1, p2 (veths to ns g)

. "$(dirname "$0")/lib.sh"

require_root
load_kernel_modules
vmroam_load || { tap_begin; tap_not_ok "load vmroam.ko"; tap_end; }

# Debian's interpreter and its python3-yaml, python3-jsonschema (make deps)
PYTHON=${PYTHON:-/usr/bin/python3}
YNL_DIR=$VMROAM_TOP/selftests/tools/ynl
YNL_CLI=$YNL_DIR/tools/net/ynl/cli.py
SPEC=$VMROAM_TOP/Documentation/netlink/specs/vmroam.yaml
SCHEMA=$YNL_DIR/Documentation/netlink/genetlink-c.yaml
export PYTHONDONTWRITEBYTECODE=1

hv()
{
	ip netns exec "$HV" "$VMROAM" "$@"
}

# ynl ARGS...: the CLI in ns hv, JSON output (the schema is checked once, in 1)
ynl()
{
	ip netns exec "$HV" "$PYTHON" "$YNL_CLI" --spec "$SPEC" --no-schema --output-json "$@"
}

ifindex()	# DEV
{
	ip -n "$HV" -j link show dev "$1" | jq -r '.[0].ifindex'
}

tap_begin

if [ ! -r "$YNL_CLI" ] || [ ! -r "$SCHEMA" ]; then
	tap_not_ok "the YNL CLI" "$YNL_CLI missing: make -C selftests/tools ynl (linux-source-6.12)"
	tap_end
fi

ns_create HV && ns_create G
check_err $? "namespaces"
ip -n "$HV" link add br0 type bridge
for p in p1 p2; do
	ip -n "$HV" link add "$p" type veth peer name "g$p" netns "$G"
	ip -n "$HV" link set "$p" master br0 up
	ip -n "$G" link set "g$p" up
done
ip -n "$HV" link set br0 up
link_wait "$HV" p1 && link_wait "$HV" p2
check_err $? "setup"
P1=$(ifindex p1)
P2=$(ifindex p2)
log_test "setup: a bridge with two ports"

# 1
out=$("$PYTHON" - "$SPEC" "$SCHEMA" 2>&1 <<'PY'
import sys, yaml, jsonschema
jsonschema.validate(yaml.safe_load(open(sys.argv[1])), yaml.safe_load(open(sys.argv[2])))
PY
)
check_err $? "the spec against genetlink-c.yaml: $out"
ops=$(ip netns exec "$HV" "$PYTHON" "$YNL_CLI" --spec "$SPEC" --schema "$SCHEMA" --list-ops 2>&1)
check_err $? "--list-ops: $ops"
grep -q '^get-binding  \[ dump \]' <<<"$ops" && grep -q '^set-port  \[ do \]' <<<"$ops"
check_err $? "--list-ops: $ops"
log_test "the spec is valid against the genetlink-c schema; the CLI lists its operations"

# 2
hv binding add dev p1 mac 52:54:00:00:0a:01 ip 192.0.2.11 &&
	hv binding add dev p1 mac 52:54:00:00:0a:02 ip 192.0.2.12 ip 192.0.2.22 ip 2001:db8::12 &&
	hv binding add dev p2 mac 52:54:00:00:0a:03 ip 2001:db8::13
check_err $? "binding add"
# one line per binding: MAC, VLAN, port, ifindex, IPv4s, IPv6s, sorted
cli=$(hv -j binding show | jq -r '.[] | [.mac, .vlan, .dev, .ifindex, (.ipv4 // [] | sort | join(",")),
	(.ipv6 // [] | sort | join(","))] | @tsv' | sort)
dump=$(ynl --dump get-binding 2>&1)
check_err $? "ynl --dump get-binding: $dump"
y=$(jq -r '.[].binding | [.mac, .vlan, .ifname, .ifindex, (.ipv4 // [] | sort | join(",")),
	(.ipv6 // [] | sort | join(","))] | @tsv' <<<"$dump" | sort)
[ "$(wc -l <<<"$cli")" = 3 ] && [ "$y" = "$cli" ]
check_err $? "ynl: $y; vmroam: $cli"
dump=$(ynl --dump get-binding --json "{\"ifindex\": $P2}" 2>&1)
check_err $? "ynl --dump get-binding (ifindex): $dump"
y=$(jq -r '[.[].binding | "\(.mac) \(.ifname) \(.ipv6[0])"] | join(";")' <<<"$dump")
[ "$y" = "52:54:00:00:0a:03 p2 2001:db8::13" ]
check_err $? "filtered by p2: $y"
log_test "ynl dumps the bindings vmroam shows (MACs, ports, addresses); filtered by port"

# 3
[ "$(hv -j port show dev p1 | jq -r '.[0].lock')" = false ]
check_err $? "p1 locked before the test"
# lock applies to an untrusted port only
out=$(ynl --do set-port --json "{\"ifindex\": $P1, \"port\": {\"trusted\": 0, \"lock\": 1, \"max-macs\": 3}}" 2>&1)
check_err $? "ynl --do set-port: $out"
hv -j port show dev p1 | jq -e '.[0].trusted == false and .[0].lock == true and .[0].max_macs == 3' \
	>/dev/null
check_err $? "port show after set-port: $(hv -j port show dev p1)"
out=$(ynl --do get-port --json "{\"ifindex\": $P1}" 2>&1)
jq -e ".ifindex == $P1 and .port.trusted == 0 and .port.lock == 1 and .port[\"max-macs\"] == 3 and .port.ifname == \"p1\"" \
	<<<"$out" >/dev/null
check_err $? "ynl --do get-port: $out"
log_test "ynl do: set-port changes the port, get-port reports it"

# 4: a request of SET_PORT that also carries a migration nest, one of GET_BINDING with a port
out=$(ynl --do set-port --json "{\"ifindex\": $P1, \"port\": {\"lock\": 0}, \"migration\": {\"vlan\": 1}}" 2>&1)
rc=$?
[ $rc != 0 ] && grep -q 'Invalid argument' <<<"$out" && grep -q "Unsupported attribute" <<<"$out" &&
	grep -q "bad-attr.*migration" <<<"$out"
check_err $? "set-port with a migration: rc $rc, $out"
[ "$(hv -j port show dev p1 | jq -r '.[0].lock')" = true ]
check_err $? "the refused set-port changed the port"
out=$(ynl --dump get-binding --json "{\"port\": {\"trusted\": 1}}" 2>&1)
rc=$?
[ $rc != 0 ] && grep -q "Unsupported attribute" <<<"$out" && grep -q "bad-attr.*port" <<<"$out"
check_err $? "get-binding dump with a port nest: rc $rc, $out"
# the same requests without the stray attribute pass: it was the one refused
out=$(ynl --do set-port --json "{\"ifindex\": $P1, \"port\": {\"lock\": 0}}" 2>&1)
check_err $? "set-port without it: $out"
[ "$(hv -j port show dev p1 | jq -r '.[0].lock')" = false ]
check_err $? "set-port without it did not unlock p1"
log_test "an attribute of another command is refused by the command's policy, with an extack"

# 5: the CLI's library subscribed (synchronously, before it says so), then a sanction that
# expires after 1 s: its "expired" event names the MAC
EVENTS=$(mktemp)
ip netns exec "$HV" "$PYTHON" - "$YNL_DIR/tools/net/ynl" "$SPEC" $((3 * POLL_TIMEOUT_MS)) \
	>"$EVENTS" 2>&1 <<'PY' &
import json, select, sys, time
sys.path.insert(0, sys.argv[1])
from lib import YnlFamily
ynl = YnlFamily(sys.argv[2], "")
ynl.ntf_subscribe("events")
print("subscribed", flush=True)
end = time.monotonic() + int(sys.argv[3]) / 1000
while time.monotonic() < end:
    select.select([ynl.sock], [], [], max(0, end - time.monotonic()))
    ynl.check_ntf()
    for m in ynl.async_msg_queue:
        ev = m["msg"].get("event", {})
        if m["name"] == "event" and ev.get("mac") == "02:00:00:00:00:fe":
            print(json.dumps(ev), flush=True)
            sys.exit(0)
    ynl.async_msg_queue.clear()
sys.exit(1)
PY
listener=$!
poll grep -q '^subscribed' "$EVENTS"
check_err $? "the listener did not subscribe: $(cat "$EVENTS")"
hv migrate add dev p2 mac 02:00:00:00:00:fe timeout 1
check_err $? "migrate add"
wait "$listener"
check_err $? "no event of 02:00:00:00:00:fe: $(cat "$EVENTS")"
tail -n 1 "$EVENTS" | jq -e '.type == "expired" and .sanction == true and .ifname == "p2"' \
	>/dev/null
check_err $? "the event: $(tail -n 1 "$EVENTS")"
rm -f "$EVENTS"
log_test "ynl subscribed to the events group receives the sanction's expired event"

# 6: ynl-gen-c.py's uapi header of the spec, in a scratch tree that looks like a kernel's (6.12's
# generator cannot emit a u64 indexed array: frames and drops are binary there, which changes no
# name)
K=$(mktemp -d)
mkdir -p "$K/Documentation/netlink/specs"
touch "$K/MAINTAINERS"
cp "$SCHEMA" "$K/Documentation/netlink/"
sed 's/type: indexed-array/type: binary/; /sub-type: u64/d' "$SPEC" \
	>"$K/Documentation/netlink/specs/vmroam.yaml"
out=$(cd "$YNL_DIR/tools/net/ynl" && "$PYTHON" ynl-gen-c.py --mode uapi --header \
	--spec "$K/Documentation/netlink/specs/vmroam.yaml" -o "$K/vmroam.h" 2>&1)
check_err $? "ynl-gen-c.py: $out"
out=$("$PYTHON" - "$K/vmroam.h" "$VMROAM_TOP/uapi/linux/vmroam.h" 2>&1 <<'PY'
import re, sys


def names(path):
    """{name: value} of the enums' members, {name: text} of the defines"""
    s = re.sub(r"/\*.*?\*/", "", open(path).read(), flags=re.S)
    out = {}
    for m in re.finditer(r"enum\s*\w*\s*\{(.*?)\}", s, re.S):
        v = 0
        for item in filter(None, (x.strip() for x in m.group(1).split(","))):
            n, _, e = (x.strip() for x in item.partition("="))
            if e:
                v = eval(e, {}, out)
            out[n] = v
            v += 1
    defines = dict(re.findall(r"#define[ \t]+(\w+)[ \t]+(.*)", s))
    return out, defines


gen, gdef = names(sys.argv[1])
uapi, udef = names(sys.argv[2])
bad = [f"{n} = {v}: the spec has {gen.get(n, 'nothing')}" for n, v in uapi.items()
       if gen.get(n) != v and not re.fullmatch(r"__VMROAM_(BINDING|MIGRATION)_STATE_MAX", n)]
bad += [f"{n}: only in the spec" for n in gen if n not in uapi and not n.endswith("_MAX")]
for n, text in udef.items():
    try:
        want = eval(re.sub(r"(\d+)U\b", r"\1", text), {}, uapi)
    except Exception:
        want = text
    got = gdef.get(n)
    if got is None or (str(want) != got and want != eval(got, {}, gen)):
        bad.append(f"#define {n} {text} ({want}): the spec's {got}")
for b in bad:
    print(b)
print(f"{len(uapi)} enum members, {len(udef)} defines of the uapi header: {len(bad)} differences")
sys.exit(1 if bad else 0)
PY
)
rc=$?
tap_diag "$(tail -n 1 <<<"$out")"
[ $rc = 0 ]
check_err $? "the generated header and uapi/linux/vmroam.h differ"
[ $rc = 0 ] || while read -r line; do tap_diag "$line"; done < <(head -n 40 <<<"$out")
rm -rf "$K"
log_test "the uapi header generated from the spec has uapi/linux/vmroam.h's names and values"

# 7
out=$(ip netns exec "$HV" "$PYTHON" - "$VMROAM_TOP/selftests/tools" "$SPEC" 2>&1 <<'PY'
import sys, yaml
sys.path.insert(0, sys.argv[1])
import nlfuzz as nl

spec = yaml.safe_load(open(sys.argv[2]))
sets = {s["name"]: s for s in spec["attribute-sets"]}
P_MASK, P_MAXTYPE = 12, 9
KTYPE = {nl.T_FLAG: "flag", nl.T_U8: "u8", nl.T_U16: "u16", nl.T_U32: "u32", nl.T_U64: "u64",
         nl.T_BINARY: "binary", nl.T_STRING: "string", nl.T_NUL_STRING: "string",
         nl.T_NESTED: "nest"}
BITS = {"u8": 8, "u16": 16, "u32": 32, "u64": 64}
enums = {d["name"]: d for d in spec["definitions"] if d["type"] == "enum"}
bad = []


def attrs_of(name):
    """{value: attribute} of a set, a subset's from its parent"""
    s = sets[name]
    parent = sets[s.get("subset-of", name)]
    out, v = {}, -1
    for a in parent["attributes"]:
        v = a.get("value", v + 1)
        out[v] = a
    if "subset-of" in s:
        keep = {a["name"] for a in s["attributes"]}
        out = {k: a for k, a in out.items() if a["name"] in keep}
    return out


def compare(where, kattr, a, pols):
    t = KTYPE.get(kattr.get(nl.P_TYPE), "?")
    if a["type"] != t:
        bad.append(f"{where}: spec {a['type']}, kernel {t}")
        return
    c = a.get("checks", {})
    if t in BITS:
        if P_MASK in kattr:
            e = enums.get(a.get("enum"), {})
            mask = (1 << len(e.get("entries", []))) - 1
            if not a.get("enum-as-flags") or mask != kattr[P_MASK]:
                bad.append(f"{where}: kernel mask {kattr[P_MASK]:#x}, spec {a}")
            return
        lo, hi = c.get("min", 0), c.get("max", (1 << BITS[t]) - 1)
        if (lo, hi) != (kattr.get(nl.P_MIN_U), kattr.get(nl.P_MAX_U)):
            bad.append(f"{where}: spec {lo}..{hi}, kernel "
                       f"{kattr.get(nl.P_MIN_U)}..{kattr.get(nl.P_MAX_U)}")
    elif t == "binary":
        lo = c.get("exact-len", c.get("min-len"))
        hi = c.get("exact-len", c.get("max-len"))
        if (lo, hi) != (kattr.get(nl.P_MIN_LEN), kattr.get(nl.P_MAX_LEN)):
            bad.append(f"{where}: spec length {lo}..{hi}, kernel "
                       f"{kattr.get(nl.P_MIN_LEN)}..{kattr.get(nl.P_MAX_LEN)}")
    elif t == "nest":
        if nl.P_IDX not in kattr:
            bad.append(f"{where}: the kernel does not validate the nest")
        else:
            nested(where, pols[kattr[nl.P_IDX]] if kattr[nl.P_IDX] in pols else {},
                   a["nested-attributes"], pols)


def nested(where, kpol, set_name, pols):
    """every attribute the kernel takes in the nest is the spec's, of the same shape"""
    sattrs = attrs_of(set_name)
    for v, kattr in sorted(kpol.items()):
        if v not in sattrs:
            bad.append(f"{where}: the kernel takes attribute {v}, the spec's {set_name} has none")
            continue
        compare(f"{where}.{sattrs[v]['name']}", kattr, sattrs[v], pols)


g = nl.Genl()
fid, kops = g.family("vmroam")
op_pol, pols = nl.read_policies(g, fid)
top = attrs_of("vmroam")
names = {a["name"]: v for v, a in top.items()}
v = -1
sops = {}
for op in spec["operations"]["list"]:
    v = op.get("value", v + 1)
    if "do" in op or "dump" in op:
        sops[v] = op
if sorted(sops) != sorted(kops):
    bad.append(f"commands: spec {sorted(sops)}, kernel {sorted(kops)}")
for cmd, op in sorted(sops.items()):
    do_idx, dump_idx = op_pol.get(cmd, (None, None))
    if ("do" in op) != (do_idx is not None) or ("dump" in op) != (dump_idx is not None):
        bad.append(f"{op['name']}: spec do/dump {'do' in op}/{'dump' in op}, kernel "
                   f"{do_idx is not None}/{dump_idx is not None}")
    req = set()
    for mode in ("do", "dump"):
        req |= set(op.get(mode, {}).get("request", {}).get("attributes", []))
    kpol = pols.get(do_idx if do_idx is not None else dump_idx, {})
    kreq = {top[k]["name"] if k in top else str(k) for k in kpol}
    if req != kreq:
        bad.append(f"{op['name']}: spec requests {sorted(req)}, kernel policy {sorted(kreq)}")
    for name in sorted(req & kreq):
        compare(f"{op['name']}.{name}", kpol[names[name]], top[names[name]], pols)
for b in bad:
    print(b)
print(f"{len(sops)} commands, {len(pols)} kernel policies compared: {len(bad)} differences")
sys.exit(1 if bad else 0)
PY
)
rc=$?
tap_diag "$(tail -n 1 <<<"$out")"
[ $rc = 0 ]
check_err $? "spec and module differ"
[ $rc = 0 ] || while read -r line; do tap_diag "$line"; done < <(head -n 40 <<<"$out")
log_test "the spec's request attributes per command are the module's policies (types, bounds, nests)"

tap_end

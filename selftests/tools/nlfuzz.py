#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Random requests to the vmroam generic netlink family, for selftests/netlink.sh.

    nlfuzz.py [-n COUNT] [-s SEED] [-i IFINDEX]...

Sends COUNT requests with a random command of the family and random flags (a doit, a dump).
Most follow the family's own policies, read from the kernel (CTRL_CMD_GETPOLICY): each
attribute of its type, integers at and around their bounds, binaries of their lengths, nests of
their sub-policies, u32s that often name the namespace's own devices (-i), so that they get
past the policy into the family's own parsing; the rest are random attributes of the shapes the
family uses, unknown types, truncated or oversized ones. Every request must be answered (an ack, an error, or a dump's end) within
5 s; every EINVAL or ERANGE of a request the family knows must say why in an extack
message, point at the attribute, or name the one missing (a bad request gets a clear error). Prints one line of
figures, and each request that broke a rule; exits 1 if one did, 2 if the family is missing.
"""
import argparse
import errno
import os
import random
import select
import socket
import struct
import sys

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_EXT_ACK = 11
NETLINK_CAP_ACK = 10
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_CMD_GETPOLICY = 10
CTRL_ATTR_POLICY = 8
CTRL_ATTR_OP_POLICY = 9
CTRL_ATTR_POLICY_DO = 1
CTRL_ATTR_POLICY_DUMP = 2
# enum netlink_attribute_type, enum netlink_policy_type_attr
T_FLAG, T_U8, T_U16, T_U32, T_U64, T_S8, T_S16, T_S32, T_S64 = range(1, 10)
T_BINARY, T_STRING, T_NUL_STRING, T_NESTED, T_NESTED_ARRAY, T_BITFIELD32 = range(10, 16)
P_TYPE, P_MIN_S, P_MAX_S, P_MIN_U, P_MAX_U, P_MIN_LEN, P_MAX_LEN, P_IDX = range(1, 9)
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
CTRL_ATTR_OPS = 6
CTRL_ATTR_OP_ID = 1
NLM_F_REQUEST = 0x1
NLM_F_MULTI = 0x2
NLM_F_ACK = 0x4
NLM_F_DUMP = 0x300
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG = 1
NLMSGERR_ATTR_OFFS = 2
NLMSGERR_ATTR_MISS_TYPE = 5
NLA_F_NESTED = 0x8000

A_MAX = 12		# VMROAM_A_INHERIT: the last top-level attribute (uapi VMROAM_A_MAX)
INNER_MAX = 24		# beyond the largest nested enum


def nla(atype, payload):
    hdr = struct.pack("=HH", 4 + len(payload), atype)
    return hdr + payload + b"\0" * ((4 - len(payload) % 4) % 4)


def parse_attrs(data):
    out = {}
    while len(data) >= 4:
        alen, atype = struct.unpack_from("=HH", data)
        if alen < 4:
            break
        out.setdefault(atype & 0x3fff, []).append(data[4:alen])
        data = data[(alen + 3) & ~3:]
    return out


class Genl:
    def __init__(self):
        self.sk = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.sk.bind((0, 0))
        self.sk.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sk.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.seq = 0

    def send(self, family, cmd, flags, attrs, hdr_len_delta=0):
        self.seq += 1
        body = struct.pack("=BBH", cmd, 1, 0) + attrs
        msg = struct.pack("=IHHII", 16 + len(body) + hdr_len_delta, family, flags, self.seq,
                          0) + body
        self.sk.send(msg)
        return self.seq

    def answer(self, seq, timeout=5.0):
        """('ack'|'done'|'error', errno, extack message, offset) of request seq, or None"""
        while True:
            r, _, _ = select.select([self.sk], [], [], timeout)
            if not r:
                return None
            data = self.sk.recv(1 << 20)
            while len(data) >= 16:
                mlen, mtype, mflags, mseq, _ = struct.unpack_from("=IHHII", data)
                if mlen < 16:
                    return ("error", -1, "bad reply", None)
                m = data[16:mlen]
                data = data[(mlen + 3) & ~3:]
                if mseq != seq:
                    continue
                if mtype in (NLMSG_DONE, NLMSG_ERROR):
                    err = -struct.unpack_from("=i", m)[0] if len(m) >= 4 else 0
                    msg, offs = None, None
                    if mflags & NLM_F_ACK_TLVS:
                        # the error, then (NLMSG_ERROR) the request's header, no payload
                        tlvs = parse_attrs(m[4 + 16:] if mtype == NLMSG_ERROR else m[4:])
                        if NLMSGERR_ATTR_MSG in tlvs:
                            msg = tlvs[NLMSGERR_ATTR_MSG][0].rstrip(b"\0").decode()
                        if NLMSGERR_ATTR_OFFS in tlvs:
                            offs = struct.unpack("=I", tlvs[NLMSGERR_ATTR_OFFS][0][:4])[0]
                        if NLMSGERR_ATTR_MISS_TYPE in tlvs and not msg:
                            # GENL_REQ_ATTR_CHECK(): the attribute that is missing
                            miss = struct.unpack("=I", tlvs[NLMSGERR_ATTR_MISS_TYPE][0][:4])[0]
                            msg = f"missing attribute {miss}"
                    if err == 0:
                        return ("ack" if mtype == NLMSG_ERROR else "done", 0, None, None)
                    return ("error", err, msg, offs)
                # a reply or a dump message: go on until the ack, error or done

    def family(self, name):
        seq = self.send(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_REQUEST,
                        nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
        while True:
            r, _, _ = select.select([self.sk], [], [], 5)
            if not r:
                return None, []
            data = self.sk.recv(1 << 16)
            mlen, mtype, _, mseq, _ = struct.unpack_from("=IHHII", data)
            if mseq != seq:
                continue
            if mtype == NLMSG_ERROR:
                return None, []
            attrs = parse_attrs(data[20:mlen])
            fid = struct.unpack("=H", attrs[CTRL_ATTR_FAMILY_ID][0][:2])[0]
            ops = []
            for op in parse_attrs(attrs.get(CTRL_ATTR_OPS, [b""])[0]).values():
                inner = parse_attrs(op[0])
                ops.append(struct.unpack("=I", inner[CTRL_ATTR_OP_ID][0][:4])[0])
            return fid, ops


def num(b):
    return int.from_bytes(b, sys.byteorder, signed=False)


def read_policies(g, fid):
    """{op: (do policy idx, dump policy idx)}, {idx: {attr: {P_*: value}}}"""
    seq = g.send(GENL_ID_CTRL, CTRL_CMD_GETPOLICY, NLM_F_REQUEST | NLM_F_DUMP,
                 nla(CTRL_ATTR_FAMILY_ID, struct.pack("=H", fid)))
    ops, pols = {}, {}
    while True:
        r, _, _ = select.select([g.sk], [], [], 5)
        if not r:
            return ops, pols
        data = g.sk.recv(1 << 20)
        while len(data) >= 16:
            mlen, mtype, _, mseq, _ = struct.unpack_from("=IHHII", data)
            m, data = data[16:mlen], data[(mlen + 3) & ~3:]
            if mseq != seq:
                continue
            if mtype in (NLMSG_DONE, NLMSG_ERROR):
                return ops, pols
            attrs = parse_attrs(m[4:])
            for nest in attrs.get(CTRL_ATTR_OP_POLICY, []):
                for op, v in parse_attrs(nest).items():
                    pv = parse_attrs(v[0])
                    ops[op] = (num(pv[CTRL_ATTR_POLICY_DO][0]) if CTRL_ATTR_POLICY_DO in pv else None,
                               num(pv[CTRL_ATTR_POLICY_DUMP][0]) if CTRL_ATTR_POLICY_DUMP in pv else None)
            for nest in attrs.get(CTRL_ATTR_POLICY, []):
                for idx, v in parse_attrs(nest).items():
                    for atype, d in parse_attrs(v[0]).items():
                        pols.setdefault(idx, {})[atype] = {
                            k: num(x[0]) for k, x in parse_attrs(d[0]).items()}


def from_policy(rng, pols, idx, ifindexes, depth=0):
    """attributes after policy idx: mostly right, at times at or past a bound"""
    out = b""
    pol = pols.get(idx, {})
    for atype in rng.sample(sorted(pol), rng.randrange(len(pol) + 1)) if pol else []:
        p = pol[atype]
        t = p.get(P_TYPE)
        for _ in range(2 if rng.randrange(8) == 0 else 1):	# at times twice
            out += nla(atype | (NLA_F_NESTED if t in (T_NESTED, T_NESTED_ARRAY) else 0),
                       typed(rng, pols, p, t, ifindexes, depth))
    return out


def typed(rng, pols, p, t, ifindexes, depth):
    if t == T_FLAG:
        return b""
    if t in (T_U8, T_U16, T_U32, T_U64, T_S8, T_S16, T_S32, T_S64):
        size = {T_U8: 1, T_U16: 2, T_U32: 4, T_U64: 8}.get(t, {T_S8: 1, T_S16: 2,
                                                                  T_S32: 4}.get(t, 8))
        lo = p.get(P_MIN_U, p.get(P_MIN_S, 0))
        hi = max(lo, p.get(P_MAX_U, p.get(P_MAX_S, (1 << (8 * size)) - 1)))
        if rng.randrange(10):
            pick = rng.choice([lo, hi, rng.randint(lo, hi), rng.randint(lo, min(hi, lo + 8))])
        else:
            pick = rng.choice([hi + 1, lo - 1])
        if t == T_U32 and ifindexes and rng.randrange(2):
            pick = rng.choice(ifindexes)
        return (pick % (1 << (8 * size))).to_bytes(size, sys.byteorder)
    if t in (T_BINARY, T_STRING, T_NUL_STRING):
        lo = p.get(P_MIN_LEN, 0)
        hi = max(lo, p.get(P_MAX_LEN, 64))
        n = rng.choice([lo, hi, rng.randint(lo, hi)] if rng.randrange(10) else
                       [hi + 1, max(lo - 1, 0)])
        if t == T_BINARY and n == 6:	# a MAC: unicast mostly
            return bytes([rng.choice([0x52, 0x52, 0x01, 0x00])] + [rng.randrange(256) for _ in range(5)])
        if t == T_BINARY:
            return bytes(rng.randrange(256) for _ in range(n))
        return bytes(rng.choice(b"abcxyz019_-") for _ in range(n)) + b"\0"
    if t in (T_NESTED, T_NESTED_ARRAY) and depth < 3:
        if P_IDX not in p:
            return attrs(rng, ifindexes, 1)
        if t == T_NESTED_ARRAY:
            return b"".join(nla(i + 1 | NLA_F_NESTED, from_policy(rng, pols, p[P_IDX], ifindexes,
                                                                depth + 1))
                            for i in range(rng.randrange(4)))
        return from_policy(rng, pols, p[P_IDX], ifindexes, depth + 1)
    return bytes(rng.randrange(256) for _ in range(rng.randrange(12)))


def value(rng, ifindexes):
    """a payload of the shapes the family uses, sometimes valid, sometimes not"""
    kind = rng.randrange(10)
    if kind == 0:
        return b""
    if kind == 1:
        return struct.pack("=B", rng.randrange(256))
    if kind == 2:
        return struct.pack("=H", rng.choice([0, 1, 4094, 4095, 4096, 65535, rng.randrange(65536)]))
    if kind == 3:
        return struct.pack("=I", rng.choice(ifindexes + [0, 0xffffffff, rng.randrange(1 << 32)]))
    if kind == 4:
        return struct.pack("=Q", rng.choice([0, 1 << 63, rng.randrange(1 << 64)]))
    if kind == 5:	# a MAC: unicast, multicast, zero
        mac = bytes([rng.choice([0x52, 0x01, 0x00, 0xff])] + [rng.randrange(256) for _ in range(5)])
        return mac
    if kind == 6:	# an IPv6 address, or IPv4 in the first 4 bytes
        return bytes(rng.randrange(256) for _ in range(rng.choice([4, 16])))
    if kind == 7:	# a string, terminated or not
        s = bytes(rng.choice(b"abcdefxyz0123456789_-") for _ in range(rng.randrange(1, 20)))
        return s + (b"\0" if rng.randrange(2) else b"")
    return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 70)))


def attrs(rng, ifindexes, depth):
    out = b""
    for _ in range(rng.randrange(0, 7)):
        if depth < 2 and rng.randrange(3) == 0:
            atype = rng.randrange(INNER_MAX if depth else A_MAX + 3)
            out += nla(atype | (NLA_F_NESTED if rng.randrange(4) else 0),
                       attrs(rng, ifindexes, depth + 1))
        else:
            atype = rng.randrange(INNER_MAX if depth else A_MAX + 3)
            out += nla(atype, value(rng, ifindexes))
    if rng.randrange(20) == 0 and out:	# an attribute longer than what is left
        out = out[:-2] + struct.pack("=H", 0x7fff)[:2]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("-s", type=int, default=1)
    ap.add_argument("-i", type=int, action="append", default=[])
    a = ap.parse_args()
    rng = random.Random(a.s)
    g = Genl()
    fid, ops = g.family("vmroam")
    if fid is None:
        print("nlfuzz: no vmroam family", file=sys.stderr)
        return 2
    op_pol, pols = read_policies(g, fid)
    if not pols:
        print("nlfuzz: the family's policies could not be read", file=sys.stderr)
        return 2
    counts = {}
    broken = 0
    for i in range(a.n):
        known = rng.randrange(10) != 0
        cmd = rng.choice(ops) if known else rng.randrange(64)
        # a dump mostly of what has one (the rest: the core's EOPNOTSUPP)
        dump = rng.randrange(3) == 0 and (op_pol.get(cmd, (0, 0))[1] is not None or
                                          rng.randrange(5) == 0)
        flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
        idx = op_pol.get(cmd, (None, None))[1 if dump else 0]
        if idx is not None and rng.randrange(4):
            body = from_policy(rng, pols, idx, a.i)
        else:
            body = attrs(rng, a.i, 0)
        seq = g.send(fid, cmd, flags, body)
        ans = g.answer(seq)
        if ans is None:
            print(f"request {i}: cmd {cmd} flags {flags:#x}: no answer in 5 s ({body.hex()})")
            broken += 1
            # the socket may hold a late answer: a fresh one for the next request
            g = Genl()
            continue
        kind, err, msg, offs = ans
        key = kind if kind != "error" else errno.errorcode.get(err, str(err))
        counts[key] = counts.get(key, 0) + 1
        # EOPNOTSUPP: the genetlink core's, for a command without a doit or dumpit
        if (kind == "error" and known and err in (errno.EINVAL, errno.ERANGE)
                and not msg and offs is None):
            print(f"request {i}: cmd {cmd} flags {flags:#x}: {errno.errorcode[err]} without "
                  f"a message or an offset ({body.hex()})")
            broken += 1
    print("nlfuzz: %d requests (seed %d), %d broke a rule; answers: %s" % (
        a.n, a.s, broken, ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))))
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Random requests to the vmroam generic netlink family, for selftests/netlink.sh.

    nlfuzz.py [-n COUNT] [-s SEED] [-i IFINDEX]...

Sends COUNT requests with a random command of the family, random flags (a doit, a dump) and
random attributes: nests of the family's attribute types with inner attributes of random type
and of the sizes the family uses (u8, u16, u32, u64, a MAC, an IPv6 address), truncated or
oversized ones, and values that name the namespace's own devices (-i) so that some requests
get past the policy. Every request must be answered (an ack, an error, or a dump's end) within
5 s; every EINVAL or ERANGE of a request the family knows must say why in an extack
message or point at the attribute (a bad request gets a clear error). Prints one line of
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
NLA_F_NESTED = 0x8000

A_MAX = 10		# VMROAM_A_PORT: the last top-level attribute
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
    counts = {}
    broken = 0
    for i in range(a.n):
        known = rng.randrange(10) != 0
        cmd = rng.choice(ops) if known else rng.randrange(64)
        flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if rng.randrange(3) == 0 else 0)
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

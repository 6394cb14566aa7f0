#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vmroam against what operators use today for anti-spoofing on a Linux bridge: rules. The same
# bridge forwards the same traffic, in interleaved runs (off, loaded, vmroam, nftables, off, ...)
# so that drift of the machine hits all alike:
#
#   off       no module, no ruleset
#   loaded    the module loaded, nothing configured (no port is guarded)
#   vmroam    every guarded port untrusted with lock, arp-inspect and ip-guard on (DHCP
#             snooping, RA guard and the DHCP server drop come with trusted off), its VM bound
#             statically (MAC, IPv4, IPv6 link-local); rate 0, no ARP/ND rate limit (the
#             default, 15 frames/s, would be the mix's figure), as the ruleset has none
#   nftables  no module; a bridge table doing what libvirt's clean-traffic filter and Neutron's
#             arp_protect do, in the modern form: per-port sets of MAC, IPv4 and IPv6 addresses
#             (concatenations with the input port), the Ethernet source, the ARP sender MAC and
#             IP and the IP sources checked against them, DHCP and DHCPv6 servers, RAs and
#             redirects from guarded ports dropped
#
# with 1, 64 and 1022 guarded ports (SIZES), one of which sends; 1022 because a bridge takes at
# most 1023 ports (port numbers are 10 bits, 0 unused: the kernel says "Exchange full" past
# them), the uplink p2 being the last:
#
#   ns a                 ns sw                                   ns b
#   e1 10.0.0.1 --veth-- p1 -- br0 -- p2 (the uplink) --veth-- e2 10.0.0.2
#                               |- g2 .. gN (guarded, each with its VM's binding; peers in sw)
#
# Traffic from e1 to e2: 64-byte UDP frames (pktgen), bulk TCP (iperf3, GSO super-frames as a
# tap hands them over), and a neighbour mix (garpflood -m: unicast ARP requests and NSs, what
# NUD probes look like). Each is printed as a ratio to "off", and vmroam's to nftables'. Then
# what each costs to change at the largest size: one binding added (vmroam: one netlink request
# per CLI run; nftables: one "add element" run for the MAC and IPv4 sets, and a reload of the
# whole ruleset). Prints figures, judges nothing: under QEMU/TCG the ratios are the figures.
#
#   selftests/bench/versus.sh     env: SIZES ("1 64 1022"), ROUNDS (3), RUN_SECONDS (3),
#                                      MIX_FRAMES (100000), CHANGES (20)
#
# Runs in the test VM (selftests/vm/run.sh -- selftests/bench/versus.sh) or as root on a host
# that can load the module.

. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/benchlib.sh"

SIZES=${SIZES:-1 64 1022}
ROUNDS=${ROUNDS:-3}
RUN_SECONDS=${RUN_SECONDS:-3}
MIX_FRAMES=${MIX_FRAMES:-100000}
CHANGES=${CHANGES:-20}
GARPFLOOD=${GARPFLOOD:-$VMROAM_TOP/selftests/bench/garpflood}
PORT=5201
A_MAC=02:00:00:00:00:01
B_MAC=02:00:00:00:00:02
A_LL=fe80::ff:fe00:1	# e1's link-local address (EUI-64 of A_MAC), garpflood -m's NS source
CONFIGS="off loaded vmroam nftables"
TABLE=vrbench

die()
{
	echo "versus.sh: $*" >&2
	exit 1
}

[ "$(id -u)" = 0 ] || die "needs root"
[ -x "$VMROAM" ] && [ -f "$VMROAM_KO" ] || die "build the module and the CLI first (make all)"
[ -x "$GARPFLOOD" ] || die "$GARPFLOOD not built (make -C selftests/bench)"
for c in iperf3 jq nft; do
	command -v $c >/dev/null || die "needs $c (make deps installs it)"
done
for n in $SIZES; do
	[[ $n =~ ^[1-9][0-9]*$ ]] && [ "$n" -le 1022 ] || die "SIZES: 1 to 1022 ports, not $n"
done

work=$(mktemp -d)
server_pid=
cleanup()
{
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	[ -n "${A:-}" ] && pktgen_stop "$A"
	[ -n "${SW:-}" ] && ip netns exec "$SW" nft delete table bridge $TABLE 2>/dev/null
	ns_cleanup
	rm -rf "$work"
}
trap cleanup EXIT

load_kernel_modules
vmroam_unload || die "vmroam is loaded and cannot be unloaded"
pktgen=0
pktgen_load && pktgen=1

# ---- topology ---------------------------------------------------------------------------------

two_hosts $PORT $A_MAC $B_MAC
[ $pktgen = 1 ] && { pktgen_setup "$A" e1 10.0.0.1 10.0.0.2 $B_MAC || die "pktgen setup"; }

ports=0		# guarded ports: p1, then g2 .. g$ports

# guarded port I (1 is p1): its name, its VM's MAC and IPv4 address
gport() { if [ "$1" = 1 ]; then echo p1; else echo "g$1"; fi; }
gmac() { if [ "$1" = 1 ]; then echo $A_MAC; else printf '02:00:01:00:%02x:%02x' $(($1 >> 8)) $(($1 & 255)); fi; }
gip() { if [ "$1" = 1 ]; then echo 10.0.0.1; else echo "10.1.$(($1 >> 8)).$(($1 & 255))"; fi; }
# its VM's IPv6 link-local address (p1: e1's own, the EUI-64 of A_MAC)
gll() { if [ "$1" = 1 ]; then echo $A_LL; else printf 'fe80::1:ff:fe00:%x' "$1"; fi; }

# grow_ports N: the bridge has N guarded ports; each new one past p1 a veth pair in sw, its peer
# up; the vmroam configuration and the nftables ruleset written for them
grow_ports()
{
	local i

	for ((i = ports > 1 ? ports + 1 : 2; i <= $1; i++)); do
		echo "link add g$i type veth peer name h$i"
		echo "link set g$i master br0 up"
		echo "link set h$i up"
	done >"$work/grow"
	if [ -s "$work/grow" ]; then
		ip -n "$SW" -b "$work/grow" || die "cannot add ports $((ports + 1)) to $1"
	fi
	ports=$1
	for ((i = 1; i <= ports; i++)); do
		echo "binding add dev $(gport $i) mac $(gmac $i) ip $(gip $i) ip $(gll $i)"
		echo "port set dev $(gport $i) trusted off lock on arp-inspect on ip-guard on rate 0"
	done >"$work/vmroam.batch"
	{
		local ifs=() macs=() ip4=() ip6=()

		for ((i = 1; i <= ports; i++)); do
			ifs+=("\"$(gport $i)\"")
			macs+=("\"$(gport $i)\" . $(gmac $i)")
			ip4+=("\"$(gport $i)\" . $(gip $i)")
			ip6+=("\"$(gport $i)\" . $(gll $i)")
		done
		local IFS=,
		cat <<-NFT
		table bridge $TABLE
		delete table bridge $TABLE
		table bridge $TABLE {
			set guarded { type ifname; elements = { ${ifs[*]} }; }
			set macs { type ifname . ether_addr; elements = { ${macs[*]} }; }
			set v4 { type ifname . ipv4_addr; elements = { ${ip4[*]} }; }
			set v6 { type ifname . ipv6_addr; elements = { ${ip6[*]} }; }
			chain guard {
				type filter hook prerouting priority filter; policy accept;
				iifname != @guarded accept
				iifname . ether saddr != @macs drop
				arp operation { request, reply } iifname . arp saddr ether != @macs drop
				arp operation { request, reply } iifname . arp saddr ip != @v4 drop
				udp sport { 67, 547 } drop
				ip saddr 0.0.0.0 udp sport 68 udp dport 67 accept
				iifname . ip saddr != @v4 drop
				icmpv6 type { nd-router-advert, nd-redirect } drop
				ip6 saddr :: accept
				iifname . ip6 saddr != @v6 drop
			}
		}
		NFT
	} >"$work/ruleset.nft"
}

# config off|loaded|vmroam|nftables
config()
{
	ip netns exec "$SW" nft delete table bridge $TABLE 2>/dev/null
	case $1 in
	off|nftables)
		vmroam_unload || die "rmmod vmroam"
		[ "$1" = off ] ||
			ip netns exec "$SW" nft -f "$work/ruleset.nft" || die "nft -f: $ports ports"
		;;
	loaded|vmroam)
		vmroam_unload && vmroam_load || die "insmod $VMROAM_KO"
		[ "$1" = loaded ] ||
			ip netns exec "$SW" "$VMROAM" -batch "$work/vmroam.batch" >"$work/batch.out" 2>&1 ||
			die "vmroam -batch: $(cat "$work/batch.out")"
		;;
	esac
}

# the neighbour mix: MIX_FRAMES frames from e1; prints the frames per second e2 received
mix_run()
{
	local r0 r1 t0 t1

	r0=$(rx_packets "$B" e2)
	t0=$(now_ns)
	ip netns exec "$A" "$GARPFLOOD" -q -m $A_MAC,$B_MAC -i 10.0.0.1 e1 "$MIX_FRAMES" ||
		{ echo 0; return; }
	t1=$(now_ns)
	r1=$(rx_packets "$B" e2)
	awk -v n=$((r1 - r0)) -v t=$((t1 - t0)) 'BEGIN { printf "%.0f", n / (t / 1e9) }'
}

# UDP without pktgen: iperf3 -u with 18-byte payloads (64-byte frames), received datagrams
udp_run()
{
	local j

	if [ $pktgen = 1 ]; then
		pktgen_run "$A" "$B" e2 "$RUN_SECONDS"
		return
	fi
	j=$(ip netns exec "$A" iperf3 -c 10.0.0.2 -p $PORT -u -l 18 -b 0 -t "$RUN_SECONDS" -J) ||
		{ echo 0; return; }
	jq -r '.end.sum.packets as $p | .end.sum.lost_packets as $l |
		.end.sum.seconds as $s | (($p - $l) / $s) | round' <<<"$j"
}

# ms per run of a command, the mean of COUNT runs of "$@" with {} replaced by the run's number,
# {x} by it in two hex digits (a MAC's last octet)
ms_per()	# COUNT COMMAND...
{
	local n=$1 i t0 t1 args x

	shift
	t0=$(now_ns)
	for ((i = 0; i < n; i++)); do
		printf -v x '%02x' "$i"
		args=("${@//\{x\}/$x}")
		args=("${args[@]//\{\}/$i}")
		"${args[@]}" >/dev/null 2>&1 || { echo "failed: ${args[*]}" >&2; echo 0; return; }
	done
	t1=$(now_ns)
	awk -v t=$((t1 - t0)) -v n="$n" 'BEGIN { printf "%.1f", t / 1e6 / n }'
}

# ---- runs -------------------------------------------------------------------------------------

echo "# vmroam versus nftables: forwarding through one bridge, $CONFIGS interleaved, $ROUNDS rounds"
echo "# kernel $(uname -r), $(nproc) CPUs; $(nft --version); iperf3 $(iperf3 --version |
	awk 'NR == 1 { print $2 }'); UDP: $([ $pktgen = 1 ] && echo pktgen || echo iperf3 -u)"

declare -A res
kinds="udp tcp mix"
tcp_run "$A" 10.0.0.2 $PORT 1 >/dev/null	# warm-up, not counted
for n in $SIZES; do
	[ "$n" -gt "$ports" ] && grow_ports "$n"
	echo
	echo "## $n guarded port(s): UDP frames/s, TCP Gbit/s, mix frames/s"
	for ((r = 1; r <= ROUNDS; r++)); do
		for c in $CONFIGS; do
			config "$c"
			u=$(udp_run)
			t=$(tcp_run "$A" 10.0.0.2 $PORT "$RUN_SECONDS")
			m=$(mix_run)
			printf '  round %d  %-8s  udp %9s  tcp %7s  mix %9s\n' "$r" "$c" "$u" "$t" "$m"
			res[$n,$c,udp]+=" $u"
			res[$n,$c,tcp]+=" $t"
			res[$n,$c,mix]+=" $m"
		done
	done
done

# the cost of a change at the largest size: a new VM's binding on port g2 (p1 when alone)
echo
echo "## the cost of one change with $ports guarded port(s), mean of $CHANGES runs, ms"
p=$(gport $((ports > 1 ? 2 : 1)))
config vmroam
c_vmroam=$(ms_per "$CHANGES" ip netns exec "$SW" "$VMROAM" binding add dev "$p" \
	mac "02:00:02:00:00:{x}" ip "10.2.0.{}")
config nftables
c_elem=$(ms_per "$CHANGES" ip netns exec "$SW" nft "add element bridge $TABLE macs { \"$p\" . \
	02:00:02:00:00:{x} }; add element bridge $TABLE v4 { \"$p\" . 10.2.0.{} }")
c_reload=$(ms_per 3 ip netns exec "$SW" nft -f "$work/ruleset.nft")
config off
printf '  vmroam binding add (one netlink request)         %8s\n' "$c_vmroam"
printf '  nft add element (MAC and IPv4 sets)              %8s\n' "$c_elem"
printf '  nft -f of the whole ruleset (%4d ports)          %8s\n' "$ports" "$c_reload"

# shellcheck disable=SC2086 # the values are words
med() { median ${res[$1]}; }
echo
echo "## summary: medians of $ROUNDS rounds; ratios to off"
printf '  %5s %-6s %11s %11s %11s %11s %7s %7s %7s %8s\n' ports what off loaded vmroam nftables \
	loaded vmroam nft vmr/nft
for n in $SIZES; do
	for k in $kinds; do
		o=$(med "$n,off,$k")
		l=$(med "$n,loaded,$k")
		v=$(med "$n,vmroam,$k")
		f=$(med "$n,nftables,$k")
		printf '  %5s %-6s %11s %11s %11s %11s %7s %7s %7s %8s\n' "$n" "$k" "$o" "$l" "$v" "$f" \
			"$(ratio "$l" "$o")" "$(ratio "$v" "$o")" "$(ratio "$f" "$o")" "$(ratio "$v" "$f")"
	done
done
echo "  (udp: 64-byte frames/s; tcp: Gbit/s; mix: ARP request and NS frames/s)"
echo "  change, ms: vmroam binding add $c_vmroam; nft add element $c_elem; nft -f $c_reload"
echo
for n in $SIZES; do
	for k in $kinds; do
		o=$(med "$n,off,$k")
		summary "versus: $n port(s), $k: vmroam/off, nftables/off, vmroam/nftables" \
			"$(ratio "$(med "$n,vmroam,$k")" "$o") $(ratio "$(med "$n,nftables,$k")" "$o")" \
			"$(ratio "$(med "$n,vmroam,$k")" "$(med "$n,nftables,$k")")"
	done
done
summary "versus: one change at $ports ports, ms: vmroam, nft add element, nft -f" \
	"$c_vmroam $c_elem $c_reload"

# SPDX-License-Identifier: GPL-2.0
#
# make              build kmod/vmroam.ko and userspace-tool/vmroam
# make check        everything a fresh Debian 12 machine needs, then all tests (lint, unit, fuzz,
#                   VM)
# make lint         the static checks: the module with W=1 and sparse, checkpatch --strict,
#                   shellcheck on every shell script, the CLI's warnings (selftests/lint.sh);
#                   fails on a finding not in the baselines of selftests/lint/
# make lint-baseline  rewrites those baselines from what the checks find now
# make demo         the migration scenario in a VM: stock behaviour beside vmroam's
# make bench        benchmarks that print figures
# make deps         install the build and test dependencies from Debian (as root)
# make check-debug  the same as make check on the debug kernel (KASAN, lockdep, kmemleak):
#                   builds it first from Debian's linux-source-6.1 (selftests/vm/debug-kernel.sh,
#                   once: about 20 min on 2 cores, 2.3 GB in /var/tmp), then the VM tests
#                   run 4-6 times slower (about 2 h for all), with timeouts times 3
# make deps-debug   install what building the debug kernel needs (as root)
#
# KDIR selects the kernel tree to build against, KERNEL the image the test VM boots; the default
# is the running kernel's tree, else the newest installed Debian headers (this is how a machine
# whose own kernel cannot load modules builds against linux-headers-amd64).

# The tree is looked up when a recipe needs it, not when make starts: on a fresh machine the
# headers exist only once need-deps has installed them. selftests/vm/kdir.sh is also what the VM
# runner asks, so both agree.
KDIR_NOW = "$$($(CURDIR)/selftests/vm/kdir.sh)"
export KDIR KERNEL

FUZZ_SECONDS ?= 60
export FUZZ_SECONDS

# Debian packages: building, the test VM, what the selftests run inside it, checking and fuzzing;
# make lint: sparse, shellcheck, and perl with linux-source-6.1 for scripts/checkpatch.pl; FRR
# (zebra, bgpd) for the EVPN fabric of selftests/fabric.sh
DEPS := build-essential linux-headers-amd64 linux-image-amd64 qemu-system-x86 busybox-static \
	kmod iproute2 libmnl-dev pkg-config jq tcpdump sparse valgrind clang libclang-rt-dev \
	procps psmisc iputils-ping iperf3 python3 dnsmasq-base isc-dhcp-client shellcheck perl frr \
	linux-source-6.1
# make bench's versus.sh: the nftables ruleset vmroam is compared with
DEPS += nftables
# selftests/ynl.sh: the kernel's YNL CLI (make -C selftests/tools ynl extracts it) and its schema check
DEPS += linux-source-6.12 python3-yaml python3-jsonschema
# selftests/docs.sh: man -l and mandoc -Tlint read vmroam(8); bash-completion under the completion
DEPS += man-db groff-base mandoc bash-completion
# make deb and selftests/packages.sh: the Debian package build (debhelper, dh-dkms), lintian, the
# DKMS build against the 6.1 headers, systemd-analyze verify (man: its Documentation= check);
# udevadm for selftests/install.sh
DEPS += debhelper dh-dkms dkms dpkg-dev fakeroot lintian systemd udev man-db
# libvirtd and virsh for selftests/libvirt.sh (no systemd units: these start no service)
DEPS += libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients

# what building the debug kernel needs (selftests/vm/debug-kernel.sh): not in DEPS, so that
# make check and CI install nothing more
DEBUG_DEPS := linux-source-6.1 build-essential bc flex bison libelf-dev libssl-dev xz-utils
DEBUG_KERNEL_DIR ?= /var/tmp/vmroam-debug-kernel
DEBUG_KDIR = $(DEBUG_KERNEL_DIR)/linux-source-6.1

.PHONY: all module cli tools unit clean check demo bench deps need-deps vm-check sparse \
	check-debug deps-debug need-deps-debug lint lint-baseline deb

all: module cli

module: need-kdir
	$(MAKE) -C $(KDIR_NOW) M=$(CURDIR) modules

cli:
	$(MAKE) -C userspace-tool

tools:
	$(MAKE) -C selftests/tools

unit:
	$(MAKE) -C selftests/unit

need-kdir:
	@kdir=$(KDIR_NOW) && test -d "$$kdir" || { \
		echo "no kernel tree: install linux-headers-amd64 (make deps) or set KDIR=" >&2; \
		exit 1; }

# kernel-style checks of the module: sparse on every file
sparse: need-kdir
	$(MAKE) -C $(KDIR_NOW) M=$(CURDIR) C=2 modules

# W=1, sparse, checkpatch --strict, shellcheck and the CLI's -Wall -Wextra, each compared with
# its baseline in selftests/lint/ (in make check too: selftests/check.sh). A missing tool skips
# its stage, or fails it under CI=true. Builds copies under .check/lint, not the tree's objects.
lint:
	selftests/lint.sh

# after fixing findings, or to accept new ones: review the diff of selftests/lint/ before
# committing it
lint-baseline:
	selftests/lint.sh --update-baseline

deps:
	@[ "$$(id -u)" = 0 ] || { echo "make deps: run as root (apt-get)" >&2; exit 1; }
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEPS)

# installs only when a package is missing, so a prepared machine starts at once
need-deps:
	@missing=$$(dpkg-query -W -f='$${Package} $${Status}\n' $(DEPS) 2>&1 | \
		awk '!/install ok installed/ {print $$1}'); \
	if [ -n "$$missing" ]; then \
		echo "installing missing packages: $$missing"; \
		$(MAKE) --no-print-directory deps; \
	fi

check: need-deps
	selftests/check.sh

deps-debug:
	@[ "$$(id -u)" = 0 ] || { echo "make deps-debug: run as root (apt-get)" >&2; exit 1; }
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEBUG_DEPS)

need-deps-debug:
	@missing=$$(for p in $(DEBUG_DEPS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || \
		echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing missing packages:" $$missing; \
		$(MAKE) --no-print-directory deps-debug; \
	fi

# make check on the debug kernel, built first if debug.config is newer than its bzImage (nice:
# the build must not starve a VM already running). TIMEOUT_SCALE reaches the guest's tests
# through guest.env (selftests/vm/run.sh). VM_TIMEOUT: the tests' own timeouts (settings) add
# up to about 7500 s, times 3.
check-debug: need-deps need-deps-debug
	nice -n 19 selftests/vm/debug-kernel.sh $(DEBUG_KERNEL_DIR)
	KERNEL=$(DEBUG_KDIR)/arch/x86/boot/bzImage KDIR=$(DEBUG_KDIR) TIMEOUT_SCALE=3 \
		VM_TIMEOUT=$${VM_TIMEOUT:-23400} selftests/check.sh

# the counters of one frame of every type, then the problem statement's gateway table: stock
# Linux, vmroam's default policy, and a policy that reproduces the table (Y N N Y N Y N)
demo: need-deps all tools
	selftests/vm/run.sh -- sh -c 'selftests/demo.sh && selftests/gateway.sh --table && \
		selftests/migration.sh --table && selftests/fabric.sh --table'

# the pure core per frame (ns, instructions), then in the VM: forwarding with and without the
# module side by side, and the binding table at 100 000 bindings
bench: need-deps all tools unit
	$(MAKE) --no-print-directory -C selftests/unit bench
	$(MAKE) --no-print-directory -C selftests/bench run

# the two Debian packages, vmroam and vmroam-dkms, into .deb/ (DEB_OUT=): dpkg-buildpackage
# -us -uc -b in a copy of the tree (what git tracks, plus new files it does not ignore), so
# that neither the tree's objects nor debian/'s build files are touched and no .deb lands in
# the parent directory. Install them with "apt install ./.deb/vmroam*.deb".
DEB_OUT ?= $(CURDIR)/.deb
DEB_SRC = $(DEB_OUT)/build/vmroam
deb:
	rm -rf $(DEB_OUT)/build && mkdir -p $(DEB_SRC)
	rm -f $(DEB_OUT)/*.deb $(DEB_OUT)/*.buildinfo $(DEB_OUT)/*.changes
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard | \
			tar --null -T - --ignore-failed-read -cf - 2>/dev/null; \
	else \
		tar --exclude=./.deb --exclude=./.check --exclude=./.scratch -cf - .; \
	fi | tar -xf - -C $(DEB_SRC)
	cd $(DEB_SRC) && dpkg-buildpackage -us -uc -b
	mv $(DEB_OUT)/build/*.deb $(DEB_OUT)/build/*.buildinfo $(DEB_OUT)/build/*.changes $(DEB_OUT)/
	rm -rf $(DEB_OUT)/build
	@ls $(DEB_OUT)/*.deb

clean:
	-$(MAKE) -C $(KDIR_NOW) M=$(CURDIR) clean
	$(MAKE) -C userspace-tool clean
	-$(MAKE) -C selftests/tools clean
	-$(MAKE) -C selftests/unit clean
	-$(MAKE) -C selftests/bench clean
	rm -rf .check

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prints the kernel tree to build the module against: $KDIR if set, else the running kernel's,
# else the newest installed headers (sort -V: 6.1.0-10 is newer than 6.1.0-9). The top-level
# Makefile asks at the moment a target needs the tree (after need-deps has installed the
# headers), and the VM runner asks the same way, so both pick the same tree. Exit status 1, with
# nothing printed, when there is none.

if [ -n "${KDIR:-}" ]; then
	echo "$KDIR"
	exit 0
fi
if [ -d "/lib/modules/$(uname -r)/build" ]; then
	echo "/lib/modules/$(uname -r)/build"
	exit 0
fi
kdir=$(printf '%s\n' /lib/modules/*/build | sort -V | tail -n 1)
[ -d "$kdir" ] || exit 1
echo "$kdir"

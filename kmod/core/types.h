/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types of the pure core. The core includes no kernel and no libc header so that the same source
 * builds into the module and into the userspace tests, fuzzer and benchmark; its fixed-width
 * types come from the compiler.
 */
#ifndef VR_CORE_TYPES_H
#define VR_CORE_TYPES_H

typedef __UINT8_TYPE__ vr_u8;
typedef __UINT16_TYPE__ vr_u16;
typedef __UINT32_TYPE__ vr_u32;
typedef __UINT64_TYPE__ vr_u64;

/* sparse checks network byte order in the core as it does in the kernel */
#ifdef __CHECKER__
#define VR_BITWISE	__attribute__((bitwise))
#define VR_FORCE	__attribute__((force))
#else
#define VR_BITWISE
#define VR_FORCE
#endif

/* an IPv4 address in network byte order, as it stands in the frame */
typedef vr_u32 VR_BITWISE vr_be32;

#define VR_ETH_ALEN	6
#define VR_IP6_ALEN	16

#endif /* VR_CORE_TYPES_H */

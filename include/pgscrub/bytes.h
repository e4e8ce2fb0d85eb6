/*
 * bytes.h — byte-level helpers shared by the codecs and the anonymisers.
 */
#ifndef PGSCRUB_BYTES_H
#define PGSCRUB_BYTES_H

#include <stdint.h>

/* Little-endian 64-bit load and store; compilers make them one move. */
static inline uint64_t pgs_get64le(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	       (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	       (uint64_t)p[7] << 56;
}

static inline void pgs_put64le(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* The value of a hexadecimal digit, or -1. */
static inline int pgs_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif

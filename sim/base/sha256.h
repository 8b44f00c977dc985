/*
** sha256.h — SHA-256 (FIPS 180-4), for the scenario file's fingerprint in
** summary.json.
*/
#ifndef TS_SHA256_H
#define TS_SHA256_H

#include <stddef.h>

/* Lowercase hex SHA-256 of a buffer (FIPS 180-4). */
void ts_sha256_hex(const void *data, size_t len, char out[static 65]);

#endif

/*
** files.h — every file tiersim reads or writes goes through here: one reader
** with a size cap, one atomic writer (temporary name, fsync, rename) and
** mkdir -p. Messages name the file and the reason.
*/
#ifndef TS_FILES_H
#define TS_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include "tiersim.h"

/*
** Read the whole file at path into a NUL-terminated buffer (free with
** free()); *len is its length in bytes. A regular file larger than max_bytes
** is refused from its size before anything is read (a stream that grows past
** it while being read too). what names such files in that message ("scenario
** and rulebook files"). On failure returns NULL and adds one message
** "PATH: cannot read the file: REASON" (or the size message).
*/
char *ts_file_read(const char *path, size_t max_bytes, const char *what, size_t *len,
                   ts_error *err);

/*
** Write n files into the existing folder dir, all or none: each first to
** dir/.NAME.tmp (written, flushed and fsync'ed), then, when every one
** succeeded, renamed over dir/NAME, and the folder fsync'ed. On failure every
** temporary made is removed, the final names are untouched (unless the
** failure came between two renames) and TS_EIO is returned with a message
** "cannot write 'DIR/NAME': REASON".
*/
ts_status ts_file_write_all(const char *dir, size_t n, const char *const *names,
                            const char *const *data, const size_t *lens, ts_error *err);

/* ts_file_write_all of one file at path (its folder must exist). */
ts_status ts_file_write(const char *path, const char *data, size_t len, ts_error *err);

/*
** Create the folder path and any missing parents (mkdir -p). TS_OK when it
** exists as a folder afterwards; else TS_EIO with a message naming the part
** that could not be made.
*/
ts_status ts_file_mkdirs(const char *path, ts_error *err);

/* Whether something (file, folder, ...) exists at path. */
bool ts_file_exists(const char *path);

#endif

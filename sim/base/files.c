/*
** files.c — the one file reader (with a size cap), the one atomic writer and
** mkdir -p (files.h).
*/
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *ts_file_read(const char *path, size_t max_bytes, const char *what, size_t *len,
                   ts_error *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        ts_error_add(err, "%s: cannot read the file: %s", path, strerror(errno));
        return NULL;
    }
    double mib = (double)max_bytes / 1048576.0;
    struct stat st;
    if (fstat(fileno(f), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            ts_error_add(err, "%s: cannot read the file: it is a directory", path);
            fclose(f);
            return NULL;
        }
        if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max_bytes) {
            ts_error_add(err, "%s: the file is %.1f MiB; %s may be at most %g MiB (is this the "
                         "right file?)", path, (double)st.st_size / 1048576.0, what, mib);
            fclose(f);
            return NULL;
        }
    }
    size_t cap = 65536, n = 0;
    char *buf = ts_xmalloc(cap + 1);
    for (;;) {
        if (n == cap) {
            if (cap > max_bytes) {
                ts_error_add(err, "%s: the file is larger than %g MiB; %s may be at most %g MiB",
                             path, mib, what, mib);
                free(buf);
                fclose(f);
                return NULL;
            }
            cap *= 2;
            buf = ts_xrealloc(buf, cap + 1);
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    if (ferror(f)) {
        ts_error_add(err, "%s: cannot read the file: %s", path, strerror(errno ? errno : EIO));
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Write len bytes to f, flush and fsync; TS_EIO with a message naming name. */
static ts_status put(FILE *f, const char *data, size_t len, const char *name, ts_error *err)
{
    errno = 0;
    if (fwrite(data, 1, len, f) != len || fflush(f) != 0) {
        int e = errno ? errno : EIO;
        ts_error_add(err, "cannot write '%s': %s", name, strerror(e));
        return TS_EIO;
    }
    /* file systems that cannot sync (a pipe, some FUSE mounts) are not an error */
    if (fsync(fileno(f)) != 0 && errno != EINVAL && errno != EROFS && errno != ENOTSUP) {
        ts_error_add(err, "cannot write '%s': %s", name, strerror(errno));
        return TS_EIO;
    }
    return TS_OK;
}

ts_status ts_file_write_all(const char *dir, size_t n, const char *const *names,
                            const char *const *data, const size_t *lens, ts_error *err)
{
    char **tmp = ts_xcalloc(n + 1, sizeof *tmp);
    char **fin = ts_xcalloc(n + 1, sizeof *fin);
    bool *made = ts_xcalloc(n + 1, sizeof *made);
    ts_status st = TS_OK;
    for (size_t i = 0; i < n && st == TS_OK; i++) {
        tmp[i] = ts_xasprintf("%s/.%s.tmp", dir, names[i]);
        fin[i] = ts_xasprintf("%s/%s", dir, names[i]);
        FILE *f = fopen(tmp[i], "wb");
        if (f == NULL) {
            ts_error_add(err, "cannot write '%s': %s", fin[i], strerror(errno));
            st = TS_EIO;
            break;
        }
        made[i] = true;
        st = put(f, data[i], lens[i], fin[i], err);
        if (fclose(f) != 0 && st == TS_OK) {
            ts_error_add(err, "cannot write '%s': %s", fin[i], strerror(errno));
            st = TS_EIO;
        }
    }
    for (size_t i = 0; i < n && st == TS_OK; i++) {
        if (rename(tmp[i], fin[i]) != 0) {
            ts_error_add(err, "cannot write '%s': %s", fin[i], strerror(errno));
            st = TS_EIO;
            break;
        }
        made[i] = false;
    }
    for (size_t i = 0; i < n; i++) {
        if (made[i])
            unlink(tmp[i]);
        free(tmp[i]);
        free(fin[i]);
    }
    free(tmp);
    free(fin);
    free(made);
    if (st == TS_OK) { /* make the renames durable; best effort */
        int fd = open(dir, O_RDONLY);
        if (fd >= 0) {
            (void)fsync(fd);
            close(fd);
        }
    }
    return st;
}

ts_status ts_file_write(const char *path, const char *data, size_t len, ts_error *err)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash == NULL ? ts_xstrdup(".")
                : slash == path ? ts_xstrdup("/")
                : ts_xasprintf("%.*s", (int)(slash - path), path);
    const char *name = slash == NULL ? path : slash + 1;
    ts_status st = ts_file_write_all(dir, 1, &name, &data, &len, err);
    free(dir);
    return st;
}

ts_status ts_file_mkdirs(const char *path, ts_error *err)
{
    char *p = ts_xstrdup(path);
    ts_status st = TS_OK;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            ts_error_add(err, "%s: cannot create the folder: %s", p, strerror(errno));
            st = TS_EIO;
            break;
        }
        *s = c;
        if (c == '\0')
            break;
    }
    if (st == TS_OK) {
        struct stat sb;
        if (stat(path, &sb) != 0) {
            ts_error_add(err, "%s: cannot create the folder: %s", path, strerror(errno));
            st = TS_EIO;
        } else if (!S_ISDIR(sb.st_mode)) {
            ts_error_add(err, "%s: cannot create the folder: %s", path, strerror(ENOTDIR));
            st = TS_EIO;
        }
    }
    free(p);
    return st;
}

bool ts_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/*
** dist.c — one of several processes under Open MPI, or alone (dist.h). All
** MPI calls of tiersim are in this file; without TS_HAVE_MPI it holds the
** one-process versions.
*/
#include "dist.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tiersim.h"

#ifdef TS_HAVE_MPI
#include <mpi.h>
#endif

static unsigned g_rank = 0, g_size = 1;
static uint64_t g_sent = 0;

bool ts_dist_built(void)
{
#ifdef TS_HAVE_MPI
    return true;
#else
    return false;
#endif
}

unsigned ts_dist_rank(void)
{
    return g_rank;
}

unsigned ts_dist_size(void)
{
    return g_size;
}

uint64_t ts_dist_bytes_sent(void)
{
    return g_sent;
}

#ifdef TS_HAVE_MPI

static bool g_started = false; /* ts_dist_init called MPI_Init_thread */

/* Launched by mpirun / mpiexec (Open MPI), or by srun with PMIx or PMI-2. */
static bool launched(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"};
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++)
        if (getenv(vars[i]) != NULL)
            return true;
    return false;
}

void ts_dist_init(int *argc, char ***argv)
{
    if (!launched())
        return;
    int provided = 0, rank = 0, size = 1;
    /* threads run replications; only the main thread calls MPI */
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    g_started = true;
    g_rank = (unsigned)rank;
    g_size = (unsigned)size;
    if (g_rank != 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            fflush(stdout);
            dup2(null, STDOUT_FILENO);
            close(null);
        }
    }
}

void ts_dist_finalize(void)
{
    if (g_started)
        MPI_Finalize();
    g_started = false;
}

int ts_dist_bcast_int(int v)
{
    if (g_size > 1)
        MPI_Bcast(&v, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return v;
}

bool ts_dist_any(bool local)
{
    if (g_size < 2)
        return local;
    int in = local ? 1 : 0, out = 0;
    MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return out != 0;
}

uint64_t ts_dist_sum_u64(uint64_t local)
{
    if (g_size < 2)
        return local;
    uint64_t out = 0;
    MPI_Allreduce(&local, &out, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    return out;
}

/* Messages of at most this many elements, well under INT_MAX. */
#define CHUNK ((size_t)1 << 26)

static void copy(void *p, size_t n, size_t size, MPI_Datatype type, unsigned peer, bool send)
{
    char *at = p;
    for (size_t off = 0; off < n; off += CHUNK) {
        int k = (int)(n - off < CHUNK ? n - off : CHUNK);
        if (send) {
            MPI_Send(at + off * size, k, type, (int)peer, 0, MPI_COMM_WORLD);
            g_sent += (uint64_t)k * size;
        } else {
            MPI_Recv(at + off * size, k, type, (int)peer, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        }
    }
}

void ts_dist_doubles(double *p, size_t n, unsigned peer, bool send)
{
    copy(p, n, sizeof *p, MPI_DOUBLE, peer, send);
}

void ts_dist_int32s(int32_t *p, size_t n, unsigned peer, bool send)
{
    copy(p, n, sizeof *p, MPI_INT32_T, peer, send);
}

static void bcast(void *p, size_t n, size_t size, MPI_Datatype type)
{
    if (g_size < 2)
        return;
    char *at = p;
    for (size_t off = 0; off < n; off += CHUNK) {
        int k = (int)(n - off < CHUNK ? n - off : CHUNK);
        MPI_Bcast(at + off * size, k, type, 0, MPI_COMM_WORLD);
    }
}

void ts_dist_bcast_doubles(double *p, size_t n)
{
    bcast(p, n, sizeof *p, MPI_DOUBLE);
}

void ts_dist_bcast_int32s(int32_t *p, size_t n)
{
    bcast(p, n, sizeof *p, MPI_INT32_T);
}

/* --------------------------------------------------- checked sections */

/* The most of one rank's messages that reach rank 0 (the rest is cut). */
#define MAX_TEXT 65536

static int g_saved_fd = -1;
static FILE *g_capture = NULL;

void ts_dist_section_begin(void)
{
    if (g_size < 2)
        return;
    fflush(stderr);
    g_capture = tmpfile();
    if (g_capture == NULL)
        return; /* messages then go straight to stderr, perhaps once per rank */
    g_saved_fd = dup(STDERR_FILENO);
    dup2(fileno(g_capture), STDERR_FILENO);
}

/* What this rank wrote to stderr since ts_dist_section_begin, and stderr given back. */
static char *end_capture(int *len)
{
    char *text = ts_xmalloc(MAX_TEXT + 1);
    *len = 0;
    if (g_capture == NULL) {
        text[0] = '\0';
        return text;
    }
    fflush(stderr);
    int fd = fileno(g_capture);
    if (lseek(fd, 0, SEEK_SET) == 0) {
        ssize_t got;
        while (*len < MAX_TEXT && (got = read(fd, text + *len, (size_t)(MAX_TEXT - *len))) > 0)
            *len += (int)got;
    }
    text[*len] = '\0';
    dup2(g_saved_fd, STDERR_FILENO);
    close(g_saved_fd);
    fclose(g_capture);
    g_saved_fd = -1;
    g_capture = NULL;
    return text;
}

/* "[rank 1,3-5] " for the ranks r with same[r]. */
static void rank_prefix(const bool *same, unsigned size, char *buf, size_t cap)
{
    size_t at = (size_t)snprintf(buf, cap, "[rank ");
    bool first = true;
    for (unsigned r = 0; r < size && at < cap; r++) {
        if (!same[r])
            continue;
        unsigned e = r;
        while (e + 1 < size && same[e + 1])
            e++;
        at += (size_t)snprintf(buf + at, cap - at, e > r ? "%s%u-%u" : "%s%u", first ? "" : ",", r, e);
        first = false;
        r = e;
    }
    if (at < cap)
        snprintf(buf + at, cap - at, "] ");
}

/* Print text on stderr, every line after prefix. */
static void print_lines(const char *text, const char *prefix)
{
    for (const char *s = text; *s;) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        fprintf(stderr, "%s%.*s\n", prefix, (int)n, s);
        s += n + (nl ? 1 : 0);
    }
}

/* Rank 0: each failing rank's message once, naming the ranks unless all gave it. */
static void print_failures(const int *rcs, char *const *texts)
{
    bool *printed = ts_xcalloc(g_size, sizeof *printed), *same = ts_xcalloc(g_size, sizeof *same);
    for (unsigned r = 0; r < g_size; r++) {
        if (rcs[r] == 0 || printed[r])
            continue;
        unsigned count = 0;
        for (unsigned q = 0; q < g_size; q++) {
            same[q] = rcs[q] != 0 && !printed[q] && strcmp(texts[q], texts[r]) == 0;
            if (same[q]) {
                printed[q] = true;
                count++;
            }
        }
        char prefix[256] = "";
        if (count < g_size)
            rank_prefix(same, g_size, prefix, sizeof prefix);
        if (texts[r][0] == '\0')
            fprintf(stderr, "%stiersim: failed (exit code %d) without a message\n", prefix, rcs[r]);
        else
            print_lines(texts[r], prefix);
    }
    free(printed);
    free(same);
}

int ts_dist_section_end(int rc)
{
    if (g_size < 2)
        return rc;
    int len = 0;
    char *mine = end_capture(&len);
    int *rcs = ts_xcalloc(g_size, sizeof *rcs), *lens = ts_xcalloc(g_size, sizeof *lens);
    MPI_Allgather(&rc, 1, MPI_INT, rcs, 1, MPI_INT, MPI_COMM_WORLD);
    MPI_Gather(&len, 1, MPI_INT, lens, 1, MPI_INT, 0, MPI_COMM_WORLD);
    int *offs = NULL;
    char *all = NULL;
    if (g_rank == 0) {
        offs = ts_xcalloc(g_size, sizeof *offs);
        int total = 0;
        for (unsigned r = 0; r < g_size; r++) {
            offs[r] = total;
            total += lens[r];
        }
        all = ts_xmalloc((size_t)total + 1);
    }
    MPI_Gatherv(mine, len, MPI_CHAR, all, lens, offs, MPI_CHAR, 0, MPI_COMM_WORLD);
    int agreed = 0;
    for (unsigned r = 0; r < g_size && agreed == 0; r++)
        agreed = rcs[r];
    if (g_rank == 0) {
        if (agreed == 0) {
            fputs(mine, stderr); /* rank 0's notes; the others' are the same */
        } else {
            char **texts = ts_xcalloc(g_size, sizeof *texts);
            for (unsigned r = 0; r < g_size; r++) {
                texts[r] = ts_xmalloc((size_t)lens[r] + 1);
                memcpy(texts[r], all + offs[r], (size_t)lens[r]);
                texts[r][lens[r]] = '\0';
            }
            print_failures(rcs, texts);
            ts_strings_free(texts, g_size);
        }
        fflush(stderr);
    }
    free(all);
    free(offs);
    free(lens);
    free(rcs);
    free(mine);
    return agreed;
}

#else /* one process */

void ts_dist_init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
}

void ts_dist_finalize(void)
{
}

int ts_dist_bcast_int(int v)
{
    return v;
}

bool ts_dist_any(bool local)
{
    return local;
}

uint64_t ts_dist_sum_u64(uint64_t local)
{
    return local;
}

/* Alone there is no peer: nothing is copied. */
void ts_dist_doubles(double *p, size_t n, unsigned peer, bool send)
{
    (void)p;
    (void)n;
    (void)peer;
    (void)send;
}

void ts_dist_int32s(int32_t *p, size_t n, unsigned peer, bool send)
{
    (void)p;
    (void)n;
    (void)peer;
    (void)send;
}

void ts_dist_bcast_doubles(double *p, size_t n)
{
    (void)p;
    (void)n;
}

void ts_dist_bcast_int32s(int32_t *p, size_t n)
{
    (void)p;
    (void)n;
}

void ts_dist_section_begin(void)
{
}

int ts_dist_section_end(int rc)
{
    return rc;
}

#endif

/* modlaw.h -- the base layer every modlaw module may include.
 *
 * Status codes, the thread-local error message, the version string and the
 * atomic-file helpers.  No mathematics lives here; the model description is in
 * model.h.  Library functions never print and never exit: they return one of
 * the codes below and leave a one-line message retrievable by
 * modlaw_last_error().
 */
#ifndef MODLAW_H
#define MODLAW_H

#include <stdio.h>
#include <stddef.h>

#define MODLAW_VERSION "0.1.0"

enum modlaw_status {
    MODLAW_OK = 0,
    MODLAW_EINVAL = 1,  /* an argument is out of its domain (bad usage)      */
    MODLAW_ENOMEM = 2,  /* allocation failed                                 */
    MODLAW_EIO = 3,     /* file could not be read or written                 */
    MODLAW_ENUM = 4,    /* numerical failure (LAPACK info != 0, no progress) */
    MODLAW_EPREC = 5    /* Arb could not certify the result at this precision */
};

/* Record an error (printf-style message) for the calling thread and return
 * `code`, so a library function can write `return modlaw_fail(MODLAW_EINVAL,
 * "--n: must be positive")`.  The message should start with the name of the
 * offending argument when there is one. */
int modlaw_fail(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The last message recorded on this thread ("" if none). */
const char *modlaw_last_error(void);

/* Clear the calling thread's message. */
void modlaw_clear_error(void);

/* Atomic output: modlaw_file_open() opens `path`.tmp.<pid> for writing;
 * modlaw_file_commit() flushes, fsyncs, closes and renames it onto `path`
 * (so readers never see a half-written file); modlaw_file_abort() closes and
 * removes the temporary.  Both finishing calls free `f`. */
typedef struct modlaw_file modlaw_file;
int modlaw_file_open(modlaw_file **f, const char *path);
FILE *modlaw_file_stream(modlaw_file *f);
int modlaw_file_commit(modlaw_file *f);
void modlaw_file_abort(modlaw_file *f);

/* Create directory `dir` and its parents (like mkdir -p). */
int modlaw_mkdir_p(const char *dir);

/* 1 if `path` exists and is a regular, non-empty file. */
int modlaw_file_exists(const char *path);

/* Write the standard provenance comment block to `out`:
 *   # modlaw <version>
 *   # command: <cmdline>
 *   # date: <UTC ISO-8601>
 * `cmdline` may be NULL (then the line is omitted). */
void modlaw_write_provenance(FILE *out, const char *cmdline);

/* The command line of this process as one string (set once by the CLI with
 * modlaw_set_cmdline; "" if never set).  Used in provenance lines. */
void modlaw_set_cmdline(int argc, char **argv);
const char *modlaw_cmdline(void);

/* A stamp of the running executable (its modification time), so caches made
 * by another build of modlaw are not reused.  "unknown" if unavailable. */
const char *modlaw_build_stamp(void);

#endif

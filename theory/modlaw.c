/* modlaw.c -- status messages, provenance and atomic files (see modlaw.h). */
#include "modlaw.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

static _Thread_local char err_msg[512];

int modlaw_fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err_msg, sizeof err_msg, fmt, ap);
    va_end(ap);
    return code;
}

const char *modlaw_last_error(void) { return err_msg; }
void modlaw_clear_error(void) { err_msg[0] = '\0'; }

struct modlaw_file {
    FILE *fp;
    char *path;
    char *tmp;
};

int modlaw_file_open(modlaw_file **out, const char *path)
{
    *out = NULL;
    modlaw_file *f = calloc(1, sizeof *f);
    if (!f) return modlaw_fail(MODLAW_ENOMEM, "out of memory");
    size_t len = strlen(path) + 40;
    f->path = strdup(path);
    f->tmp = malloc(len);
    if (!f->path || !f->tmp) {
        free(f->path); free(f->tmp); free(f);
        return modlaw_fail(MODLAW_ENOMEM, "out of memory");
    }
    snprintf(f->tmp, len, "%s.tmp.%ld", path, (long)getpid());
    f->fp = fopen(f->tmp, "w");
    if (!f->fp) {
        int e = errno;
        free(f->path); free(f->tmp); free(f);
        return modlaw_fail(MODLAW_EIO, "%s: cannot write: %s", path, strerror(e));
    }
    *out = f;
    return MODLAW_OK;
}

FILE *modlaw_file_stream(modlaw_file *f) { return f->fp; }

static void file_free(modlaw_file *f)
{
    free(f->path);
    free(f->tmp);
    free(f);
}

int modlaw_file_commit(modlaw_file *f)
{
    int bad = fflush(f->fp) != 0 || ferror(f->fp);
    if (!bad) bad = fsync(fileno(f->fp)) != 0;
    if (fclose(f->fp) != 0) bad = 1;
    if (!bad && rename(f->tmp, f->path) != 0) bad = 1;
    if (bad) {
        int e = errno;
        remove(f->tmp);
        int rc = modlaw_fail(MODLAW_EIO, "%s: write failed: %s", f->path, strerror(e));
        file_free(f);
        return rc;
    }
    file_free(f);
    return MODLAW_OK;
}

void modlaw_file_abort(modlaw_file *f)
{
    if (!f) return;
    fclose(f->fp);
    remove(f->tmp);
    file_free(f);
}

int modlaw_mkdir_p(const char *dir)
{
    char buf[4096];
    size_t len = strlen(dir);
    if (len == 0 || len >= sizeof buf)
        return modlaw_fail(MODLAW_EINVAL, "--out: bad directory name");
    memcpy(buf, dir, len + 1);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return modlaw_fail(MODLAW_EIO, "%s: cannot create: %s", buf, strerror(errno));
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        return modlaw_fail(MODLAW_EIO, "%s: cannot create: %s", buf, strerror(errno));
    struct stat st;
    if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode))
        return modlaw_fail(MODLAW_EIO, "%s: not a directory", buf);
    return MODLAW_OK;
}

int modlaw_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
}

static char cmdline_buf[4096];

void modlaw_set_cmdline(int argc, char **argv)
{
    size_t used = 0;
    cmdline_buf[0] = '\0';
    for (int i = 0; i < argc && used + 2 < sizeof cmdline_buf; i++) {
        int w = snprintf(cmdline_buf + used, sizeof cmdline_buf - used, "%s%s",
                         i ? " " : "", argv[i]);
        if (w < 0) break;
        used += (size_t)w;
    }
    if (used >= sizeof cmdline_buf) used = sizeof cmdline_buf - 1;
    /* keep the header a single line whatever the arguments contain */
    for (size_t i = 0; i < used; i++)
        if (cmdline_buf[i] == '\n' || cmdline_buf[i] == '\r') cmdline_buf[i] = ' ';
}

const char *modlaw_cmdline(void) { return cmdline_buf; }

void modlaw_write_provenance(FILE *out, const char *cmdline)
{
    char date[32];
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tmv);
    fprintf(out, "# modlaw %s\n", MODLAW_VERSION);
    if (cmdline && *cmdline) fprintf(out, "# command: %s\n", cmdline);
    fprintf(out, "# date: %s\n", date);
}

const char *modlaw_build_stamp(void)
{
    static char stamp[64];
    struct stat st;
    if (stat("/proc/self/exe", &st) != 0) return "unknown";
    snprintf(stamp, sizeof stamp, "%lld.%09ld", (long long)st.st_mtim.tv_sec,
             (long)st.st_mtim.tv_nsec);
    return stamp;
}

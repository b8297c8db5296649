/* sim_idx.c -- IDX file reader (the MNIST format of LeCun et al.: magic
 * 0x00 0x00 <type> <ndim>, big-endian 32-bit dimensions, then the data),
 * gzip-compressed or plain, through zlib. */
#include "sim_idx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

void sim_idx_free(sim_idx *x)
{
    if (!x) return;
    free(x->data);
    memset(x, 0, sizeof *x);
}

static int read_all(gzFile g, unsigned char *buf, long n)
{
    long got = 0;
    while (got < n) {
        unsigned chunk = (unsigned)(n - got > (1L << 30) ? (1L << 30) : n - got);
        int r = gzread(g, buf + got, chunk);
        if (r <= 0) return -1;
        got += r;
    }
    return 0;
}

int sim_idx_read(sim_idx *x, const char *path, const char *what)
{
    memset(x, 0, sizeof *x);
    if (!what) what = "IDX file";
    if (!path || !*path) return modlaw_fail(MODLAW_EINVAL, "%s: empty path", what);
    gzFile g = gzopen(path, "rb");
    if (!g) return modlaw_fail(MODLAW_EINVAL, "%s: cannot open '%s': %s", what, path,
                               errno ? strerror(errno) : "zlib error");
    unsigned char hdr[4];
    if (read_all(g, hdr, 4)) {
        gzclose(g);
        return modlaw_fail(MODLAW_EINVAL, "%s: '%s' is too short for an IDX header", what, path);
    }
    if (hdr[0] != 0 || hdr[1] != 0) {
        gzclose(g);
        return modlaw_fail(MODLAW_EINVAL, "%s: '%s' is not an IDX file (bad magic)", what, path);
    }
    if (hdr[2] != 0x08) {
        gzclose(g);
        return modlaw_fail(MODLAW_EINVAL, "%s: '%s' has IDX type 0x%02x; only unsigned bytes (0x08) are supported",
                           what, path, hdr[2]);
    }
    int nd = hdr[3];
    if (nd < 1 || nd > 3) {
        gzclose(g);
        return modlaw_fail(MODLAW_EINVAL, "%s: '%s' has %d dimensions; 1 to 3 are supported", what, path, nd);
    }
    long total = 1;
    for (int i = 0; i < nd; i++) {
        unsigned char b[4];
        if (read_all(g, b, 4)) {
            gzclose(g);
            return modlaw_fail(MODLAW_EINVAL, "%s: '%s' is truncated in its header", what, path);
        }
        unsigned long v = ((unsigned long)b[0] << 24) | ((unsigned long)b[1] << 16) |
                          ((unsigned long)b[2] << 8) | (unsigned long)b[3];
        if (v == 0 || v > (1UL << 28)) {
            gzclose(g);
            return modlaw_fail(MODLAW_EINVAL, "%s: '%s' has dimension %d = %lu (out of range)", what, path, i, v);
        }
        x->dims[i] = (long)v;
        if (total > SIM_IDX_MAX_BYTES / (long)v) {
            gzclose(g);
            return modlaw_fail(MODLAW_EINVAL, "%s: '%s' is larger than %ld bytes", what, path, (long)SIM_IDX_MAX_BYTES);
        }
        total *= (long)v;
    }
    x->ndim = nd;
    x->count = x->dims[0];
    x->item = total / x->count;
    x->data = malloc((size_t)total);
    if (!x->data) {
        gzclose(g);
        return modlaw_fail(MODLAW_ENOMEM, "%s: cannot allocate %ld bytes", what, total);
    }
    if (read_all(g, x->data, total)) {
        gzclose(g);
        sim_idx_free(x);
        return modlaw_fail(MODLAW_EINVAL, "%s: '%s' is truncated (expected %ld data bytes)", what, path, total);
    }
    unsigned char extra;
    int more = gzread(g, &extra, 1);
    int err;
    char msg[256];
    /* copy: zlib's message lives in the gzFile state that gzclose frees */
    snprintf(msg, sizeof msg, "%s", gzerror(g, &err));
    gzclose(g);
    if (more > 0) {
        sim_idx_free(x);
        return modlaw_fail(MODLAW_EINVAL, "%s: '%s' has data after the %ld bytes its header declares", what, path, total);
    }
    if (err != Z_OK && err != Z_STREAM_END) {
        sim_idx_free(x);
        return modlaw_fail(MODLAW_EINVAL, "%s: '%s': %s", what, path, msg);
    }
    return MODLAW_OK;
}

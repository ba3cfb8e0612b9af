/*
** srv_static.c: the web app's files, read into memory at start (they are
** few and small) and served from there.
**
** Every regular file under the web directory (two levels deep at most) is
** served at its path; "/" is index.html. Names with a leading dot are
** skipped.
*/
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "server.h"

#define STATIC_MAX_FILES 64
#define STATIC_MAX_BYTES (8u << 20)

struct sfile {
    char path[128];        /* "/app.js" */
    char *data;
    size_t len;
    const char *type;
};

static struct sfile files[STATIC_MAX_FILES];
static size_t nfiles;

static const char *type_of(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
    };
    const char *dot = strrchr(name, '.');
    for(size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
        if(!strcmp(dot, types[i].ext))
            return types[i].type;
    return "application/octet-stream";
}

static int load_file(const char *fs, const char *url, sd_error *err)
{
    FILE *f = fopen(fs, "rb");
    struct stat sb;
    if(!f || fstat(fileno(f), &sb) || sb.st_size > (off_t)STATIC_MAX_BYTES) {
        sd_error_setf(err, "%s: %s", fs, f ? "too large" : strerror(errno));
        if(f)
            fclose(f);
        return SD_ERR_IO;
    }
    struct sfile *s = &files[nfiles];
    s->len = (size_t)sb.st_size;
    s->data = malloc(s->len + 1);
    if(!s->data || fread(s->data, 1, s->len, f) != s->len) {
        free(s->data);
        fclose(f);
        sd_error_setf(err, "%s: cannot read", fs);
        return SD_ERR_IO;
    }
    fclose(f);
    snprintf(s->path, sizeof(s->path), "%s", url);
    s->type = type_of(url);
    nfiles++;
    return SD_OK;
}

static int load_dir(const char *dir, const char *prefix, int depth,
                    sd_error *err)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int rc = SD_OK;
    if(!d) {
        sd_error_setf(err, "the web app's files: %s: %s (build them with "
                      "'make', or give --web DIR)", dir, strerror(errno));
        return SD_ERR_IO;
    }
    while(!rc && (e = readdir(d))) {
        char fs[1024], url[256];
        struct stat sb;
        if(e->d_name[0] == '.')
            continue;
        snprintf(fs, sizeof(fs), "%s/%s", dir, e->d_name);
        snprintf(url, sizeof(url), "%s/%s", prefix, e->d_name);
        if(stat(fs, &sb))
            continue;
        if(S_ISDIR(sb.st_mode) && depth < 2)
            rc = load_dir(fs, url, depth + 1, err);
        else if(S_ISREG(sb.st_mode)) {
            if(nfiles == STATIC_MAX_FILES) {
                sd_error_setf(err, "%s: more than %d files", dir,
                              STATIC_MAX_FILES);
                rc = SD_ERR_IO;
            } else {
                rc = load_file(fs, url, err);
            }
        }
    }
    closedir(d);
    return rc;
}

int srv_static_load(const char *dir, sd_error *err)
{
    int rc = load_dir(dir, "", 0, err);
    if(rc)
        srv_static_free();
    return rc;
}

void srv_static_free(void)
{
    for(size_t i = 0; i < nfiles; i++)
        free(files[i].data);
    nfiles = 0;
}

int srv_static(const char *path, struct srv_resp *r)
{
    if(!strcmp(path, "/"))
        path = "/index.html";
    for(size_t i = 0; i < nfiles; i++)
        if(!strcmp(files[i].path, path)) {
            srv_text(r, 200, files[i].type, files[i].data, files[i].len);
            r->cache = 1;
            return 1;
        }
    return 0;
}

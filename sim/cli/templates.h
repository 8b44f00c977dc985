/*
** templates.h — the starting scenarios `tiersim init` writes, embedded in the
** binary at build time from the JSON files in scenarios/templates (see
** cmake/embed_templates.cmake).
*/
#ifndef TS_TEMPLATES_H
#define TS_TEMPLATES_H

#include <stddef.h>

typedef struct {
    const char *name;    /* the file's base name: "basic", "peak", ... */
    const char *summary; /* the scenario's "name" */
    const char *text;    /* the file, NUL-terminated */
    size_t len;
} ts_template;

/* The templates, "basic" first, then by name. */
extern const ts_template ts_templates[];
extern const size_t ts_template_count;

#endif

/*
 * report_check.h - oracles for what the report writers promise (core/report.h), shared by the unit tests
 * (tests/core/test_report.c) and the fuzz target (tests/fuzz/fuzz_report.c), which aborts on the first
 * violation. Each returns NULL when the output keeps the promise, else a description, with *at set to
 * the offending offset.
 *
 * - HTML: no raw '<' in text. Every '<' must open or close one of the writer's own tags (the list
 *   below, lower case exactly as core/report_html.c writes them, so "<SCRIPT" or "<Img" from a hostile
 *   name fails as surely as "<script"), or be the doctype; inside a value element (<bdi>, <title>,
 *   <style>) the next '<' must be that element's end tag, so even one of the writer's own tag names
 *   cannot come from a value.
 * - CSV: no cell a spreadsheet would run as a formula: after leading spaces, tabs and line breaks, no
 *   cell starts with = + - @.
 * - text (text report, text scan): no character that acts instead of being seen: no C0 control but LF
 *   (and CR before LF), no DEL, no C1/bidi control or noncharacter (bf_cp_needs_label) left raw.
 */
#ifndef BF_REPORT_CHECK_H
#define BF_REPORT_CHECK_H

#include <stdbool.h>
#include <string.h>

#include "report_priv.h"

static inline bool bf_check_own_tag(const char *name, size_t n)
{
    /* the tags core/report_html.c writes */
    static const char *const own[] = {"html", "head", "meta", "title", "style", "body", "header", "main",
                                      "footer", "section", "div", "p", "span", "b", "u", "h1", "h2", "h3",
                                      "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "bdi",
                                      "svg", "path", "circle", "rect"};
    size_t i;
    for (i = 0; i < sizeof own / sizeof own[0]; i++)
        if (strlen(own[i]) == n && memcmp(own[i], name, n) == 0)
            return true;
    return false;
}

static inline const char *bf_check_html_no_raw_lt(const char *html, size_t len, size_t *at)
{
    const char *value_end = NULL;   /* inside <bdi>/<title>/<style>: "</bdi>" ... must come next */
    size_t i;
    for (i = 0; i < len; i++) {
        size_t k, n;
        bool closing;
        if (html[i] != '<')
            continue;
        *at = i;
        if (value_end) {
            if (len - i < strlen(value_end) || memcmp(html + i, value_end, strlen(value_end)) != 0)
                return "a '<' inside a value (bdi, title or style element)";
            value_end = NULL;
            continue;
        }
        if (len - i >= 15 && memcmp(html + i, "<!DOCTYPE html>", 15) == 0)
            continue;
        k = i + 1;
        closing = k < len && html[k] == '/';
        if (closing)
            k++;
        for (n = 0; k + n < len && ((html[k + n] >= 'a' && html[k + n] <= 'z') || (html[k + n] >= '0' && html[k + n] <= '9'));
             n++)
            ;
        if (n == 0 || !bf_check_own_tag(html + k, n))
            return "a '<' that does not start one of the writer's own tags (raw '<' in text, any case)";
        if (k + n < len && html[k + n] != '>' && html[k + n] != ' ' && html[k + n] != '/')
            return "a tag name followed by something other than '>', ' ' or '/'";
        if (!closing && (n == 3 && memcmp(html + k, "bdi", 3) == 0))
            value_end = "</bdi>";
        else if (!closing && n == 5 && memcmp(html + k, "title", 5) == 0)
            value_end = "</title>";
        else if (!closing && n == 5 && memcmp(html + k, "style", 5) == 0)
            value_end = "</style>";
    }
    if (value_end) {
        *at = len;
        return "a value element that never ends";
    }
    return NULL;
}

static inline bool bf_check_formula_trigger(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@';
}

static inline const char *bf_check_csv_no_formula(const char *csv, size_t len, size_t *at)
{
    size_t i = 0;
    if (len >= 3 && memcmp(csv, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i <= len) {
        /* one field starts at i */
        size_t start = i;
        bool decided = false;
        if (i < len && csv[i] == '"') {
            for (i++; i < len; i++) {
                if (csv[i] == '"') {
                    if (i + 1 < len && csv[i + 1] == '"') {
                        decided = true;   /* the text starts with (or has reached) a quote */
                        i++;
                        continue;
                    }
                    break;
                }
                if (!decided && !(csv[i] == ' ' || csv[i] == '\t' || csv[i] == '\r' || csv[i] == '\n')) {
                    decided = true;
                    if (bf_check_formula_trigger(csv[i])) {
                        *at = start;
                        return "a quoted cell that starts a formula";
                    }
                }
            }
            if (i >= len) {
                *at = start;
                return "a quoted cell that never ends";
            }
            i++;   /* the closing quote */
        } else {
            for (; i < len && csv[i] != ',' && csv[i] != '\r' && csv[i] != '\n'; i++)
                if (!decided && csv[i] != ' ' && csv[i] != '\t') {
                    decided = true;
                    if (bf_check_formula_trigger(csv[i])) {
                        *at = start;
                        return "a cell that starts a formula";
                    }
                }
        }
        if (i >= len)
            break;
        if (csv[i] == ',')
            i++;
        else if (csv[i] == '\r' && i + 1 < len && csv[i + 1] == '\n')
            i += 2;
        else if (csv[i] == '\n')
            i++;
        else {
            *at = i;
            return "text after a quoted cell";
        }
        if (i == len)
            break;   /* the file ends with its last record's line end */
    }
    return NULL;
}

static inline const char *bf_check_text_shown(const char *text, size_t len, size_t *at)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = bf_utf8_decode((const unsigned char *)text + i, len - i, &cp);
        *at = i;
        if (cp == 0xFFFD && k == 1)
            return "invalid UTF-8";
        if ((cp < 0x20 && cp != '\n' && !(cp == '\r' && i + 1 < len && text[i + 1] == '\n')) || cp == 0x7F)
            return "a raw control character";
        if (bf_cp_needs_label(cp))
            return "a raw C1 or bidi control or noncharacter (must be shown as <U+XXXX>)";
        i += k;
    }
    return NULL;
}

#endif

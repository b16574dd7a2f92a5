/* fuzz_util.h - what more than one fuzz target's oracle asks of its output. */
#ifndef BF_FUZZ_UTIL_H
#define BF_FUZZ_UTIL_H

#include <stdbool.h>
#include <stddef.h>

/* Whether the n bytes at s are well-formed UTF-8 in their lead and continuation bytes (a sequence cut off
 * by the end counts as malformed). Overlong forms and surrogates are not judged: the writers copy text,
 * they do not make code points. */
static inline bool bf_fuzz_valid_utf8(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i++];
        int k = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : -1;
        if (k < 0 || i + (size_t)k > n)
            return false;
        while (k-- > 0)
            if (((unsigned char)s[i++] & 0xc0) != 0x80)
                return false;
    }
    return true;
}

#endif

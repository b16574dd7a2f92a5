/* test_strbuf.c - the growing text buffer (core/strbuf.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "testlib.h"

BF_TEST(strbuf_grows_and_formats)
{
    bf_buf b;
    int i;
    char *text;
    bf_buf_init(&b);
    for (i = 0; i < 1000; i++)
        bf_buf_printf(&b, "%04d,", i);
    CHECK_INT(b.len, 5000);
    CHECK(!b.failed);
    text = bf_buf_take(&b);
    REQUIRE(text);
    CHECK(strncmp(text + 4995, "0999,", 5) == 0);
    free(text);
}

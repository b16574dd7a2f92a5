/* test_services_section.c - a list of services that could not be read whole says so: the snapshot
 * keeps why (services_problem), the JSON round trip keeps it, the text scan shows it, and a complete
 * list writes no such key (older readers and the golden files see what they always saw). */
#include <string.h>

#include "snapshot_json.h"
#include "scan_text.h"
#include "testlib.h"

BF_TEST(an_incomplete_service_list_says_so)
{
    bf_snapshot *s = bf_snapshot_create(), *back;
    bf_buf json, text;
    bf_err err;
    REQUIRE(s);
    bf_buf_init(&json);
    bf_snapshot_write_json(s, &json);
    CHECK(strstr(bf_buf_cstr(&json), "services_problem") == NULL);  /* complete: no key */
    bf_buf_free(&json);
    s->services_problem = "EnumServicesStatusExW failed part-way: Access is denied. (5)";
    bf_buf_init(&json);
    bf_snapshot_write_json(s, &json);
    bf_err_clear(&err);
    back = bf_snapshot_read_json(bf_buf_cstr(&json), json.len, "mem", &err);
    REQUIRE(back);
    CHECK_STR(back->services_problem, s->services_problem);
    bf_buf_init(&text);
    bf_scan_write_text(back, NULL, &text);
    CHECK(strstr(bf_buf_cstr(&text), "The list of services is incomplete: EnumServicesStatusExW failed part-way") != NULL);
    bf_buf_free(&text);
    bf_buf_free(&json);
    bf_snapshot_destroy(back);
    bf_snapshot_destroy(s);
}

/* test_regvalue.c - Tcpip\Linkage\Bind and NT 4.0 binding values (core/regvalue.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "regvalue.h"
#include "testlib.h"

BF_TEST(linkage_bind_bytes_decoded_and_checked)
{
    /* "\Device\{A}" "\Device\{B}" "" as UTF-16LE, then variants */
    static const char *const good[] = {"\\Device\\{A}", "\\Device\\{B}"};
    unsigned char buf[128];
    size_t n = 0, i, j;
    bf_snapshot *s;
    for (i = 0; i < 2; i++) {
        for (j = 0; good[i][j]; j++) {
            buf[n++] = (unsigned char)good[i][j];
            buf[n++] = 0;
        }
        buf[n++] = 0;
        buf[n++] = 0;
    }
    buf[n++] = 0;
    buf[n++] = 0;
    s = bf_snapshot_create();
    bf_binding_from_multi_sz(s, buf, n);
    CHECK_INT(s->binding.status, BF_SECTION_OK);
    REQUIRE(s->binding.entry_count == 2);
    CHECK_STR(s->binding.entries[1], "\\Device\\{B}");
    bf_snapshot_destroy(s);
    /* truncated inside the second string */
    s = bf_snapshot_create();
    bf_binding_from_multi_sz(s, buf, 30);
    CHECK_INT(s->binding.status, BF_SECTION_MALFORMED);
    CHECK(strstr(s->binding.problem, "truncated") != NULL);
    bf_snapshot_destroy(s);
    /* odd length */
    s = bf_snapshot_create();
    bf_binding_from_multi_sz(s, buf, n - 1);
    CHECK_INT(s->binding.status, BF_SECTION_MALFORMED);
    bf_snapshot_destroy(s);
    /* an unpaired surrogate becomes U+FFFD, and the entry is named as malformed */
    {
        unsigned char bad[] = {'\\', 0, 'X', 0, 0x00, 0xd8, 0, 0, 0, 0};
        s = bf_snapshot_create();
        bf_binding_from_multi_sz(s, bad, sizeof bad);
        CHECK_INT(s->binding.status, BF_SECTION_MALFORMED);
        REQUIRE(s->binding.entry_count == 1);
        CHECK_STR(s->binding.entries[0], "\\X\xef\xbf\xbd");
        CHECK(strstr(s->binding.problem, "entry 1") != NULL);
        bf_snapshot_destroy(s);
    }
}

BF_TEST(nt4_binding_entries_name_driver_instances)
{
    /* NT4 stores "\Device\NdisWan4", "\Device\E100B1" (no GUIDs): valid, and mapped to the adapters */
    static const char v[] = "\\\0D\0e\0v\0i\0c\0e\0\\\0N\0d\0i\0s\0W\0a\0n\0" "4\0\0\0"
                            "\\\0D\0e\0v\0i\0c\0e\0\\\0E\0" "1\0" "0\0" "0\0B\0" "1\0\0\0\0\0";
    bf_snapshot *s = bf_snapshot_create();
    bf_adapter *a;
    REQUIRE(s);
    a = bf_snap_add_adapter(s);
    a->guid = "E100B1";
    a = bf_snap_add_adapter(s);
    a->guid = "NdisWan4";
    bf_binding_from_multi_sz(s, (const unsigned char *)v, sizeof v - 1);
    CHECK_INT(s->binding.status, BF_SECTION_OK);
    REQUIRE(s->binding.entry_count == 2);
    CHECK_STR(s->binding.entries[0], "\\Device\\NdisWan4");
    CHECK(bf_snap_find_adapter_by_binding(s, s->binding.entries[0]) == &s->adapters[1]);
    CHECK(bf_snap_find_adapter_by_binding(s, "\\device\\e100b1") == &s->adapters[0]);
    CHECK(bf_snap_find_adapter_by_binding(s, "\\Device\\E100B10") == NULL);
    bf_snapshot_destroy(s);
}

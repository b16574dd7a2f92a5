/* test_hosts_parse.c - the hosts file parser (core/hosts_parse.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hosts_parse.h"
#include "model.h"
#include "testlib.h"

BF_TEST(hosts_lines_naming_the_host)
{
    static const char text[] = "\xef\xbb\xbf# comment EXCHSRV01\r\n127.0.0.1 localhost\r\n"
                               "198.51.100.7\tExchSrv01   other # stale entry\r\n"
                               "  192.0.2.10 exchsrv01.example.com\n"
                               "192.0.2.99 exchsrv011\n"
                               "bad\xff\xfe line exchsrv01";
    bf_snapshot *s = bf_snapshot_create();
    REQUIRE(s);
    s->hostname = "EXCHSRV01";
    s->fqdn = "exchsrv01.example.com";
    bf_hosts_parse(s, text, sizeof text - 1);
    CHECK_INT(s->hosts.status, BF_SECTION_OK);
    REQUIRE(s->hosts.entry_count == 3);
    CHECK_INT(s->hosts.entries[0].line, 3);
    CHECK_STR(s->hosts.entries[0].address, "198.51.100.7");
    CHECK_STR(s->hosts.entries[0].names, "ExchSrv01   other");
    CHECK_STR(s->hosts.entries[0].text, "198.51.100.7\tExchSrv01   other # stale entry");
    CHECK_INT(s->hosts.entries[1].line, 4);
    CHECK_STR(s->hosts.entries[1].address, "192.0.2.10");
    CHECK_INT(s->hosts.entries[2].line, 6);
    CHECK_STR(s->hosts.entries[2].text, "bad\xef\xbf\xbd\xef\xbf\xbd line exchsrv01");
    bf_snapshot_destroy(s);
}

BF_TEST(hosts_nul_byte_is_malformed_with_line)
{
    static const char text[] = "198.51.100.7 exchsrv01\n1.2.3\0.4 x\n";
    bf_snapshot *s = bf_snapshot_create();
    REQUIRE(s);
    s->hostname = "exchsrv01";
    bf_hosts_parse(s, text, sizeof text - 1);
    CHECK_INT(s->hosts.status, BF_SECTION_MALFORMED);
    CHECK(strstr(s->hosts.problem, "line 2") != NULL);
    CHECK_INT((int)s->hosts.entry_count, 1);
    bf_snapshot_destroy(s);
}

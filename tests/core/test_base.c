/* test_base.c - the core's basic helpers (core/base.c): errors and ASCII case folding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"
#include "testlib.h"

BF_TEST(ascii_case_folding_only_folds_ascii_letters)
{
    CHECK(bf_ascii_eq_ci("MSExchangeIMAP4", "msexchangeimap4"));
    CHECK(!bf_ascii_eq_ci("MSExchangeIMAP4", "msexchangeimap"));
    CHECK(!bf_ascii_eq_ci("imap", "imap4"));
    CHECK(bf_ascii_eq_ci("", ""));
    CHECK(!bf_ascii_eq_ci("\xc3\x84", "\xc3\xa4"));         /* A/a with diaeresis: not ASCII, exact */
    CHECK(!bf_ascii_eq_ci("[", "{"));                        /* 0x5B and 0x7B differ by 0x20 but are no letters */
    CHECK(bf_ascii_eq_ci_n("EXCHSRV01 mail", 9, "exchsrv01"));
    CHECK(!bf_ascii_eq_ci_n("EXCHSRV01 mail", 9, "exchsrv0"));
    CHECK(!bf_ascii_eq_ci_n("EXCHSRV01 mail", 9, "exchsrv01 "));
    CHECK(!bf_ascii_eq_ci_n("EXCH", 4, ""));
    CHECK(bf_ascii_ends_with_ci("C:\\out\\R.HTML", ".html"));
    CHECK(!bf_ascii_ends_with_ci("html", ".html"));
    CHECK(bf_ascii_contains_ci("Cisco AnyConnect Virtual Miniport", "anyconnect"));
    CHECK(bf_ascii_contains_ci("WAN Miniport", "miniport"));
    CHECK(!bf_ascii_contains_ci("WAN Minipor", "miniport"));
    CHECK(!bf_ascii_contains_ci(NULL, "x"));
}

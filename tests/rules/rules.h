/*
 * rules.h - the "windows-rules" group (make check-rules): one named test per documented Windows rule
 * that Wine does not enforce, so code written to the rule stays written to it.
 *
 * A rule test is
 *     BF_RULE(name, "what Windows documents, and where") { ... checks from testlib.h ... }
 * in any file tests/rules/rule_*.c; the Makefile collects the names into build/gen/rules_list.h (no
 * registration). The name says which rule it models; the citation names the documentation (page title,
 * section). A test that runs on a stand-in says "synthetic" in its name: the stand-in answers the way the
 * documentation says Windows does, it is not a recording. Where Wine implements the API for real
 * (ReplaceFileW, file attributes and security descriptors, services), the test uses the real thing.
 *
 * The runner (main.c) prints "ok   name" or "FAIL name", the citation under each, and the closing
 * "N passed, N failed"; tests/rules/run-rules.sh adds the script-driven rules (rule-*.sh) and declares the
 * group's size.
 */
#ifndef BF_RULES_H
#define BF_RULES_H

#include "testlib.h"

#define BF_RULE(name, citation)                                                        \
    const char bf_rule_cite_##name[] = citation;                                       \
    void bf_rule_##name(void)

#endif

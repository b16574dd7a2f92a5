/*
 * helptopics.h - the help topics the GUI opens (F1, Help buttons), as paths inside bindfix.chm.
 * The help build (help/, Makefile) must provide every one; tests/help checks it with chmls.
 * One line per topic: BF_HELP_<NAME> L"<file>.htm". Views are the scope tree's nodes, dialogs the
 * console's dialogs, wizard pages the repair wizard's pages; each finding ID has "finding-<id>.htm".
 */
#ifndef BF_HELPTOPICS_H
#define BF_HELPTOPICS_H

#define BF_HELP_FILE            L"bindfix.chm"

/* the threat model: what an elevated bindfix trusts (linked from the undo and fix topics, the CLI) */
#define BF_HELP_SECURITY        L"security.htm"

/* views (scope tree nodes) */
#define BF_HELP_VIEW_COMPUTER   L"view-computer.htm"
#define BF_HELP_VIEW_OVERVIEW   L"view-overview.htm"
#define BF_HELP_VIEW_ADAPTERS   L"view-adapters.htm"
#define BF_HELP_VIEW_BINDING    L"view-binding-order.htm"
#define BF_HELP_VIEW_RESOLVER   L"view-resolver-order.htm"
#define BF_HELP_VIEW_PROTOCOLS  L"view-protocols.htm"
#define BF_HELP_VIEW_LISTENERS  L"view-listening-ports.htm"
#define BF_HELP_VIEW_SERVICES   L"view-services.htm"
#define BF_HELP_VIEW_EVENTS     L"view-event-log.htm"
#define BF_HELP_VIEW_FINDINGS   L"view-findings.htm"
#define BF_HELP_VIEW_HISTORY    L"view-repair-history.htm"
#define BF_HELP_VIEW_FLEET      L"view-fleet.htm"
#define BF_HELP_VIEW_HOSTS      L"view-hosts-entries.htm"
#define BF_HELP_VIEW_PORT_RANGES L"view-port-exclusions.htm"
#define BF_HELP_VIEW_HTTP_LISTEN L"view-http-listen.htm"
#define BF_HELP_VIEW_PINS       L"view-product-listen-settings.htm"

/* dialogs */
#define BF_HELP_DLG_FIX         L"dialog-fix.htm"
#define BF_HELP_DLG_RESTART     L"dialog-restart-services.htm"
#define BF_HELP_DLG_UNDO        L"dialog-undo.htm"
#define BF_HELP_DLG_EXPORT      L"dialog-export-report.htm"
#define BF_HELP_DLG_OPEN        L"dialog-open-snapshot.htm"
#define BF_HELP_DLG_SAVE        L"dialog-save-snapshot.htm"
#define BF_HELP_DLG_OPEN_FLEET  L"dialog-open-fleet.htm"
#define BF_HELP_DLG_ABOUT       L"dialog-about.htm"
#define BF_HELP_DLG_PROPS       L"dialog-properties.htm"
#define BF_HELP_DLG_INTERRUPTED L"dialog-interrupted-repair.htm"

/* repair wizard pages */
#define BF_HELP_WIZ_WELCOME     L"wizard-welcome.htm"
#define BF_HELP_WIZ_SCAN        L"wizard-scan.htm"
#define BF_HELP_WIZ_FINDINGS    L"wizard-findings.htm"
#define BF_HELP_WIZ_CHOOSE      L"wizard-choose.htm"
#define BF_HELP_WIZ_REVIEW      L"wizard-review.htm"
#define BF_HELP_WIZ_APPLY       L"wizard-apply.htm"
#define BF_HELP_WIZ_RESTART     L"wizard-restart.htm"
#define BF_HELP_WIZ_VERIFY      L"wizard-verify.htm"
#define BF_HELP_WIZ_FINISH      L"wizard-finish.htm"

/* the start page, the CLI, and the findings (finding-<ID>.htm, e.g. finding-BF-BIND-10049.htm) */
#define BF_HELP_INDEX           L"index.htm"
#define BF_HELP_CLI             L"cli.htm"
#define BF_HELP_FINDING_PREFIX  L"finding-"

#endif

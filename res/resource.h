/*
 * resource.h - resource IDs of bindfix.exe (res/bindfix.rc, res/lang/en-US.rc) shared with the GUI sources and the
 * GUI test driver (tests/tools/guidriver.c reads the lists by these control IDs).
 *
 * Prefixes: IDI_ icons, IDM_ menus and menu commands, IDA_ accelerator tables, IDD_ dialogs,
 * IDC_ controls, IDS_ strings.  Numbers are grouped by kind so that a new ID has an obvious home.
 */
#ifndef BF_RESOURCE_H
#define BF_RESOURCE_H

/* Icons */
#define IDI_BINDFIX              1
#define IDI_STATUS_OK            2
#define IDI_STATUS_WARNING       3
#define IDI_STATUS_ERROR         4

/* Menus and accelerators */
#define IDM_MAIN                 100
#define IDA_MAIN                 101
#define IDM_CONTEXT              102    /* context menus: popup 0 a row's (the lists), 1 the scope tree's */

/* Menu commands */
#define IDM_FILE_OPEN            1001
#define IDM_FILE_EXIT            1002
#define IDM_VIEW_REFRESH         1101
#define IDM_HELP_ABOUT           1201
#define IDM_FILE_SAVE            1003
#define IDM_FILE_EXPORT          1004
#define IDM_FILE_OPEN_FLEET      1005   /* File > Open fleet...: a folder of per-host results */
#define IDM_VIEW_ACTIONS_PANE    1102
#define IDM_VIEW_CANCEL          1103   /* stop the running scan */
#define IDM_HELP_TOPICS          1202
#define IDM_ACTION_FIX           1301
#define IDM_ACTION_RESTART       1302
#define IDM_ACTION_UNDO          1303
#define IDM_ACTION_WIZARD        1304
#define IDM_ACTION_EXPORT_LIST   1305   /* Export list...: the view's list as tab-separated text (MMC's Export List) */
#define IDM_ACTION_PROPERTIES    1390   /* Properties: the focused row in full (a finding: evidence, causes, fixes) */
#define IDM_EDIT_COPY            1401
#define IDM_EDIT_SELECT_ALL      1402
#define IDM_VIEW_NEXT_PANE       1104   /* F6: the focus to the next pane (MMC's), Shift+F6 back */
#define IDM_VIEW_PREV_PANE       1105
#define IDM_VIEW_AUTO_REFRESH    1106   /* live mode: scan again when an address or interface changes */
#define IDM_VIEW_DNS             1107   /* live scans also ask DNS what it publishes for the host (remembered) */

/* Dialogs */
#define IDD_ABOUT                200
#define IDD_REPAIR               201    /* Fix..., Restart services, Undo last repair (one dialog, three modes) */
#define IDD_PROPS                230    /* Properties of a finding or of a result row (propsdlg.c) */

/* Controls of the main window (child window IDs) */
#define IDC_ADAPTERS_LABEL       300
#define IDC_ADAPTERS_LIST        301
#define IDC_RESOLVER_LABEL       302
#define IDC_RESOLVER_LIST        303
#define IDC_BINDS_LABEL          304
#define IDC_BINDS_LIST           305
#define IDC_STATUSBAR            306
#define IDC_FINDINGS_LABEL       307
#define IDC_FINDINGS_LIST        308
#define IDC_SCOPE_TREE           310
#define IDC_RESULT_LABEL         311
#define IDC_RESULT_LIST          312
#define IDC_ACTIONS_PANE         313
#define IDC_TOOLBAR              314
#define IDC_TOP_ICON             315
#define IDC_TOP_TEXT             316
#define IDC_TOP_FIX              317
#define IDC_TOP_RESTART          318
#define IDC_ACTIONS_TITLE        319
#define IDC_SCOPE_LABEL          320
#define IDC_FLEET_FILTER_LABEL   330   /* the Fleet node's filter by finding (page_fleet.c) */
#define IDC_FLEET_FILTER         331

/* Controls of the repair dialog */
#define IDC_REPAIR_INTRO         410
#define IDC_REPAIR_PREVIEW       411
#define IDC_REPAIR_STEPS         412
#define IDC_REPAIR_APPLY         413
#define IDC_REPAIR_STATUS        414
#define IDC_REPAIR_PREVIEW_LABEL 415
#define IDC_REPAIR_STEPS_LABEL   416
#define IDC_REPAIR_STATUS_LABEL  417   /* names the result line (a read-only edit: Tab reaches it) */

/* Controls of the Properties dialog */
#define IDC_PROPS_LABEL          470
#define IDC_PROPS_TEXT           471

/* Controls of the About dialog */
#define IDC_ABOUT_ICON           400
#define IDC_ABOUT_NAME           401
#define IDC_ABOUT_TEXT           402

/* Strings: application and window */
#define IDS_APP_NAME             1000
#define IDS_TITLE_FORMAT         1001   /* %1 host, %2 source */
#define IDS_TITLE_LOADING        1002
#define IDS_TITLE_FAILED         1003
#define IDS_USAGE                1004
#define IDS_USAGE_BAD_ARG        1005   /* %1 the argument */
#define IDS_USAGE_NEEDS_FILE     1006
#define IDS_ABOUT_TEXT           1007   /* %1 version, %2 copyright line */

/* Strings: pane captions (with mnemonics) */
#define IDS_LABEL_ADAPTERS       1100
#define IDS_LABEL_RESOLVER       1101
#define IDS_LABEL_BINDS          1102
#define IDS_LABEL_FINDINGS       1103

/* Strings: column headers */
#define IDS_COL_ADAPTER_NAME     1200
#define IDS_COL_ADAPTER_KIND     1201
#define IDS_COL_ADAPTER_STATUS   1202
#define IDS_COL_ADAPTER_ADDRS    1203
#define IDS_COL_FIND_SEVERITY    1230
#define IDS_COL_FIND_ID          1231
#define IDS_COL_FIND_TITLE       1232
#define IDS_COL_FIND_FIX         1233
#define IDS_FINDINGS_NONE        1234
#define IDS_FINDINGS_COUNT       1235   /* %1 findings, %2 of them critical or errors */
/* severities, in bf_severity order (IDS_SEV_BASE + severity) */
#define IDS_SEV_BASE             1240
#define IDS_SEV_INFO             1240
#define IDS_SEV_WARNING          1241
#define IDS_SEV_ERROR            1242
#define IDS_SEV_CRITICAL         1243
#define IDS_COL_RES_POS          1210
#define IDS_COL_RES_ADDRESS      1211
#define IDS_COL_RES_API          1212
#define IDS_COL_RES_HELD_BY      1213
#define IDS_COL_BIND_PROTOCOL    1220
#define IDS_COL_BIND_PORT        1221
#define IDS_COL_BIND_ADDRESS     1222
#define IDS_COL_BIND_RESULT      1223
#define IDS_COL_BIND_GREETING    1224

/* Strings: adapter kinds, in bf_adapter_kind order (IDS_KIND_BASE + kind) */
#define IDS_KIND_BASE            1300
#define IDS_KIND_LAN             1300
#define IDS_KIND_DIALUP          1301
#define IDS_KIND_VPN             1302
#define IDS_KIND_LOOPBACK        1303
#define IDS_KIND_VIRTUAL         1304
#define IDS_KIND_OTHER           1305

/* Strings: adapter operational status, in bf_oper_status order */
#define IDS_OPER_BASE            1320
#define IDS_OPER_UP              1320
#define IDS_OPER_DOWN            1321
#define IDS_OPER_DISCONNECTED    1322
#define IDS_OPER_DISABLED        1323
#define IDS_OPER_UNKNOWN         1324

/* Strings: resolver rows */
#define IDS_RES_NOT_HELD         1340
#define IDS_RES_HELD_BY          1341   /* %1 adapter, %2 its status */
#define IDS_RES_HELD_BY_UP       1342   /* %1 adapter */
#define IDS_RES_FAILED           1343   /* %1 error number */
#define IDS_NO_ADDRESSES         1344

/* Strings: bind probe results, in bf_probe_result order (%1 error number) */
#define IDS_PROBE_BASE           1360
#define IDS_PROBE_OK             1360
#define IDS_PROBE_ADDRNOTAVAIL   1361
#define IDS_PROBE_ADDRINUSE      1362
#define IDS_PROBE_ACCESS         1363
#define IDS_PROBE_OTHER          1364
#define IDS_PROBE_NOT_RUN        1365
#define IDS_PROBE_HELD_BY        1366   /* %1 result text, %2 owner */

/* Strings: greetings, in bf_greeting order (%1 the text read) */
#define IDS_GREET_BASE           1380
#define IDS_GREET_NOT_TRIED      1380
#define IDS_GREET_ANSWERED       1381
#define IDS_GREET_WRONG          1382
#define IDS_GREET_SILENT         1383
#define IDS_GREET_REFUSED        1384
#define IDS_GREET_CONNECT_TIMEOUT 1385

/* Strings: status bar and messages */
#define IDS_STATUS_LOADING_DEMO  1400
#define IDS_STATUS_LOADING_FILE  1401   /* %1 path */
#define IDS_STATUS_SCANNING      1402
#define IDS_STATUS_PROGRESS      1403   /* %1 percent, %2 step */
#define IDS_STATUS_LOADED        1404   /* %1 adapters, %2 resolver rows, %3 failed binds, %4 binds */
#define IDS_STATUS_FAILED        1405
#define IDS_SOURCE_DEMO          1410
#define IDS_SOURCE_FILE          1411   /* %1 path */
#define IDS_SOURCE_LIVE          1412
#define IDS_ERR_LOAD             1420   /* %1 the error text */
#define IDS_ERR_NO_MEMORY        1421
#define IDS_ERR_THREAD           1422   /* %1 Win32 error */
#define IDS_ERR_STARTUP          1423   /* %1 Win32 error */
#define IDS_ERR_DIALOG_THREAD    1424   /* %1 Win32 error */
#define IDS_OPEN_FILTER          1430   /* "Snapshots|*.json|All files|*.*|" with | as separators */
#define IDS_OPEN_TITLE           1431
#define IDS_NOT_AVAILABLE        1432   /* shown for an empty cell */
#define IDS_TIP_LINE             1433   /* %1 column header, %2 cell text */

/* Strings: scope tree nodes, in bf_node order (IDS_NODE_BASE + node) */
#define IDS_NODE_BASE            1500
/* 1500..1515: computer, overview, adapters, binding order, resolver order, protocols, listening
 * ports, services, event log, findings, repair history, hosts entries, port exclusions, http.sys
 * listen list, listen settings (issue 15), fleet */
#define IDS_NODE_COMPUTER_FMT    1520   /* %1 host name, %2 source */
#define IDS_LABEL_SCOPE          1521
#define IDS_LABEL_ACTIONS        1522
#define IDS_RESULT_CAPTION       1523   /* %1 node name, %2 row count */

/* Strings: result list columns, one block per node (IDS_RCOL_<node>_BASE + column) */
#define IDS_RCOL_COMPUTER        1530
#define IDS_RCOL_ADAPTERS        1540
#define IDS_RCOL_BINDING         1550
#define IDS_RCOL_RESOLVER        1560
#define IDS_RCOL_PROTOCOLS       1570
#define IDS_RCOL_LISTENERS       1580
#define IDS_RCOL_SERVICES        1590
#define IDS_RCOL_EVENTS          1600
#define IDS_RCOL_FINDINGS        1610
#define IDS_RCOL_HISTORY         1620
#define IDS_RCOL_FLEET           2460   /* 2460..2464: host, verdict, findings, worst finding, collected */

/* Strings: the fleet view (gui/page_fleet.c) */
#define IDS_FLEET_HEALTHY        2470
#define IDS_FLEET_NOT_COLLECTED  2471   /* %1 the engine's error */
#define IDS_FLEET_UNREADABLE     2472   /* %1 the reader's message */
#define IDS_FLEET_NODE_FMT       2473   /* %1 the folder */
#define IDS_FLEET_LOADING        2474   /* %1 the folder */
#define IDS_FLEET_LOADED         2475   /* %1!d! servers, %2 the folder */
#define IDS_FLEET_ERR_READ       2476   /* %1 the folder, %2 why */
#define IDS_FLEET_NO_SNAPSHOT    2477   /* %1 the host */
#define IDS_FLEET_PICK_TITLE     2478
#define IDS_USAGE_NEEDS_DIR      2479   /* %1 the option */
#define IDS_LABEL_FLEET_FILTER   2490   /* the Fleet node's filter by finding: its label (a mnemonic) */
#define IDS_FLEET_FILTER_ALL     2491
#define IDS_FLEET_FILTER_ONE     2492   /* %1 finding ID */
#define IDS_FLEET_FILTER_MANY    2493   /* %1 finding ID, %2!d! servers */
#define IDS_FLEET_PROGRESS       2465   /* %1!d! read, %2!d! of the folder's, %3 the folder */
#define IDS_EXPORT_FLEET_TITLE   2466
#define IDS_EXPORT_TYPE_FLEET_CSV 2467
#define IDS_RCOL_HOSTS           1630   /* 1630..1634 */
#define IDS_HOSTS_PINNED         1635   /* the hosts entries view's verdicts */
#define IDS_HOSTS_USABLE         1636

/* issue 15's views (their own block, 2150..2198) */
#define IDS_RCOL_PORT_RANGES     2150   /* 7 columns */
#define IDS_RCOL_HTTP_LISTEN     2160   /* 4 columns */
#define IDS_RCOL_PINS            2170   /* 9 columns */
#define IDS_RANGE_KIND_EXCLUDED  2180
#define IDS_RANGE_KIND_RESERVED  2181
#define IDS_RANGE_KIND_DYNAMIC   2182
#define IDS_RANGE_KIND_MAXUSER   2183
#define IDS_RANGE_BY_ADMIN       2184
#define IDS_RANGE_BY_REGISTRY    2185
#define IDS_RANGE_BY_SERVICE     2186   /* %1 the running service's display name, %2 its name */
#define IDS_RANGE_BY_SYSTEM      2187
#define IDS_RANGE_BY_TCPIP       2188
#define IDS_HTTP_EVERY_ADDRESS   2189
#define IDS_HTTP_NO_ADAPTER      2190
#define IDS_PIN_ROLE_BASE        2191   /* 2191..2193 bf_pin_role order */
#define IDS_PIN_ADAPTER_FMT      2194   /* %1 the adapter's GUID */
#define IDS_YES_NO_BASE          2195   /* 2195 No, 2196 Yes */
#define IDS_HTTP_SYS_HOLDS       2197   /* %1 the URL reservation or SSL binding naming the port */
#define IDS_HTTP_WILDCARD        2198

/* Strings: computer properties (rows of the computer node) */
#define IDS_PROP_BASE            1640   /* 1640..1649 */

/* Strings: service states (bf_svc_state order) and start types (bf_start_type order) */
#define IDS_SVC_STATE_BASE       1660
#define IDS_START_BASE           1680
/* section statuses (bf_section_status order), shown when a section has no rows */
#define IDS_SECTION_BASE         1690

/* Strings: actions (buttons of the Actions pane and the toolbar's tooltips) */
#define IDS_ACT_REFRESH          1700
#define IDS_ACT_CANCEL           1701
#define IDS_ACT_FIX              1702
#define IDS_ACT_RESTART          1703
#define IDS_ACT_UNDO             1704
#define IDS_ACT_WIZARD           1705
#define IDS_ACT_EXPORT           1706
#define IDS_ACT_OPEN             1707
#define IDS_ACT_SAVE             1708
#define IDS_ACT_OPEN_FLEET       1709
#define IDS_ACT_HELP             1710
#define IDS_ACT_COPY             1711
#define IDS_ACTIONS_FOR          1713   /* %1 node name */
#define IDS_TOP_NONE             1714
#define IDS_TOP_FORMAT           1715   /* %1 severity, %2 id, %3 title */
#define IDS_STATUS_CANCELLED     1716
#define IDS_ACT_NEEDS_ADMIN      1717
#define IDS_TOP_ROOT_FORMAT      1718   /* %1 severity under it, %2 id, %3 title, %4 how many follow from it */
/* ...why an action is disabled, and the shield's words: shown in the Actions pane under the button */
#define IDS_ACT_ADMIN_NOTE       1730
#define IDS_ACT_WHY_NOT_LIVE     1731
#define IDS_ACT_WHY_NO_JOURNAL   1732
#define IDS_ACT_WHY_NOT_LOADED   1733
#define IDS_ACT_WHY_COPY         1734
#define IDS_LINKED_ROWS          1735   /* %1 addresses, %2!d! adapters, %3!d! resolver rows, %4!d! binds */

/* Strings: repair dialog */
#define IDS_REPAIR_TITLE_FIX     1750
#define IDS_REPAIR_TITLE_RESTART 1751
#define IDS_REPAIR_TITLE_UNDO    1752
#define IDS_REPAIR_SCANNING      1753
#define IDS_REPAIR_PLANNING      1754
#define IDS_REPAIR_READY         1755   /* %1 steps */
#define IDS_REPAIR_NOTHING       1756
#define IDS_REPAIR_APPLYING      1757
#define IDS_REPAIR_VERIFYING     1758
#define IDS_REPAIR_VERIFIED      1759
#define IDS_REPAIR_NOT_VERIFIED  1760   /* %1 journal */
#define IDS_REPAIR_FAILED        1761   /* %1 error */
#define IDS_REPAIR_PREVIEW_ONLY  1762
#define IDS_REPAIR_BTN_APPLY     1763
#define IDS_REPAIR_BTN_UNDO      1764
#define IDS_REPAIR_UNDONE        1765   /* %1 steps, %2 journal, %3 the comparison */
#define IDS_REPAIR_NO_JOURNAL    1766
#define IDS_REPAIR_ROLLBACK_ASK  1767   /* %1 error */
#define IDS_REPAIR_COL_STEP      1768
#define IDS_REPAIR_COL_STATUS    1769
#define IDS_STEP_STATUS_BASE     1770   /* bf_step_status order: 1770..1774 */
#define IDS_REPAIR_INTRO_FIX     1780
#define IDS_REPAIR_INTRO_RESTART 1781
#define IDS_REPAIR_INTRO_UNDO    1782   /* %1 journal */
#define IDS_REPAIR_NOT_ADMIN     1783
#define IDS_REPAIR_ELEVATE_FAIL  1784   /* %1 Win32 error */
#define IDS_INTERRUPTED_ASK      1785   /* %1 journal, %2 state */
#define IDS_REPAIR_VERIFY_ROW    1786   /* %1 protocol and port, %2 address, %3 before, %4 after */
#define IDS_REPAIR_STOPPING      1787
#define IDS_REPAIR_ROLLING_BACK  1788
#define IDS_REPAIR_END_PROCESS_ASK 1789 /* %1 service, %2 seconds waited, %3 what the SCM does then */
#define IDS_REPAIR_END_NOTE_UNKNOWN 1850 /* %3 of the question when the failure actions cannot be read */
#define IDS_UNDO_AS_BEFORE       1790   /* %1 results compared */
#define IDS_UNDO_DIFFERS         1791   /* %1 results that differ */
#define IDS_UNDO_NO_BASELINE     1792
#define IDS_UNDO_NO_SCAN         1793
#define IDS_REPAIR_FAILED_CHECKED 1794  /* %1 error, %2 the comparison after the rollback */
#define IDS_REPAIR_RESTART_PENDING 1795 /* %1 journal: applied, takes effect after a restart */
#define IDS_REPAIR_STALE         1796   /* %1 what changed since the preview */
#define IDS_REPAIR_LOCK_WAIT     1797   /* %1!u! seconds waited, %2 who holds the repair lock */
#define IDS_REPAIR_FORCE_ASK     1798   /* %1 the value expected and found */

/* Strings: export and save */
#define IDS_EXPORT_TITLE         1800
#define IDS_EXPORT_TYPE_HTML     1801
#define IDS_EXPORT_TYPE_TEXT     1802
#define IDS_EXPORT_TYPE_CSV      1803
#define IDS_EXPORT_TYPE_JSON     1804
#define IDS_SAVE_TITLE           1805
#define IDS_SAVE_TYPE_JSON       1806
#define IDS_EXPORT_DONE          1807   /* %1 path */
#define IDS_EXPORT_FAILED        1808   /* %1 path, %2 error */
#define IDS_STATUS_EXPORTING     1809   /* %1 path */
#define IDS_NOTHING_LOADED       1810
#define IDS_HELP_MISSING         1811   /* %1 path */
#define IDS_COPIED               1812   /* %1 rows */
#define IDS_EXPORT_LIST_TITLE    1818
#define IDS_EXPORT_TYPE_LIST     1819
#define IDS_PROBE_FAILED         1813   /* a failed bind whose error number is not known */
#define IDS_VERIFY_ANSWERS       1814   /* %1 bind result after the repair: the service answers too */
#define IDS_VERIFY_NOT_RETURNED  1815   /* the resolver no longer returns the address */
#define IDS_VERIFY_NOT_FAILING   1816   /* the address did not fail before the repair */
#define IDS_ERR_WORKER           1817   /* %1 Win32 error */

/* Strings: the oldest supported Windows, file dialogs and help on other machines (1870-1879) */
/* Strings: the Properties dialog (propsdlg.c) */
#define IDS_PROPS_CAPTION        2200   /* %1 what the row is: "BF-HOSTS-PIN Properties" */
#define IDS_PROPS_SEVERITY       2201   /* %1 severity word, %2 the severity of everything under it */
#define IDS_PROPS_ID             2202   /* %1 finding ID */
#define IDS_PROPS_FINDING        2203   /* %1 title */
#define IDS_PROPS_CAUSE          2204
#define IDS_PROPS_EVIDENCE       2205
#define IDS_PROPS_REFERENCES     2206
#define IDS_PROPS_EXPLAINED_BY   2207
#define IDS_PROPS_ROOT           2208   /* a root cause: nothing explains it */
#define IDS_PROPS_NOT_FOUND      2209   /* %1 what was looked for */
#define IDS_PROPS_EXPLAINS       2210
#define IDS_PROPS_NOTHING        2211   /* an empty section */
#define IDS_PROPS_FIXES          2212
#define IDS_PROPS_RECOMMENDED    2213   /* %1 fix title */
#define IDS_PROPS_PREDICTED      2214   /* %1 what the model predicts */
#define IDS_PROPS_ROW            2215   /* %1 column header, %2 cell */
#define IDS_PROPS_USER_WRITABLE  2216   /* %1 evidence text from records any user can write */
#define IDS_PROPS_CHANGE         2217   /* %1 the exact change */
#define IDS_PROPS_ROW_CAPTION    2218   /* %1 the row's first cell */
#define IDS_FIND_EXPANDED        2219   /* %1 severity: a cause whose effects are shown under it */
#define IDS_FIND_COLLAPSED       2220   /* %1 severity, %2 how many findings under it are hidden */
#define IDS_EXPORT_DIALOG_FAILED 1870   /* %1 why no file dialog could be shown */
#define IDS_HELP_ON_SHARE        1871   /* %1 path of bindfix.chm on a network drive or share */
#define IDS_HELP_BLOCKED_ZONE    1872   /* %1 path of bindfix.chm marked as downloaded from the Internet */

/* Strings: big tables, what failed and copying on a worker (1950-1969) */
#define IDS_ERR_STEP             1950   /* %1 the step, %2 why, with the Win32 error number */
#define IDS_STEP_FILL            1951   /* %1 the list's name */
#define IDS_STEP_SHOW            1952
#define IDS_STEP_SORT            1953
#define IDS_STEP_COPY            1954
#define IDS_STEP_CLIPBOARD       1955
#define IDS_STEP_EXPORT          1956
#define IDS_STEP_WORKER          1957
#define IDS_ERR_COPY             1958   /* %1 the failure */
#define IDS_COPYING              1959   /* %1 rows done, %2 of */
#define IDS_COPY_STOPPED         1960
#define IDS_HOSTS_SUMMARY        1961   /* %1 path, %2 entries */
/* Strings: words beside icons, screen readers (issue 23; 1880-1889) */
#define IDS_PROBE_OWN            1880   /* %1 the service that holds the port, as it should */
/* Strings: verification per cause, and what a step is done for (issue 22; 2240-2259) */
#define IDS_CAUSE_MENDED         2240   /* a cause the repair addressed is gone after it */
#define IDS_CAUSE_STILL          2241   /* ... is still found after it */
#define IDS_EFFECT_GONE          2242   /* an effect of that cause is gone */
#define IDS_EFFECT_REMAINS       2243   /* an effect of that cause is still found */
#define IDS_CAUSE_BEFORE         2244   /* the cause or effect before the repair: found */
#define IDS_CAUSE_AFTER_GONE     2245   /* %1 "N of M effects gone" (a cause) or empty (an effect) */
#define IDS_CAUSE_AFTER_STILL    2246   /* %1 as above */
#define IDS_CAUSE_EFFECTS        2247   /* %1!u! effects gone, %2!u! effects in all */
#define IDS_REPAIR_CAUSE_ROW     2248   /* %1 ID, %2 title, %3 after (IDS_CAUSE_AFTER_*) */
#define IDS_REPAIR_EFFECT_ROW    2249   /* %1 ID, %2 title */
#define IDS_ACT_PROPERTIES       2252   /* the Actions pane's entry for Action > Properties */
#define IDS_ACT_WHY_PROPS        2253   /* why Properties is off on the overview */
/* issue 16: live mode's changed rows, the source address toward each gateway in the Fix dialog and wizard */
#define IDS_ROW_CHANGED_MARK     2600   /* before a changed row's first cell (live mode) */
#define IDS_RESULT_CAPTION_CHANGED 2601 /* %1 node name, %2 row count, %3 rows changed by the latest change */
#define IDS_STATUS_LOADED_CHANGED 2602  /* IDS_STATUS_LOADED's %1-%4, %5 rows changed in the shown view */
#define IDS_SOURCE_HEADING       2603   /* above the preview's source lines */
#define IDS_SOURCE_NOW           2604   /* %1 gateway, %2 source address now */
#define IDS_SOURCE_ROW           2605   /* %1 gateway, %2 source before, %3 after */
#define IDS_SOURCE_CHANGED       2606
#define IDS_SOURCE_UNCHANGED     2607
#define IDS_SOURCE_UNKNOWN       2608   /* a side could not be read */
#define IDS_SOURCE_NONE          2609   /* %1 Winsock error */
#define IDS_SOURCE_NOT_ASKED     2610   /* that scan has no such destination */
/* issue 16 (session 5): rows a live change removed, the overview's lists marked, the wizard's source rows */
#define IDS_RESULT_CAPTION_REMOVED 2640 /* IDS_RESULT_CAPTION_CHANGED's %1-%3, %4 rows removed, %5 their names */
#define IDS_STATUS_LOADED_REMOVED 2641  /* IDS_STATUS_LOADED_CHANGED's %1-%5, %6 rows removed, %7 their names */
#define IDS_PANE_LABEL_CHANGED   2642   /* %1 the pane's label, %2 rows changed by the latest change */
#define IDS_PANE_LABEL_REMOVED   2643   /* %1 label, %2 changed, %3 removed, %4 their names */
#define IDS_WIZ_SOURCE_TOWARD    2644   /* the protocol column of a source row on the Verify page */

#endif

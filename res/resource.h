/*
 * resource.h - resource IDs of bindfix.exe (res/bindfix.rc, res/lang/en-US.rc) shared with the GUI sources and the
 * GUI test driver (tests/gui/guidriver.c reads the lists by these control IDs).
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

/* Menu commands */
#define IDM_FILE_OPEN            1001
#define IDM_FILE_EXIT            1002
#define IDM_VIEW_REFRESH         1101
#define IDM_HELP_ABOUT           1201

/* Dialogs */
#define IDD_ABOUT                200

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
#define IDS_OPEN_FILTER          1430   /* "Snapshots|*.json|All files|*.*|" with | as separators */
#define IDS_OPEN_TITLE           1431
#define IDS_NOT_AVAILABLE        1432   /* shown for an empty cell */
#define IDS_TIP_LINE             1433   /* %1 column header, %2 cell text */

#endif

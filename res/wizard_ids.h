/*
 * wizard_ids.h - resource IDs of the repair wizard (res/lang/wizard-en-US.rc, gui/wizard*.c), all in
 * 4000-4999, shared with the wizard's test driver (tests/gui/wizdriver.c reads the pages' controls by
 * these IDs). Prefixes as in resource.h: IDD_ pages, IDB_ bitmaps, IDC_ controls, IDS_ strings.
 */
#ifndef BF_WIZARD_IDS_H
#define BF_WIZARD_IDS_H

/* Pages, in the order the wizard shows them (IDD_WIZ_WELCOME + bfwiz_page) */
#define IDD_WIZ_WELCOME          4000
#define IDD_WIZ_SCAN             4001
#define IDD_WIZ_FINDINGS         4002
#define IDD_WIZ_CHOOSE           4003
#define IDD_WIZ_REVIEW           4004
#define IDD_WIZ_APPLY            4005
#define IDD_WIZ_RESTART          4006
#define IDD_WIZ_VERIFY           4007
#define IDD_WIZ_FINISH           4008

/* Bitmaps (res/wizard-*.bmp, made by res/tools/make-wizard-bitmaps.py) */
#define IDB_WIZ_HEADER           4020
#define IDB_WIZ_WATERMARK        4021

/* Controls (the same ID plays the same part on every page that has it) */
#define IDC_WIZ_TITLE            4100   /* exterior pages: the big title */
#define IDC_WIZ_TEXT             4101   /* the page's introduction */
#define IDC_WIZ_SOURCE           4102   /* Welcome: what will be scanned */
#define IDC_WIZ_PROGRESS         4103
#define IDC_WIZ_STATUS           4104   /* what the page is doing / found */
#define IDC_WIZ_LIST             4105   /* the page's list view */
#define IDC_WIZ_DETAIL           4106   /* details of the selected row */
#define IDC_WIZ_PREVIEW          4107   /* Review: before/after of every step */
#define IDC_WIZ_NOTES            4108   /* Review: what bindfix will not change */
#define IDC_WIZ_LOG              4109   /* Apply, Restart: the log list box */
#define IDC_WIZ_APPLY            4110   /* Apply: the button that changes the machine */
#define IDC_WIZ_SAVE             4111   /* Finish: Save report... */
#define IDC_WIZ_HELPBTN          4112   /* Finish: Open help */
#define IDC_WIZ_RESCAN           4113   /* Scan: scan again after a failure */
#define IDC_WIZ_LABEL1           4114
#define IDC_WIZ_LABEL2           4115
#define IDC_WIZ_NEXTHINT         4116
#define IDC_WIZ_CAUSES           4117   /* Verify: the causes the repair addressed, and their effects */
#define IDC_WIZ_HDR_TITLE        4118   /* interior pages: the header's title, a child of the sheet */
#define IDC_WIZ_HDR_SUBTITLE     4119   /* ... and its subtitle under it */
#define IDC_WIZ_JOURNAL          4120   /* Finish: the journal's path, a read-only edit (a long path scrolls) */
#define IDC_WIZ_RESULT           4121   /* Finish: the outcome in words, a read-only multiline edit (Tab reaches it) */

/* Strings */
#define IDS_WIZ_CAPTION          4200
#define IDS_WIZ_HDR_SCAN         4201   /* header titles: 4201..4207 (Scan..Verify) */
#define IDS_WIZ_HDR_FINDINGS     4202
#define IDS_WIZ_HDR_CHOOSE       4203
#define IDS_WIZ_HDR_REVIEW       4204
#define IDS_WIZ_HDR_APPLY        4205
#define IDS_WIZ_HDR_RESTART      4206
#define IDS_WIZ_HDR_VERIFY       4207
#define IDS_WIZ_SUB_SCAN         4211   /* header subtitles: 4211..4217 */
#define IDS_WIZ_SUB_FINDINGS     4212
#define IDS_WIZ_SUB_CHOOSE       4213
#define IDS_WIZ_SUB_REVIEW       4214
#define IDS_WIZ_SUB_APPLY        4215
#define IDS_WIZ_SUB_RESTART      4216
#define IDS_WIZ_SUB_VERIFY       4217

#define IDS_WIZ_SOURCE_LIVE      4220
#define IDS_WIZ_SOURCE_DEMO      4221
#define IDS_WIZ_SOURCE_FILE      4222   /* %1 path */

#define IDS_WIZ_SCANNING         4230
#define IDS_WIZ_SCAN_DONE        4231   /* %1!u! findings, %2!u! fixes offered */
#define IDS_WIZ_SCAN_FAILED      4232   /* %1 why */
#define IDS_WIZ_SCAN_CLEAN       4233

#define IDS_WIZ_COL_SEVERITY     4240
#define IDS_WIZ_COL_ID           4241
#define IDS_WIZ_COL_FINDING      4242
#define IDS_WIZ_COL_ACTION       4243
#define IDS_WIZ_COL_PREDICTED    4244
#define IDS_WIZ_COL_PROTOCOL     4247
#define IDS_WIZ_COL_ADDRESS      4248
#define IDS_WIZ_COL_BEFORE       4249
#define IDS_WIZ_COL_AFTER        4250
#define IDS_WIZ_COL_RESULT       4251


#define IDS_WIZ_FINDING_CAUSE    4270   /* "Cause:" */
#define IDS_WIZ_FINDING_EVIDENCE 4271
#define IDS_WIZ_FINDING_REFS     4272
#define IDS_WIZ_FINDING_FIXES    4273
#define IDS_WIZ_FINDING_EXPLAINS 4276   /* "What follows from it:" */
#define IDS_WIZ_FINDING_CAUSES   4277   /* "Explained by:" */
#define IDS_WIZ_NO_FINDINGS      4274

#define IDS_WIZ_ACTION_WHAT      4280   /* "Change:" */
#define IDS_WIZ_ACTION_PREDICTED 4281
#define IDS_WIZ_ACTION_RECOMMENDED 4282
#define IDS_WIZ_CHOOSE_NONE      4283
#define IDS_WIZ_CHOOSE_COUNT     4284   /* %1!u! chosen */
#define IDS_WIZ_NO_ACTIONS       4285
#define IDS_WIZ_ACTION_MENDS     4288   /* the cause finding the action mends */
#define IDS_WIZ_ACTION_EFFECTS   4289   /* %1!u! effects of that cause, predicted mended with it */
#define IDS_WIZ_ACTION_STAY      4287   /* %1!u! effects the model predicts stay after this fix alone */

#define IDS_WIZ_PLANNING         4290
#define IDS_WIZ_PLAN_FAILED      4291   /* %1 why */
#define IDS_WIZ_PLAN_READY       4292   /* %1!u! steps */
#define IDS_WIZ_PLAN_EMPTY       4293
#define IDS_WIZ_NOTES_NONE       4294
#define IDS_WIZ_PLAN_NOT_LIVE    4295   /* an empty plan for the demo or a snapshot */
#define IDS_WIZ_PLAN_STALE       4296   /* what changed is shown first in the notes */

#define IDS_WIZ_APPLY_READY      4300   /* %1!u! steps now, %2!u! service steps on the next page */
#define IDS_WIZ_APPLY_PREVIEW_DEMO 4301
#define IDS_WIZ_APPLY_PREVIEW_FILE 4302
#define IDS_WIZ_APPLY_NOT_ADMIN  4303
#define IDS_WIZ_APPLY_REFUSED    4304
#define IDS_WIZ_APPLYING         4305
#define IDS_WIZ_APPLY_DONE       4306   /* %1!u! changes made */
#define IDS_WIZ_APPLY_FAILED     4307   /* %1 why, %2 the comparison after the rollback */
#define IDS_WIZ_STOPPING         4308
#define IDS_WIZ_ROLLBACK_ASK     4309   /* %1!u! changes made, %2 journal */
#define IDS_WIZ_ROLLING_BACK     4310
#define IDS_WIZ_ROLLED_BACK      4311   /* %1 the comparison with before the repair */
#define IDS_WIZ_ROLLBACK_FAILED  4312   /* %1 why, %2 the comparison */
#define IDS_WIZ_KEPT             4313   /* %1 journal */
#define IDS_WIZ_APPLY_NOTHING    4314
#define IDS_WIZ_LOG_DOING        4315   /* %1 step */
#define IDS_WIZ_LOG_STATUS       4316   /* %1 status word, %2 step */
#define IDS_WIZ_LOG_STOPPED_SVC  4317
#define IDS_WIZ_APPLY_DONE_ALL   4318   /* %1!u! changes made, no service step */


#define IDS_WIZ_RESTART_NONE     4330
#define IDS_WIZ_RESTARTING       4331   /* %1!u! service steps */
#define IDS_WIZ_RESTART_DONE     4332
#define IDS_WIZ_RESTART_FAILED   4333   /* %1 why */

#define IDS_WIZ_VERIFYING        4340
#define IDS_WIZ_VERIFIED         4341
#define IDS_WIZ_NOT_VERIFIED     4342   /* %1 journal */
#define IDS_WIZ_VERIFY_FAILED    4343   /* %1 why */
#define IDS_WIZ_FIXED            4344
#define IDS_WIZ_STILL_FAILING    4345
#define IDS_WIZ_VERIFY_NONE      4347
#define IDS_WIZ_CCOL_RESULT      4348   /* Verify's causes list: the verdict column */
#define IDS_WIZ_CCOL_FINDING     4349   /* ... the finding's ID */
#define IDS_WIZ_CCOL_WHAT        4370   /* ... what was found */
#define IDS_WIZ_CCOL_AFTER       4371   /* ... after the repair (N of M effects gone) */
#define IDS_WIZ_VERIFY_COUNTS    4372   /* %1!u! causes mended of %2!u!, %3!u! protocol addresses fixed of %4!u! */
#define IDS_WIZ_VERIFY_COUNTS_NC 4373   /* %1!u! of %2!u! protocol addresses fixed (no cause listed) */
#define IDS_WIZ_VERIFY_STATUS    4374   /* %1 the counts, %2 the verdict */
#define IDS_WIZ_FINISH_KEPT      4375   /* Finish's words for IDS_WIZ_KEPT: the journal shown below them */
#define IDS_WIZ_FINISH_PENDING   4376   /* Finish's words for IDS_WIZ_FINISH_RESTART_PENDING, the same way */
#define IDS_WIZ_FINISH_COUNTED   4377   /* Finish: %1 the outcome, %2 what Verify counted (its status line's counts) */

#define IDS_WIZ_FINISH_REPAIRED  4350
#define IDS_WIZ_FINISH_NOT_VERIFIED 4351
#define IDS_WIZ_FINISH_PREVIEW   4352
#define IDS_WIZ_FINISH_ROLLED_BACK 4353
#define IDS_WIZ_FINISH_NOTHING   4354
#define IDS_WIZ_SAVE_FILTER      4355   /* "Text files|*.txt|All files|*.*|" ('|' becomes NUL) */
#define IDS_WIZ_SAVED            4356   /* %1 path */
#define IDS_WIZ_SAVE_FAILED      4357   /* %1 why */
#define IDS_WIZ_SAVE_DEFAULT     4358   /* default file name prefix */

#define IDS_WIZ_CLOSE_CHANGED    4360   /* %1 journal */
#define IDS_WIZ_CLOSE_BUSY       4361
#define IDS_WIZ_ERR_START        4363   /* %1!u! Win32 error */
#define IDS_WIZ_REPORT_ACTION_RESULT 4364
#define IDS_WIZ_FINISH_RESTART_PENDING 4365 /* %1 journal */
#define IDS_WIZ_REPORT_RESTART_TITLE 4366   /* the report's action row for a pending restart */
#define IDS_WIZ_REPORT_RESTART_WHAT 4367
#define IDS_WIZ_REPORT_RESTART_RESULT 4368

#endif

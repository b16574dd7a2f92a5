/* trust.h - what an elevated bindfix reads only from a file administrators alone can change (issue 21):
 * a journal for undo or crash recovery, a journal given with --journal, a catalogue. The judging is the
 * system layer's (bf_system.file_trusted, gui/sys/acl.c); this is where the core asks it. */
#ifndef BF_TRUST_H
#define BF_TRUST_H

#include "system.h"

/* true when path may be read: this process cannot change the machine (nothing to escalate), the system
 * has no check, the administrator chose --trust-file, or file_trusted says so. A file that does not exist
 * passes (the read that follows says so in its own words). */
bool bf_trust_file(const bf_system *sys, const char *path, bf_err *err);

/* A path bindfix writes or follows as "local": "X:\..." with no "." or ".." component, no alternate
 * stream, no share ("\\server\..."), no device path ("\\?\", "\\.\"). */
bool bf_path_plain_local(const char *path);

/* path names a file directly inside dir (no deeper folder), both plain local paths; no case. */
bool bf_path_in_folder(const char *path, const char *dir);

#endif

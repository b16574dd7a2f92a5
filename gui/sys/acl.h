/* acl.h - who may change a file an elevated bindfix uses (acl.c; help topic "Security"). Win32 error
 * codes, as the rest of the system layer. */
#ifndef BFSYS_ACL_H
#define BFSYS_ACL_H

#include "sys.h"

/* The journal folder's security descriptor as SDDL: owner Administrators, protected DACL, SYSTEM and
 * Administrators full control inherited by everything made in it. */
extern const WCHAR bfsys_journal_dir_sddl[];

typedef struct bfsys_acl_verdict {
    bool trusted;
    bool bad_owner;         /* owned by someone not in the trusted list */
    bool null_dacl;         /* no DACL at all: everyone may do anything */
    char why[512];          /* "it is owned by S-1-...; S-1-5-32-545 may write, append" */
    char others[512];       /* " *S-1-5-32-545 *S-1-1-0": the SIDs whose grants icacls must remove */
} bfsys_acl_verdict;

/* Pure judging of one security descriptor: ERROR_SUCCESS when its owner is in trusted[] and no ACE that
 * applies to the object (or, for a folder, to the files made in it: object-inherit ACEs) lets anyone
 * outside trusted[] write, append, delete, change permissions or take ownership; ERROR_ACCESS_DENIED
 * with v->why otherwise; another code for a descriptor that is not valid. Deny ACEs are ignored (they
 * only take rights away); CREATOR OWNER in an inherit-only ACE stands for the creator and is accepted. */
DWORD bfsys_acl_judge(PSECURITY_DESCRIPTOR sd, bool folder, PSID const *trusted, size_t ntrusted, bfsys_acl_verdict *v);

/* The file as it is on disk, and its folder, judged with trusted = SYSTEM, Administrators,
 * TrustedInstaller and this process's account; a reparse point is refused. ERROR_ACCESS_DENIED fills
 * err with the reason and the icacls command that fixes it; ERROR_FILE_NOT_FOUND / ERROR_PATH_NOT_FOUND
 * when it does not exist. */
DWORD bfsys_file_trusted(const char *path, bf_err *err);

/* Makes the journal folder with bfsys_journal_dir_sddl, or, where it exists, judges it like
 * bfsys_file_trusted (so does a folder made just now: somebody may have been first). */
DWORD bfsys_journal_dir_ready(const char *dir, bf_err *err);

#endif

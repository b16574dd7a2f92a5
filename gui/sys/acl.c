/* acl.c - who may change a file an elevated bindfix reads or writes (issue 21, help topic "Security").
 *
 * %ProgramData% lets every user create folders, and a folder a user made first is theirs: its journals
 * would be the user's, and undo writes what a journal says. So the journal folder is made with an
 * explicit protected DACL (SYSTEM and Administrators full control, owner Administrators; journals and
 * last-journal.txt inherit it), and a folder or file that exists already is judged before it is used:
 * its owner must be SYSTEM, Administrators, TrustedInstaller or this (elevated) account, and no ACE that
 * applies to it - or, on a folder, to the files made in it - may let anyone else write, append, delete,
 * change permissions or take ownership. A reparse point is refused outright (its target can change).
 * The judging is a pure function over a security descriptor (bfsys_acl_judge), so that the
 * windows-rules tests feed it descriptors built from SDDL strings. */
#include "sys.h"

#include <aclapi.h>
#include <sddl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"

/* The folder bindfix makes: owner Administrators, protected (P: nothing inherited from ProgramData,
 * whose ACL lets users create), SYSTEM and Administrators full control, inherited by files (OI) and
 * folders (CI) made inside. */
const WCHAR bfsys_journal_dir_sddl[] = L"O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)";

/* Rights that change a file or what a folder holds. FILE_WRITE_DATA is also FILE_ADD_FILE and
 * FILE_APPEND_DATA FILE_ADD_SUBDIRECTORY on a folder; FILE_DELETE_CHILD deletes (and so replaces) any
 * file in it. Generic rights are checked as written in the ACE (an ACE in a DACL may still hold them). */
#define BFSYS_ACL_WRITE_RIGHTS                                                                                     \
    (FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_DELETE_CHILD | DELETE | WRITE_DAC | WRITE_OWNER | GENERIC_WRITE | \
     GENERIC_ALL)

static void sid_text(PSID sid, char *out, size_t size)
{
    LPWSTR w = NULL;
    char *u;
    if (!ConvertSidToStringSidW(sid, &w)) {
        snprintf(out, size, "(unreadable SID)");
        return;
    }
    u = bfsys_wide_to_utf8(w, -1);
    snprintf(out, size, "%s", u ? u : "?");
    free(u);
    LocalFree(w);
}

static bool sid_in(PSID sid, PSID const *list, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (list[i] && EqualSid(sid, list[i]))
            return true;
    return false;
}

static void rights_text(ACCESS_MASK m, char *out, size_t size)
{
    out[0] = 0;
    if (m & (GENERIC_ALL | GENERIC_WRITE))
        snprintf(out + strlen(out), size - strlen(out), "%s", m & GENERIC_ALL ? "full control" : "write");
    if (m & FILE_WRITE_DATA)
        snprintf(out + strlen(out), size - strlen(out), "%swrite", out[0] ? ", " : "");
    if (m & FILE_APPEND_DATA)
        snprintf(out + strlen(out), size - strlen(out), "%sappend", out[0] ? ", " : "");
    if (m & (DELETE | FILE_DELETE_CHILD))
        snprintf(out + strlen(out), size - strlen(out), "%sdelete", out[0] ? ", " : "");
    if (m & WRITE_DAC)
        snprintf(out + strlen(out), size - strlen(out), "%schange permissions", out[0] ? ", " : "");
    if (m & WRITE_OWNER)
        snprintf(out + strlen(out), size - strlen(out), "%stake ownership", out[0] ? ", " : "");
}

static void add_offender(bfsys_acl_verdict *v, PSID sid)
{
    char s[200], item[210];
    sid_text(sid, s, sizeof s);
    snprintf(item, sizeof item, " *%s", s);
    if (!strstr(v->others, item) && strlen(v->others) + strlen(item) < sizeof v->others)
        strcat(v->others, item);
}

DWORD bfsys_acl_judge(PSECURITY_DESCRIPTOR sd, bool folder, PSID const *trusted, size_t ntrusted, bfsys_acl_verdict *v)
{
    PSID owner = NULL, creator_owner = NULL;
    BOOL defaulted = FALSE, present = FALSE;
    PACL dacl = NULL;
    SID_IDENTIFIER_AUTHORITY creator = {SECURITY_CREATOR_SID_AUTHORITY};
    DWORD i, rc = ERROR_SUCCESS;
    memset(v, 0, sizeof *v);
    if (!sd || !IsValidSecurityDescriptor(sd))
        return ERROR_INVALID_SECURITY_DESCR;
    if (!GetSecurityDescriptorOwner(sd, &owner, &defaulted) || !GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted))
        return GetLastError() ? GetLastError() : ERROR_INVALID_SECURITY_DESCR;
    if (!owner) {
        snprintf(v->why, sizeof v->why, "it has no owner");
        rc = ERROR_ACCESS_DENIED;
    } else if (!sid_in(owner, trusted, ntrusted)) {
        char s[200];
        sid_text(owner, s, sizeof s);
        snprintf(v->why, sizeof v->why, "it is owned by %s (an owner may always change its permissions)", s);
        v->bad_owner = true;
        rc = ERROR_ACCESS_DENIED;
    }
    if (!present || !dacl) {
        if (!v->why[0])
            snprintf(v->why, sizeof v->why, "it has no DACL (everyone has full control)");
        v->null_dacl = true;
        return ERROR_ACCESS_DENIED;
    }
    /* CREATOR OWNER in an inheritable ACE becomes whoever creates the file: bindfix itself */
    if (!AllocateAndInitializeSid(&creator, 1, SECURITY_CREATOR_OWNER_RID, 0, 0, 0, 0, 0, 0, 0, &creator_owner))
        return GetLastError();
    for (i = 0; i < dacl->AceCount; i++) {
        ACE_HEADER *h = NULL;
        ACCESS_MASK mask;
        PSID sid;
        bool applies, inherited_by_files;
        if (!GetAce(dacl, i, (LPVOID *)&h) || !h)
            continue;
        switch (h->AceType) {
        case ACCESS_DENIED_ACE_TYPE:
        case ACCESS_DENIED_OBJECT_ACE_TYPE:
        case ACCESS_DENIED_CALLBACK_ACE_TYPE:
        case ACCESS_DENIED_CALLBACK_OBJECT_ACE_TYPE:
            continue;   /* a deny only takes rights away */
        case ACCESS_ALLOWED_ACE_TYPE:
        case ACCESS_ALLOWED_CALLBACK_ACE_TYPE: {
            ACCESS_ALLOWED_ACE *a = (ACCESS_ALLOWED_ACE *)h;
            mask = a->Mask;
            sid = (PSID)&a->SidStart;
            break;
        }
        default:
            /* an allow ACE of a kind not judged here (object ACEs do not occur on files): refused
             * rather than guessed */
            if (!v->why[0])
                snprintf(v->why, sizeof v->why, "its DACL holds an ACE of type %u that bindfix does not judge", h->AceType);
            rc = ERROR_ACCESS_DENIED;
            continue;
        }
        if (!(mask & BFSYS_ACL_WRITE_RIGHTS))
            continue;
        applies = !(h->AceFlags & INHERIT_ONLY_ACE);
        inherited_by_files = folder && (h->AceFlags & OBJECT_INHERIT_ACE);
        if (sid_in(sid, trusted, ntrusted))
            continue;
        if (EqualSid(sid, creator_owner) && !applies)
            continue;   /* only the creator of each new file: bindfix */
        if (applies || inherited_by_files) {
            char s[200], r[120];
            sid_text(sid, s, sizeof s);
            rights_text(mask & BFSYS_ACL_WRITE_RIGHTS, r, sizeof r);
            snprintf(v->why + strlen(v->why), sizeof v->why - strlen(v->why), "%s%s may %s%s", v->why[0] ? "; " : "",
                         s, r, applies ? "" : " (in every file made in it)");
            add_offender(v, sid);
            rc = ERROR_ACCESS_DENIED;
        }
    }
    FreeSid(creator_owner);
    v->trusted = rc == ERROR_SUCCESS;
    return rc;
}

/* SYSTEM, Administrators, TrustedInstaller, and the account of this process when it is an elevated
 * administrator (on Windows XP and 2003 an administrator's files are owned by the account itself). */
static size_t trusted_sids(PSID out[4], bool *owned)
{
    static const WCHAR *const fixed[] = {L"S-1-5-18", L"S-1-5-32-544",
                                         L"S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464"};
    size_t n = 0, i;
    HANDLE tok;
    for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        PSID s = NULL;
        if (ConvertStringSidToSidW(fixed[i], &s))
            out[n++] = s;
    }
    *owned = false;
    if (OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok)) {
        BYTE buf[256];
        DWORD len = 0;
        if (GetTokenInformation(tok, TokenUser, buf, sizeof buf, &len)) {
            PSID user = ((TOKEN_USER *)buf)->User.Sid;
            DWORD sl = GetLengthSid(user);
            PSID copy = LocalAlloc(LMEM_FIXED, sl);
            if (copy && CopySid(sl, copy, user)) {
                out[n++] = copy;
                *owned = true;
            } else if (copy) {
                LocalFree(copy);
            }
        }
        CloseHandle(tok);
    }
    return n;
}

static void free_sids(PSID *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        LocalFree(s[i]);
}

/* "icacls ..." lines that give path the journal folder's ACL (owner Administrators, SYSTEM and
 * Administrators full control, nothing inherited, the others' grants removed). */
static void icacls_fix(const char *path, bool folder, const bfsys_acl_verdict *v, char *out, size_t size)
{
    snprintf(out, size,
             "icacls \"%s\" /setowner *S-1-5-32-544%s && icacls \"%s\" /inheritance:r /grant:r *S-1-5-18:%sF "
             "*S-1-5-32-544:%sF%s%s%s",
             path, folder ? " /T /C" : "", path, folder ? "(OI)(CI)" : "", folder ? "(OI)(CI)" : "",
             v->others[0] ? " /remove:g" : "", v->others, folder ? " /T /C" : "");
}

/* Judges one path (file or folder) as it is now. */
static DWORD judge_path(const WCHAR *w, const char *path, bool *is_folder, bf_err *err)
{
    DWORD attrs = GetFileAttributesW(w), rc;
    PSECURITY_DESCRIPTOR sd = NULL;
    PSID trusted[4];
    size_t n;
    bool own;
    bfsys_acl_verdict v;
    if (attrs == INVALID_FILE_ATTRIBUTES) {
        rc = GetLastError();
        return bfsys_fail_code(err, rc, path, "cannot read the attributes of");
    }
    *is_folder = (attrs & FILE_ATTRIBUTE_DIRECTORY) != 0;
    if (attrs & FILE_ATTRIBUTE_REPARSE_POINT) {
        bf_fail(err, "%s is a link (reparse point): whoever made it can point it elsewhere later; remove it and let "
                     "bindfix make a real %s", path, *is_folder ? "folder" : "file");
        err->code = ERROR_ACCESS_DENIED;
        return ERROR_ACCESS_DENIED;
    }
    rc = GetNamedSecurityInfoW(w, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, NULL, NULL,
                               NULL, NULL, &sd);
    if (rc != ERROR_SUCCESS)
        return bfsys_fail_code(err, rc, path, "cannot read the permissions of");
    n = trusted_sids(trusted, &own);
    rc = bfsys_acl_judge(sd, *is_folder, trusted, n, &v);
    free_sids(trusted, n);
    LocalFree(sd);
    if (rc == ERROR_ACCESS_DENIED) {
        char fix[600];
        icacls_fix(path, *is_folder, &v, fix, sizeof fix);
        bf_fail(err, "%s can be changed by others than administrators: %s. An elevated bindfix does not use it. To fix, "
                     "as administrator: %s", path, v.why, fix);
        err->code = ERROR_ACCESS_DENIED;
    } else if (rc != ERROR_SUCCESS) {
        bfsys_fail_code(err, rc, path, "cannot judge the permissions of");
    }
    return rc;
}

DWORD bfsys_file_trusted(const char *path, bf_err *err)
{
    WCHAR *w = bfsys_utf8_to_wide(path), *slash;
    bool folder = false;
    DWORD rc;
    if (!w)
        return bfsys_fail_code(err, ERROR_NOT_ENOUGH_MEMORY, path, "cannot judge");
    rc = judge_path(w, path, &folder, err);
    /* the folder too: whoever may delete or add files in it can swap the file between the check and
     * the read */
    if (rc == ERROR_SUCCESS && !folder && (slash = wcsrchr(w, L'\\')) != NULL && slash > w + 2) {
        char *dir;
        *slash = 0;
        dir = bfsys_wide_to_utf8(w, -1);
        rc = dir ? judge_path(w, dir, &folder, err) : bfsys_fail_code(err, ERROR_NOT_ENOUGH_MEMORY, path, "cannot judge");
        free(dir);
    }
    free(w);
    return rc;
}

DWORD bfsys_journal_dir_ready(const char *dir, bf_err *err)
{
    WCHAR *w = bfsys_utf8_to_wide(dir);
    SECURITY_ATTRIBUTES sa;
    PSECURITY_DESCRIPTOR sd = NULL;
    DWORD rc = ERROR_SUCCESS;
    bool folder = false;
    if (!w)
        return bfsys_fail_code(err, ERROR_NOT_ENOUGH_MEMORY, dir, "cannot make");
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(bfsys_journal_dir_sddl, SDDL_REVISION_1, &sd, NULL)) {
        rc = GetLastError();
        free(w);
        return bfsys_fail_code(err, rc, dir, "cannot build the permissions for");
    }
    sa.nLength = sizeof sa;
    sa.lpSecurityDescriptor = sd;
    sa.bInheritHandle = FALSE;
    if (!CreateDirectoryW(w, &sa)) {
        rc = GetLastError();
        if (rc == ERROR_ALREADY_EXISTS)
            rc = ERROR_SUCCESS;     /* judged below, as one somebody else made */
        else
            bfsys_fail_code(err, rc, dir, "cannot make the journal folder");
    }
    LocalFree(sd);
    /* made just now or found: either way judged as it is on disk (a user may have made it a moment
     * before this call) */
    if (rc == ERROR_SUCCESS) {
        rc = judge_path(w, dir, &folder, err);
        if (rc == ERROR_SUCCESS && !folder) {
            bf_fail(err, "%s is a file, not a folder: the journals cannot go there", dir);
            rc = err->code = ERROR_DIRECTORY;
        }
    }
    free(w);
    return rc;
}

/* rule_acl.c - who may change a file an elevated bindfix uses (gui/sys/acl.c, issue 21). Wine runs every
 * program with the same rights, so no standard user exists to try the attack, and Wine 8 does not keep a
 * file's security descriptor (measured: SetNamedSecurityInfoW returns 0, and GetNamedSecurityInfoW then
 * gives the descriptor Wine derives from the Unix mode: owner the Wine user, SYSTEM and the user full
 * control, Everyone read - or write, where the Unix mode lets others write). So the judging function is
 * fed security descriptors built from SDDL strings (synthetic: written to the documented rules, not read
 * from a machine); the real folder is tried as far as Wine goes here (made, judged, a journal in it), and
 * a world-writable one end to end in rule-journal-trust.sh. */
#include "acl.h"     /* first: sys.h orders winsock2.h before windows.h */

#include <aclapi.h>
#include <sddl.h>
#include <stdio.h>
#include <string.h>

#include "rules.h"

/* bfsys_acl_judge on an SDDL string with trusted = SYSTEM and Administrators. */
static DWORD judge_sddl(const WCHAR *sddl, bool folder, bfsys_acl_verdict *v)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    PSID trusted[2] = {NULL, NULL};
    DWORD rc;
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &sd, NULL)) {
        printf("  cannot convert %ls: %lu\n", sddl, GetLastError());
        return 0xffffffff;
    }
    ConvertStringSidToSidW(L"S-1-5-18", &trusted[0]);
    ConvertStringSidToSidW(L"S-1-5-32-544", &trusted[1]);
    rc = bfsys_acl_judge(sd, folder, trusted, 2, v);
    LocalFree(trusted[0]);
    LocalFree(trusted[1]);
    LocalFree(sd);
    return rc;
}

BF_RULE(acl_folder_owned_by_a_user_is_refused_synthetic,
        "Ownership of objects: \"the owner of an object ... can always change the permissions (WRITE_DAC) of the "
        "object\"; %ProgramData% lets every user create folders, and a folder a user made first is theirs "
        "(learn.microsoft.com, Access Control, Ownership of Objects; File Security and Access Rights)")
{
    bfsys_acl_verdict v;
    /* the DACL bindfix would set, but the owner a user's SID: the user can rewrite the DACL at will */
    CHECK(judge_sddl(L"O:S-1-5-21-1004336348-1177238915-682003330-1001G:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)", true,
                     &v) == ERROR_ACCESS_DENIED);
    CHECK(v.bad_owner && !v.trusted);
    CHECK(strstr(v.why, "owned by S-1-5-21-1004336348-1177238915-682003330-1001") != NULL);
    /* owned by SYSTEM: fine */
    CHECK(judge_sddl(L"O:SYG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)", true, &v) == ERROR_SUCCESS && v.trusted);
}

BF_RULE(acl_folder_with_a_users_write_ace_is_refused_synthetic,
        "File Security and Access Rights: FILE_ADD_FILE (= FILE_WRITE_DATA), FILE_ADD_SUBDIRECTORY, FILE_DELETE_CHILD "
        "on a directory; ACE inheritance: OBJECT_INHERIT_ACE gives the ACE to files created in the folder, "
        "INHERIT_ONLY_ACE keeps it off the folder itself (learn.microsoft.com, ACE_HEADER; File Security and "
        "Access Rights)")
{
    static const struct {
        const WCHAR *sddl;
        DWORD want;
        const char *says;
    } cases[] = {
        /* %ProgramData%'s own grant to Users (create files, create folders) on the folder itself */
        {L"O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;CI;0x116;;;BU)", ERROR_ACCESS_DENIED, "S-1-5-32-545 may write"},
        /* Users may write every file made in it (inherit-only, object-inherit) */
        {L"O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OIIO;FW;;;BU)", ERROR_ACCESS_DENIED, "in every file made in it"},
        /* Everyone may delete files in it */
        {L"O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;;0x40;;;WD)", ERROR_ACCESS_DENIED, "S-1-1-0 may delete"},
        /* Authenticated Users may change the permissions */
        {L"O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;;WD;;;AU)", ERROR_ACCESS_DENIED, "change permissions"},
        /* generic write, as an ACE may carry it */
        {L"O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;;GW;;;BU)", ERROR_ACCESS_DENIED, "S-1-5-32-545 may write"},
        /* read and execute for Users, a deny for Everyone, CREATOR OWNER on new files: nothing to fear */
        {L"O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)(D;;FA;;;WD)(A;OICIIO;GA;;;CO)",
         ERROR_SUCCESS, ""},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bfsys_acl_verdict v;
        DWORD rc = judge_sddl(cases[i].sddl, true, &v);
        if (rc != cases[i].want || !strstr(v.why, cases[i].says)) {
            printf("  %ls: %lu (%s), expected %lu with \"%s\"\n", cases[i].sddl, rc, v.why, cases[i].want, cases[i].says);
            bf_test_failures++;
        }
    }
    /* no DACL at all (a NULL DACL): everyone has full control. Built by hand: Wine's SDDL parser turns
     * "D:NO_ACCESS_CONTROL" into an empty DACL, which is the opposite */
    {
        SECURITY_DESCRIPTOR sd;
        PSID trusted[2] = {NULL, NULL};
        bfsys_acl_verdict v;
        ConvertStringSidToSidW(L"S-1-5-18", &trusted[0]);
        ConvertStringSidToSidW(L"S-1-5-32-544", &trusted[1]);
        InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
        SetSecurityDescriptorOwner(&sd, trusted[1], FALSE);
        SetSecurityDescriptorDacl(&sd, TRUE, NULL, FALSE);
        CHECK(bfsys_acl_judge(&sd, true, trusted, 2, &v) == ERROR_ACCESS_DENIED);
        CHECK(v.null_dacl && strstr(v.why, "no DACL") != NULL);
        LocalFree(trusted[0]);
        LocalFree(trusted[1]);
    }
    /* the SIDs icacls must remove are named once each */
    {
        bfsys_acl_verdict v;
        judge_sddl(L"O:BAG:SYD:PAI(A;OICI;FA;;;BA)(A;;FW;;;BU)(A;OIIO;FW;;;BU)(A;;0x40;;;WD)", true, &v);
        CHECK_STR(v.others, " *S-1-5-32-545 *S-1-1-0");
    }
}

BF_RULE(acl_the_folder_bindfix_creates_is_accepted_synthetic,
        "SDDL: O:BA owner Administrators, D:PAI a protected DACL (SE_DACL_PROTECTED: nothing inherited from the "
        "parent), (A;OICI;FA;;;SY)(A;OICI;FA;;;BA) full control inherited by files and folders (learn.microsoft.com, "
        "Security Descriptor String Format; ACE Strings)")
{
    bfsys_acl_verdict v;
    CHECK(judge_sddl(bfsys_journal_dir_sddl, true, &v) == ERROR_SUCCESS);
    CHECK(v.trusted && !v.why[0]);
    CHECK(judge_sddl(bfsys_journal_dir_sddl, false, &v) == ERROR_SUCCESS);
}

/* A fresh folder under the test's temporary directory. */
static void temp_dir(const WCHAR *leaf, WCHAR *out, char *out8)
{
    WCHAR tmp[MAX_PATH];
    GetTempPathW(MAX_PATH, tmp);
    swprintf(out, MAX_PATH, L"%lsbindfix-rule-%lu-%ls", tmp, GetCurrentProcessId(), leaf);
    WideCharToMultiByte(CP_UTF8, 0, out, -1, out8, MAX_PATH * 3, NULL, NULL);
}

BF_RULE(acl_real_journal_folder_is_made_and_judged_with_its_journal,
        "CreateDirectoryW with lpSecurityAttributes: \"the directory gets the specified security descriptor\"; "
        "GetNamedSecurityInfoW reads it back (learn.microsoft.com, CreateDirectoryW; GetNamedSecurityInfoW). Under "
        "Wine, which derives the descriptor from the Unix mode, the folder is made and judged as it is read back")
{
    WCHAR dir[MAX_PATH], file[MAX_PATH];
    char dir8[MAX_PATH * 3], file8[MAX_PATH * 3];
    bf_err err;
    HANDLE h;
    temp_dir(L"made", dir, dir8);
    bf_err_clear(&err);
    CHECK(bfsys_journal_dir_ready(dir8, &err) == ERROR_SUCCESS);
    if (err.msg[0])
        printf("  %s\n", err.msg);
    CHECK(GetFileAttributesW(dir) != INVALID_FILE_ATTRIBUTES && (GetFileAttributesW(dir) & FILE_ATTRIBUTE_DIRECTORY));
    /* found again at the next repair: accepted */
    CHECK(bfsys_journal_dir_ready(dir8, &err) == ERROR_SUCCESS);
    swprintf(file, MAX_PATH, L"%ls\\journal.json", dir);
    WideCharToMultiByte(CP_UTF8, 0, file, -1, file8, sizeof file8, NULL, NULL);
    h = CreateFileW(file, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    CHECK(h != INVALID_HANDLE_VALUE);
    CloseHandle(h);
    bf_err_clear(&err);
    CHECK(bfsys_file_trusted(file8, &err) == ERROR_SUCCESS);
    if (err.msg[0])
        printf("  %s\n", err.msg);
    /* a file, not a folder, where the folder should be: refused */
    CHECK(bfsys_journal_dir_ready(file8, &err) != ERROR_SUCCESS);
    /* what does not exist says so (the read that follows reports it) */
    bf_err_clear(&err);
    CHECK(bfsys_file_trusted("C:\\no-such-bindfix-folder\\j.json", &err) == ERROR_PATH_NOT_FOUND ||
          err.code == ERROR_FILE_NOT_FOUND);
    DeleteFileW(file);
    RemoveDirectoryW(dir);
}

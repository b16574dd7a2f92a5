/* eventlog.c - the records of the Application and System logs that match a bind-failure signature,
 * newest first, bounded by count and age (OpenEventLogW / ReadEventLogW, which exist on every NT).
 *
 * "No events" and "could not read events" must never look alike: a System log with no record at all is
 * taken as unavailable, because a running Windows always has one (the Event Log service writes 6005
 * when it starts). That is what Wine gives (its event log is a stub: no records, ReadEventLog fails with
 * 38), and the snapshot then says "unavailable" with that reason. */
#include "collect_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "catalogue.h"
#include "strbuf.h"

static const char *type_token(WORD t)
{
    switch (t) {
    case EVENTLOG_ERROR_TYPE: return "error";
    case EVENTLOG_WARNING_TYPE: return "warning";
    case EVENTLOG_INFORMATION_TYPE: return "information";
    case EVENTLOG_AUDIT_SUCCESS: return "audit-success";
    case EVENTLOG_AUDIT_FAILURE: return "audit-failure";
    default: return "information";
    }
}

/* The records ReadEventLogW put in buf (len bytes, newest first), matched and added to the snapshot.
 * Every length and offset is checked against the buffer: the buffer is data. A record older than
 * `oldest` (0: no age limit) is skipped, and the reading goes on: records come in the order they were
 * written, and TimeGenerated is the submitter's clock ("EVENTLOGRECORD structure": the time the entry
 * was submitted), which can go back (a clock set back, a time-sync correction, a source passing its own
 * time), so one old record says nothing of the records before it. The reading is bounded by the number of
 * records (bf_collect_opts.event_max_count), not by their times. Returns true when the buffer held a
 * damaged record (the rest of it is not read). Exposed (sys.h) for tests with synthetic buffers, because
 * Wine's event log returns no record. */
bool bfsys_events_from_buffer(bf_snapshot *s, const char *log_utf8, const BYTE *buf, DWORD len, time_t oldest,
                              DWORD *seen, const bf_event_signature *sigs, size_t nsigs)
{
    if (!sigs)
        sigs = bf_catalogue_signatures(bf_catalogue_builtin(), &nsigs);
    const BYTE *p = buf, *end = buf + len;
    bool done = false;
    while (p + sizeof(EVENTLOGRECORD) <= end && !done) {
        const EVENTLOGRECORD *r = (const EVENTLOGRECORD *)p;
        char *source, *inserts[32];
        size_t n = 0, i;
        const WCHAR *str;
        DWORD tail;
        if (r->Length < sizeof(EVENTLOGRECORD) + sizeof tail || r->Length > (size_t)(end - p)) {
            done = true;    /* a damaged record: stop rather than read past it */
            break;
        }
        /* a record ends with its Length repeated (EVENTLOGRECORD's documented layout): a record that
         * does not is not one, and its offsets are not to be trusted */
        memcpy(&tail, p + r->Length - sizeof tail, sizeof tail);
        if (tail != r->Length) {
            done = true;
            break;
        }
        (*seen)++;
        if (oldest && (time_t)r->TimeGenerated < oldest) {
            p += r->Length;     /* older than the limit: skipped, not the end (see above) */
            continue;
        }
        /* the source name follows the fixed part, NUL-terminated within the record */
        source = bfsys_wide_to_utf8((const WCHAR *)(p + sizeof(EVENTLOGRECORD)),
                                    (int)wcsnlen((const WCHAR *)(p + sizeof(EVENTLOGRECORD)),
                                                 (r->Length - sizeof(EVENTLOGRECORD)) / sizeof(WCHAR)));
        str = r->StringOffset < r->Length ? (const WCHAR *)(p + r->StringOffset) : NULL;
        for (i = 0; str && i < r->NumStrings && n < 32; i++) {
            size_t max = (size_t)(p + r->Length - (const BYTE *)str) / sizeof(WCHAR);
            size_t slen = wcsnlen(str, max);
            inserts[n++] = bfsys_wide_to_utf8(str, (int)slen);
            if (!inserts[n - 1]) {
                n--;
                break;
            }
            str += slen + 1;
            if ((const BYTE *)str >= p + r->Length)
                break;
        }
        if (source && bf_event_signature_match(sigs, nsigs, log_utf8, source, (int)(r->EventID & 0xffff), inserts, n)) {
            bf_event *ev = bf_snap_add_event(s);
            if (ev) {
                time_t t = (time_t)r->TimeGenerated;
                struct tm tmv;
                char when[32] = "";
                if (gmtime_s(&tmv, &t) == 0)
                    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tmv);
                ev->log = (char *)log_utf8;
                ev->source = bf_arena_strdup(s->arena, source);
                ev->event_id = (int)(r->EventID & 0xffff);
                ev->type = (char *)type_token(r->EventType);
                ev->time = bf_arena_strdup(s->arena, when);
                ev->record = (long long)r->RecordNumber;
                for (i = 0; i < n; i++)
                    bf_str_list_add(s, &ev->inserts, &ev->insert_count, &ev->insert_cap, inserts[i]);
                /* the message DLL is not loaded (it may not exist on this machine): the insertion
                 * strings are the message's facts */
                {
                    bf_buf m;
                    bf_buf_init(&m);
                    for (i = 0; i < n; i++)
                        bf_buf_printf(&m, i ? "; %s" : "%s", inserts[i]);
                    ev->message = bf_arena_strdup(s->arena, bf_buf_cstr(&m));
                    bf_buf_free(&m);
                }
            }
        }
        for (i = 0; i < n; i++)
            free(inserts[i]);
        free(source);
        p += r->Length;
    }
    return done;
}

/* Reads one log; returns the number of records it holds (0 when it cannot tell). */
static DWORD read_log(bf_snapshot *s, const WCHAR *log_name, const char *log_utf8, const bf_collect_opts *o,
                      DWORD *records_out)
{
    HANDLE h = OpenEventLogW(NULL, log_name);
    DWORD open_err = h ? ERROR_SUCCESS : GetLastError();    /* before time() and the catalogue */
    DWORD records = 0, seen = 0, buf_size = 65536, read, needed;
    BYTE *buf;
    time_t now = time(NULL);
    bool done = false;
    size_t nsigs = o->signature_count;
    const bf_event_signature *sigs = o->signatures;
    if (!sigs)
        sigs = bf_catalogue_signatures(bf_catalogue_builtin(), &nsigs);
    *records_out = 0;
    if (!h)
        return open_err;
    GetNumberOfEventLogRecords(h, &records);
    *records_out = records;
    buf = malloc(buf_size);
    while (buf && !done && seen < (DWORD)o->event_max_count) {
        if (!ReadEventLogW(h, EVENTLOG_SEQUENTIAL_READ | EVENTLOG_BACKWARDS_READ, 0, buf, buf_size, &read, &needed)) {
            DWORD e = GetLastError();
            if (e == ERROR_INSUFFICIENT_BUFFER && needed > buf_size && needed < 16 * 1024 * 1024) {
                BYTE *bigger = realloc(buf, needed);
                if (!bigger)
                    break;
                buf = bigger;
                buf_size = needed;
                continue;
            }
            break;  /* ERROR_HANDLE_EOF: the oldest record was read */
        }
        if (bfsys_events_from_buffer(s, log_utf8, buf, read,
                                     o->event_max_age_days > 0 ? now - (time_t)o->event_max_age_days * 86400 : 0,
                                     &seen, sigs, nsigs))
            done = true;
    }
    free(buf);
    CloseEventLog(h);
    return ERROR_SUCCESS;
}

DWORD bfsys_collect_events(bf_snapshot *s, const bf_collect_opts *o)
{
    DWORD app_records = 0, sys_records = 0;
    DWORD rc_app = read_log(s, L"Application", "Application", o, &app_records);
    DWORD rc_sys = read_log(s, L"System", "System", o, &sys_records);
    if (rc_app == ERROR_ACCESS_DENIED || rc_sys == ERROR_ACCESS_DENIED) {
        s->event_log.status = BF_SECTION_DENIED;
        s->event_log.problem = "access to the event log was denied";
    } else if (rc_app != ERROR_SUCCESS && rc_sys != ERROR_SUCCESS) {
        s->event_log.status = BF_SECTION_UNAVAILABLE;
        s->event_log.problem = bf_arena_printf(s->arena, "OpenEventLog failed for Application (%lu) and System (%lu)",
                                               (unsigned long)rc_app, (unsigned long)rc_sys);
    } else if (sys_records == 0 && s->event_log.event_count == 0) {
        s->event_log.status = BF_SECTION_UNAVAILABLE;
        s->event_log.problem = "the System log returned no record at all (a running Windows always has some; "
                               "Wine's event log is a stub): events could not be read";
    } else {
        s->event_log.status = BF_SECTION_OK;
        s->event_log.problem = "";
    }
    return bf_arena_failed(s->arena) ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}

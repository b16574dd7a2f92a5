#!/usr/bin/env python3
"""check-resources.py - the keyboard rules of issue 23 checked on every resource script (make check-docs).

Every .rc file under res/ is read, per LANGUAGE block (so each language is checked on its own):
  - mnemonics: no two items of one menu level share an Alt+letter, nor two controls of one dialog (a
    wizard page also with the wizard's own buttons, "< &Back" and "&Next >", which are live on every
    page), nor two of the labels the console makes in code (string table: IDS_LABEL_*, IDS_ACT_*);
  - the menu bar: no label of the console (those strings) takes a letter of the menu bar (the POPUPs of
    IDM_MAIN): IsDialogMessageW would hand Alt+letter to the label and the menu would never open;
  - names: every list, edit, combo box, list box and tree of a dialog has, right before it in the tab
    order, a static label with a mnemonic (what a screen reader reads as its name, and its Alt+letter).
    Controls the console makes in code are named at run time; the GUI keyboard test reads their names.
  - key names: a note the Actions pane wraps (the string ids of gui/actions.c's note_strings) that names a
    key combination ("Alt+Enter", "Ctrl+C") starts with it. The pane is at least as wide as its widest word,
    so a note's first word is whole on its first line wherever a line may break: Windows' DrawText breaks
    only at spaces, Wine 8's also before the "+" ("Alt" / "+Enter") when the name falls at a line's end;
  - known exceptions: tests/lib/a11y-known-exceptions.txt lists findings still to be fixed, one per line
    as this script prints them; a listed finding is reported but does not fail, and a listed line that
    no longer occurs fails (so the list only shrinks as the fixes land).
  - self-test: the rules run on a small broken resource written here must report each fault.
Prints "PASS: resources: ..." or "FAIL: resources: ..." lines, one per rule (6 lines); exits 0, or 3 when a
rule failed."""
import glob, os, re, sys

PAGE_SHEET_LETTERS = {'B': '< &Back (wizard button)', 'N': '&Next > (wizard button)'}
# the menu that is the console's menu bar, and the string ids the console uses as captions of controls it
# makes in code (labels before lists, Actions pane buttons, the top strip's buttons)
MENU_BAR = 'IDM_MAIN'
CONSOLE_STRING = re.compile(r'^IDS_(LABEL|ACT)_')
NEEDS_LABEL = {'EDITTEXT', 'LISTBOX', 'COMBOBOX'}
NEEDS_LABEL_CLASSES = {'syslistview32', 'wc_listview', 'systreeview32', 'wc_treeview', 'edit', 'wc_edit', 'listbox',
                       'wc_listbox', 'combobox', 'wc_combobox', 'comboboxex32', 'wc_comboboxex'}
LABEL_KINDS = {'LTEXT', 'RTEXT', 'CTEXT'}
STR = r'"(?:[^"]|"")*"'
KEY_NAME = re.compile(r'\b(?:Ctrl|Alt|Shift|Win)\+\S+')


def mnemonic(text):
    """The Alt+letter of a caption ('&&' is a literal ampersand), upper case, or None."""
    i = 0
    while i < len(text):
        if text[i] == '&':
            if i + 1 < len(text) and text[i + 1] == '&':
                i += 2
                continue
            return text[i + 1].upper() if i + 1 < len(text) else None
        i += 1
    return None


def unquote(s):
    return s[1:-1].replace('""', '"')


def strip_comments(src):
    src = re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'), src, flags=re.S)
    return re.sub(r'^\s*//.*$', '', src, flags=re.M)


def read_block(lines, i):
    """The statements of the BEGIN ... END block whose header is just before lines[i], each with its
    depth (1 directly inside), and the index after its END; the statements before BEGIN (STYLE,
    CAPTION, FONT) are skipped."""
    body, depth = [], 0
    while i < len(lines):
        l = lines[i].strip()
        i += 1
        if l in ('BEGIN', '{'):
            depth += 1
        elif l in ('END', '}'):
            depth -= 1
            if depth == 0:
                break
        elif depth > 0 and l:
            body.append((depth, l))
    return body, i


def parse(name, src):
    """[(language, kind, resource name, entries)]: kind 'menu' (entries: (level path, caption)), 'dialog'
    (entries: (statement, caption, id, class)), 'strings' (entries: (id, text))."""
    lang = 'LANG_NEUTRAL'
    out = []
    lines = strip_comments(src).split('\n')
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        m = re.match(r'LANGUAGE\s+(\w+)\s*,\s*(\w+)', line)
        if m:
            lang = m.group(1) + '/' + m.group(2)
            continue
        m = re.match(r'(\w+)\s+MENU(EX)?\b', line)
        if m:
            body, i = read_block(lines, i)
            entries, path = [], []
            for depth, l in body:
                pm = re.match(r'POPUP\s+(' + STR + ')', l)
                im = re.match(r'MENUITEM\s+(' + STR + ')', l)
                if pm or im:
                    # an item at depth d belongs to the popups of depths 1 .. d-1
                    entries.append((tuple(path[:depth - 1]), unquote((pm or im).group(1))))
                if pm:
                    path = path[:depth - 1] + [unquote(pm.group(1))]
            out.append((lang, 'menu', m.group(1), entries))
            continue
        m = re.match(r'(\w+)\s+DIALOG(EX)?\b', line)
        if m:
            body, i = read_block(lines, i)
            entries = []
            for depth, l in body:
                sm = re.match(r'(\w+)\s+(.*)$', l)
                if not sm:
                    continue
                kind, rest = sm.group(1), sm.group(2)
                text = None
                tm = re.match(r'(' + STR + r')\s*,\s*(.*)$', rest)
                if tm:
                    text, rest = unquote(tm.group(1)), tm.group(2)
                args = [a.strip() for a in rest.split(',')]
                cid = args[0] if args else ''
                cls = args[1].strip('"').lower() if kind == 'CONTROL' and len(args) > 1 else ''
                entries.append((kind, text, cid, cls))
            out.append((lang, 'dialog', m.group(1), entries))
            continue
        if re.match(r'STRINGTABLE\b', line):
            body, i = read_block(lines, i)
            entries = []
            for depth, l in body:
                sm = re.match(r'(\w+)\s*,?\s*(' + STR + ')', l)
                if sm:
                    entries.append((sm.group(1), unquote(sm.group(2))))
            out.append((lang, 'strings', 'STRINGTABLE', entries))
    return out


def wrapped_notes(top):
    """The string ids the Actions pane shows in its wrapping notes: gui/actions.c's note_strings[]."""
    src = open(os.path.join(top, 'gui', 'actions.c'), encoding='utf-8').read()
    m = re.search(r'note_strings\[\]\s*=\s*\{([^}]*)\}', src)
    return set(re.findall(r'\bIDS_\w+', m.group(1))) if m else set()


def check(files, wrapped=frozenset()):
    """{rule: [finding]} over the given {path: source}; wrapped: the string ids shown in wrapping notes."""
    found = {'mnemonics': [], 'menubar': [], 'names': [], 'keynames': []}
    for path, src in sorted(files.items()):
        res = parse(path, src)
        langs = sorted({r[0] for r in res})
        for lang in langs:
            where = '%s [%s]' % (path, lang)
            bar = {}
            for (l, kind, name, entries) in res:
                if l == lang and kind == 'menu' and name == MENU_BAR:
                    for (p, cap) in entries:
                        if p == () and mnemonic(cap):
                            bar[mnemonic(cap)] = cap
            for (l, kind, name, entries) in res:
                if l != lang:
                    continue
                if kind == 'menu':
                    levels = {}
                    for (p, cap) in entries:
                        k = mnemonic(cap)
                        if k:
                            levels.setdefault(p, {}).setdefault(k, []).append(cap)
                    for p, keys in sorted(levels.items()):
                        for k, caps in sorted(keys.items()):
                            if len(caps) > 1:
                                found['mnemonics'].append('%s: menu %s%s: Alt+%s on %s' % (
                                    where, name, ''.join(' > ' + x for x in p), k, ' and '.join(map(repr, caps))))
                elif kind == 'dialog':
                    keys = {}
                    if name.startswith('IDD_WIZ_'):
                        for k, cap in PAGE_SHEET_LETTERS.items():
                            keys.setdefault(k, []).append(cap)
                    for (stmt, text, cid, cls) in entries:
                        k = mnemonic(text) if text else None
                        if k:
                            keys.setdefault(k, []).append(text)
                    for k, caps in sorted(keys.items()):
                        if len(caps) > 1:
                            found['mnemonics'].append('%s: dialog %s: Alt+%s on %s' % (
                                where, name, k, ' and '.join(map(repr, caps))))
                    for n, (stmt, text, cid, cls) in enumerate(entries):
                        if stmt in NEEDS_LABEL or (stmt == 'CONTROL' and cls in NEEDS_LABEL_CLASSES):
                            prev = entries[n - 1] if n > 0 else None
                            labelled = prev and (prev[0] in LABEL_KINDS or (prev[0] == 'CONTROL' and prev[3] in
                                                 ('static', 'wc_static'))) and prev[1] and mnemonic(prev[1])
                            if not labelled:
                                found['names'].append('%s: dialog %s: %s %s has no label with a mnemonic before it'
                                                      % (where, name, stmt if stmt != 'CONTROL' else cls, cid))
                elif kind == 'strings':
                    keys = {}
                    for (sid, text) in entries:
                        if sid in wrapped:
                            for km in KEY_NAME.finditer(text):
                                if km.start() != 0:
                                    found['keynames'].append('%s: %s %r names %s after its first word' % (
                                        where, sid, text, km.group(0)))
                        if not CONSOLE_STRING.match(sid):
                            continue
                        k = mnemonic(text)
                        if not k:
                            continue
                        keys.setdefault(k, []).append('%s %r' % (sid, text))
                        if k in bar:
                            found['menubar'].append('%s: %s %r takes Alt+%s of the menu bar\'s %r' % (
                                where, sid, text, k, bar[k]))
                    for k, caps in sorted(keys.items()):
                        if len(caps) > 1:
                            found['mnemonics'].append('%s: console labels: Alt+%s on %s' % (where, k, ' and '.join(caps)))
    return found


BROKEN = r'''
LANGUAGE LANG_ENGLISH, SUBLANG_ENGLISH_US
IDM_MAIN MENU
BEGIN
    POPUP "&File"
    BEGIN
        MENUITEM "&Open", 1
        MENUITEM "&Other", 2
    END
    POPUP "&Action"
    BEGIN
        MENUITEM "&Fix", 3
    END
END
IDD_BROKEN DIALOGEX 0, 0, 100, 100
BEGIN
    LTEXT "&Changes:", 10, 0, 0, 10, 10
    EDITTEXT 11, 0, 0, 10, 10
    LTEXT "&Copy", 12, 0, 0, 10, 10
    LTEXT "no mnemonic", 13, 0, 0, 10, 10
    CONTROL "", 14, "SysListView32", 0, 0, 0, 10, 10
END
STRINGTABLE
BEGIN
    IDS_LABEL_ADAPTERS "&Adapters"
    IDS_ACT_WHY_BROKEN "Not here: Alt+Enter does it."
    IDS_ACT_WHY_WHOLE "Ctrl+C copies."
END
'''


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else '.'
    os.chdir(top)
    ok = True
    # self-test first: a checker that finds nothing in a broken resource proves nothing
    b = check({'<broken>': BROKEN}, {'IDS_ACT_WHY_BROKEN', 'IDS_ACT_WHY_WHOLE'})
    want = {'mnemonics': ["menu IDM_MAIN > &File: Alt+O", "dialog IDD_BROKEN: Alt+C"],
            'menubar': ["IDS_LABEL_ADAPTERS '&Adapters' takes Alt+A"],
            'names': ["dialog IDD_BROKEN: syslistview32 14 has no label"],
            'keynames': ["IDS_ACT_WHY_BROKEN 'Not here: Alt+Enter does it.' names Alt+Enter"]}
    missed = [w for rule, ws in want.items() for w in ws if not any(w in f for f in b[rule])]
    extra = [f for rule in b for f in b[rule] if not any(w in f for w in want[rule])]
    if missed or extra:
        ok = False
        print('FAIL: resources: self-test on a broken resource: missed %s; unexpected %s' % (missed, extra))
    else:
        print('PASS: resources: self-test: the rules find every planted fault in a broken resource (%d)'
              % sum(len(v) for v in b.values()))

    paths = sorted(glob.glob('res/**/*.rc', recursive=True))
    files = {p: open(p, encoding='utf-8', errors='replace').read() for p in paths}
    wrapped = wrapped_notes(top if os.path.isabs(top) else '.')
    found = check(files, wrapped)
    known_path = 'tests/lib/a11y-known-exceptions.txt'
    known = []
    if os.path.exists(known_path):
        known = [l.rstrip('\n') for l in open(known_path, encoding='utf-8')
                 if l.strip() and not l.lstrip().startswith('#')]
    every = [f for fs in found.values() for f in fs]
    titles = {'mnemonics': 'mnemonics unique per menu level, dialog, wizard page and console page',
              'menubar': 'no console label takes a letter of the menu bar',
              'names': 'every list, edit, combo box, list box and tree of a dialog has a label with a mnemonic',
              'keynames': 'every key name in an Actions pane note (%d string ids, gui/actions.c) is its first word, '
                          'never broken at a line\'s end' % len(wrapped)}
    if not wrapped:
        ok = False
        print('FAIL: resources: gui/actions.c\'s note_strings[] not found (the notes the Actions pane wraps)')
    for rule in ('mnemonics', 'menubar', 'names', 'keynames'):
        new = [f for f in found[rule] if f not in known]
        listed = [f for f in found[rule] if f in known]
        note = ' (%d known exception(s) in %s: %s)' % (len(listed), known_path, '; '.join(listed)) if listed else ''
        if new:
            ok = False
            print('FAIL: resources: %s: %s%s' % (titles[rule], '; '.join(new), note))
        else:
            print('PASS: resources: %s, in %d file(s)%s' % (titles[rule], len(paths), note))
    stale = [k for k in known if k not in every]
    if stale:
        ok = False
        print('FAIL: resources: %s lists what no longer occurs (remove it): %s' % (known_path, '; '.join(stale)))
    else:
        print('PASS: resources: the known exceptions (%d) all still occur: the list holds only what is left to fix'
              % len(known))
    return 0 if ok else 3     # 3: it ran and found faults (anything else: it did not run)


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/env python3
"""ps_check.py - a static check of res/fleet/*.ps1 for Windows PowerShell 5.1, without PowerShell.

Debian packages no PowerShell, and nothing from outside Debian's archive is installed here, so the shipped
script cannot be parsed by the real parser. This is the best check available without it. It reads the
script with a small tokenizer of PowerShell's lexical rules (about_Comment_Based_Help, about_Quoting_Rules,
about_Special_Characters, about_Parsing: comments <# #> and #, single-quoted strings with '' escapes,
double-quoted strings with ` escapes and $( ) subexpressions, here-strings @' '@ and @" "@ whose openers end
their line, ` line continuation) and checks:

  encoding       the file is ASCII, or UTF-8 with a byte order mark: Windows PowerShell 5.1 reads a
                 script without a BOM in the ANSI code page (about_Character_Encoding), so any other
                 non-ASCII byte is misread
  balanced       every ( [ { @( $( @{ is closed by its own kind, every string, here-string and block
                 comment ends
  no_ps7_syntax  no && || pipeline chains, ?? ??= null-coalescing or ?. ?[ null-conditional operators
                 outside strings (PowerShell 7 only: about_Pipeline_Chain_Operators, about_Operators)
  commands       every command (a Verb-Noun word in command position) is a cmdlet of Windows PowerShell
                 5.1 in ps51-commands.txt, or a function the script defines with an approved verb
                 (Get-Verb in 5.1)
  parameters     every -Parameter written after such a cmdlet is one it has in 5.1 (ps51-commands.txt),
                 or a common parameter (about_CommonParameters); a unique prefix is accepted as
                 PowerShell accepts it
  no_aliases     no alias of Windows PowerShell 5.1 (Get-Alias on a fresh 5.1 session, ps51-commands.txt)
                 in command position: scripts name cmdlets in full (PSAvoidUsingCmdletAliases)

What it cannot prove: that PowerShell's real parser accepts the script (its grammar is larger than these
lexical rules); parameter sets (which parameters go together), parameter types and values; parameters
passed by splatting (@args: their names are hashtable keys, read at run time: New-PSSession -HostName,
used for -UseSSH, exists only in PowerShell 6+ and is not seen here); .NET types and methods; variables
used before they are set; anything about running it (remoting, rights, the copied files). The command
list is typed by hand from Microsoft's Windows PowerShell 5.1 reference (synthetic, not read from a
Windows machine) and holds the cmdlets and parameters this project's scripts use and their neighbours,
not the whole of 5.1: a cmdlet missing from it fails the check until it is added from the reference.

Usage: ps_check.py [--list FILE] SCRIPT.ps1...   prints PASS:/FAIL: lines, one per check per script.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KEYWORDS = {
    "begin", "break", "catch", "class", "continue", "data", "define", "do", "dynamicparam", "else", "elseif",
    "end", "enum", "exit", "filter", "finally", "for", "foreach", "from", "function", "hidden", "if", "in",
    "param", "process", "return", "static", "switch", "throw", "trap", "try", "until", "using", "var",
    "while", "workflow",
}
COMMON = {
    "verbose", "debug", "erroraction", "warningaction", "informationaction", "errorvariable",
    "warningvariable", "informationvariable", "outvariable", "outbuffer", "pipelinevariable", "whatif",
    "confirm", "ea", "wa", "ev", "wv", "ov", "ob", "pv", "infa", "iv", "vb", "db", "wi", "cf",
}
CMD_POSITION = {None, "nl", ";", "{", "(", "@(", "$(", "|", "=", "&"}


class Problem(Exception):
    pass


def load_list(path):
    cmds, aliases, verbs = {}, set(), set()
    for raw in open(path, encoding="ascii"):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        kind, rest = line.split(None, 1)
        if kind == "alias":
            aliases.update(a.lower() for a in rest.split())
        elif kind == "verbs":
            verbs.update(v.lower() for v in rest.split())
        elif kind == "cmdlet":
            name, *params = rest.split()
            cmds[name.lower()] = [p.lower() for p in params] if params != ["*"] else None
    return cmds, aliases, verbs


def tokenize(text):
    """(kind, value, line, depth) tokens; raises Problem for what does not end or match."""
    toks, stack = [], []
    i, n, line = 0, len(text), 1

    def push(kind, value):
        toks.append((kind, value, line, len(stack)))

    def skip_dq(j, start_line):
        """j just past the opening ": returns the index past the closing ", following $( ) nesting"""
        nonlocal line
        while j < n:
            c = text[j]
            if c == "`":
                j += 2
                continue
            if c == "\n":
                line += 1
            if c == '"':
                if j + 1 < n and text[j + 1] == '"':
                    j += 2
                    continue
                return j + 1
            if text.startswith("$(", j):
                depth, j = 1, j + 2
                while j < n and depth:
                    c = text[j]
                    if c == "\n":
                        line += 1
                    if c == "(":
                        depth += 1
                    elif c == ")":
                        depth -= 1
                    elif c == "'":
                        k = text.find("'", j + 1)
                        if k < 0:
                            raise Problem(f"line {start_line}: a string inside $( ) does not end")
                        j = k
                    elif c == '"':
                        j = skip_dq(j + 1, line) - 1
                    j += 1
                if depth:
                    raise Problem(f"line {start_line}: a $( ) inside a string is not closed")
                continue
            j += 1
        raise Problem(f"line {start_line}: a double-quoted string does not end")

    while i < n:
        c = text[i]
        if c == "\n":
            push("nl", "\n")
            line += 1
            i += 1
        elif c in " \t\r\ufeff":
            i += 1
        elif c == "`":
            if text.startswith("`\r\n", i):
                line += 1
                i += 3
            elif text.startswith("`\n", i):
                line += 1
                i += 2
            else:
                i += 2
        elif text.startswith("<#", i):
            k = text.find("#>", i + 2)
            if k < 0:
                raise Problem(f"line {line}: a <# block comment does not end")
            line += text.count("\n", i, k)
            i = k + 2
        elif c == "#":
            k = text.find("\n", i)
            i = n if k < 0 else k
        elif text.startswith("@'", i) or text.startswith('@"', i):
            q = text[i + 1]
            eol = text.find("\n", i)
            if eol < 0 or text[i + 2:eol].strip():
                raise Problem(f"line {line}: a here-string's opener @{q} must end its line")
            m = re.compile(r"\n[ \t]*" + re.escape(q) + "@").search(text, eol)
            # (5.1 wants the closer at the very start of its line: checked below)
            if not m:
                raise Problem(f"line {line}: a here-string @{q} does not end")
            if text[m.start() + 1] != q:
                raise Problem(f"line {line}: a here-string's closer {q}@ must start its line in 5.1")
            line += text.count("\n", i, m.end())
            push("str", "")
            i = m.end()
        elif c == "'":
            j = i + 1
            while True:
                k = text.find("'", j)
                if k < 0:
                    raise Problem(f"line {line}: a single-quoted string does not end")
                if k + 1 < n and text[k + 1] == "'":
                    j = k + 2
                    continue
                break
            line += text.count("\n", i, k)
            push("str", text[i + 1:k])
            i = k + 1
        elif c == '"':
            start = line
            i = skip_dq(i + 1, start)
            push("str", "")
        elif text.startswith("@(", i) or text.startswith("$(", i) or text.startswith("@{", i):
            stack.append((text[i + 1], line))
            push("open", text[i:i + 2])
            i += 2
        elif c in "([{":
            stack.append((c, line))
            push("open", c)
            i += 1
        elif c in ")]}":
            want = {")": "(", "]": "[", "}": "{"}[c]
            if not stack:
                raise Problem(f"line {line}: '{c}' closes nothing")
            got, at = stack.pop()
            if got != want:
                raise Problem(f"line {line}: '{c}' closes '{got}' opened on line {at}")
            push("close", c)
            i += 1
        elif c == "$":
            m = re.compile(r"\$(\{[^}]*\}|[A-Za-z_][\w:]*|[_?^$])").match(text, i)
            if not m:
                raise Problem(f"line {line}: a '$' that starts nothing")
            push("var", m.group(0))
            i = m.end()
        elif c == "-" and i + 1 < n and text[i + 1].isalpha() and (i == 0 or not (text[i - 1].isalnum())):
            m = re.compile(r"-[A-Za-z][\w]*:?").match(text, i)
            push("param", m.group(0).rstrip(":"))
            i = m.end()
        elif c.isalpha() or c == "_":
            m = re.compile(r"[A-Za-z_][\w\-.\\]*").match(text, i)
            push("word", m.group(0))
            i = m.end()
        elif c.isdigit():
            m = re.compile(r"\d[\w.]*").match(text, i)
            i = m.end()
            push("num", m.group(0))
        else:
            for op in ("&&", "||", "??=", "??", "?.", "?[", "::", "..", "+=", "-=", "|", ";", "=", "&", ",", "."):
                if text.startswith(op, i):
                    push("op", op)
                    i += len(op)
                    break
            else:
                push("op", c)
                i += 1
    if stack:
        got, at = stack[-1]
        raise Problem(f"'{got}' opened on line {at} is never closed")
    return toks


def commands(toks):
    """(name, line, [params]) for each word in command position, with the params written after it"""
    out = []
    prev = None
    param_opens = []    # depths of the ( that follow the keyword param: its ) ends a statement
    for idx, (kind, value, line, depth) in enumerate(toks):
        nxt = next((t for t in toks[idx + 1:] if t[0] != "nl"), None)
        is_word = kind == "word" or (kind == "op" and value in ("%", "?"))   # % and ? are aliases too
        if is_word and prev in CMD_POSITION and not (nxt and nxt[0] == "op" and nxt[1] == "="):
            params = []
            for k2, v2, _l2, d2 in toks[idx + 1:]:
                if d2 < depth or (d2 == depth and (k2 == "nl" or (k2 == "op" and v2 in ("|", ";")))):
                    break
                if d2 == depth and k2 == "param":
                    params.append(v2[1:])
            out.append((value, line, params))
        if kind == "open" and value == "(" and idx and toks[idx - 1][0] == "word" and toks[idx - 1][1].lower() == "param":
            param_opens.append(depth - 1)     # (an open token counts itself: its close is one less)
        if kind == "nl":
            prev = "nl"
        elif kind == "close" and param_opens and param_opens[-1] == depth:
            param_opens.pop()
            prev = None     # param(...) Statement: a statement begins after it
        elif kind in ("open", "close"):
            prev = value
        elif kind == "op":
            prev = value
        else:
            prev = kind
    return out


def check(path, cmds, aliases, verbs):
    name = os.path.basename(path)
    results = []

    def res(check_name, problems):
        results.append((check_name, problems))

    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            raw.decode("utf-8")
            res("encoding", [])
        except UnicodeDecodeError as e:
            res("encoding", [f"not UTF-8 after its BOM: {e}"])
    else:
        bad = [i for i, b in enumerate(raw) if b > 127]
        res("encoding", [f"non-ASCII byte at offset {bad[0]} without a UTF-8 BOM (5.1 reads it as ANSI)"]
            if bad else [])
    text = raw.decode("utf-8", errors="replace")
    try:
        toks = tokenize(text)
        res("balanced", [])
    except Problem as e:
        res("balanced", [str(e)])
        return name, results
    res("no_ps7_syntax", [f"line {t[2]}: '{t[1]}' is PowerShell 7 only" for t in toks
                          if t[0] == "op" and t[1] in ("&&", "||", "??", "??=", "?.", "?[")])
    defined = {}
    for a, b in zip(toks, toks[1:]):
        if a[0] == "word" and a[1].lower() == "function" and b[0] == "word":
            defined[b[1].lower()] = b[2]
    cmd_problems, param_problems, alias_problems = [], [], []
    for fn, line in defined.items():
        if "-" not in fn or fn.split("-", 1)[0] not in verbs:
            cmd_problems.append(f"line {line}: function {fn}: not Verb-Noun with an approved verb")
    for word, line, params in commands(toks):
        low = word.lower()
        if low in KEYWORDS:
            continue
        if low in aliases:
            alias_problems.append(f"line {line}: '{word}' is an alias")
            continue
        if not re.fullmatch(r"[a-z]+-[a-z0-9]+", low):
            continue    # a native program or an argument after &
        if low in defined:
            continue
        if low not in cmds:
            cmd_problems.append(f"line {line}: {word} is not a Windows PowerShell 5.1 cmdlet in the list")
            continue
        known = cmds[low]
        if known is None:
            continue
        for p in params:
            pl = p.lower()
            if pl in COMMON or pl in known:
                continue
            prefix = [k for k in known if k.startswith(pl)]
            if len(prefix) != 1:
                param_problems.append(f"line {line}: {word} has no parameter -{p} in 5.1")
    res("commands", cmd_problems)
    res("parameters", param_problems)
    res("no_aliases", alias_problems)
    return name, results


def main(argv):
    lst = os.path.join(HERE, "ps51-commands.txt")
    if len(argv) > 2 and argv[1] == "--list":
        lst = argv[2]
        argv = argv[2:]
    cmds, aliases, verbs = load_list(lst)
    failed = 0
    for path in argv[1:]:
        name, results = check(path, cmds, aliases, verbs)
        for check_name, problems in results:
            if problems:
                failed += 1
                print(f"FAIL: ps51 {name} {check_name}: " + "; ".join(problems)[:500])
            else:
                print(f"PASS: ps51 {name} {check_name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

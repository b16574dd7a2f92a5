#!/usr/bin/env python3
"""check-layers.py - the README's "dependencies point one way" checked on the sources (make check-docs).

A module is NAME.c with its NAME.h (a NAME_priv.h private header belongs to NAME). Checked:
  - core/ includes no <windows.h> (nor any Windows header) and no header of gui/;
  - gui/sys/ (the system layer) includes no header of gui/ or gui/cli/ (the front ends);
  - no two modules include each other's headers, directly or round a longer circle.
Prints "PASS: layers: ..." or "FAIL: layers: ..." lines, one per rule."""
import os, re, sys, glob

top = sys.argv[1] if len(sys.argv) > 1 else '.'
os.chdir(top)
parts = {'core': glob.glob('core/*.[ch]'), 'sys': glob.glob('gui/sys/*.[ch]'),
         'gui': glob.glob('gui/*.[ch]'), 'cli': glob.glob('gui/cli/*.[ch]')}
files = [f for fs in parts.values() for f in fs]
inc_re = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)

def module(path):
    base = os.path.splitext(path)[0]
    return base[:-5] if base.endswith('_priv') else base

header_of = {}
for f in files:
    if f.endswith('.h'):
        header_of.setdefault(os.path.basename(f), f)
includes = {f: inc_re.findall(open(f, encoding='utf-8', errors='replace').read()) for f in files}

WINDOWS_HEADERS = {'windows.h', 'winsock2.h', 'ws2tcpip.h', 'iphlpapi.h', 'commctrl.h', 'shlobj.h', 'objbase.h',
                   'winreg.h', 'winsvc.h', 'netcfgx.h', 'prsht.h', 'shellapi.h', 'winternl.h'}
bad = []
for f in parts['core']:
    for kind, name in includes[f]:
        target = header_of.get(os.path.basename(name)) if kind == '"' else None
        if kind == '<' and name.lower() in WINDOWS_HEADERS:
            bad.append('%s includes <%s>' % (f, name))
        elif target and not target.startswith('core/'):
            bad.append('%s includes %s' % (f, target))
print(('FAIL: layers: core/ reaches outside the portable core: ' + '; '.join(bad)) if bad else
      'PASS: layers: core/ includes no Windows header and nothing of gui/ (%d files)' % len(parts['core']))

bad = []
for f in parts['sys']:
    for kind, name in includes[f]:
        target = header_of.get(os.path.basename(name)) if kind == '"' else None
        if target and not (target.startswith('core/') or target.startswith('gui/sys/')) and not target.startswith('res/'):
            bad.append('%s includes %s' % (f, target))
print(('FAIL: layers: the system layer includes a front end: ' + '; '.join(bad)) if bad else
      'PASS: layers: gui/sys/ includes only the core and itself (%d files)' % len(parts['sys']))

graph = {}
for f in files:
    for kind, name in includes[f]:
        target = header_of.get(os.path.basename(name)) if kind == '"' else None
        if target and module(target) != module(f):
            graph.setdefault(module(f), set()).add(module(target))
# strongly connected components (Tarjan, iterative)
index, low, stack, on, circles, counter = {}, {}, [], set(), [], [0]
def strongconnect(root):
    work = [(root, iter(sorted(graph.get(root, ()))))]
    index[root] = low[root] = counter[0]; counter[0] += 1; stack.append(root); on.add(root)
    while work:
        v, it = work[-1]
        w = next(it, None)
        if w is not None:
            if w not in index:
                index[w] = low[w] = counter[0]; counter[0] += 1; stack.append(w); on.add(w)
                work.append((w, iter(sorted(graph.get(w, ())))))
            elif w in on:
                low[v] = min(low[v], index[w])
            continue
        work.pop()
        if work:
            low[work[-1][0]] = min(low[work[-1][0]], low[v])
        if low[v] == index[v]:
            comp = []
            while True:
                x = stack.pop(); on.discard(x); comp.append(x)
                if x == v:
                    break
            if len(comp) > 1:
                circles.append(sorted(comp))
for v in sorted(graph):
    if v not in index:
        strongconnect(v)
print(('FAIL: layers: include circles: ' + '; '.join(' <-> '.join(c) for c in circles)) if circles else
      'PASS: layers: no include circle between the %d modules of core/ and gui/' % len({module(f) for f in files}))

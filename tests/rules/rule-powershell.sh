#!/bin/bash
# rule-powershell.sh - res/fleet/*.ps1 is written for Windows PowerShell 5.1 (the PowerShell every Windows
# Server from 2016 ships; 2008 R2 and 2012 R2 take it from WMF 5.1). Debian packages no PowerShell, so the
# script is checked statically by tests/fleet/ps_check.py (see there for what it proves and what not):
#  ps51 SCRIPT encoding|balanced|no_ps7_syntax|commands|parameters|no_aliases: the shipped scripts pass.
#    Rules: "Windows PowerShell 5.1 ... uses the default ANSI code page for scripts without a BOM"
#    (about_Character_Encoding); the cmdlets and parameters of the 5.1 reference (learn.microsoft.com,
#    view=powershell-5.1); && || ?? ?. are "PowerShell 7" operators (about_Pipeline_Chain_Operators,
#    about_Operators); scripts avoid aliases (PSScriptAnalyzer PSAvoidUsingCmdletAliases).
#  ps51_check_refuses_*: the checker fails a copy of the shipped script broken in that one way (so a pass
#    above means something): a brace removed, an unterminated string, an alias, a 7-only parameter
#    (ForEach-Object -Parallel), a 7-only cmdlet (Get-Error), && and a non-ASCII byte without a BOM.
# Prints "PASS: name" / "FAIL: name" lines.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
CHECK=$TOP/tests/fleet/ps_check.py
WORK=$BF_BUILD/rules-test/powershell
rm -rf "$WORK"; mkdir -p "$WORK"

python3 "$CHECK" "$TOP"/res/fleet/*.ps1

SRC=$TOP/res/fleet/Collect-Bindfix.ps1
mutant() {  # mutant NAME CHECK PYTHON-EXPRESSION-ON-s
  local name=$1 want=$2 expr=$3 f=$WORK/$1.ps1
  python3 -c "import sys; s = open(sys.argv[1], encoding='utf-8').read(); s = $expr; open(sys.argv[2], 'w', encoding='utf-8').write(s)" \
    "$SRC" "$f"
  if cmp -s "$SRC" "$f"; then echo "FAIL: ps51_check_refuses_$name: the mutation changed nothing"; return; fi
  if python3 "$CHECK" "$f" | grep -q "^FAIL: ps51 $name.ps1 $want:"; then echo "PASS: ps51_check_refuses_$name"
  else echo "FAIL: ps51_check_refuses_$name: the checker did not fail $want: $(python3 "$CHECK" "$f" | tr '\n' ' ' | head -c 300)"; fi
}
mutant brace balanced "s.replace('} finally {', ' finally {', 1)"
mutant string balanced "s.replace(\"'Stop'\", \"'Stop\", 1)"
mutant alias no_aliases "s.replace('| Out-Null', '| % { \$null }', 1)"
mutant parallel parameters "s.replace('foreach (\$computer in \$ComputerName) {', '1..2 | ForEach-Object -Parallel { \$_ }\nforeach (\$computer in \$ComputerName) {', 1)"
mutant ps7cmdlet commands "s.replace('Write-Verbose \"\$computer collected\"', 'Get-Error', 1)"
mutant chain no_ps7_syntax "s.replace('\$session = New-PSSession @sessionArgs', '\$session = New-PSSession @sessionArgs && Write-Verbose x', 1)"
mutant encoding encoding "s.replace('# no byte order mark', '# no byte order mark \u00e9', 1)"

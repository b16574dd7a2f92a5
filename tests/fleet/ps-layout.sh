#!/bin/bash
# ps-layout.sh FROM TO - the folder res/fleet/Collect-Bindfix.ps1 writes, built without PowerShell (none is
# installable on this Debian machine): HOST.json copied byte for byte from the host (Copy-Item over the
# admin share), and HOST.not-collected.json as its Write-NotCollected writes it - ConvertTo-Json's layout
# in Windows PowerShell 5.1 (four-space indent, two spaces after the colon, CRLF), UTF-8 without a BOM.
# Synthetic: written by hand in that layout, not recorded from a PowerShell run.
set -eu
from=$1 to=$2
rm -rf "$to"; mkdir -p "$to"
cp "$from/mail1.json" "$to/mail1.json"
cp "$from/web1.json" "$to/web1.json"
printf '{\r\n    "schema":  "bindfix-not-collected",\r\n    "version":  1,\r\n    "host":  "web3",\r\n    "engine":  "powershell",\r\n    "error":  "Connecting to remote server web3 failed with the following error message : WinRM cannot complete the operation. Verify that the specified computer name is valid, that the computer is accessible over the network, and that a firewall exception for the WinRM service is enabled and allows access from this computer.",\r\n    "at":  "2026-12-06T05:00:00Z"\r\n}' >"$to/web3.not-collected.json"

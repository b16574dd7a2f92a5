<#
.SYNOPSIS
    bindfix across a fleet through PowerShell remoting: copies bindfix-cli.exe to each computer, runs
    `bindfix-cli scan --json -o FILE` there and copies one snapshot per computer into a folder named by the
    run - the same folder collect.yml (Ansible) writes. Then: bindfix-cli fleet RUNFOLDER

.DESCRIPTION
    For each computer:
      1. a PSSession (New-PSSession; WinRM, or -UseSSH on PowerShell 7);
      2. the tool copied over that session (Copy-Item -ToSession) into -RemoteDir, and a catalogue of your
         own beside it when -Catalogue is given (bindfix-cli reads bindfix-catalogue.json beside itself);
      3. Invoke-Command runs: bindfix-cli.exe scan --json -o RemoteDir\snapshot.json
         (exit 0 healthy or 1 problems found: both wrote the snapshot; 2 could not run);
      4. the snapshot copied back (Copy-Item -FromSession) to OUT\RUN\COMPUTER.json, byte for byte.
    A computer that cannot be reached, or where any step or bindfix-cli fails, is written as
    OUT\RUN\COMPUTER.not-collected.json - {"schema": "bindfix-not-collected", "version": 1, "host",
    "engine": "powershell", "error": the remoting error, "at"} - and never silently left out.

    Rights: PowerShell remoting to each computer (membership of its local Administrators group, or of
    Remote Management Users with a session configuration that allows it); write access to -RemoteDir on
    it (the default, C:\ProgramData\bindfix\fleet, needs an administrator); the scan itself needs no
    administrator rights. On this computer: write access to -OutDir.

.EXAMPLE
    .\Collect-Bindfix.ps1 -ComputerName (Get-Content servers.txt) -Exe .\bindfix-cli.exe -OutDir D:\bindfix-runs
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string[]] $ComputerName,
    [Parameter(Mandatory = $true)] [string] $Exe,
    [string] $OutDir = (Join-Path $PSScriptRoot 'bindfix-runs'),
    [string] $Run = ((Get-Date).ToUniversalTime().ToString('yyyyMMddTHHmmssZ')),
    [string] $RemoteDir = 'C:\ProgramData\bindfix\fleet',
    [string] $Catalogue,
    [System.Management.Automation.PSCredential] $Credential,
    [switch] $UseSSH
)
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$runDir = Join-Path $OutDir $Run
New-Item -ItemType Directory -Force -Path $runDir | Out-Null
$utf8 = New-Object System.Text.UTF8Encoding $false    # no byte order mark: the reader takes plain UTF-8

function Write-NotCollected([string] $Computer, [string] $Why) {
    $record = [ordered]@{
        schema  = 'bindfix-not-collected'
        version = 1
        host    = $Computer
        engine  = 'powershell'
        error   = $Why
        at      = (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')
    }
    [System.IO.File]::WriteAllText((Join-Path $runDir "$Computer.not-collected.json"),
                                   ($record | ConvertTo-Json), $utf8)
}

foreach ($computer in $ComputerName) {
    $session = $null
    try {
        $sessionArgs = @{ ErrorAction = 'Stop' }
        if ($UseSSH) { $sessionArgs.HostName = $computer } else { $sessionArgs.ComputerName = $computer }
        if ($Credential) { $sessionArgs.Credential = $Credential }
        $session = New-PSSession @sessionArgs

        Invoke-Command -Session $session -ScriptBlock {
            param($dir) New-Item -ItemType Directory -Force -Path $dir | Out-Null
        } -ArgumentList $RemoteDir
        Copy-Item -ToSession $session -Path $Exe -Destination (Join-Path $RemoteDir 'bindfix-cli.exe') -Force
        if ($Catalogue) {
            Copy-Item -ToSession $session -Path $Catalogue -Destination (Join-Path $RemoteDir 'bindfix-catalogue.json') -Force
        }
        $result = Invoke-Command -Session $session -ScriptBlock {
            param($dir)
            $out = & (Join-Path $dir 'bindfix-cli.exe') scan --json -o (Join-Path $dir 'snapshot.json') 2>&1
            [pscustomobject]@{ Code = $LASTEXITCODE; Output = ($out | Out-String) }
        } -ArgumentList $RemoteDir
        if ($result.Code -ne 0 -and $result.Code -ne 1) {
            throw "bindfix-cli scan exited $($result.Code): $($result.Output.Trim())"
        }
        Copy-Item -FromSession $session -Path (Join-Path $RemoteDir 'snapshot.json') `
                  -Destination (Join-Path $runDir "$computer.json") -Force
        Write-Verbose "$computer collected"
    } catch {
        Write-Warning "$computer not collected: $($_.Exception.Message)"
        Write-NotCollected $computer $_.Exception.Message
    } finally {
        if ($session) { Remove-PSSession $session }
    }
}
Write-Output "bindfix: $runDir (bindfix-cli fleet `"$runDir`")"

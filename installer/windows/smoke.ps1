# Smoke test of the Windows bundle: the same checks as installer/smoke.sh, in PowerShell.
#
#   pwsh installer/windows/smoke.ps1 -Bundle dist\cimcheck -Python .venv\Scripts\python.exe
#
# The bundled programs run with a fresh USERPROFILE/LOCALAPPDATA, no PYTHONPATH and no
# virtualenv on PATH, from another working folder; the venv computes the reference JSON.
param(
    [Parameter(Mandatory = $true)][string]$Bundle,
    [Parameter(Mandatory = $true)][string]$Python
)
$ErrorActionPreference = "Stop"
$Bundle = (Resolve-Path $Bundle).Path
$Python = (Resolve-Path $Python).Path
$Work = Join-Path ([IO.Path]::GetTempPath()) ("cimcheck-smoke-" + [guid]::NewGuid())
New-Item -ItemType Directory -Path $Work, "$Work\home", "$Work\run" | Out-Null
Set-Location "$Work\run"
$env:USERPROFILE = "$Work\home"; $env:LOCALAPPDATA = "$Work\home\AppData\Local"
$env:APPDATA = "$Work\home\AppData\Roaming"
Remove-Item Env:PYTHONPATH, Env:VIRTUAL_ENV -ErrorAction SilentlyContinue
$env:PATH = "$env:SystemRoot\system32;$env:SystemRoot"
$env:PYTHONUTF8 = "1"
$Cli = Join-Path $Bundle "cimcheck.exe"
$Gui = Join-Path $Bundle "cimcheck-gui.exe"
$Sample = Join-Path $Bundle "_internal\cimcheck_samples\fc_residential_ifc4.ifc"
$script:passed = 0
function Ok($text) { $script:passed++; Write-Output ("ok {0,2}  {1}" -f $script:passed, $text) }
function Fail($text) { Write-Error "FAIL    $text"; exit 1 }

$want = "cimcheck " + (& $Python -c "from cimcheck.version import __version__; print(__version__)")
$got = (& $Cli --version) -join ""
if ($got -ne $want) { Fail "--version says '$got', the package '$want'" }
Ok "cimcheck --version: $got"

& $Cli check $Sample --xlsx out.xlsx --diagrams diagrams --json out.json --no-cache > check.txt 2> check.err
$code = $LASTEXITCODE
if ($code -gt 1) { Fail "check exited $code: $(Get-Content check.err -Raw)" }
if (-not (Test-Path out.xlsx) -or -not (Test-Path out.json)) { Fail "no workbook or JSON" }
$pngs = (Get-ChildItem diagrams -Filter *.png).Count
if ($pngs -lt 5) { Fail "only $pngs diagram PNGs" }
$venvCli = Join-Path (Split-Path $Python) "cimcheck.exe"
& $venvCli check $Sample --json reference.json --no-cache > $null 2>&1
& $Python -c @"
import json, sys
bundle, venv = (json.load(open(p, encoding='utf-8')) for p in ('out.json', 'reference.json'))
for doc in (bundle, venv):
    doc['model'].pop('file', None)
sys.exit(0 if bundle == venv else 'the JSON differs')
"@
if ($LASTEXITCODE -ne 0) { Fail "the bundle's JSON differs from the venv's" }
Ok "cimcheck check sample --xlsx --diagrams --json: exit $code, $pngs diagrams, JSON = venv"

& $Cli ids $Sample --xlsx ids.xlsx > ids.txt 2>&1
if ($LASTEXITCODE -gt 1 -or -not (Test-Path ids.xlsx)) { Fail "ids exited $LASTEXITCODE" }
Ok "cimcheck ids sample --xlsx: exit $LASTEXITCODE"

Set-Content -Path bad.ifc -Value "this is not an IFC file"
$before = (Get-FileHash bad.ifc).Hash
& $Cli info bad.ifc > bad.txt 2> bad.err
if ($LASTEXITCODE -ne 2) { Fail "a bad file exited $LASTEXITCODE" }
$message = Get-Content bad.err -Raw
if (-not $message -or $message -match "Traceback") { Fail "no clear message: $message" }
if ((Get-FileHash bad.ifc).Hash -ne $before) { Fail "the bad file was changed" }
Ok "bad file: exit 2"

# The desktop app: VTK needs OpenGL 3.2; a runner without a GPU may only offer OpenGL 1.1,
# so a failed screenshot is reported, not fatal, unless CIMCHECK_SMOKE_GUI=required.
$proc = Start-Process -FilePath $Gui -ArgumentList "`"$Sample`"", "--screenshot", "shot.png",
    "--size", "1280x800" -PassThru -Wait -NoNewWindow
if ($proc.ExitCode -eq 0 -and (Test-Path shot.png) -and (Get-Item shot.png).Length -gt 50000) {
    Ok "cimcheck-gui --screenshot: $((Get-Item shot.png).Length) bytes"
} elseif ($env:CIMCHECK_SMOKE_GUI -eq "required") {
    Fail "cimcheck-gui --screenshot failed (exit $($proc.ExitCode))"
} else {
    Write-Output "note    cimcheck-gui --screenshot failed here (exit $($proc.ExitCode)); no OpenGL 3.2?"
}
Write-Output "smoke: all $script:passed checks passed"

#!/usr/bin/env bash
# Smoke test of the bundle (and of the .deb), as a user with no Python would run it.
#
#   installer/smoke.sh dist/cimcheck [dist/cimcheck_VERSION_amd64.deb]
#
# Every bundled program runs with `env -i` (no virtualenv, no PYTHONPATH, a fresh HOME)
# from another working folder. The venv (.venv) only computes the reference answers and
# looks at the outputs. Run by `./dev bundle`, not by every CI run.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUNDLE=$(cd "$1" && pwd)
DEB=${2:-}
PY="$ROOT/.venv/bin/python"
WORK=$(mktemp -d /tmp/cimcheck-smoke.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home" "$WORK/run"
cd "$WORK/run"
SAMPLE="$BUNDLE/_internal/cimcheck_samples/fc_residential_ifc4.ifc"
passed=0

clean() { env -i HOME="$WORK/home" PATH=/usr/bin:/bin LANG=C.UTF-8 "$@"; }
ok() { passed=$((passed + 1)); printf 'ok %2d  %s\n' "$passed" "$*"; }
fail() { printf 'FAIL    %s\n' "$*" >&2; exit 1; }

# 1. version: the one version source
want="cimcheck $("$PY" -c 'from cimcheck.version import __version__; print(__version__)')"
got=$(clean "$BUNDLE/cimcheck" --version)
[ "$got" = "$want" ] || fail "--version says '$got', the package '$want'"
ok "cimcheck --version: $got"

# 2. check the bundled sample: workbook, diagrams, JSON equal to the venv's
set +e
clean "$BUNDLE/cimcheck" check "$SAMPLE" --xlsx out.xlsx --diagrams diagrams --json out.json \
  --no-cache > check.txt 2> check.err
code=$?
set -e
[ "$code" -le 1 ] || fail "check exited $code: $(cat check.err)"
[ -s out.xlsx ] && [ -s out.json ] || fail "check wrote no workbook or JSON"
diagrams=$(find diagrams -name '*.png' | wc -l)
[ "$diagrams" -ge 5 ] || fail "only $diagrams diagram PNGs"
"$ROOT/.venv/bin/cimcheck" check "$SAMPLE" --json reference.json --no-cache >/dev/null 2>&1 || true
"$PY" - out.json reference.json <<'EOF' || fail "the bundle's JSON differs from the venv's"
import json, sys
bundle, venv = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
for doc in (bundle, venv):
    doc["model"].pop("file", None)       # the path printed, not the result
if bundle != venv:
    keys = sorted(k for k in set(bundle) | set(venv) if bundle.get(k) != venv.get(k))
    sys.exit(f"differs in {keys}")
EOF
grep -q "容积率" check.txt || fail "the check printed no Chinese indicator table"
ok "cimcheck check sample --xlsx --diagrams --json: exit $code, $diagrams diagrams, JSON = venv"

# 3. the diagrams' Chinese renders with no system font (the font ships in the bundle)
"$PY" - diagrams <<'EOF' || fail "a diagram has no dark text pixels"
import sys
from pathlib import Path
from PIL import Image
png = sorted(Path(sys.argv[1]).glob("*.png"))[1]
image = Image.open(png).convert("L")
dark = sum(image.histogram()[:60])
assert dark > 2000, (png, dark)
EOF
ok "diagrams drawn with text"

# 4. IDS pre-flight (ifctester and its XSD in the bundle)
set +e
clean "$BUNDLE/cimcheck" ids "$SAMPLE" --xlsx ids.xlsx > ids.txt 2>&1
code=$?
set -e
[ "$code" -le 1 ] && [ -s ids.xlsx ] || fail "ids exited $code: $(cat ids.txt)"
ok "cimcheck ids sample --xlsx: exit $code"

# 5. a bad file: exit 2, one clear line, no traceback, the input unchanged
printf 'this is not an IFC file\n' > bad.ifc
before=$(sha256sum bad.ifc)
set +e
clean "$BUNDLE/cimcheck" info bad.ifc > bad.txt 2> bad.err
code=$?
set -e
[ "$code" -eq 2 ] || fail "a bad file exited $code"
grep -q "Traceback" bad.err && fail "a bad file printed a traceback"
[ -s bad.err ] || fail "a bad file printed no message"
[ "$(sha256sum bad.ifc)" = "$before" ] || fail "the bad file was changed"
ok "bad file: exit 2, '$(head -c 100 bad.err | tr '\n' ' ')…'"

# 6. the desktop app: a screenshot under Xvfb, in colour
clean xvfb-run -a -s "-screen 0 1640x1040x24" "$BUNDLE/cimcheck-gui" "$SAMPLE" \
  --screenshot shot.png --size 1280x800 > gui.txt 2>&1 || fail "cimcheck-gui: $(tail -5 gui.txt)"
"$PY" - shot.png <<'EOF' || fail "the screenshot is not a coloured window"
import sys
from PIL import Image
image = Image.open(sys.argv[1]).convert("RGB")
assert image.size == (1280, 800), image.size
colours = image.getcolors(maxcolors=1 << 20)
saturated = sum(n for n, (r, g, b) in colours if max(r, g, b) - min(r, g, b) > 60)
assert len(colours) > 200 and saturated > 5000, (len(colours), saturated)
EOF
ok "cimcheck-gui --screenshot under Xvfb: a coloured 1280×800 window"

# 7. the .deb: unpacked into a throw-away root, the programs run from /opt/cimcheck
if [ -n "$DEB" ]; then
  dpkg-deb --info "$DEB" > /dev/null || fail "dpkg-deb cannot read $DEB"
  dpkg-deb -x "$DEB" root
  for path in opt/cimcheck/cimcheck opt/cimcheck/cimcheck-gui usr/bin/cimcheck \
              usr/bin/cimcheck-gui usr/share/applications/cimcheck.desktop \
              usr/share/mime/packages/cimcheck.xml \
              usr/share/icons/hicolor/256x256/apps/cimcheck.png; do
    [ -e "root/$path" ] || [ -L "root/$path" ] || fail "the .deb lacks /$path"
  done
  [ "$(readlink root/usr/bin/cimcheck)" = "/opt/cimcheck/cimcheck" ] || fail "bad /usr/bin link"
  grep -q '^GenericName\[zh_CN\]=未来社区模型审查' root/usr/share/applications/cimcheck.desktop \
    || fail "no Chinese name in the .desktop entry"
  if command -v desktop-file-validate > /dev/null; then
    desktop-file-validate root/usr/share/applications/cimcheck.desktop || fail ".desktop invalid"
  fi
  got=$(clean root/opt/cimcheck/cimcheck --version)
  [ "$got" = "$want" ] || fail "the unpacked .deb says '$got'"
  set +e
  clean root/opt/cimcheck/cimcheck check "$SAMPLE" --json deb.json > /dev/null 2>&1
  code=$?
  set -e
  [ "$code" -le 1 ] || fail "the unpacked .deb's check exited $code"
  ok ".deb $(basename "$DEB"): $(du -h "$DEB" | cut -f1), unpacked programs run"
fi

echo "smoke: all $passed checks passed (bundle $(du -sh "$BUNDLE" | cut -f1))"

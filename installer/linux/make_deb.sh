#!/usr/bin/env bash
# Build a .deb from the one-folder bundle.
#
#   installer/linux/make_deb.sh dist/cimcheck dist
#
# Installs into /opt/cimcheck; cimcheck and cimcheck-gui on PATH (/usr/bin links); a .desktop
# entry in Chinese and English; the icon; the MIME types of .ifc/.ifczip, so a file manager
# offers 用 cimcheck 打开. The bundle carries its own Python, Qt and VTK; the system gives
# the C library, OpenGL, X11/xcb and fontconfig.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUNDLE=$(cd "$1" && pwd)
OUT=$(mkdir -p "$2" && cd "$2" && pwd)
VERSION=$("$ROOT/.venv/bin/python" -c 'from cimcheck.version import __version__; print(__version__)')
ARCH=$(dpkg --print-architecture)
STAGE=$(mktemp -d /tmp/cimcheck-deb.XXXXXX)
trap 'rm -rf "$STAGE"' EXIT

install -d "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/mime/packages" "$STAGE/usr/share/icons/hicolor/256x256/apps" \
  "$STAGE/usr/share/doc/cimcheck"
cp -a "$BUNDLE" "$STAGE/opt/cimcheck"
ln -s /opt/cimcheck/cimcheck "$STAGE/usr/bin/cimcheck"
ln -s /opt/cimcheck/cimcheck-gui "$STAGE/usr/bin/cimcheck-gui"
install -m 644 "$HERE/cimcheck.desktop" "$STAGE/usr/share/applications/cimcheck.desktop"
install -m 644 "$HERE/cimcheck-mime.xml" "$STAGE/usr/share/mime/packages/cimcheck.xml"
install -m 644 "$ROOT/installer/cimcheck.png" \
  "$STAGE/usr/share/icons/hicolor/256x256/apps/cimcheck.png"
install -m 644 "$ROOT/CHANGELOG.md" "$STAGE/usr/share/doc/cimcheck/CHANGELOG.md"
SIZE_KB=$(du -sk "$STAGE" | cut -f1)
cat > "$STAGE/DEBIAN/control" <<CONTROL
Package: cimcheck
Version: $VERSION
Architecture: $ARCH
Maintainer: cimcheck team <cimcheck@example.org>
Installed-Size: $SIZE_KB
Depends: libc6 (>= 2.28), libgl1, libegl1, libfontconfig1, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-render-util0, libxcb-shape0, libxcb-xkb1, libdbus-1-3
Section: science
Priority: optional
Homepage: https://example.org/cimcheck
Description: future-community BIM/CIM model checker (未来社区模型审查)
 Opens IFC building models, measures building area per storey from the
 geometry (GB/T 50353-2013), derives the plot-ratio area under the Zhejiang
 future-community rules, and writes compliance workbooks, area diagrams and
 BCF issues. Command line (cimcheck) and desktop application (cimcheck-gui).
CONTROL
cat > "$STAGE/DEBIAN/postinst" <<'SCRIPT'
#!/bin/sh
set -e
if command -v update-mime-database >/dev/null 2>&1; then update-mime-database /usr/share/mime || true; fi
if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q /usr/share/applications || true; fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q /usr/share/icons/hicolor || true; fi
SCRIPT
cp "$STAGE/DEBIAN/postinst" "$STAGE/DEBIAN/postrm"
chmod 755 "$STAGE/DEBIAN/postinst" "$STAGE/DEBIAN/postrm"
TARGET="$OUT/cimcheck_${VERSION}_${ARCH}.deb"
# gzip: xz would take minutes on a 1 GB payload and save little on compiled libraries.
dpkg-deb --root-owner-group -Zgzip -z6 --build "$STAGE" "$TARGET" >/dev/null
echo "$TARGET"

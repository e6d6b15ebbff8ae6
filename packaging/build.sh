#!/usr/bin/env bash
# Build UniAPI Studio for Linux: the one-folder PyInstaller bundle, its frozen self-test, a .deb made
# with dpkg-deb and a .tar.gz of the bundle; prints their sizes and how long each step took.
#
#   . .venv/bin/activate && pip install -e ".[packaging]" && packaging/build.sh
#
# Run it inside the environment the app is installed in (PyInstaller freezes what that Python imports);
# PyInstaller is installed there if it is missing. Output: dist/ (set STUDIO_DIST to change it).
# Options: --skip-deb (bundle and tarball only), --install-test (then install the .deb with apt-get,
# run the installed `uniapi-studio --selftest` and remove the package again: needs root).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python}
DIST=${STUDIO_DIST:-$ROOT/dist}
WORK=${STUDIO_WORK:-$ROOT/build/pyinstaller}
BUNDLE=$DIST/uniapi-studio
MAKE_DEB=1
INSTALL_TEST=0
for option in "$@"; do
  case $option in
    --skip-deb) MAKE_DEB=0 ;;
    --install-test) INSTALL_TEST=1 ;;
    *) echo "build.sh: unknown option $option (known: --skip-deb, --install-test)" >&2; exit 2 ;;
  esac
done

say() { printf '\n== %s\n' "$*"; }
timed() { # timed NAME COMMAND...: run, then note the seconds it took
  local name=$1 start=$SECONDS
  shift
  if ! "$@"; then
    echo "build.sh: the step \"$name\" failed (see above); nothing after it was built." >&2
    exit 1
  fi
  TIMES+=("$name: $((SECONDS - start)) s")
}
TIMES=()

if ! "$PYTHON" -c "import studio" 2>/dev/null; then
  echo "build.sh: the studio is not installed in $("$PYTHON" -c 'import sys; print(sys.prefix)' 2>/dev/null || echo "$PYTHON"); run: pip install -e '.[packaging]'" >&2
  exit 1
fi
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
  say "installing PyInstaller (the packaging extra)"
  "$PYTHON" -m pip install -q "pyinstaller>=6.10,<7"
fi
VERSION=$("$PYTHON" -c "import studio; print(studio.__version__)")

say "bundle: PyInstaller, packaging/uniapi-studio.spec -> $BUNDLE"
timed bundle "$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" packaging/uniapi-studio.spec

say "self-test of the frozen bundle"
selftest_log=$WORK/selftest.txt
frozen_selftest() { env -u DISPLAY -u WAYLAND_DISPLAY "$BUNDLE/uniapi-studio" --selftest | tee "$selftest_log"; }
timed "frozen self-test" frozen_selftest
expected=$("$PYTHON" -c "from studio.selftest import studio_module_names; print(len(studio_module_names()))")
frozen=$(sed -n 's/^ok    imports: \([0-9]*\) studio modules.*/\1/p' "$selftest_log")
if [ "$frozen" != "$expected" ]; then
  echo "build.sh: the bundle holds ${frozen:-no} studio modules, the source has $expected; a module is missing from the spec's hidden imports." >&2
  exit 1
fi

ARCH=$(dpkg --print-architecture 2>/dev/null || uname -m)
TARBALL=$DIST/uniapi-studio-$VERSION-linux-$(uname -m).tar.gz
say "tarball: $TARBALL"
timed tarball tar -C "$DIST" -czf "$TARBALL" uniapi-studio

DEB=""
if [ "$MAKE_DEB" = 1 ]; then
  DEB=$DIST/uniapi-studio_${VERSION}_${ARCH}.deb
  say "deb: $DEB"
  make_deb() {
    local stage=$WORK/deb-root
    rm -rf "$stage"
    mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
      "$stage/usr/share/metainfo" "$stage/usr/share/icons/hicolor/scalable/apps" "$stage/usr/share/doc/uniapi-studio"
    cp -a "$BUNDLE" "$stage/opt/uniapi-studio"
    install -m 0755 packaging/linux/uniapi-studio.sh "$stage/usr/bin/uniapi-studio"
    install -m 0644 packaging/linux/io.uniapi.Studio.desktop "$stage/usr/share/applications/"
    sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$(date -u +%Y-%m-%d)/" packaging/linux/io.uniapi.Studio.metainfo.xml \
      > "$stage/usr/share/metainfo/io.uniapi.Studio.metainfo.xml"
    cp -a resources/icons/hicolor/. "$stage/usr/share/icons/hicolor/"
    install -m 0644 resources/icons/uniapi-studio.svg "$stage/usr/share/icons/hicolor/scalable/apps/"
    printf 'UniAPI Studio %s, MIT licence.\nThe bundle in /opt/uniapi-studio holds Python, Qt (LGPL) and FFmpeg (LGPL) libraries under their own licences.\n' \
      "$VERSION" > "$stage/usr/share/doc/uniapi-studio/copyright"
    # The oldest glibc the bundle's own binaries accept, so Depends does not promise more than is true.
    local glibc
    glibc=$(find "$stage/opt/uniapi-studio" -type f \( -name '*.so*' -o -name uniapi-studio \) -exec grep -aoh 'GLIBC_2\.[0-9]*' {} + \
      | sort -t. -k2 -n -u | tail -1 | sed 's/GLIBC_//')
    local depends
    depends=$(grep -v '^#' packaging/linux/depends.txt | sed '/^$/d' | sed "s/^libc6 .*/libc6 (>= ${glibc:-2.34})/" | paste -sd, - | sed 's/,/, /g')
    sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@DEPENDS@/$depends/" \
      -e "s/@INSTALLED_SIZE@/$(du -sk --exclude=DEBIAN "$stage" | cut -f1)/" packaging/linux/control.in > "$stage/DEBIAN/control"
    if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$stage/usr/share/applications/io.uniapi.Studio.desktop"; fi
    if command -v appstreamcli >/dev/null; then appstreamcli validate --no-net "$stage/usr/share/metainfo/io.uniapi.Studio.metainfo.xml" || true; fi
    dpkg-deb --root-owner-group -Zxz --build "$stage" "$DEB" >/dev/null
  }
  timed deb make_deb
fi

if [ "$INSTALL_TEST" = 1 ] && [ -n "$DEB" ]; then
  say "installed self-test: apt-get install $DEB, uniapi-studio --selftest, apt-get remove"
  timed "installed self-test" packaging/check_deb.sh "$DEB"
fi

say "sizes"
printf '%-10s %8s  %s\n' bundle "$(du -sh "$BUNDLE" | cut -f1)" "$BUNDLE"
printf '%-10s %8s  %s\n' tarball "$(du -h "$TARBALL" | cut -f1)" "$TARBALL"
if [ -n "$DEB" ]; then printf '%-10s %8s  %s\n' deb "$(du -h "$DEB" | cut -f1)" "$DEB"; fi
say "times"
printf '%s\n' "${TIMES[@]}"

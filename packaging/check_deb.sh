#!/usr/bin/env bash
# Install a built .deb with apt-get (which also installs its Depends), run the installed
# `uniapi-studio --selftest`, then remove the package again, whatever the self-test said.
#
#   sudo packaging/check_deb.sh dist/uniapi-studio_0.1.0_amd64.deb
set -euo pipefail
deb=${1:?usage: check_deb.sh PATH/TO/uniapi-studio_VERSION_ARCH.deb}
deb=$(realpath "$deb")
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "check_deb.sh: installing a package needs root; run it as root or install sudo." >&2
    exit 1
  fi
  SUDO=sudo
fi
if dpkg -s uniapi-studio >/dev/null 2>&1; then
  echo "check_deb.sh: uniapi-studio is already installed here; remove it first (this check removes what it installs)." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -qq "$deb" >/dev/null
status=0
for path in /usr/bin/uniapi-studio /usr/share/applications/io.uniapi.Studio.desktop \
  /usr/share/metainfo/io.uniapi.Studio.metainfo.xml /usr/share/icons/hicolor/512x512/apps/uniapi-studio.png \
  /usr/share/icons/hicolor/scalable/apps/uniapi-studio.svg; do
  if [ ! -e "$path" ]; then
    echo "check_deb.sh: the package did not install $path." >&2
    status=1
  fi
done
# As a user would start it: by name, from PATH, without a display.
(cd / && env -u DISPLAY -u WAYLAND_DISPLAY uniapi-studio --selftest) || status=1
$SUDO apt-get remove -y -qq --purge uniapi-studio >/dev/null
if [ -e /opt/uniapi-studio ] || [ -e /usr/bin/uniapi-studio ]; then
  echo "check_deb.sh: removing the package left /opt/uniapi-studio or /usr/bin/uniapi-studio behind." >&2
  status=1
fi
exit $status

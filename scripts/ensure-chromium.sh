#!/bin/sh
# Installs Debian's chromium, which scripts/screenshots.js drives headless over the
# DevTools protocol. Idempotent: exits at once when /usr/bin/chromium already exists.
set -eu

CHROMIUM="/usr/bin/chromium"

if [ -x "$CHROMIUM" ]; then
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n env DEBIAN_FRONTEND=noninteractive"; else
		echo "ensure-chromium: not root and no sudo; install Debian's chromium with apt-get" >&2
		exit 1
	fi
fi

export DEBIAN_FRONTEND=noninteractive
# Serialise concurrent runs on a lock file; apt waits for its own lock too.
LOCK="/tmp/ensure-chromium.lock"
(
	if command -v flock >/dev/null 2>&1; then flock -w 900 9; fi
	if [ -x "$CHROMIUM" ]; then exit 0; fi
	APT="apt-get -o DPkg::Lock::Timeout=600"
	# Try the cached package lists first (fast); refresh them only when that fails.
	# Fonts come with chromium's recommends otherwise; fonts-liberation and
	# fonts-dejavu-core give the editor's sans-serif text real glyphs.
	PKGS="chromium fonts-liberation fonts-dejavu-core"
	if ! $SUDO $APT install -y -qq --no-install-recommends $PKGS >/dev/null 2>&1; then
		$SUDO $APT update -qq
		$SUDO $APT install -y -qq --no-install-recommends $PKGS
	fi
) 9>"$LOCK"

[ -x "$CHROMIUM" ] || { echo "ensure-chromium: $CHROMIUM still missing after install" >&2; exit 1; }

#!/bin/sh
# Installs Debian's redis-server and postgresql (15 on Debian 12), which the queue-mode
# scale suite (scale/, dev/lib/services.js) starts as its own throw-away instances on
# 127.0.0.1. Idempotent: exits at once when both binaries are already there.
#
# The Debian system services are NOT how the suite reaches them: package installs are
# not allowed to start services (a temporary policy-rc.d answering 101, Debian's own
# mechanism), and services this script installed are disabled afterwards, so nothing
# listens on 6379/5432 because of it.
set -eu

have_redis() { [ -x /usr/bin/redis-server ]; }
have_postgres() { ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }

if have_redis && have_postgres; then
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n env DEBIAN_FRONTEND=noninteractive"; else
		echo "ensure-queue-services: not root and no sudo; install Debian's redis-server and postgresql with apt-get" >&2
		exit 1
	fi
fi

export DEBIAN_FRONTEND=noninteractive
# Serialise concurrent runs on a lock file; apt waits for its own lock too.
LOCK="/tmp/ensure-queue-services.lock"
(
	if command -v flock >/dev/null 2>&1; then flock -w 900 9; fi
	PKGS=""
	NEW_SERVICES=""
	if ! have_redis; then PKGS="$PKGS redis-server"; NEW_SERVICES="$NEW_SERVICES redis-server"; fi
	if ! have_postgres; then PKGS="$PKGS postgresql"; NEW_SERVICES="$NEW_SERVICES postgresql"; fi
	[ -n "$PKGS" ] || exit 0

	# No service may start during this install (invoke-rc.d asks policy-rc.d; 101 = "not allowed").
	# An existing policy-rc.d (Docker images ship one) is left alone.
	POLICY=/usr/sbin/policy-rc.d
	OWN_POLICY=""
	if [ ! -e "$POLICY" ]; then
		$SUDO sh -c "printf '#!/bin/sh\nexit 101\n' > $POLICY && chmod 755 $POLICY"
		OWN_POLICY=1
	fi
	cleanup() { if [ -n "$OWN_POLICY" ]; then $SUDO rm -f "$POLICY"; fi; }
	trap cleanup EXIT INT TERM

	APT="apt-get -o DPkg::Lock::Timeout=600"
	# Try the cached package lists first (fast); refresh them only when that fails.
	# shellcheck disable=SC2086
	if ! $SUDO $APT install -y -qq --no-install-recommends $PKGS >/dev/null 2>&1; then
		$SUDO $APT update -qq
		$SUDO $APT install -y -qq --no-install-recommends $PKGS
	fi

	# Not started, and not started at boot either: the suite runs its own instances.
	for svc in $NEW_SERVICES; do
		if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
			$SUDO systemctl disable --now "$svc" >/dev/null 2>&1 || true
		else
			$SUDO service "$svc" stop >/dev/null 2>&1 || true
			$SUDO update-rc.d "$svc" disable >/dev/null 2>&1 || true
		fi
	done
) 9>"$LOCK"

have_redis || { echo "ensure-queue-services: /usr/bin/redis-server still missing after install" >&2; exit 1; }
have_postgres || { echo "ensure-queue-services: no /usr/lib/postgresql/*/bin/postgres after install" >&2; exit 1; }

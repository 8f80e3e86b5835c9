#!/bin/sh
# Installs what the ActionCable test server (test/servers/actioncable) needs:
# Debian's ruby-actioncable (Rails ActionCable 6.1, same wire protocol as Chatwoot's 7.1)
# and puma. Idempotent: exits at once when both are already usable.
set -eu

ready() {
	command -v puma >/dev/null 2>&1 && ruby -e 'require "action_cable"; require "puma"' >/dev/null 2>&1
}

if ready; then
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n env DEBIAN_FRONTEND=noninteractive"; else
		echo "ensure-ruby-actioncable: not root and no sudo; install ruby-actioncable and puma with apt-get" >&2
		exit 1
	fi
fi

export DEBIAN_FRONTEND=noninteractive
# Serialise concurrent runs (two jest workers, or CI steps) on a lock file; apt waits for its own lock too.
LOCK="/tmp/ensure-ruby-actioncable.lock"
(
	if command -v flock >/dev/null 2>&1; then flock -w 600 9; fi
	if ready; then exit 0; fi
	APT="apt-get -o DPkg::Lock::Timeout=600"
	if ! $SUDO $APT install -y -qq --no-install-recommends ruby-actioncable puma >/dev/null 2>&1; then
		$SUDO $APT update -qq
		$SUDO $APT install -y -qq --no-install-recommends ruby-actioncable puma
	fi
) 9>"$LOCK"

ready || { echo "ensure-ruby-actioncable: ruby-actioncable/puma still not usable after install" >&2; exit 1; }

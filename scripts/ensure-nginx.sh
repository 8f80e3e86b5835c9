#!/bin/sh
# Installs Debian's nginx, which the reverse-proxy test (test/Chatwoot/transport/nginx.test.ts)
# starts as its own throw-away instance on a free 127.0.0.1 port with a temporary config.
# Idempotent: exits at once when /usr/sbin/nginx is there.
#
# The Debian system service is NOT what the test uses: the install may not start it (a
# temporary policy-rc.d answering 101, Debian's own mechanism), and it is disabled
# afterwards, so nothing listens on port 80 because of this script.
set -eu

have_nginx() { [ -x /usr/sbin/nginx ]; }

if have_nginx; then
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n env DEBIAN_FRONTEND=noninteractive"; else
		echo "ensure-nginx: not root and no sudo; install Debian's nginx with apt-get" >&2
		exit 1
	fi
fi

export DEBIAN_FRONTEND=noninteractive
# Serialise concurrent runs (two jest workers, CI steps) on a lock file; apt waits for its own lock too.
LOCK="/tmp/ensure-nginx.lock"
(
	if command -v flock >/dev/null 2>&1; then flock -w 900 9; fi
	if have_nginx; then exit 0; fi

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
	if ! $SUDO $APT install -y -qq --no-install-recommends nginx >/dev/null 2>&1; then
		$SUDO $APT update -qq
		$SUDO $APT install -y -qq --no-install-recommends nginx
	fi

	# Not started, and not started at boot either: the test runs its own instance.
	if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
		$SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
	else
		$SUDO service nginx stop >/dev/null 2>&1 || true
		$SUDO update-rc.d nginx disable >/dev/null 2>&1 || true
	fi
) 9>"$LOCK"

have_nginx || { echo "ensure-nginx: /usr/sbin/nginx still missing after install" >&2; exit 1; }

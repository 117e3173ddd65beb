#!/bin/sh
# check-unit.sh UNIT ROUNDTABLED: run systemd-analyze verify on the unit,
# with its Exec lines pointed at the built server (verify checks that the
# programs exist), and require a good exposure rating from
# systemd-analyze security. Without systemd-analyze it fails: the systemd
# package provides it, and scripts/deps.sh installs it.
set -eu
unit=$1
server=$2

if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "FAIL: systemd-analyze not found: install the systemd package" \
	    "(scripts/deps.sh does)"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s#/usr/sbin/roundtabled#$server#g" "$unit" > "$tmp/roundtabled.service"

for key in Type=notify "ExecStartPre=$server -t" "ExecReload=/bin/kill -HUP" \
    Restart=on-failure RestartPreventExitStatus=78 StateDirectory=roundtable \
    ConfigurationDirectory=roundtable DynamicUser=yes NoNewPrivileges=yes \
    ProtectSystem=strict ProtectHome=yes PrivateTmp=yes PrivateDevices=yes \
    ProtectKernelTunables=yes ProtectKernelModules=yes \
    ProtectKernelLogs=yes RestrictAddressFamilies= \
    SystemCallFilter=@system-service MemoryDenyWriteExecute=yes \
    LockPersonality=yes "CapabilityBoundingSet=" \
    "LoadCredential=tls.key:" LimitNOFILE=; do
	if ! grep -q "^$key" "$tmp/roundtabled.service"; then
		echo "FAIL: the unit lacks $key"
		exit 1
	fi
done

if ! systemd-analyze verify --man=no "$tmp/roundtabled.service" \
    > "$tmp/verify.log" 2>&1 || [ -s "$tmp/verify.log" ]; then
	cat "$tmp/verify.log"
	echo "FAIL: systemd-analyze verify"
	exit 1
fi
echo "PASS systemd-analyze verify"

if ! systemd-analyze security --offline=yes "$tmp/roundtabled.service" \
    > "$tmp/security.log" 2>&1; then
	cat "$tmp/security.log"
	echo "FAIL: systemd-analyze security"
	exit 1
fi
level=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' \
    "$tmp/security.log")
echo "exposure level $level"
if [ -z "$level" ] || ! awk -v l="$level" 'BEGIN { exit !(l <= 2.0) }'; then
	cat "$tmp/security.log"
	echo "FAIL: exposure level above 2.0"
	exit 1
fi
echo "PASS systemd-analyze security"
echo "1 passed, 0 failed"

#!/bin/sh
# Install the Debian packages that building and testing Roundtable need,
# where they are missing. Used by `make run`, `make test` and CI.
# Uses sudo when not root. Safe to run again: it installs nothing when
# everything is present.
#
# Beyond the compilers and libraries, the tests run: python3 (standard
# library only: ssl, sqlite3, http.client ...), openssl (test
# certificates), tmux (the full-screen client's tests), mandoc (man page
# lint), sqlite3, dpkg-deb and dpkg-shlibdeps (dpkg, dpkg-dev: the .deb
# check) and systemd-analyze (systemd: the unit check). The ops tests fail,
# rather than skip, when one of these is missing.
set -eu

PKGS="
build-essential
dpkg-dev
cmake
pkg-config
clang
libclang-rt-14-dev
libevent-dev
libssl-dev
libsqlite3-dev
libmsgpack-dev
libsodium-dev
libinih-dev
libjansson-dev
libncurses-dev
libutf8proc-dev
libsystemd-dev
libcmocka-dev
python3
mandoc
tmux
openssl
sqlite3
systemd
valgrind
"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

[ -z "$missing" ] && exit 0

echo "deps: installing:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
else
	SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null

#!/bin/sh
# check-deb.sh CPACK BUILD_DIR SOURCE_DIR VERSION client|noclient: build
# the .deb with CPack into a temporary directory, then check with dpkg -c
# and dpkg-deb -f that every file we install is in it, where it belongs,
# with the right mode and owner; that anything else in it is in a
# standard place too; and its control fields. Without dpkg-deb it fails
# (this is a Debian package; scripts/deps.sh installs what it needs).
set -eu
cpack=$1
build=$2
src=$3
version=$4
client=$5

if ! command -v dpkg-deb >/dev/null 2>&1; then
	echo "FAIL: dpkg-deb not found: this test needs a Debian system"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/out" \
    > "$tmp/cpack.log" 2>&1; then
	cat "$tmp/cpack.log"
	echo "FAIL: cpack"
	exit 1
fi
deb=$(ls "$tmp"/out/*.deb)
echo "built $(basename "$deb")"
dpkg -c "$deb" > "$tmp/contents"
fails=0
passes=0

# The files the package must hold, with their modes.
{
	echo "-rwxr-xr-x ./usr/sbin/roundtabled"
	echo "-rw-r--r-- ./usr/share/man/man8/roundtabled.8"
	echo "-rw-r--r-- ./usr/share/man/man5/roundtabled.conf.5"
	echo "-rw-r--r-- ./usr/share/doc/roundtable/examples/roundtabled.conf.example"
	echo "-rw-r--r-- ./usr/share/doc/roundtable/OPERATIONS.md"
	echo "-rw-r--r-- ./usr/lib/systemd/system/roundtabled.service"
	if [ "$client" = client ]; then
		echo "-rwxr-xr-x ./usr/bin/roundtable"
	fi
	if [ -f "$src/client/roundtable.1" ]; then
		echo "-rw-r--r-- ./usr/share/man/man1/roundtable.1"
	fi
	for f in "$src"/conf/protocols/*.conf; do
		[ -f "$f" ] || continue
		echo "-rw-r--r-- ./usr/share/roundtable/protocols/$(basename "$f")"
	done
} | sort -k 2 > "$tmp/want"

# What is in it: regular files as "mode path".
awk '$1 !~ /^d/ { print $1, $6 }' "$tmp/contents" | sort -k 2 > "$tmp/have"

while read -r mode path; do
	got=$(awk -v p="$path" '$2 == p { print $1 }' "$tmp/have")
	if [ -z "$got" ]; then
		echo "FAIL: missing $path"
		fails=$((fails + 1))
	elif [ "$got" != "$mode" ]; then
		echo "FAIL: $path is $got, not $mode"
		fails=$((fails + 1))
	else
		passes=$((passes + 1))
	fi
done < "$tmp/want"
# Anything else must still be in a standard place, fit for it: programs
# executable in bin and sbin, man pages in the directory of their section.
while read -r mode path; do
	if awk -v p="$path" '$2 == p { found = 1 } END { exit !found }' \
	    "$tmp/want"; then
		continue
	fi
	case "$path" in
	./usr/bin/*|./usr/sbin/*)
		[ "$mode" = -rwxr-xr-x ] && ok=1 || ok=0 ;;
	./usr/share/man/man[1-8]/*)
		sect=${path#./usr/share/man/man}
		sect=${sect%%/*}
		case "$path" in
		*."$sect"|*."$sect".gz) ok=1 ;;
		*) ok=0 ;;
		esac ;;
	./usr/share/doc/roundtable/*|./usr/share/roundtable/*|\
	./usr/lib/systemd/system/*)
		[ "$mode" = -rw-r--r-- ] && ok=1 || ok=0 ;;
	*)	ok=0 ;;
	esac
	if [ "$ok" -eq 1 ]; then
		echo "also: $path"
	else
		echo "FAIL: $path ($mode) is not where it belongs"
		fails=$((fails + 1))
	fi
done < "$tmp/have"

# Owned by root, as dpkg installs them.
if awk '$1 !~ /^d/ && $2 != "root/root" { bad = 1; print "FAIL: owner", $2, $6 } END { exit bad }' \
    "$tmp/contents"; then
	passes=$((passes + 1))
else
	fails=$((fails + 1))
fi

# Control fields.
check_field() {
	got=$(dpkg-deb -f "$deb" "$1")
	case "$got" in
	$2)	passes=$((passes + 1)) ;;
	*)	echo "FAIL: $1 is '$got', wanted $2"; fails=$((fails + 1)) ;;
	esac
}
check_field Package roundtable
check_field Version "$version"
check_field Section net
check_field Maintainer "?*"
for lib in libevent-2.1 libevent-openssl libssl3 libsqlite3 libsodium \
    libsystemd0 libinih libmsgpackc libc6; do
	check_field Depends "*$lib*"
done

# The unit names the installed server, and the maintainer scripts run.
dpkg-deb -x "$deb" "$tmp/root"
dpkg-deb -e "$deb" "$tmp/control"
unit="$tmp/root/usr/lib/systemd/system/roundtabled.service"
for line in "ExecStart=/usr/sbin/roundtabled" \
    "ExecStartPre=/usr/sbin/roundtabled -t"; do
	if grep -qx "$line" "$unit"; then
		passes=$((passes + 1))
	else
		echo "FAIL: the unit lacks '$line'"
		fails=$((fails + 1))
	fi
done
for script in postinst postrm; do
	if [ -x "$tmp/control/$script" ] && sh -n "$tmp/control/$script"; then
		passes=$((passes + 1))
	else
		echo "FAIL: $script missing, not executable or not sh"
		fails=$((fails + 1))
	fi
done
"$tmp/root/usr/sbin/roundtabled" -V

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]

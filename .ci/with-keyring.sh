#!/bin/sh
# with-keyring.sh: run a command against a fresh, unlocked gnome-keyring
# Secret Service, then stop it and remove its files.
#
# It needs a session bus, so start it inside one:
#   dbus-run-session -- .ci/with-keyring.sh env ROUTEPLAY_REAL_KEYRING=1 go test -race ./keys/
# Packages (Debian): gnome-keyring (plus libsecret-tools for inspecting by hand).
# Do not install dbus-x11: without a bus it makes go-keyring spawn stray daemons.
set -eu

if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
	echo "with-keyring.sh: no session bus; run it as: dbus-run-session -- $0 COMMAND..." >&2
	exit 2
fi
[ "$#" -gt 0 ] || { echo "usage: dbus-run-session -- $0 COMMAND..." >&2; exit 2; }

# Keyring files go to a throwaway dir so a real ~/.local/share/keyrings is
# never touched and runs cannot see each other.
store=$(mktemp -d)
daemon_pid=""
cleanup() {
	[ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null || true
	rm -rf "$store"
}
trap cleanup EXIT
trap 'exit 143' HUP INT TERM # a CI timeout still runs the EXIT cleanup

# --unlock reads the login password from stdin and creates an unlocked
# "login" collection. The password must not be empty, or no collection is
# created and every call fails with "failed to unlock".
printf '%s' "${KEYRING_PASS:-routeplay-ci}" |
	XDG_DATA_HOME="$store" gnome-keyring-daemon --unlock --components=secrets >/dev/null

ask_bus() {
	dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
		"org.freedesktop.DBus.$1" string:org.freedesktop.secrets
}

# The daemon claims its bus name after --unlock returns. A client calling in
# that gap makes the bus activate a second, locked daemon, so wait (5 s max).
tries=0
until ask_bus NameHasOwner 2>/dev/null | grep -q true; do
	tries=$((tries + 1))
	if [ "$tries" -ge 50 ]; then
		echo "with-keyring.sh: gnome-keyring-daemon did not claim org.freedesktop.secrets" >&2
		exit 1
	fi
	sleep 0.1
done
daemon_pid=$(ask_bus GetConnectionUnixProcessID | awk '/uint32/ {print $2}')

"$@"

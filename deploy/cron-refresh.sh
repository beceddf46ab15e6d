#!/bin/sh
# Run `cacfilings refresh` from cron: everything goes to the log; cron mails (prints) only when a
# run needs a human, i.e. any exit status other than 0 (changes found) and 3 (no new batches).
# Usage: cron-refresh.sh [refresh options...]   e.g. cron-refresh.sh --recheck
set -u
cd "$(dirname "$0")/.." || exit 2
log="${CACFILINGS_LOG:-$HOME/cacfilings-refresh.log}"
out="$(mktemp)"
.venv/bin/cacfilings refresh --quiet "$@" >"$out" 2>&1
code=$?
{ echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) refresh $* -> exit $code"; cat "$out"; } >>"$log"
case "$code" in
    0 | 3) ;;
    *) echo "cacfilings refresh exited $code (1 partial, 2 usage, 4 blocked/unreachable, 5 locked):"; cat "$out" ;;
esac
rm -f "$out"
exit "$code"

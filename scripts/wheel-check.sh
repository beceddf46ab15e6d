#!/usr/bin/env bash
# Install check: build a wheel from the checkout, install it in a fresh venv, and from another
# directory serve the replica, crawl it into ./data, search, parse a stored attachment, rebuild,
# and serve the UI.
set -euo pipefail
checkout="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
port="${WHEEL_CHECK_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
replica_pid=""
cleanup() {
    local status=$?  # the check's own outcome; stopping the replica must not change it
    if [ -n "$replica_pid" ]; then
        kill "$replica_pid" 2>/dev/null || true
        wait "$replica_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT

step() { echo "wheel-check: $*" >&2; }
fail() { echo "wheel-check: FAILED: $*" >&2; exit 1; }

build_wheel() {
    step "building the wheel"
    mkdir "$work/src"
    (cd "$checkout" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$work/src")
    python3 -m pip wheel --no-deps -q -w "$work/dist" "$work/src"
}

install_wheel() {
    step "installing it in a fresh venv"
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install -q "$work"/dist/cacfilings-*.whl
}

serve_replica() {
    "$work/venv/bin/cacfilings" --data-dir "$work/replica-data" replica --port "$port" &
    replica_pid=$!
    for _ in $(seq 1 150); do
        "$work/venv/bin/python" -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1])" \
            "http://127.0.0.1:$port/robots.txt" 2>/dev/null && return 0
        sleep 0.2
    done
    fail "the replica does not answer on port $port"
}

crawl_search_parse() {
    local bin="$work/venv/bin/cacfilings" data="$PWD/data" status=0
    step "crawling the replica into ./data (the default data dir)"
    "$bin" crawl --site "http://127.0.0.1:$port" 2>"$work/crawl.log" || status=$?
    # The replica serves two broken attachments on purpose: a complete run exits 1.
    [ "$status" -eq 1 ] || { cat "$work/crawl.log" >&2; fail "crawl exited $status, not 1"; }
    grep -q '^Table: [1-9][0-9]* rows' "$work/crawl.log" || fail "the crawl stored no rows"
    ! grep -q Traceback "$work/crawl.log" || { cat "$work/crawl.log" >&2; fail "traceback logged"; }
    step "searching"
    "$bin" --data-dir "$data" search ByteDance --format csv >"$work/search.csv"
    grep -q '北京抖音信息服务有限公司' "$work/search.csv" || fail "search ByteDance found no ByteDance"
    step "parsing a stored attachment"
    local stored
    stored="$data/raw/files/$(python3 -c 'import json, sys
entries = json.load(open(sys.argv[1], encoding="utf-8")).values()
print(next(e["path"] for e in entries if e["format"] == "docx"))' "$data/raw/manifest.json")"
    "$bin" parse "$stored" --format csv >"$work/parsed.csv"
    [ "$(wc -l <"$work/parsed.csv")" -gt 1 ] || fail "parse of $stored gave no rows"
    step "parsed $(($(wc -l <"$work/parsed.csv") - 1)) rows from $(basename "$stored")"
    [ ! -e "$work/venv/lib/python3"*/site-packages/data ] || fail "data written into site-packages"
    step "rebuilding table and index"
    "$bin" build --full 2>"$work/build.log" || { cat "$work/build.log" >&2; fail "build failed"; }
}

serve_ui() {
    local ui_port=$((port + 1)) ui_pid
    step "serving the UI on port $ui_port"
    "$work/venv/bin/cacfilings" ui --port "$ui_port" >"$work/ui.log" 2>&1 &
    ui_pid=$!
    for _ in $(seq 1 150); do
        if "$work/venv/bin/python" -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1])" \
            "http://127.0.0.1:$ui_port/_stcore/health" 2>/dev/null; then
            kill -TERM "$ui_pid" && wait "$ui_pid" || true
            return 0
        fi
        sleep 0.2
    done
    cat "$work/ui.log" >&2
    fail "the UI does not answer on port $ui_port"
}

start=$SECONDS
build_wheel
install_wheel
cd "$work" && mkdir elsewhere && cd elsewhere
serve_replica
crawl_search_parse
serve_ui
step "passed in $((SECONDS - start)) s"

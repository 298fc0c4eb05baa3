#!/usr/bin/env bash
# Load over real HTTP (issue 11): the load host (benchmarks/Affiliate.LoadHost) started twice on 127.0.0.1, with the
# library (tracking middleware, recorded sales) and without it, driven by wrk in turns:
#   referral requests (/?ref=LOAD, each a new visitor)  with vs without tracking   target ratio >= 0.85
#   plain requests (/)                                   with vs without            target ratio >= 0.97
#   checkout (POST /checkout, a new order each)          library vs the shop alone  measured
# and, on the host with the library, sustained referral load in steps whose working set is compared with the first
# step after warm-up (target: flat within 10 %). Every referral request the host with tracking answered must have
# its click in the database once the queue and the buffer drained (the host counts what it answered; wrk's count
# misses the requests in flight when a run ends): a lost or doubled click fails the run, and so does a non-2xx
# answer. Ratios are printed, not enforced (a shared two-core machine).
#
#   benchmarks/load/run.sh --ci       5 s per measured run, 30 s sustained (bash .ci/run; about 90 s with the build)
#   benchmarks/load/run.sh            10 s per measured run, 60 s sustained
#   benchmarks/load/run.sh --long     30 s per measured run, 5 minutes sustained
# Settings: LOAD_CONNECTIONS (default 32), LOAD_PROVIDER=sqlite|postgresql with LOAD_DATABASE_WITH/WITHOUT as
# connection strings for PostgreSQL. Results: artifacts/load/results.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

duration=10 sustained=60 step=10 warmup=3
case "${1:-}" in
  --long) duration=30 sustained=300 step=30 warmup=5 ;;
  --ci) duration=5 sustained=30 step=10 warmup=2 ;;
  "") ;;
  *) echo "usage: $0 [--ci|--long]" >&2; exit 2 ;;
esac
connections="${LOAD_CONNECTIONS:-32}"
provider="${LOAD_PROVIDER:-sqlite}"
out="artifacts/load"
work="$(mktemp -d /tmp/affiliate-load.XXXXXX)"
mkdir -p "$out"

if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk is missing: installing it from Debian's packages" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } >/dev/null \
    || { echo "Installing wrk failed; install it (apt-get install wrk) and run again." >&2; exit 1; }
fi

# Built in place (not with -o into a fresh folder): after CI's pack build only the load host itself compiles.
dotnet build benchmarks/Affiliate.LoadHost -c Release >/dev/null
host_dll="benchmarks/Affiliate.LoadHost/bin/Release/net10.0/Affiliate.LoadHost.dll"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  cp "$work"/*.log "$out/" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# start NAME PORT LIBRARY: a host on 127.0.0.1, its own database, ready when /stats answers.
start() {
  local name=$1 port=$2 library=$3 database
  if [ "$provider" = "postgresql" ]; then
    [ "$name" = with ] && database="$LOAD_DATABASE_WITH" || database="$LOAD_DATABASE_WITHOUT"
  else
    database="$work/$name.db"
  fi
  DOTNET_gcServer=1 dotnet "$host_dll" --urls "http://127.0.0.1:$port" --library "$library" \
    --provider "$provider" --database "$database" >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/stats" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  cat "$work/$name.log" >&2
  echo "The $name host did not start." >&2
  exit 1
}

# run URL SECONDS [SCRIPT]: wrk's requests/s, p50 and p99 (ms), requests done and non-2xx answers, space-separated.
run() {
  local url=$1 seconds=$2 script=${3:-} report
  # A browser's user agent: the tracking middleware does not count requests without one (bots).
  report=$(LOAD_RUN="r$RANDOM$RANDOM" wrk -t2 -c"$connections" -d"${seconds}s" --latency ${script:+-s "$script"} \
    -H "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36" "$url")
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000;
                     return v }
    /Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /requests in/ { done = $1 }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    END { printf "%s %.2f %.2f %s %s\n", rps, p50, p99, done, (bad == "" ? 0 : bad) }
  ' <<<"$report"
}

stat() { curl -fs "http://127.0.0.1:$1/stats" | sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p"; }

# The clicks of the host with tracking once nothing is left unwritten (queued or buffered) and the count held still
# between two reads; gives up after two minutes.
drained_clicks() {
  local last=-1 now
  for _ in $(seq 1 240); do
    now=$(stat 5311 clicks)
    [ "$(stat 5311 unwritten)" = 0 ] && [ "$now" = "$last" ] && { echo "$now"; return; }
    last=$now
    sleep 0.5
  done
  echo "$now"
}

start with 5311 true
start without 5312 false

declare -A result
referrals=0 # referral requests answered by the host with tracking: each must be one stored click
measure() { # measure KEY PATH [SCRIPT]: warm both hosts, then one measured run each, in turns
  local key=$1 path=$2 script=${3:-} warm
  warm=$(run "http://127.0.0.1:5311$path" "$warmup" "$script")
  run "http://127.0.0.1:5312$path" "$warmup" "$script" >/dev/null
  result[$key-with]=$(run "http://127.0.0.1:5311$path" "$duration" "$script")
  result[$key-without]=$(run "http://127.0.0.1:5312$path" "$duration" "$script")
  if [ "$key" = referral ]; then
    referrals=$((referrals + $(cut -d' ' -f4 <<<"$warm") + $(cut -d' ' -f4 <<<"${result[$key-with]}")))
  fi
}

clicks_before=$(drained_clicks)
answered_before=$(stat 5311 referrals)
measure plain "/"
measure referral "/?ref=LOAD"
measure checkout "/checkout" benchmarks/load/checkout.lua
clicks_measured=$(( $(drained_clicks) - clicks_before ))

# Sustained tracking: referral load in steps; the working set after each step.
memory=()
for _ in $(seq 1 $((sustained / step))); do
  sustained_run=$(run "http://127.0.0.1:5311/?ref=LOAD" "$step")
  referrals=$((referrals + $(cut -d' ' -f4 <<<"$sustained_run")))
  memory+=("$(stat 5311 workingSetBytes)")
done
clicks_total=$(( $(drained_clicks) - clicks_before ))
answered=$(( $(stat 5311 referrals) - answered_before ))

field() { cut -d' ' -f"$2" <<<"${result[$1]}"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
row() { # row LABEL KEY TARGET
  local with without
  with=$(field "$2-with" 1); without=$(field "$2-without" 1)
  printf '| %s | %s | %s / %s | %s | %s / %s | **%s** | %s |\n' "$1" "$with" "$(field "$2-with" 2)" \
    "$(field "$2-with" 3)" "$without" "$(field "$2-without" 2)" "$(field "$2-without" 3)" "$(ratio "$with" "$without")" "$3"
}
first=${memory[0]} last=${memory[-1]}
growth=$(awk -v a="$first" -v b="$last" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')
non2xx=0
for key in "${!result[@]}"; do non2xx=$((non2xx + $(cut -d' ' -f5 <<<"${result[$key]}"))); done

{
  echo "Load run of $(date -u '+%Y-%m-%d %H:%M UTC'), $provider, wrk -t2 -c$connections, ${duration}s per measured run"
  echo "after ${warmup}s of warm-up on each host; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| requests | with: req/s | p50 / p99 ms | without: req/s | p50 / p99 ms | ratio | target |"
  echo "|---|---:|---:|---:|---:|---:|---|"
  row "plain \`/\`, middleware installed" plain ">= 0.97"
  row "referral \`/?ref=LOAD\`, a new visitor each" referral ">= 0.85"
  row "checkout, a new order each (library vs the shop alone)" checkout "measured"
  echo
  echo "Clicks: $answered referral requests answered by the host with tracking ($referrals of them seen by wrk),"
  echo "$clicks_total clicks stored ($clicks_measured after the measured runs); clicks the queue dropped (no room within"
  echo "TrackingOptions.ClickQueueWait): $(stat 5311 dropped). Non-2xx answers: $non2xx."
  echo "Working set over ${sustained}s of sustained tracking, after each ${step}s step (MB):"
  echo "$(for m in "${memory[@]}"; do awk -v m="$m" 'BEGIN { printf "%.0f ", m / 1048576 }'; done)"
  echo "(first to last: ${growth} %, target within 10 %)."
} | tee "$out/results.md"

# One line for CI logs.
with_ref=$(field referral-with 1); without_ref=$(field referral-without 1)
echo "Load summary: referral ratio $(ratio "$with_ref" "$without_ref"), plain ratio $(ratio "$(field plain-with 1)" \
"$(field plain-without 1)"), checkout ratio $(ratio "$(field checkout-with 1)" "$(field checkout-without 1)"); \
clicks $clicks_total stored of $answered answered; memory ${growth} %; non-2xx $non2xx."

if [ "$clicks_total" -ne "$answered" ] || [ "$clicks_total" -lt "$referrals" ]; then
  echo "Clicks lost or doubled: $answered referral requests answered ($referrals seen by wrk), $clicks_total clicks" \
    "stored." >&2
  exit 1
fi
if [ "$non2xx" -ne 0 ]; then
  echo "$non2xx requests were not answered 2xx (see the hosts' logs)." >&2
  exit 1
fi

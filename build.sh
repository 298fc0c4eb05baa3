#!/usr/bin/env bash
# One entry point for people and CI.
#   ./build.sh sample   run the demo web shop (http://localhost:5080; arguments go to the shop, e.g. --urls)
#   ./build.sh sample quickstart   run the console tour of the pricing engine
#   ./build.sh test     build and run every test project; ends with "N passed, N failed[, N skipped]"
#   ./build.sh pack     pack the src/ packages into artifacts/packages
#   ./build.sh format   lay out every C# file with CSharpier (120 columns)
#   ./build.sh lint     check the layout and that no C# line is longer than 120 characters
#   ./build.sh bench    run the benchmarks (arguments go to BenchmarkDotNet: --filter *Approval*, --smoke, ...)
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

command="${1:-test}"
case "$command" in
  sample)
    shift || true
    if [ "${1:-}" = "quickstart" ]; then
      shift
      exec dotnet run --project samples/Affiliate.Samples.Quickstart -c Release -- "$@"
    fi
    # The shop's content root is its folder: its appsettings.json, wwwroot and App_Data/shop.db (made on first run).
    cd samples/Affiliate.Samples.WebShop
    exec dotnet run -c Release -- "$@"
    ;;

  bench)
    shift || true
    # Results land in artifacts/benchmarks/results; see benchmarks/README.md.
    exec dotnet run --project benchmarks/Affiliate.Benchmarks -c Release -- "$@"
    ;;

  pack)
    rm -rf artifacts/packages
    dotnet pack Affiliate.Core.sln -c Release -o artifacts/packages
    ls artifacts/packages
    ;;

  test)
    results="artifacts/test-results"
    rm -rf "$results"
    dotnet build Affiliate.Core.sln -c Release
    status=0
    dotnet test Affiliate.Core.sln -c Release --no-build --results-directory "$results" \
      --logger "trx" --logger "console;verbosity=normal" || status=$?

    # Sum the counters of every test project's TRX file into one line.
    passed=0 failed=0 skipped=0 files=0
    for trx in "$results"/*.trx; do
      [ -e "$trx" ] || continue
      files=$((files + 1))
      counters=$(grep -o '<Counters [^>]*>' "$trx")
      attr() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
      total=$(attr total); executed=$(attr executed)
      passed=$((passed + $(attr passed)))
      failed=$((failed + $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted)))
      skipped=$((skipped + total - executed))
    done
    if [ "$files" -eq 0 ]; then
      echo "no test results were written (the build or the test host failed)" >&2
      failed=$((failed + 1))
    fi
    if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
      failed=1  # the test run failed without a counted failure (a crashed host): never report green
    fi

    summary="$passed passed, $failed failed"
    [ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
    echo "$summary"
    [ "$failed" -eq 0 ]
    ;;

  format)
    # CSharpier (version pinned in .config/dotnet-tools.json, width in .csharpierrc.yaml) lays out every C# file.
    dotnet tool restore >/dev/null
    exec dotnet csharpier format .
    ;;

  lint)
    # What CI checks before building: the layout is CSharpier's, and no C# line (comments and strings included,
    # which CSharpier does not wrap) is longer than 120 characters.
    dotnet tool restore >/dev/null
    dotnet csharpier check .
    long=$(git ls-files '*.cs' | xargs awk 'length($0) > 120 { print FILENAME ":" FNR }')
    if [ -n "$long" ]; then
      printf 'Lines longer than 120 characters:\n%s\n' "$long" >&2
      exit 1
    fi
    echo "lint: formatted, no line over 120 characters"
    ;;

  *)
    echo "usage: ./build.sh [sample [quickstart]|test|pack|format|lint|bench [benchmark arguments]]" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# Runs every test (unit, integration, real browser) and ends with one line "N passed, N failed"
# counted from the TRX results. Installs what a fresh machine lacks: Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser tests..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

rm -rf TestResults
set +e
dotnet test --solution AiGateway.Dashboard.sln --results-directory TestResults --report-xunit-trx "$@"
status=$?
set -e

passed=0; failed=0; files=0
for trx in TestResults/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | tr -dc '0-9'; }
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
done

if [ "$files" -eq 0 ] || [ $((passed + failed)) -eq 0 ]; then
  echo "No test results were produced (dotnet test exited $status)."
  echo "0 passed, 1 failed"
  exit 1
fi
echo "$passed passed, $failed failed"
if [ "$failed" -ne 0 ] || [ "$status" -ne 0 ]; then exit 1; fi

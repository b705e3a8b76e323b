#!/usr/bin/env bash
# Runs every test (unit, integration, real browser) and ends with one line "N passed, N failed"
# counted from the TRX results of every test project. Installs what a fresh machine lacks: Debian's Chromium
# (browser tests), LibreOffice Calc and poppler-utils (the workbook is recalculated and printed as a person sees it).
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v soffice >/dev/null || missing+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} for the tests..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

rm -rf TestResults
dotnet build AiGateway.Dashboard.sln -v quiet -nologo

status=0; passed=0; failed=0; mismatch=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  # Each project writes its own TRX file in its own folder: two projects never overwrite each other's results.
  log="TestResults/$name.log"
  mkdir -p "TestResults/$name"
  set +e
  dotnet test --project "$project" --no-build --results-directory "TestResults/$name" \
    --report-xunit-trx --report-xunit-trx-filename "$name.trx" "$@" 2>&1 | tee "$log"
  code=${PIPESTATUS[0]}
  set -e
  [ "$code" -ne 0 ] && status=$code

  trx="TestResults/$name/$name.trx"
  if [ ! -f "$trx" ]; then
    echo "$name produced no TRX results (dotnet test exited $code)."
    failed=$((failed + 1)); continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | tr -dc '0-9'; }
  p=$(count passed); f=$(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) ))
  passed=$((passed + p)); failed=$((failed + f))

  # The runner's own summary must agree with the TRX file.
  runner_total=$(grep -E '^\s*total: [0-9]+' "$log" | tail -1 | tr -dc '0-9')
  runner_failed=$(grep -E '^\s*failed: [0-9]+' "$log" | tail -1 | tr -dc '0-9')
  if [ -z "$runner_total" ] || [ "$runner_total" -ne "$(count total)" ] || [ "${runner_failed:-0}" -ne "$f" ]; then
    echo "$name: the TRX file ($p passed, $f failed) disagrees with the runner (total ${runner_total:-?}, failed ${runner_failed:-?})."
    mismatch=1
  fi
done

if [ $((passed + failed)) -eq 0 ]; then
  echo "No test results were produced."
  echo "0 passed, 1 failed"
  exit 1
fi
[ "$mismatch" -ne 0 ] && failed=$((failed + 1))
# The names of the failed tests, last, where a reader of the log's tail sees them (details are above, in the runner's output).
for trx in TestResults/*/*.trx; do
  grep -o '<UnitTestResult [^>]*>' "$trx" | grep -E 'outcome="(Failed|Error|Timeout|Aborted)"' \
    | grep -o 'testName="[^"]*"' | sed -e 's/^testName="/failed test: /' -e 's/"$//' -e 's/&quot;/"/g' -e 's/&amp;/\&/g' || true
done
echo "$passed passed, $failed failed"
if [ "$failed" -ne 0 ] || [ "$status" -ne 0 ]; then exit 1; fi

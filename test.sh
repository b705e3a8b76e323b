#!/usr/bin/env bash
# Runs every test (unit, integration, real browser) and ends with one line "N passed, N failed"
# counted from the TRX results of every test project. Installs what a fresh machine lacks: Debian's Chromium
# (browser tests), LibreOffice Calc and poppler-utils (the workbook is recalculated and printed as a person sees it)
# and PostgreSQL. The integration suite runs twice: on SQLite files, then on a throwaway PostgreSQL cluster started
# here on a loopback port (as a non-root user, in a temporary folder) and stopped at the end.
set -euo pipefail
cd "$(dirname "$0")"

initdb_bin() { ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v soffice >/dev/null || missing+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
[ -n "$(initdb_bin)" ] || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} for the tests..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# A throwaway PostgreSQL cluster: trust auth on 127.0.0.1 only, no fsync (nothing here outlives the run).
pg_dir=$(mktemp -d /tmp/aigw-pg.XXXXXX)
pg_port=$((20000 + RANDOM % 20000))
bin=$(dirname "$(initdb_bin)")
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
published=$(mktemp -d /tmp/aigw-published.XXXXXX)
stop_pg() { as_pg "$bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pg_dir" "$published"; }
trap stop_pg EXIT
as_pg "$bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
as_pg "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=600" start >/dev/null
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port for the tests"
postgres="Host=127.0.0.1;Port=$pg_port;Username=postgres;Pooling=true;Maximum Pool Size=20"

rm -rf TestResults
dotnet build AiGateway.Dashboard.sln -v quiet -nologo
# The app as an operator deploys it, for the topology test's web and worker processes.
dotnet publish src/AiGateway.Dashboard/AiGateway.Dashboard.csproj -c Debug --no-build -o "$published" -v quiet -nologo

status=0; passed=0; failed=0; mismatch=0
# run_project NAME PROJECT [ARGS...]: one pass of one project, its TRX in its own folder, its counts added up.
run_project() {
  local name=$1 project=$2; shift 2
  local log="TestResults/$name.log"
  mkdir -p "TestResults/$name"
  set +e
  dotnet test --project "$project" --no-build --results-directory "TestResults/$name" \
    --report-xunit-trx --report-xunit-trx-filename "$name.trx" "$@" 2>&1 | tee "$log"
  local code=${PIPESTATUS[0]}
  set -e
  [ "$code" -ne 0 ] && status=$code

  local trx="TestResults/$name/$name.trx"
  if [ ! -f "$trx" ]; then
    echo "$name produced no TRX results (dotnet test exited $code)."
    failed=$((failed + 1)); return
  fi
  local counters; counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | tr -dc '0-9'; }
  local p f
  p=$(count passed); f=$(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) ))
  passed=$((passed + p)); failed=$((failed + f))

  # The runner's own summary must agree with the TRX file.
  local runner_total runner_failed
  runner_total=$(grep -E '^\s*total: [0-9]+' "$log" | tail -1 | tr -dc '0-9')
  runner_failed=$(grep -E '^\s*failed: [0-9]+' "$log" | tail -1 | tr -dc '0-9')
  if [ -z "$runner_total" ] || [ "$runner_total" -ne "$(count total)" ] || [ "${runner_failed:-0}" -ne "$f" ]; then
    echo "$name: the TRX file ($p passed, $f failed) disagrees with the runner (total ${runner_total:-?}, failed ${runner_failed:-?})."
    mismatch=1
  fi
}

for project in tests/*/*.csproj; do
  run_project "$(basename "$project" .csproj)" "$project" "$@"
done
# The integration suite again, every host on a PostgreSQL database of its own (tests of the SQLite file itself left out),
# with the topology test: two web and two worker processes of the published app.
AIGW_TEST_POSTGRES="$postgres" AIGW_TEST_PUBLISHED_APP="$published/AiGateway.Dashboard.dll" run_project AiGateway.Dashboard.IntegrationTests.PostgreSql \
  tests/AiGateway.Dashboard.IntegrationTests/AiGateway.Dashboard.IntegrationTests.csproj --filter-not-trait "Database=SqliteFile" "$@"

if [ $((passed + failed)) -eq 0 ]; then
  echo "No test results were produced."
  echo "0 passed, 1 failed"
  exit 1
fi
[ "$mismatch" -ne 0 ] && failed=$((failed + 1))
# The names of the failed tests and the start of what each said, last, where a reader of the log's tail sees them (the whole
# output is above, in the runner's). perl-base is part of every Debian system.
for trx in TestResults/*/*.trx; do
  pass=$(basename "$(dirname "$trx")")
  PASS="$pass" perl -0777 -ne '
    my %ent = (quot => "\"", amp => "&", lt => "<", gt => ">", apos => chr(39));
    while (/<UnitTestResult ([^>]*?)(?:\/>|>(.*?)<\/UnitTestResult>)/sg) {
      my ($attrs, $body) = ($1, $2 // "");
      next unless $attrs =~ /outcome="(Failed|Error|Timeout|Aborted)"/;
      my ($name) = $attrs =~ /testName="([^"]*)"/;
      my ($message) = $body =~ /<Message>(.*?)<\/Message>/s;
      $message //= "(no message)";
      for ($name, $message) { s/&(\w+);/$ent{$1} \/\/ "&$1;"/ge; s/&#x([0-9a-f]+);/chr(hex $1)/gie; }
      printf "failed test (%s): %s\n    %s\n", $ENV{PASS}, $name, substr($message =~ s/\s+/ /gr, 0, 700);
    }' "$trx" || true
done
echo "$passed passed, $failed failed"
if [ "$failed" -ne 0 ] || [ "$status" -ne 0 ]; then exit 1; fi

#!/usr/bin/env bash
# Runs every test against real PostgreSQL and RabbitMQ. When YISP_TEST_POSTGRES and YISP_TEST_RABBITMQ
# are not set, installs what is missing and starts servers of the tests' own on loopback for the run (in a
# fresh temporary folder; PostgreSQL 55433, RabbitMQ 5674, management 15674, node yisp-test@localhost: see
# YISP_TEST_* in scripts/infra.sh), then stops them and deletes the folder. A running platform is left alone.
# Builds once, runs all test projects without rebuilding, and ends with "N passed, N failed, N skipped".
# Also checks the style (.editorconfig, dotnet format) and that the service and adapter templates still make a
# service and an adapter whose own tests pass (instantiated into artifacts/template-check, adapter-template-check).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/infra.sh
source scripts/infra.sh

infra_ensure test

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results=artifacts/test-results
rm -rf "$results"; mkdir -p "$results"

dotnet build Yisp.Platform.sln -c Release -nologo -v q -clp:ErrorsOnly
template_tests=$(bash scripts/template-check.sh build)
set +e
# The console logger at "minimal" names each failed test with its message and stack trace (quiet names none).
run_tests=(dotnet test -c Release --no-build -nologo -v q --logger "console;verbosity=minimal" --results-directory "$results")
# The system tests start every service twice and inject faults: they run on their own, after the other assemblies
# (which run side by side), so that neither starves the other's timeouts on a 2-core machine.
"${run_tests[@]}" Yisp.Platform.sln --filter 'FullyQualifiedName!~Yisp.System.Tests' 2>&1 | tee "$results/output.log"
status=${PIPESTATUS[0]}
for project in tests/Yisp.System.Tests $template_tests; do
  "${run_tests[@]}" "$project" 2>&1 | tee -a "$results/output.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done
if ! dotnet format Yisp.Platform.sln --verify-no-changes --no-restore >"$results/format.log" 2>&1; then
  echo "Style check failed (dotnet format --verify-no-changes); run 'dotnet format Yisp.Platform.sln' and commit:" >&2
  grep -E 'error|warning' "$results/format.log" | head -20 >&2
  status=1
fi
set -e

# One summary per test assembly: "Passed!  - Failed: 0, Passed: 27, Skipped: 0, Total: 27, ...". Assemblies run
# in parallel and their output can share a line, so take each summary on its own with grep -o.
summaries=$(grep -oE '(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$results/output.log" || true)
read -r passed failed skipped < <(printf '%s\n' "$summaries" | awk -F'[:,]' 'NF >= 6 { failed += $2; passed += $4; skipped += $6 }
  END { printf "%d %d %d\n", passed, failed, skipped }')
assemblies=$(printf '%s\n' "$summaries" | grep -c 'Failed:' || true)
expected=$(( $(find tests -name '*.Tests.csproj' | wc -l) + $(printf '%s\n' "$template_tests" | grep -c . || true) ))   # + the templates'
if [ "$assemblies" -ne "$expected" ] && [ "$status" -eq 0 ]; then
  echo "Only $assemblies of $expected test assemblies reported results." >&2
  status=1
fi
if [ "$failed" -gt 0 ] && [ "$status" -eq 0 ]; then status=1; fi
infra_stop   # before the summary, so that it stays the last line (the EXIT trap then has nothing left to stop)
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"

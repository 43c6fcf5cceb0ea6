#!/usr/bin/env bash
# Runs the benchmarks (not part of CI's pass/fail) against PostgreSQL and RabbitMQ on loopback, started
# here when YISP_TEST_* are not set. Usage: scripts/benchmark.sh [relay|http|intake|consent|audit]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/infra.sh
infra_ensure
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Yisp.Platform.sln -c Release -nologo -v q -clp:ErrorsOnly
dotnet benchmarks/Yisp.Benchmarks/bin/Release/net10.0/Yisp.Benchmarks.dll "$@"

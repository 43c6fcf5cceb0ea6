#!/usr/bin/env bash
# Runs the benchmarks (not part of CI's pass/fail) against PostgreSQL and RabbitMQ on loopback, started
# here when YISP_TEST_* are not set: servers of the benchmarks' own in a fresh temporary folder
# (PostgreSQL 55434, RabbitMQ 5676, management 15676, node yisp-bench@localhost: see YISP_BENCH_* in
# scripts/infra.sh), stopped and deleted at the end. A running platform or test run is left alone.
# Usage: scripts/benchmark.sh [relay|http|http-throughput|intake|consent|audit|reporting|reporting-recorder|adapters|journeys]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/infra.sh
source scripts/infra.sh
infra_ensure bench
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Yisp.Platform.sln -c Release -nologo -v q -clp:ErrorsOnly
dotnet benchmarks/Yisp.Benchmarks/bin/Release/net10.0/Yisp.Benchmarks.dll "$@"

#!/usr/bin/env bash
# Instantiates the service template (templates/yisp-service) into artifacts/template-check and the agency adapter
# template (templates/yisp-adapter) into artifacts/adapter-template-check, with a template store of their own
# (nothing is installed for the user), builds each with its tests, and prints the test projects' paths, one a line.
# Usage: scripts/template-check.sh build
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/template-check adapter_out=artifacts/adapter-template-check hive=artifacts/template-hive
rm -rf "$out" "$adapter_out" "$hive"
dotnet new install templates/yisp-service --debug:custom-hive "$hive" >/dev/null
dotnet new install templates/yisp-adapter --debug:custom-hive "$hive" >/dev/null
dotnet new yisp-service -n TemplateCheck -o "$out" --port 5198 --debug:custom-hive "$hive" >/dev/null
dotnet new yisp-adapter --agency template-check -o "$adapter_out" --port 5197 --debug:custom-hive "$hive" >/dev/null
for project in "$out/tests/Yisp.TemplateCheck.Tests/Yisp.TemplateCheck.Tests.csproj" \
    "$adapter_out/tests/Yisp.Adapters.TemplateCheck.Tests/Yisp.Adapters.TemplateCheck.Tests.csproj"; do
  dotnet build "$project" -c Release -nologo -v q -clp:ErrorsOnly >&2
  echo "$project"
done

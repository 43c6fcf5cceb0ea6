#!/usr/bin/env bash
# Instantiates the service template (templates/yisp-service) into artifacts/template-check with a template
# store of its own (nothing is installed for the user), builds the service and its tests, and prints the
# test project's path. Usage: scripts/template-check.sh build
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/template-check hive=artifacts/template-hive
rm -rf "$out" "$hive"
dotnet new install templates/yisp-service --debug:custom-hive "$hive" >/dev/null
dotnet new yisp-service -n TemplateCheck -o "$out" --port 5198 --debug:custom-hive "$hive" >/dev/null
project="$out/tests/Yisp.TemplateCheck.Tests/Yisp.TemplateCheck.Tests.csproj"
dotnet build "$project" -c Release -nologo -v q -clp:ErrorsOnly >&2
echo "$project"

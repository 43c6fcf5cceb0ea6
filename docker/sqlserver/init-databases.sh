#!/usr/bin/env bash
# --profile sqlserver: a login and a database of its own for each name in YISP_DATABASES, as
# k8s/dev-infra/postgres/init-databases.sh does for PostgreSQL (password in NAME_DB_PASSWORD; database yisp_NAME with
# '-' as '_'). Safe to run again.
set -euo pipefail
sqlcmd=(/opt/mssql-tools18/bin/sqlcmd -C -b -S sqlserver -U sa -P "${MSSQL_SA_PASSWORD:?}")
for name in ${YISP_DATABASES:?set YISP_DATABASES}; do
  variable="$(echo "$name" | tr '[:lower:]-' '[:upper:]_')_DB_PASSWORD"
  password=${!variable:?$variable is not set}
  database="yisp_${name//-/_}"
  # sqlcmd takes the values as scripting variables; QUOTENAME/REPLACE keep them literal.
  "${sqlcmd[@]}" -v name="$name" -v password="$password" -v database="$database" -Q "
    DECLARE @name sysname = N'\$(name)', @password nvarchar(128) = N'\$(password)', @db sysname = N'\$(database)', @sql nvarchar(max);
    IF DB_ID(@db) IS NULL EXEC (N'CREATE DATABASE ' + QUOTENAME(@db));
    IF SUSER_ID(@name) IS NULL
      SET @sql = N'CREATE LOGIN ' + QUOTENAME(@name) + N' WITH PASSWORD = ' + QUOTENAME(@password, '''') + N', CHECK_POLICY = OFF';
    ELSE
      SET @sql = N'ALTER LOGIN ' + QUOTENAME(@name) + N' WITH PASSWORD = ' + QUOTENAME(@password, '''');
    EXEC (@sql);
    SET @sql = N'USE ' + QUOTENAME(@db) + N'; IF USER_ID(' + QUOTENAME(@name, '''') + N') IS NULL CREATE USER ' + QUOTENAME(@name)
      + N' FOR LOGIN ' + QUOTENAME(@name) + N'; ALTER ROLE db_owner ADD MEMBER ' + QUOTENAME(@name) + N';';
    EXEC (@sql);"
  echo "init-databases: login $name, database $database"
done

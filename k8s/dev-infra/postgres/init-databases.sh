#!/usr/bin/env bash
# Creates a login and a database of its own for each name in YISP_DATABASES (e.g. "referral consent"): login NAME
# with the password in NAME_DB_PASSWORD (upper case, '-' as '_'), database yisp_NAME ('-' as '_': adapter-health's
# is yisp_adapter_health) owned by it, no access for anyone else. Safe to run again. The PostgreSQL image runs it
# once, on an empty data folder, from /docker-entrypoint-initdb.d (docker-compose.yml and k8s/dev-infra/postgres
# mount this same file).
set -euo pipefail
for name in ${YISP_DATABASES:?set YISP_DATABASES to the services needing a database}; do
  variable="$(echo "$name" | tr '[:lower:]-' '[:upper:]_')_DB_PASSWORD"
  password=${!variable:-}
  database="yisp_${name//-/_}"
  if [ -z "$password" ]; then
    echo "init-databases: $variable is not set (the password of the $name login)" >&2
    exit 1
  fi
  psql -v ON_ERROR_STOP=1 -q --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    --set=name="$name" --set=password="$password" --set=database="$database" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'name') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'name') \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'name', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'name')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'database') \gexec
SQL
  echo "init-databases: login $name, database $database"
done

#!/usr/bin/env bash
# Local RabbitMQ and PostgreSQL on loopback, in folders of their own, without systemd.
# Source it, then: infra_install; infra_start; ...; infra_stop (or infra_ensure for all of that).
# After infra_start, YISP_TEST_POSTGRES and YISP_TEST_RABBITMQ name the endpoints.

YISP_INFRA_DIR=${YISP_INFRA_DIR:-/tmp/yisp-infra}
YISP_PG_PORT=${YISP_PG_PORT:-55432}
YISP_RMQ_PORT=${YISP_RMQ_PORT:-5672}
YISP_RMQ_MGMT_PORT=${YISP_RMQ_MGMT_PORT:-15672}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

infra_log() { echo "[infra] $*" >&2; }

infra_install() {
  local missing=()
  command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
  [ -x "$PG_BIN/initdb" ] || missing+=(postgresql-15)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    infra_log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

infra_start_postgres() {
  local dir="$YISP_INFRA_DIR/pg"
  rm -rf "$dir"; mkdir -p "$dir"; chmod 755 "$YISP_INFRA_DIR"; chown postgres:postgres "$dir"
  echo yisp > "$dir/pw"; chmod 644 "$dir/pw"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$dir/data" -U yisp --pwfile="$dir/pw" \
    --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
    -o "-p $YISP_PG_PORT -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400" start >/dev/null
  export YISP_TEST_POSTGRES="Host=127.0.0.1;Port=$YISP_PG_PORT;Username=yisp;Password=yisp;Database=postgres"
  infra_log "PostgreSQL on 127.0.0.1:$YISP_PG_PORT"
}

infra_rabbit_env() {
  local dir="$YISP_INFRA_DIR/rabbit"
  export RABBITMQ_CONFIG_FILE=$dir/rabbitmq.conf RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins \
         RABBITMQ_MNESIA_BASE=$dir/mnesia RABBITMQ_LOG_BASE=$dir/log ERL_EPMD_ADDRESS=127.0.0.1 \
         RABBITMQ_NODENAME=yisp@localhost \
         RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

infra_start_rabbitmq() {
  local dir="$YISP_INFRA_DIR/rabbit"
  rm -rf "$dir"; mkdir -p "$dir"/{mnesia,log}
  printf 'listeners.tcp.default = 127.0.0.1:%s\nmanagement.tcp.ip = 127.0.0.1\nmanagement.tcp.port = %s\nloopback_users = none\n' \
    "$YISP_RMQ_PORT" "$YISP_RMQ_MGMT_PORT" > "$dir/rabbitmq.conf"
  echo '[rabbitmq_management].' > "$dir/enabled_plugins"
  chown -R rabbitmq:rabbitmq "$dir"
  infra_rabbit_env
  rabbitmq-server -detached >/dev/null 2>&1
  local i
  for i in $(seq 90); do
    rabbitmqctl -q -n yisp@localhost await_startup --timeout 60 >/dev/null 2>&1 && break
    sleep 1
  done
  for i in $(seq 30); do
    curl -fsS -u guest:guest "http://127.0.0.1:$YISP_RMQ_MGMT_PORT/api/overview" >/dev/null 2>&1 && break
    sleep 1
  done
  export YISP_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$YISP_RMQ_PORT/"
  export YISP_TEST_RABBITMQ_MANAGEMENT="http://guest:guest@127.0.0.1:$YISP_RMQ_MGMT_PORT/"
  infra_log "RabbitMQ on 127.0.0.1:$YISP_RMQ_PORT (management :$YISP_RMQ_MGMT_PORT)"
}

infra_start() {
  mkdir -p "$YISP_INFRA_DIR"
  infra_start_postgres
  infra_start_rabbitmq
}

# Starts PostgreSQL and RabbitMQ for this script's run, unless YISP_TEST_* already name running ones,
# and stops them when the script exits.
infra_ensure() {
  if [ -z "${YISP_TEST_POSTGRES:-}" ] || [ -z "${YISP_TEST_RABBITMQ:-}" ]; then
    infra_install
    trap infra_stop EXIT
    infra_start
  fi
}

infra_stop() {
  if [ -d "$YISP_INFRA_DIR/pg/data" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$YISP_INFRA_DIR/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ -d "$YISP_INFRA_DIR/rabbit" ]; then
    infra_rabbit_env
    rabbitmqctl -q -n yisp@localhost shutdown >/dev/null 2>&1 || true
    epmd -kill >/dev/null 2>&1 || true
  fi
  infra_log "stopped"
}

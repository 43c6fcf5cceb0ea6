#!/usr/bin/env bash
# Local PostgreSQL and RabbitMQ on loopback, without systemd or Docker. Each role has servers of its own
# (folder, ports, RabbitMQ node name, Erlang distribution port), so the platform, the tests and the
# benchmarks can run side by side:
#
#   role      used by                     folder                                PostgreSQL  AMQP  management  Erlang dist  RabbitMQ node
#   platform  scripts/run-platform.sh     .run/data (kept between runs)         55432       5672  15672       25672        yisp-platform@localhost
#   test      scripts/test.sh (CI)        a fresh mktemp -d, removed at the end 55433       5674  15674       25674        yisp-test@localhost
#   bench     scripts/benchmark.sh        a fresh mktemp -d, removed at the end 55434       5676  15676       25676        yisp-bench@localhost
#   system    tests/Yisp.System.Tests     a fresh mktemp -d, removed at the end 55435       5678  15678       25678        yisp-system@localhost
#             (servers of their own, because those tests stop and start them; the tests pick free ports and a node name)
#
# Every one of them can be changed with an environment variable, ROLE being PLATFORM, TEST, BENCH or SYSTEM:
#   YISP_<ROLE>_PG_PORT         PostgreSQL port
#   YISP_<ROLE>_RMQ_PORT        RabbitMQ AMQP port
#   YISP_<ROLE>_RMQ_MGMT_PORT   RabbitMQ management (HTTP API and UI) port
#   YISP_<ROLE>_RMQ_DIST_PORT   RabbitMQ's Erlang distribution port (two nodes on one machine need two)
#   YISP_<ROLE>_RMQ_NODE        RabbitMQ node name (two nodes on one machine need two)
#   YISP_PLATFORM_DIR           the platform's data folder (default: .run/data in the repository)
#   TMPDIR                      where the test, bench and system folders are made (default: /tmp)
#   PG_BIN                      PostgreSQL's programs (default: /usr/lib/postgresql/15/bin)
# epmd (port 4369) is shared by every Erlang node on the machine: it is never stopped here.
#
# Source this file, then:
#   infra_ensure test|bench      what scripts/test.sh and scripts/benchmark.sh do: unless YISP_TEST_POSTGRES and
#                                YISP_TEST_RABBITMQ already name servers (used as they are, never stopped), start the
#                                role's servers and stop them, and remove their folder, when the script exits
#   infra_start ROLE             start the role's servers (refuses, with exit status 1, when a port, the node name or
#                                the platform's data folder is in use); sets INFRA_DIR, INFRA_PG_PORT, INFRA_RMQ_PORT,
#                                INFRA_RMQ_MGMT_PORT, INFRA_RMQ_NODE, INFRA_POSTGRES (admin connection string) and,
#                                for every role but platform, exports YISP_TEST_POSTGRES, YISP_TEST_RABBITMQ and
#                                YISP_TEST_RABBITMQ_MANAGEMENT
#   infra_stop                   stop what this shell started (by data folder and node name), nothing else
#   infra_stop_role platform     stop the platform's servers, found by its data folder and node name
#   infra_reset platform         delete the platform's data folder (refused while its servers run)
#   infra_create_databases NAME...   create those databases on the last started role's PostgreSQL, skipping existing ones
#   infra_create_broker_user USER PASSWORD CONFIGURE WRITE READ   create USER (or set its password) on the last started
#                                role's RabbitMQ, with those permissions (regular expressions) on the virtual host /
#   infra_port_free PORT WHAT SETTING   fail with a clear message when PORT is taken
#   infra_server ROLE FOLDER postgres|rabbitmq stop|start   stop or start one server of a role started from FOLDER, in
#                                place (same ports, same data): how the system tests take the database or broker away

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
YISP_REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
INFRA_STARTED=()     # what this shell started: "pg:DATADIR", "rmq:NODE:FOLDER", "dir:FOLDER"

infra_log() { echo "[infra] $*" >&2; }

infra_install() {
  local missing=()
  command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
  [ -x "$PG_BIN/initdb" ] || missing+=(postgresql-15)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v psql >/dev/null 2>&1 || missing+=(postgresql-client-15)
  [ -x /usr/bin/chromium ] || missing+=(chromium) # the browser test (tests/Yisp.Browser.Tests) drives Debian's Chromium
  # The deployment checks (tests/Yisp.Scripts.Tests): docker-compose v1 checks docker-compose.yml offline, node and npm run
  # the Kubernetes schema check (k8s/checks); kubectl (kustomize) is on the machine already.
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  if [ ${#missing[@]} -gt 0 ]; then
    infra_log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Sets INFRA_* for a role from YISP_<ROLE>_* or the defaults. INFRA_DIR is empty for test, bench and system until
# infra_start makes their folder.
infra_use() {
  local role=${1:?role: platform, test, bench or system} base prefix
  case "$role" in
    platform) base=0 ;;
    test) base=1 ;;
    bench) base=2 ;;
    system) base=3 ;;
    *) infra_log "unknown role '$role' (platform, test, bench or system)"; return 1 ;;
  esac
  prefix=YISP_$(echo "$role" | tr '[:lower:]' '[:upper:]')
  INFRA_ROLE=$role
  INFRA_PREFIX=$prefix
  local var
  var=${prefix}_PG_PORT;       INFRA_PG_PORT=${!var:-$((55432 + base))}
  var=${prefix}_RMQ_PORT;      INFRA_RMQ_PORT=${!var:-$((5672 + 2 * base))}
  var=${prefix}_RMQ_MGMT_PORT; INFRA_RMQ_MGMT_PORT=${!var:-$((15672 + 2 * base))}
  var=${prefix}_RMQ_DIST_PORT; INFRA_RMQ_DIST_PORT=${!var:-$((25672 + 2 * base))}
  var=${prefix}_RMQ_NODE;      INFRA_RMQ_NODE=${!var:-yisp-$role@localhost}
  if [ "$role" = platform ]; then
    INFRA_DIR=${YISP_PLATFORM_DIR:-$YISP_REPO_ROOT/.run/data}
  else
    INFRA_DIR=
  fi
}

# Succeeds when something accepts connections on 127.0.0.1:PORT.
infra_port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

infra_port_free() { # port, what it is for, the setting that changes it
  if infra_port_in_use "$1"; then
    infra_log "port $1 ($2) is already in use on 127.0.0.1: stop what listens there or set $3 to a free port"
    return 1
  fi
}

infra_node_registered() { # node name: succeeds when epmd knows it, i.e. an Erlang node of that name runs
  epmd -names 2>/dev/null | grep -q "^name ${1%@*} at port "
}

# Succeeds when a PostgreSQL server runs from DATADIR; prints its pid.
infra_pg_running() {
  [ -f "$1/postmaster.pid" ] || return 1
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1 || return 1
  head -n 1 "$1/postmaster.pid"
}

infra_beam_pid() { # pid file: prints the pid when a RabbitMQ (Erlang) process with it still runs
  local pid
  [ -f "$1" ] || return 1
  pid=$(cat "$1" 2>/dev/null)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && ps -o comm= -p "$pid" 2>/dev/null | grep -q beam || return 1
  echo "$pid"
}

# Succeeds when the RabbitMQ node NODE answers, or a node whose pid file is in FOLDER/mnesia still runs.
infra_rmq_running() { # node, rabbit folder
  local pidfile
  for pidfile in "$2"/mnesia/*.pid; do
    infra_beam_pid "$pidfile" >/dev/null && return 0
  done
  infra_node_registered "$1" || return 1
  rabbitmqctl -q -n "$1" status >/dev/null 2>&1
}

# Deletes a folder of ours, only when no PostgreSQL or RabbitMQ server runs from it.
infra_remove_folder() { # folder, node name
  local dir=$1 node=$2 pid
  [ -d "$dir" ] || return 0
  if [ -z "$dir" ] || [ "$dir" = / ] || [ ! -f "$dir/.yisp-infra" ]; then
    infra_log "not deleting $dir: it was not made by scripts/infra.sh (no .yisp-infra file in it)"
    return 1
  fi
  if pid=$(infra_pg_running "$dir/pg/data"); then
    infra_log "not deleting $dir: PostgreSQL (pid $pid) still runs from it"
    return 1
  fi
  if infra_rmq_running "$node" "$dir/rabbit"; then
    infra_log "not deleting $dir: RabbitMQ node $node still runs from it"
    return 1
  fi
  rm -rf "$dir"
}

# Checks that the role's ports and node name are free (and the platform's data folder is not in use),
# before anything is started.
infra_check_free() {
  local ok=0 pid
  if [ "$INFRA_ROLE" = platform ] && pid=$(infra_pg_running "$INFRA_DIR/pg/data"); then
    infra_log "PostgreSQL (pid $pid) already runs from $INFRA_DIR: is scripts/run-platform.sh running already? Stop it first" \
      "(Ctrl-C), or set YISP_PLATFORM_DIR to another folder"
    return 1
  fi
  if [ "$INFRA_ROLE" = platform ] && infra_rmq_running "$INFRA_RMQ_NODE" "$INFRA_DIR/rabbit"; then
    infra_log "RabbitMQ already runs from $INFRA_DIR: is scripts/run-platform.sh running already? Stop it first" \
      "(Ctrl-C), or set YISP_PLATFORM_DIR to another folder"
    return 1
  fi
  infra_port_free "$INFRA_PG_PORT" "PostgreSQL for $INFRA_ROLE" "${INFRA_PREFIX}_PG_PORT" || ok=1
  infra_port_free "$INFRA_RMQ_PORT" "RabbitMQ AMQP for $INFRA_ROLE" "${INFRA_PREFIX}_RMQ_PORT" || ok=1
  infra_port_free "$INFRA_RMQ_MGMT_PORT" "RabbitMQ management for $INFRA_ROLE" "${INFRA_PREFIX}_RMQ_MGMT_PORT" || ok=1
  infra_port_free "$INFRA_RMQ_DIST_PORT" "RabbitMQ Erlang distribution for $INFRA_ROLE" "${INFRA_PREFIX}_RMQ_DIST_PORT" || ok=1
  if infra_node_registered "$INFRA_RMQ_NODE"; then
    infra_log "a RabbitMQ (Erlang) node named $INFRA_RMQ_NODE already runs: stop it or set ${INFRA_PREFIX}_RMQ_NODE to another name"
    ok=1
  fi
  return $ok
}

infra_reachable() { # folder, OS user: the servers run as postgres and rabbitmq and must reach their folders
  local setting=TMPDIR
  [ "$INFRA_ROLE" = platform ] && setting=YISP_PLATFORM_DIR
  if ! runuser -u "$2" -- test -w "$1"; then
    infra_log "the $2 user cannot write to $1 (is a parent folder private, like /root?): set $setting to a folder it can reach"
    return 1
  fi
}

infra_tail_log() { # file: the end of a server's log, to say why it did not start
  [ -f "$1" ] && tail -n 20 "$1" | sed 's/^/  | /' >&2
  return 0
}

infra_start_postgres() {
  local dir=$INFRA_DIR/pg extra=()
  local data=$dir/data
  mkdir -p "$dir"; chown postgres:postgres "$dir"
  infra_reachable "$dir" postgres || return 1
  echo yisp > "$dir/pw"; chmod 644 "$dir/pw"
  # Tests throw their data away: no need to wait for the disk. Benchmarks keep fsync on, so their figures are durable ones.
  [ "$INFRA_ROLE" = test ] || [ "$INFRA_ROLE" = system ] && extra=(-c fsync=off)
  # Benchmarks count statements per request (benchmarks/Yisp.Benchmarks/PostgresStatistics.cs).
  [ "$INFRA_ROLE" = bench ] && extra=(-c shared_preload_libraries=pg_stat_statements)
  if [ -f "$data/PG_VERSION" ]; then
    infra_log "PostgreSQL: using the existing data in $data"
  else
    if [ -e "$data" ]; then rm -rf "$data"; fi   # an initdb that did not finish; no server runs from it (checked)
    runuser -u postgres -- "$PG_BIN/initdb" -D "$data" -U yisp --pwfile="$dir/pw" \
      --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null || return 1
  fi
  INFRA_STARTED+=("pg:$data")
  local attempt
  for attempt in 1 2 3 4 5 6 7; do
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$data" -l "$dir/log" -w -t 60 \
      -o "-p $INFRA_PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=400 ${extra[*]}" \
      start >/dev/null && break
    # The ports lie in Linux's ephemeral range: a client connection that just closed can hold one in TIME-WAIT for a minute.
    if [ "$attempt" -lt 7 ] && tail -n 5 "$dir/log" 2>/dev/null | grep -q "Address already in use"; then
      infra_log "PostgreSQL: port $INFRA_PG_PORT is still held by a closing connection; trying again in 10 s"
      sleep 10
      continue
    fi
    infra_log "PostgreSQL did not start; the end of $dir/log:"
    infra_tail_log "$dir/log"
    return 1
  done
  INFRA_POSTGRES="Host=127.0.0.1;Port=$INFRA_PG_PORT;Username=yisp;Password=yisp;Database=postgres"
  infra_log "PostgreSQL on 127.0.0.1:$INFRA_PG_PORT (data: $data)"
}

infra_rabbit_env() { # node, rabbit folder, dist port
  export RABBITMQ_CONFIG_FILE=$2/rabbitmq.conf RABBITMQ_ENABLED_PLUGINS_FILE=$2/enabled_plugins \
         RABBITMQ_MNESIA_BASE=$2/mnesia RABBITMQ_LOG_BASE=$2/log ERL_EPMD_ADDRESS=127.0.0.1 \
         RABBITMQ_NODENAME=$1 RABBITMQ_DIST_PORT=$3 \
         RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

infra_start_rabbitmq() {
  local dir=$INFRA_DIR/rabbit node=$INFRA_RMQ_NODE i
  mkdir -p "$dir"/{mnesia,log}   # an existing mnesia folder (the platform's) keeps its queues and messages
  printf 'listeners.tcp.default = 127.0.0.1:%s\nmanagement.tcp.ip = 127.0.0.1\nmanagement.tcp.port = %s\nloopback_users = none\n' \
    "$INFRA_RMQ_PORT" "$INFRA_RMQ_MGMT_PORT" > "$dir/rabbitmq.conf"
  echo '[rabbitmq_management].' > "$dir/enabled_plugins"
  chown -R rabbitmq:rabbitmq "$dir"
  infra_reachable "$dir/mnesia" rabbitmq || return 1
  INFRA_STARTED+=("rmq:$node:$dir")
  (infra_rabbit_env "$node" "$dir" "$INFRA_RMQ_DIST_PORT"; rabbitmq-server -detached >/dev/null 2>&1)
  for i in $(seq 120); do
    rabbitmqctl -q -n "$node" await_startup --timeout 60 >/dev/null 2>&1 && break
    if [ "$i" -eq 120 ] || { [ "$i" -ge 30 ] && ! infra_node_registered "$node"; }; then
      infra_log "RabbitMQ node $node did not start; the end of its log in $dir/log:"
      infra_tail_log "$dir/log/$node.log"
      return 1
    fi
    sleep 1
  done
  for i in $(seq 60); do
    curl -fsS -u guest:guest "http://127.0.0.1:$INFRA_RMQ_MGMT_PORT/api/overview" >/dev/null 2>&1 && break
    if [ "$i" -eq 60 ]; then infra_log "RabbitMQ management did not answer on port $INFRA_RMQ_MGMT_PORT"; return 1; fi
    sleep 1
  done
  infra_log "RabbitMQ node $node on 127.0.0.1:$INFRA_RMQ_PORT (management :$INFRA_RMQ_MGMT_PORT, distribution :$INFRA_RMQ_DIST_PORT)"
}

# Starts the role's PostgreSQL and RabbitMQ. Returns 1, having started nothing, when they cannot run here.
infra_start() {
  infra_use "${1:?role: platform, test, bench or system}" || return 1
  infra_install
  infra_check_free || return 1
  if [ "$INFRA_ROLE" = platform ]; then
    mkdir -p "$INFRA_DIR"
  else
    INFRA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/yisp-$INFRA_ROLE.XXXXXX") || return 1
    chmod 755 "$INFRA_DIR"
    INFRA_STARTED+=("dir:$INFRA_DIR:$INFRA_RMQ_NODE")
  fi
  touch "$INFRA_DIR/.yisp-infra"
  infra_start_postgres || return 1
  infra_start_rabbitmq || return 1
  if [ "$INFRA_ROLE" != platform ]; then
    export YISP_TEST_POSTGRES=$INFRA_POSTGRES
    export YISP_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$INFRA_RMQ_PORT/"
    export YISP_TEST_RABBITMQ_MANAGEMENT="http://guest:guest@127.0.0.1:$INFRA_RMQ_MGMT_PORT/"
  fi
}

# What scripts/test.sh and scripts/benchmark.sh call: start the role's servers for this script's run, unless
# YISP_TEST_* already name running ones (then nothing is started or stopped), and stop them when it exits.
infra_ensure() {
  local role=${1:-test}
  if [ -z "${YISP_TEST_POSTGRES:-}" ] || [ -z "${YISP_TEST_RABBITMQ:-}" ]; then
    trap infra_stop EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    infra_start "$role" || return 1
  else
    infra_log "using the servers YISP_TEST_POSTGRES and YISP_TEST_RABBITMQ name (not started or stopped here)"
  fi
}

infra_stop_postgres() { # data folder
  local pid
  pid=$(infra_pg_running "$1") || return 0
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$1" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  infra_log "PostgreSQL (pid $pid, $1) stopped"
}

infra_stop_rabbitmq() { # node, rabbit folder
  local node=$1 dir=$2 pid was=
  if infra_node_registered "$node"; then
    was=1
    rabbitmqctl -q -n "$node" shutdown >/dev/null 2>&1 || true
  fi
  # A node that did not answer: stop it by the pid it wrote in its own folder.
  if pid=$(infra_beam_pid "$dir/mnesia/$node.pid"); then
    was=1
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  fi
  [ -z "$was" ] || infra_log "RabbitMQ node $node stopped"
}

infra_server() { # role, folder, postgres|rabbitmq, stop|start
  infra_use "$1" || return 1
  INFRA_DIR=$2
  case "$3:$4" in
    postgres:stop) infra_stop_postgres "$INFRA_DIR/pg/data" ;;
    postgres:start) infra_start_postgres ;;
    rabbitmq:stop) infra_stop_rabbitmq "$INFRA_RMQ_NODE" "$INFRA_DIR/rabbit" ;;
    rabbitmq:start) infra_start_rabbitmq ;;
    *) infra_log "infra_server: $3 $4? (postgres or rabbitmq, stop or start)"; return 1 ;;
  esac
}

# Stops what this shell started (most recent first) and removes the test or bench folder it made.
infra_stop() {
  local i item rest
  for ((i = ${#INFRA_STARTED[@]} - 1; i >= 0; i--)); do
    item=${INFRA_STARTED[i]}
    rest=${item#*:}
    case "$item" in
      pg:*) infra_stop_postgres "$rest" ;;
      rmq:*) infra_stop_rabbitmq "${rest%%:*}" "${rest#*:}" ;;
      dir:*) infra_remove_folder "${rest%:*}" "${rest##*:}" || true ;;
    esac
  done
  INFRA_STARTED=()
}

# Stops a role's servers from any shell, found by its data folder and node name (the platform's by default).
infra_stop_role() {
  infra_use "${1:-platform}" || return 1
  if [ -z "$INFRA_DIR" ]; then infra_log "the $INFRA_ROLE role has no fixed folder"; return 1; fi
  infra_stop_rabbitmq "$INFRA_RMQ_NODE" "$INFRA_DIR/rabbit"
  infra_stop_postgres "$INFRA_DIR/pg/data"
}

# Deletes the platform's data (its databases, queues and messages), refused while its servers run.
infra_reset() {
  infra_use "${1:-platform}" || return 1
  if [ "$INFRA_ROLE" != platform ]; then infra_log "only the platform keeps data between runs"; return 1; fi
  if [ ! -d "$INFRA_DIR" ]; then infra_log "nothing to reset: $INFRA_DIR does not exist"; return 0; fi
  infra_remove_folder "$INFRA_DIR" "$INFRA_RMQ_NODE" || { infra_log "stop scripts/run-platform.sh first"; return 1; }
  infra_log "deleted the platform's data in $INFRA_DIR"
}

# Creates each database on the last started role's PostgreSQL unless it exists.
infra_create_databases() {
  local database exists
  for database in "$@"; do
    exists=$(PGPASSWORD=yisp psql -h 127.0.0.1 -p "$INFRA_PG_PORT" -U yisp -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$database'") || return 1
    if [ "$exists" = 1 ]; then
      infra_log "database $database exists"
    else
      PGPASSWORD=yisp psql -h 127.0.0.1 -p "$INFRA_PG_PORT" -U yisp -d postgres -qc "CREATE DATABASE \"$database\"" >/dev/null || return 1
      infra_log "database $database created"
    fi
  done
}

# Creates a broker user on the last started role's RabbitMQ, or sets its password when it exists, and sets its
# permissions on the virtual host / (configure, write, read: regular expressions over resource names). Safe to run again.
infra_create_broker_user() { # user, password, configure, write, read
  local user=$1 password=$2 node=$INFRA_RMQ_NODE
  if rabbitmqctl -q -n "$node" list_users --no-table-headers 2>/dev/null | cut -f1 | grep -qxF -- "$user"; then
    rabbitmqctl -q -n "$node" change_password -- "$user" "$password" >/dev/null || return 1
  else
    rabbitmqctl -q -n "$node" add_user -- "$user" "$password" >/dev/null || return 1
  fi
  rabbitmqctl -q -n "$node" set_permissions -p / -- "$user" "$3" "$4" "$5" >/dev/null || return 1
  infra_log "broker user $user: configure '$3', write '$4', read '$5' on /"
}

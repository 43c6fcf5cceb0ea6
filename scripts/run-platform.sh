#!/usr/bin/env bash
# Runs the whole platform on this machine without Docker: PostgreSQL and RabbitMQ on loopback (installed
# when missing), every service and the gateway on 127.0.0.1. Prints the gateway's URL; Ctrl-C stops
# everything it started, and only that. The agency adapters (health, education, police) start after the gateway;
# their webhook worker is off here: deliveries wait in each adapter's log (GET /deliveries), nothing is sent.
# The data (databases, queues, messages) is kept in .run/data between runs (YISP_PLATFORM_DIR changes it);
# --reset deletes it first. Ports: services 5100-5105 (GATEWAY_PORT, ...), adapters 5110-5112 (ADAPTER_HEALTH_PORT, ...),
# PostgreSQL 55432, RabbitMQ 5672, management 15672 (see scripts/infra.sh for the YISP_PLATFORM_* settings).
# Usage: scripts/run-platform.sh [--reset]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/infra.sh
source scripts/infra.sh
reset=
for arg in "$@"; do
  case "$arg" in
    --reset) reset=1 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $arg (usage: scripts/run-platform.sh [--reset])" >&2; exit 2 ;;
  esac
done
GATEWAY_PORT=${GATEWAY_PORT:-5100}
REFERRAL_PORT=${REFERRAL_PORT:-5101}
CONSENT_PORT=${CONSENT_PORT:-5102}
INTERVENTION_PORT=${INTERVENTION_PORT:-5103}
IDENTITY_PORT=${IDENTITY_PORT:-5104}
REPORTING_PORT=${REPORTING_PORT:-5105}
ADAPTER_HEALTH_PORT=${ADAPTER_HEALTH_PORT:-5110}
ADAPTER_EDUCATION_PORT=${ADAPTER_EDUCATION_PORT:-5111}
ADAPTER_POLICE_PORT=${ADAPTER_POLICE_PORT:-5112}
ADAPTER_CHILDRENS_SOCIAL_CARE_PORT=${ADAPTER_CHILDRENS_SOCIAL_CARE_PORT:-5116}
ADAPTER_YOUTH_OFFENDING_TEAM_PORT=${ADAPTER_YOUTH_OFFENDING_TEAM_PORT:-5117}
ADAPTER_CAREERS_PORT=${ADAPTER_CAREERS_PORT:-5114}
ADAPTER_HOUSING_PORT=${ADAPTER_HOUSING_PORT:-5113}
ADAPTER_YOUTH_SERVICE_PORT=${ADAPTER_YOUTH_SERVICE_PORT:-5115}
# Development only: production takes these from its secret store.
DEV_AUDIT_KEY=${DEV_AUDIT_KEY:-ZGV2ZWxvcG1lbnQtYXVkaXQtY2hhaW4ta2V5LTMyYnl0ZXM=}
DEV_GATEWAY_AUDIT_KEY=${DEV_GATEWAY_AUDIT_KEY:-ZGV2ZWxvcG1lbnQtZ2F0ZXdheS1hdWRpdC1rZXktMzJieXRlcw==}
DEV_WEBHOOK_SECRET=${DEV_WEBHOOK_SECRET:-whsec_ZGV2ZWxvcG1lbnQtd2ViaG9vay1zaWduaW5nLWtleSE=}
# Where the adapters would deliver (nothing listens there; their worker is off, deliveries wait in their log).
DEV_WEBHOOK_URL=http://127.0.0.1:5199/
LOGS=.run/logs
pids=()

stop_all() {
  trap - EXIT
  echo; echo "Stopping what this script started..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  infra_stop
}

for port_setting in GATEWAY_PORT REFERRAL_PORT CONSENT_PORT INTERVENTION_PORT IDENTITY_PORT REPORTING_PORT \
    ADAPTER_HEALTH_PORT ADAPTER_EDUCATION_PORT ADAPTER_POLICE_PORT \
    ADAPTER_CHILDRENS_SOCIAL_CARE_PORT ADAPTER_YOUTH_OFFENDING_TEAM_PORT \
    ADAPTER_CAREERS_PORT ADAPTER_HOUSING_PORT ADAPTER_YOUTH_SERVICE_PORT; do
  infra_port_free "${!port_setting}" "${port_setting%_PORT}" "$port_setting" || exit 1
done
if [ -n "$reset" ]; then infra_reset platform || exit 1; fi
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
infra_start platform || exit 1
infra_create_databases yisp_referral yisp_consent yisp_intervention yisp_reporting yisp_gateway \
  yisp_adapter_health yisp_adapter_education yisp_adapter_police \
  yisp_adapter_childrens_social_care yisp_adapter_youth_offending_team \
  yisp_adapter_careers yisp_adapter_housing yisp_adapter_youth_service
# Each adapter's broker user reads its agency's queue and nothing else (as in k8s/dev-infra/rabbitmq/definitions.json).
for agency in health education police childrens-social-care youth-offending-team careers housing youth-service; do
  infra_create_broker_user "adapter-$agency" "dev-adapter-$agency-broker" '^$' '^$' "^agency\\.$agency\$"
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Yisp.Platform.sln -c Release -nologo -v q -clp:ErrorsOnly
mkdir -p "$LOGS"
export DOTNET_GCgen0size=0x400000   # the services' young generation, as in docker/Dockerfile

start_service() { # name, project folder, port, extra environment...
  local name=$1 folder=$2 port=$3; shift 3
  env ASPNETCORE_URLS="http://127.0.0.1:$port" "$@" \
    dotnet "$folder/bin/Release/net10.0/$(basename "$folder").dll" --contentRoot "$PWD/$folder" >"$LOGS/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 60); do
    kill -0 "$pid" 2>/dev/null || break
    curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && { echo "  $name ready on http://127.0.0.1:$port (log: $LOGS/$name.log)"; return; }
    sleep 1
  done
  echo "$name did not become ready; see $LOGS/$name.log" >&2
  exit 1
}

# The issuer is the public name (the gateway), so discovery and tokens name the address agency systems use; services
# still read discovery and keys from the identity service directly (Auth:Authority), and the issuer comes from there.
PUBLIC_URL="http://127.0.0.1:$GATEWAY_PORT"
start_service identity services/Identity/Yisp.Identity.Api "$IDENTITY_PORT" ASPNETCORE_ENVIRONMENT=Development \
  Identity__Issuer="$PUBLIC_URL/" OpenApi__PublicBaseUrl="$PUBLIC_URL" \
  Identity__TrustedProxies__0=127.0.0.1 # the gateway: its callers' addresses count, not its own
trust=(Auth__Authority="http://127.0.0.1:$IDENTITY_PORT/" Auth__RequireHttpsMetadata=false OpenApi__PublicBaseUrl="$PUBLIC_URL")
audit=(Audit__ChainKey="$DEV_AUDIT_KEY") # the gateway has a key of its own
start_service referral services/Referral/Yisp.Referral.Api "$REFERRAL_PORT" ASPNETCORE_ENVIRONMENT=Development "${trust[@]}" "${audit[@]}" \
  Database__ConnectionString="Host=127.0.0.1;Port=$INFRA_PG_PORT;Username=yisp;Password=yisp;Database=yisp_referral" \
  Messaging__Host=127.0.0.1 Messaging__Port="$INFRA_RMQ_PORT"
start_service consent services/Consent/Yisp.Consent.Api "$CONSENT_PORT" "${trust[@]}" "${audit[@]}" \
  Database__ConnectionString="Host=127.0.0.1;Port=$INFRA_PG_PORT;Username=yisp;Password=yisp;Database=yisp_consent" \
  Messaging__Host=127.0.0.1 Messaging__Port="$INFRA_RMQ_PORT"
start_service intervention services/Intervention/Yisp.Intervention.Api "$INTERVENTION_PORT" "${trust[@]}" "${audit[@]}" \
  Database__ConnectionString="Host=127.0.0.1;Port=$INFRA_PG_PORT;Username=yisp;Password=yisp;Database=yisp_intervention" \
  Messaging__Host=127.0.0.1 Messaging__Port="$INFRA_RMQ_PORT"
start_service reporting services/Reporting/Yisp.Reporting.Api "$REPORTING_PORT" "${trust[@]}" "${audit[@]}" \
  Database__ConnectionString="Host=127.0.0.1;Port=$INFRA_PG_PORT;Username=yisp;Password=yisp;Database=yisp_reporting" \
  Messaging__Host=127.0.0.1 Messaging__Port="$INFRA_RMQ_PORT"
start_service gateway gateway/Yisp.Gateway "$GATEWAY_PORT" "${trust[@]}" Audit__ChainKey="$DEV_GATEWAY_AUDIT_KEY" \
  Database__ConnectionString="Host=127.0.0.1;Port=$INFRA_PG_PORT;Username=yisp;Password=yisp;Database=yisp_gateway" \
  ReverseProxy__Clusters__identity__Destinations__primary__Address="http://127.0.0.1:$IDENTITY_PORT/" \
  ReverseProxy__Clusters__referral__Destinations__primary__Address="http://127.0.0.1:$REFERRAL_PORT/" \
  ReverseProxy__Clusters__consent__Destinations__primary__Address="http://127.0.0.1:$CONSENT_PORT/" \
  ReverseProxy__Clusters__intervention__Destinations__primary__Address="http://127.0.0.1:$INTERVENTION_PORT/" \
  ReverseProxy__Clusters__reporting__Destinations__primary__Address="http://127.0.0.1:$REPORTING_PORT/"

# The agency adapters: called by agency systems directly (not through the gateway); they call the platform through
# the gateway, as their own clients (identity's development registrations), and read their feeds as their own users.
adapter=(Auth__Authority="$PUBLIC_URL/" Auth__RequireHttpsMetadata=false
  Adapter__Platform__GatewayUrl="$PUBLIC_URL/" Adapter__Feed__Host=127.0.0.1 Adapter__Feed__Port="$INFRA_RMQ_PORT"
  Adapter__Webhook__Url="$DEV_WEBHOOK_URL" Adapter__Webhook__Secrets__0="$DEV_WEBHOOK_SECRET" Adapter__Webhook__WorkerEnabled=false)
start_service adapter-health services/Adapters/Yisp.Adapters.Health "$ADAPTER_HEALTH_PORT" "${adapter[@]}" \
  OpenApi__PublicBaseUrl="http://127.0.0.1:$ADAPTER_HEALTH_PORT" \
  Database__ConnectionString="Host=127.0.0.1;Port=$INFRA_PG_PORT;Username=yisp;Password=yisp;Database=yisp_adapter_health" \
  Adapter__Agency=health Adapter__Platform__ClientId=adapter-health Adapter__Platform__ClientSecret=dev-adapter-health-secret \
  Adapter__Feed__Username=adapter-health Adapter__Feed__Password=dev-adapter-health-broker
start_service adapter-education services/Adapters/Yisp.Adapters.Education "$ADAPTER_EDUCATION_PORT" "${adapter[@]}" \
  OpenApi__PublicBaseUrl="http://127.0.0.1:$ADAPTER_EDUCATION_PORT" \
  Database__ConnectionString="Host=127.0.0.1;Port=$INFRA_PG_PORT;Username=yisp;Password=yisp;Database=yisp_adapter_education" \
  Adapter__Agency=education Adapter__Platform__ClientId=adapter-education Adapter__Platform__ClientSecret=dev-adapter-education-secret \
  Adapter__Feed__Username=adapter-education Adapter__Feed__Password=dev-adapter-education-broker
start_service adapter-police services/Adapters/Yisp.Adapters.Police "$ADAPTER_POLICE_PORT" "${adapter[@]}" \
  OpenApi__PublicBaseUrl="http://127.0.0.1:$ADAPTER_POLICE_PORT" \
  Database__ConnectionString="Host=127.0.0.1;Port=$INFRA_PG_PORT;Username=yisp;Password=yisp;Database=yisp_adapter_police" \
  Adapter__Agency=police Adapter__Platform__ClientId=adapter-police Adapter__Platform__ClientSecret=dev-adapter-police-secret \
  Adapter__Feed__Username=adapter-police Adapter__Feed__Password=dev-adapter-police-broker
start_service adapter-childrens-social-care services/Adapters/Yisp.Adapters.ChildrensSocialCare "$ADAPTER_CHILDRENS_SOCIAL_CARE_PORT" "${adapter[@]}" \
  OpenApi__PublicBaseUrl="http://127.0.0.1:$ADAPTER_CHILDRENS_SOCIAL_CARE_PORT" \
  Database__ConnectionString="Host=127.0.0.1;Port=$INFRA_PG_PORT;Username=yisp;Password=yisp;Database=yisp_adapter_childrens_social_care" \
  Adapter__Agency=childrens-social-care Adapter__Platform__ClientId=adapter-childrens-social-care \
  Adapter__Platform__ClientSecret=dev-adapter-childrens-social-care-secret \
  Adapter__Feed__Username=adapter-childrens-social-care Adapter__Feed__Password=dev-adapter-childrens-social-care-broker
start_service adapter-youth-offending-team services/Adapters/Yisp.Adapters.YouthOffendingTeam "$ADAPTER_YOUTH_OFFENDING_TEAM_PORT" "${adapter[@]}" \
  OpenApi__PublicBaseUrl="http://127.0.0.1:$ADAPTER_YOUTH_OFFENDING_TEAM_PORT" \
  Database__ConnectionString="Host=127.0.0.1;Port=$INFRA_PG_PORT;Username=yisp;Password=yisp;Database=yisp_adapter_youth_offending_team" \
  Adapter__Agency=youth-offending-team Adapter__Platform__ClientId=adapter-youth-offending-team \
  Adapter__Platform__ClientSecret=dev-adapter-youth-offending-team-secret \
  Adapter__Feed__Username=adapter-youth-offending-team Adapter__Feed__Password=dev-adapter-youth-offending-team-broker
start_service adapter-careers services/Adapters/Yisp.Adapters.Careers "$ADAPTER_CAREERS_PORT" "${adapter[@]}" \
  OpenApi__PublicBaseUrl="http://127.0.0.1:$ADAPTER_CAREERS_PORT" \
  Database__ConnectionString="Host=127.0.0.1;Port=$INFRA_PG_PORT;Username=yisp;Password=yisp;Database=yisp_adapter_careers" \
  Adapter__Agency=careers Adapter__Platform__ClientId=adapter-careers Adapter__Platform__ClientSecret=dev-adapter-careers-secret \
  Adapter__Feed__Username=adapter-careers Adapter__Feed__Password=dev-adapter-careers-broker
start_service adapter-housing services/Adapters/Yisp.Adapters.Housing "$ADAPTER_HOUSING_PORT" "${adapter[@]}" \
  OpenApi__PublicBaseUrl="http://127.0.0.1:$ADAPTER_HOUSING_PORT" \
  Database__ConnectionString="Host=127.0.0.1;Port=$INFRA_PG_PORT;Username=yisp;Password=yisp;Database=yisp_adapter_housing" \
  Adapter__Agency=housing Adapter__Platform__ClientId=adapter-housing Adapter__Platform__ClientSecret=dev-adapter-housing-secret \
  Adapter__Feed__Username=adapter-housing Adapter__Feed__Password=dev-adapter-housing-broker
start_service adapter-youth-service services/Adapters/Yisp.Adapters.YouthService "$ADAPTER_YOUTH_SERVICE_PORT" "${adapter[@]}" \
  OpenApi__PublicBaseUrl="http://127.0.0.1:$ADAPTER_YOUTH_SERVICE_PORT" \
  Database__ConnectionString="Host=127.0.0.1;Port=$INFRA_PG_PORT;Username=yisp;Password=yisp;Database=yisp_adapter_youth_service" \
  Adapter__Agency=youth-service Adapter__Platform__ClientId=adapter-youth-service Adapter__Platform__ClientSecret=dev-adapter-youth-service-secret \
  Adapter__Feed__Username=adapter-youth-service Adapter__Feed__Password=dev-adapter-youth-service-broker

cat <<INFO

YISP platform is running. Gateway: http://127.0.0.1:$GATEWAY_PORT  (API docs: http://127.0.0.1:$GATEWAY_PORT/docs)
Development clients (secrets in README): coordinator-console, police-system, education-system, health-system, auditor-console, dpo-console.
  TOKEN=\$(curl -s -d grant_type=client_credentials -d client_id=police-system -d client_secret=dev-police-secret \
    http://127.0.0.1:$GATEWAY_PORT/connect/token | grep -o '"access_token": *"[^"]*"' | cut -d'"' -f4)
  curl -s -X POST http://127.0.0.1:$GATEWAY_PORT/api/referrals -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
    -d '{"referringAgency":"police","practitioner":{"name":"Alex Morgan","email":"alex@police.example"},
         "child":{"givenName":"Sam","familyName":"Lee","dateOfBirth":"2014-05-01","address":{"line1":"1 Example St","postcode":"M1 1AE"}},
         "reasons":"Seen with older peers involved in thefts.","riskFactors":["family-conflict","exclusion","persistent-absence","substance-misuse"]}'
Agency adapters (called by agency systems directly; tokens of their agency): health http://127.0.0.1:$ADAPTER_HEALTH_PORT,
education http://127.0.0.1:$ADAPTER_EDUCATION_PORT, police http://127.0.0.1:$ADAPTER_POLICE_PORT, youth-service http://127.0.0.1:$ADAPTER_YOUTH_SERVICE_PORT. Their webhook worker is off:
deliveries are not sent to $DEV_WEBHOOK_URL but wait in each adapter's log (GET /deliveries).
RabbitMQ management: http://127.0.0.1:$INFRA_RMQ_MGMT_PORT (guest/guest). PostgreSQL: $INFRA_POSTGRES
Data (kept between runs; scripts/run-platform.sh --reset starts empty): $INFRA_DIR
Press Ctrl-C to stop everything this script started.
INFO
wait

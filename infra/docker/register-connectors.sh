#!/bin/bash
# Registers every connectors/*.json with a Kafka Connect worker through its REST API, then waits until
# each connector and its tasks run. PUT /connectors/<name>/config creates or updates, so running it
# again is harmless (the compose file runs it as a one-shot service after every `up`).
#
# Placeholders follow ConnectorConfigs (connectors/README.md): ${postgres.host} takes the value of the
# environment variable CONNECTOR_POSTGRES_HOST (upper case, "." and "-" become "_"); a placeholder
# without a value fails. ${provider:...} references, such as ${env:POSTGRES_PASSWORD}, are left for the
# worker's config providers, so passwords never enter Connect's config topic. $${ is a literal ${.
#
# Usage: register-connectors [connectors-dir]   (CONNECT_URL, default http://connect:8083)
set -euo pipefail

dir=${1:-/opt/innflow/connectors}
connect=${CONNECT_URL:-http://connect:8083}
timeout=${REGISTER_TIMEOUT_SECONDS:-180}

resolve='
def key_env: "CONNECTOR_" + (ascii_upcase | gsub("[.-]"; "_"));
def resolve:
  gsub("(?<all>\\$?\\$\\{(?<k>[^}]*)\\})";
    if (.all | startswith("$$")) then .all[1:]
    elif (.k | contains(":")) then .all
    else ($ENV[.k | key_env] // error("no value for ${" + .k + "}: set " + (.k | key_env)))
    end);
.config | map_values(tostring | resolve)'

until curl -fsS "$connect/connectors" > /dev/null; do
  echo "waiting for Kafka Connect at $connect"
  sleep 2
done

shopt -s nullglob
files=("$dir"/*.json)
if [ ${#files[@]} -eq 0 ]; then
  echo "no connector configs in $dir" >&2
  exit 1
fi

names=()
for file in "${files[@]}"; do
  name=$(jq -er '.name' "$file")
  config=$(jq -e "$resolve" "$file")
  status=$(curl -sS -o /tmp/register.out -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
    --data "$config" "$connect/connectors/$name/config")
  if [ "$status" != 200 ] && [ "$status" != 201 ]; then
    echo "Connect rejected $name ($file, HTTP $status): $(cat /tmp/register.out)" >&2
    exit 1
  fi
  echo "connector $name $([ "$status" = 201 ] && echo created || echo updated) from $(basename "$file")"
  names+=("$name")
done

deadline=$((SECONDS + timeout))
for name in "${names[@]}"; do
  while true; do
    status=$(curl -fsS "$connect/connectors/$name/status" || echo '{}')
    if jq -e '.connector.state == "FAILED" or any(.tasks[]?; .state == "FAILED")' <<< "$status" > /dev/null; then
      echo "connector $name failed: $status" >&2
      exit 1
    fi
    if jq -e '.connector.state == "RUNNING" and (.tasks | length > 0) and all(.tasks[]; .state == "RUNNING")' <<< "$status" > /dev/null; then
      echo "connector $name running"
      break
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "connector $name not running within ${timeout}s: $status" >&2
      exit 1
    fi
    sleep 2
  done
done

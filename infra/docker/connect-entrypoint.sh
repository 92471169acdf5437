#!/bin/bash
# Kafka Connect in distributed mode, configured from CONNECT_* environment variables:
# CONNECT_BOOTSTRAP_SERVERS=... becomes bootstrap.servers=...; in a name, "___" stands for "-", "__"
# for "_" and "_" for ".". Secrets never go into connector configs: workers resolve ${env:NAME}
# references (EnvVarConfigProvider) when a connector starts.
set -euo pipefail

props=/opt/kafka/config/innflow/connect-distributed.properties
: > "$props"
while IFS='=' read -r name value; do
  case "$name" in
    CONNECT_*)
      key=$(printf '%s' "${name#CONNECT_}" | tr '[:upper:]' '[:lower:]' | sed -e 's/___/-/g' -e 's/__/\x00/g' -e 's/_/./g' -e 's/\x00/_/g')
      printf '%s=%s\n' "$key" "$value" >> "$props"
      ;;
  esac
done < <(env)

for required in bootstrap.servers group.id config.storage.topic offset.storage.topic status.storage.topic; do
  grep -q "^${required}=" "$props" || { echo "innflow-connect: ${required} is not set (CONNECT_* environment)" >&2; exit 1; }
done

exec /opt/kafka/bin/connect-distributed.sh "$props"

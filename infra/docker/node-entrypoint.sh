#!/bin/sh
# Starts one innflow node; every setting comes from INNFLOW_* environment variables (see
# docs/configuration.md). exec: the JVM gets SIGTERM itself, so the node leaves its consumer group on
# shutdown and its hotels move to the other nodes at once.
set -eu
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
exec java ${JAVA_OPTS:-} -cp "/opt/innflow/conf:/opt/innflow/lib/*" io.innflow.api.node.Main "$@"

#!/bin/sh
# Starts the notifier; every setting comes from INNFLOW_* environment variables (see
# docs/configuration.md, "Notifier settings"). exec: the JVM gets SIGTERM itself, so the consumer leaves
# its group on shutdown and the sender finishes the email it is sending.
set -eu
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
exec java ${JAVA_OPTS:-} -cp "/opt/innflow/conf:/opt/innflow/lib/*" io.innflow.notifier.Main "$@"

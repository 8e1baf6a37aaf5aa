#!/usr/bin/env bash
# Starts a local single-node Kafka broker for this example (the repository's scripts/kafka.sh:
# Kafka 3.9.1 in KRaft mode, no Docker; needs Java 17+, and Maven once to fetch the jars).
# Prints the bootstrap address, so:   export KAFKA_BROKERS=$(scripts/start-broker.sh)
# Stop it with:                       scripts/start-broker.sh stop
# Ports: KAFKA_PORT (default 19092) and KAFKA_CONTROLLER_PORT (default 19093).
set -euo pipefail
exec "$(dirname -- "${BASH_SOURCE[0]}")/../../../scripts/kafka.sh" "${1:-start}"

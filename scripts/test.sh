#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs dependencies, starts the services the
# integration tests need (PostgreSQL, MariaDB, Redis, a Kafka broker) and stops what it started,
# installs Debian's Chromium for the browser tests when it is missing, builds, type-checks and
# lints every package, checks the release (changeset version, packed tarballs installed outside
# the workspace), runs every test, every benchmark for about a second, the short crash torture, a
# short fuzz of the verifier, the MikroORM 7 suite on Node 24, the examples and the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. scripts/lib.sh
. scripts/services.sh
# Stop what this run started however it ends; each step runs even when one before it fails.
trap 'status=$?; services_stop_started || true; scripts/kafka.sh stop || true; exit $status' EXIT
rm -f .vitest-report*.json

step "install"
pnpm_cmd install --frozen-lockfile --reporter=append-only

step "services"
services_ensure
KAFKA_BROKERS=$(scripts/kafka.sh start)
export KAFKA_BROKERS
echo "Kafka broker at $KAFKA_BROKERS"

step "browser"
# The dashboard's tests drive Debian's Chromium with playwright-core, which downloads no browser of its
# own. A missing browser fails those tests rather than skipping them, so install it here.
if [ ! -x /usr/bin/chromium ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
/usr/bin/chromium --version

step "build, typecheck, lint"
pnpm_cmd exec turbo run build typecheck lint --output-logs=errors-only

step "release checks"
bash scripts/check-release.sh

step "tests (Node 20)"
pnpm_cmd exec vitest run --reporter=default --reporter=json --outputFile=.vitest-report.json

step "benchmarks, smoke runs (about a second each; a bench that breaks fails here, no timing is checked)"
bash scripts/bench-smoke.sh

step "crash torture (short: 8 SIGKILLs per combination; \`pnpm torture --full\` for 25)"
pnpm_cmd --silent torture

step "verifier fuzz (short: 25 000 mutated requests per scheme; the full run is 1 000 000)"
pnpm_cmd --filter @webhooks/verify --silent fuzz --cases 25000

step "MikroORM 7 on Node 24"
bash packages/mikro-orm/scripts/test-v7.sh --reporter=default --reporter=json --outputFile="$ROOT/.vitest-report-mikro-orm-v7.json"

step "demo"
pnpm_cmd --filter @webhooks/demo --silent start >/dev/null
echo "demo ok"

step "summary"
node scripts/test-summary.mjs .vitest-report*.json

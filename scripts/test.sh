#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs dependencies, starts the services
# the integration tests need (and stops what it started), builds, type-checks, lints
# every package, runs every test and example.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
. scripts/services.sh
trap services_stop_started EXIT

step "install"
pnpm_cmd install --frozen-lockfile --reporter=append-only

step "services"
services_ensure

step "build, typecheck, lint"
pnpm_cmd exec turbo run build typecheck lint --output-logs=errors-only

step "tests"
pnpm_cmd exec vitest run --reporter=default --reporter=json --outputFile=.vitest-report.json
node scripts/test-summary.mjs .vitest-report.json

step "demo"
pnpm_cmd --filter @webhooks/demo --silent start >/dev/null
echo "demo ok"

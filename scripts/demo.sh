#!/usr/bin/env bash
# Installs dependencies, builds the packages the demo uses, and runs it on embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

step "install"
pnpm_cmd install --frozen-lockfile --reporter=silent
step "build"
pnpm_cmd exec turbo run build --filter=@webhooks/demo... --output-logs=errors-only
step "demo"
pnpm_cmd --filter @webhooks/demo --silent start

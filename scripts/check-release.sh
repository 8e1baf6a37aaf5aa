#!/usr/bin/env bash
# Release checks, run by scripts/test.sh after the build:
#  1. `changeset version`, in a scratch copy of the repository, bumps every published
#     package, writes its changelog, and leaves private packages alone;
#  2. each published package, packed as npm would publish it, holds no test code or test
#     helper, installs from its tarball into a fresh project outside the workspace and
#     works there (ESM and CommonJS);
#  3. there, `npx webhooks` runs: its help, and a TypeScript webhooks.config.ts it loads.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. scripts/lib.sh
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT

step "changeset version (scratch copy)"
mkdir -p "$SCRATCH/repo"
git archive HEAD | tar -x -C "$SCRATCH/repo"
cp -R .changeset/. "$SCRATCH/repo/.changeset/"   # include changesets not committed yet
ln -s "$ROOT/node_modules" "$SCRATCH/repo/node_modules"
(cd "$SCRATCH/repo" && git init -q && git add -A && git -c user.email=ci@example.com -c user.name=ci commit -qm scratch \
  && "$ROOT/node_modules/.bin/changeset" version >/dev/null)
node scripts/check-versions.mjs "$SCRATCH/repo"

step "pack and install outside the workspace"
mkdir -p "$SCRATCH/tarballs" "$SCRATCH/app"
for dir in packages/*/; do
  if [ "$(node -p "require('./${dir}package.json').private === true")" = "false" ]; then
    (cd "$dir" && pnpm_cmd pack --pack-destination "$SCRATCH/tarballs" >/dev/null)
  fi
done
# Published code is what users run: no tests, test helpers or fixtures in any tarball.
# (@webhooks/testing is the test kit itself: its contract suites are its product.)
for tarball in "$SCRATCH"/tarballs/*.tgz; do
  stray=$(tar -tzf "$tarball" | grep -E '\.test\.|/test/|test-support|fixtures?/|__tests__' || true)
  case "$tarball" in *webhooks-testing-*) stray=$(printf '%s\n' "$stray" | grep -E '\.test\.|fixtures?/' || true) ;; esac
  if [ -n "$stray" ]; then echo "$(basename "$tarball") packs test code:" >&2; echo "$stray" >&2; exit 1; fi
done
echo "no test code in the $(ls "$SCRATCH"/tarballs/*.tgz | wc -l) tarballs"
cp scripts/release-smoke.mjs scripts/release-smoke.cjs "$SCRATCH/app/"
(cd "$SCRATCH/app" && npm init -y >/dev/null \
  && npm install --no-audit --no-fund --loglevel=error "$SCRATCH"/tarballs/*.tgz express@5 kafkajs@2.2.4 @opentelemetry/api@1 sequelize@6 @mikro-orm/core@6.6.16 redis@6 \
  && node release-smoke.mjs && node release-smoke.cjs)

step "npx webhooks, installed"
cp scripts/release-smoke.config.ts "$SCRATCH/app/webhooks.config.ts"
(cd "$SCRATCH/app" && npx --no-install webhooks --help > help.txt && grep -q '^Exit codes:' help.txt \
  && echo '{"id":"evt_smoke"}' | npx --no-install webhooks sign --endpoint crm --json > signed.json \
  && node -e "const { headers } = require('./signed.json'); if (!/^sha256=[0-9a-f]{64}$/.test(headers['X-Webhook-Signature'])) process.exit(1)" \
  && echo 'npx webhooks: help, and a signature with the secret of webhooks.config.ts')

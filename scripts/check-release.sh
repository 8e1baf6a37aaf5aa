#!/usr/bin/env bash
# Release checks, run by scripts/test.sh after the build:
#  1. `changeset version`, in a scratch copy of the repository, bumps every published
#     package, writes its changelog, and leaves private packages alone;
#  2. each published package, packed as npm would publish it, installs from its tarball
#     into a fresh project outside the workspace and works there (ESM and CommonJS).
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
cp scripts/release-smoke.mjs scripts/release-smoke.cjs "$SCRATCH/app/"
(cd "$SCRATCH/app" && npm init -y >/dev/null \
  && npm install --no-audit --no-fund --loglevel=error "$SCRATCH"/tarballs/*.tgz express@5 kafkajs@2.2.4 sequelize@6 @mikro-orm/core@6.6.16 redis@6 \
  && node release-smoke.mjs && node release-smoke.cjs)

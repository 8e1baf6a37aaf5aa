#!/usr/bin/env bash
# Runs every benchmark for about a second (`bench:smoke`, each bench's --smoke flag), so none can rot
# silently: a bench that throws, hangs, or measures failed requests exits non-zero and fails this step.
# No timing is checked here; figures belong in the READMEs. Needs a build, the local Postgres and
# MariaDB, and KAFKA_BROKERS for the Kafka bench (scripts/test.sh provides all three).
# Run: bash scripts/bench-smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

# Every workspace package with a `bench` script must have a `bench:smoke` one: a new bench without it fails here.
mapfile -t dirs < <(node -e '
  const fs = require("node:fs");
  for (const dir of ["bench", ...fs.readdirSync("packages").map((d) => `packages/${d}`)]) {
    const file = `${dir}/package.json`;
    if (!fs.existsSync(file)) continue;
    const { scripts = {} } = JSON.parse(fs.readFileSync(file, "utf8"));
    if (scripts.bench === undefined && scripts["bench:smoke"] === undefined) continue;
    if (scripts["bench:smoke"] === undefined) { console.error(`${dir} has a bench script but no bench:smoke`); process.exit(1); }
    console.log(dir);
  }')

failed=()
for dir in "${dirs[@]}"; do
  started=$SECONDS
  echo "-- $dir"
  # A bench that waits forever (a consumer that never sees its messages) must fail too, not hang CI.
  if (cd "$dir" && timeout 180 bash -c "$(node -p "require('./package.json').scripts['bench:smoke']")" >"/tmp/bench-smoke.$$.log" 2>&1); then
    echo "   ok ($((SECONDS - started)) s)"
  else
    echo "   FAILED ($((SECONDS - started)) s):"
    sed 's/^/   | /' "/tmp/bench-smoke.$$.log" | tail -40
    failed+=("$dir")
  fi
done
rm -f "/tmp/bench-smoke.$$.log"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "benchmarks that no longer run: ${failed[*]}" >&2
  exit 1
fi
echo "all ${#dirs[@]} benchmark packages ran"

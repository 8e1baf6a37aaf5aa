// A sender process: the application with webhooks attached. Started by the orchestrator, which
// SIGKILLs it at random in `write` mode; exits by itself in `setup` and `drain` mode.
import { readSenderSpec } from './sender-spec.js';
import { DRAIN_TIMED_OUT, tell } from './sender-messages.js';
import { runWriteLoop } from './write-loop.js';

const spec = readSenderSpec();
// Only the ORM in use is loaded: start-up time is time no kill can land in a running stack.
const orm =
  spec.orm === 'sequelize'
    ? await import('../app/sequelize-app.js').then((m) => ({ setup: m.setupSequelizeDatabase, open: m.openSequelizeApp }))
    : await import('../app/mikro-orm-app.js').then((m) => ({ setup: m.setupMikroOrmDatabase, open: m.openMikroOrmApp }));
if (spec.mode === 'setup') {
  await orm.setup(spec.database);
  await tell({ type: 'done' });
  process.exit(0);
}
const loaded = performance.now();
const app = await orm.open(spec.database, spec);
await tell({ type: 'ready' });
console.log(`${spec.life} ready: modules after ${Math.round(loaded)} ms, stack up after ${Math.round(performance.now())} ms`);
if (spec.mode === 'write') await runWriteLoop(app, spec);
const { drainUntilIdle } = await import('./drain.js');
const drained = await drainUntilIdle(app, spec);
await app.close();
await tell({ type: 'done' });
process.exit(drained ? 0 : DRAIN_TIMED_OUT);

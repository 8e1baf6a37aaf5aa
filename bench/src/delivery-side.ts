// One side of the delivery benchmark in a process of its own, so the sides share neither heap nor
// compiled code: it runs a slice whenever the parent asks and reports what it did.
import { CONCURRENCY, SIDES, type SideName } from './delivery-sides.js';

export interface SliceReport {
  count: number;
  /** Deliveries that did not end in a 2xx: the bench would be timing its error path. */
  failures: number;
  ms: number;
  cpuMicros: number;
  latencies: number[];
}

const [name, origin, log] = process.argv.slice(2) as [SideName, string, string | undefined];
const side = await SIDES[name](origin, log ? Number(log) : undefined);

/** Keeps CONCURRENCY deliveries in flight for `ms`, each loop waiting for its response. */
async function run(ms: number): Promise<SliceReport> {
  const report: SliceReport = { count: 0, failures: 0, ms: 0, cpuMicros: 0, latencies: [] };
  const cpu = process.cpuUsage();
  const started = performance.now();
  const end = started + ms;
  let next = 0;
  const loop = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      if (!(await side.deliverOne(next++))) report.failures++;
      report.latencies.push(performance.now() - t0);
      report.count++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  report.ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  report.cpuMicros = used.user + used.system;
  return report;
}

process.on('message', (ms: number) => {
  void run(ms).then((report) => process.send!(report));
});
process.on('disconnect', () => void side.close().then(() => process.exit(0)));
process.send!('ready');

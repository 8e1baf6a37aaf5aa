/**
 * Polls `condition` (which may be async) in real time until it holds; rejects after `timeoutMs`, naming what it waited for.
 *
 * @example
 * await waitFor(() => handled.length === 3, { timeoutMs: 2000, what: 'three jobs handled' });
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<void> {
  const { timeoutMs = 5000, intervalMs = 10, what = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/**
 * Resolves after `ms` of real time.
 *
 * @example
 * await sleep(50);
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

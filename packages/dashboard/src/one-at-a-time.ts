/**
 * Runs actions on one key one at a time: a double click's second request starts after the
 * first is done, sees what it changed, and does nothing. One per handler, in its process.
 */
export function createOneAtATime(): <T>(key: string, action: () => Promise<T>) => Promise<T> {
  const running = new Map<string, Promise<unknown>>();
  return async (key, action) => {
    const next = (running.get(key) ?? Promise.resolve()).catch(() => undefined).then(action);
    running.set(key, next);
    try {
      return await next;
    } finally {
      if (running.get(key) === next) running.delete(key);
    }
  };
}

import { AsyncLocalStorage } from 'node:async_hooks';
import type { ActingUser, UserContext } from '../../engine/user-context.js';

const storage = new AsyncLocalStorage<{ user: ActingUser | null }>();

/** The acting-user context on `AsyncLocalStorage`: follows every await and callback of the unit of work. */
export const asyncUserContext: UserContext = {
  run: (user, fn) => storage.run({ user }, fn),
  current: () => storage.getStore()?.user,
};

import type { WebhookUser } from '../event.js';
import { defaultUserContext } from '#runtime';
import { WebhookError } from '../errors.js';

/** The user a unit of work acts as; what `CreateEventInput.user` accepts. */
export type ActingUser = { id: unknown; username?: unknown; [key: string]: unknown };

/**
 * Carries the acting user through asynchronous work. Under the `node` condition (Node, and Bun
 * and Deno, which honour it) it is built on `AsyncLocalStorage`; elsewhere there is none, and
 * the user is passed to `dispatch` instead.
 */
export interface UserContext {
  run<T>(user: ActingUser | null, fn: () => T): T;
  current(): ActingUser | null | undefined;
}

const unavailable: UserContext = {
  run() {
    throw new WebhookError(
      'invalid_argument',
      'runWithUser needs AsyncLocalStorage, which this runtime lacks (@webhooks/core was resolved without the "node" condition): pass user to dispatch instead',
    );
  },
  current: () => undefined,
};

const context: UserContext = defaultUserContext ?? unavailable;

/**
 * Runs `fn` with `user` as the acting user of every event dispatched inside
 * it, across `await`s, unless a dispatch names its own user.
 *
 * @example
 * app.use((req, res, next) => runWithUser({ id: req.user.id, username: req.user.name }, next));
 */
export function runWithUser<T>(user: ActingUser | null, fn: () => T): T {
  return context.run(user, fn);
}

/** The acting user of the current unit of work, if any. */
export function currentUser(): ActingUser | null | undefined {
  return context.current();
}

export type { WebhookUser };

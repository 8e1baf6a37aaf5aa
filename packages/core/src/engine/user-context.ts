import type { WebhookUser } from '../event.js';
import { WebhookError } from '../errors.js';

/** The user a unit of work acts as; what `CreateEventInput.user` accepts. */
export type ActingUser = { id: unknown; username?: unknown; [key: string]: unknown };

/**
 * Carries the acting user through asynchronous work. On Node (and Bun, Deno)
 * the `node` entry installs one built on `AsyncLocalStorage`; elsewhere pass
 * the user to `dispatch` or install your own with `setUserContext`.
 */
export interface UserContext {
  run<T>(user: ActingUser | null, fn: () => T): T;
  current(): ActingUser | null | undefined;
}

const unavailable: UserContext = {
  run() {
    throw new WebhookError(
      'invalid_argument',
      'runWithUser needs AsyncLocalStorage: use the Node entry of @webhooks/core, call setUserContext(), or pass user to dispatch',
    );
  },
  current: () => undefined,
};

let context: UserContext = unavailable;

/** Installs the context implementation (the Node entry does this). */
export function setUserContext(implementation: UserContext): void {
  context = implementation;
}

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

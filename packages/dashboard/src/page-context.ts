import type { DashboardSettings } from './dashboard-options.js';

/** What a page or an action needs about the request it answers. */
export interface PageContext {
  settings: DashboardSettings;
  request: Request;
  url: URL;
  /** Where the dashboard is mounted, without a trailing slash: `''` or `/admin/webhooks`. */
  base: string;
  /** The CSRF token for this browser's forms. */
  token: string;
  now: number;
  /** Serializes actions on one delivery or endpoint (see `createOneAtATime`). */
  oneAtATime<T>(key: string, action: () => Promise<T>): Promise<T>;
}

/** A link inside the dashboard; `path` starts with `/`. */
export function href(context: Pick<PageContext, 'base'>, path: string, query: Record<string, string | number | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return `${context.base}${path}${text ? `?${text}` : ''}`;
}

/** A path segment for an id or endpoint name. */
export const segment = (value: string) => encodeURIComponent(value);

/** `2026-01-24 10:00:05 UTC`: the server renders times, and has no idea of the reader's zone. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** How long ago, in the largest unit that fits: `12 s`, `5 min`, `3 h`, `4 d`. */
export function formatAge(ms: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

/** `840 ms`, `2.4 s`. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The start of a long text, and whether it was cut. */
export function cap(text: string, max: number): { text: string; cut: boolean } {
  return text.length <= max ? { text, cut: false } : { text: text.slice(0, max), cut: true };
}

/**
 * Where an endpoint sends, without what may be a secret: a URL's path or query often is one
 * (a Slack hook's token, a `?key=`), and its user info always is. The origin is enough to tell
 * endpoints apart.
 */
export function endpointOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

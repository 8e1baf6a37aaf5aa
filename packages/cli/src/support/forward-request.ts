/** What the forward target answered, or why it could not. */
export type ForwardResult = { status: number; headers: Headers; body: string } | { error: string };

// Headers that describe one connection, not the request: the new connection sets its own.
const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'proxy-connection', 'te', 'trailer']);

/**
 * Re-posts a received request to `url` unchanged: the same body bytes and headers (less those
 * of the connection), no redirects followed.
 *
 * @example
 * const answer = await forwardRequest('http://localhost:3000/webhooks', req.headers, body, 10_000);
 */
export async function forwardRequest(
  url: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  body: Uint8Array<ArrayBuffer>,
  timeoutMs: number,
): Promise<ForwardResult> {
  const forwarded = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name.toLowerCase())) continue;
    for (const one of Array.isArray(value) ? value : [value]) forwarded.append(name, one);
  }
  try {
    const response = await fetch(url, { method: 'POST', headers: forwarded, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, headers: response.headers, body: await response.text() };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { error: cause?.code ?? cause?.message ?? (error as Error).message };
  }
}

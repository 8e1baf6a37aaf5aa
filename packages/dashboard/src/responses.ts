import type { Html } from './html.js';
import { stylesHash } from './styles.js';

/**
 * Headers on every answer: a CSP that allows no script at all and only the page's own
 * stylesheet, no framing, no caching (payloads are data), no referrer out of the page (same-origin, not no-referrer: under no-referrer a browser posts forms with `Origin: null`).
 */
async function securityHeaders(): Promise<Record<string, string>> {
  return {
    'content-security-policy': `default-src 'none'; style-src ${await stylesHash()}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'cache-control': 'no-store',
  };
}

/** An HTML page. */
export async function htmlResponse(status: number, page: Html, headers: Record<string, string> = {}): Promise<Response> {
  return new Response(page.value, {
    status,
    headers: { ...(await securityHeaders()), 'content-type': 'text/html; charset=utf-8', ...headers },
  });
}

/** After an action: see the result with a GET, so reloading the page does not post again. */
export async function redirect(location: string): Promise<Response> {
  return new Response(null, { status: 303, headers: { ...(await securityHeaders()), location } });
}

/** A response without a body, for HEAD. */
export function withoutBody(response: Response): Response {
  return new Response(null, { status: response.status, headers: response.headers });
}

const COOKIE = 'webhooks_dashboard_csrf';
const NONCE = /^[A-Za-z0-9_-]{43}$/;

/** The signed double-submit token of the dashboard's forms. */
export interface CsrfTokens {
  /** The token for this browser's forms, and the cookie to set when it has none yet. */
  issue(request: Request, cookiePath: string): Promise<{ token: string; setCookie?: string }>;
  /** True when `token` is the one issued for the nonce in this request's cookie. */
  check(request: Request, token: string | null): Promise<boolean>;
}

/**
 * Signed double-submit tokens: the browser holds a random nonce in an HttpOnly, SameSite=Strict
 * cookie, and every form carries HMAC(key, nonce). A site that can plant a cookie still cannot
 * forge the matching form field without the key. With no `secret`, the key is random per
 * handler: forms then work only against the process that rendered them.
 */
export function createCsrfTokens(secret: string | undefined): CsrfTokens {
  const key = (async () => {
    const bytes = secret === undefined ? crypto.getRandomValues(new Uint8Array(32)) : new TextEncoder().encode(secret);
    return crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  })();
  const sign = async (nonce: string) =>
    base64url(new Uint8Array(await crypto.subtle.sign('HMAC', await key, new TextEncoder().encode(`webhooks-dashboard-csrf:${nonce}`))));

  return {
    async issue(request, cookiePath) {
      const existing = readCookie(request, COOKIE);
      if (existing !== undefined && NONCE.test(existing)) return { token: await sign(existing) };
      const nonce = base64url(crypto.getRandomValues(new Uint8Array(32)));
      const secure = new URL(request.url).protocol === 'https:' ? '; Secure' : '';
      return { token: await sign(nonce), setCookie: `${COOKIE}=${nonce}; Path=${cookiePath}; HttpOnly; SameSite=Strict${secure}` };
    },
    async check(request, token) {
      const nonce = readCookie(request, COOKIE);
      if (nonce === undefined || !NONCE.test(nonce) || token === null) return false;
      return sameText(await sign(nonce), token);
    },
  };
}

/**
 * Whether a state-changing request comes from a page of this origin, by the headers browsers
 * set and pages cannot: `Sec-Fetch-Site`, and `Origin` compared by host (a proxy that ends TLS
 * leaves the scheme behind). A client that sends neither is no browser, and has the token to show.
 */
export function fromThisOrigin(request: Request, trustedOrigins: readonly string[]): boolean {
  const site = request.headers.get('sec-fetch-site');
  const origin = request.headers.get('origin');
  if (origin !== null) {
    if (trustedOrigins.includes(origin)) return true;
    try {
      if (new URL(origin).host !== new URL(request.url).host) return false;
    } catch {
      return false; // "null": a sandboxed frame, a data: page, a redirect from elsewhere
    }
  }
  return site === null || site === 'same-origin';
}

function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Compares in time that does not depend on where the texts differ. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

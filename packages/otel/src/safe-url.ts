/**
 * An endpoint URL fit for a span attribute: no user name or password, and every query
 * value replaced (a partner's URL often carries a token there). Unparseable: `undefined`.
 */
export function safeUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  if (parsed.search !== '') {
    const names = [...parsed.searchParams.keys()];
    parsed.search = names.map((name) => `${encodeURIComponent(name)}=REDACTED`).join('&');
  }
  return parsed.toString();
}

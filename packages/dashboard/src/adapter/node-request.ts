import type { IncomingMessage, ServerResponse } from 'node:http';
import { readCapped } from '../read-capped.js';

const BODY_MAX_BYTES = 16 * 1024;

/** What the adapters read of a Node request; Express adds the fields marked optional. */
export interface NodeRequestLike extends IncomingMessage {
  /** Express: where the router is mounted. */
  baseUrl?: string;
  /** Express: the URL before mounting cut its prefix off. */
  originalUrl?: string;
  /** Express: `http` or `https`, honouring `trust proxy`. */
  protocol?: string;
  /** Set by a body parser that ran before the dashboard. */
  body?: unknown;
}

/**
 * The Web `Request` for a Node request: full URL from `Host`, headers, and the form body, read
 * from the stream (at most 16 KiB, the dashboard's forms are tiny) or re-encoded from a body
 * parser's object.
 */
export async function toWebRequest(req: NodeRequestLike): Promise<Request> {
  const protocol = req.protocol ?? ((req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http');
  const url = `${protocol}://${req.headers.host ?? 'localhost'}${req.originalUrl ?? req.url ?? '/'}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    for (const item of [value].flat()) headers.append(name, item);
  }
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });
  return new Request(url, { method, headers, body: await readBody(req) });
}

async function readBody(req: NodeRequestLike): Promise<Uint8Array<ArrayBuffer> | string> {
  if (req.body !== undefined && req.body !== null && typeof req.body === 'object' && !(req.body instanceof Uint8Array)) {
    // A body parser (express.urlencoded()) already read the stream.
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(req.body)) if (typeof value === 'string') form.append(key, value);
    return form.toString();
  }
  if (req.body instanceof Uint8Array) return new Uint8Array(req.body);
  if (typeof req.body === 'string') return req.body;
  if (req.readableEnded) return '';
  // More than any of the dashboard's forms: an empty body, which the form check refuses.
  return (await readCapped(req as AsyncIterable<Uint8Array>, BODY_MAX_BYTES)) ?? '';
}

/** Writes a Web `Response` to a Node response. */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  res.end(response.body ? new Uint8Array(await response.arrayBuffer()) : undefined);
}

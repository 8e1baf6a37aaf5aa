import type { Dispatcher } from 'undici';

type ResponseBody = Dispatcher.ResponseData['body'];

/** The start of a response body, decoded for the delivery log. */
export interface CappedBody {
  text: string;
  /** More bytes arrived (or would have) than were kept. */
  truncated: boolean;
}

/**
 * Bodies up to this much past the cap are read and dropped so the connection
 * goes back to the pool; past it, closing the connection is cheaper than
 * reading on (a 50 MB error page is not worth a socket).
 */
export const DRAIN_LIMIT_BYTES = 64 * 1024;

const noop = () => {};

/**
 * Reads the first `maxBytes` of a response body and drains or drops the
 * rest, never buffering more than the cap. A stall or error once the cap is
 * filled still yields what was read (the status already arrived, the log has
 * its excerpt); before that it rejects with the stream's error.
 *
 * @example
 * const { text, truncated } = await readCappedBody(response.body, 4096, response.headers['content-length']);
 */
export async function readCappedBody(
  body: ResponseBody,
  maxBytes: number,
  contentLength?: string | string[],
  drainLimitBytes: number = DRAIN_LIMIT_BYTES,
): Promise<CappedBody> {
  // The usual small reply with a length that fits: undici's own reader skips the stream machinery.
  if (typeof contentLength === 'string' && Number(contentLength) <= maxBytes) {
    return { text: await body.text(), truncated: false };
  }
  return new Promise((resolve, reject) => {
    const head: Uint8Array[] = [];
    let kept = 0;
    let seen = 0;
    let settled = false;

    const settle = (error: unknown, truncated: boolean) => {
      if (settled) return;
      settled = true;
      body.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose).on('error', noop);
      if (error !== undefined && kept < maxBytes) return reject(error);
      resolve({ text: decode(head, kept, truncated), truncated });
    };
    const onData = (chunk: Uint8Array) => {
      seen += chunk.length;
      if (kept < maxBytes) {
        const part = chunk.length <= maxBytes - kept ? chunk : chunk.subarray(0, maxBytes - kept);
        head.push(part);
        kept += part.length;
      }
      if (seen > maxBytes + drainLimitBytes) body.destroy();
    };
    const onEnd = () => settle(undefined, seen > maxBytes);
    const onError = (err: unknown) => settle(err, true);
    const onClose = () => settle(new Error('response body closed before it ended'), true);

    body.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

function decode(chunks: Uint8Array[], length: number, truncated: boolean): string {
  const bytes = chunks.length === 1 ? (chunks[0] as Uint8Array) : concat(chunks, length);
  // `stream: true` holds back a character cut in half by the cap instead of printing U+FFFD.
  return new TextDecoder().decode(bytes, { stream: truncated });
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

import { WebhookVerificationError } from '@webhooks/core';
import { bodyTooLarge, checkContentLength } from './body-limit.js';
import { concatChunks } from './concat-chunks.js';

/**
 * Reads a Web `Request` body, at most `maxBytes`: a declared Content-Length
 * over the limit fails before reading, and reading stops at the first chunk
 * past it. A body that was already read fails with `body_already_parsed`.
 */
export async function readRequestBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const stream = request.body;
  if (request.bodyUsed || stream?.locked) {
    throw new WebhookVerificationError(
      'body_already_parsed',
      'the request body was already read (e.g. by request.json()); verify the request before reading its body, ' +
        'or pass the text you read to verifyWebhook({ headers, body })',
    );
  }
  checkContentLength(request.headers.get('content-length'), maxBytes);
  if (stream === null) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read().catch((cause: unknown) => {
      throw new WebhookVerificationError('malformed_body', 'the request body stream failed before its end', { cause });
    });
    if (done) return concatChunks(chunks, size);
    size += value.byteLength;
    if (size > maxBytes) {
      // Tell the source to stop producing; do not wait for it.
      reader.cancel().catch(() => {});
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
}

import type { IncomingMessage } from 'node:http';
import { WebhookVerificationError } from '@webhooks/core';
import { bodyTooLarge, checkContentLength, resolveMaxBodyBytes } from '../../body-limit.js';
import { concatChunks } from '../../concat-chunks.js';

/** A Node request, possibly with `body` set by a body parser that ran before. */
export type NodeWebhookRequest = IncomingMessage & { body?: unknown };

/**
 * Reads the raw body of a Node request from its stream, with the size limit.
 * A stream that something else already read is `body_already_parsed`.
 */
export async function readNodeBody(req: NodeWebhookRequest, maxBodyBytes: number | undefined): Promise<Uint8Array> {
  const maxBytes = resolveMaxBodyBytes(maxBodyBytes);
  // The stream, not req.body, tells: Express 4's parsers set `{}` even when they skipped the request.
  if (req.readableDidRead || req.readableEnded) throw alreadyRead(req.body);
  if (req.destroyed) throw incomplete();
  checkContentLength(req.headers['content-length'], maxBytes);
  return readStream(req, maxBytes);
}

const utf8 = new TextEncoder();

function readStream(req: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const finish = (err: Error | undefined, body?: Uint8Array) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (err) reject(err);
      else resolve(body!);
    };
    const onData = (chunk: Uint8Array | string) => {
      const bytes = typeof chunk === 'string' ? utf8.encode(chunk) : chunk;
      size += bytes.byteLength;
      if (size > maxBytes) {
        // Stop reading here; the caller answers 413 and should close the connection.
        req.pause();
        finish(bodyTooLarge(maxBytes));
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = () => finish(undefined, concatChunks(chunks, size));
    const onError = (cause: Error) => finish(incomplete(cause));
    const onClose = () => finish(incomplete());
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
    req.resume(); // in case something paused it: a 'data' listener alone would not start the flow
  });
}

function incomplete(cause?: Error): WebhookVerificationError {
  return new WebhookVerificationError('malformed_body', 'the request ended before its body was complete', { cause });
}

function alreadyRead(parsed: unknown): WebhookVerificationError {
  const why =
    typeof parsed === 'object' && parsed !== null
      ? 'req.body is already a parsed object: a body parser such as express.json() ran before the verifier'
      : 'the request stream was already read by something that ran before the verifier';
  return new WebhookVerificationError(
    'body_already_parsed',
    `${why}. The signature covers the exact bytes sent. Mount the webhook route before express.json(), ` +
      'or use express.raw({ type: "application/json" }) on it, or pass the raw text to verifyWebhook({ headers, body })',
  );
}

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { TextCompression } from '../../sql/sql-executor.js';

/** Raw deflate, base64: fast at level 1, and its output never starts with `[`. */
export const deflateCompression: TextCompression = {
  deflate: (text) => deflateRawSync(text, { level: 1 }).toString('base64'),
  inflate: (text) => inflateRawSync(Buffer.from(text, 'base64')).toString('utf8'),
};

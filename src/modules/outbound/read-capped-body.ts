import type { Readable } from 'node:stream';

const utf8 = new TextDecoder();

/**
 * Read at most `limit` bytes of a response body (undici's `request`) and drop the rest, so a huge
 * or endless answer from a third party cannot fill the process's memory. Decoded as fetch's
 * `text()` did (UTF-8, a leading byte order mark dropped, bad bytes replaced). Rejects with the
 * stream's error, e.g. the request's deadline aborting it.
 */
export function readCappedStream(
  body: Readable,
  limit: number,
): Promise<{ text: string; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (truncated: boolean) => {
      body.off('data', onData);
      body.off('end', onEnd);
      const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      resolve({ text: utf8.decode(bytes), truncated });
    };
    const onData = (chunk: Buffer) => {
      const room = limit - size;
      if (chunk.byteLength > room) {
        chunks.push(chunk.subarray(0, room));
        size = limit;
        finish(true);
        body.destroy(); // the rest is not read; the connection is closed, not reused
        return;
      }
      chunks.push(chunk);
      size += chunk.byteLength;
    };
    const onEnd = () => finish(false);
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('error', (error) => reject(error));
  });
}

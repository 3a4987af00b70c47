import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

/**
 * Read at most `limit` bytes of a response body and drop the rest, so a huge or endless answer
 * from a third party cannot fill the process's memory.
 */
export async function readCappedBody(
  response: { body: ReadableStream<Uint8Array> | NodeReadableStream<Uint8Array> | null },
  limit: number,
): Promise<{ text: string; truncated: boolean }> {
  if (!response.body) return { text: '', truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = limit - size;
    if (value.byteLength > room) {
      chunks.push(value.subarray(0, room));
      size = limit;
      truncated = true;
      await reader.cancel();
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), truncated };
}

import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake third party received. */
export interface RecordedRequest {
  method: string;
  /** Path and query string, e.g. `/postback?click_id=abc`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (until the server closes): forces the caller's timeout. */
  hang?: boolean;
}

export type Responder = ScriptedResponse | ((request: RecordedRequest) => ScriptedResponse);

export interface FakeServer {
  /** Base URL, e.g. `http://127.0.0.1:43121`. */
  url: string;
  requests: RecordedRequest[];
  /** Queue answers for the next requests, in order; once used up, the fallback answers. */
  respondWith(...responses: Responder[]): void;
  /** The answer when nothing is queued (200 `ok` by default). */
  setFallback(response: Responder): void;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function answer(response: ServerResponse, scripted: ScriptedResponse): void {
  if (scripted.hang) return;
  response.writeHead(scripted.status ?? 200, { 'content-type': 'text/plain', ...scripted.headers });
  response.end(scripted.body ?? '');
}

/** A small real HTTP server on 127.0.0.1 standing in for an advertiser, a tracker or the Graph API. */
export async function startFakeServer(
  fallback: Responder = { status: 200, body: 'ok' },
): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const queue: Responder[] = [];
  let current = fallback;
  const server = createServer(async (request, response) => {
    const recorded: RecordedRequest = {
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
      body: await readBody(request),
    };
    requests.push(recorded);
    const responder = queue.shift() ?? current;
    answer(response, typeof responder === 'function' ? responder(recorded) : responder);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith: (...responses) => queue.push(...responses),
    setFallback: (response) => {
      current = response;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

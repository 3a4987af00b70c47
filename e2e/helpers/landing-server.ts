import { createServer, type Server } from 'node:http';

export interface LandingServer {
  url: string;
  visits: URL[];
  close(): Promise<void>;
}

/** The offer's landing page, on loopback, recording each visit (with the click_id it was sent). */
export async function startLandingServer(): Promise<LandingServer> {
  const visits: URL[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/favicon.ico') visits.push(url);
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><title>Keto Slim</title><h1>Keto Slim landing</h1><p>click ${url.searchParams.get('click_id')}</p>`,
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    visits,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

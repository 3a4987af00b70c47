import { createServer, type Server } from 'node:http';

export interface LandingServer {
  url: string;
  visits: URL[];
  /** Where the landing page's order form posts (the network's `/api/lead`); no form while unset. */
  leadAction?: string;
  close(): Promise<void>;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The offer's landing page, on loopback, recording each visit (with the click_id it was sent), and
 * once `leadAction` is set an order form that posts the visitor's name and phone with that click_id.
 */
export async function startLandingServer(): Promise<LandingServer> {
  const visits: URL[] = [];
  const landing: LandingServer = { url: '', visits, close: async () => {} };
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/favicon.ico') visits.push(url);
    const clickId = escapeHtml(url.searchParams.get('click_id') ?? '');
    const form = landing.leadAction
      ? `<form method="post" action="${escapeHtml(landing.leadAction)}">
          <input type="hidden" name="click_id" value="${clickId}">
          <label>Your name <input name="name" required></label>
          <label>Phone <input name="phone" type="tel" required></label>
          <button type="submit">Order now</button>
        </form>`
      : '';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><title>Keto Slim</title><h1>Keto Slim landing</h1><p>click ${clickId}</p>${form}`,
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  landing.url = `http://127.0.0.1:${port}`;
  landing.close = () => new Promise((done) => server.close(() => done()));
  return landing;
}

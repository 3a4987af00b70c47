// A local advertiser for bench:leads: takes every lead push and answers with a lead id, as a CRM would.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 0);
let received = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"status":"ok","id":"ADV-${received}"}`);
  });
});
server.listen(port, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
process.on('SIGTERM', () => {
  process.stdout.write(`received ${received}\n`);
  server.close(() => process.exit(0));
});

// Baseline for bench:clicks: a bare node:http server answering the same 302 with no work at all.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 0);
const server = createServer((_req, res) => {
  res.writeHead(302, {
    location: 'https://lander.example/keto?click_id=01KT1GW6G0H2PTE0RGGBQX2MJD',
    'cache-control': 'no-store',
  });
  res.end();
});
server.listen(port, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

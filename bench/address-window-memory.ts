/** Worst-case memory of the click address window at its default bounds: node --expose-gc --import tsx bench/address-window-memory.ts */
import { ADDRESS_WINDOW_DEFAULTS, AddressWindow } from '../src/modules/clicks/address-window.js';

const gc = (globalThis as { gc?: () => void }).gc as () => void;
const now = Date.UTC(2026, 0, 1);
function measure(label: string, fill: (w: AddressWindow) => void) {
  gc();
  const before = process.memoryUsage().heapUsed;
  const w = new AddressWindow(ADDRESS_WINDOW_DEFAULTS);
  fill(w);
  gc();
  const after = process.memoryUsage().heapUsed;
  console.log(label, 'addresses', w.addresses, 'entries', w.size, 'MB', ((after - before) / 1e6).toFixed(1));
  return w;
}
// IPv6 addresses (longest strings), one click each: the address bound is hit.
measure('max addresses, 1 click each (ipv6)', (w) => {
  for (let i = 0; i < 400_000; i++)
    w.observe(
      `2001:0db8:85a3:0000:0000:${(i >> 16).toString(16).padStart(4, '0')}:${(i & 0xffff).toString(16).padStart(4, '0')}:7334`,
      i,
      now + i,
      now - 3_600_000,
      10,
    );
});
// Entry budget: addresses each with 10 stamps and 10 keys.
measure('entries budget (10 clicks, 10 agents each, ipv6)', (w) => {
  for (let i = 0; i < 150_000; i++)
    for (let k = 0; k < 10; k++)
      w.observe(
        `2001:0db8:85a3:0000:0000:${(i >> 16).toString(16).padStart(4, '0')}:${(i & 0xffff).toString(16).padStart(4, '0')}:7334`,
        k * 7919 + i,
        now + i * 10 + k,
        now - 3_600_000,
        10,
      );
});
// Threshold 1000: few addresses with many stamps.
measure('threshold 1000 (1000 stamps each)', (w) => {
  for (let i = 0; i < 3000; i++)
    for (let k = 0; k < 1000; k++) w.observe(`10.0.${i >> 8}.${i & 255}`, 1, now + k, now - 3_600_000, 1000);
});
measure('max addresses, 2 clicks each (ipv6)', (w) => {
  for (let i = 0; i < 100_000; i++)
    for (let k = 0; k < 2; k++)
      w.observe(
        `2001:0db8:85a3:0000:0000:${(i >> 16).toString(16).padStart(4, '0')}:${(i & 0xffff).toString(16).padStart(4, '0')}:7334`,
        i,
        now + i * 2 + k,
        now - 3_600_000,
        10,
      );
});
measure('max addresses, 3 clicks each (ipv6)', (w) => {
  for (let i = 0; i < 100_000; i++)
    for (let k = 0; k < 3; k++)
      w.observe(
        `2001:0db8:85a3:0000:0000:${(i >> 16).toString(16).padStart(4, '0')}:${(i & 0xffff).toString(16).padStart(4, '0')}:7334`,
        i + k * 1000003,
        now + i * 3 + k,
        now - 3_600_000,
        10,
      );
});

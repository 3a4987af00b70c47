import { describe, expect, it } from 'vitest';
import { csvLines, csvStream } from './csv-stream.js';

interface Row {
  id: number;
  name: string;
}

/** A fake list of `total` rows, newest id first, that counts the pages it was asked for. */
function list(total: number) {
  const asked: (number | undefined)[] = [];
  const page = async (after: number | undefined, limit: number): Promise<Row[]> => {
    asked.push(after);
    const start = after === undefined ? total : after - 1;
    const rows: Row[] = [];
    for (let id = start; id >= 1 && rows.length < limit; id--) rows.push({ id, name: `row ${id}` });
    return rows;
  };
  return { asked, page };
}

describe('csvLines', () => {
  it('reads a chunk only when the one before was taken (keyset, no read-ahead)', async () => {
    const fake = list(10_000);
    const lines = csvLines({
      columns: ['id', 'name'],
      page: fake.page,
      idOf: (r: Row) => r.id,
      present: (r) => r,
      chunk: 100,
    });
    expect((await lines.next()).value).toBe('\uFEFFid,name\r\n');
    expect(fake.asked).toEqual([]);
    const first = (await lines.next()).value as string;
    expect(first.split('\r\n')[0]).toBe('10000,row 10000');
    expect(fake.asked).toEqual([undefined]);
    await lines.next();
    expect(fake.asked).toEqual([undefined, 9901]);
    await lines.return(undefined);
  });

  it('writes every row once across chunk boundaries and neutralises formulas', async () => {
    const rows: Row[] = [
      { id: 3, name: '=HYPERLINK("http://evil","x")' },
      { id: 2, name: 'plain, with comma' },
      { id: 1, name: '-7.50' },
    ];
    let text = '';
    for await (const part of csvStream({
      columns: ['id', 'name'],
      page: async (after: number | undefined, limit) =>
        rows.filter((r) => after === undefined || r.id < after).slice(0, limit),
      idOf: (r: Row) => r.id,
      present: (r) => r,
      chunk: 2,
    })) {
      text += String(part);
    }
    expect(text).toBe(
      '\uFEFFid,name\r\n3,"\'=HYPERLINK(""http://evil"",""x"")"\r\n2,"plain, with comma"\r\n1,-7.50\r\n',
    );
  });

  it('streams 200 000 rows with the heap staying bounded', async () => {
    const fake = list(200_000);
    const stream = csvStream({
      columns: ['id', 'name'],
      page: fake.page,
      idOf: (r: Row) => r.id,
      present: (r) => r,
    });
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let bytes = 0;
    let n = 0;
    for await (const part of stream) {
      bytes += (part as Buffer).length;
      if (++n % 20 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(fake.asked).toHaveLength(201);
    expect(bytes).toBeGreaterThan(3_000_000);
    // The whole document would be > 3 MB as a string (6 MB of UTF-16); one chunk is ~20 kB.
    expect(peak - before).toBeLessThan(40_000_000);
  });
});

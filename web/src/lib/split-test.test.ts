import { describe, expect, it } from 'vitest';
import { armLetter, intervalLayout, shareSeries, simulateBody } from './split-test';

describe('split-test screen logic', () => {
  it('gives each arm its share of every day, zero on a day without clicks', () => {
    const arms = [
      { daily: [{ day: '2026-06-01', clicks: 3, leads: 0 }] },
      {
        daily: [
          { day: '2026-06-01', clicks: 1, leads: 1 },
          { day: '2026-06-03', clicks: 2, leads: 0 },
        ],
      },
    ];
    expect(shareSeries(arms, ['2026-06-01', '2026-06-02', '2026-06-03'])).toEqual([
      { day: '2026-06-01', total: 4, shares: [0.75, 0.25] },
      { day: '2026-06-02', total: 0, shares: [0, 0] },
      { day: '2026-06-03', total: 2, shares: [0, 1] },
    ]);
  });

  it('places intervals on one scale and keeps them inside the plot', () => {
    const rows = [{ key: 'a', label: 'A', value: 0.5, low: 0.25, high: 1.5, display: '' }];
    expect(intervalLayout(rows, 200, 1)).toEqual([{ low: 50, value: 100, high: 200 }]);
  });

  it('names arms A, B … Z, AA', () => {
    expect([0, 1, 25, 26, 27].map(armLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB']);
  });

  it('builds the simulate body from the form, leaving empty fields out', () => {
    const form = {
      address: '',
      country: 'in',
      userAgent: 'UA',
      language: 'hi-IN',
      referer: '',
      subs: ['camp', '', '', '', 'x'],
      time: '2026-06-01T10:30',
      repeat: false,
    };
    expect(simulateBody(form)).toEqual({
      country: 'IN',
      user_agent: 'UA',
      accept_language: 'hi-IN',
      subs: { sub1: 'camp', sub5: 'x' },
      time: '2026-06-01T10:30:00.000Z',
    });
    expect(simulateBody({ ...form, address: '49.36.0.10', repeat: true })).toMatchObject({
      ip: '49.36.0.10',
      repeat: true,
    });
    expect(simulateBody({ ...form, address: '49.36.0.10' })).not.toHaveProperty('country');
  });
});

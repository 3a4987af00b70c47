import { describe, expect, it } from 'vitest';
import { barLayout, daysBetween, labelEvery, niceCeiling, shortDay, showsLabel, ticks } from './chart';

describe('chart scale', () => {
  it('rounds the top of the scale up to a nice number', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(-5)).toBe(1);
    expect(niceCeiling(1)).toBe(1);
    expect(niceCeiling(7)).toBe(10);
    expect(niceCeiling(12)).toBe(20);
    expect(niceCeiling(22)).toBe(25);
    expect(niceCeiling(250)).toBe(250);
    expect(niceCeiling(251)).toBe(500);
    expect(niceCeiling(0.3)).toBe(0.5);
    expect(niceCeiling(1234.5)).toBe(2000);
  });

  it('draws grid lines from 0 to the ceiling', () => {
    expect(ticks(22)).toEqual([0, 6.25, 12.5, 18.75, 25]);
    expect(ticks(9, 2)).toEqual([0, 5, 10]);
    expect(ticks(0)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // Counts: whole numbers only.
    expect(ticks(2, 4, true)).toEqual([0, 1, 2]);
    expect(ticks(0, 4, true)).toEqual([0, 1]);
    expect(ticks(7, 4, true)).toEqual([0, 2, 4, 6, 8]);
    expect(ticks(40, 4, true)).toEqual([0, 10, 20, 30, 40]);
    expect(ticks(1234, 4, true)).toEqual([0, 500, 1000, 1500]);
    expect(ticks(100, 4, true)).toEqual([0, 25, 50, 75, 100]);
  });

  it('lays bars out from the bottom, the tallest scaled to the ceiling', () => {
    const bars = barLayout([0, 5, 10], 300, 100, 10);
    expect(bars.map((b) => b.height)).toEqual([0, 50, 100]);
    expect(bars.map((b) => b.y)).toEqual([100, 50, 0]);
    // 100 wide slots: bars capped at 48, centred in their slot.
    expect(bars[0]?.x).toBe(26);
    expect(bars[1]?.x).toBe(126);
    expect(bars[0]?.width).toBe(48);
    const narrow = barLayout([1, 1], 40, 100, 1);
    expect(narrow.map((b) => [b.x, b.width])).toEqual([
      [2.5, 15],
      [22.5, 15],
    ]);
    expect(barLayout([], 300, 100, 1)).toEqual([]);
    expect(barLayout([1, 2], 200, 100, 4).map((b) => b.height)).toEqual([25, 50]);
  });

  it('thins labels to fit and lists the days of a range', () => {
    expect(labelEvery(7, 10)).toBe(1);
    expect(labelEvery(30, 8)).toBe(4);
    // Counted from the last bar, so the last two labels never crowd each other.
    expect([0, 1, 2, 3, 4, 5, 6].filter((i) => showsLabel(i, 7, 3))).toEqual([0, 3, 6]);
    expect([0, 1, 2, 3, 4, 5].filter((i) => showsLabel(i, 6, 4))).toEqual([1, 5]);
    expect(daysBetween('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(daysBetween('2026-03-02', '2026-03-01')).toEqual([]);
    expect(shortDay('2026-06-01', 'en-US')).toBe('Jun 1');
  });
});

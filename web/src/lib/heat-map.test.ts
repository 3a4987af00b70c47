import { describe, expect, it } from 'vitest';
import { contrast, heatCell, luminance, percentValue } from './heat-map';

describe('heat-map colours', () => {
  it('reads the API’s percent strings', () => {
    expect(percentValue('37.50')).toBe(37.5);
    expect(percentValue('12.5%')).toBe(12.5);
    expect(percentValue('150')).toBe(100);
    expect(percentValue('')).toBe(0);
  });

  it('gets darker as the share grows', () => {
    let previous = Number.POSITIVE_INFINITY;
    for (let p = 0; p <= 100; p += 5) {
      const l = luminance(heatCell(p).background);
      expect(l).toBeLessThan(previous);
      previous = l;
    }
    expect(heatCell(0).style.backgroundColor).toBe('rgb(239 246 255)');
    expect(heatCell('100.00').style.backgroundColor).toBe('rgb(23 50 140)');
  });

  it('keeps the value readable on every shade (contrast at least 4.5:1)', () => {
    for (let p = 0; p <= 100; p += 0.5) {
      const cell = heatCell(p);
      expect(contrast(cell.background, cell.text)).toBeGreaterThanOrEqual(4.5);
    }
    expect(heatCell(0).style.color).toBe('rgb(0 0 0)');
    expect(heatCell(100).style.color).toBe('rgb(255 255 255)');
  });
});

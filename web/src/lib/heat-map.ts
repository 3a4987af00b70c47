/**
 * The heat-map of the conversion statistics' % cells (seed 000: darker = higher proportion). The
 * background runs from a pale to a deep blue with the share; the text is dark or white, whichever
 * reads better on it, so the value in the cell always stays readable (WCAG AA, ≥ 4.5:1).
 */

type Rgb = readonly [number, number, number];

const PALE: Rgb = [239, 246, 255];
const DEEP: Rgb = [23, 50, 140];
// Pure black: a continuous scale passes the shade where black and white read equally (4.58:1).
const DARK_TEXT: Rgb = [0, 0, 0];
const LIGHT_TEXT: Rgb = [255, 255, 255];

/** "37.50" or "37.5%" → 37.5, clamped to 0–100; anything else is 0. */
export function percentValue(text: string): number {
  const value = Number.parseFloat(text.replace('%', ''));
  if (!Number.isFinite(value)) return 0;
  return Math.min(100, Math.max(0, value));
}

/** WCAG relative luminance of an sRGB colour. */
export function luminance([r, g, b]: Rgb): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export interface HeatCell {
  background: Rgb;
  text: Rgb;
  style: { backgroundColor: string; color: string };
}

const css = ([r, g, b]: Rgb) => `rgb(${r} ${g} ${b})`;

/** The cell's colours for a share from 0 to 100 (a square-root curve so small shares still show). */
export function heatCell(percent: number | string): HeatCell {
  const share =
    (typeof percent === 'string' ? percentValue(percent) : Math.min(100, Math.max(0, percent))) / 100;
  const t = Math.sqrt(share);
  const background = PALE.map((p, i) => Math.round(p + ((DEEP[i] ?? p) - p) * t)) as unknown as Rgb;
  const text = contrast(background, DARK_TEXT) >= contrast(background, LIGHT_TEXT) ? DARK_TEXT : LIGHT_TEXT;
  return { background, text, style: { backgroundColor: css(background), color: css(text) } };
}

import { currentLocale } from '../i18n';

/**
 * The split-test and simulate answers (GET/POST /api/{admin,publisher}/flows/:id/split-test and
 * /simulate, src/modules/streams/schemas.ts) and the pure logic their screens draw with.
 */

export interface Interval {
  low: number;
  high: number;
}

export interface ArmDay {
  day: string;
  clicks: number;
  leads: number;
}

export interface SplitArm {
  id: string;
  type: string;
  target: string;
  weight: number;
  clicks: number;
  leads: number;
  cr: number;
  cr_ci: Interval;
  epc: { currency: string; value: string; low: string; high: string }[];
  daily: ArmDay[];
}

export interface WeightShift {
  at: string;
  reason: string;
  before: unknown;
  after: unknown;
  stats: unknown;
}

export interface SplitStream {
  id: string;
  name: string;
  auto: boolean;
  arms: SplitArm[];
  shifts: WeightShift[];
}

export interface SplitTestReply {
  flow_id: string;
  from: string;
  to: string;
  streams: SplitStream[];
}

export interface FilterExplanation {
  type: string;
  matched: boolean;
  seen?: string;
  filters?: FilterExplanation[];
}

export interface SimulateReply {
  visitor: {
    ip: string | null;
    country: string | null;
    device: string;
    os: string;
    browser: string;
    languages: string[];
    asn: string | null;
    region: string | null;
    unique: boolean;
    time: string;
  };
  checks: { check: string; passed: boolean; skipped?: boolean }[];
  accepted: boolean;
  reason: string | null;
  streams: {
    id: string;
    name: string;
    enabled: boolean;
    matched: boolean;
    filters: FilterExplanation;
    note?: string;
  }[];
  stream_id: string | null;
  arm_id: string | null;
  target: string | null;
  offer_id: string | null;
  location: string | null;
}

/** One colour per arm, in arm order, repeating after eight (CSS variables in split-sim.css). */
export function armColour(index: number): string {
  return `var(--arm-${(index % 8) + 1})`;
}

/** "A", "B", … "Z", "AA": short names for arms in legends. */
export function armLetter(index: number): string {
  let n = index;
  let out = '';
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}

/** 0.0345 → "3.45 %". */
export function percent(fraction: number, digits = 2): string {
  // The app's language's decimal sign ("12,50 %" in Spanish and Russian); no grouping: 100 % at most.
  const number = new Intl.NumberFormat(currentLocale(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  }).format(fraction * 100);
  return `${number} %`;
}

export interface ShareDay {
  day: string;
  total: number;
  /** Per arm, in arm order: its share of the day's clicks (0–1; all 0 on a day without clicks). */
  shares: number[];
}

/** Each day of `days`, each arm's share of the stream's clicks that day. */
export function shareSeries(arms: readonly Pick<SplitArm, 'daily'>[], days: readonly string[]): ShareDay[] {
  const byArm = arms.map((arm) => new Map(arm.daily.map((d) => [d.day, d.clicks])));
  return days.map((day) => {
    const clicks = byArm.map((m) => m.get(day) ?? 0);
    const total = clicks.reduce((a, b) => a + b, 0);
    return { day, total, shares: clicks.map((c) => (total > 0 ? c / total : 0)) };
  });
}

/** A decimal amount as a number for drawing only ("1.25" → 1.25); money is never added from it. */
export function amountForDrawing(text: string): number {
  const n = Number(text);
  return Number.isFinite(n) ? n : 0;
}

export interface IntervalRow {
  key: string;
  label: string;
  value: number;
  low: number;
  high: number;
  /** The value and its interval in words. */
  display: string;
}

/** x positions (0–width) of each row's low, value and high on a shared scale from 0 to `top`. */
export function intervalLayout(
  rows: readonly IntervalRow[],
  width: number,
  top: number,
): { low: number; value: number; high: number }[] {
  const x = (v: number) => (top > 0 ? Math.max(0, Math.min(width, (v / top) * width)) : 0);
  return rows.map((r) => ({ low: x(r.low), value: x(r.value), high: x(r.high) }));
}

/** The user agents a tester picks from, named as a person would. */
export const USER_AGENT_PRESETS: readonly { label: string; value: string }[] = [
  {
    label: 'Android phone (Chrome)',
    value:
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
  },
  {
    label: 'iPhone (Safari)',
    value:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  },
  {
    label: 'iPad (Safari)',
    value:
      'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  },
  {
    label: 'Windows desktop (Chrome)',
    value:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  },
  {
    label: 'Mac desktop (Safari)',
    value:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  },
  {
    label: 'Headless Chrome (a bot)',
    value:
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36',
  },
];

export interface SimulateForm {
  address: string;
  country: string;
  userAgent: string;
  language: string;
  referer: string;
  subs: string[];
  /** A datetime-local value ("2026-06-01T10:00"), read as UTC; empty: now. */
  time: string;
  repeat: boolean;
}

/** The simulate request body from the form: empty fields are left out; an address wins over a country. */
export function simulateBody(form: SimulateForm): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const address = form.address.trim();
  const country = form.country.trim();
  if (address) body.ip = address;
  else if (country) body.country = country.toUpperCase();
  if (form.userAgent.trim()) body.user_agent = form.userAgent.trim();
  if (form.language.trim()) body.accept_language = form.language.trim();
  if (form.referer.trim()) body.referer = form.referer.trim();
  const subs: Record<string, string> = {};
  form.subs.forEach((value, i) => {
    if (value.trim()) subs[`sub${i + 1}`] = value.trim();
  });
  if (Object.keys(subs).length > 0) body.subs = subs;
  if (form.time) body.time = new Date(`${form.time}Z`).toISOString();
  if (form.repeat) body.repeat = true;
  return body;
}

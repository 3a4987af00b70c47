/**
 * The stream editor's model (issue 19). The API's shapes (docs/streams.md, src/modules/streams/
 * schemas.ts) and the editor's draft: a draft stream carries a client key for React and drag and
 * drop, and its weights as typed text, until Save turns it back into one PUT body.
 */

import { currentLocale, type Locale } from '../i18n';

export type Day = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const DAYS: readonly Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export type FilterLeaf =
  | { type: 'country'; values: string[] }
  | { type: 'region'; values: string[] }
  | { type: 'device'; values: string[] }
  | { type: 'os'; values: string[] }
  | { type: 'browser'; values: string[] }
  | { type: 'language'; values: string[]; match?: 'primary' | 'any' }
  | { type: 'asn'; values: number[] }
  | { type: 'isp'; values: string[] }
  | { type: 'ip'; values: string[] }
  | { type: 'referrer'; match: 'contains' | 'domain' | 'empty'; values?: string[] }
  | {
      type: 'param';
      name: string;
      match: 'equals' | 'contains' | 'starts_with' | 'ends_with' | 'exists' | 'empty';
      values?: string[];
      case_sensitive?: boolean;
    }
  | { type: 'visitor'; value: 'unique' | 'repeat' }
  | { type: 'schedule'; time_zone: string; slots: { days: Day[]; from: string; to: string }[] };

export type LeafKind = FilterLeaf['type'];
export type FilterGroup = { type: 'and' | 'or'; filters: FilterNode[] };
export type FilterNode = FilterLeaf | FilterGroup | { type: 'not'; filter: FilterNode };

/** Every leaf kind the API takes (src/modules/streams/filter-schema.ts), in the order the menu shows them. */
export const LEAF_KINDS: readonly { kind: LeafKind; label: string }[] = [
  { kind: 'country', label: 'Country' },
  { kind: 'region', label: 'Region' },
  { kind: 'device', label: 'Device type' },
  { kind: 'os', label: 'Operating system' },
  { kind: 'browser', label: 'Browser' },
  { kind: 'language', label: 'Language' },
  { kind: 'isp', label: 'ISP (AS organisation)' },
  { kind: 'asn', label: 'ASN' },
  { kind: 'ip', label: 'IP address or range' },
  { kind: 'referrer', label: 'Referrer' },
  { kind: 'param', label: 'Sub id or parameter' },
  { kind: 'visitor', label: 'Unique or repeat visitor' },
  { kind: 'schedule', label: 'Schedule' },
];

export function newLeaf(kind: LeafKind): FilterLeaf {
  switch (kind) {
    case 'referrer':
      return { type: 'referrer', match: 'domain', values: [] };
    case 'param':
      return { type: 'param', name: 'sub1', match: 'equals', values: [] };
    case 'visitor':
      return { type: 'visitor', value: 'unique' };
    case 'schedule':
      return {
        type: 'schedule',
        time_zone: 'UTC',
        slots: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00' }],
      };
    case 'language':
      return { type: 'language', values: [], match: 'primary' };
    case 'asn':
      return { type: 'asn', values: [] };
    default:
      return { type: kind, values: [] };
  }
}

export function isGroup(node: FilterNode): node is FilterGroup {
  return node.type === 'and' || node.type === 'or';
}

export type ArmType = 'offer' | 'landing' | 'url' | 'trafficback';

export interface Arm {
  id: string;
  type: ArmType;
  offer_id: string | null;
  site_id: string | null;
  url: string | null;
  weight: number;
}

export interface AutoSettings {
  enabled: boolean;
  metric: 'cr' | 'epc';
  min_share_pct: number;
  min_sample: number;
}

export interface Stream {
  id: string;
  position: number;
  name: string;
  enabled: boolean;
  filters: FilterNode | null;
  arms: Arm[];
  auto: AutoSettings;
}

export interface DraftArm {
  key: string;
  id?: string;
  type: ArmType;
  offer_id: string;
  site_id: string;
  url: string;
  /** As typed; checked on Save. */
  weight: string;
}

export interface DraftStream {
  key: string;
  id?: string;
  name: string;
  enabled: boolean;
  /** The root is always a group in the editor; an empty one is sent as null (everyone). */
  filters: FilterGroup;
  arms: DraftArm[];
  auto: { enabled: boolean; metric: 'cr' | 'epc'; min_share_pct: string; min_sample: string };
}

let counter = 0;
export function newKey(): string {
  counter += 1;
  return `k${counter}`;
}

export function newArm(type: ArmType = 'trafficback'): DraftArm {
  return { key: newKey(), type, offer_id: '', site_id: '', url: '', weight: '1' };
}

export function newStream(name: string): DraftStream {
  return {
    key: newKey(),
    name,
    enabled: true,
    filters: { type: 'and', filters: [] },
    arms: [newArm()],
    auto: { enabled: false, metric: 'cr', min_share_pct: '10', min_sample: '100' },
  };
}

export function toDraft(stream: Stream): DraftStream {
  const root = stream.filters;
  return {
    key: newKey(),
    id: stream.id,
    name: stream.name,
    enabled: stream.enabled,
    filters:
      root === null ? { type: 'and', filters: [] } : isGroup(root) ? root : { type: 'and', filters: [root] },
    arms: stream.arms.map((a) => ({
      key: newKey(),
      id: a.id,
      type: a.type,
      offer_id: a.offer_id ?? '',
      site_id: a.site_id ?? '',
      url: a.url ?? '',
      weight: String(a.weight),
    })),
    auto: {
      enabled: stream.auto.enabled,
      metric: stream.auto.metric,
      min_share_pct: String(stream.auto.min_share_pct),
      min_sample: String(stream.auto.min_sample),
    },
  };
}

/** A whole number in [min, max], or undefined. */
function wholeNumber(text: string, min: number, max: number): number | undefined {
  if (!/^\d{1,7}$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : undefined;
}

export interface DraftProblem {
  field: string;
  message: string;
}

/** The PUT body's stream list, or the first problem the browser can see (the server checks the rest). */
export function toStreamsBody(streams: readonly DraftStream[]): { streams: unknown[] } | DraftProblem {
  const out: unknown[] = [];
  for (const [i, s] of streams.entries()) {
    if (!s.name.trim()) return { field: `streams[${i}].name`, message: 'A stream needs a name' };
    const arms: unknown[] = [];
    for (const [j, a] of s.arms.entries()) {
      const weight = wholeNumber(a.weight, 0, 10_000);
      if (weight === undefined)
        return { field: `streams[${i}].arms[${j}].weight`, message: 'A whole number from 0 to 10,000' };
      const target =
        a.type === 'offer'
          ? { offer_id: a.offer_id || undefined }
          : a.type === 'landing'
            ? { site_id: a.site_id || undefined }
            : a.type === 'url'
              ? { url: a.url.trim() || undefined }
              : {};
      arms.push({ ...(a.id ? { id: a.id } : {}), type: a.type, ...target, weight });
    }
    const minShare = wholeNumber(s.auto.min_share_pct, 0, 50);
    const minSample = wholeNumber(s.auto.min_sample, 1, 1_000_000);
    if (minShare === undefined)
      return { field: `streams[${i}].auto.min_share_pct`, message: 'A whole number from 0 to 50' };
    if (minSample === undefined)
      return { field: `streams[${i}].auto.min_sample`, message: 'A whole number from 1 to 1,000,000' };
    out.push({
      ...(s.id ? { id: s.id } : {}),
      name: s.name.trim(),
      enabled: s.enabled,
      filters: s.filters.filters.length === 0 ? null : s.filters,
      arms,
      auto: {
        enabled: s.auto.enabled,
        metric: s.auto.metric,
        min_share_pct: minShare,
        min_sample: minSample,
      },
    });
  }
  return { streams: out };
}

/** Each arm's share of the stream's traffic in percent (weights as typed; a bad weight counts as 0). */
export function armShares(arms: readonly DraftArm[]): number[] {
  const weights = arms.map((a) => wholeNumber(a.weight, 0, 10_000) ?? 0);
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w) => (total === 0 ? 0 : (w * 100) / total));
}

/** A share in percent with at most one decimal, by the app's language: `33.3 %`, ru/es `33,3 %`. */
export function formatShare(pct: number, locale: Locale = currentLocale()): string {
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(pct)} %`;
}

/** Move one item of a list; the other items keep their order. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

/** `streams[2].arms[1].site_id` → {stream: 2, arm: 1, rest: 'site_id'}; filters keep their path. */
export function locateField(field: string | undefined): { stream?: number; arm?: number; path?: string } {
  if (!field) return {};
  const m = /^streams\[(\d+)\](?:\.arms\[(\d+)\])?/.exec(field);
  if (!m) return {};
  return { stream: Number(m[1]), arm: m[2] === undefined ? undefined : Number(m[2]), path: field };
}

/** Simulate's answer (POST …/simulate). */
export interface Explanation {
  type: string;
  matched: boolean;
  seen?: string;
  filters?: Explanation[];
}

export interface SimulateResult {
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
    filters: Explanation;
    note?: string;
  }[];
  stream_id: string | null;
  arm_id: string | null;
  stream_index: number | null;
  arm_index: number | null;
  target: string | null;
  offer_id: string | null;
  location: string | null;
}

export interface SplitTestArm {
  id: string;
  clicks: number;
  leads: number;
  cr: number;
  cr_ci: { low: number; high: number };
}

export interface SplitTest {
  streams: { id: string; arms: SplitTestArm[] }[];
}

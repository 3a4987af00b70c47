import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ValidationError } from '../../lib/errors.js';
import {
  AsnFilter,
  BrowserFilter,
  CountryFilter,
  DeviceFilter,
  type FilterLeaf,
  type FilterNode,
  IpFilter,
  IspFilter,
  LanguageFilter,
  MAX_FILTER_DEPTH,
  MAX_FILTER_LEAVES,
  OsFilter,
  ParamFilter,
  ReferrerFilter,
  RegionFilter,
  ScheduleFilter,
  VisitorFilter,
} from './filter-schema.js';
import { compileIpRanges } from './ip-ranges.js';
import { isRegionCode, REGION_CODE_SHAPE } from './region-codes.js';
import { compileSchedule } from './schedule.js';
import type { Visitor } from './visitor.js';

export type Test = (v: Visitor) => boolean;

/**
 * One filter kind: its schema, how it compiles to a test, what the visitor had (for simulate), and
 * its cost rank. A group tests its cheapest members first (the result is the same: tests have no
 * side effects), so a stream that a sub id or the country rules out never parses the agent, looks
 * up the ASN or the region, or reads the clock. Ranks from bench/click-cost.ts profiles: 1 reads a
 * field of the click; 2 a per-process cache keyed by a header (agent, Accept-Language) or the
 * minute; 3 a binary search or address parse; 4 a URL parse; 9 the city database (≈20 µs).
 */
interface FilterKind<T extends FilterLeaf> {
  schema: TSchema;
  cost: number;
  compile(leaf: T, field: string): Test;
  seen(v: Visitor, leaf: T): string;
}

type Kinds = { [K in FilterLeaf['type']]: FilterKind<Extract<FilterLeaf, { type: K }>> };

const lowerSet = (values: readonly string[]) => new Set(values.map((v) => v.toLowerCase()));

function anyIn(set: ReadonlySet<string>, values: readonly string[]): boolean {
  for (let i = 0; i < values.length; i++) if (set.has(values[i] as string)) return true;
  return false;
}

/** Linear-time text matches only (no visitor-facing regular expressions, so no ReDoS). */
function textMatcher(
  match: 'equals' | 'contains' | 'starts_with' | 'ends_with',
  values: readonly string[],
  caseSensitive: boolean,
): (text: string) => boolean {
  const wanted = caseSensitive ? values : values.map((v) => v.toLowerCase());
  const norm = (t: string) => (caseSensitive ? t : t.toLowerCase());
  if (match === 'equals') {
    const set = new Set(wanted);
    return (t) => set.has(norm(t));
  }
  const each = (test: (text: string, w: string) => boolean) => (t: string) => {
    const text = norm(t);
    for (let i = 0; i < wanted.length; i++) if (test(text, wanted[i] as string)) return true;
    return false;
  };
  if (match === 'contains') return each((t, w) => t.includes(w));
  if (match === 'starts_with') return each((t, w) => t.startsWith(w));
  return each((t, w) => t.endsWith(w));
}

function needValues(values: readonly string[] | undefined, field: string): readonly string[] {
  if (!values || values.length === 0) throw new RangeError(`${field}.values: at least one value is needed`);
  return values;
}

/**
 * Every filter kind. To add one (say `hosting` from a datacenter list): add its schema to
 * filter-schema.ts's FilterLeaf, the fact to VisitorFacts (visitor.ts), and an entry here.
 */
export const FILTER_KINDS: Kinds = {
  country: {
    schema: CountryFilter,
    cost: 1,
    compile(leaf) {
      const set = new Set(leaf.values.map((v) => (v === 'unknown' ? v : v.toUpperCase())));
      return (v) => set.has(v.facts.country ?? 'unknown');
    },
    seen: (v) => v.facts.country ?? 'unknown',
  },
  region: {
    schema: RegionFilter,
    cost: 9,
    compile(leaf, field) {
      // "name", "CC:name" or an ISO 3166-2 code, lower-cased; a visitor's region carries the same
      // three keys, worked out once per region (region.ts), so a test is at most three set lookups.
      leaf.values.forEach((x, i) => {
        if (REGION_CODE_SHAPE.test(x.trim()) && !isRegionCode(x.trim()))
          throw new RangeError(`${field}.values[${i}]: "${x}" is not an ISO 3166-2 region code`);
      });
      const set = new Set(leaf.values.map((x) => x.trim().toLowerCase()));
      const unknown = set.has('unknown');
      return (v) => {
        const region = v.region;
        if (region === null) return unknown;
        const keys = region.keys;
        for (let i = 0; i < keys.length; i++) if (set.has(keys[i] as string)) return true;
        return false;
      };
    },
    seen: (v) =>
      v.region
        ? `${v.region.country}:${v.region.name}${v.region.code ? ` (${v.region.code})` : ''}`
        : 'unknown',
  },
  device: {
    schema: DeviceFilter,
    cost: 2,
    compile(leaf) {
      const set = new Set<string>(leaf.values);
      return (v) => set.has(v.ua.device);
    },
    seen: (v) => v.ua.device,
  },
  os: {
    schema: OsFilter,
    cost: 2,
    compile(leaf) {
      const set = lowerSet(leaf.values);
      return (v) => set.has(v.ua.osLower);
    },
    seen: (v) => v.ua.os,
  },
  browser: {
    schema: BrowserFilter,
    cost: 2,
    compile(leaf) {
      const set = lowerSet(leaf.values);
      return (v) => set.has(v.ua.browserLower);
    },
    seen: (v) => v.ua.browser,
  },
  language: {
    schema: LanguageFilter,
    cost: 2,
    compile(leaf) {
      // `en` matches en, en-us …: the visitor's tags come with their prefixes (visitor.ts).
      const wanted = leaf.values.map((x) => x.toLowerCase());
      if (leaf.match === 'any') return (v) => anyIn(v.languageSet.allPrefixes, wanted);
      const set = new Set(wanted);
      return (v) => anyIn(set, v.languageSet.primaryPrefixes);
    },
    seen: (v) => v.languages.map((l) => `${l.tag};q=${l.q}`).join(', ') || 'none',
  },
  asn: {
    schema: AsnFilter,
    cost: 3,
    compile(leaf) {
      const set = new Set(leaf.values);
      return (v) => {
        const asn = v.asn;
        return asn !== null && set.has(asn.number);
      };
    },
    seen: (v) => (v.asn ? `AS${v.asn.number}` : 'unknown'),
  },
  isp: {
    schema: IspFilter,
    cost: 3,
    compile(leaf) {
      const wanted = leaf.values.map((x) => x.toLowerCase());
      return (v) => {
        const isp = v.ispLower;
        if (isp === null) return false;
        for (let i = 0; i < wanted.length; i++) if (isp.includes(wanted[i] as string)) return true;
        return false;
      };
    },
    seen: (v) => v.asn?.organisation ?? 'unknown',
  },
  ip: {
    schema: IpFilter,
    cost: 3,
    compile(leaf, field) {
      const inRanges = compileIpRanges(leaf.values, `${field}.values`);
      return (v) => inRanges(v.ipNumber);
    },
    seen: (v) => v.facts.ip,
  },
  referrer: {
    schema: ReferrerFilter,
    cost: 4,
    compile(leaf, field) {
      if (leaf.match === 'empty') return (v) => !v.facts.referer;
      const values = needValues(leaf.values, field);
      if (leaf.match === 'contains') {
        const contains = textMatcher('contains', values, false);
        return (v) => v.facts.referer !== null && contains(v.facts.referer);
      }
      const domains = values.map((d) => d.toLowerCase().replace(/^\.+|\.+$/g, ''));
      const exact = new Set(domains);
      const suffixes = domains.map((d) => `.${d}`);
      return (v) => {
        const host = v.refererHost;
        if (host === null) return false;
        if (exact.has(host)) return true;
        for (let i = 0; i < suffixes.length; i++) if (host.endsWith(suffixes[i] as string)) return true;
        return false;
      };
    },
    seen: (v) => v.facts.referer ?? 'none',
  },
  param: {
    schema: ParamFilter,
    cost: 1,
    compile(leaf, field) {
      const name = leaf.name;
      if (leaf.match === 'exists') return (v) => Boolean(v.facts.params[name]);
      if (leaf.match === 'empty') return (v) => !v.facts.params[name];
      const matches = textMatcher(leaf.match, needValues(leaf.values, field), leaf.case_sensitive === true);
      return (v) => {
        const value = v.facts.params[name];
        return value !== undefined && value !== '' && matches(value);
      };
    },
    seen: (v, leaf) => v.facts.params[leaf.name] ?? 'none',
  },
  visitor: {
    schema: VisitorFilter,
    cost: 1,
    compile(leaf) {
      const unique = leaf.value === 'unique';
      return (v) => v.facts.unique === unique;
    },
    seen: (v) => (v.facts.unique ? 'unique' : 'repeat'),
  },
  schedule: {
    schema: ScheduleFilter,
    cost: 2,
    compile(leaf, field) {
      const schedule = compileSchedule(leaf.time_zone, leaf.slots, field);
      return (v) => schedule.test(v.facts.now);
    },
    seen: (v, leaf) => compileSchedule(leaf.time_zone, leaf.slots, 'schedule').describe(v.facts.now),
  },
};

export interface FilterExplanation {
  type: string;
  matched: boolean;
  /** What the visitor had for a leaf (country, OS, local time …). */
  seen?: string;
  filters?: FilterExplanation[];
}

export interface CompiledFilter {
  test: Test;
  explain(v: Visitor): FilterExplanation;
  /** The cost rank (a group's: its members' sum), to order a group's tests cheapest first. */
  cost: number;
}

/** A group's tests, cheapest first; plain loops (no closure or array per call). */
function groupTest(type: 'and' | 'or', parts: readonly CompiledFilter[]): Test {
  const tests = [...parts].sort((a, b) => a.cost - b.cost).map((p) => p.test);
  const n = tests.length;
  if (type === 'and')
    return (v) => {
      for (let i = 0; i < n; i++) if (!(tests[i] as Test)(v)) return false;
      return true;
    };
  return (v) => {
    for (let i = 0; i < n; i++) if ((tests[i] as Test)(v)) return true;
    return false;
  };
}

interface Budget {
  leaves: number;
  /** The flow's leaves by their JSON, shared by every stream that repeats one (see compileFlowFilters). */
  shared?: Map<string, Test>;
}

/**
 * A leaf test answered once per click: streams of one flow often repeat a filter (country IN, OS
 * Android), and a visitor that fails stream 1 late would otherwise run it again in every stream.
 * Filters have no side effects and a click's facts do not change, so the answer for the click
 * (Visitor.clickNumber) is kept; a later click asks again.
 */
function oncePerClick(test: Test): Test {
  let click = -1;
  let answer = false;
  return (v) => {
    if (v.clickNumber !== click) {
      answer = test(v);
      click = v.clickNumber;
    }
    return answer;
  };
}

function compileNode(node: unknown, field: string, depth: number, budget: Budget): CompiledFilter {
  if (typeof node !== 'object' || node === null || !('type' in node) || typeof node.type !== 'string')
    throw new ValidationError(`${field}: a filter needs a type`, field, 'filter_type_missing');
  const type = node.type;
  if (type === 'and' || type === 'or' || type === 'not') {
    if (depth >= MAX_FILTER_DEPTH)
      throw new ValidationError(
        `${field}: filters nest at most ${MAX_FILTER_DEPTH} deep`,
        field,
        'filter_too_deep',
      );
    const group = node as { filters?: unknown; filter?: unknown };
    const keys = Object.keys(node).filter((k) => k !== 'type');
    if (type === 'not') {
      if (group.filter === undefined || keys.length !== 1)
        throw new ValidationError(
          `${field}: a not group has exactly one "filter"`,
          field,
          'filter_not_group',
        );
      const inner = compileNode(group.filter, `${field}.filter`, depth + 1, budget);
      const innerTest = inner.test;
      return {
        cost: inner.cost,
        test: (v) => !innerTest(v),
        explain: (v) => {
          const e = inner.explain(v);
          return { type, matched: !e.matched, filters: [e] };
        },
      };
    }
    if (
      !Array.isArray(group.filters) ||
      keys.length !== 1 ||
      group.filters.length === 0 ||
      group.filters.length > 50
    )
      throw new ValidationError(
        `${field}: an ${type} group has 1 to 50 "filters"`,
        field,
        'filter_group_size',
      );
    const parts = group.filters.map((f, i) => compileNode(f, `${field}.filters[${i}]`, depth + 1, budget));
    return {
      cost: parts.reduce((sum, p) => sum + p.cost, 0),
      test: groupTest(type, parts),
      explain: (v) => {
        const all = parts.map((p) => p.explain(v));
        const matched = type === 'and' ? all.every((e) => e.matched) : all.some((e) => e.matched);
        return { type, matched, filters: all };
      },
    };
  }
  const kind = (FILTER_KINDS as Record<string, FilterKind<FilterLeaf>>)[type];
  if (!kind)
    throw new ValidationError(`${field}.type: unknown filter type "${type}"`, field, 'filter_type_unknown');
  if (!Value.Check(kind.schema, node)) {
    const first = Value.Errors(kind.schema, node).First();
    throw new ValidationError(
      `${field}${first?.path.replace(/\//g, '.') ?? ''}: ${first?.message ?? 'invalid'}`,
      field,
      'filter_value_invalid',
    );
  }
  budget.leaves += 1;
  if (budget.leaves > MAX_FILTER_LEAVES)
    throw new ValidationError(
      `${field}: at most ${MAX_FILTER_LEAVES} filters per stream`,
      field,
      'too_many_filters',
    );
  const leaf = node as FilterLeaf;
  let test: Test;
  try {
    test = kind.compile(leaf, field);
  } catch (error) {
    if (error instanceof RangeError) throw new ValidationError(error.message, field, 'filter_value_invalid');
    throw error;
  }
  if (budget.shared) {
    const key = JSON.stringify(leaf);
    const shared = budget.shared.get(key);
    if (shared) test = shared;
    else {
      test = oncePerClick(test);
      budget.shared.set(key, test);
    }
  }
  const leafTest = test;
  return {
    cost: kind.cost,
    test: leafTest,
    explain: (v) => ({ type, matched: leafTest(v), seen: kind.seen(v, leaf) }),
  };
}

/**
 * Compile a stream's filter tree once; null (no filters) matches every visitor. `shared` (one map
 * for all the streams of a flow: compileStreams) makes a leaf written the same way in several
 * streams one test, answered once per click.
 */
export function compileFilters(
  node: FilterNode | null | undefined,
  field: string,
  shared?: Map<string, Test>,
): CompiledFilter {
  if (node === null || node === undefined)
    return { cost: 0, test: () => true, explain: () => ({ type: 'all', matched: true }) };
  return compileNode(node, field, 0, { leaves: 0, shared });
}

/** One map of shared leaf tests for the streams of one flow (compileFilters' `shared`). */
export function sharedLeafTests(): Map<string, Test> {
  return new Map();
}

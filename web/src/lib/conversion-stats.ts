/**
 * The conversion statistics table of the Conversions tab (seed 000): its filters (kept in the
 * address bar under their own names, beside the conversion list's), the period presets, and the
 * 28-column model shared by the table and mirrored by the server's TSV export.
 */
import { tr } from '../i18n';
import { type Filters, readFilters } from './query-string';
import { addDays, UTC } from './time-zone';

export const STATUS_GROUPS = [
  {
    key: 'processing',
    get label() {
      return tr('admin.convStats.g.processing');
    },
  },
  {
    key: 'cancelled',
    get label() {
      return tr('admin.convStats.g.cancelled');
    },
  },
  {
    key: 'accepted',
    get label() {
      return tr('admin.convStats.g.accepted');
    },
  },
  {
    key: 'wrong_number',
    get label() {
      return tr('admin.convStats.g.wrong_number');
    },
  },
  {
    key: 'spam',
    get label() {
      return tr('admin.convStats.g.spam');
    },
  },
  {
    key: 'duplicate',
    get label() {
      return tr('admin.convStats.g.duplicate');
    },
  },
] as const;

export type StatusGroupKey = (typeof STATUS_GROUPS)[number]['key'];

export interface GroupCell {
  qty: number;
  percent: string;
  sum: string;
  avg: string;
}

export type StatsRow = {
  key: string;
  label: string;
  total: { qty: number; sum: string; avg: string };
} & Record<StatusGroupKey, GroupCell>;

export type GroupBy = 'date' | 'offer' | 'publisher' | 'country';

export const GROUP_BY: { value: GroupBy; label: string }[] = [
  {
    value: 'date',
    get label() {
      return tr('admin.convStats.date');
    },
  },
  {
    value: 'offer',
    get label() {
      return tr('admin.col.offer');
    },
  },
  {
    value: 'publisher',
    get label() {
      return tr('admin.convStats.webmaster');
    },
  },
  {
    value: 'country',
    get label() {
      return tr('admin.col.country');
    },
  },
];

export const GRANULARITY = [
  {
    value: 'day',
    get label() {
      return tr('admin.convStats.day');
    },
  },
  {
    value: 'week',
    get label() {
      return tr('admin.convStats.week');
    },
  },
  {
    value: 'month',
    get label() {
      return tr('admin.convStats.month');
    },
  },
] as const;

export type CellKind = 'label' | 'qty' | 'percent' | 'money';

export interface StatsColumn {
  /** The group it sits under ('' for the row's name). */
  group: string;
  header: string;
  kind: CellKind;
  value: (row: StatsRow) => string | number;
}

/** The 28 columns, in the export's order: the group, Total Qty/Sum/Avg, then Qty/%/Sum/Avg per status. */
export function statsColumns(groupBy: GroupBy): StatsColumn[] {
  const title = GROUP_BY.find((g) => g.value === groupBy)?.label ?? tr('admin.convStats.date');
  return [
    { group: '', header: title, kind: 'label', value: (r) => r.label },
    {
      get group() {
        return tr('admin.act.total');
      },
      get header() {
        return tr('admin.convStats.qty');
      },
      kind: 'qty',
      value: (r) => r.total.qty,
    },
    {
      get group() {
        return tr('admin.act.total');
      },
      get header() {
        return tr('admin.convStats.sum');
      },
      kind: 'money',
      value: (r) => r.total.sum,
    },
    {
      get group() {
        return tr('admin.act.total');
      },
      get header() {
        return tr('admin.convStats.avg');
      },
      kind: 'money',
      value: (r) => r.total.avg,
    },
    ...STATUS_GROUPS.flatMap((g): StatsColumn[] => [
      {
        group: g.label,
        get header() {
          return tr('admin.convStats.qty');
        },
        kind: 'qty',
        value: (r) => r[g.key].qty,
      },
      { group: g.label, header: '%', kind: 'percent', value: (r) => r[g.key].percent },
      {
        group: g.label,
        get header() {
          return tr('admin.convStats.sum');
        },
        kind: 'money',
        value: (r) => r[g.key].sum,
      },
      {
        group: g.label,
        get header() {
          return tr('admin.convStats.avg');
        },
        kind: 'money',
        value: (r) => r[g.key].avg,
      },
    ]),
  ];
}

/** The header's first row: each group once, with how many columns it spans. */
export function columnGroups(columns: StatsColumn[]): { group: string; span: number }[] {
  const groups: { group: string; span: number }[] = [];
  for (const column of columns) {
    const last = groups.at(-1);
    if (last && last.group === column.group) last.span += 1;
    else groups.push({ group: column.group, span: 1 });
  }
  return groups;
}

export const PERIOD_PRESETS = [
  {
    value: 'today',
    get label() {
      return tr('admin.convStats.p.today');
    },
  },
  {
    value: 'yesterday',
    get label() {
      return tr('admin.convStats.p.yesterday');
    },
  },
  {
    value: '7d',
    get label() {
      return tr('admin.convStats.p.7d');
    },
  },
  {
    value: '30d',
    get label() {
      return tr('admin.convStats.p.30d');
    },
  },
  {
    value: 'this_month',
    get label() {
      return tr('admin.convStats.p.this_month');
    },
  },
  {
    value: 'last_month',
    get label() {
      return tr('admin.convStats.p.last_month');
    },
  },
] as const;

/** The days a preset covers, ending on `today` (YYYY-MM-DD). */
export function presetRange(preset: string, today: string): { from: string; to: string } | undefined {
  const monthStart = `${today.slice(0, 8)}01`;
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday':
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
    case 'this_month':
      return { from: monthStart, to: today };
    case 'last_month': {
      const lastDay = addDays(monthStart, -1);
      return { from: `${lastDay.slice(0, 8)}01`, to: lastDay };
    }
    default:
      return undefined;
  }
}

/** Address-bar names: `s_` keeps them apart from the conversion list's own filters. */
export const STATS_KEYS = [
  's_from',
  's_to',
  's_group',
  's_granularity',
  's_currency',
  's_offer',
  's_publisher',
] as const;
export type StatsFilters = Record<(typeof STATS_KEYS)[number], string>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^\d{1,15}$/;

export function readStatsFilters(params: URLSearchParams, today: string): StatsFilters {
  const read = readFilters(params, STATS_KEYS);
  return {
    ...read,
    s_from: DATE.test(read.s_from) ? read.s_from : addDays(today, -6),
    s_to: DATE.test(read.s_to) ? read.s_to : today,
    s_group: GROUP_BY.some((g) => g.value === read.s_group) ? read.s_group : 'date',
    s_granularity: GRANULARITY.some((g) => g.value === read.s_granularity) ? read.s_granularity : 'day',
    // None chosen: the server answers in the currency with the most leads in the days.
    s_currency: /^[A-Z]{3}$/.test(read.s_currency) ? read.s_currency : '',
  };
}

/**
 * The API's query (GET /api/admin/reports/conversion-stats): the days, presets and date rows are the
 * local days of `tz`, the zone chosen in the top bar.
 */
export function statsApiQuery(f: StatsFilters, options: { tz?: string; format?: 'tsv' } = {}): Filters {
  const { tz = UTC, format } = options;
  return {
    from: f.s_from,
    to: f.s_to,
    group_by: f.s_group,
    granularity: f.s_group === 'date' ? f.s_granularity : undefined,
    currency: f.s_currency || undefined,
    offer_id: ID.test(f.s_offer) ? f.s_offer : undefined,
    publisher_id: ID.test(f.s_publisher) ? f.s_publisher : undefined,
    tz,
    format,
  };
}

/** The statistics' part of the address bar, to keep when the list's filters change. */
export function statsParams(params: URLSearchParams): Filters {
  return readFilters(params, STATS_KEYS);
}

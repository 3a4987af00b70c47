import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { tr } from '../i18n';
import {
  DAYS,
  type Day,
  type FilterGroup,
  type FilterLeaf,
  type FilterNode,
  isGroup,
  LEAF_KINDS,
  type LeafKind,
  newLeaf,
} from '../lib/streams';

/**
 * A stream's filter tree (issue 19): groups of "all of" (and) / "any of" (or), each filter or group
 * negatable (not), every leaf kind of the API. `path` is the API's field path of a node
 * (`streams[0].filters.filters[1]`), so a server error lands next to the filter it names.
 */
interface Props {
  value: FilterGroup;
  onChange: (next: FilterGroup) => void;
  path: string;
  errorAt: (path: string) => string | undefined;
  label: string;
}

const DEVICES = ['desktop', 'mobile', 'tablet', 'tv', 'bot', 'unknown'];
const OS_NAMES = ['Android', 'iOS', 'Windows', 'macOS', 'Linux', 'Chrome OS'];
const BROWSER_NAMES = [
  'Chrome',
  'Safari',
  'Firefox',
  'Microsoft Edge',
  'Opera',
  'Samsung Internet for Android',
];
/** 2026-06-01 was a Monday: each day's short and long name in the reader's language. */
const DAY_DATES: Record<Day, string> = {
  mon: '2026-06-01',
  tue: '2026-06-02',
  wed: '2026-06-03',
  thu: '2026-06-04',
  fri: '2026-06-05',
  sat: '2026-06-06',
  sun: '2026-06-07',
};
function dayName(day: Day, locale: string, weekday: 'short' | 'long'): string {
  return new Intl.DateTimeFormat(locale, { weekday, timeZone: 'UTC' }).format(
    Date.parse(`${DAY_DATES[day]}T12:00:00Z`),
  );
}

/** A filter kind's name in the reader's language (streams.kind.<kind>). */
export function kindName(kind: LeafKind): string {
  return tr(`streams.kind.${kind}`);
}

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf ? ['UTC', ...intl.supportedValuesOf('timeZone')] : ['UTC'];
}

export function FilterBuilder({ value, onChange, path, errorAt, label }: Props) {
  return (
    <GroupEditor
      group={value}
      onChange={(g) => onChange(g as FilterGroup)}
      path={path}
      errorAt={errorAt}
      label={label}
      depth={0}
    />
  );
}

function GroupEditor({
  group,
  onChange,
  path,
  errorAt,
  label,
  depth,
}: {
  group: FilterGroup;
  onChange: (next: FilterNode) => void;
  path: string;
  errorAt: Props['errorAt'];
  label: string;
  depth: number;
}) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState<LeafKind | ''>('');
  const addId = useId();
  const set = (filters: FilterNode[]) => onChange({ ...group, filters });
  const error = errorAt(path);
  return (
    <fieldset className={depth === 0 ? 'filter-group filter-root' : 'filter-group'} aria-label={label}>
      <div className="filter-group-head">
        {group.filters.length === 0 ? (
          <span className="muted">
            {depth === 0 ? t('streams.filter.everyone') : t('streams.filter.emptyGroup')}
          </span>
        ) : (
          <label>
            <span className="sr-only">{t('streams.filter.combine', { label })}</span>
            <select
              value={group.type}
              onChange={(e) => onChange({ ...group, type: e.target.value as 'and' | 'or' })}
            >
              <option value="and">{t('streams.filter.and')}</option>
              <option value="or">{t('streams.filter.or')}</option>
            </select>
          </label>
        )}
      </div>
      {error && <p className="field-error">{error}</p>}
      {group.filters.length > 0 && (
        <ul className="filter-list">
          {group.filters.map((node, i) => (
            // Filters have no ids; their position is their identity in the API's error paths too.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <li key={i}>
              <NodeEditor
                node={node}
                onChange={(next) => set(group.filters.map((n, k) => (k === i ? next : n)))}
                onRemove={() => set(group.filters.filter((_, k) => k !== i))}
                path={`${path}.filters[${i}]`}
                errorAt={errorAt}
                depth={depth + 1}
                label={t('streams.filter.nth', { label, n: i + 1 })}
              />
            </li>
          ))}
        </ul>
      )}
      <div className="filter-add">
        <label htmlFor={addId} className="sr-only">
          {t('streams.filter.toAdd', { label })}
        </label>
        <select id={addId} value={adding} onChange={(e) => setAdding(e.target.value as LeafKind | '')}>
          <option value="">{t('streams.filter.choose')}</option>
          {LEAF_KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {kindName(k.kind)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button-small"
          disabled={!adding}
          onClick={() => {
            if (!adding) return;
            set([...group.filters, newLeaf(adding)]);
            setAdding('');
          }}
        >
          {t('streams.filter.add')}
        </button>
        {depth < 3 && (
          <button
            type="button"
            className="button-small"
            onClick={() =>
              set([...group.filters, { type: group.type === 'and' ? 'or' : 'and', filters: [] }])
            }
          >
            {t('streams.filter.addGroup')}
          </button>
        )}
      </div>
    </fieldset>
  );
}

function NodeEditor({
  node,
  onChange,
  onRemove,
  path,
  errorAt,
  depth,
  label,
}: {
  node: FilterNode;
  onChange: (next: FilterNode) => void;
  onRemove: () => void;
  path: string;
  errorAt: Props['errorAt'];
  depth: number;
  label: string;
}) {
  const { t } = useTranslation();
  const negated = node.type === 'not';
  const inner = node.type === 'not' ? node.filter : node;
  const innerPath = negated ? `${path}.filter` : path;
  const setInner = (next: FilterNode) => onChange(negated ? { type: 'not', filter: next } : next);
  const kindLabel = isGroup(inner)
    ? t('streams.filter.group')
    : LEAF_KINDS.some((k) => k.kind === inner.type)
      ? kindName(inner.type as LeafKind)
      : inner.type;
  const error = errorAt(path) ?? (negated ? errorAt(innerPath) : undefined);
  return (
    <div className={negated ? 'filter-node filter-not' : 'filter-node'}>
      <div className="filter-node-head">
        <strong>{kindLabel}</strong>
        <label className="filter-negate">
          <input
            type="checkbox"
            checked={negated}
            onChange={(e) => onChange(e.target.checked ? { type: 'not', filter: inner } : inner)}
          />{' '}
          {t('streams.filter.not')}
        </label>
        <button
          type="button"
          className="button-ghost button-small"
          onClick={onRemove}
          aria-label={t('streams.filter.removeOf', { what: kindLabel.toLowerCase(), label })}
        >
          {t('streams.card.remove')}
        </button>
      </div>
      {error && !isGroup(inner) && <p className="field-error">{error}</p>}
      {isGroup(inner) ? (
        <GroupEditor
          group={inner}
          onChange={setInner}
          path={innerPath}
          errorAt={errorAt}
          label={label}
          depth={depth}
        />
      ) : inner.type === 'not' ? (
        <p className="muted">{t('streams.filter.doubleNot')}</p>
      ) : (
        <LeafEditor leaf={inner} onChange={setInner} label={`${kindLabel} (${label})`} />
      )}
    </div>
  );
}

/** Comma-separated values, kept as typed (so "IN, " can be typed) and sent as a trimmed list. */
function ValuesInput({
  values,
  onChange,
  label,
  placeholder,
  list,
}: {
  values: readonly (string | number)[];
  onChange: (values: string[]) => void;
  label: string;
  placeholder?: string;
  list?: string;
}) {
  const [text, setText] = useState(values.join(', '));
  // Filters are keyed by position: after one above is removed this input shows another filter, so
  // the text follows the values whenever they no longer say the same thing (case and "AS" aside).
  const same = (a: string) => a.toLowerCase().replace(/^as(?=\d)/, '');
  if (splitValues(text).map(same).join(',') !== values.map((v) => same(String(v))).join(','))
    setText(values.join(', '));
  return (
    <label className="filter-values">
      <span className="sr-only">{label}</span>
      <input
        value={text}
        placeholder={placeholder}
        list={list}
        aria-label={label}
        onChange={(e) => {
          setText(e.target.value);
          onChange(splitValues(e.target.value));
        }}
      />
    </label>
  );
}

function splitValues(text: string): string[] {
  return text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

function Options({ id, values }: { id: string; values: readonly string[] }) {
  return (
    <datalist id={id}>
      {values.map((v) => (
        <option key={v} value={v} />
      ))}
    </datalist>
  );
}

function LeafEditor({
  leaf,
  onChange,
  label,
}: {
  leaf: FilterLeaf;
  onChange: (next: FilterLeaf) => void;
  label: string;
}) {
  const listId = useId();
  const { t } = useTranslation();
  switch (leaf.type) {
    case 'region':
      return (
        <ValuesInput
          values={leaf.values}
          onChange={(values) => onChange({ ...leaf, values })}
          label={`${label}: ${t('streams.region.values')}`}
          placeholder={t('streams.region.placeholder')}
        />
      );
    case 'country':
      return (
        <ValuesInput
          values={leaf.values}
          onChange={(values) =>
            onChange({ ...leaf, values: values.map((v) => (v === 'unknown' ? v : v.toUpperCase())) })
          }
          label={`${label}: ${t('streams.filter.countryCodes')}`}
          placeholder="IN, BD, unknown"
        />
      );
    case 'device':
      return (
        <fieldset className="filter-choices" aria-label={`${label}: ${t('streams.filter.deviceTypes')}`}>
          {DEVICES.map((d) => (
            <label key={d}>
              <input
                type="checkbox"
                checked={leaf.values.includes(d)}
                onChange={(e) =>
                  onChange({
                    ...leaf,
                    values: e.target.checked ? [...leaf.values, d] : leaf.values.filter((v) => v !== d),
                  })
                }
              />{' '}
              {t(`streams.device.${d}`)}
            </label>
          ))}
        </fieldset>
      );
    case 'os':
    case 'browser': {
      const names = leaf.type === 'os' ? OS_NAMES : BROWSER_NAMES;
      return (
        <>
          <ValuesInput
            values={leaf.values}
            onChange={(values) => onChange({ ...leaf, values })}
            label={`${label}: ${t('streams.filter.names')}`}
            placeholder={names.slice(0, 2).join(', ')}
            list={listId}
          />
          <Options id={listId} values={names} />
        </>
      );
    }
    case 'language':
      return (
        <div className="filter-row">
          <ValuesInput
            values={leaf.values}
            onChange={(values) => onChange({ ...leaf, values })}
            label={`${label}: ${t('streams.filter.languageTags')}`}
            placeholder="hi, en-IN"
          />
          <select
            aria-label={`${label}: ${t('streams.filter.whichLanguage')}`}
            value={leaf.match ?? 'primary'}
            onChange={(e) => onChange({ ...leaf, match: e.target.value as 'primary' | 'any' })}
          >
            <option value="primary">{t('streams.filter.firstLanguage')}</option>
            <option value="any">{t('streams.filter.anyLanguage')}</option>
          </select>
        </div>
      );
    case 'asn':
      return (
        <ValuesInput
          values={leaf.values}
          onChange={(values) =>
            onChange({
              ...leaf,
              values: values.map((v) => Number(v.replace(/^AS/i, ''))).filter((n) => Number.isInteger(n)),
            })
          }
          label={`${label}: ${t('streams.filter.asNumbers')}`}
          placeholder="55836, 45609"
        />
      );
    case 'isp':
      return (
        <ValuesInput
          values={leaf.values}
          onChange={(values) => onChange({ ...leaf, values })}
          label={`${label}: ${t('streams.filter.orgContains')}`}
          placeholder="jio, airtel"
        />
      );
    case 'ip':
      return (
        <ValuesInput
          values={leaf.values}
          onChange={(values) => onChange({ ...leaf, values })}
          label={`${label}: ${t('streams.filter.addresses')}`}
          placeholder="49.36.0.0/14, 2405:200::/29"
        />
      );
    case 'referrer':
      return (
        <div className="filter-row">
          <select
            aria-label={`${label}: how`}
            value={leaf.match}
            onChange={(e) => {
              const match = e.target.value as 'contains' | 'domain' | 'empty';
              onChange(
                match === 'empty'
                  ? { type: 'referrer', match }
                  : { ...leaf, match, values: leaf.values ?? [] },
              );
            }}
          >
            <option value="domain">{t('streams.filter.refDomain')}</option>
            <option value="contains">{t('streams.filter.contains')}</option>
            <option value="empty">{t('streams.filter.refEmpty')}</option>
          </select>
          {leaf.match !== 'empty' && (
            <ValuesInput
              values={leaf.values ?? []}
              onChange={(values) => onChange({ ...leaf, values })}
              label={`${label}: values`}
              placeholder="facebook.com"
            />
          )}
        </div>
      );
    case 'param': {
      const needsValues = leaf.match !== 'exists' && leaf.match !== 'empty';
      return (
        <div className="filter-row">
          <input
            aria-label={`${label}: ${t('streams.filter.paramName')}`}
            className="input-short"
            value={leaf.name}
            list={listId}
            onChange={(e) => onChange({ ...leaf, name: e.target.value.trim() })}
          />
          <Options
            id={listId}
            values={['sub1', 'sub2', 'sub3', 'sub4', 'sub5', 'utm_source', 'utm_campaign']}
          />
          <select
            aria-label={`${label}: how`}
            value={leaf.match}
            onChange={(e) => {
              const match = e.target.value as typeof leaf.match;
              const { values: _drop, ...rest } = leaf;
              onChange(
                match === 'exists' || match === 'empty'
                  ? { ...rest, match }
                  : { ...leaf, match, values: leaf.values ?? [] },
              );
            }}
          >
            <option value="equals">{t('streams.filter.equals')}</option>
            <option value="contains">{t('streams.filter.contains')}</option>
            <option value="starts_with">{t('streams.filter.startsWith')}</option>
            <option value="ends_with">{t('streams.filter.endsWith')}</option>
            <option value="exists">{t('streams.filter.exists')}</option>
            <option value="empty">{t('streams.filter.emptyOrMissing')}</option>
          </select>
          {needsValues && (
            <ValuesInput
              values={leaf.values ?? []}
              onChange={(values) => onChange({ ...leaf, values })}
              label={`${label}: values`}
              placeholder="fb, google"
            />
          )}
          {needsValues && (
            <label className="filter-inline-check">
              <input
                type="checkbox"
                checked={leaf.case_sensitive ?? false}
                onChange={(e) => onChange({ ...leaf, case_sensitive: e.target.checked })}
              />{' '}
              {/* "Aa" is the usual case-sensitivity symbol, the same in every language. */}
              <span translate="no" aria-hidden="true" title={t('streams.filter.caseSensitive')}>
                Aa
              </span>
              <span className="sr-only"> {t('streams.filter.caseSensitive')}</span>
            </label>
          )}
        </div>
      );
    }
    case 'visitor':
      return (
        <select
          aria-label={`${label}: ${t('streams.filter.whichVisitors')}`}
          value={leaf.value}
          onChange={(e) => onChange({ ...leaf, value: e.target.value as 'unique' | 'repeat' })}
        >
          <option value="unique">{t('streams.filter.unique')}</option>
          <option value="repeat">{t('streams.filter.repeat')}</option>
        </select>
      );
    case 'schedule':
      return <ScheduleEditor leaf={leaf} onChange={onChange} label={label} />;
  }
}

function ScheduleEditor({
  leaf,
  onChange,
  label,
}: {
  leaf: Extract<FilterLeaf, { type: 'schedule' }>;
  onChange: (next: FilterLeaf) => void;
  label: string;
}) {
  const { t, i18n } = useTranslation();
  const zonesId = useId();
  const setSlot = (i: number, slot: (typeof leaf.slots)[number]) =>
    onChange({ ...leaf, slots: leaf.slots.map((s, k) => (k === i ? slot : s)) });
  return (
    <div className="schedule">
      <label className="filter-row">
        <span>{t('streams.filter.timeZoneLabel')}</span>
        <input
          aria-label={`${label}: ${t('streams.filter.timeZone')}`}
          value={leaf.time_zone}
          list={zonesId}
          onChange={(e) => onChange({ ...leaf, time_zone: e.target.value.trim() })}
        />
      </label>
      <Options id={zonesId} values={timeZones()} />
      {leaf.slots.map((slot, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: slots have no ids; the API names them by position
        <div className="schedule-slot" key={i}>
          <fieldset
            className="day-picks"
            aria-label={`${label}: ${t('streams.filter.slotDays', { n: i + 1 })}`}
          >
            {DAYS.map((d) => (
              <label key={d} className={slot.days.includes(d) ? 'day-pick day-on' : 'day-pick'}>
                <input
                  type="checkbox"
                  checked={slot.days.includes(d)}
                  onChange={(e) =>
                    setSlot(i, {
                      ...slot,
                      days: e.target.checked
                        ? DAYS.filter((x) => x === d || slot.days.includes(x))
                        : slot.days.filter((x) => x !== d),
                    })
                  }
                />
                <span aria-hidden="true">{dayName(d, i18n.language, 'short')}</span>
                <span className="sr-only">{dayName(d, i18n.language, 'long')}</span>
              </label>
            ))}
          </fieldset>
          <input
            className="input-time"
            aria-label={`${label}: ${t('streams.filter.slotFrom', { n: i + 1 })}`}
            value={slot.from}
            onChange={(e) => setSlot(i, { ...slot, from: e.target.value })}
          />
          <span aria-hidden="true">–</span>
          <input
            aria-label={`${label}: ${t('streams.filter.slotTo', { n: i + 1 })}`}
            className="input-time"
            value={slot.to}
            pattern="([01][0-9]|2[0-3]):[0-5][0-9]|24:00"
            onChange={(e) => setSlot(i, { ...slot, to: e.target.value })}
          />
          {leaf.slots.length > 1 && (
            <button
              type="button"
              className="button-ghost button-small"
              aria-label={t('streams.filter.removeSlot', { n: i + 1 })}
              onClick={() => onChange({ ...leaf, slots: leaf.slots.filter((_, k) => k !== i) })}
            >
              ✕
            </button>
          )}
        </div>
      ))}
      <button
        type="button"
        className="button-small"
        onClick={() =>
          onChange({ ...leaf, slots: [...leaf.slots, { days: ['sat', 'sun'], from: '00:00', to: '24:00' }] })
        }
      >
        {t('streams.filter.addSlot')}
      </button>
    </div>
  );
}

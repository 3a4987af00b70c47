import { type FormEvent, Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { tr } from '../i18n';
import { PERIOD_PRESETS, presetRange } from '../lib/conversion-stats';
import { dateRangeProblems } from '../lib/log-filters';
import { todayIn } from '../lib/time-zone';
import { DateInput } from './date-input';
import { Field } from './field';
import { useTimeZone } from './time-zone';

export interface FilterOption {
  value: string;
  label: string;
}

/**
 * One field of a filter form. The form's values are all strings, kept in the address bar by the
 * screen (so reload, back and the export links keep them); a field names the key(s) it edits.
 */
export type FilterField<K extends string> =
  | {
      kind: 'text';
      key: K;
      label: string;
      placeholder?: string;
      hint?: string;
      /** A narrow input (a country code, a reference). */
      short?: boolean;
      maxLength?: number;
      type?: 'text' | 'search';
    }
  | { kind: 'select'; key: K; label: string; options: FilterOption[]; anyLabel?: string }
  /** A list of offers, publishers or flows, picked by name, sent by id. */
  | { kind: 'picker'; key: K; label: string; items: { id: string; name: string; code?: string }[] }
  /** From and To days with the period presets (today, yesterday, 7 and 30 days, this and last month). */
  | { kind: 'dates'; from: K; to: K };

type Values<K extends string> = Record<K, string>;

type PickerItem = { id: string; name: string; code?: string };

/**
 * Offer, publisher and flow pickers, labelled like the table's columns: `pickers({ offer_id:
 * ['offer', offers.data] })`. A list still loading is an empty picker.
 */
export function pickers<K extends string>(
  lists: Partial<Record<K, ['offer' | 'publisher' | 'flow', PickerItem[] | undefined]>>,
): FilterField<K>[] {
  return (Object.entries(lists) as [K, ['offer' | 'publisher' | 'flow', PickerItem[] | undefined]][]).map(
    ([key, [what, items]]) => ({ kind: 'picker', key, label: tr(`admin.col.${what}`), items: items ?? [] }),
  );
}

/** The period presets as a select's options (here and in the conversion statistics). */
export function PeriodPresetOptions() {
  return (
    <>
      {PERIOD_PRESETS.map((p) => (
        <option key={p.value} value={p.value}>
          {p.label}
        </option>
      ))}
    </>
  );
}
export type FilterProblems<K extends string> = Partial<Record<K, string>>;

interface Props<K extends string> {
  /** The form's accessible name ("Click filters"). */
  label: string;
  fields: FilterField<NoInfer<K>>[];
  /** The filters applied now (from the address bar); keys no field edits are kept as they are, and emptied by Clear. */
  values: Values<K>;
  onApply: (values: Values<K>) => void;
  /** More checks than the dates' own (which are always made). */
  validate?: (draft: Values<K>) => FilterProblems<K>;
}

function cleared<K extends string>(values: Values<K>): Values<K> {
  return Object.fromEntries(Object.keys(values).map((k) => [k, ''])) as Values<K>;
}

/**
 * The list screens' filters (Clicks, Conversions, Postback Log, Fraud events, Leads): edited here and
 * applied together on submit, so typing a country does not query on every key; Clear empties them all.
 */
export function FilterForm<K extends string>({ label, fields, values, onApply, validate }: Props<K>) {
  const { t } = useTranslation();
  const { timeZone } = useTimeZone();
  const [draft, setDraft] = useState(values);
  const [problems, setProblems] = useState<FilterProblems<K>>({});
  const valuesKey = JSON.stringify(values);
  // Back/forward in the browser (or another control of the screen) changes the filters under the form.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for `values`
  useEffect(() => setDraft(values), [valuesKey]);
  const set = (key: K) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FilterProblems<K> = { ...(validate?.(draft) ?? {}) };
    for (const field of fields) {
      if (field.kind !== 'dates') continue;
      const dates = dateRangeProblems(draft[field.from], draft[field.to]);
      if (dates.from) found[field.from] = dates.from;
      if (dates.to) found[field.to] = dates.to;
    }
    setProblems(found);
    if (Object.keys(found).length === 0) onApply(draft);
  }

  function control(field: FilterField<K>) {
    switch (field.kind) {
      case 'text':
        return (
          <Field key={field.key} label={field.label} error={problems[field.key]} hint={field.hint}>
            {(c) => (
              <input
                {...c}
                type={field.type ?? 'text'}
                value={draft[field.key]}
                maxLength={field.maxLength}
                placeholder={field.placeholder}
                className={field.short ? 'input-short' : undefined}
                onChange={set(field.key)}
              />
            )}
          </Field>
        );
      case 'select':
      case 'picker':
        return (
          <Field key={field.key} label={field.label} error={problems[field.key]}>
            {(c) => (
              <select {...c} value={draft[field.key]} onChange={set(field.key)}>
                <option value="">
                  {field.kind === 'select' && field.anyLabel ? field.anyLabel : t('filters.all')}
                </option>
                {field.kind === 'select'
                  ? field.options.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))
                  : field.items.map((item) => (
                      <option key={item.id} value={item.id}>
                        {item.code ? `${item.name} (${item.code})` : item.name}
                      </option>
                    ))}
              </select>
            )}
          </Field>
        );
      case 'dates':
        return dateRange(field);
    }
  }

  // A plain function, not a component: a component made in render would be remounted (and lose focus) on every key.
  function dateRange(field: { from: K; to: K }) {
    const from = draft[field.from];
    const to = draft[field.to];
    const today = todayIn(timeZone);
    // The preset shown is the one the two days make, so it needs no key of its own in the address bar.
    const preset =
      PERIOD_PRESETS.find((p) => {
        const range = presetRange(p.value, today);
        return range?.from === from && range.to === to;
      })?.value ?? '';
    return (
      <Fragment key={`${field.from}-${field.to}`}>
        <Field label={t('filters.period')}>
          {(c) => (
            <select
              {...c}
              value={preset}
              onChange={(e) => {
                const range = presetRange(e.target.value, today);
                if (range) setDraft((d) => ({ ...d, [field.from]: range.from, [field.to]: range.to }));
              }}
            >
              <option value="">{from || to ? t('filters.custom') : t('filters.anyTime')}</option>
              <PeriodPresetOptions />
            </select>
          )}
        </Field>
        <Field label={t('filters.from')} error={problems[field.from]}>
          {(c) => <DateInput {...c} value={from} onChange={set(field.from)} />}
        </Field>
        <Field label={t('filters.to')} error={problems[field.to]}>
          {(c) => <DateInput {...c} value={to} onChange={set(field.to)} />}
        </Field>
      </Fragment>
    );
  }

  return (
    <form className="filters filters-grid filter-form" onSubmit={submit} noValidate aria-label={label}>
      {fields.map(control)}
      <div className="filter-actions">
        <button type="submit" className="button-primary">
          {t('filters.apply')}
        </button>
        <button
          type="button"
          onClick={() => {
            const empty = cleared(values);
            setDraft(empty);
            setProblems({});
            onApply(empty);
          }}
        >
          {t('filters.clear')}
        </button>
      </div>
    </form>
  );
}

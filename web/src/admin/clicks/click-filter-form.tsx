import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/field';
import { type ClickFilters, clickFilterProblems, REJECT_REASONS } from '../../lib/click-filters';
import type { Flow, Offer, Publisher } from '../../lib/types';
import { FlowSelect } from '../flow-select';

interface Props {
  filters: ClickFilters;
  offers: Offer[];
  publishers: Publisher[];
  flows: Flow[];
  onApply: (filters: ClickFilters) => void;
}

const EMPTY: ClickFilters = {
  offer_id: '',
  publisher_id: '',
  flow_id: '',
  country: '',
  status: '',
  reject_reason: '',
  ref: '',
  hosting: '',
  from: '',
  to: '',
};

/** The filters are edited here and applied together, so typing a country does not query on every key. */
export function ClickFilterForm({ filters, offers, publishers, flows, onApply }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(filters);
  const [problems, setProblems] = useState<Partial<ClickFilters>>({});
  const filtersKey = JSON.stringify(filters);
  // Back/forward in the browser changes the filters under the form.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for `filters`
  useEffect(() => setDraft(filters), [filtersKey]);
  const set = (key: keyof ClickFilters) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = clickFilterProblems(draft);
    setProblems(found);
    if (Object.keys(found).length === 0) onApply(draft);
  }

  return (
    <form
      className="filters filters-grid"
      onSubmit={submit}
      noValidate
      aria-label={t('admin.clicks.filters')}
    >
      <Field label={t('admin.col.offer')}>
        {(c) => (
          <select {...c} value={draft.offer_id} onChange={set('offer_id')}>
            <option value="">{t('admin.act.all')}</option>
            {offers.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('admin.col.publisher')}>
        {(c) => (
          <select {...c} value={draft.publisher_id} onChange={set('publisher_id')}>
            <option value="">{t('admin.act.all')}</option>
            {publishers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <FlowSelect flows={flows} value={draft.flow_id} onChange={set('flow_id')} />
      <Field label={t('admin.col.country')} error={problems.country}>
        {(c) => (
          <input
            {...c}
            value={draft.country}
            maxLength={2}
            placeholder="IN"
            className="input-short"
            onChange={set('country')}
          />
        )}
      </Field>
      <Field label={t('admin.col.status')}>
        {(c) => (
          <select {...c} value={draft.status} onChange={set('status')}>
            <option value="">{t('admin.act.all')}</option>
            <option value="accepted">{t('common.status.accepted')}</option>
            <option value="rejected">{t('common.status.rejected')}</option>
          </select>
        )}
      </Field>
      <Field label={t('admin.clicks.rejectReason')}>
        {(c) => (
          <select {...c} value={draft.reject_reason} onChange={set('reject_reason')}>
            <option value="">{t('admin.clicks.any')}</option>
            {Object.entries(REJECT_REASONS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('admin.clicks.reference')} error={problems.ref} hint={t('admin.clicks.referenceHint')}>
        {(c) => (
          <input
            {...c}
            value={draft.ref}
            placeholder="K7Q2-9MXD"
            className="input-short"
            onChange={set('ref')}
          />
        )}
      </Field>
      <Field label={t('admin.clicks.network')}>
        {(c) => (
          <select {...c} value={draft.hosting} onChange={set('hosting')}>
            <option value="">{t('admin.clicks.any')}</option>
            <option value="true">{t('admin.clicks.datacenter')}</option>
            <option value="false">{t('admin.clicks.notHosting')}</option>
          </select>
        )}
      </Field>
      <Field label={t('admin.clicks.from')} error={problems.from}>
        {(c) => <input {...c} type="date" value={draft.from} onChange={set('from')} />}
      </Field>
      <Field label={t('admin.clicks.to')} error={problems.to}>
        {(c) => <input {...c} type="date" value={draft.to} onChange={set('to')} />}
      </Field>
      <div className="filter-actions">
        <button type="submit" className="button-primary">
          {t('admin.act.apply')}
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(EMPTY);
            setProblems({});
            onApply(EMPTY);
          }}
        >
          {t('admin.clicks.clear')}
        </button>
      </div>
    </form>
  );
}

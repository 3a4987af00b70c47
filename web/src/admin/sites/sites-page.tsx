import { type FormEvent, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Badge } from '../../components/badge';
import { type Column, DataTable, tableEmpty } from '../../components/data-table';
import { Field } from '../../components/field';
import { ErrorNotice } from '../../components/notice';
import { DateTime } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { tr } from '../../i18n';
import { api } from '../../lib/api';
import type { LocalSite, Offer } from '../../lib/types';
import { nameOf, useAllOffers } from '../lookups';

function columns(offers: Offer[] | undefined): Column<LocalSite>[] {
  return [
    {
      key: 'name',
      header: tr('setup.sites.site'),
      render: (s) => <Link to={`/admin/sites/${s.id}`}>{s.name}</Link>,
      sortValue: (s) => s.name,
    },
    { key: 'offer', header: tr('admin.col.offer'), render: (s) => nameOf(offers, s.offer_id) },
    {
      key: 'url',
      header: tr('setup.sites.hostedPage'),
      render: (s) => (
        <a href={s.url} target="_blank" rel="noreferrer" className="truncate" translate="no">
          /s/{s.slug}/
        </a>
      ),
    },
    { key: 'files', header: tr('setup.sites.files'), render: (s) => s.files.length, className: 'num' },
    { key: 'status', header: tr('admin.col.status'), render: (s) => <Badge value={s.status} /> },
    { key: 'created', header: tr('admin.col.created'), render: (s) => <DateTime iso={s.created_at} /> },
  ];
}

/** Local sites (seed 003): landing pages the network hosts for an offer, under /s/<slug>/. */
export function SitesPage() {
  const { t } = useTranslation();
  usePageTitle(t('setup.sites.title'));
  const offers = useAllOffers();
  const list = useResource('sites', () =>
    api.get<{ data: LocalSite[] }>('/api/admin/sites').then((r) => r.data),
  );
  return (
    <section>
      <div className="page-head">
        <h1>{t('setup.sites.title')}</h1>
      </div>
      <p className="hint">
        <Trans i18nKey="setup.sites.intro" components={{ click: <code>{'{click}'}</code>, api: <code /> }} />
      </p>
      <NewSiteForm offers={offers.data} />
      <DataTable
        caption={t('setup.sites.title')}
        columns={columns(offers.data)}
        rows={list.data}
        rowKey={(s) => s.id}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        empty={tableEmpty(t('setup.sites.empty'), <p>{t('setup.sites.emptyHint')}</p>)}
      />
    </section>
  );
}

function NewSiteForm({ offers }: { offers: Offer[] | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [offerId, setOfferId] = useState('');
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [template, setTemplate] = useState<'order-form' | 'empty'>('order-form');
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function create(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    setBusy(true);
    try {
      const site = await api.post<LocalSite>('/api/admin/sites', {
        offer_id: offerId,
        name: name.trim(),
        slug: slug.trim() || undefined,
        template,
      });
      navigate(`/admin/sites/${site.id}?saved=new`);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={create} aria-labelledby="new-site-title">
      <h2 id="new-site-title">{t('setup.sites.new')}</h2>
      {failure ? <ErrorNotice error={failure} /> : null}
      <div className="form-grid">
        <Field label={t('admin.col.offer')} required>
          {(c) => (
            <select {...c} required value={offerId} onChange={(e) => setOfferId(e.target.value)}>
              <option value="">{t('setup.sites.chooseOffer')}</option>
              {(offers ?? []).map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('setup.sites.name')} required>
          {(c) => (
            <input {...c} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <Field label={t('setup.sites.address')} hint={t('setup.sites.addressHint')}>
          {(c) => (
            <input
              {...c}
              className="mono"
              pattern={'[a-z0-9][a-z0-9\\-]{1,47}'}
              value={slug}
              onChange={(e) => setSlug(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('setup.sites.startFrom')}>
          {(c) => (
            <select
              {...c}
              value={template}
              onChange={(e) => setTemplate(e.target.value as 'order-form' | 'empty')}
            >
              <option value="order-form">{t('setup.sites.orderForm')}</option>
              <option value="empty">{t('setup.sites.emptySite')}</option>
            </select>
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? t('setup.sites.creating') : t('setup.sites.create')}
        </button>
      </div>
    </form>
  );
}

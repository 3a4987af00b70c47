import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Badge } from '../../components/badge';
import { type Column, DataTable, tableEmpty } from '../../components/data-table';
import { Field } from '../../components/field';
import { ErrorNotice } from '../../components/notice';
import { DateTime } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';
import type { LocalSite, Offer } from '../../lib/types';
import { nameOf, useAllOffers } from '../lookups';

function columns(offers: Offer[] | undefined): Column<LocalSite>[] {
  return [
    {
      key: 'name',
      header: 'Site',
      render: (s) => <Link to={`/admin/sites/${s.id}`}>{s.name}</Link>,
      sortValue: (s) => s.name,
    },
    { key: 'offer', header: 'Offer', render: (s) => nameOf(offers, s.offer_id) },
    {
      key: 'url',
      header: 'Hosted page',
      render: (s) => (
        <a href={s.url} target="_blank" rel="noreferrer" className="truncate">
          /s/{s.slug}/
        </a>
      ),
    },
    { key: 'files', header: 'Files', render: (s) => s.files.length, className: 'num' },
    { key: 'status', header: 'Status', render: (s) => <Badge value={s.status} /> },
    { key: 'created', header: 'Created', render: (s) => <DateTime iso={s.created_at} /> },
  ];
}

/** Local sites (seed 003): landing pages the network hosts for an offer, under /s/<slug>/. */
export function SitesPage() {
  usePageTitle('Local sites');
  const offers = useAllOffers();
  const list = useResource('sites', () =>
    api.get<{ data: LocalSite[] }>('/api/admin/sites').then((r) => r.data),
  );
  return (
    <section>
      <div className="page-head">
        <h1>Local sites</h1>
      </div>
      <p className="hint">
        Landing pages hosted here for an offer. <code>{'{click}'}</code> and the other click macros are filled
        in the served HTML, so a form's hidden field carries the visitor's click into <code>/api/lead</code>.
      </p>
      <NewSiteForm offers={offers.data} />
      <DataTable
        caption="Local sites"
        columns={columns(offers.data)}
        rows={list.data}
        rowKey={(s) => s.id}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        empty={tableEmpty(
          'No local sites yet.',
          <p>Create one above: it starts with the built-in order form.</p>,
        )}
      />
    </section>
  );
}

function NewSiteForm({ offers }: { offers: Offer[] | undefined }) {
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
      <h2 id="new-site-title">New site</h2>
      {failure ? <ErrorNotice error={failure} /> : null}
      <div className="form-grid">
        <Field label="Offer" required>
          {(c) => (
            <select {...c} required value={offerId} onChange={(e) => setOfferId(e.target.value)}>
              <option value="">Choose an offer</option>
              {(offers ?? []).map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Site name" required>
          {(c) => (
            <input {...c} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <Field label="Address" hint="Lowercase letters, digits and -; empty: a random one.">
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
        <Field label="Start from">
          {(c) => (
            <select
              {...c}
              value={template}
              onChange={(e) => setTemplate(e.target.value as 'order-form' | 'empty')}
            >
              <option value="order-form">The built-in order form</option>
              <option value="empty">An empty site</option>
            </select>
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create site'}
        </button>
      </div>
    </form>
  );
}

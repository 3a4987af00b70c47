import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Badge } from '../components/badge';
import { CopyButton } from '../components/copy-button';
import { type Column, DataTable, pagedRows, tableEmpty } from '../components/data-table';
import { Field } from '../components/field';
import { FlowToolLinks } from '../components/flow-tool-links';
import { LeadPostbackDialog } from '../components/lead-postback-dialog';
import { ErrorNotice, Notice } from '../components/notice';
import { DateTime } from '../components/time-zone';
import { usePageTitle } from '../hooks/use-page-title';
import { useResource } from '../hooks/use-resource';
import { useServerSort } from '../hooks/use-server-sort';
import { api, type Page } from '../lib/api';
import { readPage, toQueryString } from '../lib/query-string';
import { PER_PAGE } from '../lib/table-state';
import type { Flow, PublisherOffer } from '../lib/types';

/** The columns the server sorts by: column key → the API's sort name (GET /api/publisher/flows). */
const SORTS = { name: 'name', status: 'status', created: 'created_at' };

/** The publisher's own flows: create one per offer (or several, per traffic source), pause them. */
export function PortalFlowsPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.webmaster.flows'), 'Publisher');
  const [params, setParams] = useSearchParams();
  const page = readPage(params);
  const sorting = useServerSort(SORTS);
  const query = { ...sorting.query, page, per_page: PER_PAGE };
  const list = useResource(`my-flows${toQueryString(query)}`, () =>
    api.get<Page<Flow>>('/api/publisher/flows', query),
  );
  const offers = useResource('portal-offers', () =>
    api.get<{ data: PublisherOffer[] }>('/api/publisher/offers').then((r) => r.data),
  );
  const [offerId, setOfferId] = useState('');
  const [name, setName] = useState('');
  const [offerError, setOfferError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const [editing, setEditing] = useState<Flow>();

  async function create(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    setDone(undefined);
    setOfferError(offerId ? undefined : t('portal.flows.chooseOffer'));
    if (!offerId) return;
    try {
      const flow = await api.post<Flow>('/api/publisher/flows', {
        offer_id: offerId,
        ...(name.trim() ? { name: name.trim() } : {}),
      });
      setDone(t('portal.flows.created', { name: flow.name, url: flow.tracking_url }));
      setName('');
      list.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  async function toggle(flow: Flow) {
    setFailure(undefined);
    try {
      await api.patch(`/api/publisher/flows/${flow.id}`, {
        status: flow.status === 'active' ? 'paused' : 'active',
      });
      list.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  const offerName = (id: string) => offers.data?.find((o) => o.id === id)?.name ?? `#${id}`;
  const columns: Column<Flow>[] = [
    { key: 'name', header: t('portal.flows.name'), render: (f) => f.name },
    { key: 'offer', header: t('portal.offers.offer'), render: (f) => offerName(f.offer_id) },
    { key: 'status', header: t('common.payouts.status'), render: (f) => <Badge value={f.status} /> },
    {
      key: 'link',
      header: t('portal.flows.link'),
      render: (f) => (
        <span className="url-cell">
          <code>{f.tracking_url}</code>
          <CopyButton text={f.tracking_url} />
        </span>
      ),
    },
    { key: 'created', header: t('portal.flows.createdAt'), render: (f) => <DateTime iso={f.created_at} /> },
    {
      key: 'actions',
      header: '',
      render: (f) => (
        <span className="row-actions">
          <button
            type="button"
            className="button-small"
            onClick={() => toggle(f)}
            aria-label={`${f.status === 'active' ? t('portal.flows.pause') : t('portal.flows.activate')} ${f.name}`}
          >
            {f.status === 'active' ? t('portal.flows.pause') : t('portal.flows.activate')}
          </button>{' '}
          <button
            type="button"
            className="button-small"
            onClick={() => setEditing(f)}
            aria-label={t('portal.flows.leadPostbackOf', { name: f.name })}
          >
            {t('portal.flows.leadPostback')}
          </button>{' '}
          <Link
            className="button button-small"
            to={`/webmaster/flows/${f.id}/streams`}
            aria-label={t('portal.flows.streamsOf', { name: f.name })}
          >
            {t('portal.flows.streams')}
          </Link>{' '}
          <FlowToolLinks base="/webmaster/flows" flow={f} />
        </span>
      ),
    },
  ];

  return (
    <section>
      <h1>{t('nav.webmaster.flows')}</h1>
      <form className="panel form inline-form" onSubmit={create} noValidate>
        <Field label={t('portal.offers.offer')} error={offerError} required>
          {(c) => (
            <select {...c} value={offerId} onChange={(e) => setOfferId(e.target.value)}>
              <option value="">{t('portal.choose')}</option>
              {(offers.data ?? []).map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('portal.flows.flowName')} hint={t('portal.flows.flowNameHint')}>
          {(c) => <input {...c} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <button type="submit" className="button-primary">
          + {t('portal.flows.create')}
        </button>
      </form>
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <LeadPostbackDialog
        flow={editing}
        audience="publisher"
        onClose={() => setEditing(undefined)}
        onSaved={list.reload}
      />
      <DataTable
        caption={t('nav.webmaster.flows')}
        columns={columns}
        rowKey={(f) => f.id}
        empty={tableEmpty(t('portal.flows.none'), <p>{t('portal.flows.noneHint')}</p>)}
        serverSort={sorting.table}
        {...pagedRows(list, page, (n) => setParams(toQueryString({ ...sorting.query, page: n })))}
      />
    </section>
  );
}

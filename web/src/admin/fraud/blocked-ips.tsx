import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { Field } from '../../components/field';
import { ErrorNotice, Notice } from '../../components/notice';
import { withView } from '../../components/section-tabs';
import { DateTime } from '../../components/time-zone';
import { useResource } from '../../hooks/use-resource';
import { ApiError, api, errorMessage, type Page } from '../../lib/api';
import { readPage, toQueryString } from '../../lib/query-string';
import { PER_PAGE } from '../../lib/table-state';
import type { BlockedIp } from '../../lib/types';
import { looksLikeIpOrCidr } from '../../lib/validate';

/** The manual blocklist (seed 000: Fraud Detection tab → + Block IP). */
export function BlockedIps() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = readPage(params);
  const query = { page, per_page: PER_PAGE };
  const list = useResource(`blocked${toQueryString(query)}`, () =>
    api.get<Page<BlockedIp>>('/api/admin/fraud/blocked-ips', query),
  );
  const [ip, setIp] = useState('');
  const [reason, setReason] = useState('');
  const [ipError, setIpError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();

  async function block(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    setDone(undefined);
    const problem = looksLikeIpOrCidr(ip) ? undefined : t('traffic.fraud.ipHint');
    setIpError(problem);
    if (problem) return;
    try {
      const blocked = await api.post<BlockedIp>('/api/admin/fraud/blocked-ips', {
        ip: ip.trim(),
        reason: reason.trim(),
      });
      setDone(t('traffic.fraud.blockedDone', { ip: blocked.ip }));
      setIp('');
      setReason('');
    } catch (error) {
      // A refusal about the address is shown at the field; anything else above the table.
      if (error instanceof ApiError && error.field === 'ip') setIpError(errorMessage(error));
      else setFailure(error);
    }
  }

  async function unblock(entry: BlockedIp) {
    if (!window.confirm(t('traffic.fraud.unblockConfirm', { ip: entry.ip }))) return;
    setFailure(undefined);
    try {
      await api.delete(`/api/admin/fraud/blocked-ips/${entry.id}`);
      setDone(t('traffic.fraud.unblockedDone', { ip: entry.ip }));
    } catch (error) {
      setFailure(error);
    }
  }

  const columns: Column<BlockedIp>[] = [
    {
      key: 'ip',
      header: t('traffic.fraud.ipOrRange'),
      render: (b) => <code>{b.ip}</code>,
      sortValue: (b) => b.ip,
    },
    { key: 'reason', header: t('admin.col.reason'), render: (b) => b.reason || '—' },
    {
      key: 'created',
      header: t('traffic.fraud.blockedAt'),
      render: (b) => <DateTime iso={b.created_at} />,
      sortValue: (b) => b.created_at,
    },
    {
      key: 'actions',
      header: '',
      render: (b) => (
        <button
          type="button"
          className="button-small"
          onClick={() => unblock(b)}
          aria-label={t('traffic.fraud.unblockIp', { ip: b.ip })}
        >
          {t('traffic.fraud.unblock')}
        </button>
      ),
    },
  ];

  return (
    <>
      <h2>{t('traffic.fraud.blocked')}</h2>
      <form className="form inline-form" onSubmit={block} noValidate>
        <Field label={t('traffic.fraud.ipOrCidr')} error={ipError} required>
          {(c) => (
            <input {...c} value={ip} onChange={(e) => setIp(e.target.value)} placeholder="203.0.113.7" />
          )}
        </Field>
        <Field label={t('admin.col.reason')}>
          {(c) => <input {...c} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />}
        </Field>
        <button type="submit" className="button-primary">
          {t('traffic.fraud.block')}
        </button>
      </form>
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <DataTable
        caption={t('traffic.fraud.blocked')}
        columns={columns}
        rowKey={(b) => b.id}
        empty={tableEmpty(t('traffic.fraud.noBlocked'))}
        {...pagedRows(list, page, (n) => setParams(withView(params, toQueryString({ page: n }))))}
      />
    </>
  );
}

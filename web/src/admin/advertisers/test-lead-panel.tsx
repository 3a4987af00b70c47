import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/field';
import { ErrorNotice } from '../../components/notice';
import { api } from '../../lib/api';
import type { Offer, TestLeadReply } from '../../lib/types';
import { RequestResponse } from '../leads/request-view';
import { useAllOffers } from '../lookups';

/**
 * "Test lead": the exact push request for a sample lead with the saved settings (a dry run), and on
 * demand the request really sent and the advertiser's answer.
 */
export function TestLeadPanel({ advertiserId }: { advertiserId: string }) {
  const { t } = useTranslation();
  const offers = useAllOffers();
  const own: Offer[] = (offers.data ?? []).filter((o) => o.advertiser_id === advertiserId);
  const [offerId, setOfferId] = useState('');
  const [reply, setReply] = useState<TestLeadReply>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState<'dry' | 'send'>();

  async function run(send: boolean) {
    setFailure(undefined);
    setBusy(send ? 'send' : 'dry');
    try {
      setReply(
        await api.post<TestLeadReply>(`/api/admin/advertisers/${advertiserId}/test-lead`, {
          send,
          offer_id: offerId || undefined,
        }),
      );
    } catch (error) {
      setFailure(error);
      setReply(undefined);
    } finally {
      setBusy(undefined);
    }
  }

  const result = reply?.result;
  return (
    <section className="panel test-lead-panel" aria-labelledby="test-lead-title">
      <h2 id="test-lead-title">{t('forms.testLead.title')}</h2>
      <p className="hint">{t('forms.testLead.hint')}</p>
      <div className="form-grid">
        <Field label={t('forms.testLead.offer')} hint={t('forms.testLead.offerHint')}>
          {(c) => (
            <select {...c} value={offerId} onChange={(e) => setOfferId(e.target.value)}>
              <option value="">{own.length ? t('forms.testLead.first') : t('forms.testLead.sample')}</option>
              {own.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="button" onClick={() => run(false)} disabled={busy !== undefined}>
          {busy === 'dry' ? t('forms.testLead.building') : t('forms.testLead.show')}
        </button>
        <button
          type="button"
          className="button-primary"
          onClick={() => run(true)}
          disabled={busy !== undefined}
        >
          {busy === 'send' ? t('forms.testLead.sending') : t('forms.testLead.send')}
        </button>
      </div>
      {failure ? <ErrorNotice error={failure} /> : null}
      {reply && (
        <div className="test-lead-result">
          <p role="status">
            {reply.sent
              ? t('forms.testLead.sent', {
                  outcome: result?.outcome === 'response' ? `HTTP ${result.status}` : result?.outcome,
                  ms: result?.duration_ms,
                  delivery: result?.delivery,
                  lead: result?.adv_lead_id ? t('forms.testLead.advLead', { id: result.adv_lead_id }) : '',
                })
              : t('forms.testLead.dry')}
          </p>
          <RequestResponse
            method={reply.request.method}
            url={reply.request.url}
            requestHeaders={reply.request.headers}
            requestBody={reply.request.body}
            response={
              result && {
                status: result.status,
                headers: result.headers,
                body: result.body,
                error: result.error,
              }
            }
          />
        </div>
      )}
    </section>
  );
}

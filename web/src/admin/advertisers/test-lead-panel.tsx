import { useState } from 'react';
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
      <h2 id="test-lead-title">Test lead</h2>
      <p className="hint">
        A sample lead pushed with the saved settings. Save your changes first. “Show request” sends nothing;
        “Send test lead” really calls the advertiser.
      </p>
      <div className="form-grid">
        <Field label="Offer for the test" hint="Its advertiser offer ID goes into the request">
          {(c) => (
            <select {...c} value={offerId} onChange={(e) => setOfferId(e.target.value)}>
              <option value="">{own.length ? 'First offer' : 'A sample offer'}</option>
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
          {busy === 'dry' ? 'Building…' : 'Show request'}
        </button>
        <button
          type="button"
          className="button-primary"
          onClick={() => run(true)}
          disabled={busy !== undefined}
        >
          {busy === 'send' ? 'Sending…' : 'Send test lead'}
        </button>
      </div>
      {failure ? <ErrorNotice error={failure} /> : null}
      {reply && (
        <div className="test-lead-result">
          <p role="status">
            {reply.sent
              ? `Sent: ${result?.outcome === 'response' ? `HTTP ${result.status}` : result?.outcome} in ${result?.duration_ms} ms — a real push would count this as ${result?.delivery}${result?.adv_lead_id ? `; advertiser lead ID ${result.adv_lead_id}` : ''}.`
              : 'Dry run: this is the request a push would send. Nothing was sent.'}
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

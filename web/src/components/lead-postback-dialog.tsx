import { type FormEvent, useState } from 'react';
import { tr } from '../i18n';
import { ApiError, api } from '../lib/api';
import type { Flow } from '../lib/types';
import { Dialog } from './dialog';
import { Field } from './field';
import { ErrorNotice, Notice, RepairNotices } from './notice';

const COMMON =
  '{lead_id} {click_id} {status} {goal} {offer_id} {flow_code} {country} {sub1}…{sub5} {created_at}';
const NETWORK_ONLY = '{name} {phone} {email} {comment} {ip} {adv_offer_id}';

/**
 * A flow's lead creation postback (seed 003's lifehack): the operator forwards a flow's new leads
 * with the buyer's data; a publisher points their own flow's at their tracker, without it.
 */
export function LeadPostbackDialog({
  flow,
  audience,
  onClose,
  onSaved,
}: {
  flow: Flow | undefined;
  audience: 'admin' | 'publisher';
  onClose: () => void;
  onSaved: () => void;
}) {
  return (
    <Dialog
      title={flow ? tr('portal.flows.leadPostbackOf', { name: flow.name }) : tr('portal.flows.leadPostback')}
      open={Boolean(flow)}
      onClose={onClose}
      wide
    >
      {flow && <LeadPostbackForm flow={flow} audience={audience} onSaved={onSaved} />}
    </Dialog>
  );
}

function LeadPostbackForm({
  flow,
  audience,
  onSaved,
}: {
  flow: Flow;
  audience: 'admin' | 'publisher';
  onSaved: () => void;
}) {
  const [url, setUrl] = useState(flow.lead_postback_url ?? '');
  const [method, setMethod] = useState(flow.lead_postback_method);
  const [encoding, setEncoding] = useState(flow.lead_postback_encoding);
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const [repairs, setRepairs] = useState<string[]>([]);

  if (audience === 'publisher' && flow.lead_postback_set_by === 'admin') {
    return (
      <div className="dialog-body">
        <Notice>
          The network forwards this flow’s new leads with a postback of its own. Ask your manager to change
          it.
        </Notice>
      </div>
    );
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setFailure(undefined);
    setSaved(false);
    setRepairs([]);
    const base = audience === 'admin' ? '/api/admin/flows' : '/api/publisher/flows';
    try {
      const updated = await api.patch<Flow & { notices?: string[] }>(`${base}/${flow.id}`, {
        lead_postback_url: url.trim() || null,
        lead_postback_method: method,
        lead_postback_encoding: encoding,
      });
      setUrl(updated.lead_postback_url ?? '');
      setSaved(true);
      setRepairs(updated.notices ?? []);
      onSaved();
    } catch (caught) {
      if (caught instanceof ApiError && caught.field === 'lead_postback_url') setError(caught.message);
      else setFailure(caught);
    }
  }

  const macros = audience === 'admin' ? `${COMMON} ${NETWORK_ONLY}` : COMMON;
  return (
    <form className="form dialog-body" onSubmit={save} noValidate>
      {saved && <Notice tone="success">{tr('common.leadPostback.saved')}</Notice>}
      <RepairNotices notices={repairs} />
      {failure ? <ErrorNotice error={failure} /> : null}
      <div className="form-grid">
        <Field
          label={tr('common.leadPostback.url')}
          error={error}
          wide
          hint={
            <>
              {tr('common.leadPostback.hint')} {tr('portal.postbacks.macros')}: {macros}.{' '}
              {tr('common.leadPostback.empty')}
            </>
          }
        >
          {(c) => (
            <input
              {...c}
              value={url}
              maxLength={2000}
              placeholder="https://network.example/api/lead?key=…&phone={phone}"
              onChange={(e) => setUrl(e.target.value)}
            />
          )}
        </Field>
        <Field label={tr('common.payouts.method')}>
          {(c) => (
            <select
              {...c}
              value={method}
              onChange={(e) => setMethod(e.target.value as Flow['lead_postback_method'])}
            >
              <option value="GET">GET</option>
              <option value="POST">{tr('common.leadPostback.post')}</option>
            </select>
          )}
        </Field>
        {method === 'POST' && (
          <Field label={tr('common.leadPostback.body')}>
            {(c) => (
              <select
                {...c}
                value={encoding}
                onChange={(e) => setEncoding(e.target.value as Flow['lead_postback_encoding'])}
              >
                <option value="form">{tr('common.leadPostback.form')}</option>
                <option value="json">JSON</option>
              </select>
            )}
          </Field>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary">
          {tr('common.leadPostback.save')}
        </button>
      </div>
    </form>
  );
}

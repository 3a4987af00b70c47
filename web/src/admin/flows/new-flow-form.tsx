import { type FormEvent, useState } from 'react';
import { Field } from '../../components/field';
import { ErrorNotice, Notice } from '../../components/notice';
import { tr } from '../../i18n';
import { ApiError, api, errorMessage } from '../../lib/api';
import type { Flow, Offer, Publisher } from '../../lib/types';
import type { FieldErrors } from '../../lib/validate';

type Key = 'publisher_id' | 'offer_id' | 'name' | 'code';

/** A flow for a publisher, made by the operator (publishers usually make their own in the portal). */
export function NewFlowForm({
  offers,
  publishers,
  onCreated,
}: {
  offers: Offer[];
  publishers: Publisher[];
  onCreated: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<Record<Key, string>>({
    publisher_id: '',
    offer_id: '',
    name: '',
    code: '',
  });
  const [errors, setErrors] = useState<FieldErrors<Key>>({});
  const [failure, setFailure] = useState<unknown>();
  const [created, setCreated] = useState<Flow>();
  const set = (key: Key) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<Key> = {};
    if (!form.publisher_id) found.publisher_id = tr('admin.flows.choosePublisher');
    if (!form.offer_id) found.offer_id = tr('admin.flows.chooseOffer');
    if (form.code && !/^[a-z0-9][a-z0-9_-]{2,31}$/.test(form.code))
      found.code = tr('streams.flowForm.codeRule');
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;
    try {
      const flow = await api.post<Flow>('/api/admin/flows', {
        publisher_id: form.publisher_id,
        offer_id: form.offer_id,
        ...(form.name.trim() ? { name: form.name.trim() } : {}),
        ...(form.code ? { code: form.code } : {}),
      });
      setCreated(flow);
      setForm({ publisher_id: '', offer_id: '', name: '', code: '' });
      onCreated();
    } catch (error) {
      if (error instanceof ApiError && error.field) setErrors({ [error.field]: errorMessage(error) });
      setFailure(error);
    }
  }

  if (!open) {
    return (
      <p>
        <button type="button" className="button-primary" onClick={() => setOpen(true)}>
          {tr('admin.flows.newButton')}
        </button>
      </p>
    );
  }
  return (
    <form className="panel form" onSubmit={submit} noValidate>
      <h2>{tr('admin.flows.new')}</h2>
      {created && (
        <Notice tone="success">
          {tr('admin.flows.created', { code: created.code, url: created.tracking_url })}
        </Notice>
      )}
      {failure ? <ErrorNotice error={failure} /> : null}
      <div className="form-grid">
        <Field label={tr('admin.col.publisher')} error={errors.publisher_id} required>
          {(c) => (
            <select {...c} value={form.publisher_id} onChange={set('publisher_id')}>
              <option value="">{tr('admin.flows.choose')}</option>
              {publishers
                .filter((p) => p.status === 'approved')
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field label={tr('admin.col.offer')} error={errors.offer_id} required>
          {(c) => (
            <select {...c} value={form.offer_id} onChange={set('offer_id')}>
              <option value="">{tr('admin.flows.choose')}</option>
              {offers.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={tr('admin.col.title')} error={errors.name}>
          {(c) => <input {...c} value={form.name} onChange={set('name')} />}
        </Field>
        <Field label={tr('admin.flows.code')} error={errors.code} hint={tr('admin.flows.codeHint')}>
          {(c) => <input {...c} value={form.code} onChange={set('code')} />}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary">
          {tr('admin.flows.create')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {tr('admin.flows.close')}
        </button>
      </div>
    </form>
  );
}

import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/field';
import { ErrorNotice, Notice, RepairNotices } from '../../components/notice';
import { useResource } from '../../hooks/use-resource';
import { Coded } from '../../i18n/coded';
import { api } from '../../lib/api';
import {
  EMPTY_POSTBACK,
  eventsOffered,
  POSTBACK_EVENTS,
  POSTBACK_PRESETS,
  type PostbackForm,
  postbackBody,
  postbackPreviews,
  postbackProblems,
  presetNote,
  presetNoteKey,
  presetOf,
  sendsStatus,
  withPreset,
} from '../../lib/postback-form';
import type { PublisherOffer } from '../../lib/types';
import { type Postback, PostbackRow } from './postback-row';
import { StatusWordsEditor } from './status-words-editor';

/** The publisher's tracker postbacks: add one (preset or URL, events, scope), test it, delete it. */
export function PostbacksPanel({ offers }: { offers: PublisherOffer[] }) {
  const list = useResource('my-postbacks', () =>
    api.get<{ data: Postback[] }>('/api/publisher/postbacks').then((r) => r.data),
  );
  const { t } = useTranslation();
  const [form, setForm] = useState<PostbackForm>(EMPTY_POSTBACK);
  const [problems, setProblems] = useState<ReturnType<typeof postbackProblems>>({});
  const [failure, setFailure] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const [repairs, setRepairs] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof PostbackForm>(key: K, value: PostbackForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const offerName = (id: string | null) =>
    id === null
      ? t('portal.caps.allOffers')
      : (offers.find((o) => o.id === id)?.name ?? t('portal.caps.offerNumber', { id }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    setRepairs([]);
    setFailure(undefined);
    const found = postbackProblems(form);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const created = await api.post<{ notices?: string[] }>('/api/publisher/postbacks', postbackBody(form));
      setForm(EMPTY_POSTBACK);
      setSaved(true);
      setRepairs(created.notices ?? []);
      list.reload();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  async function remove(id: string) {
    if (!window.confirm(t('portal.postbacks.confirmDelete'))) return;
    try {
      await api.delete(`/api/publisher/postbacks/${id}`);
      list.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  const chosen = presetOf(form.preset);
  const custom = chosen === undefined;
  const previews = postbackPreviews(form);
  const offered = eventsOffered(form);
  return (
    <section className="panel" aria-labelledby="postbacks-title">
      <h2 id="postbacks-title">{t('portal.postbacks.title')}</h2>
      <p className="hint">
        {t('portal.postbacks.macros')}:{' '}
        {'{click_id} {subid} {status} {event} {payout} {currency} {offer_id} {goal} {txid} {sub1}…{sub10}'}.{' '}
        {t('portal.postbacks.delay')}
      </p>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {list.data && list.data.length === 0 && <p className="muted">{t('portal.postbacks.none')}</p>}
      {list.data?.map((p) => (
        <PostbackRow
          key={p.id}
          postback={p}
          scope={offerName(p.offer_id)}
          onDelete={() => remove(p.id)}
          onSaved={list.reload}
        />
      ))}
      <form onSubmit={submit} noValidate aria-label={t('portal.postbacks.add')}>
        <h3>{t('portal.postbacks.add')}</h3>
        {saved && <Notice tone="success">{t('portal.postbacks.saved')}</Notice>}
        <RepairNotices notices={repairs} />
        {failure ? <ErrorNotice error={failure} /> : null}
        <div className="form-grid">
          <Field label={t('portal.postbacks.tracker')}>
            {(c) => (
              <select
                {...c}
                value={form.preset}
                onChange={(e) => setForm((f) => withPreset(f, e.target.value))}
              >
                {POSTBACK_PRESETS.map((p) => (
                  <option key={p.key} value={p.key}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {custom ? (
            <Field label={t('common.payouts.method')}>
              {(c) => (
                <select
                  {...c}
                  value={form.method}
                  onChange={(e) => set('method', e.target.value as 'GET' | 'POST')}
                >
                  <option value="GET">GET</option>
                  <option value="POST">POST (JSON)</option>
                </select>
              )}
            </Field>
          ) : (
            <Field
              label={t('portal.postbacks.trackerAddress')}
              required
              error={problems.domain}
              hint={t('portal.postbacks.trackerAddressHint')}
            >
              {(c) => (
                <input
                  {...c}
                  value={form.domain}
                  placeholder={
                    form.preset === 'keitaro' || form.preset === 'orbitra'
                      ? 'tracker.example.com/a1b2c3d'
                      : chosen?.pathRequired
                        ? 'tracker.example.com/click'
                        : 'tracker.example.com'
                  }
                  onChange={(e) => set('domain', e.target.value)}
                />
              )}
            </Field>
          )}
          {chosen?.trackerKey && (
            <Field label={presetNote(chosen, 'trackerKey') ?? ''} required error={problems.tracker_key}>
              {(c) => (
                <input
                  {...c}
                  value={form.tracker_key}
                  autoComplete="off"
                  onChange={(e) => set('tracker_key', e.target.value)}
                />
              )}
            </Field>
          )}
          {chosen?.setup && (
            <p className="field-wide hint" id="preset-setup">
              <Coded k={presetNoteKey(chosen, 'setup')} defaults={chosen.setup} />{' '}
              <a href={chosen.docsUrl} target="_blank" rel="noreferrer noopener">
                {t('portal.postbacks.docs')}
              </a>
            </p>
          )}
          {custom && (
            <Field label={t('portal.postbacks.url')} required wide error={problems.url}>
              {(c) => (
                <input
                  {...c}
                  type="url"
                  value={form.url}
                  placeholder="https://tracker.example.com/postback?subid={sub1}&status={status}&payout={payout}"
                  onChange={(e) => set('url', e.target.value)}
                />
              )}
            </Field>
          )}
          <div className="field field-wide">
            <p className="field-label" id="preview-title">
              {t('portal.postbacks.perEvent')}
            </p>
            <p className="hint">{t('portal.postbacks.sample')}</p>
            {previews ? (
              <ul className="event-previews" aria-labelledby="preview-title">
                {previews.map((p) => (
                  <li key={p.event} aria-label={t('portal.postbacks.urlFor', { event: p.event })}>
                    <span className="event-name">{p.event}</span>
                    <code className="url-preview">{p.url}</code>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="url-preview">
                {custom ? t('portal.postbacks.enterUrl') : t('portal.postbacks.enterAddress')}
              </p>
            )}
          </div>
          <Field label={t('portal.postbacks.offers')}>
            {(c) => (
              <select {...c} value={form.offer_id} onChange={(e) => set('offer_id', e.target.value)}>
                <option value="">{t('portal.caps.allOffers')}</option>
                {offers.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset className="field-wide checkbox-row">
            <legend>{t('portal.postbacks.events')}</legend>
            {offered.map((e) => (
              <label key={e}>
                <input
                  type="checkbox"
                  checked={form.events.includes(e)}
                  onChange={(ev) =>
                    set(
                      'events',
                      ev.target.checked ? [...form.events, e] : form.events.filter((x) => x !== e),
                    )
                  }
                />{' '}
                {/* The event's code, as the tracker receives it in {event}. */}
                <span className="event-code">{e}</span>
              </label>
            ))}
            {problems.events && <p className="field-error">{problems.events}</p>}
            {chosen?.eventsNote && (
              <p className="field-wide hint">
                {t('portal.postbacks.notTold', { name: chosen.name, note: presetNote(chosen, 'events') })}
              </p>
            )}
          </fieldset>
          {sendsStatus(form) && form.events.length > 0 && (
            <fieldset className="field-wide">
              <legend>{t('portal.postbacks.statusWords')}</legend>
              <p className="hint">
                {chosen
                  ? t('portal.postbacks.wordsHintPreset', { name: chosen.name })
                  : t('portal.postbacks.wordsHint')}
              </p>
              <StatusWordsEditor
                preset={form.preset}
                events={POSTBACK_EVENTS.filter((e) => form.events.includes(e))}
                words={form.status_words}
                onChange={(words) => set('status_words', words)}
              />
            </fieldset>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? t('portal.saving') : t('portal.postbacks.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

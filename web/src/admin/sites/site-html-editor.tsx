import { useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Field } from '../../components/field';
import { ErrorNotice, Loading, Notice } from '../../components/notice';
import { tr } from '../../i18n';
import { api } from '../../lib/api';
import { base64ToText, insertSnippet, isHtml, textToBase64 } from '../../lib/site-upload';
import type { LocalSite } from '../../lib/types';

async function orderFormSnippet(): Promise<string> {
  const response = await fetch('/api/admin/sites/order-form-snippet', { credentials: 'same-origin' });
  if (!response.ok) throw new Error(tr('setup.sites.snippetFailed', { status: response.status }));
  return response.text();
}

/** Edit a site's HTML as text; the built-in order form goes in at the cursor. */
export function SiteHtmlEditor({ site, onSaved }: { site: LocalSite; onSaved: () => void }) {
  const { t } = useTranslation();
  const pages = site.files.filter((f) => isHtml(f.path)).map((f) => f.path);
  const [path, setPath] = useState(pages.includes('index.html') ? 'index.html' : (pages[0] ?? 'index.html'));
  const [html, setHtml] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const exists = pages.includes(path);

  useEffect(() => {
    let live = true;
    setHtml(undefined);
    if (!exists) {
      setHtml('<!doctype html>\n<html lang="en">\n<body>\n</body>\n</html>\n');
      return;
    }
    api.get<{ content_base64: string }>(`/api/admin/sites/${site.id}/file`, { path }).then(
      (file) => live && setHtml(base64ToText(file.content_base64)),
      (error) => live && setFailure(error),
    );
    return () => {
      live = false;
    };
  }, [site.id, path, exists]);

  async function insertForm() {
    setFailure(undefined);
    try {
      const snippet = await orderFormSnippet();
      setHtml((current) => insertSnippet(current ?? '', snippet, area.current?.selectionStart ?? 0));
      setSaved(false);
    } catch (error) {
      setFailure(error);
    }
  }

  async function save() {
    setFailure(undefined);
    setBusy(true);
    try {
      await api.put(`/api/admin/sites/${site.id}/files`, { path, content_base64: textToBase64(html ?? '') });
      setSaved(true);
      onSaved();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="html-editor-title">
      <h2 id="html-editor-title">{t('setup.sites.editor')}</h2>
      <p className="hint">
        <Trans
          i18nKey="setup.sites.editorHint"
          components={{
            click: <code>{'{click}'}</code>,
            example: <code>{'<input type="hidden" name="click_id" value="{click}">'}</code>,
            macros: <code>{'{offer_id}, {pub_id}, {flow}, {sub1}…{sub10}, {country}'}</code>,
          }}
        />
      </p>
      <div className="form-grid">
        <Field label={t('setup.sites.page')}>
          {(c) => (
            <select {...c} value={path} onChange={(e) => setPath(e.target.value)}>
              {(exists ? pages : [...pages, path]).map((p) => (
                <option key={p} value={p}>
                  {p}
                  {pages.includes(p) ? '' : ` ${t('setup.sites.newPage')}`}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {failure ? <ErrorNotice error={failure} /> : null}
      {saved && <Notice tone="success">{t('setup.sites.saved', { path })}</Notice>}
      {html === undefined ? (
        <Loading />
      ) : (
        <Field label={t('setup.sites.htmlOf', { path })} wide>
          {(c) => (
            <textarea
              {...c}
              ref={area}
              className="mono site-html"
              translate="no"
              rows={18}
              spellCheck={false}
              value={html}
              onChange={(e) => {
                setHtml(e.target.value);
                setSaved(false);
              }}
            />
          )}
        </Field>
      )}
      <div className="form-actions">
        <button type="button" onClick={insertForm} disabled={html === undefined}>
          {t('setup.sites.insertForm')}
        </button>
        <button type="button" className="button-primary" onClick={save} disabled={busy || html === undefined}>
          {busy ? t('admin.act.saving') : t('setup.sites.save', { path })}
        </button>
      </div>
    </section>
  );
}

import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Field } from '../../components/field';
import { ErrorNotice, Notice } from '../../components/notice';
import { ApiError, api } from '../../lib/api';
import { bytesToBase64, formatBytes, uploadProblem } from '../../lib/site-upload';
import type { LocalSite } from '../../lib/types';

/** The site's files: upload assets (checked here first, in words), delete one. */
export function SiteFilesPanel({ site, onChanged }: { site: LocalSite; onChanged: () => void }) {
  const { t } = useTranslation();
  const [folder, setFolder] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [uploaded, setUploaded] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function upload(files: FileList | null) {
    if (!files || files.length === 0) return;
    const prefix = folder.trim().replace(/^\/+|\/+$/g, '');
    const found: string[] = [];
    const done: string[] = [];
    setBusy(true);
    for (const file of Array.from(files)) {
      const path = prefix ? `${prefix}/${file.name}` : file.name;
      const problem = uploadProblem(path, file.size);
      if (problem) {
        found.push(problem);
        continue;
      }
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        await api.put(`/api/admin/sites/${site.id}/files`, { path, content_base64: bytesToBase64(bytes) });
        done.push(path);
      } catch (error) {
        found.push(error instanceof ApiError ? error.message : `${path}: ${String(error)}`);
      }
    }
    setBusy(false);
    setProblems(found);
    setUploaded(done);
    if (done.length > 0) onChanged();
  }

  async function remove(path: string) {
    setProblems([]);
    try {
      await api.delete(`/api/admin/sites/${site.id}/files?path=${encodeURIComponent(path)}`);
      onChanged();
    } catch (error) {
      setProblems([error instanceof ApiError ? error.message : String(error)]);
    }
  }

  return (
    <section className="panel" aria-labelledby="site-files-title">
      <h2 id="site-files-title">{t('setup.sites.files')}</h2>
      <p className="hint">
        <Trans i18nKey="setup.sites.filesHint" components={{ c: <code /> }} />
      </p>
      <div className="form-grid">
        <Field label={t('setup.sites.folder')} hint={t('setup.sites.folderHint')}>
          {(c) => (
            <input {...c} className="mono" value={folder} onChange={(e) => setFolder(e.target.value)} />
          )}
        </Field>
        <Field label={t('setup.sites.upload')}>
          {(c) => (
            <input
              {...c}
              type="file"
              multiple
              disabled={busy}
              onChange={(e) => {
                void upload(e.target.files);
                e.target.value = '';
              }}
            />
          )}
        </Field>
      </div>
      {problems.map((p) => (
        <ErrorNotice key={p} error={new Error(p)} />
      ))}
      {uploaded.length > 0 && (
        <Notice tone="success">{t('setup.sites.uploaded', { files: uploaded.join(', ') })}</Notice>
      )}
      <div className="table-wrap">
        <table>
          <caption className="sr-only">{t('setup.sites.filesOf', { name: site.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('setup.sites.path')}</th>
              <th scope="col">{t('setup.sites.type')}</th>
              <th scope="col" className="num">
                {t('setup.sites.size')}
              </th>
              <th scope="col">
                <span className="sr-only">{t('admin.col.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {site.files.map((f) => (
              <tr key={f.path}>
                <td translate="no">
                  <a href={`${site.url}${f.path}`} target="_blank" rel="noreferrer">
                    {f.path}
                  </a>
                </td>
                <td translate="no">{f.content_type.split(';')[0]}</td>
                <td className="num">{formatBytes(f.size)}</td>
                <td>
                  <button type="button" className="button-small" onClick={() => remove(f.path)}>
                    {t('setup.sites.deleteFile', { path: f.path })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

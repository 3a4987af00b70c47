import { useState } from 'react';
import { Field } from '../../components/field';
import { ErrorNotice, Notice } from '../../components/notice';
import { ApiError, api } from '../../lib/api';
import { bytesToBase64, formatBytes, uploadProblem } from '../../lib/site-upload';
import type { LocalSite } from '../../lib/types';

/** The site's files: upload assets (checked here first, in words), delete one. */
export function SiteFilesPanel({ site, onChanged }: { site: LocalSite; onChanged: () => void }) {
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
      <h2 id="site-files-title">Files</h2>
      <p className="hint">
        Images, CSS, scripts and fonts the page uses, at most 1 MB each and 8 MB a site; link them by relative
        path, e.g. <code>img/logo.png</code>.
      </p>
      <div className="form-grid">
        <Field label="Folder" hint="Optional, e.g. img">
          {(c) => (
            <input {...c} className="mono" value={folder} onChange={(e) => setFolder(e.target.value)} />
          )}
        </Field>
        <Field label="Upload files">
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
      {uploaded.length > 0 && <Notice tone="success">Uploaded {uploaded.join(', ')}.</Notice>}
      <div className="table-wrap">
        <table>
          <caption className="sr-only">Files of {site.name}</caption>
          <thead>
            <tr>
              <th scope="col">Path</th>
              <th scope="col">Type</th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {site.files.map((f) => (
              <tr key={f.path}>
                <td>
                  <a href={`${site.url}${f.path}`} target="_blank" rel="noreferrer">
                    {f.path}
                  </a>
                </td>
                <td>{f.content_type.split(';')[0]}</td>
                <td className="num">{formatBytes(f.size)}</td>
                <td>
                  <button type="button" className="button-small" onClick={() => remove(f.path)}>
                    Delete {f.path}
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

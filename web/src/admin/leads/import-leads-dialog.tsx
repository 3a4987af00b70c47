import { type FormEvent, useState } from 'react';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { ErrorNotice, Notice } from '../../components/notice';
import { api } from '../../lib/api';
import type { ImportReport, Offer, Publisher } from '../../lib/types';

interface Props {
  open: boolean;
  onClose: () => void;
  offers: Offer[];
  publishers: Publisher[];
  onImported: () => void;
}

/** CSV import for one offer (POST /api/admin/leads/import): the report lists every refused row. */
export function ImportLeadsDialog({ open, onClose, offers, publishers, onImported }: Props) {
  const [offerId, setOfferId] = useState('');
  const [publisherId, setPublisherId] = useState('');
  const [push, setPush] = useState(true);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    if (!offerId) return setProblem('Choose the offer the leads belong to');
    if (!file) return setProblem('Choose a CSV file');
    setProblem(undefined);
    const form = new FormData();
    form.append('file', file, file.name);
    setBusy(true);
    try {
      const result = await api.upload<ImportReport>(
        '/api/admin/leads/import',
        { offer_id: offerId, publisher_id: publisherId, push: push ? undefined : 'false' },
        form,
      );
      setReport(result);
      onImported();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      title="Import leads from CSV"
      open={open}
      wide
      onClose={() => {
        setReport(undefined);
        onClose();
      }}
    >
      <div className="dialog-body">
        <form className="form-grid" onSubmit={submit} noValidate>
          <p className="hint field-wide">
            One lead a row; a header row names the columns (name, phone, email, country, ip, sub1…sub5; any
            other column is kept as a custom field).{' '}
            <a href="/api/admin/leads/import/sample.csv">Sample CSV</a>
          </p>
          <Field label="Offer" required error={problem && !offerId ? problem : undefined}>
            {(c) => (
              <select {...c} value={offerId} onChange={(e) => setOfferId(e.target.value)}>
                <option value="">Choose…</option>
                {offers.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Publisher" hint="Optional: whose leads these are">
            {(c) => (
              <select {...c} value={publisherId} onChange={(e) => setPublisherId(e.target.value)}>
                <option value="">None</option>
                {publishers.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="CSV file" required error={problem && offerId && !file ? problem : undefined}>
            {(c) => (
              <input
                {...c}
                type="file"
                accept=".csv,text/csv"
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              />
            )}
          </Field>
          <div className="field field-wide checkbox">
            <label>
              <input type="checkbox" checked={push} onChange={(e) => setPush(e.target.checked)} /> Push the
              leads to the advertiser
            </label>
          </div>
          <div className="field-wide">
            <button type="submit" className="button-primary" disabled={busy}>
              {busy ? 'Importing…' : 'Import'}
            </button>
          </div>
        </form>
        {failure ? <ErrorNotice error={failure} /> : null}
        {report && <ImportResult report={report} />}
      </div>
    </Dialog>
  );
}

function ImportResult({ report }: { report: ImportReport }) {
  const statuses = Object.entries(report.statuses)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  return (
    <div className="import-report">
      <Notice tone={report.failed === 0 && report.complete ? 'success' : 'info'}>
        Read {report.rows} rows: {report.imported} imported{statuses ? ` (${statuses})` : ''}, {report.failed}{' '}
        refused.
        {report.custom_fields.length > 0 && ` Custom fields: ${report.custom_fields.join(', ')}.`}
        {!report.complete && ' A broken line stopped the reading; the rows before it are kept.'}
      </Notice>
      {report.errors.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">Rows refused</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Field</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {report.errors.map((e) => (
                <tr key={`${e.row}-${e.field}-${e.message}`}>
                  <td>{e.row}</td>
                  <td>{e.field ?? '—'}</td>
                  <td className="wrap">{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {report.errors_truncated && (
        <p className="hint">Only the first {report.errors.length} problems are listed.</p>
      )}
    </div>
  );
}

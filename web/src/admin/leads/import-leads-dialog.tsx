import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { ErrorNotice, Notice } from '../../components/notice';
import { api } from '../../lib/api';
import { LEAD_STATUS_LABELS } from '../../lib/lead-filters';
import type { ImportReport, Offer, Publisher } from '../../lib/types';

interface Props {
  open: boolean;
  onClose: () => void;
  offers: Offer[];
  publishers: Publisher[];
}

/** CSV import for one offer (POST /api/admin/leads/import): the report lists every refused row. */
/** The upload's own invalidation (lib/invalidation.ts) asks the Leads list again. */
export function ImportLeadsDialog({ open, onClose, offers, publishers }: Props) {
  const [offerId, setOfferId] = useState('');
  const [publisherId, setPublisherId] = useState('');
  const { t } = useTranslation();
  const [push, setPush] = useState(true);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    if (!offerId) return setProblem(t('forms.import.chooseOffer'));
    if (!file) return setProblem(t('forms.import.chooseFile'));
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
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={t('forms.import.title')}
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
            {t('forms.import.hint')}{' '}
            <a href="/api/admin/leads/import/sample.csv">{t('admin.leads.sampleCsv')}</a>
          </p>
          <Field label={t('admin.col.offer')} required error={problem && !offerId ? problem : undefined}>
            {(c) => (
              <select {...c} value={offerId} onChange={(e) => setOfferId(e.target.value)}>
                <option value="">{t('forms.choose')}</option>
                {offers.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('admin.col.publisher')} hint={t('forms.import.publisherHint')}>
            {(c) => (
              <select {...c} value={publisherId} onChange={(e) => setPublisherId(e.target.value)}>
                <option value="">{t('admin.act.none')}</option>
                {publishers.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label={t('forms.import.file')}
            required
            error={problem && offerId && !file ? problem : undefined}
          >
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
              <input type="checkbox" checked={push} onChange={(e) => setPush(e.target.checked)} />{' '}
              {t('forms.import.push')}
            </label>
          </div>
          <div className="field-wide">
            <button type="submit" className="button-primary" disabled={busy}>
              {busy ? t('forms.import.importing') : t('forms.import.import')}
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
  const { t } = useTranslation();
  const statuses = Object.entries(report.statuses)
    .map(([status, n]) => `${n} ${(LEAD_STATUS_LABELS as Record<string, string>)[status] ?? status}`)
    .join(', ');
  return (
    <div className="import-report">
      <Notice tone={report.failed === 0 && report.complete ? 'success' : 'info'}>
        {t('forms.import.read', {
          count: report.rows,
          imported: report.imported,
          statuses: statuses ? ` (${statuses})` : '',
          failed: report.failed,
        })}
        {report.custom_fields.length > 0 &&
          ` ${t('forms.import.custom', { list: report.custom_fields.join(', ') })}`}
        {!report.complete && ` ${t('forms.import.broken')}`}
      </Notice>
      {report.errors.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t('forms.import.refused')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('forms.import.line')}</th>
                <th scope="col">{t('forms.import.field')}</th>
                <th scope="col">{t('forms.import.problem')}</th>
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
        <p className="hint">{t('forms.import.truncated', { count: report.errors.length })}</p>
      )}
    </div>
  );
}

import { Trans, useTranslation } from 'react-i18next';
import type { FieldErrors } from '../../lib/validate';
import {
  type AdvertiserField,
  type AdvertiserForm,
  STATUS_MAP_CHOICES,
  STATUS_MAP_LABELS,
  type StatusMapRow,
  type StatusMapValue,
} from './advertiser-form-model';

interface Props {
  form: AdvertiserForm;
  errors: FieldErrors<AdvertiserField>;
  set: <K extends AdvertiserField>(key: K, value: AdvertiserForm[K]) => void;
}

/**
 * The advertiser's status word map (issue 16): each word their network sends → our status. Postbacks
 * read it before the built-in words; it is saved with the advertiser (status_map).
 */
export function StatusMapFields({ form, errors, set }: Props) {
  const { t } = useTranslation();
  const rows = form.status_map_rows;
  const change = (index: number, row: Partial<StatusMapRow>) =>
    set(
      'status_map_rows',
      rows.map((r, i) => (i === index ? { ...r, ...row } : r)),
    );
  return (
    <fieldset className="field-wide status-map" aria-describedby="status-map-hint">
      <legend>{t('forms.statusWords.legend')}</legend>
      <p className="hint" id="status-map-hint">
        <Trans i18nKey="forms.statusWords.hint" components={{ c: <code /> }} />
      </p>
      {errors.status_map_rows && <p className="field-error">{errors.status_map_rows}</p>}
      {rows.length > 0 && (
        <table className="status-map-rows">
          <thead>
            <tr>
              <th scope="col">{t('forms.statusWords.their')}</th>
              <th scope="col">{t('forms.statusWords.our')}</th>
              <th scope="col">
                <span className="sr-only">{t('forms.goals.remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              // Rows have no identity of their own; the position is it while the form is open.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <tr key={i}>
                <td>
                  <input
                    className="mono"
                    aria-label={t('forms.statusWords.theirN', { n: i + 1 })}
                    maxLength={64}
                    value={row.word}
                    onChange={(e) => change(i, { word: e.target.value })}
                  />
                </td>
                <td>
                  <select
                    aria-label={t('forms.statusWords.ourN', { n: i + 1 })}
                    value={row.status}
                    onChange={(e) => change(i, { status: e.target.value as StatusMapValue })}
                  >
                    {STATUS_MAP_CHOICES.map((s) => (
                      <option key={s} value={s}>
                        {STATUS_MAP_LABELS[s]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <button
                    type="button"
                    className="button-small"
                    aria-label={t('forms.statusWords.removeN', { n: i + 1 })}
                    onClick={() =>
                      set(
                        'status_map_rows',
                        rows.filter((_, j) => j !== i),
                      )
                    }
                  >
                    {t('forms.goals.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button
        type="button"
        className="button-small"
        onClick={() => set('status_map_rows', [...rows, { word: '', status: 'approved' }])}
      >
        {t('forms.statusWords.add')}
      </button>
    </fieldset>
  );
}

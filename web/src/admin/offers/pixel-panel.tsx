import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyField } from '../../components/copy-button';
import { ErrorNotice, Loading } from '../../components/notice';
import { useResource } from '../../hooks/use-resource';
import { Coded } from '../../i18n/coded';
import { api } from '../../lib/api';
import type { OfferPixelSnippet } from '../../lib/types';

interface Props {
  offerId: string;
  pixelKey: string;
  /** The key was rotated: reload the offer (and this panel's notes). */
  onKeyRotated: () => void;
}

/** The conversion pixel to paste on the advertiser's thank-you page, when they cannot send postbacks. */
export function PixelPanel({ offerId, pixelKey, onKeyRotated }: Props) {
  const { t } = useTranslation();
  const pixel = useResource(`pixel-${offerId}-${pixelKey}`, () =>
    api.get<OfferPixelSnippet>(`/api/admin/offers/${offerId}/pixel`),
  );
  const [rotating, setRotating] = useState(false);
  const [rotateError, setRotateError] = useState<unknown>(null);
  async function rotate() {
    if (!window.confirm(t('forms.pixel.rotateConfirm'))) return;
    setRotating(true);
    setRotateError(null);
    try {
      await api.post(`/api/admin/offers/${offerId}/pixel-key`);
      onKeyRotated();
    } catch (error) {
      setRotateError(error);
    } finally {
      setRotating(false);
    }
  }
  return (
    <section className="panel" aria-labelledby="pixel-title">
      <h2 id="pixel-title">{t('forms.pixel.title')}</h2>
      <p className="hint">
        <Coded k="forms.pixel.hint" />
      </p>
      {pixel.error ? <ErrorNotice error={pixel.error} onRetry={pixel.reload} /> : null}
      {!pixel.data ? (
        !pixel.error && <Loading />
      ) : (
        <>
          <h3>{t('forms.pixel.image')}</h3>
          <CopyField label={t('forms.pixel.image')} text={pixel.data.img} />
          <h3>{t('forms.pixel.script')}</h3>
          <CopyField label={t('forms.pixel.script')} text={pixel.data.script} />
          <ul className="notes-list hint">
            {/* The server's notes for the offer's settings, each said by its code (the English as sent for one this build has no words for). */}
            {pixel.data.note_codes.map(({ code, params }, i) => (
              <li key={code}>
                <Coded
                  k={`forms.pixel.note.${code}`}
                  values={params}
                  defaults={pixel.data?.notes[i] ?? code}
                />
              </li>
            ))}
            <li>
              <Coded k="forms.pixel.cookies" values={{ macro: '{click_id}' }} />
            </li>
          </ul>
        </>
      )}
      <h3>{t('forms.pixel.key')}</h3>
      <p className="hint">
        <Coded k="forms.pixel.keyHint" />
      </p>
      <CopyField label={t('forms.pixel.key')} text={pixelKey} />
      {rotateError ? <ErrorNotice error={rotateError} /> : null}
      <button type="button" onClick={rotate} disabled={rotating}>
        {rotating ? t('forms.pixel.rotating') : t('forms.pixel.rotate')}
      </button>
    </section>
  );
}

import { useState } from 'react';
import { CopyField } from '../../components/copy-button';
import { ErrorNotice, Loading } from '../../components/notice';
import { useResource } from '../../hooks/use-resource';
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
  const pixel = useResource(`pixel-${offerId}-${pixelKey}`, () =>
    api.get<OfferPixelSnippet>(`/api/admin/offers/${offerId}/pixel`),
  );
  const [rotating, setRotating] = useState(false);
  const [rotateError, setRotateError] = useState<unknown>(null);
  async function rotate() {
    if (!window.confirm('Make a new pixel key? Pixels signed with the current key are refused at once.'))
      return;
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
      <h2 id="pixel-title">Conversion pixel</h2>
      <p className="hint">
        For advertisers who cannot send postbacks: put one of these on the thank-you page. Each order is
        recorded once per order_id. What the pixel may record is set under Settings (pixel mode).
      </p>
      {pixel.error ? <ErrorNotice error={pixel.error} onRetry={pixel.reload} /> : null}
      {!pixel.data ? (
        !pixel.error && <Loading />
      ) : (
        <>
          <h3>Image pixel</h3>
          <CopyField label="Image pixel" text={pixel.data.img} />
          <h3>JavaScript snippet</h3>
          <CopyField label="JavaScript snippet" text={pixel.data.script} />
          <ul className="notes-list hint">
            {pixel.data.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
            <li>
              Third-party cookies: Safari and Firefox block them, and Chrome may too, so the lr_click cookie
              set at click time often does not reach the pixel on the advertiser's domain. Pass click_id on
              the thank-you page (the landing URL's {'{click_id}'}) for reliable tracking.
            </li>
          </ul>
        </>
      )}
      <h3>Pixel key</h3>
      <p className="hint">
        For signed pixels: give it to the advertiser only, for their server (never publishers, never in a
        page). sig = hex HMAC-SHA256 of click_id|order_id|amount|currency|goal|status with this key.
      </p>
      <CopyField label="Pixel key" text={pixelKey} />
      {rotateError ? <ErrorNotice error={rotateError} /> : null}
      <button type="button" onClick={rotate} disabled={rotating}>
        {rotating ? 'Rotating…' : 'Rotate pixel key'}
      </button>
    </section>
  );
}

import { CopyField } from '../../components/copy-button';
import { ErrorNotice, Loading } from '../../components/notice';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';
import type { OfferPixelSnippet } from '../../lib/types';

/** The conversion pixel to paste on the advertiser's thank-you page, when they cannot send postbacks. */
export function PixelPanel({ offerId }: { offerId: string }) {
  const pixel = useResource(`pixel-${offerId}`, () =>
    api.get<OfferPixelSnippet>(`/api/admin/offers/${offerId}/pixel`),
  );
  return (
    <section className="panel" aria-labelledby="pixel-title">
      <h2 id="pixel-title">Conversion pixel</h2>
      <p className="hint">
        For advertisers who cannot send postbacks: put one of these on the thank-you page. Each order is
        recorded once per order_id.
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
    </section>
  );
}

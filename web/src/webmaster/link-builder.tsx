import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CopyField } from '../components/copy-button';
import { Field } from '../components/field';
import { SUB_KEYS, type SubIds, withSubIds } from '../lib/tracking-link';
import type { Flow, PublisherOffer } from '../lib/types';

interface Props {
  offers: PublisherOffer[];
  flows: Flow[];
  offerId: string;
  onOfferChange: (offerId: string) => void;
}

export const LINK_BUILDER_ID = 'link-builder';

/**
 * Seed 000 "Publishers can generate tracking links": an offer (or one of its flows) plus sub ids.
 * The page keys it by offer, so choosing another offer starts a fresh link.
 */
export function LinkBuilder({ offers, flows, offerId, onOfferChange }: Props) {
  const { t } = useTranslation();
  const [flowId, setFlowId] = useState('');
  const [subs, setSubs] = useState<SubIds>({});
  const offer = offers.find((o) => o.id === offerId);
  const offerFlows = flows.filter((f) => f.offer_id === offerId && f.status === 'active');
  const flow = offerFlows.find((f) => f.id === flowId);

  if (!offer) return null;
  const base = flow ? flow.tracking_url : offer.tracking_url;
  const link = withSubIds(base, subs);
  return (
    <section className="panel" id={LINK_BUILDER_ID} aria-labelledby="link-builder-title">
      <h2 id="link-builder-title">{t('portal.link.title')}</h2>
      <div className="form-grid">
        <Field label={t('portal.offers.offer')}>
          {(c) => (
            <select {...c} value={offerId} onChange={(e) => onOfferChange(e.target.value)}>
              {offers.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t('portal.link.flow')}
          hint={
            offerFlows.length === 0 ? (
              <>
                {t('portal.link.optional')} <Link to="/webmaster/flows">{t('portal.link.createFlow')}</Link>{' '}
                {t('portal.link.createFlowWhy')}
              </>
            ) : (
              t('portal.link.flowHint')
            )
          }
        >
          {(c) => (
            <select {...c} value={flowId} onChange={(e) => setFlowId(e.target.value)}>
              <option value="">{t('portal.link.direct')}</option>
              {offerFlows.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name} ({f.code})
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset className="subs">
        <legend>{t('portal.link.subs')}</legend>
        {SUB_KEYS.map((key) => (
          <Field key={key} label={key}>
            {(c) => (
              <input
                {...c}
                value={subs[key] ?? ''}
                maxLength={255}
                onChange={(e) => setSubs((s) => ({ ...s, [key]: e.target.value }))}
              />
            )}
          </Field>
        ))}
      </fieldset>
      <CopyField label={t('portal.link.yours')} text={link} />
    </section>
  );
}

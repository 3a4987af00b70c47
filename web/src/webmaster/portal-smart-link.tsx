import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyField } from '../components/copy-button';
import { Field } from '../components/field';
import { useResource } from '../hooks/use-resource';
import { api } from '../lib/api';
import { SUB_KEYS, type SubIds, withSubIds } from '../lib/tracking-link';

/** GET /api/publisher/smart-link (src/modules/smartlink/schemas.ts). */
interface SmartLink {
  enabled: boolean;
  url: string | null;
}

/**
 * The publisher's smart link, when the network switched it on: one link for every offer they may
 * run, with their sub ids added. Nothing is shown while it is off.
 */
export function PortalSmartLink() {
  const { t } = useTranslation();
  const link = useResource('portal-smart-link', () => api.get<SmartLink>('/api/publisher/smart-link'));
  const [subs, setSubs] = useState<SubIds>({});
  const url = link.data?.enabled ? link.data.url : null;
  if (!url) return null;
  return (
    <section className="panel" aria-labelledby="smart-link-title">
      <h2 id="smart-link-title">{t('portal.smartLink.title')}</h2>
      <p className="muted">{t('portal.smartLink.intro')}</p>
      <fieldset className="subs">
        <legend>{t('portal.smartLink.subIds')}</legend>
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
      <CopyField label={t('portal.smartLink.yourLink')} text={withSubIds(url, subs)} />
    </section>
  );
}

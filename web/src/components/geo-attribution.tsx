import { useTranslation } from 'react-i18next';

/**
 * DB-IP's Lite databases (the region's "IP to City Lite", the ASN's "IP to ASN Lite") are CC BY 4.0:
 * a page that shows their results credits "IP Geolocation by DB-IP" with a link to https://db-ip.com
 * (https://db-ip.com/db/lite.php). Shown wherever a visitor's region or ASN is.
 */
export function GeoAttribution() {
  const { t } = useTranslation();
  return (
    <p className="muted geo-attribution">
      <a href="https://db-ip.com" target="_blank" rel="noopener">
        {t('streams.geo.attribution')}
      </a>
    </p>
  );
}

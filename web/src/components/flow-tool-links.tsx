import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** A flow row's links to its split test and its click simulator. */
export function FlowToolLinks({ base, flow }: { base: string; flow: { id: string; code: string } }) {
  const { t } = useTranslation();
  return (
    <>
      <Link
        className="button button-small"
        to={`${base}/${flow.id}/split-test`}
        aria-label={t('common.flowTools.splitTestOf', { code: flow.code })}
      >
        {t('common.flowTools.splitTest')}
      </Link>{' '}
      <Link
        className="button button-small"
        to={`${base}/${flow.id}/simulate`}
        aria-label={t('common.flowTools.simulateOf', { code: flow.code })}
      >
        {t('common.flowTools.simulate')}
      </Link>
    </>
  );
}

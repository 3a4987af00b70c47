import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/dialog';
import type { Publisher } from '../../lib/types';
import { useAllOffers } from '../lookups';
import { CapsPanel } from './caps-panel';

/** A publisher's caps (every offer, or one offer × this publisher), from the Publishers list. */
export function CapsDialog({ publisher, onClose }: { publisher?: Publisher; onClose: () => void }) {
  const { t } = useTranslation();
  const offers = useAllOffers();
  return (
    <Dialog
      title={publisher ? t('traffic.caps.of', { name: publisher.name }) : t('traffic.caps.title')}
      open={Boolean(publisher)}
      onClose={onClose}
      wide
    >
      <div className="dialog-body">
        {publisher && <CapsPanel publisherId={publisher.id} offers={offers.data ?? []} />}
      </div>
    </Dialog>
  );
}

import { useTranslation } from 'react-i18next';

const LABELS: Record<string, string> = {
  active: 'Active',
  paused: 'Paused',
  pending: 'Pending',
  approved: 'Approved',
  suspended: 'Suspended',
  rejected: 'Rejected',
  accepted: 'Accepted',
  public: 'Public',
  private: 'Private',
  processing: 'Processing (new)',
  hold: 'Hold',
  cancelled: 'Cancelled',
  wrong_number: 'Wrong number',
  spam: 'Spam',
  duplicate: 'Duplicate',
  test: 'Test',
  chargedback: 'Charged back',
  sent: 'Sent',
  failed: 'Failed',
  skipped: 'Skipped',
  disabled: 'Disabled',
  requested: 'Requested',
  paid: 'Paid',
};

export function Badge({ value }: { value: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${value}`}>
      {t(`common.status.${value}`, { defaultValue: LABELS[value] ?? value })}
    </span>
  );
}

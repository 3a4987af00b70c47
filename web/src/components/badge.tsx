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
};

export function Badge({ value }: { value: string }) {
  return <span className={`badge badge-${value}`}>{LABELS[value] ?? value}</span>;
}

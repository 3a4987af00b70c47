import { Navigate } from 'react-router';
import { ErrorNotice, Loading } from '../../components/notice';
import { useResource } from '../../hooks/use-resource';
import { countOf } from './use-network-counts';

/** /admin: a fresh install (no advertiser yet) starts at Quick Start, a running network at the Dashboard. */
export function AdminHome() {
  const advertisers = useResource('home', () => countOf('/api/admin/advertisers'));
  if (advertisers.error) return <ErrorNotice error={advertisers.error} onRetry={advertisers.reload} />;
  if (advertisers.data === undefined) return <Loading />;
  return <Navigate to={advertisers.data === 0 ? '/admin/quick-start' : '/admin/dashboard'} replace />;
}

import { usePageTitle } from '../hooks/use-page-title';
import { tr } from '../i18n';

/** A tab whose backend is still being built: says so plainly, and what it will hold. */
export function ComingSoon({
  title,
  about,
  app = 'Admin',
}: {
  title: string;
  about: string;
  app?: 'Admin' | 'Publisher';
}) {
  usePageTitle(title, app);
  return (
    <section>
      <h1>{title}</h1>
      <div className="empty">
        <p className="empty-title">{tr('common.comingSoon')}</p>
        <p>{about}</p>
      </div>
    </section>
  );
}

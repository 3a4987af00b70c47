import { useTranslation } from 'react-i18next';
import { effectiveWords } from '../../lib/postback-form';

/**
 * The word each event is sent as in {status}: the tracker's own word as the placeholder, the
 * publisher's word (if any) as the value. An empty field keeps the tracker's word.
 */
export function StatusWordsEditor({
  preset,
  events,
  words,
  onChange,
}: {
  preset: string;
  events: readonly string[];
  words: Record<string, string>;
  onChange: (words: Record<string, string>) => void;
}) {
  const { t } = useTranslation();
  const defaults = effectiveWords(preset, {});
  return (
    <table className="status-words" aria-label={t('portal.postbacks.statusWords')}>
      <thead>
        <tr>
          <th scope="col">{t('portal.postbacks.event')}</th>
          <th scope="col">{t('portal.postbacks.sentAs', { placeholder: '{status}' })}</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event}>
            <th scope="row">{event}</th>
            <td>
              <input
                aria-label={t('portal.postbacks.wordFor', { event })}
                value={words[event] ?? ''}
                maxLength={64}
                placeholder={defaults[event]}
                onChange={(e) => onChange({ ...words, [event]: e.target.value })}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

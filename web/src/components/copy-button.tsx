import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from '../lib/clipboard';

export function CopyButton({ text, label }: { text: string; label?: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <>
      <button
        type="button"
        className="button-small"
        onClick={async () => setState((await copyText(text)) ? 'copied' : 'failed')}
      >
        {state === 'copied'
          ? t('common.copy.copied')
          : state === 'failed'
            ? t('common.copy.failed')
            : (label ?? t('common.copy.copy'))}
      </button>
      <span className="sr-only" aria-live="polite">
        {state === 'copied' ? t('common.copy.announced') : ''}
      </span>
    </>
  );
}

/** A URL or token to hand to someone: shown in full, selectable, with a copy button. */
export function CopyField({ text, label }: { text: string; label: string }) {
  return (
    <fieldset className="copy-field">
      <legend className="sr-only">{label}</legend>
      <code>{text}</code>
      <CopyButton text={text} />
    </fieldset>
  );
}

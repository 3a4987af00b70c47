import { useEffect, useState } from 'react';
import { copyText } from '../lib/clipboard';

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
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
        {state === 'copied' ? 'Copied ✓' : state === 'failed' ? 'Copy failed' : label}
      </button>
      <span className="sr-only" aria-live="polite">
        {state === 'copied' ? 'Copied to the clipboard' : ''}
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
      <CopyButton text={text} label="Copy" />
    </fieldset>
  );
}

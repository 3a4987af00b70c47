import { type ReactNode, useEffect, useId, useRef } from 'react';
import { tr } from '../i18n';

interface DialogProps {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}

/** The browser's own modal <dialog>: focus stays inside, Escape closes, focus returns on close. */
export function Dialog({ title, open, onClose, children, wide }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  // Several dialogs may share a page: each names itself by its own heading.
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      onClose={onClose}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button
          type="button"
          className="button-ghost"
          onClick={onClose}
          aria-label={tr('common.dialog.close')}
        >
          ✕
        </button>
      </header>
      {open && children}
    </dialog>
  );
}

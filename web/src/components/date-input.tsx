import { type InputHTMLAttributes, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../i18n';
import { formatDayInput, parseDayInput } from '../i18n/format';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  /** The ISO day (`2026-12-06`) or `''`. */
  value: string;
  /** Called with the ISO day, `''`, or the text as typed while it is not a day (the form's check says so). */
  onChange: (e: { target: { value: string } }) => void;
};

/**
 * A day field that follows the app's language, not the browser's: Chromium draws `<input type=date>`
 * in the browser's locale and ignores `lang`, so outside English the field is a text box showing the
 * day as the language writes it (`06.12.2026` in Russian) beside a button that opens the browser's
 * calendar (a native date input under it). English keeps the native field (and its ISO value).
 */
export function DateInput({ value, onChange, className, ...rest }: Props) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale();
  const picker = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(() => formatDayInput(value, locale));
  // Follow a value set from outside (a period preset, a reset) and a change of language.
  // biome-ignore lint/correctness/useExhaustiveDependencies: i18n.language re-formats the shown day
  useEffect(() => {
    setText((shown) =>
      (parseDayInput(shown, locale) ?? shown) === value ? shown : formatDayInput(value, locale),
    );
  }, [value, locale, i18n.language]);

  if (locale === 'en')
    return <input {...rest} className={className} type="date" value={value} onChange={(e) => onChange(e)} />;

  return (
    <span className={['date-input', className].filter(Boolean).join(' ')}>
      <input
        {...rest}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t('common.dateInput.placeholder')}
        value={text}
        onChange={(e) => {
          const typed = e.target.value;
          setText(typed);
          onChange({ target: { value: typed.trim() === '' ? '' : (parseDayInput(typed, locale) ?? typed) } });
        }}
        onBlur={(e) => {
          const day = parseDayInput(text, locale);
          if (day) setText(formatDayInput(day, locale));
          rest.onBlur?.(e);
        }}
      />
      <button
        type="button"
        className="date-input-pick"
        aria-label={t('common.dateInput.pick')}
        title={t('common.dateInput.pick')}
        onClick={() => {
          try {
            picker.current?.showPicker();
          } catch {
            picker.current?.focus();
          }
        }}
      >
        {/* Drawn, not an emoji: a machine without an emoji font shows a box for 📅. */}
        <svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16" fill="none" stroke="currentColor">
          <rect x="1.5" y="2.5" width="13" height="12" rx="1.5" />
          <path d="M1.5 6.5h13M5 1v3M11 1v3" />
        </svg>
      </button>
      <input
        ref={picker}
        type="date"
        className="date-input-native"
        tabIndex={-1}
        aria-hidden="true"
        value={parseDayInput(text, locale) ?? ''}
        onChange={(e) => {
          setText(formatDayInput(e.target.value, locale));
          onChange({ target: { value: e.target.value } });
        }}
      />
    </span>
  );
}

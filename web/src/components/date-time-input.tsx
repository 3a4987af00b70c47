import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../i18n';
import { momentOf, parseTimeInput } from '../i18n/format';
import { DateInput } from './date-input';

type Props = {
  /** `YYYY-MM-DDTHH:MM` (what `<input type=datetime-local>` holds) or `''`. */
  value: string;
  /** Called with `YYYY-MM-DDTHH:MM`, or `''` while the field is empty or not yet a whole moment. */
  onChange: (value: string) => void;
  id?: string;
  'aria-describedby'?: string;
};

/**
 * A moment field (day and time of day) that follows the app's language, not the browser's: Chromium
 * draws `<input type=datetime-local>` in the browser's locale (`12/06/2026, 05:30 PM` in an en-US
 * browser whatever the app speaks), so outside English it is the day as `DateInput` shows it and the
 * time on the 24-hour clock the app writes times with (`17:30`). English keeps the native field.
 */
export function DateTimeInput({ value, onChange, id, ...rest }: Props) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [day, setDay] = useState(value.slice(0, 10));
  const [time, setTime] = useState(value.slice(11, 16));
  // Follow a value set from outside (a reset) unless it is what the two fields already say.
  // biome-ignore lint/correctness/useExhaustiveDependencies: day and time are read only to compare
  useEffect(() => {
    setDay((d) => (momentOf(d, time) === value ? d : value.slice(0, 10)));
    setTime((shown) => (momentOf(day, shown) === value ? shown : value.slice(11, 16)));
  }, [value]);

  if (locale === 'en')
    return (
      <input
        id={id}
        aria-describedby={rest['aria-describedby']}
        type="datetime-local"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    );

  const badTime = time.trim() !== '' && parseTimeInput(time) === undefined;
  return (
    <span className="date-time-input">
      <DateInput
        id={id}
        aria-describedby={rest['aria-describedby']}
        value={day}
        onChange={(e) => {
          setDay(e.target.value);
          onChange(momentOf(e.target.value, time));
        }}
      />
      <input
        type="text"
        inputMode="numeric"
        autoComplete="off"
        className="time-input"
        aria-label={t('common.dateInput.time')}
        aria-invalid={badTime || undefined}
        placeholder={t('common.dateInput.timePlaceholder')}
        value={time}
        onChange={(e) => {
          setTime(e.target.value);
          onChange(momentOf(day, e.target.value));
        }}
        onBlur={() => {
          const clock = parseTimeInput(time);
          if (clock) setTime(clock);
        }}
      />
    </span>
  );
}

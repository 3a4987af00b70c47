import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLocale } from '../i18n';
import { formatDateTimeIn } from '../i18n/format';
import { initialTimeZone, listTimeZones, TIME_ZONE_STORAGE_KEY, timeZoneLabel } from '../lib/time-zone';

interface TimeZoneState {
  timeZone: string;
  setTimeZone: (zone: string) => void;
}

const TimeZoneContext = createContext<TimeZoneState>({ timeZone: 'UTC', setTimeZone: () => {} });

function savedZone(): string | null {
  try {
    return localStorage.getItem(TIME_ZONE_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The zone every timestamp is shown in; the choice is kept in this browser. */
export function TimeZoneProvider({ children }: { children: ReactNode }) {
  const [timeZone, setZone] = useState(() =>
    initialTimeZone(savedZone(), Intl.DateTimeFormat().resolvedOptions().timeZone),
  );
  const value = useMemo(
    () => ({
      timeZone,
      setTimeZone: (zone: string) => {
        setZone(zone);
        try {
          localStorage.setItem(TIME_ZONE_STORAGE_KEY, zone);
        } catch {
          // Private mode: the choice lasts for this visit only.
        }
      },
    }),
    [timeZone],
  );
  return <TimeZoneContext.Provider value={value}>{children}</TimeZoneContext.Provider>;
}

export function useTimeZone(): TimeZoneState {
  return useContext(TimeZoneContext);
}

export function TimeZoneSelect() {
  const { t } = useTranslation();
  const { timeZone, setTimeZone } = useTimeZone();
  const options = useMemo(() => {
    const zones = listTimeZones();
    // The browser may call the chosen zone by an alias (Asia/Kolkata vs Asia/Calcutta): keep it listed.
    if (!zones.includes(timeZone)) zones.unshift(timeZone);
    const now = Date.now();
    return zones.map((zone) => ({ zone, label: timeZoneLabel(zone, now) }));
  }, [timeZone]);
  return (
    <label className="tz-select">
      <span className="tz-label">{t('common.shell.timeZone')}</span>
      <select value={timeZone} onChange={(event) => setTimeZone(event.target.value)}>
        {options.map(({ zone, label }) => (
          <option key={zone} value={zone}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A UTC timestamp on the chosen zone's clock; the exact UTC value is in the tooltip. */
export function DateTime({ iso }: { iso: string }) {
  const { i18n } = useTranslation();
  const { timeZone } = useTimeZone();
  return (
    <time dateTime={iso} title={`${iso} (UTC)`} className="nowrap">
      {formatDateTimeIn(iso, timeZone, isLocale(i18n.language) ? i18n.language : 'en')}
    </time>
  );
}

import { useEffect, useRef, useState } from 'react';
import { tr } from '../../i18n';

interface Props {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  type?: 'text' | 'date';
}

/** A filter under a column header: applied 400 ms after typing stops, or at once on Enter. */
export function ColumnFilter({
  label,
  value,
  onChange,
  placeholder = tr('admin.act.filter'),
  type = 'text',
}: Props) {
  const [draft, setDraft] = useState(value);
  // The parent makes a new callback each render; a render must not restart the typing pause.
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  // Back/forward or "Clear filters" change the value under the input.
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => onChangeRef.current(draft), type === 'date' ? 0 : 400);
    return () => clearTimeout(timer);
  }, [draft, value, type]);
  return (
    <input
      type={type}
      aria-label={label}
      value={draft}
      placeholder={placeholder}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onChange(draft);
      }}
    />
  );
}

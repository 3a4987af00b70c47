import { type FormEvent, useEffect, useState } from 'react';
import { tr } from '../i18n';

interface SearchBarProps {
  filters: { q: string; status: string };
  placeholder: string;
  statuses: [string, string][];
  onChange: (filters: { q: string; status: string }) => void;
}

/** Text search (sent on Enter) and a status choice (sent at once); both live in the address bar. */
export function SearchBar({ filters, placeholder, statuses, onChange }: SearchBarProps) {
  const [q, setQ] = useState(filters.q);
  useEffect(() => setQ(filters.q), [filters.q]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ ...filters, q });
  };
  return (
    <form className="filters" onSubmit={submit}>
      <label>
        <span className="sr-only">{tr('admin.act.search')}</span>
        <input type="search" placeholder={placeholder} value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      <label>
        <span className="sr-only">{tr('admin.col.status')}</span>
        <select value={filters.status} onChange={(e) => onChange({ q, status: e.target.value })}>
          <option value="">{tr('admin.offers.anyStatus')}</option>
          {statuses.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">{tr('admin.act.search')}</button>
    </form>
  );
}

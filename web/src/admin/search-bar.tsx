import { type FormEvent, useEffect, useState } from 'react';

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
        <span className="sr-only">Search</span>
        <input type="search" placeholder={placeholder} value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      <label>
        <span className="sr-only">Status</span>
        <select value={filters.status} onChange={(e) => onChange({ q, status: e.target.value })}>
          <option value="">Any status</option>
          {statuses.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Search</button>
    </form>
  );
}

import { Field } from '../components/field';
import { tr } from '../i18n';
import type { Flow } from '../lib/types';

/** Seed 002's "Flow — select a specific flow" filter, shared by Clicks and Conversions. */
export function FlowSelect({
  flows,
  value,
  onChange,
}: {
  flows: Flow[];
  value: string;
  onChange: (e: { target: { value: string } }) => void;
}) {
  return (
    <Field label={tr('admin.col.flow')}>
      {(c) => (
        <select {...c} value={value} onChange={onChange}>
          <option value="">{tr('admin.act.all')}</option>
          {flows.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name} ({f.code})
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

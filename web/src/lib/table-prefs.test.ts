import { describe, expect, it } from 'vitest';
import { arrangeColumns, moveColumn, tableIdFor, toggleColumn, visibleColumns } from './table-prefs';

const cols = ['select', 'id', 'phone', 'status', 'sub1'].map((key) => ({ key }));
const keys = (list: { key: string }[]) => list.map((c) => c.key);

describe('table settings', () => {
  it('names a table by its screen (ids generalised) and first real column', () => {
    expect(tableIdFor('/admin/leads', ['select', 'id', 'phone'])).toBe('admin/leads:id');
    expect(tableIdFor('/admin/offers/42/payouts', ['publisher'])).toBe('admin/offers/:id/payouts:publisher');
    expect(tableIdFor('/webmaster/offers', ['name'])).toBe('webmaster/offers:name');
  });

  it('applies a saved order, drops unknown keys and keeps new columns beside their neighbour', () => {
    const prefs = { order: ['status', 'gone', 'id', 'select'], hidden: [] };
    expect(keys(arrangeColumns(cols, prefs))).toEqual(['status', 'sub1', 'id', 'phone', 'select']);
    expect(keys(arrangeColumns(cols, undefined))).toEqual(keys(cols));
  });

  it('hides columns but never all of them', () => {
    expect(keys(visibleColumns(cols, { order: [], hidden: ['phone', 'sub1'] }))).toEqual([
      'select',
      'id',
      'status',
    ]);
    expect(keys(visibleColumns(cols, { order: [], hidden: keys(cols) }))).toEqual(['select']);
  });

  it('moves and toggles a column', () => {
    const moved = moveColumn(cols, undefined, 'status', -1);
    expect(moved.order).toEqual(['select', 'id', 'status', 'phone', 'sub1']);
    expect(moveColumn(cols, undefined, 'select', -1).order).toEqual(keys(cols));
    const hidden = toggleColumn(cols, moved, 'phone', false);
    expect(hidden.hidden).toEqual(['phone']);
    expect(toggleColumn(cols, hidden, 'phone', true).hidden).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { armShares, locateField, moveItem, newArm, newStream, toStreamsBody } from './streams';

describe('stream editor model', () => {
  it('moves one stream and keeps the others in order', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b'], 1, 5)).toEqual(['a', 'b']);
  });

  it('shows each arm share of the weights', () => {
    const arms = [newArm(), newArm(), newArm()].map((a, i) => ({ ...a, weight: ['50', '50', '0'][i] ?? '' }));
    expect(armShares(arms)).toEqual([50, 50, 0]);
    expect(armShares([{ ...newArm(), weight: 'x' }])).toEqual([0]);
  });

  it('sends an empty root group as everyone, and refuses a bad weight with its field', () => {
    const s = newStream('Default');
    expect(toStreamsBody([s])).toEqual({
      streams: [
        {
          name: 'Default',
          enabled: true,
          filters: null,
          arms: [{ type: 'trafficback', weight: 1 }],
          auto: { enabled: false, metric: 'cr', min_share_pct: 10, min_sample: 100 },
        },
      ],
    });
    const bad = { ...s, arms: [{ ...newArm(), weight: '1.5' }] };
    expect(toStreamsBody([s, bad])).toEqual({
      field: 'streams[1].arms[0].weight',
      message: 'A whole number from 0 to 10,000',
    });
  });

  it('finds the stream and arm a server error names', () => {
    expect(locateField('streams[2].arms[1].site_id')).toEqual({
      stream: 2,
      arm: 1,
      path: 'streams[2].arms[1].site_id',
    });
    expect(locateField('streams[0].filters.filters[1]')).toMatchObject({ stream: 0, arm: undefined });
    expect(locateField('ip')).toEqual({});
  });
});

/**
 * The groupings of the grouped report (issue 21), in the order the settings offer them. A plain
 * list with no imports: the server's queries (report-dimensions.ts) and the web app's report view
 * both read it, so a new grouping is added in one place.
 */
export const DIMENSIONS = [
  'date',
  'hour',
  'offer',
  'publisher',
  'advertiser',
  'flow',
  'landing',
  'country',
  'device',
  'os',
  'browser',
  'sub1',
  'sub2',
  'sub3',
  'sub4',
  'sub5',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** The portal's own report: a publisher sees neither the publisher nor the advertiser grouping. */
export const PORTAL_DIMENSIONS = DIMENSIONS.filter((d) => d !== 'publisher' && d !== 'advertiser');

/** Publisher links: an offer's /click URL or a flow's /f/:code URL, with sub ids added. */

export const SUB_KEYS = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5'] as const;
export type SubIds = Partial<Record<(typeof SUB_KEYS)[number], string>>;

/** Adds the filled sub ids to a link; a sub the link already carries is replaced. */
export function withSubIds(link: string, subs: SubIds): string {
  const url = new URL(link);
  for (const key of SUB_KEYS) {
    const value = subs[key]?.trim();
    if (value) url.searchParams.set(key, value);
  }
  return url.toString();
}

/** The admin's offer link template with the publisher filled in ("…&pub_id={pub_id}" → "…&pub_id=7"). */
export function linkForPublisher(template: string, publisherId: string): string {
  return template.replace('{pub_id}', encodeURIComponent(publisherId));
}

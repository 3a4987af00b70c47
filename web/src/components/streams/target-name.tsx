import { tr } from '../../i18n';

/**
 * A target as the API describes it (src/modules/streams/route-click.ts describeArm: "offer 12",
 * "landing /s/promo-a/", "url https://…", "trafficback"): its kind in the reader's language, the rest
 * (an id, a path, an address) as data.
 */
export function splitTarget(target: string): { kind: string; rest: string } {
  const match = /^(offer|landing|url) (.*)$/s.exec(target);
  if (match?.[1]) return { kind: kindWord(match[1]), rest: match[2] ?? '' };
  if (target === 'trafficback') return { kind: kindWord('trafficback'), rest: '' };
  return { kind: '', rest: target };
}

/** "offer", "landing", "url": the kind as a word inside a sentence (streams.target.<type>). */
function kindWord(type: string): string {
  return tr(`streams.target.${type}`);
}

/** The target in words, for a chart's caption or a tooltip. */
export function targetText(target: string): string {
  const { kind, rest } = splitTarget(target);
  return [kind, rest].filter(Boolean).join(' ');
}

/** The target on screen: the kind translated, the id or address marked as not to translate. */
export function TargetName({ target }: { target: string }) {
  const { kind, rest } = splitTarget(target);
  return (
    <>
      {kind}
      {kind && rest ? ' ' : ''}
      {rest ? <span translate="no">{rest}</span> : null}
    </>
  );
}

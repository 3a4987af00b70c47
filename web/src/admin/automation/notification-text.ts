import { tr } from '../../i18n';
import { serverText } from '../../i18n/server-text';
import type { AdminNotification } from '../../lib/types';

type Params = Record<string, string | number>;

/** A value the sentence names that is itself a code (a metric, a period, a status): its label. */
const label = (key: string, value: string | number | undefined) =>
  value === undefined || value === '' ? '' : tr(`${key}.${value}`, { defaultValue: String(value) });

/** The notification's values with their codes said in the reader's language. */
function localParams(code: string, params: Params): Params {
  if (code === 'automation_alert')
    return { ...params, metric: label('traffic.automation.metric', params.metric) };
  if (code === 'clawback')
    return {
      ...params,
      from: label('common.status', params.from),
      to: label('common.status', params.to),
      // Where the change came from (forms.lead.source); the JSON postback endpoint is a postback too.
      source: label('forms.lead.source', params.source === 'postback.json' ? 'postback' : params.source),
    };
  if (code === 'cap_reached' || code === 'cap_near') {
    const scope = [
      params.offer !== '' ? `${tr('traffic.automation.scope.offer')} ${params.offer}` : null,
      params.publisher !== '' ? `${tr('traffic.automation.scope.publisher')} ${params.publisher}` : null,
    ];
    return {
      ...params,
      period: label('traffic.caps.periods', params.period),
      metric: label('traffic.caps.metric', params.metric),
      scope: scope.filter(Boolean).join(' × '),
      next: label('messages.notification.cap_next', params.next),
    };
  }
  if (code === 'prepayment_low' || code === 'prepayment_paused') {
    // No name stored (the advertiser row was gone): the `_unnamed` sentence says "advertiser N" in the
    // reader's language and grammar (Russian "у рекламодателя N").
    return params.advertiser === undefined || params.advertiser === ''
      ? { ...params, context: 'unnamed' }
      : params;
  }
  return params;
}

/**
 * A notification's title and message in the reader's language from its stored code and values
 * (messages.notification.<code>.title / .message); the stored English for one written before codes.
 */
export function notificationText(n: AdminNotification): { title: string; message: string } {
  if (!n.code) return { title: n.title, message: n.message };
  const params = localParams(n.code, n.params ?? {});
  return {
    title: serverText('notification', `${n.code}.title`, n.title, params).text,
    message: serverText('notification', `${n.code}.message`, n.message, params).text,
  };
}

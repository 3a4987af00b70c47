import { tr } from '../../i18n';
import type { OutboundRequest } from '../../lib/types';

/** Headers as they went over the wire, one a line. */
export function headerText(headers: Record<string, string> | null): string {
  if (!headers) return '';
  return Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

/** A JSON body pretty-printed; anything else as it came. */
export function prettyBody(body: string | null): string {
  if (body === null || body === '') return '(no body)';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export function RequestResponse({
  method,
  url,
  requestHeaders,
  requestBody,
  response,
}: {
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  response?: {
    status: number | null;
    headers: Record<string, string> | null;
    body: string | null;
    error: string | null;
  };
}) {
  return (
    <div className="request-response">
      <h4>{tr('forms.request.request')}</h4>
      <pre className="payload">
        {method} {url}
        {'\n'}
        {headerText(requestHeaders)}
        {'\n\n'}
        {prettyBody(requestBody)}
      </pre>
      {response && (
        <>
          <h4>
            {tr('forms.request.response')}
            {response.status !== null ? ` ${response.status}` : ''}
          </h4>
          <pre className="payload">
            {response.error ? `${response.error}\n\n` : ''}
            {headerText(response.headers)}
            {response.headers ? '\n\n' : ''}
            {prettyBody(response.body)}
          </pre>
        </>
      )}
    </div>
  );
}

export function PushAttempt({ attempt, index }: { attempt: OutboundRequest; index: number }) {
  const answer =
    attempt.outcome === 'response'
      ? `HTTP ${attempt.response_status}`
      : attempt.outcome === 'interrupted'
        ? tr('forms.request.interrupted')
        : attempt.outcome === 'sending'
          ? tr('forms.request.inFlight')
          : tr(`forms.request.outcome.${attempt.outcome}`, {
              defaultValue: attempt.outcome.replace('_', ' '),
            });
  return (
    <details className="attempt" open={index === 0}>
      <summary>
        {tr('forms.request.attempt', { n: index + 1 })}
        {attempt.hop > 0 ? ` ${tr('forms.request.redirect', { hop: attempt.hop })}` : ''} · {answer} ·{' '}
        {attempt.duration_ms} ms
      </summary>
      <RequestResponse
        method={attempt.method}
        url={attempt.url}
        requestHeaders={attempt.request_headers}
        requestBody={attempt.request_body}
        response={{
          status: attempt.response_status,
          headers: attempt.response_headers,
          body: attempt.response_body,
          error: attempt.error,
        }}
      />
    </details>
  );
}

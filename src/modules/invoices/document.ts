import { csvDocument } from '../../lib/spreadsheet.js';
import type { InvoiceView } from './present.js';

/**
 * The invoice as a document: printable HTML (the browser's Print → Save as PDF makes the PDF) and the
 * lines as CSV. Offer names and notes are typed by people, so every value is escaped in the HTML and
 * no CSV cell can start a formula (stats/csv.ts).
 */

/** No script, no outside resource: the page is served from the admin's own origin. */
export const DOCUMENT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const esc = (value: string | null | undefined) => (value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

const STATUS_WORDS: Record<string, string> = {
  draft: 'Draft',
  sent: 'Sent',
  partly_paid: 'Partly paid',
  paid: 'Paid',
  void: 'Void',
};

export function invoiceHtml(invoice: InvoiceView, network: string): string {
  const money = (v: string) => `${esc(v)} ${esc(invoice.currency)}`;
  const lines = invoice.lines
    .map(
      (l) =>
        `<tr><td>${esc(l.posted_at.slice(0, 10))}</td><td>${l.kind === 'adjustment' ? 'Adjustment' : 'Conversion'}</td>` +
        `<td>${esc(l.offer_name)}${l.goal ? ` · ${esc(l.goal)}` : ''}</td><td class="mono">${esc(l.conversion_id)}</td>` +
        `<td>${esc(l.status)}</td><td class="num">${money(l.amount)}</td></tr>`,
    )
    .join('\n');
  const payments = invoice.payments
    .map(
      (p) =>
        `<tr><td>${esc(p.received_on)}</td><td>${esc(p.reference)}</td><td class="num">${money(p.amount)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Invoice ${esc(invoice.number)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;color:#111;margin:32px;max-width:900px}
h1{font-size:24px;margin:0 0 4px}table{width:100%;border-collapse:collapse;margin:16px 0}
th,td{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f4}.num{text-align:right;white-space:nowrap}.mono{font-family:monospace;font-size:12px}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px}.status{font-weight:600}
.totals td{border:none}.void{color:#a00}
@media print{body{margin:0}.noprint{display:none}}
</style></head><body>
<p class="noprint">Print this page (Ctrl+P / ⌘P) and choose “Save as PDF” to keep a PDF copy.</p>
<h1>Invoice ${esc(invoice.number)}</h1>
<p>From <strong>${esc(network)}</strong> to <strong>${esc(invoice.advertiser_name)}</strong></p>
<div class="meta">
<span>Status</span><span class="status${invoice.status === 'void' ? ' void' : ''}">${esc(STATUS_WORDS[invoice.status] ?? invoice.status)}</span>
<span>Invoice date</span><span>${esc(invoice.invoice_date)}</span>
<span>Due date</span><span>${esc(invoice.due_date)}</span>
<span>Period</span><span>${esc(invoice.period_from)} – ${esc(invoice.period_to)} (${esc(invoice.time_zone)})</span>
<span>Currency</span><span>${esc(invoice.currency)}</span>
</div>
<table><thead><tr><th>Posted</th><th>Line</th><th>Offer · goal</th><th>Conversion</th><th>Status</th><th class="num">Amount</th></tr></thead>
<tbody>
${lines}
</tbody></table>
<table class="totals"><tbody>
<tr><td class="num">Total</td><td class="num"><strong>${money(invoice.total)}</strong></td></tr>
<tr><td class="num">Paid</td><td class="num">${money(invoice.paid)}</td></tr>
<tr><td class="num">Outstanding</td><td class="num"><strong>${money(invoice.outstanding)}</strong></td></tr>
</tbody></table>
${payments ? `<h2>Payments received</h2><table><thead><tr><th>Received</th><th>Reference</th><th class="num">Amount</th></tr></thead><tbody>${payments}</tbody></table>` : ''}
${invoice.notes ? `<p>${esc(invoice.notes)}</p>` : ''}
</body></html>`;
}

export function invoiceCsv(invoice: InvoiceView): string {
  return csvDocument(
    [
      'invoice',
      'kind',
      'posted_at',
      'conversion_id',
      'lead_id',
      'offer_id',
      'offer',
      'goal',
      'status',
      'amount',
      'currency',
    ],
    invoice.lines.map((l) => [
      invoice.number,
      l.kind,
      l.posted_at,
      l.conversion_id,
      l.lead_id,
      l.offer_id,
      l.offer_name,
      l.goal,
      l.status,
      l.amount,
      invoice.currency,
    ]),
  );
}

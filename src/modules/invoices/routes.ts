import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import type { InvoiceStatus } from '../../db/schema.js';
import { ErrorReply, IdParam, Page, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { assertTimeZone, UTC } from '../../lib/time.js';
import { principalOf } from '../auth/guards.js';
import { createInvoices } from './create-invoices.js';
import { DOCUMENT_CSP, invoiceCsv, invoiceHtml } from './document.js';
import { recordPayment, sendInvoice, voidInvoice } from './invoice-status.js';
import { getBilling, recordTopup, saveBilling } from './prepayment.js';
import { namesOf, presentInvoice, summarise } from './present.js';
import { listInvoiceRows } from './queries.js';
import { receivables } from './receivables.js';
import {
  Billing,
  BillingUpdate,
  Invoice,
  InvoiceCreate,
  InvoiceIdParam,
  InvoiceListQuery,
  InvoiceSummary,
  PaymentCreate,
  Receivables,
  ReceivablesQuery,
  TopupCreate,
} from './schemas.js';

const tags = ['invoices'];
const errors = { 404: ErrorReply, 409: ErrorReply, 422: ErrorReply };

export function invoiceRoutes(admin: App, ctx: AppContext) {
  admin.get(
    '/api/admin/invoices',
    { schema: { tags, querystring: InvoiceListQuery, response: { 200: Page(InvoiceSummary) } } },
    async (request) => {
      const q = request.query;
      const { page, perPage, limit, offset } = pageWindow(q);
      const filter = {
        advertiserId: q.advertiser_id ? Number(q.advertiser_id) : undefined,
        status: q.status as InvoiceStatus | undefined,
        currency: q.currency,
      };
      const { rows, total } = await listInvoiceRows(ctx.db, filter, limit, offset);
      const names = await namesOf(
        ctx.db,
        rows.map((r) => r.advertiser_id),
      );
      const data = rows.map((r) => summarise(r, names.get(r.advertiser_id) ?? ''));
      return { data, page, per_page: perPage, total };
    },
  );

  admin.post(
    '/api/admin/invoices',
    {
      schema: {
        tags,
        summary: 'Invoice an advertiser for a period of local days: one draft invoice per currency',
        body: InvoiceCreate,
        response: { 201: Type.Object({ data: Type.Array(Invoice) }), ...errors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const data = await createInvoices(ctx, {
        advertiserId: Number(b.advertiser_id),
        from: b.from,
        to: b.to,
        zone: assertTimeZone(b.tz ?? UTC),
        dueDays: b.due_days ?? 30,
        notes: b.notes?.trim() ?? '',
      });
      return reply.status(201).send({ data });
    },
  );

  admin.get(
    '/api/admin/invoices/receivables',
    {
      schema: {
        tags,
        summary:
          'Outstanding on sent invoices per advertiser and currency, aged 0–30, 31–60, 61–90, 90+ days',
        querystring: ReceivablesQuery,
        response: { 200: Receivables },
      },
    },
    async (request) => {
      const q = request.query;
      return receivables(ctx, {
        advertiserId: q.advertiser_id ? Number(q.advertiser_id) : undefined,
        asOf: q.as_of,
        zone: assertTimeZone(q.tz ?? UTC),
      });
    },
  );

  admin.get(
    '/api/admin/invoices/:id',
    { schema: { tags, params: InvoiceIdParam, response: { 200: Invoice, 404: ErrorReply } } },
    async (request) => presentInvoice(ctx, request.params.id),
  );

  admin.post(
    '/api/admin/invoices/:id/send',
    { schema: { tags, params: InvoiceIdParam, response: { 200: Invoice, ...errors } } },
    async (request) => sendInvoice(ctx, request.params.id),
  );

  admin.post(
    '/api/admin/invoices/:id/void',
    { schema: { tags, params: InvoiceIdParam, response: { 200: Invoice, ...errors } } },
    async (request) => voidInvoice(ctx, request.params.id),
  );

  admin.post(
    '/api/admin/invoices/:id/payments',
    { schema: { tags, params: InvoiceIdParam, body: PaymentCreate, response: { 201: Invoice, ...errors } } },
    async (request, reply) => {
      const b = request.body;
      const invoice = await recordPayment(ctx, request.params.id, {
        amount: b.amount,
        receivedOn: b.received_on,
        reference: b.reference,
        actor: `admin:${principalOf(request).id}`,
      });
      return reply.status(201).send(invoice);
    },
  );

  admin.get(
    '/api/admin/invoices/:id/html',
    {
      schema: {
        tags,
        summary: 'The printable invoice (print to PDF in the browser)',
        params: InvoiceIdParam,
      },
    },
    async (request, reply) => {
      const invoice = await presentInvoice(ctx, request.params.id);
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', DOCUMENT_CSP)
        .header('x-content-type-options', 'nosniff')
        .send(invoiceHtml(invoice, new URL(ctx.config.publicUrl).host));
    },
  );

  admin.get(
    '/api/admin/invoices/:id/lines.csv',
    { schema: { tags, summary: "The invoice's lines as CSV", params: InvoiceIdParam } },
    async (request, reply) => {
      const invoice = await presentInvoice(ctx, request.params.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${invoice.number}.csv"`)
        .send(invoiceCsv(invoice));
    },
  );

  admin.get(
    '/api/admin/advertisers/:id/billing',
    { schema: { tags, params: IdParam, response: { 200: Billing, 404: ErrorReply } } },
    async (request) => getBilling(ctx, Number(request.params.id)),
  );

  admin.put(
    '/api/admin/advertisers/:id/billing',
    { schema: { tags, params: IdParam, body: BillingUpdate, response: { 200: Billing, ...errors } } },
    async (request) => saveBilling(ctx, Number(request.params.id), request.body),
  );

  admin.post(
    '/api/admin/advertisers/:id/topups',
    { schema: { tags, params: IdParam, body: TopupCreate, response: { 201: Billing, ...errors } } },
    async (request, reply) => {
      const b = request.body;
      const billing = await recordTopup(ctx, Number(request.params.id), {
        amount: b.amount,
        currency: b.currency,
        receivedOn: b.received_on,
        reference: b.reference,
      });
      return reply.status(201).send(billing);
    },
  );
}

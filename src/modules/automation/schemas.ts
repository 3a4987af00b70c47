import { type Static, Type } from '@sinclair/typebox';
import { Nullable, Pagination } from '../../http/schemas.js';

const NumericId = Type.String({ pattern: '^[0-9]{1,15}$' });

/**
 * Metric, scope, operator and action names are plain strings here, checked by the use case, so an
 * unknown one gets a 422 that names it and says what is allowed.
 */
export const RuleAction = Type.Object(
  {
    type: Type.String({
      maxLength: 40,
      description: 'pause_offer, suspend_publisher, reduce_cap, alert_admin',
    }),
    percent: Type.Optional(
      Type.Integer({ description: 'reduce_cap: cut the daily cap by this percent (1–99)' }),
    ),
    floor: Type.Optional(
      Type.Integer({ description: 'reduce_cap: never below this many leads a day (default 1)' }),
    ),
    webhook_url: Type.Optional(
      Type.String({ maxLength: 2000, description: 'alert_admin: also POST the alert here' }),
    ),
  },
  { additionalProperties: false },
);
export type RuleAction = Static<typeof RuleAction>;

const ruleFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  metric: Type.String({
    maxLength: 40,
    description: 'approval_rate, fraud_rate, cap_used, epc, clawback_amount',
  }),
  scope: Type.String({ maxLength: 20, description: 'offer, publisher or all' }),
  target_id: Type.Optional(Nullable(NumericId)),
  operator: Type.String({ maxLength: 4, description: 'lt, lte, gt, gte' }),
  threshold: Type.String({
    maxLength: 20,
    description: 'decimal string: a percent for the rates ("30", "12.5"), an amount for epc ("0.05")',
  }),
  window_hours: Type.Integer({ description: 'how far back the metric looks (1–720)' }),
  min_volume: Type.Optional(
    Type.Integer({
      description:
        'leads (approval, cap) or clicks + leads (fraud) or clicks (EPC) needed to judge; default 10',
    }),
  ),
  actions: Type.Array(RuleAction, { minItems: 1, maxItems: 4 }),
  enabled: Type.Optional(Type.Boolean()),
  schedule: Type.Optional(
    Type.String({ maxLength: 100, description: 'cron pattern, UTC (croner); default every 15 minutes' }),
  ),
};

export const RuleCreate = Type.Object(ruleFields, { additionalProperties: false });
export type RuleCreate = Static<typeof RuleCreate>;
export const RuleUpdate = Type.Partial(Type.Object(ruleFields), { additionalProperties: false });
export type RuleUpdate = Static<typeof RuleUpdate>;

export const Rule = Type.Object({
  id: Type.String(),
  name: Type.String(),
  metric: Type.String(),
  scope: Type.String(),
  target_id: Nullable(Type.String()),
  operator: Type.String(),
  threshold: Type.String(),
  window_hours: Type.Integer(),
  min_volume: Type.Integer(),
  actions: Type.Array(RuleAction),
  enabled: Type.Boolean(),
  schedule: Type.String(),
  next_run_at: Nullable(Type.String()),
  last_run_at: Nullable(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type Rule = Static<typeof Rule>;

/** The values a coded server text names (ids, names, amounts), for the web app's sentence. */
function TextParams(description: string) {
  return Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), { description });
}

export const Evaluation = Type.Object({
  subject: Type.String({ description: 'offer, publisher or all' }),
  subject_id: Nullable(Type.String()),
  name: Nullable(Type.String()),
  currency: Nullable(Type.String({ description: 'epc: the currency it is computed in' })),
  value: Nullable(Type.String({ description: 'percent or amount; null when there is nothing to measure' })),
  volume: Type.Integer(),
  matched: Type.Boolean(),
  note: Nullable(Type.String()),
  note_code: Type.Optional(
    Type.String({
      description:
        "why it did not match, a stable code (the web app says `note` in the reader's language from it)",
    }),
  ),
  note_params: Type.Optional(TextParams('the values `note` names (volume, minimum)')),
});
export type Evaluation = Static<typeof Evaluation>;

export const ActionTaken = Type.Object({
  type: Type.String(),
  subject_id: Nullable(Type.String()),
  done: Type.Boolean({ description: 'false: skipped (already so, no cap…) or a dry run' }),
  detail: Type.String(),
  from: Type.Optional(Type.Union([Type.String(), Type.Integer()], { description: 'the value before' })),
  to: Type.Optional(Type.Union([Type.String(), Type.Integer()], { description: 'the value after' })),
  notification_id: Type.Optional(Type.String()),
  code: Type.Optional(
    Type.String({
      description:
        "what happened, a stable code (the web app says `detail` in the reader's language from it)",
    }),
  ),
  params: Type.Optional(TextParams('the values `detail` names (id, name, from, to, count)')),
});
export type ActionTaken = Static<typeof ActionTaken>;

export const Run = Type.Object({
  id: Nullable(Type.String({ description: 'null for a dry run (not stored)' })),
  rule_id: Type.String(),
  rule_name: Nullable(Type.String()),
  trigger: Type.String({ description: 'schedule, manual or dry_run' }),
  status: Type.String({ description: 'ok or error' }),
  evaluated: Type.Array(Evaluation),
  actions: Type.Array(ActionTaken),
  error: Nullable(Type.String()),
  started_at: Type.String(),
  finished_at: Type.String(),
});
export type Run = Static<typeof Run>;

export const RunQuery = Type.Object(
  { ...Pagination, rule_id: Type.Optional(NumericId) },
  { additionalProperties: false },
);

export const RunBody = Type.Object(
  { dry_run: Type.Optional(Type.Boolean({ default: false })) },
  { additionalProperties: false },
);

export const Notification = Type.Object({
  id: Type.String(),
  rule_id: Nullable(Type.String()),
  run_id: Nullable(Type.String()),
  title: Type.String(),
  message: Type.String(),
  code: Nullable(
    Type.String({
      description:
        "what the notification says, a stable code (the web app says `title` and `message` in the reader's language from it); null on notifications written before codes",
    }),
  ),
  params: Nullable(TextParams('the values `title` and `message` name')),
  details: Type.Unknown(),
  read_at: Nullable(Type.String()),
  created_at: Type.String(),
});

export const NotificationQuery = Type.Object(
  { ...Pagination, unread: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

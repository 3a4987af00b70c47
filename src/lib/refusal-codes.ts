/**
 * The stable `error` codes of refusals people see (a business rule, not a schema failure): the web
 * app says each in the reader's language (web/src/i18n/<lang>/errors.json) and docs/api.md lists
 * them ("Refusal codes"); test/refusal-codes.test.ts keeps the three in step. `message` stays the
 * English detail for API users. A new code goes here, in errors.json (every language) and the docs.
 * No code may end in a plural suffix (_one, _few, _many, _other…): i18next would read it as a plural.
 */
export const REFUSAL_CODES = [
  // Accounts and sign-in
  'email_taken',
  'password_too_short',
  'wrong_password',
  'cannot_disable_self',
  'last_owner',
  'two_factor_on',
  'two_factor_off',
  'two_factor_not_started',
  'two_factor_code_wrong',
  'two_factor_required',
  'two_factor_yourself_first',
  'two_factor_enrolment_required',
  'two_factor_locked',
  // Offers, flows, marketplace
  'account_not_approved',
  'offer_paused',
  'offer_public',
  'access_granted',
  'request_decided',
  'flow_code_taken',
  'publisher_not_approved',
  'offer_not_runnable',
  'lead_postback_set_by_network',
  'goal_name_twice',
  'bad-goal',
  // Leads, conversions, bulk changes, jobs
  'push_not_failed',
  'job_not_failed',
  'change_decided',
  'reason_required',
  'status_required',
  'bulk_too_broad',
  // Money
  'amount_not_positive',
  'below_payout_minimum',
  'insufficient_balance',
  'publisher_not_payable',
  'payout_decided',
  'nothing_to_invoice',
  'invoice_status',
  'overpayment',
  'not_prepaid',
  'rate_exists',
  // Settings, lists, reports
  'already_blocked',
  'slug_taken',
  'too_many_table_settings',
  'too_many_saved_reports',
  'too_many_rows',
  'range_reversed',
  'range_too_long',
] as const;

export type RefusalCode = (typeof REFUSAL_CODES)[number];

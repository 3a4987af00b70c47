/**
 * Payout methods and the checks a payout form makes before sending. They mirror the server's
 * (src/modules/payouts/destination.ts, request-payout.ts); the server has the last word.
 */

import { currentLocale, tr } from '../i18n';
import { amountProblem, formatMoney, toMinorUnits } from './money';
import type { PayoutBalance } from './types';
import type { FieldErrors } from './validate';

export const PAYOUT_METHODS = [
  { value: 'usdt_trc20', label: 'USDT (TRC-20)', field: 'address' },
  { value: 'usdt_erc20', label: 'USDT (ERC-20)', field: 'address' },
  { value: 'btc', label: 'Bitcoin', field: 'address' },
  { value: 'eth', label: 'Ethereum', field: 'address' },
  { value: 'wise', label: 'Wise', field: 'account' },
  { value: 'paypal', label: 'PayPal', field: 'account' },
] as const;

export type PayoutMethodValue = (typeof PAYOUT_METHODS)[number]['value'];

const EVM = /^0x[0-9a-fA-F]{40}$/;
const TRON = /^T[1-9A-HJ-NP-Za-km-z]{33}$/;
const BTC = /^([13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[02-9ac-hj-np-z]{11,71}|BC1[02-9AC-HJ-NP-Z]{11,71})$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[A-Za-z]{2,63}$/;
const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;

const SHAPES: Record<PayoutMethodValue, { test: (v: string) => boolean; what: string }> = {
  usdt_trc20: { test: (v) => TRON.test(v), what: 'a TRON address (T and 33 more characters)' },
  usdt_erc20: { test: (v) => EVM.test(v), what: 'an Ethereum address (0x and 40 hex digits)' },
  eth: { test: (v) => EVM.test(v), what: 'an Ethereum address (0x and 40 hex digits)' },
  btc: { test: (v) => BTC.test(v), what: 'a Bitcoin address (bc1…, 1… or 3…)' },
  wise: {
    test: (v) => EMAIL.test(v) || IBAN.test(v.replace(/\s+/g, '').toUpperCase()),
    what: 'an email address or an IBAN',
  },
  paypal: { test: (v) => EMAIL.test(v), what: 'an email address' },
};

export function methodLabel(method: string): string {
  return PAYOUT_METHODS.find((m) => m.value === method)?.label ?? method;
}

export function isPayoutMethod(method: string): method is PayoutMethodValue {
  return PAYOUT_METHODS.some((m) => m.value === method);
}

/** The API body's destination: crypto methods send `address`, Wise and PayPal `account`. */
export function destinationBody(method: PayoutMethodValue, destination: string) {
  const field = PAYOUT_METHODS.find((m) => m.value === method)?.field ?? 'address';
  return { method, [field]: destination.trim() };
}

export interface MethodForm {
  method: string;
  destination: string;
}

export function methodProblems(form: MethodForm): FieldErrors<'method' | 'destination'> {
  if (!isPayoutMethod(form.method)) return { method: tr('common.payoutForm.chooseMethod') };
  const value = form.destination.trim();
  const shape = SHAPES[form.method];
  if (value === '')
    return {
      destination: tr('common.payoutForm.enter', { what: tr(`common.payoutForm.what.${form.method}`) }),
    };
  if (!shape.test(value))
    return {
      destination: tr('common.payoutForm.needs', {
        method: methodLabel(form.method),
        what: tr(`common.payoutForm.what.${form.method}`),
      }),
    };
  return {};
}

export interface RequestForm extends MethodForm {
  amount: string;
  currency: string;
}

/** Amount: a valid amount, more than 0, at least the minimum, at most the payable balance. */
export function requestProblems(
  form: RequestForm,
  balance: PayoutBalance | undefined,
): FieldErrors<'amount' | 'currency' | 'method' | 'destination'> {
  const errors: FieldErrors<'amount' | 'currency' | 'method' | 'destination'> = methodProblems(form);
  if (!balance) return { ...errors, currency: tr('common.payoutForm.chooseBalance') };
  const { currency } = balance;
  const shape = amountProblem(form.amount, currency);
  if (shape) return { ...errors, amount: shape };
  const amount = toMinorUnits(form.amount, currency);
  if (amount <= 0n) return { ...errors, amount: tr('common.payoutForm.moreThanZero') };
  if (amount < toMinorUnits(balance.minimum, currency)) {
    return {
      ...errors,
      amount: tr('common.payoutForm.minimum', {
        amount: formatMoney(balance.minimum, currency, currentLocale()),
      }),
    };
  }
  if (amount > toMinorUnits(balance.payable, currency)) {
    return {
      ...errors,
      amount: tr('common.payoutForm.atMost', {
        amount: formatMoney(balance.payable, currency, currentLocale()),
      }),
    };
  }
  return errors;
}

/** Whether a balance can be requested at all: payable and at least the minimum. */
export function canRequest(balance: PayoutBalance): boolean {
  const payable = toMinorUnits(balance.payable, balance.currency);
  return payable > 0n && payable >= toMinorUnits(balance.minimum, balance.currency);
}

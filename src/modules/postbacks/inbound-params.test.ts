import { describe, expect, it } from 'vitest';
import { CLICK_ID_PARAMS, kindOf, readCommon, unusedWarnings } from './inbound-params.js';

describe('readCommon', () => {
  it('lists every click id alias present, in order, without repeats; transaction_id only alone', () => {
    const read = readCommon({ tid: 'B', subid: 'A', sub_id: 'A', transaction_id: 'ORDER' }, CLICK_ID_PARAMS);
    expect(read.clickIds).toEqual([
      { param: 'subid', value: 'A' },
      { param: 'tid', value: 'B' },
    ]);
    expect(readCommon({ transaction_id: 'T' }, CLICK_ID_PARAMS).clickIds).toEqual([
      { param: 'transaction_id', value: 'T' },
    ]);
    expect(readCommon({ transaction_id: 'T' }, [], false).clickIds).toEqual([]);
  });

  it('takes the first payout alias, status parameter and currency alias', () => {
    const read = readCommon(
      { sum: '3', revenue: '4', conv_status: 'ok', state: 'x', cur: 'eur', wm: '1' },
      CLICK_ID_PARAMS,
    );
    expect(read).toMatchObject({
      advPayout: '3',
      pubPayout: '1',
      statusWord: 'ok',
      statusParam: 'conv_status',
      currency: 'eur',
    });
    expect(read.used.has('revenue')).toBe(false);
    expect(read.used.has('state')).toBe(false);
  });

  it('folds Keitaro, Scaleo and AlterCPA lists into the override lists', () => {
    const read = readCommon(
      {
        status: 'x',
        sta: 'A',
        sale_status: 'billed',
        approved_status: 'ok',
        lead_status: 'reg',
        pending_status: 'wait',
        rejected_status: 'fake',
        trash_status: 'spam',
        ignore_status: 'ping',
      },
      CLICK_ID_PARAMS,
    );
    expect(read.overrides).toEqual({ sta: 'A,billed,ok', stw: 'reg,wait', stc: 'fake', stt: 'spam' });
    expect(read.ignoreWords).toBe('ping');
  });

  it('reads lead_status as the status word only when no status and no other list is sent', () => {
    expect(readCommon({ lead_status: 'hold' }, CLICK_ID_PARAMS)).toMatchObject({
      statusWord: 'hold',
      statusParam: 'lead_status',
      overrides: {},
    });
    expect(readCommon({ lead_status: 'hold', sale_status: 'lead' }, CLICK_ID_PARAMS)).toMatchObject({
      statusWord: undefined,
      overrides: { sta: 'lead', stw: 'hold' },
    });
  });
  it('reads a status parameter sent blank as an empty word, not as no status', () => {
    expect(readCommon({ status: ' ' }, CLICK_ID_PARAMS)).toMatchObject({
      statusWord: '',
      statusParam: 'status',
    });
    expect(readCommon({ state: '', conv_status: 'ok' }, CLICK_ID_PARAMS)).toMatchObject({ statusWord: 'ok' });
    expect(readCommon({ lead_status: 'hold', status: '' }, CLICK_ID_PARAMS).statusWord).toBe('hold');
    expect(readCommon({}, CLICK_ID_PARAMS).statusWord).toBeUndefined();
  });
});

describe('unused parameters', () => {
  it.each([
    ['cost', 'payout'],
    ['payoutOrZero', 'payout'],
    ['sale_amount', 'payout'],
    ['currency_code', 'currency'],
    ['conv_status', 'status'],
    ['stage', 'status'],
    ['consumer_id', undefined],
    ['sub_id_1', undefined],
    ['token', undefined],
  ])('%s looks like %s', (name, kind) => {
    expect(kindOf(name)).toBe(kind);
  });

  it('warns about a money-, currency- or status-looking parameter with a value that was not used', () => {
    expect(
      unusedWarnings(
        { cost: '4', sum: '', status: 'ok', cur: 'EUR', 'meta[price]': '1' },
        new Set(['status']),
      ),
    ).toEqual({
      warnings: [
        'cost=4 looks like a payout but was not used',
        'cur=EUR looks like a currency but was not used',
      ],
      warningCodes: [
        { code: 'unused_payout', params: { name: 'cost', value: '4' } },
        { code: 'unused_currency', params: { name: 'cur', value: 'EUR' } },
      ],
    });
  });
});

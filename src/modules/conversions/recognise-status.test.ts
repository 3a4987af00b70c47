import { describe, expect, it } from 'vitest';
import { isListed, normaliseStatusMap, normaliseStatusWord, recogniseStatus } from './recognise-status.js';

const statusOf = (word: string, overrides = {}) => recogniseStatus(word, overrides)?.status;

describe('recogniseStatus', () => {
  it.each([
    ['processing', ['new', 'pending', 'processing', 'wait', 'waiting', 'lead', 'trial', 'expect']],
    [
      'approved',
      [
        'approve',
        'approved',
        'accept',
        'accepted',
        'confirm',
        'confirmed',
        'success',
        'sale',
        'rebill',
        'paid',
        'ok',
      ],
    ],
    [
      'cancelled',
      ['cancel', 'cancelled', 'canceled', 'reject', 'rejected', 'decline', 'declined', 'refuse', 'refused'],
    ],
    ['wrong_number', ['trash', 'wrong_number', 'wrongnumber', 'dno', 'did_not_order', 'invalid', 'fake']],
    ['hold', ['hold', 'onhold']],
    ['chargedback', ['chargeback', 'chargedback', 'refund', 'refunded']],
    ['spam', ['spam']],
    ['duplicate', ['duplicate']],
    ['test', ['test']],
  ])('recognises every SPEC alias of %s', (status, words) => {
    for (const word of words) expect(statusOf(word), word).toBe(status);
  });

  it('ignores case and special characters', () => {
    expect(statusOf('APPROVED')).toBe('approved');
    expect(statusOf('Wrong-Number!')).toBe('wrong_number');
    expect(statusOf('on hold')).toBe('hold');
    expect(statusOf(' Did Not Order ')).toBe('wrong_number');
    expect(statusOf('charge_back')).toBe('chargedback');
    expect(normaliseStatusWord('On_Hold!!')).toBe('onhold');
  });

  it('lets override lists win over the aliases (KMA: stn=P&sta=A&stc=D&stt=F)', () => {
    const kma = { stn: 'P', sta: 'A', stc: 'D', stt: 'F' };
    expect(recogniseStatus('P', kma)).toEqual({ status: 'processing', newLead: true, via: 'stn' });
    expect(recogniseStatus('a', kma)).toEqual({ status: 'approved', newLead: false, via: 'sta' });
    expect(recogniseStatus('D', kma)).toEqual({ status: 'cancelled', newLead: false, via: 'stc' });
    expect(recogniseStatus('F', kma)).toEqual({ status: 'wrong_number', newLead: false, via: 'stt' });
    // An override may turn a known word around.
    expect(statusOf('ok', { stc: 'ok' })).toBe('cancelled');
    expect(statusOf('lead_ok', { sta: 'lead_ok' })).toBe('approved');
  });

  it('reads comma lists with the same normalisation', () => {
    const overrides = { sth: 'Hold-1, waiting_call ', stw: 'in queue,callback' };
    expect(statusOf('hold1', overrides)).toBe('hold');
    expect(statusOf('WAITING CALL', overrides)).toBe('hold');
    expect(statusOf('callback', overrides)).toBe('processing');
    expect(statusOf('in-queue', overrides)).toBe('processing');
  });

  it('falls back to recognition for a word in no override list', () => {
    const kma = { stn: 'P', sta: 'A', stc: 'D', stt: 'F' };
    expect(statusOf('approved', kma)).toBe('approved');
    expect(statusOf('refund', kma)).toBe('chargedback');
  });

  it('calls "new" a new lead only when no stn list was sent, and stn words always', () => {
    expect(recogniseStatus('NEW')?.newLead).toBe(true);
    expect(recogniseStatus('pending')).toEqual({ status: 'processing', newLead: false, via: 'alias' });
    expect(recogniseStatus('new', { stn: 'P' })?.newLead).toBe(false);
    expect(recogniseStatus('new', { stn: 'new' })?.newLead).toBe(true);
    expect(recogniseStatus('approved')?.newLead).toBe(false);
  });

  it('recognises longer words by their stem', () => {
    expect(statusOf('approved_by_callcenter')).toBe('approved');
    expect(statusOf('rejected-duplicate')).toBe('cancelled');
    expect(statusOf('pending review')).toBe('processing');
    expect(recogniseStatus('Cancelled by client')?.via).toBe('stem');
  });

  it('recognises nothing in an unknown or empty word', () => {
    expect(recogniseStatus('banana')).toBeUndefined();
    expect(recogniseStatus('7')).toBeUndefined();
    expect(recogniseStatus('')).toBeUndefined();
    expect(recogniseStatus('!!!')).toBeUndefined();
    expect(recogniseStatus('X', { sta: '' })).toBeUndefined();
  });
});

describe("an advertiser's saved status map", () => {
  const kma = { p: 'new', a: 'approved', d: 'cancelled', f: 'wrong_number', '1': 'approved' } as const;

  it('recognises the saved words, after the per-request lists and before the aliases', () => {
    expect(recogniseStatus('A', {}, kma)).toEqual({ status: 'approved', newLead: false, via: 'saved' });
    expect(recogniseStatus('p', {}, kma)).toEqual({ status: 'processing', newLead: true, via: 'saved' });
    expect(recogniseStatus('1', {}, kma)?.status).toBe('approved');
    expect(recogniseStatus('A', { stc: 'a' }, kma)).toMatchObject({ status: 'cancelled', via: 'stc' });
    expect(recogniseStatus('cancelled', {}, kma)).toMatchObject({ status: 'cancelled', via: 'alias' });
  });

  it('lets a saved new-lead word take the place of "new" as stn does', () => {
    expect(recogniseStatus('new', {}, kma)).toMatchObject({ status: 'processing', newLead: false });
    expect(recogniseStatus('new', {}, {})).toMatchObject({ newLead: true });
  });

  it('normalises saved words as it normalises incoming ones', () => {
    expect(normaliseStatusMap({ 'On-Hold!': 'hold', ' ': 'approved' })).toEqual({ onhold: 'hold' });
  });
});

describe('the vocabulary networks send (issue 16)', () => {
  it.each([
    ['STATUS_CONFIRMED', 'approved'],
    ['STATUS_CANCELED', 'cancelled'],
    ['status_hold', 'hold'],
    ['call_later', 'processing'],
    ['no answer', 'processing'],
    ['No-Answer', 'processing'],
    ['registration', 'processing'],
    ['denied', 'cancelled'],
    ['expired', 'cancelled'],
    ['shipped', 'approved'],
    ['rebil', 'approved'],
    ['rebill', 'approved'],
    ['Upsell', 'approved'],
    ['FTD', 'approved'],
    ['deposit', 'approved'],
  ])('recognises %s as %s', (word, status) => {
    expect(statusOf(word)).toBe(status);
  });

  it('keeps "status" itself a word, and recognises nothing in unknown ones', () => {
    expect(recogniseStatus('status')).toBeUndefined();
    expect(recogniseStatus('STATUS_MYSTERY')).toBeUndefined();
    expect(recogniseStatus('ping')).toBeUndefined();
  });

  it('reads semicolon lists as Scaleo writes them, and STATUS_ words in lists', () => {
    expect(statusOf('spam', { stt: 'spam;duplicate' })).toBe('wrong_number');
    expect(statusOf('STATUS_WAIT', { sth: 'status_wait' })).toBe('hold');
  });

  it('tells whether a word is in an ignore list', () => {
    expect(isListed('PING', 'ping,test')).toBe(true);
    expect(isListed('test', 'ping; test')).toBe(true);
    expect(isListed('sale', 'ping,test')).toBe(false);
    expect(isListed('ping', undefined)).toBe(false);
    expect(isListed('', ',')).toBe(false);
  });
});

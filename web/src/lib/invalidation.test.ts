import { describe, expect, it } from 'vitest';
import { isAffected, resourceOf, resourcesChangedBy } from './invalidation';

describe('resourceOf', () => {
  it('is the scope and first segment of a path, without its query', () => {
    expect(resourceOf('/api/admin/leads/7/status')).toBe('/api/admin/leads');
    expect(resourceOf('/api/admin/leads?status=hold&page=2')).toBe('/api/admin/leads');
    expect(resourceOf('/api/publisher/flows/3/split-test')).toBe('/api/publisher/flows');
    expect(resourceOf('/api/auth/2fa')).toBe('/api/auth/2fa');
  });
});

describe('resourcesChangedBy', () => {
  it("a lead's status change touches leads and what its money moves, not offers", () => {
    const touched = resourcesChangedBy('/api/admin/leads/7/status');
    for (const name of ['leads', 'conversions', 'dashboard', 'finance', 'ledger', 'clawbacks', 'audit-log']) {
      expect(touched).toContain(`/api/admin/${name}`);
    }
    expect(touched).not.toContain('/api/admin/offers');
    expect(touched).not.toContain('/api/admin/publishers/7');
  });

  it('an offer edit touches offers and the flows that name it, not leads', () => {
    const touched = resourcesChangedBy('/api/admin/offers/12');
    expect(touched).toContain('/api/admin/offers');
    expect(touched).toContain('/api/admin/flows');
    expect(touched).not.toContain('/api/admin/leads');
  });

  it('stays in its own scope: a portal payout request touches the portal, not the admin panel', () => {
    const touched = resourcesChangedBy('/api/publisher/payouts');
    expect(touched).toContain('/api/publisher/payouts');
    expect(touched).toContain('/api/publisher/stats');
    expect([...touched].some((resource) => resource.startsWith('/api/admin/'))).toBe(false);
  });

  it('a preview or a simulation touches nothing', () => {
    expect(resourcesChangedBy('/api/admin/advertisers/3/postback-preview').size).toBe(0);
    expect(resourcesChangedBy('/api/admin/publishers/3/smart-link/simulate').size).toBe(0);
  });

  it("an automation rule's dry run touches nothing; its run touches automation and what it may change", () => {
    expect(resourcesChangedBy('/api/admin/automation/rules/4/dry-run').size).toBe(0);
    const run = resourcesChangedBy('/api/admin/automation/rules/4/run');
    expect(run).toContain('/api/admin/automation');
    expect(run).toContain('/api/admin/offers');
  });
});

describe('isAffected', () => {
  const touched = resourcesChangedBy('/api/admin/leads/bulk');
  it('is true when an answer read a touched resource', () => {
    expect(isAffected(['/api/admin/reports/conversion-stats'], touched)).toBe(true);
    expect(isAffected(['/api/admin/offers', '/api/admin/leads/9'], touched)).toBe(true);
  });
  it('is false when it read none', () => {
    expect(isAffected(['/api/admin/offers'], touched)).toBe(false);
    expect(isAffected(['/api/admin/saved-reports'], touched)).toBe(false);
  });
  it('is true when what it read is unknown', () => {
    expect(isAffected(undefined, touched)).toBe(true);
    expect(isAffected([], touched)).toBe(true);
  });
});

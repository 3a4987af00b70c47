import type { Page } from 'playwright-core';
import { ADMIN } from './server.js';

/** Network pieces made through the admin API (bearer token), for screens that need data to show. */
export async function adminApi(baseUrl: string) {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (!login.ok) throw new Error(`admin login failed: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  return async function post<T = { id: string }>(path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`POST ${path} → ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
}

/**
 * Signs in on the page at `path` and waits for the signed-in screen, in any language: the sign-in
 * page speaks the browser's language and the app then the account's, so nothing here reads a word
 * (the Sign out button is found by its test id).
 */
export async function signIn(page: Page, path: string, email: string, password: string): Promise<void> {
  await page.goto(path);
  await page.locator('input[type=email]').fill(email);
  await page.locator('input[type=password]').fill(password);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('sign-out').waitFor();
}

export async function signInAsAdmin(page: Page, path = '/admin'): Promise<void> {
  await signIn(page, path, ADMIN.email, ADMIN.password);
}

/** A publisher's id, from their own session: the registration answer names no account. */
export async function publisherIdOf(baseUrl: string, credentials: { email: string; password: string }) {
  const login = await fetch(`${baseUrl}/api/publisher/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: credentials.email, password: credentials.password }),
  });
  if (login.status !== 200) throw new Error(`publisher login failed: ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  const me = await fetch(`${baseUrl}/api/publisher/me`, { headers: { authorization: `Bearer ${token}` } });
  const { id } = (await me.json()) as { id: string };
  await fetch(`${baseUrl}/api/publisher/logout`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  return id;
}

/** One advertiser, one USD offer (40.00 / 30.00 unless told) and one approved publisher, made through the admin API. */
export async function seedOfferAndPublisher(
  baseUrl: string,
  names: { advertiser: string; offer: string; publisher: string; email: string; password?: string },
) {
  const post = await adminApi(baseUrl);
  const advertiser = await post('/api/admin/advertisers', {
    name: names.advertiser,
    endpoint_url: 'http://127.0.0.1:9/lead',
  });
  const offer = await post('/api/admin/offers', {
    name: names.offer,
    advertiser_id: advertiser.id,
    landing_url: 'http://127.0.0.1:9/land?click_id={click_id}',
    adv_payout: '40.00',
    pub_payout: '30.00',
    currency: 'USD',
  });
  const publisher = await post('/api/admin/publishers', {
    name: names.publisher,
    email: names.email,
    status: 'approved',
    ...(names.password ? { password: names.password } : {}),
  });
  return { post, advertiser, offer, publisher };
}

/** A click through /click from its own visitor address (the server must trust X-Forwarded-For). */
export async function sendClick(baseUrl: string, query: Record<string, string>, ip: string): Promise<void> {
  const response = await fetch(`${baseUrl}/click?${new URLSearchParams(query)}`, {
    redirect: 'manual',
    headers: { 'x-forwarded-for': ip, 'user-agent': 'Mozilla/5.0 (X11) Chrome/156.0' },
  });
  if (response.status !== 302) throw new Error(`click ${JSON.stringify(query)} → ${response.status}`);
}

/** Replaces a flow's streams through the admin API (PUT /api/admin/flows/:id/streams); fails on a refusal. */
export async function putStreams(baseUrl: string, flowId: string, streams: unknown[]): Promise<void> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const { token } = (await login.json()) as { token: string };
  const put = await fetch(`${baseUrl}/api/admin/flows/${flowId}/streams`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ streams }),
  });
  if (put.status !== 200) throw new Error(`PUT streams → ${put.status}: ${await put.text()}`);
}

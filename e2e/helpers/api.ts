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

export async function signInAsAdmin(page: Page, path = '/admin'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { apiFor, json } from '../support/api.ts';
import { openTestDatabase } from '../support/db.ts';
import { signUpAndConfirm, subscriptionApp } from '../support/subscribe.ts';

const CHOICES = 'language=ja&scope=all&kind=incidents';
/** shared/docs/bad-inputs.md item 7, every URL listed there, as an operator would register them. */
const BAD_INPUTS_7 = [
  'file:///etc/passwd',
  'http://127.0.0.1',
  'http://[::1]',
  'http://169.254.169.254/',
  'http://[::ffff:a9fe:a9fe]/',
  'http://2130706433/',
  'http://0x7f.1/',
];

describe('the subscription door and the API given the wrong shapes, paths and targets (bad-inputs.md 5, 7 and 11)', () => {
  let database: Database;
  let door: ReturnType<typeof subscriptionApp>;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    door = subscriptionApp(database);
  });
  afterAll(async () => {
    door?.close();
    await database?.close();
  });

  it('(5) refuses a repeated, bracketed or operator-shaped field and invalid UTF-8 with a page, storing and sending nothing', async () => {
    for (const body of [
      `email=a@customer.example&email=b@customer.example&${CHOICES}`,
      `email[]=a@customer.example&${CHOICES}`,
      `email[$ne]=1&${CHOICES}`,
      `email=a%FF@customer.example&${CHOICES}`,
      'email=a@customer.example&language=ja&language=en&scope=all&kind=incidents',
      'email=a@customer.example&language=ja&scope=all&scope=some&kind=incidents',
      '%FF%FE=1',
    ]) {
      const res = await door.form('/subscription/', body);
      expect(res.status, body).toBe(422);
      expect(res.headers.get('content-type'), body).toMatch(/^text\/html/);
    }
    for (const type of ['text/plain', 'application/json', 'multipart/mixed; boundary=x']) {
      const res = await door.app.request('/subscription/', {
        method: 'POST',
        headers: { 'Content-Type': type },
        body: `email=c@customer.example&${CHOICES}`,
      });
      expect(res.status, type).toBe(415);
    }
    expect(await door.mails()).toHaveLength(0);
    for (const email of ['a@customer.example', 'b@customer.example', 'c@customer.example'])
      expect(await door.subscriber(email)).toBeNull();
  });

  it('(5) keeps a subscriber whom an unsubscribe POST names with an operator, an array or JSON instead of a token', async () => {
    const kept = await signUpAndConfirm(door, 'kept@customer.example');
    for (const [type, body] of [
      ['application/json', '{"token":{"$ne":1}}'],
      ['application/x-www-form-urlencoded', 'token[$ne]=1'],
      ['application/x-www-form-urlencoded', 'token=a&token=b'],
      ['application/x-www-form-urlencoded', 'token[]=x'],
    ]) {
      const res = await door.app.request('/subscription/unsubscribe', {
        method: 'POST',
        headers: { 'Content-Type': type! },
        body: body!,
      });
      expect(res.status, body).toBeLessThan(500);
    }
    expect((await door.subscriber('kept@customer.example'))?.id).toBe(kept.id);
  });

  it('(11) never lets a write through by a doubled slash, an escaped letter, a dot segment or another case', async () => {
    const api = apiFor(database);
    for (const path of [
      '/api/v1//incidents',
      '/api/v1/%69ncidents',
      '/API/v1/incidents',
      '/api/v1/x/../incidents',
      '/api/v1/%2e%2e/v1/incidents',
      '/api/v1/%252e%252e/incidents',
      '/api/v1/incidents/',
    ]) {
      const res = await api.app.request(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'x', body: 'y' }),
      });
      expect([401, 404], `${path} answered ${res.status}`).toContain(res.status);
      expect(res.headers.get('location'), path).toBeNull();
    }
    expect((await json(api.get('/api/v1/incidents'))).incidents).toEqual([]);
  });

  it('(7) refuses every listed webhook target with 422 naming url, and registers none of them', async () => {
    // No resolver is needed: each URL names its address, or has no host at all.
    const api = apiFor(database, {
      webhooks: { allowPrivate: false, resolve: (host) => Promise.reject(new Error(`looked up ${host}`)) },
    });
    for (const url of BAD_INPUTS_7) {
      const res = await api.post('/api/v1/webhooks', { url });
      expect(res.status, url).toBe(422);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(
        (await res.json()).errors.map((e: { field: string }) => e.field),
        url,
      ).toContain('url');
    }
    expect((await json(api.send('GET', '/api/v1/webhooks'))).webhooks).toEqual([]);
  });
});

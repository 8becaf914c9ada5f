import { sql } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';
import type { Resolver } from '../../api/notify/webhook/target.ts';

describeEachDatabase('contacts, webhooks and deliveries through /api/v1', ({ database }) => {
  beforeEach(async () => {
    await database().db.execute(sql`TRUNCATE contacts, subscribers, webhooks, notification_events, deliveries CASCADE`);
  });

  const get = (api: ReturnType<typeof apiFor>, path: string) => api.send('GET', path);
  const issueFields = async (res: Response) =>
    ((await res.json()).errors as { field: string }[]).map((e) => e.field).sort();

  it('registers, lists and removes a contact', async () => {
    const api = apiFor(database());
    const component = await json(api.post('/api/v1/components', { name: '請求書' }));
    const res = await api.post('/api/v1/contacts', {
      email: 'ops@example.jp',
      name: '運用担当',
      language: 'ja',
      components: [component.id],
    });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({ email: 'ops@example.jp', language: 'ja', components: [component.id] });
    expect(res.headers.get('Location')).toBe(`/api/v1/contacts/${created.id}`);
    expect(await json(get(api, `/api/v1/contacts/${created.id}`))).toEqual(created);
    expect((await json(get(api, '/api/v1/contacts'))).contacts.map((c: { id: string }) => c.id)).toEqual([created.id]);
    const removed = await api.send('DELETE', `/api/v1/contacts/${created.id}`);
    expect(removed.status).toBe(204);
    expect((await json(get(api, '/api/v1/contacts'))).contacts).toEqual([]);
    expect((await api.send('DELETE', `/api/v1/contacts/${created.id}`)).status).toBe(404);
    const gone = await get(api, `/api/v1/contacts/${created.id}`);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('Content-Type')).toContain('application/problem+json');
  });

  it('refuses a second contact with the same address, whatever its case', async () => {
    const api = apiFor(database());
    await api.post('/api/v1/contacts', { email: 'ops@example.jp', language: 'ja' });
    const res = await api.post('/api/v1/contacts', { email: 'OPS@example.jp', language: 'en' });
    expect(res.status).toBe(409);
    expect(res.headers.get('Content-Type')).toContain('application/problem+json');
  });

  it('names each wrong field: the address, the language, an unknown component', async () => {
    const api = apiFor(database());
    const res = await api.post('/api/v1/contacts', { email: 'not an address', language: 'fr' });
    expect(res.status).toBe(422);
    expect(await issueFields(res)).toEqual(['email', 'language']);
    const unknown = await api.post('/api/v1/contacts', {
      email: 'a@example.jp',
      language: 'ja',
      components: ['nosuch'],
    });
    expect(unknown.status).toBe(422);
    expect(await issueFields(unknown)).toEqual(['components.0']);
    const none = await api.post('/api/v1/webhooks', { url: 'https://hooks.example.jp/x', components: [] });
    expect(none.status).toBe(422);
    expect(await issueFields(none)).toEqual(['components']);
  });

  it('shows a webhook secret once, at registration, and never in the list', async () => {
    const api = apiFor(database());
    const res = await api.post('/api/v1/webhooks', { url: 'https://hooks.example.jp/status' });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.secret.slice(6), 'base64')).toHaveLength(32);
    expect(created).toMatchObject({ format: 'statuspage', language: 'ja', components: null });
    const listed = (await json(get(api, '/api/v1/webhooks'))).webhooks;
    expect(listed).toHaveLength(1);
    expect(listed[0].id).toBe(created.id);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect((await api.send('DELETE', `/api/v1/webhooks/${created.id}`)).status).toBe(204);
  });

  it('shows one webhook by id without its secret, and answers 404 problem+json for an unknown id', async () => {
    const api = apiFor(database());
    const created = await json(api.post('/api/v1/webhooks', { url: 'https://hooks.example.jp/one', format: 'slack' }));
    const res = await get(api, `/api/v1/webhooks/${created.id}`);
    expect(res.status).toBe(200);
    const shown = await res.json();
    expect(shown).toMatchObject({ id: created.id, url: 'https://hooks.example.jp/one', format: 'slack' });
    expect(JSON.stringify(shown)).not.toContain(created.secret);
    expect(shown.secret).toBeUndefined();
    expect((await api.get(`/api/v1/webhooks/${created.id}`)).status).toBe(401);
    await api.send('DELETE', `/api/v1/webhooks/${created.id}`);
    const gone = await get(api, `/api/v1/webhooks/${created.id}`);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('Content-Type')).toContain('application/problem+json');
  });

  it('refuses a webhook URL that is not http or https', async () => {
    const api = apiFor(database());
    for (const url of ['ftp://example.jp/x', 'javascript:alert(1)', 'not a url', 'file:///etc/passwd']) {
      const res = await api.post('/api/v1/webhooks', { url });
      expect(res.status, url).toBe(422);
      expect(await issueFields(res)).toEqual(['url']);
    }
  });

  it('refuses a webhook URL leading to a private, loopback or link-local address, or carrying credentials, naming url', async () => {
    const privateName: Resolver = async () => [{ address: '10.1.2.3', family: 4 }];
    const api = apiFor(database(), { webhooks: { allowPrivate: false, resolve: privateName } });
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://[::1]/hook',
      'http://169.254.169.254/latest/meta-data/',
      'https://192.168.1.10/hook',
      'https://intranet.example.jp/hook',
      'https://user:pass@hooks.example.jp/hook',
    ]) {
      const res = await api.post('/api/v1/webhooks', { url });
      expect(res.status, url).toBe(422);
      expect(res.headers.get('Content-Type'), url).toContain('application/problem+json');
      expect(await issueFields(res), url).toEqual(['url']);
    }
    expect((await json(get(api, '/api/v1/webhooks'))).webhooks).toEqual([]);
  });

  it('accepts a webhook whose host does not resolve right now, and a private one where the server allows them', async () => {
    const noAnswer: Resolver = async () => {
      throw Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' });
    };
    const strict = apiFor(database(), { webhooks: { allowPrivate: false, resolve: noAnswer } });
    expect((await strict.post('/api/v1/webhooks', { url: 'https://hooks.example.jp/later' })).status).toBe(201);
    const open = apiFor(database(), { webhooks: { allowPrivate: true } });
    expect((await open.post('/api/v1/webhooks', { url: 'http://127.0.0.1:8080/hook' })).status).toBe(201);
  });

  it('asks for the operator token on every notification route', async () => {
    const api = apiFor(database());
    for (const path of ['/api/v1/contacts', '/api/v1/webhooks', '/api/v1/deliveries'])
      expect((await api.get(path)).status, path).toBe(401);
  });

  it('refuses an unknown delivery status filter, naming it', async () => {
    const api = apiFor(database());
    const res = await get(api, '/api/v1/deliveries?status=lost');
    expect(res.status).toBe(422);
    expect(await issueFields(res)).toEqual(['status']);
  });
});

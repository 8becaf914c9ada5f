import { expect, it } from 'vitest';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';

const ENGLISH = 'en-GB,en;q=0.9,ja;q=0.5';
const JAPANESE_CHARACTERS = /[\u3040-\u30ff\u4e00-\u9fff]/;

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: Array<{ field: string; pointer: string; detail: string }>;
}

type Send = (headers: Record<string, string>) => Response | Promise<Response>;

/** The same request answered for a client asking for `language` (none: no Accept-Language). */
async function askedIn(send: Send, language?: string) {
  const res = await send(language ? { 'Accept-Language': language } : {});
  return { res, problem: (await res.json()) as Problem };
}

/** What a client acts on: everything but the words. */
const shape = (p: Problem) => ({
  type: p.type,
  status: p.status,
  fields: p.errors?.map((e) => [e.field, e.pointer]),
});

describeEachDatabase('problem+json in the language the request asks for', ({ database }) => {
  it('answers in Japanese unless Accept-Language prefers English, with the same type, status and fields', async () => {
    const api = apiFor(database());
    const send = (headers: Record<string, string>) =>
      api.post('/api/v1/incidents', { name: '', body: 'x', detected_at: '2026-13-01T00:00:00Z' }, headers);
    const none = await askedIn(send);
    const ja = await askedIn(send, 'ja-JP,ja;q=0.9,en;q=0.8');
    const en = await askedIn(send, ENGLISH);
    const frThenEn = await askedIn(send, 'fr-FR, en;q=0.5');
    const other = await askedIn(send, 'de, fr;q=0.8');

    for (const answer of [none, ja, other]) {
      expect(answer.res.headers.get('Content-Language')).toBe('ja');
      expect(answer.problem.title).toBe('内容を受け付けられません');
      expect(answer.problem.detail).toMatch(JAPANESE_CHARACTERS);
    }
    for (const answer of [en, frThenEn]) {
      expect(answer.res.headers.get('Content-Language')).toBe('en');
      expect(answer.problem.title).toBe('Unprocessable Content');
      expect(answer.problem.detail).not.toMatch(JAPANESE_CHARACTERS);
    }
    for (const answer of [none, ja, en, frThenEn, other]) {
      expect(answer.res.status).toBe(422);
      expect(answer.res.headers.get('Content-Type')).toBe('application/problem+json');
      expect(answer.res.headers.get('Vary')).toMatch(/Accept-Language/i);
      expect(shape(answer.problem)).toEqual(shape(en.problem));
    }
    expect(en.problem.errors?.map((e) => e.field)).toEqual(['name', 'detected_at']);
    expect(ja.problem.errors?.[0]?.detail).toBe('空にはできません');
    expect(en.problem.errors?.[0]?.detail).toBe('must not be empty');
  });

  it('translates zod’s own messages, the core’s refusals and the HTTP layer’s, not only our field checks', async () => {
    const api = apiFor(database());
    const both = async (send: Send) => ({
      ja: (await askedIn(send)).problem,
      en: (await askedIn(send, ENGLISH)).problem,
    });

    const wrongType = await both((h) => api.post('/api/v1/components', { name: 5 }, h));
    expect(wrongType.en.errors?.[0]?.detail).toMatch(/expected string, received number/);
    expect(wrongType.ja.errors?.[0]?.detail).toMatch(/string.*数値/);

    const unknown = await both((h) => api.send('GET', '/api/v1/incidents/nosuchincident', undefined, h));
    expect(unknown.en).toMatchObject({ status: 404, detail: 'No incident has the id "nosuchincident".' });
    expect(unknown.ja).toMatchObject({ status: 404, detail: 'id が "nosuchincident" のインシデントはありません。' });

    const future = await both((h) =>
      api.post('/api/v1/incidents', { name: '障害', body: 'x', detected_at: '2027-01-01T00:00:00Z' }, h),
    );
    expect(future.en.errors?.[0]).toMatchObject({ field: 'detected_at', detail: 'must not be in the future' });
    expect(future.ja.errors?.[0]).toMatchObject({ field: 'detected_at', detail: '未来の日時にはできません' });

    const noToken = await both((h) =>
      api.app.request('/api/v1/components', { method: 'POST', headers: { Authorization: 'Bearer wrong', ...h } }),
    );
    expect(noToken.en.detail).toBe('Send the operator token as "Authorization: Bearer <token>".');
    expect(noToken.ja.detail).toBe('運用者トークンを "Authorization: Bearer <トークン>" として送ってください。');

    const notJson = await both((h) =>
      api.send('POST', '/api/v1/components', undefined, { 'Content-Type': 'text/plain', ...h }),
    );
    expect(notJson.en.status).toBe(415);
    expect(notJson.ja.detail).toMatch(/本文はJSONで/);

    const nowhere = await both((h) => api.send('GET', '/api/v1/nothing-here', undefined, h));
    expect(nowhere.en.detail).toBe('Nothing is at GET /api/v1/nothing-here.');
    expect(nowhere.ja.detail).toBe('GET /api/v1/nothing-here には何もありません。');
  });

  it('says in the OpenAPI document that the words follow Accept-Language and the rest does not', async () => {
    const doc = await json(apiFor(database()).get('/api/v1/openapi.json'));
    expect(doc.info.description).toMatch(/Accept-Language/);
    expect(doc.info.description).toMatch(/`type`, `status`, `errors\[\]\.field`/);
  });
});

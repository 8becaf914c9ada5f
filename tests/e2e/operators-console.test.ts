import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { waitForText } from '../support/http.ts';
import { startServer } from '../support/server.ts';

const ADMIN = { email: 'first.admin@example.jp', password: 'the first admin passphrase 1' };
const OPERATOR = { email: 'oncall@example.jp', name: 'On Call', password: 'on call all night 2026' };

/**
 * `npm run operator -- create …`, as an administrator runs it on the server before starting it:
 * the password on standard input, the same DATA_DIR the server then opens.
 */
function operatorCli(args: string[], stdin: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'operator', '--', ...args], {
      cwd: path.resolve('.'),
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm run operator ${args.join(' ')} was still running after 60 s:\n${output}`));
    }, 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
    child.stdin.end(stdin);
  });
}

async function signIn(context: BrowserContext, base: string, who: { email: string; password: string }): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/en/admin/login`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await Promise.all([page.waitForURL(`${base}/en/admin/`), page.getByRole('button', { name: 'Sign in' }).click()]);
  return page;
}

/** The rows of the page's first table, each as its cells' text joined by ' | '. */
const tableRows = (page: Page) =>
  page
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim()).join(' | ')),
    );

/**
 * Issue 12's "Done when": an admin made by the CLI signs in to the console, adds an operator, who
 * signs in elsewhere, posts an incident that reaches the public page, makes a token and revokes it,
 * and the token fails on its next use; the audit log and the login history show all of it.
 */
describe('operators and the console, end to end in Chromium', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shirase-operators-'));

  beforeAll(async () => {
    // Before the server starts: embedded PGlite is one process's at a time.
    const created = await operatorCli(['create', ADMIN.email, '--role', 'admin'], `${ADMIN.password}\n`, {
      DATA_DIR: dataDir,
    });
    expect(created.code, created.output).toBe(0);
    [server, browser] = await Promise.all([startServer({ DATA_DIR: dataDir }), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('an admin adds an operator, who posts an incident and revokes a token; the audit log and login history show it all', async () => {
    // bypassCSP: only so that axe-core can be injected into the admin's pages; the console runs no script.
    const adminContext = await browser.newContext({ bypassCSP: true });
    const operatorContext = await browser.newContext();
    try {
      // The admin the CLI made signs in and adds an operator with an initial password.
      const admin = await signIn(adminContext, server.url, ADMIN);
      await admin.goto(`${server.url}/en/admin/operators`);
      await admin.locator('#f-email').fill(OPERATOR.email);
      await admin.locator('#f-name').fill(OPERATOR.name);
      await admin.locator('#f-role').selectOption('operator');
      await admin.locator('#f-password').fill(OPERATOR.password);
      await Promise.all([
        admin.waitForURL(`${server.url}/en/admin/operators`),
        admin.getByRole('button', { name: 'Add an operator' }).click(),
      ]);
      expect(await admin.getByRole('status').textContent()).toContain(`${OPERATOR.email} was added.`);

      // The operator signs in, in a browser of their own, and posts an incident.
      const operator = await signIn(operatorContext, server.url, OPERATOR);
      await operator.goto(`${server.url}/en/admin/incidents/new`);
      await operator.getByLabel('Title (Japanese)').fill('請求書の送信が遅れています');
      await operator.getByLabel('Text (Japanese, Markdown)').fill('請求書の送信が遅延しています。');
      await operator.locator('fieldset.components select').first().selectOption('degraded_performance');
      await Promise.all([
        operator.waitForURL(/\/en\/admin\/incidents\/[\w-]+$/),
        operator.getByRole('button', { name: 'Publish' }).click(),
      ]);
      const incidentId = new URL(operator.url()).pathname.split('/').at(-1)!;
      await waitForText(server.url, '/', '請求書の送信が遅れています', 30_000);

      // A token, shown once; it works on the API until it is revoked in the console.
      await operator.goto(`${server.url}/en/admin/tokens`);
      await operator.locator('#f-label').fill('e2e script');
      await operator.locator('#f-expires_days').fill('7');
      await operator.getByRole('button', { name: 'Create a token' }).click();
      await operator.getByRole('heading', { name: 'Token created' }).waitFor();
      const token = await operator.locator('#new-token').inputValue();
      expect(token).toMatch(/^shirase_[\w-]{43}$/);
      const useToken = () =>
        fetch(`${server.url}/api/v1/incidents/overdue`, { headers: { Authorization: `Bearer ${token}` } });
      expect((await useToken()).status).toBe(200);
      await operator.goto(`${server.url}/en/admin/tokens`);
      expect(await operator.content()).not.toContain(token);
      await operator.getByRole('link', { name: /^Revoke e2e script/ }).click();
      await operator.getByRole('heading', { name: 'Revoke this token?' }).waitFor();
      await Promise.all([
        operator.waitForURL(`${server.url}/en/admin/tokens`),
        operator.getByRole('button', { name: 'Revoke' }).click(),
      ]);
      expect(await operator.getByRole('status').textContent()).toContain('was revoked');
      expect((await useToken()).status).toBe(401);

      // The audit log names who did each thing, through what and from where.
      await admin.goto(`${server.url}/en/admin/audit`);
      const audit = await tableRows(admin);
      const entry = (action: string | RegExp) =>
        audit.find((r) => (typeof action === 'string' ? r.includes(action) : action.test(r)));
      const byCli = audit.findIndex((r) => r.includes('cli: operator create'));
      expect(audit[byCli], audit.join('\n')).toMatch(
        /\| cli:\S+ \| Command line \| Unknown \| cli: operator create \| operator /,
      );
      // Its change, the full-width row under it: the account as it was made.
      expect(audit[byCli + 1]).toContain(`"email": "${ADMIN.email}"`);
      expect(entry('console: operator create'), audit.join('\n')).toMatch(
        new RegExp(`${ADMIN.email} \\| Console \\| 127\\.0\\.0\\.1`),
      );
      expect(entry(new RegExp(`incident ${incidentId}`)), audit.join('\n')).toMatch(
        new RegExp(`${OPERATOR.email} \\| Console \\| 127\\.0\\.0\\.1`),
      );
      expect(entry('console: token issue'), audit.join('\n')).toContain(OPERATOR.email);
      expect(entry('console: token revoke'), audit.join('\n')).toContain(OPERATOR.email);

      // The login history: both sign-ins with address and device, and the revoked token's failure.
      await admin.goto(`${server.url}/en/admin/login-history`);
      const logins = await tableRows(admin);
      const signInOf = (email: string) =>
        logins.find((r) => r.includes(email) && r.includes('Console') && r.endsWith('Success'));
      for (const email of [ADMIN.email, OPERATOR.email])
        expect(signInOf(email), logins.join('\n')).toMatch(/127\.0\.0\.1 \| Chrom[^|]+\/ Linux[^|]*\/ desktop/);
      expect(
        logins.find((r) => r.includes('Failed: Revoked API token')),
        logins.join('\n'),
      ).toContain(OPERATOR.email);

      // The admin's pages, filled with all of the above, meet WCAG 2.2 AA as axe-core checks it.
      const violations: string[] = [];
      for (const area of ['/', '/operators', '/tokens', '/audit', '/login-history']) {
        await admin.goto(`${server.url}/en/admin${area}`);
        violations.push(...(await axeViolations(admin)).map((v) => `${area}: ${v}`));
      }
      expect(violations).toEqual([]);
    } finally {
      await adminContext.close();
      await operatorContext.close();
    }
  }, 90_000);
});

import { describe, expect, it } from 'vitest';
import { parseInput } from '../../api/core/input/common.ts';
import { ValidationError } from '../../api/core/errors.ts';
import { createOperatorInput, issueTokenInput, updateOperatorInput } from '../../api/operators/input.ts';

/** The fields a refusal names, or null when the input was taken. */
function refusedFields(schema: Parameters<typeof parseInput>[0], input: unknown): string[] | null {
  try {
    parseInput(schema, input);
    return null;
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return err.issues.map((i) => i.field);
  }
}

const ok = { email: 'person@example.jp', role: 'operator' };

/**
 * The operator commands' input, which the CLI (npm run operator), the API and the console all parse
 * with these schemas before anything is stored: an operator's name, a token's label and the role
 * and scopes are what other admins later see in the console, the CLI's list and the audit log.
 */
describe('operator and token input (bad-inputs.md 3, 4 and 5, for the CLI, the API and the console)', () => {
  it('(3, 4) refuses a name or label with a line break or an XML-illegal control character, naming the field', () => {
    for (const bad of ['a\r\nX-Injected: 1', 'a\nb', 'bell\u0007', 'nul\u0000', 'esc\u001b[31m', 'vertical\u000btab']) {
      expect(refusedFields(createOperatorInput, { ...ok, name: bad }), JSON.stringify(bad)).toEqual(['name']);
      expect(refusedFields(updateOperatorInput, { name: bad }), JSON.stringify(bad)).toEqual(['name']);
      expect(refusedFields(issueTokenInput, { label: bad }), JSON.stringify(bad)).toEqual(['label']);
    }
  });

  it('(4) refuses an email that carries a header on a new line', () => {
    for (const email of ['a@example.jp\r\nBcc: victim@example.jp', 'a@example.jp\nX: 1', '"a\r\n"@example.jp'])
      expect(refusedFields(createOperatorInput, { ...ok, email }), JSON.stringify(email)).toEqual(['email']);
  });

  it('(5) refuses objects, arrays and operators where a role, scope, day count or name belongs, and unknown or __proto__ keys', () => {
    expect(refusedFields(createOperatorInput, { ...ok, role: { $ne: 'viewer' } })).toEqual(['role']);
    expect(refusedFields(createOperatorInput, { ...ok, role: ['admin'] })).toEqual(['role']);
    expect(refusedFields(createOperatorInput, { ...ok, email: ['a@example.jp'] })).toEqual(['email']);
    expect(refusedFields(createOperatorInput, { ...ok, name: { toString: 'x' } })).toEqual(['name']);
    expect(refusedFields(createOperatorInput, { ...ok, is_admin: true })).not.toBeNull();
    expect(
      refusedFields(
        createOperatorInput,
        JSON.parse('{"email":"a@example.jp","role":"viewer","__proto__":{"role":"admin"}}'),
      ),
    ).toEqual(['__proto__']);
    expect(refusedFields(issueTokenInput, { scopes: ['read', { $gt: '' }] })).toEqual(['scopes.1']);
    expect(refusedFields(issueTokenInput, { scopes: 'admin' })).toEqual(['scopes']);
    expect(refusedFields(issueTokenInput, { expires_days: '30' })).toEqual(['expires_days']);
    expect(refusedFields(issueTokenInput, { expires_days: 1e9 })).toEqual(['expires_days']);
    expect(refusedFields(updateOperatorInput, { disabled: 'false' })).toEqual(['disabled']);
  });

  it('takes template syntax and markup in a name as the literal text typed', () => {
    const name = '{{7*7}} <img src=x onerror=alert(1)> " onfocus=x';
    expect(parseInput(createOperatorInput, { ...ok, name }).name).toBe(name);
    expect(parseInput(issueTokenInput, { label: name }).label).toBe(name);
  });
});

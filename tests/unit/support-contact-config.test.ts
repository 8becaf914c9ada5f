import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/server/config.ts';

describe('support contact details from the environment', () => {
  it('shows nothing when SUPPORT_PHONE, SUPPORT_EMAIL and SUPPORT_URL are unset or blank', () => {
    expect(loadConfig({}).settings.contact).toEqual({ phone: null, email: null, formUrl: null });
    expect(loadConfig({ SUPPORT_PHONE: ' ', SUPPORT_EMAIL: '', SUPPORT_URL: '' }).settings.contact).toEqual({
      phone: null,
      email: null,
      formUrl: null,
    });
  });
  it('reads a phone number, an e-mail address and a contact form URL', () => {
    const { contact } = loadConfig({
      SUPPORT_PHONE: '+81 3-1234-5678',
      SUPPORT_EMAIL: 'support@example.jp',
      SUPPORT_URL: 'https://example.jp/contact',
    }).settings;
    expect(contact).toEqual({
      phone: '+81 3-1234-5678',
      email: 'support@example.jp',
      formUrl: 'https://example.jp/contact',
    });
  });
  it.each([
    ['SUPPORT_PHONE', 'call us'],
    ['SUPPORT_PHONE', '03(1234)5678'],
    ['SUPPORT_EMAIL', 'support-at-example.jp'],
    ['SUPPORT_URL', 'javascript:alert(1)'],
    ['SUPPORT_URL', 'example.jp/contact'],
  ])('refuses to start with %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`Invalid configuration: ${name} `));
  });
});

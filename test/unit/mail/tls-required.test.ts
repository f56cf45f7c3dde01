import { describe, expect, it } from 'vitest';

describe('TLS for the mail server', () => {
  it('requires STARTTLS for smtp:// to another machine, not for a relay on this one or for smtps://', async () => {
    const { withTlsRequired } = await import('../../../src/mail/mailer.js');
    expect(new URL(withTlsRequired('smtp://u:p@mail.example:587')).searchParams.get('requireTLS')).toBe('true');
    expect(new URL(withTlsRequired('smtp://127.0.0.1:2525')).searchParams.get('requireTLS')).toBeNull();
    expect(new URL(withTlsRequired('smtps://u:p@mail.example:465')).searchParams.get('requireTLS')).toBeNull();
  });
});

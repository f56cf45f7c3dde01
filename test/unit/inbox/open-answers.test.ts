import { describe, expect, it } from 'vitest';
import { generateOrgIdentity } from '../../../src/crypto/age-keys.js';
import { openAnswers } from '../../../src/inbox/case-service.js';
import { sealText } from '../../../src/intake/sealed-text.js';

const question = (id: string, extra: object = {}) => ({ id, kind: 'text', required: false, label: { ru: id, en: id }, ...extra });

describe('which of a submission’s answers are kept in the intake', () => {
  it('keeps an answer private when its question was private as asked, whatever the questionnaire says now', async () => {
    const { identity, recipient } = await generateOrgIdentity();
    const sealed = await sealText(
      [recipient],
      JSON.stringify({ v: 1, answers: { reach: 'fictional-handle' }, questions: [question('reach', { private: true })] }),
    );
    expect((await openAnswers(identity, sealed, new Set()))[0]!.private).toBe(true);
  });

  it('keeps an answer private when its question was made private later', async () => {
    const { identity, recipient } = await generateOrgIdentity();
    const sealed = await sealText([recipient], JSON.stringify({ v: 1, answers: { where: 'Fictional cell 7' }, questions: [question('where')] }));
    expect((await openAnswers(identity, sealed, new Set()))[0]!.private).toBe(false);
    expect((await openAnswers(identity, sealed, new Set(['where'])))[0]!.private).toBe(true);
  });

  // Found by a security review: such an answer counted as not private.
  it('keeps an answer sealed without its question in the intake (fail closed)', async () => {
    const { identity, recipient } = await generateOrgIdentity();
    const sealed = await sealText([recipient], JSON.stringify({ v: 1, answers: { reach: 'fictional-handle' }, questions: [] }));
    expect((await openAnswers(identity, sealed, new Set()))[0]!.private).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { detectMediaType } from '../../../src/vault/media-type.js';

describe('detectMediaType', () => {
  it('goes by content, not by name', async () => {
    expect(await detectMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]))).toBe('image/jpeg');
    expect(await detectMediaType(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).toBe('application/pdf');
    expect(await detectMediaType(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]))).toBe('application/gzip');
  });

  it('tells text (UTF-8, Cyrillic too) from binary and empty', async () => {
    expect(await detectMediaType(Buffer.from('Протокол допроса\nline two\n'))).toBe('text/plain');
    expect(await detectMediaType(Buffer.from([1, 2, 0, 4, 250, 251]))).toBe('application/octet-stream');
    expect(await detectMediaType(Buffer.from([0xc3, 0x28, 0x41]))).toBe('application/octet-stream');
    // a sample cut in the middle of a two-byte Cyrillic letter is still text
    expect(await detectMediaType(Buffer.from('Свидетель рассказывает.\n', 'utf8'))).toBe('text/plain');
    const cut = Buffer.from('Свидетель рассказывает', 'utf8');
    expect(await detectMediaType(cut.subarray(0, cut.length - 1))).toBe('text/plain');
    expect(await detectMediaType(cut.subarray(0, cut.length - 3))).toBe('text/plain');
    expect(await detectMediaType(Buffer.alloc(0))).toBe('application/x-empty');
  });
});

// Strict standard base64 (RFC 4648 §4, padded). Buffer.from(s, 'base64') silently skips junk and
// accepts unpadded or URL-safe input, so two different strings could name the same hash; formats
// that are signed or compared as text need exactly one spelling per value.

const SHAPE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes of `text`, or undefined unless it is canonical padded standard base64. */
export function decodeBase64Strict(text: string): Buffer | undefined {
  if (!SHAPE.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  // Rejects non-zero bits in the padding position, e.g. "AB==" for what is canonically "AA==".
  return bytes.toString('base64') === text ? bytes : undefined;
}

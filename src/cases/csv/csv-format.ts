import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { TSchema } from 'typebox';
import { neutraliseFormulaText, restoreFormulaText } from './formula-cells.js';

export interface CsvRowError {
  /** Line of the file, counting the header as line 1. */
  line: number;
  field: string;
  message: string;
}

export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/**
 * Rows of a CSV file with a header line; a malformed file is one error naming its line. A cell that
 * `writeCsv` neutralised (an apostrophe before `=`, `+`, `-`, `@`, tab or CR) is read back without it.
 */
export function readCsv(text: string, columns: readonly string[]): { rows: CsvRow[]; errors: CsvRowError[] } {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      columns: true,
      skip_empty_lines: true,
      info: true,
      trim: true,
      relax_column_count: false,
    }) as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { rows: [], errors: [{ line, field: 'file', message: (error as Error).message }] };
  }
  const errors: CsvRowError[] = [];
  const header = records[0] ? Object.keys(records[0].record) : [];
  for (const name of header)
    if (!columns.includes(name)) errors.push({ line: 1, field: name, message: `unknown column; the columns are ${columns.join(', ')}` });
  return { rows: records.map((r) => ({ line: r.info.lines, values: restoreRecord(r.record) })), errors };
}

/**
 * The first error of a value against its schema, as a field name and message. TypeBox's value module is
 * 300 more files to load: only an import of records needs it, not every start of Vigil.
 */
export async function schemaErrors(schema: TSchema, value: unknown, line: number): Promise<CsvRowError[]> {
  const { Value } = await import('typebox/value');
  return [...Value.Errors(schema, value)].slice(0, 3).map((e) => ({
    line,
    field: e.instancePath.replace(/^\//, '').replace(/\//g, '.') || (e.params as { requiredProperties?: string[] }).requiredProperties?.join(', ') || 'row',
    message: e.message,
  }));
}

function restoreRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, restoreFormulaText(value)]));
}

/** Every text cell is quoted, and one that a spreadsheet would run as a formula is neutralised. */
export function writeCsv(columns: readonly string[], rows: Array<Record<string, string | number | null>>): string {
  const safe = rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([name, value]) => [name, typeof value === 'string' ? neutraliseFormulaText(value) : value])),
  );
  return stringify(safe, { header: true, columns: [...columns], bom: true, quoted_string: true });
}

/** An empty cell is an absent value. */
export function cell(values: Record<string, string>, name: string): string | undefined {
  const v = values[name];
  return v === undefined || v === '' ? undefined : v;
}

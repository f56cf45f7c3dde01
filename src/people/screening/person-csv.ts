import fs from 'node:fs';
import { parse, type CsvError } from 'csv-parse';
import { PeopleInputError } from '../people-errors.js';
import type { PersonDescription, PersonField, ScreeningColumns, ScreeningFile, ScreeningProblem } from '../people-schemas.js';

/** Header cells each field is known by, folded (lower case, letters and digits only). */
const FIELD_NAMES: Record<PersonField, readonly string[]> = {
  name: ['name', 'fullname', 'names', 'passenger', 'passengername', 'person', 'nom', 'фио', 'имя полностью', 'полное имя', 'пассажир'],
  surname: ['surname', 'lastname', 'familyname', 'family', 'nomdefamille', 'фамилия'],
  given: ['given', 'givenname', 'givennames', 'firstname', 'forename', 'first', 'prenom', 'vorname', 'имя'],
  patronymic: ['patronymic', 'middlename', 'middle', 'отчество'],
  dob: ['dob', 'dateofbirth', 'birthdate', 'birthday', 'born', 'datebirth', 'birth', 'датарождения', 'деньрождения', 'рождение'],
  document: [
    'document',
    'doc',
    'documentnumber',
    'docnumber',
    'docno',
    'passport',
    'passportnumber',
    'passportno',
    'документ',
    'паспорт',
    'номердокумента',
    'номерпаспорта',
  ],
  nationality: ['nationality', 'citizenship', 'country', 'гражданство', 'национальность', 'страна'],
  id: ['id', 'ref', 'reference', 'recordid', 'идентификатор'],
};

const fold = (cell: string) =>
  cell
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]/gu, '');

const FIELD_OF = new Map<string, PersonField>();
for (const [field, names] of Object.entries(FIELD_NAMES) as Array<[PersonField, readonly string[]]>) for (const name of names) FIELD_OF.set(fold(name), field);

export interface ColumnMap {
  columns: ScreeningColumns;
  /** The field each column index holds, or undefined for a column not read. */
  fields: Array<PersonField | undefined>;
}

/** Which column holds which field; the columns not understood are named, not guessed. */
export function mapColumns(file: ScreeningFile, header: string[]): ColumnMap {
  const fields: Array<PersonField | undefined> = [];
  const understood: ScreeningColumns['understood'] = [];
  const ignored: string[] = [];
  for (const cell of header) {
    const field = FIELD_OF.get(fold(cell));
    if (field !== undefined && !fields.includes(field)) {
      fields.push(field);
      understood.push({ column: cell, field });
    } else {
      fields.push(undefined);
      ignored.push(field === undefined ? cell : `${cell} (a second ${field} column)`);
    }
  }
  if (!fields.includes('name') && !fields.includes('surname')) {
    throw new PeopleInputError(
      file,
      'no-name-column',
      `the ${file} file's header (${header.map((cell) => JSON.stringify(cell)).join(', ')}) has no name column: name it "name" (the whole name), or "surname" with "given" and "patronymic"`,
    );
  }
  return { columns: { file, understood, ignored }, fields };
}

export interface CsvPerson {
  line: number;
  id?: string;
  description: PersonDescription;
}

/**
 * The people in a CSV file with a header row, one at a time, read as a stream (a file of millions of rows
 * is never held whole). Rows that cannot be read are reported to `problem` with their line and skipped.
 */
export async function* readPeopleCsv(
  path: string,
  file: ScreeningFile,
  onColumns: (columns: ScreeningColumns) => void,
  problem: (p: ScreeningProblem) => void,
): AsyncGenerator<CsvPerson> {
  await assertReadable(path, file);
  let lastLine = 0;
  const parser = fs.createReadStream(path).pipe(
    parse({
      bom: true,
      info: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined) => {
        const message =
          error?.code === 'CSV_QUOTE_NOT_CLOSED'
            ? `a quote opened after line ${lastLine} is never closed: the rest of the file could not be read (${error.message})`
            : (error?.message ?? 'unreadable');
        const line = (error as { lines?: number } | undefined)?.lines;
        problem({ file, line: line ?? lastLine + 1, message, skipped: true });
        return undefined;
      },
    }),
  );
  let map: ColumnMap | undefined;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    lastLine = info.lines;
    if (!map) {
      map = mapColumns(file, record);
      onColumns(map.columns);
      continue;
    }
    if (record.length > map.fields.length) {
      problem({ file, line, message: `${record.length} cells where the header has ${map.fields.length}: the row is left out`, skipped: true });
      continue;
    }
    if (record.length < map.fields.length)
      problem({ file, line, message: `${record.length} cells where the header has ${map.fields.length}: the missing ones are read as empty`, skipped: false });
    const description: PersonDescription = {};
    let id: string | undefined;
    for (const [i, field] of map.fields.entries()) {
      const value = record[i]?.trim();
      if (field === undefined || value === undefined || value === '') continue;
      if (field === 'id') id = value;
      else description[field] = value;
    }
    yield id === undefined ? { line, description } : { line, id, description };
  }
  if (!map) throw new PeopleInputError(file, 'no-header', `the ${file} file ${path} is empty: it needs a header row naming its columns`);
}

async function assertReadable(path: string, file: ScreeningFile): Promise<void> {
  try {
    const stat = await fs.promises.stat(path);
    if (!stat.isFile()) throw new Error('not a file');
    await fs.promises.access(path, fs.constants.R_OK);
  } catch (error) {
    throw new PeopleInputError(file, 'unreadable-file', `cannot read the ${file} file ${path}: ${(error as Error).message}`);
  }
}

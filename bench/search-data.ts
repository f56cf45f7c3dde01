/**
 * Synthetic case records for the search benchmark: obviously fictional people (surnames made of
 * words such as «Примеров», «Образцов»), fictional facilities, templated incidents. Rows go in by
 * bulk insert; their search terms come from the same functions the application indexes with.
 */
import { sql, type Insertable, type Transaction } from 'kysely';
import type { Db } from '../src/db/database.js';
import type { VigilDatabase } from '../src/db/schema.js';
import { SEED_ACT_TYPES } from '../src/shared/vocabulary.js';
import { incidentTexts, personTexts } from '../src/cases/search/record-texts.js';
import { documentTerms } from '../src/cases/search/terms.js';

export interface SearchCorpusSize {
  incidents: number;
  actsPerIncident: number;
  people: number;
  facilities: number;
}

export interface SearchCorpus {
  incidentIds: string[];
  facilityIds: string[];
  regions: string[];
  compartments: string[];
}

const SURNAMES = [
  ['Примеров', 'Primerov'],
  ['Образцов', 'Obraztsov'],
  ['Шаблонов', 'Shablonov'],
  ['Макетов', 'Maketov'],
  ['Тестов', 'Testov'],
  ['Пробный', 'Probny'],
  ['Условный', 'Uslovny'],
  ['Вымышленный', 'Vymyshlenny'],
  ['Черновиков', 'Chernovikov'],
  ['Набросков', 'Nabroskov'],
  ['Эскизов', 'Eskizov'],
  ['Заготовкин', 'Zagotovkin'],
  ['Болванкин', 'Bolvankin'],
  ['Пустышкин', 'Pustyshkin'],
  ['Выдумкин', 'Vydumkin'],
  ['Небылицын', 'Nebylitsyn'],
  ['Сказочкин', 'Skazochkin'],
  ['Придумов', 'Pridumov'],
  ['Фантомов', 'Fantomov'],
  ['Безымянный', 'Bezymyanny'],
  ['Анонимов', 'Anonimov'],
  ['Псевдонимов', 'Psevdonimov'],
  ['Муляжов', 'Mulyazhov'],
  ['Манекенов', 'Manekenov'],
  ['Двойников', 'Dvoynikov'],
  ['Копиров', 'Kopirov'],
  ['Оттисков', 'Ottiskov'],
  ['Слепков', 'Slepkov'],
  ['Контуров', 'Konturov'],
  ['Силуэтов', 'Siluetov'],
] as const;
const FIRST_NAMES = [
  ['Иван', 'Ivan'],
  ['Пётр', 'Pyotr'],
  ['Аркадий', 'Arkady'],
  ['Семён', 'Semyon'],
  ['Юрий', 'Yury'],
  ['Алексей', 'Aleksey'],
  ['Николай', 'Nikolay'],
  ['Фёдор', 'Fyodor'],
  ['Олег', 'Oleg'],
  ['Григорий', 'Grigory'],
  ['Наталья', 'Natalya'],
  ['Мария', 'Mariya'],
  ['Ольга', 'Olga'],
  ['Юлия', 'Yuliya'],
] as const;
const REGIONS = [
  'Вымышленная область',
  'Условный край',
  'Примерная республика',
  'Тестовая область',
  'Демо-область',
  'Северная условная область',
  'Южная примерная область',
  'Макетный край',
  'Образцовая область',
  'Черновая республика',
];
const PLACES = ['карцер', 'приёмное отделение', 'медицинская часть', 'штрафной изолятор', 'прогулочный двор', 'камера', 'кабинет оперативника', 'душевая'];
const TITLES = [
  ['Избиение в {place}', 'Beating in the {place_en}'],
  ['Пытки током в {place}', 'Electric shocks in the {place_en}'],
  ['Отказ в медицинской помощи', 'Denial of medical care'],
  ['Угрозы сексуальным насилием', 'Threats of sexual violence'],
  ['Принуждение к контракту с армией', 'Pressure to enlist in the army'],
  ['Вымогательство денег у родственников', 'Extortion of relatives'],
  ['Смерть заключённого', 'Death of a prisoner'],
  ['Унижение при обыске', 'Humiliation during a search'],
];
const DESCRIPTIONS = [
  'Заключённого избили сотрудники колонии, после чего его поместили в штрафной изолятор.',
  'Осуждённого пытали током, требуя признательных показаний; медицинская помощь не оказывалась.',
  'Сотрудники угрожали заключённой изнасилованием и унижали её при обыске.',
  'Родственникам заключённого звонили и требовали деньги за «спокойное» содержание.',
  'Заключённых заставляли часами стоять в растяжке на прогулочном дворе.',
  'After a complaint to the prosecutor the prisoner was beaten and held in solitary confinement.',
  'The prisoner was denied insulin for weeks and died in the prison hospital.',
];
const ACT_TEXTS = [
  'били дубинками',
  'душили пакетом',
  'били ногами по почкам',
  'угрожали расправой',
  'держали без воды',
  'kicked and beaten',
  'forced to stand for hours',
  '',
];
const PLACES_EN: Record<string, string> = {
  карцер: 'punishment cell',
  'приёмное отделение': 'admission ward',
  'медицинская часть': 'medical unit',
  'штрафной изолятор': 'solitary block',
  'прогулочный двор': 'exercise yard',
  камера: 'cell',
  'кабинет оперативника': "operative's office",
  душевая: 'shower room',
};

/** A small seeded generator: the same corpus on every run and on both databases. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BENCH_ITEM = 'itm_bench00000000000';
const pad = (prefix: string, n: number) => `${prefix}_${n.toString(36).padStart(16, '0')}`;

/**
 * Inserts in statements of `perStatement` rows, committing every hundred statements. A benchmark
 * corpus is rebuilt rather than recovered, so commits need not wait for the disk.
 */
async function insertAll<T extends keyof VigilDatabase>(db: Db, table: T, rows: Array<Insertable<VigilDatabase[T]>>, perStatement = 400): Promise<void> {
  for (let i = 0; i < rows.length; i += perStatement * 100) {
    await db.transaction().execute(async (trx) => {
      if (!(await isSqlite(trx))) await sql`set local synchronous_commit = off`.execute(trx);
      for (let j = i; j < Math.min(rows.length, i + perStatement * 100); j += perStatement) {
        await trx
          .insertInto(table)
          .values(rows.slice(j, j + perStatement) as never)
          .execute();
      }
    });
  }
}

let sqliteCache: boolean | null = null;
/** Asked once, outside any transaction: on PostgreSQL the failed probe would abort one. */
async function isSqlite(db: Db | Transaction<VigilDatabase>): Promise<boolean> {
  sqliteCache ??= await sql`select sqlite_version()`.execute(db).then(
    () => true,
    () => false,
  );
  return sqliteCache;
}

export async function generateSearchCorpus(db: Db, size: SearchCorpusSize, progress: (what: string) => void): Promise<SearchCorpus> {
  sqliteCache = null;
  if (await isSqlite(db)) await sql`pragma synchronous = off`.execute(db);
  const rnd = random(20261122);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const now = '2026-11-22T00:00:00.000Z';
  const stamp = { version: 1, created_at: now, updated_at: now, created_by: null, deleted_at: null, deleted_by: null };

  await insertAll(db, 'ingest_batches', [
    {
      id: 'bat_bench00000000000',
      started_at: now,
      finished_at: now,
      status: 'finished',
      roots: '[]',
      items_new: 1,
      items_duplicate: 0,
      items_resumed: 0,
      bytes: 1,
      problems: 0,
    },
  ]);
  await insertAll(db, 'items', [
    {
      id: BENCH_ITEM,
      sha256: '0'.repeat(64),
      size: 1,
      blob_name: '1'.repeat(64),
      media_type: 'video/mp4',
      batch_id: 'bat_bench00000000000',
      ingest_leaf: 0,
      created_at: now,
    },
  ]);
  const compartments = ['cmp_000000000000000a', 'cmp_000000000000000b', 'cmp_000000000000000c'];
  await insertAll(
    db,
    'compartments',
    compartments.map((id, i) => ({ id, name: `Bench compartment ${i}`, description: '', created_at: now })),
  );
  await insertAll(
    db,
    'act_types',
    SEED_ACT_TYPES.map((t, i) => ({ id: t.id, parent_id: t.parent ?? null, label_ru: t.ru, label_en: t.en, sort: i, ...stamp })),
  );
  const types = new Map(SEED_ACT_TYPES.map((t) => [t.id, { label_ru: t.ru, label_en: t.en }]));

  const facilities = Array.from({ length: size.facilities }, (_, i) => ({
    id: pad('fac', i),
    name_ru: `ИК-${i} «${pick(SURNAMES)[0]}ская» (вымышленная)`,
    name_en: `Penal Colony No. ${i} (fictional)`,
    type: pick(['penal-colony', 'pre-trial-detention-centre', 'prison-hospital', 'tb-hospital', 'police-station']),
    region: REGIONS[i % REGIONS.length]!,
    administration: '',
    latitude: 45 + rnd() * 20,
    longitude: 30 + rnd() * 100,
    ...stamp,
  }));
  await insertAll(db, 'facilities', facilities);
  progress(`${facilities.length} facilities`);

  const people = Array.from({ length: size.people }, (_, i) => {
    const [surnameRu, surnameEn] = pick(SURNAMES);
    const [firstRu, firstEn] = pick(FIRST_NAMES);
    const restricted = rnd() < 0.05 ? compartments[i % 3]! : null;
    return {
      id: pad('per', i),
      compartment_id: restricted,
      ru: `${surnameRu} ${firstRu}`,
      en: `${firstEn} ${surnameEn}`,
      kind: i % 3 === 0 ? 'perpetrator' : 'victim',
    };
  });
  await insertAll(
    db,
    'people',
    people.map((p) => ({
      id: p.id,
      compartment_id: p.compartment_id,
      kinds: JSON.stringify([p.kind]),
      birth_date: null,
      birth_date_precision: null,
      notes_ru: '',
      notes_en: '',
      ...stamp,
    })),
  );
  await insertAll(
    db,
    'person_names',
    people.flatMap((p, i) => [
      { id: pad('pnm', 2 * i), person_id: p.id, name: p.ru, kind: 'official', script: 'Cyrl', position: 0 },
      { id: pad('pnm', 2 * i + 1), person_id: p.id, name: p.en, kind: 'transliteration', script: 'Latn', position: 1 },
    ]),
  );
  const personTerms = people.map((p) => ({ id: p.id, terms: documentTerms(personTexts({ names: [p.ru, p.en], positions: '', notes: '' })) }));
  await insertAll(
    db,
    'search_terms',
    personTerms.flatMap(({ id, terms }) => [...terms].map(([term, weight]) => ({ term, doc_type: 'person' as const, doc_id: id, weight }))),
    800,
  );
  progress(`${people.length} people`);

  const perpetrators = people.filter((p) => p.kind === 'perpetrator');
  const victims = people.filter((p) => p.kind === 'victim');
  const typeIds = SEED_ACT_TYPES.map((t) => t.id);
  const incidentIds: string[] = [];
  const batch = 2000;
  for (let start = 0; start < size.incidents; start += batch) {
    const incidents: Array<Insertable<VigilDatabase['incidents']>> = [];
    const acts: Array<Insertable<VigilDatabase['acts']>> = [];
    const involvements: Array<Insertable<VigilDatabase['involvements']>> = [];
    const interventions: Array<Insertable<VigilDatabase['interventions']>> = [];
    const links: Array<Insertable<VigilDatabase['evidence_links']>> = [];
    const terms: Array<Insertable<VigilDatabase['search_terms']>> = [];
    for (let i = start; i < Math.min(size.incidents, start + batch); i++) {
      const id = pad('inc', i);
      incidentIds.push(id);
      const place = pick(PLACES);
      const [titleRu, titleEn] = pick(TITLES);
      const year = 2015 + Math.floor(rnd() * 11);
      const facility = facilities[Math.floor(rnd() * facilities.length)]!;
      const compartment = rnd() < 0.1 ? compartments[i % 3]! : null;
      const incident = {
        id,
        compartment_id: compartment,
        title_ru: titleRu!.replace('{place}', place),
        title_en: titleEn!.replace('{place_en}', PLACES_EN[place]!),
        description_ru: pick(DESCRIPTIONS),
        description_en: '',
        date_start: `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`,
        date_end: null,
        date_precision: 'day',
        year,
        facility_id: facility.id,
        place,
        documentation_status: pick(['reported', 'in-progress', 'documented', 'verified']),
        ...stamp,
      };
      incidents.push(incident);
      const source = {
        incident,
        facility,
        actTypes: [] as Array<{ label_ru: string; label_en: string }>,
        acts: [] as Array<{ description_ru: string; description_en: string }>,
        interventions: [] as Array<{ description_ru: string; description_en: string; case_number: string; article: string; body: string }>,
        people: [] as Array<{ compartment_id: string | null; names: string[] }>,
        tags: [] as string[],
      };
      const seenTypes = new Set<string>();
      const actCount = Math.max(1, Math.round(size.actsPerIncident * (0.5 + rnd())));
      for (let a = 0; a < actCount; a++) {
        const actId = pad('act', i * 64 + a);
        const type = pick(typeIds);
        const victim = pick(victims);
        const text = pick(ACT_TEXTS);
        acts.push({ id: actId, incident_id: id, victim_id: victim.id, act_type_id: type, description_ru: text, description_en: '', ...stamp });
        if (!seenTypes.has(type)) {
          seenTypes.add(type);
          source.actTypes.push(types.get(type)!);
        }
        source.acts.push({ description_ru: text, description_en: '' });
        source.people.push({ compartment_id: victim.compartment_id, names: [victim.ru, victim.en] });
        if (a % 3 === 0) {
          const perpetrator = pick(perpetrators);
          involvements.push({
            id: pad('inv', i * 64 + a),
            act_id: actId,
            perpetrator_id: perpetrator.id,
            degree: pick(['carried-out', 'ordered', 'present', 'covered-up']),
            note: '',
          });
          source.people.push({ compartment_id: perpetrator.compartment_id, names: [perpetrator.ru, perpetrator.en] });
        }
      }
      if (rnd() < 0.3) {
        const kind = pick(['complaint', 'criminal-case-opened', 'criminal-case-refused', 'officer-dismissed', 'convicted', 'echr-application']);
        interventions.push({
          id: pad('itv', i),
          incident_id: id,
          kind,
          status: pick(['filed', 'pending', 'refused', 'closed']),
          person_id: null,
          case_number: '',
          article: 'ст. 286 УК РФ',
          body: '',
          opened_on: null,
          description_ru: '',
          description_en: '',
          ...stamp,
        });
        source.interventions.push({ description_ru: '', description_en: '', case_number: '', article: 'ст. 286 УК РФ', body: '' });
      }
      if (rnd() < 0.2)
        links.push({
          id: pad('evl', i),
          incident_id: id,
          act_id: null,
          item_id: BENCH_ITEM,
          start_seconds: null,
          end_seconds: null,
          box: null,
          note: '',
          ...stamp,
        });
      for (const [term, weight] of documentTerms(incidentTexts(source))) terms.push({ term, doc_type: 'incident', doc_id: id, weight });
    }
    await insertAll(db, 'incidents', incidents, 200);
    await insertAll(db, 'acts', acts);
    await insertAll(db, 'involvements', involvements);
    await insertAll(db, 'interventions', interventions, 200);
    await insertAll(db, 'evidence_links', links);
    await insertAll(db, 'search_terms', terms, 800);
    progress(`${Math.min(size.incidents, start + batch)} incidents`);
  }
  return { incidentIds, facilityIds: facilities.map((f) => f.id), regions: REGIONS, compartments };
}

/**
 * npm run bench:search — search and incident-page latency on 100k incidents, 1M acts and 200k
 * people, through the HTTP API (Fastify inject), on SQLite and on PostgreSQL. The corpus is built
 * once per database (per schema stamp) and kept in .bench/search (SQLite) and a vigil_bench_search_* database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { newTotpSecret, totpCode } from '../src/accounts/totp.js';
import { openCases } from '../src/cases/open-cases.js';
import type { VaultPort } from '../src/cases/vault-port.js';
import type { DatabaseTarget } from '../src/config/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { buildServer } from '../src/server/app.js';
import { generateSearchCorpus, type SearchCorpus, type SearchCorpusSize } from './search-data.js';

const SIZE: SearchCorpusSize = {
  incidents: Number(process.env.VIGIL_BENCH_INCIDENTS ?? 100_000),
  actsPerIncident: 10,
  people: Number(process.env.VIGIL_BENCH_PEOPLE ?? 200_000),
  facilities: 400,
};
const REPEATS = Number(process.env.VIGIL_BENCH_REPEATS ?? 15);
const PG_ADMIN = process.env.VIGIL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const root = path.resolve(process.env.VIGIL_BENCH_DIR ?? '.bench', 'search');
const stamp = `${SIZE.incidents}-${SIZE.people}-v3`;

const notVault = (name: string) => () => {
  throw new Error(`the search benchmark does not use the vault (${name})`);
};
const vault: VaultPort = {
  byId: async () => undefined,
  sourcesOf: notVault('sourcesOf'),
  batches: notVault('batches'),
  verifications: notVault('verifications'),
  derivedViews: notVault('derivedViews'),
  readRange: notVault('readRange'),
};

interface Query {
  label: string;
  url: (c: SearchCorpus) => string;
}

const QUERIES: Query[] = [
  { label: 'text: избиение (inflected)', url: () => '/api/incidents?q=избиение' },
  { label: 'text: избили', url: () => '/api/incidents?q=избили' },
  { label: 'text: пытки током', url: () => '/api/incidents?q=пытки%20током' },
  { label: 'text: beating', url: () => '/api/incidents?q=beating' },
  { label: 'text: electric shocks', url: () => '/api/incidents?q=electric%20shocks' },
  { label: 'text: душили пакетом', url: () => '/api/incidents?q=душили%20пакетом' },
  { label: 'text: карцер', url: () => '/api/incidents?q=карцер' },
  { label: 'name: Образцов', url: () => '/api/incidents?q=Образцов' },
  { label: 'name: Obraztsov Semyon', url: () => '/api/incidents?q=Obraztsov%20Semyon' },
  { label: 'name: Schablonow (German spelling)', url: () => '/api/incidents?q=Schablonow' },
  { label: 'people: Выдумкин Юлия', url: () => '/api/people?q=Выдумкин%20Юлия' },
  { label: 'facet: act type', url: () => '/api/incidents?actType=torture-electric-shocks' },
  { label: 'facet: region', url: (c) => `/api/incidents?region=${encodeURIComponent(c.regions[1]!)}` },
  { label: 'facet: year', url: () => '/api/incidents?year=2021' },
  { label: 'facet: facility', url: (c) => `/api/incidents?facility=${c.facilityIds[7]}` },
  { label: 'facet: intervention', url: () => '/api/incidents?intervention=criminal-case-opened' },
  { label: 'text + facets', url: (c) => `/api/incidents?q=избиение&actType=beating&year=2022&region=${encodeURIComponent(c.regions[0]!)}` },
  { label: 'text + has evidence', url: () => '/api/incidents?q=медицинской%20помощи&hasEvidence=true' },
  { label: 'text, by date, page 3', url: () => '/api/incidents?q=угрожали&sort=date-desc&offset=50' },
  { label: 'everything, by date', url: () => '/api/incidents?sort=date-desc' },
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function target(kind: 'sqlite' | 'postgres'): Promise<{ target: DatabaseTarget; fresh: boolean }> {
  if (kind === 'sqlite') {
    fs.mkdirSync(root, { recursive: true });
    const file = path.join(root, `search-${stamp}.db`);
    return { target: { kind: 'sqlite', file }, fresh: !fs.existsSync(file) };
  }
  const name = `vigil_bench_search_${stamp.replace(/-/g, '_')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  if (!exists) await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return { target: { kind: 'postgres', url: url.toString() }, fresh: !exists };
}

async function runOn(kind: 'sqlite' | 'postgres'): Promise<string[]> {
  const { target: dbTarget, fresh } = await target(kind);
  const database = openDatabase(dbTarget);
  await migrateToLatest(database.db);
  let corpus: SearchCorpus;
  if (
    fresh ||
    (
      await database.db
        .selectFrom('incidents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n === 0
  ) {
    const started = Date.now();
    corpus = await generateSearchCorpus(database.db, SIZE, (what) => process.stdout.write(`\r${kind}: ${what}…            `));
    await sql`analyze`.execute(database.db);
    process.stdout.write(`\r${kind}: corpus built in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  } else {
    const facilities = await database.db.selectFrom('facilities').select('id').orderBy('id').execute();
    const regions = await database.db.selectFrom('facilities').select('region').distinct().orderBy('region').execute();
    corpus = { incidentIds: [], facilityIds: facilities.map((f) => f.id), regions: regions.map((r) => r.region), compartments: ['cmp_000000000000000a'] };
  }
  const ids = (await database.db.selectFrom('incidents').select('id').where('compartment_id', 'is', null).orderBy('id').execute()).map((r) => r.id);

  const cases = openCases(database.db, vault, { organisation: 'Bench', passwordCost: { logN: 10 } });
  const app = await buildServer({ cases, organisation: 'Bench', logLevel: 'silent' });
  const secret = newTotpSecret();
  const username = `bench-${Date.now().toString(36)}`;
  const user = await cases.accounts.createUser({
    username,
    displayName: 'Bench',
    role: 'investigator',
    password: 'benchmark password only',
    totpSecret: secret,
  });
  await database.db.insertInto('compartment_members').values({ compartment_id: 'cmp_000000000000000a', user_id: user.id }).execute();
  const session = await cases.accounts.login(username, 'benchmark password only');
  await cases.accounts.verifySecondFactor(session.token, totpCode(secret));
  const get = async (url: string) => {
    const started = process.hrtime.bigint();
    const response = await app.inject({ method: 'GET', url, headers: { cookie: `vigil_session=${session.token}` } });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body.slice(0, 300)}`);
    return { ms, body: response.json() as { total?: number } };
  };

  const rssBefore = process.memoryUsage().rss;
  const load = await get('/api/incidents?q=warm');
  const loaded = `in-memory index: loaded in ${(load.ms / 1000).toFixed(1)} s, ${((process.memoryUsage().rss - rssBefore) / 2 ** 20).toFixed(0)} MiB more RSS`;
  const lines = [`### ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`, '', loaded, '', '| query | hits | p50 ms | p95 ms |', '| --- | ---: | ---: | ---: |'];
  const all: number[] = [];
  for (const query of QUERIES) {
    const url = query.url(corpus);
    await get(url);
    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < REPEATS; i++) {
      const { ms, body } = await get(url);
      times.push(ms);
      hits = body.total ?? 0;
    }
    all.push(...times);
    lines.push(`| ${query.label} | ${hits} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} |`);
  }
  const pages: number[] = [];
  for (let i = 0; i < REPEATS * 10; i++) pages.push((await get(`/api/incidents/${ids[(i * 7919) % ids.length]}`)).ms);
  lines.push(`| **all searches** | | **${percentile(all, 50).toFixed(1)}** | **${percentile(all, 95).toFixed(1)}** |`);
  lines.push(`| **incident page** (${pages.length} pages) | | **${percentile(pages, 50).toFixed(1)}** | **${percentile(pages, 95).toFixed(1)}** |`);
  lines.push('', `targets: search p95 ≤ 50 ms, incident page p95 ≤ 20 ms; peak RSS so far ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
  await app.close();
  await database.close();
  return lines;
}

console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, node ${process.version}`);
console.log(`corpus: ${SIZE.incidents} incidents, ~${SIZE.incidents * SIZE.actsPerIncident} acts, ${SIZE.people} people; ${REPEATS} runs of each query\n`);
const kinds = (process.env.VIGIL_BENCH_DATABASES ?? 'sqlite,postgres').split(',') as Array<'sqlite' | 'postgres'>;
for (const kind of kinds) console.log(`${(await runOn(kind)).join('\n')}\n`);

/**
 * npm run bench:match — screening a synthetic manifest against a watchlist with `vigil match screen` (the
 * CLI as it ships, timed under GNU time), then, on a subset, side by side with what a user would otherwise do:
 * every record against every watchlist row with plain Levenshtein on the lower-cased names.
 *
 * VIGIL_BENCH_WATCHLIST (default 1,000 people), VIGIL_BENCH_RECORDS (200,000), VIGIL_BENCH_SUBSET (10,000),
 * VIGIL_BENCH_TRUE_SHARE (0.02 of the records are watchlist people, written anew), VIGIL_BENCH_DIR (.bench).
 */
import fs from 'node:fs';
import path from 'node:path';
import { distance } from 'fastest-levenshtein';
import { stringify } from 'csv-stringify/sync';
import { MATCH_THRESHOLD, matchPeople, preparePerson, ScreeningService, type ScreeningReport } from '../src/people/index.js';
import { identityKey, noisyRecord, otherRecord, person, random, type BenchRecord, type Identity } from './match-data.js';
import { measure } from './measure.js';

const WATCHLIST = Number(process.env.VIGIL_BENCH_WATCHLIST ?? 1_000);
const RECORDS = Number(process.env.VIGIL_BENCH_RECORDS ?? 200_000);
const SUBSET = Math.min(RECORDS, Number(process.env.VIGIL_BENCH_SUBSET ?? 10_000));
const TRUE_SHARE = Number(process.env.VIGIL_BENCH_TRUE_SHARE ?? 0.02);
const dir = path.resolve(process.env.VIGIL_BENCH_DIR ?? '.bench', 'match');
const CLI = path.resolve('dist/bundle/cli/main.js');

function generate(): { watchlist: Identity[]; records: BenchRecord[] } {
  const rnd = random(20_251_206);
  const watchlist: Identity[] = [];
  const listed = new Set<string>();
  while (watchlist.length < WATCHLIST) {
    const p = person(rnd);
    if (listed.has(identityKey(p))) continue;
    listed.add(identityKey(p));
    watchlist.push(p);
  }
  const records: BenchRecord[] = [];
  while (records.length < RECORDS) {
    if (rnd() < TRUE_SHARE) {
      const truth = Math.floor(rnd() * watchlist.length);
      records.push(noisyRecord(watchlist[truth]!, truth, rnd));
      continue;
    }
    const p = person(rnd);
    // Someone with a watchlist person's name and date of birth is that person: draw another.
    if (!listed.has(identityKey(p))) records.push(otherRecord(p, rnd));
  }
  return { watchlist, records };
}

function writeFiles(watchlist: Identity[], records: BenchRecord[], subset: number): { watchlistCsv: string; recordsCsv: string; subsetCsv: string } {
  fs.mkdirSync(dir, { recursive: true });
  const watchlistCsv = path.join(dir, `watchlist-${WATCHLIST}.csv`);
  fs.writeFileSync(
    watchlistCsv,
    stringify([
      ['id', 'surname', 'given', 'patronymic', 'dob', 'nationality'],
      ...watchlist.map((p, i) => [`W${i}`, p.surname, p.given, p.patronymic, p.dob, 'RUS']),
    ]),
  );
  const rows = (list: BenchRecord[]) => stringify([['id', 'name', 'dob', 'flight'], ...list.map((r, i) => [`R${i}`, r.name, r.dob, `FV${1000 + (i % 300)}`])]);
  const recordsCsv = path.join(dir, `records-${RECORDS}.csv`);
  fs.writeFileSync(recordsCsv, rows(records));
  const subsetCsv = path.join(dir, `records-${subset}-subset.csv`);
  fs.writeFileSync(subsetCsv, rows(records.slice(0, subset)));
  return { watchlistCsv, recordsCsv, subsetCsv };
}

interface Quality {
  precision: number;
  recall: number;
  found: number;
  truePositives: number;
  /** False positives that share the watchlist person's surname and given name and have no date of birth. */
  namesakes: number;
}

/** Found pairs (record index, watchlist index) against the injected truth. */
function quality(found: Array<[number, number]>, records: BenchRecord[], watchlist: Identity[], count: number): Quality {
  const truth = records.slice(0, count).filter((r) => r.truth >= 0).length;
  let truePositives = 0;
  let namesakes = 0;
  for (const [r, w] of found) {
    if (records[r]!.truth === w) truePositives++;
    else if (records[r]!.dob === '' && sameName(records[r]!.name, watchlist[w]!)) namesakes++;
  }
  return {
    precision: found.length === 0 ? 1 : truePositives / found.length,
    recall: truth === 0 ? 1 : truePositives / truth,
    found: found.length,
    truePositives,
    namesakes,
  };
}

function sameName(written: string, p: Identity): boolean {
  const a = preparePerson({ name: written }).person;
  const b = preparePerson({ surname: p.surname, given: p.given }).person;
  return a !== undefined && b !== undefined && matchPeople(a, b).score === 1;
}

const pairsOf = (report: ScreeningReport): Array<[number, number]> => report.matches.map((m) => [m.record.line - 2, m.watchlist.line - 2]);

const cpuSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};
const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en')}/s`;

async function main(): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: npm run bench:match builds it`);
  const t0 = performance.now();
  const { watchlist, records } = generate();
  const files = writeFiles(watchlist, records, SUBSET);
  const truthCount = records.filter((r) => r.truth >= 0).length;
  console.log(
    `generated ${WATCHLIST.toLocaleString('en')} watchlist people and ${RECORDS.toLocaleString('en')} records (${truthCount.toLocaleString('en')} of them watchlist people written anew) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  // 1. The CLI as it ships, on the whole file.
  const out = path.join(dir, 'screen.json');
  const run = measure('vigil match screen', 'sh', [
    '-c',
    `"${process.execPath}" "${CLI}" match screen --watchlist "${files.watchlistCsv}" --records "${files.recordsCsv}" --json > "${out}"`,
  ]);
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as ScreeningReport;
  const whole = quality(pairsOf(report), records, watchlist, RECORDS);

  // 2. Recall lost to candidate generation: true pairs that score at the threshold but that blocking never scored.
  const found = new Set(report.matches.map((m) => `${m.record.line - 2}:${m.watchlist.line - 2}`));
  const preparedWatchlist = watchlist.map(
    (p) => preparePerson({ surname: p.surname, given: p.given, patronymic: p.patronymic, dob: p.dob, nationality: 'RUS' }).person!,
  );
  let scoringTruePairs = 0;
  let lostToBlocking = 0;
  for (const [i, r] of records.entries()) {
    if (r.truth < 0) continue;
    const record = preparePerson({ name: r.name, dob: r.dob }).person!;
    if (matchPeople(preparedWatchlist[r.truth]!, record).score < MATCH_THRESHOLD) continue;
    scoringTruePairs++;
    if (!found.has(`${i}:${r.truth}`)) lostToBlocking++;
  }

  // 3. The subset, in this process: Vigil's screening, then the naive way.
  const s0 = performance.now();
  const c0 = process.cpuUsage();
  const subsetReport = await new ScreeningService().screen({ watchlist: files.watchlistCsv, records: files.subsetCsv, threshold: MATCH_THRESHOLD });
  const oursSeconds = (performance.now() - s0) / 1000;
  const oursCpu = cpuSince(c0);
  const ours = quality(pairsOf(subsetReport), records, watchlist, SUBSET);

  const n0 = performance.now();
  const nc0 = process.cpuUsage();
  const watchNames = watchlist.map((p) => `${p.surname} ${p.given} ${p.patronymic}`.toLowerCase());
  const naiveFound: Array<[number, number]> = [];
  for (let r = 0; r < SUBSET; r++) {
    const name = records[r]!.name.toLowerCase();
    for (const [w, watchName] of watchNames.entries()) {
      if (1 - distance(name, watchName) / Math.max(name.length, watchName.length) >= MATCH_THRESHOLD) naiveFound.push([r, w]);
    }
  }
  const naiveSeconds = (performance.now() - n0) / 1000;
  const naiveCpu = cpuSince(nc0);
  const naive = quality(naiveFound, records, watchlist, SUBSET);

  const rows = [
    ['', 'records', 'seconds', 'CPU seconds', 'records/s', 'records/CPU s', 'pairs scored', 'pairs/s', 'precision', 'recall', 'peak RSS'],
    [
      `vigil match screen (CLI)`,
      RECORDS.toLocaleString('en'),
      run.seconds.toFixed(1),
      run.cpuSeconds.toFixed(1),
      rate(RECORDS, run.seconds),
      rate(RECORDS, run.cpuSeconds),
      report.summary.pairsScored.toLocaleString('en'),
      rate(report.summary.pairsScored, run.seconds),
      pct(whole.precision),
      pct(whole.recall),
      `${run.peakRssMiB.toFixed(0)} MiB`,
    ],
    [
      `screening, subset (in process)`,
      SUBSET.toLocaleString('en'),
      oursSeconds.toFixed(2),
      oursCpu.toFixed(2),
      rate(SUBSET, oursSeconds),
      rate(SUBSET, oursCpu),
      subsetReport.summary.pairsScored.toLocaleString('en'),
      rate(subsetReport.summary.pairsScored, oursSeconds),
      pct(ours.precision),
      pct(ours.recall),
      '',
    ],
    [
      `naive: every pair, Levenshtein`,
      SUBSET.toLocaleString('en'),
      naiveSeconds.toFixed(2),
      naiveCpu.toFixed(2),
      rate(SUBSET, naiveSeconds),
      rate(SUBSET, naiveCpu),
      (SUBSET * WATCHLIST).toLocaleString('en'),
      rate(SUBSET * WATCHLIST, naiveSeconds),
      pct(naive.precision),
      pct(naive.recall),
      '',
    ],
  ];
  console.log(`\n| ${rows[0]!.join(' | ')} |\n|${rows[0]!.map(() => ' --- ').join('|')}|`);
  for (const row of rows.slice(1)) console.log(`| ${row.join(' | ')} |`);
  console.log(
    `\nwhole file: ${whole.found} matches, ${whole.truePositives} true of ${truthCount}; of the ${whole.found - whole.truePositives} false, ${whole.namesakes} are namesakes with no date of birth (the same surname and given name: no method can tell them apart)`,
  );
  console.log(
    `recall lost to candidate generation: ${lostToBlocking} of the ${scoringTruePairs} true pairs that score ≥ ${MATCH_THRESHOLD} (${pct(scoringTruePairs === 0 ? 0 : lostToBlocking / scoringTruePairs)})`,
  );
  console.log(
    `subset: screening is ${(naiveSeconds / oursSeconds).toFixed(1)}× as fast as the naive way (${(naiveCpu / oursCpu).toFixed(1)}× in CPU time), recall ${pct(ours.recall)} against ${pct(naive.recall)}, precision ${pct(ours.precision)} against ${pct(naive.precision)}`,
  );
  console.log(
    `problems reported: ${report.problems.length}; columns not read: ${report.columns.map((c) => `${c.file}: ${c.ignored.join(', ') || 'none'}`).join('; ')}`,
  );
  console.log(`this process's peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}

await main();

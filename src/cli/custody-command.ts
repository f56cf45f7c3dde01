import fs from 'node:fs';
import type { Command } from 'commander';
import { checkProofObject } from '../custody/index.js';
import { findItem } from '../vault/index.js';
import { ItemRepository } from '../vault/index.js';
import { treeSize } from './parse-options.js';
import { printJson, unlock, withVigil } from './session.js';

export function registerCustody(program: Command): void {
  const custody = program.command('custody').description('the custody log: checkpoints, proofs, verification');
  custody
    .command('checkpoint')
    .description("sign the log's current size and root (and timestamp it when VIGIL_TSA_URL is set)")
    .option('--passphrase-file <file>', 'read the passphrase from a file')
    .option('--json', 'print JSON')
    .action(async (options: { passphraseFile?: string; json?: boolean }) => {
      await withVigil(async (vigil) => {
        const keys = await unlock(vigil, options);
        const cp = await vigil.custody.checkpoint(keys.custodySignerKey, vigil.config.tsaUrl);
        if (options.json)
          printJson({
            id: cp.id,
            treeSize: cp.tree_size,
            note: cp.note,
            timestamped: cp.timestamp_token !== null,
            cosignedBy: cp.cosignedBy,
            witnessProblems: cp.witnessProblems,
          });
        else {
          process.stdout.write(cp.note);
          if (cp.cosignedBy.length > 0) process.stdout.write(`(cosigned by ${cp.cosignedBy.join(', ')})\n`);
          if (cp.timestamp_token) process.stdout.write(`(timestamped by ${cp.tsa_url})\n`);
        }
        for (const problem of cp.witnessProblems) process.stderr.write(`vigil: checkpoint ${cp.id} is signed and kept, but not cosigned by ${problem}\n`);
        if (cp.timestampError) process.stderr.write(`vigil: checkpoint ${cp.id} is signed and kept, but not timestamped: ${cp.timestampError}\n`);
        if (cp.timestampError || cp.witnessProblems.length > 0) process.exitCode = 2;
      });
    });
  custody
    .command('prove')
    .description("print the inclusion proof of an item's ingest against the latest checkpoint")
    .argument('<id>', 'item id, unique id prefix, or SHA-256')
    .option('--json', 'print JSON (the format `vigil custody check-proof` reads)')
    .action(async (id: string, options: { json?: boolean }) => {
      await withVigil(async (vigil) => {
        const item = await findItem(new ItemRepository(vigil.database.db), id);
        await vigil.custody.assertAnchored();
        const bundle = { item: item.id, sha256: item.sha256, ...(await vigil.custody.proveLeaf(item.ingest_leaf)) };
        if (options.json) return printJson(bundle);
        process.stdout.write(
          `item ${item.id}: leaf ${bundle.leafIdx} of ${bundle.treeSize}, root ${bundle.root}\nproof:\n${bundle.proof.map((h) => `  ${h}\n`).join('')}`,
        );
      });
    });
  custody
    .command('consistency')
    .description('print the consistency proof between two sizes of the log')
    .argument('<size1>', 'the older size', treeSize)
    .argument('<size2>', 'the newer size', treeSize)
    .action(async (size1: number, size2: number) => {
      await withVigil(async (vigil) => printJson(await vigil.custody.proveConsistency(size1, size2)));
    });
  custody
    .command('check-proof')
    .description('check inclusion or consistency proofs offline (JSON files); exits 0 only if all are valid')
    .argument('<files...>', 'proof files')
    .action((files: string[]) => {
      let invalid = 0;
      for (const file of files) {
        try {
          const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
          const { kind } = checkProofObject(value);
          process.stdout.write(`${file}: valid ${kind} proof\n`);
        } catch (error) {
          invalid++;
          const reason = error instanceof SyntaxError ? `not JSON (${error.message})` : (error as Error).message;
          process.stdout.write(`${file}: invalid: ${reason}\n`);
        }
      }
      if (invalid > 0) process.exitCode = 1;
    });
  custody
    .command('verify')
    .description("recompute the whole log and check it against every checkpoint ever issued, the checkpoint file and the witnesses' cosignatures")
    .option('--trusted <file>', 'also prove the log extends this signed checkpoint (kept by a witness, a lawyer, or published)')
    .option('--json', 'print JSON')
    .action(async (options: { trusted?: string; json?: boolean }) => {
      await withVigil(async (vigil) => {
        const trusted = options.trusted === undefined ? undefined : readTrustedCheckpoint(options.trusted);
        const report = await vigil.custody.verifyLog({ trusted });
        if (options.json) printJson(report);
        else {
          for (const problem of report.problems) process.stdout.write(`FAIL ${problem}\n`);
          for (const notice of report.notices) process.stdout.write(`NOTE ${notice}\n`);
          const file = report.checkpointFile
            ? `the checkpoint file vouches for ${count(report.checkpointFile.leaves, 'leaf', 'leaves')}`
            : 'no checkpoint file yet';
          const witnesses = report.witnesses
            .map((w) => `, witness ${w.name} cosigned ${count(w.cosigned, 'checkpoint', 'checkpoints')}${w.holds === null ? '' : ` and holds size ${w.holds}`}`)
            .join('');
          for (const w of report.witnesses) if (w.unreachable) process.stderr.write(`vigil: ${w.unreachable}\n`);
          const from = report.trusted
            ? `, ${report.trusted.consistent ? 'extends' : 'does NOT extend'} the trusted checkpoint of size ${report.trusted.size}`
            : '';
          process.stdout.write(
            `${count(report.leaves, 'leaf', 'leaves')}, ${count(report.checkpoints, 'checkpoint', 'checkpoints')}, ${file}${witnesses}${from}: ${report.problems.length === 0 ? 'the log is intact' : count(report.problems.length, 'problem', 'problems')}\n`,
          );
        }
        if (report.problems.length > 0) process.exitCode = 1;
      });
    });
}

/** A signed checkpoint in a file: the note itself, or a proof bundle or package manifest that carries one. */
function readTrustedCheckpoint(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read --trusted ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  if (text.trimStart().startsWith('{')) {
    try {
      const value = JSON.parse(text) as { checkpoint?: unknown };
      if (typeof value.checkpoint === 'string') return value.checkpoint;
    } catch {
      // not JSON after all: read it as a note
    }
  }
  return text.replace(/\r\n/g, '\n');
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from '../../blobs/index.js';
import { assertRecipient } from '../../crypto/index.js';
import { createAgeEncryptStream } from '../../crypto/index.js';
import type { CustodyService } from '../../custody/index.js';
import type { CustodyEvent } from '../../custody/index.js';
import type { CheckpointWitness } from '../../custody/index.js';
import { newId } from '../../db/index.js';
import { splitVerifierKey, verifierKeyPem } from '../../custody/index.js';
import type { Item } from '../../db/index.js';
import type { ItemRepository } from '../item-repository.js';
import { findItem } from '../item-lookup.js';
import { plaintextOf } from '../plaintext-stream.js';
import { packageReadme } from './package-readme.js';
import { VERIFY_PROOF_PY } from './verify-proof-script.js';

export interface ExportOptions {
  outDir: string;
  to: string | null;
  identity: string;
  custodySignerKey: string;
  tsaUrl: URL | null;
  organisation: string;
  onItem?: (item: Item, file: string) => void;
}

export interface ExportResult {
  packageId: string;
  outDir: string;
  items: number;
  treeSize: number;
  /** Witnesses or the time-stamping authority that could not take part in the package's checkpoint. */
  checkpointWarnings: string[];
}

/** Writes an evidence package that a lawyer or court can check offline with standard tools. */
export class ExportService {
  constructor(
    private readonly items: ItemRepository,
    private readonly blobs: BlobStore,
    private readonly custody: CustodyService,
    private readonly verifierKey: string,
    private readonly witnesses: CheckpointWitness[],
  ) {}

  async export(refs: string[], options: ExportOptions): Promise<ExportResult> {
    if (refs.length === 0) throw new Error('name at least one item to export');
    if (options.to !== null) assertRecipient(options.to);
    // A package must never carry proofs of a log that no longer extends what was signed before.
    await this.custody.assertAnchored();
    const items = dedupe(await Promise.all(refs.map((ref) => findItem(this.items, ref))));
    const outDir = path.resolve(options.outDir);
    if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0) throw new Error(`${outDir} already exists and is not empty`);
    const partial = `${outDir}.partial-${process.pid}`;
    await fsp.rm(partial, { recursive: true, force: true });
    await fsp.mkdir(path.join(partial, 'files'), { recursive: true });
    await fsp.mkdir(path.join(partial, 'proofs'));
    const packageId = newId('pkg');
    try {
      const form = options.to === null ? 'plaintext' : 'age';
      const events: CustodyEvent[] = items.map((item) => ({
        event: 'exported',
        item: item.id,
        sha256: item.sha256,
        package: packageId,
        form,
        ...(options.to ? { recipient: options.to } : {}),
      }));
      await this.custody.record(events);
      const written: Array<{ item: Item; file: string; fileSha256: string }> = [];
      for (const item of items) {
        const file = await this.writeFile(item, partial, options);
        written.push(file);
        options.onItem?.(item, file.file);
      }
      const checkpoint = await this.custody.checkpoint(options.custodySignerKey, options.tsaUrl);
      const manifestItems = [];
      for (const { item, file } of written) {
        const proof = await this.custody.proveLeaf(item.ingest_leaf, checkpoint);
        await fsp.writeFile(path.join(partial, 'proofs', `${item.id}.json`), `${JSON.stringify({ item: item.id, sha256: item.sha256, ...proof }, null, 2)}\n`);
        await fsp.writeFile(path.join(partial, 'proofs', `${item.id}.leaf`), proof.leafData);
        const sources = await this.items.sourcesOf(item.id);
        manifestItems.push({
          id: item.id,
          sha256: item.sha256,
          size: item.size,
          mediaType: item.media_type,
          file,
          encryptedTo: options.to,
          foundAt: sources.map((s) => ({
            location: s.location,
            archive: s.entry_path ? s.file_path : null,
            mtime: s.mtime,
            ctime: s.ctime,
            atime: s.atime,
            birthtime: s.birthtime,
          })),
          custody: { leafIdx: proof.leafIdx, leaf: `proofs/${item.id}.leaf`, proof: `proofs/${item.id}.json` },
        });
      }
      await this.writeCustodyFiles(partial, checkpoint.note, checkpoint.timestamp_token);
      const cosignatures = await this.writeCosignatures(partial, checkpoint.note);
      const createdAt = new Date().toISOString();
      const manifest = {
        format: 'vigil-evidence-package/1',
        package: packageId,
        organisation: options.organisation,
        createdAt,
        custody: {
          checkpoint: 'checkpoint.txt',
          treeSize: checkpoint.tree_size,
          root: Buffer.from(checkpoint.root_hash, 'hex').toString('base64'),
          verifierKey: this.verifierKey,
          timestamp: checkpoint.timestamp_token ? 'checkpoint.tsr' : null,
          cosignatures,
        },
        items: manifestItems,
      };
      await fsp.writeFile(path.join(partial, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      await fsp.writeFile(path.join(partial, 'SHA256SUMS'), written.map((w) => `${w.fileSha256}  ${w.file}\n`).join(''));
      if (options.to !== null) {
        const plainSums = written.map((w) => `${w.item.sha256}  ${w.file.replace(/\.age$/, '')}\n`).join('');
        await fsp.writeFile(path.join(partial, 'PLAINTEXT-SHA256SUMS'), plainSums);
      }
      await fsp.writeFile(path.join(partial, 'verify_proof.py'), VERIFY_PROOF_PY, { mode: 0o755 });
      await fsp.writeFile(
        path.join(partial, 'README.txt'),
        packageReadme({
          organisation: options.organisation,
          createdAt,
          itemCount: items.length,
          encryptedTo: options.to,
          treeSize: checkpoint.tree_size,
          timestamped: checkpoint.timestamp_token !== null,
          cosignatures,
        }),
      );
      await fsp.rm(outDir, { recursive: true, force: true });
      await fsp.rename(partial, outDir);
      const checkpointWarnings = [...checkpoint.witnessProblems, ...(checkpoint.timestampError ? [`not timestamped: ${checkpoint.timestampError}`] : [])];
      return { packageId, outDir, items: items.length, treeSize: checkpoint.tree_size, checkpointWarnings };
    } catch (error) {
      await fsp.rm(partial, { recursive: true, force: true });
      throw error;
    }
  }

  private async writeFile(item: Item, dir: string, options: ExportOptions): Promise<{ item: Item; file: string; fileSha256: string }> {
    const sources = await this.items.sourcesOf(item.id);
    const name = safeName(sources[0]?.entry_path ?? sources[0]?.location ?? item.id);
    const file = `files/${item.id}/${name}${options.to !== null ? '.age' : ''}`;
    await fsp.mkdir(path.join(dir, 'files', item.id));
    const plainHash = crypto.createHash('sha256');
    const fileHash = crypto.createHash('sha256');
    const stages: NodeJS.ReadWriteStream[] = [tap(plainHash)];
    if (options.to !== null) stages.push(await createAgeEncryptStream([options.to]));
    stages.push(tap(fileHash));
    await pipeline([plaintextOf(item, this.blobs, options.identity), ...stages, fs.createWriteStream(path.join(dir, file), { mode: 0o600 })]);
    const plain = plainHash.digest('hex');
    if (plain !== item.sha256) throw new Error(`item ${item.id} does not match its recorded SHA-256 (run \`vigil verify ${item.id}\`): nothing was exported`);
    return { item, file, fileSha256: fileHash.digest('hex') };
  }

  /** Each witness's cosignature, split so that `openssl pkeyutl -verify` checks it. */
  private async writeCosignatures(dir: string, note: string): Promise<PackagedCosignature[]> {
    const packaged: PackagedCosignature[] = [];
    for (const witness of this.witnesses) {
      for (const evidence of witness.cosignatureEvidence(note)) {
        const folder = `witnesses/${safeName(witness.name.replace(/\//g, '_'))}`;
        await fsp.mkdir(path.join(dir, folder), { recursive: true });
        await fsp.writeFile(path.join(dir, folder, 'cosigned-message.txt'), evidence.message);
        await fsp.writeFile(path.join(dir, folder, 'cosignature.sig'), evidence.signature);
        await fsp.writeFile(path.join(dir, folder, 'witness-key.pem'), evidence.publicKeyPem);
        await fsp.writeFile(path.join(dir, folder, 'witness-verifier.txt'), `${witness.verifierKey}\n`);
        packaged.push({ witness: witness.name, verifierKey: witness.verifierKey, time: new Date(evidence.time * 1000).toISOString(), folder });
      }
    }
    return packaged;
  }

  private async writeCustodyFiles(dir: string, note: string, token: string | null): Promise<void> {
    const [body, signatures] = splitNote(note);
    const keyName = splitVerifierKey(this.verifierKey).name;
    const line = signatures.split('\n').find((l) => l.startsWith(`\u2014 ${keyName} `));
    if (!line) throw new Error('the checkpoint carries no signature by the custody key');
    const signature = Buffer.from(line.slice(`\u2014 ${keyName} `.length), 'base64').subarray(4);
    const pem = verifierKeyPem(this.verifierKey);
    await fsp.writeFile(path.join(dir, 'checkpoint.txt'), note);
    await fsp.writeFile(path.join(dir, 'checkpoint-body.txt'), body);
    await fsp.writeFile(path.join(dir, 'checkpoint.sig'), signature);
    await fsp.writeFile(path.join(dir, 'custody-key.pem'), pem);
    await fsp.writeFile(path.join(dir, 'custody-verifier.txt'), `${this.verifierKey}\n`);
    if (token) await fsp.writeFile(path.join(dir, 'checkpoint.tsr'), Buffer.from(token, 'base64'));
  }
}

/** What the package says of one witness's cosignature. */
export interface PackagedCosignature {
  witness: string;
  verifierKey: string;
  time: string;
  folder: string;
}

/** A signed note is its text, a blank line, then signature lines. */
function splitNote(note: string): [string, string] {
  const at = note.lastIndexOf('\n\n');
  return [note.slice(0, at + 1), note.slice(at + 2)];
}

function safeName(location: string): string {
  const base = location.split(/[\\/]/).filter(Boolean).pop() ?? 'item';
  const cleaned = base.replace(/[\u0000-\u001f<>:"|?*]/g, '_').replace(/^\.+/, '_');
  return cleaned === '' ? 'item' : cleaned.slice(0, 200);
}

function tap(hash: crypto.Hash): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
}

function dedupe(items: Item[]): Item[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
}

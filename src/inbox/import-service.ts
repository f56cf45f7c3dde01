import { createHash } from 'node:crypto';
import type { CustodyService } from '../custody/index.js';
import type { CustodyEvent } from '../custody/index.js';
import type { IngestService } from '../vault/index.js';
import type { SourceEntry } from '../vault/index.js';
import type { IntakeFileRow } from '../intake/index.js';
import { IntakeError } from '../intake/index.js';
import type { IntakeRepository } from '../intake/index.js';
import type { UploadStore } from '../intake/index.js';
import { JobCannotRunError, JobInterruptedError, type JobContext, type JobQueue, type JobView } from '../jobs/index.js';
import { intakeImportJob, type ImportDetail } from './import-job.js';
import { decryptingSource, type CiphertextReceipt } from './decrypting-source.js';
import { ManifestError, openManifest, type CheckedManifest } from './manifest.js';
import type { ImportStatus } from './inbox-schemas.js';

export type { ImportStatus };

/**
 * The import as one caller may see it: a file whose item is hidden from them (restricted evidence the vault
 * already held) names no item and reads as new, like a file the vault did not hold.
 */
export function importStatusFor(status: ImportStatus, hiddenItems: ReadonlySet<string>): ImportStatus {
  return {
    ...status,
    imported: status.imported.map((i) => (i.itemId !== null && hiddenItems.has(i.itemId) ? { fileId: i.fileId, itemId: null, status: 'new' } : i)),
  };
}

/** The handler's part of a job context: where to stop, where to report. */
export type ImportContext = Pick<JobContext, 'id' | 'signal' | 'progress'>;

const PROGRESS_EVERY_MS = 500;

/**
 * "Import into vault": each complete file's ciphertext is decrypted as it streams into the vault's ingest,
 * its SHA-256 checked against the manifest, and a `received` receipt appended to the custody log. It runs
 * as a job (`intake.import`, one per submission): any worker process may run it, its progress is stored
 * with the job, and an import stopped by a restart is resumed by the next worker (imported files are skipped).
 */
export class IntakeImportService {
  constructor(
    private readonly repo: IntakeRepository,
    private readonly store: UploadStore,
    private readonly ingest: IngestService,
    private readonly custody: CustodyService,
    private readonly identity: () => string,
    private readonly jobs: JobQueue,
    /** Told when an import has finished, with every item the submission's imports gave. */
    private readonly onImported: (submissionId: string, itemIds: string[]) => Promise<void> = async () => undefined,
  ) {}

  /** Queues the import of a submission (or finds the one queued or running) and says where it stands. */
  async start(submissionId: string): Promise<ImportStatus> {
    if (!(await this.repo.submission(submissionId))) throw new IntakeError(404, 'not-found', `no submission ${submissionId}`);
    const id = await this.jobs.send(intakeImportJob, { submissionId });
    return importStatusOf((await this.jobs.get(id))!);
  }

  /** The latest import of a submission, as stored with its job; null when none was ever started. */
  async status(submissionId: string): Promise<ImportStatus | null> {
    const job = await this.jobs.latest(intakeImportJob.name, submissionId);
    return job ? importStatusOf(job) : null;
  }

  /**
   * Forgets the imports of a deleted submission: their stored progress names the files, the items they became
   * and the reasons a file was refused, which must not outlive the submission. False while a worker runs one:
   * the submission must then stay until it has finished (its progress would outlive it).
   */
  async forget(submissionId: string): Promise<boolean> {
    return (await this.jobs.forget(intakeImportJob.name, submissionId)).running === 0;
  }

  /** Waits until the submission's import is no longer queued or running (tests). */
  async settled(submissionId: string, timeoutMs = 60_000): Promise<ImportStatus | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.status(submissionId);
      if (status?.state !== 'running') return status;
      if (Date.now() > deadline) throw new Error(`the import of ${submissionId} did not settle in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The job's work: imports what is not imported yet, storing progress as it goes. */
  async run(submissionId: string, context: ImportContext): Promise<void> {
    const earlier = ((await this.jobs.get(context.id))?.progress?.detail ?? null) as ImportDetail | null;
    const status: ImportStatus = {
      state: 'running',
      bytesDone: 0,
      bytesTotal: 0,
      filesDone: 0,
      filesTotal: 0,
      imported: earlier?.imported ?? [],
      problems: earlier?.problems ?? [],
      notes: earlier?.notes ?? [],
      error: null,
    };
    let last = 0;
    let saving: Promise<void> = Promise.resolve();
    const save = (force: boolean) => {
      if (!force && Date.now() - last < PROGRESS_EVERY_MS) return saving;
      last = Date.now();
      const detail: ImportDetail = {
        filesDone: status.filesDone,
        filesTotal: status.filesTotal,
        imported: status.imported,
        problems: status.problems,
        notes: status.notes,
      };
      const progress = { done: status.bytesDone, total: status.bytesTotal, message: `${status.filesDone} of ${status.filesTotal} files`, detail };
      saving = saving.then(() => context.progress(progress)).catch(() => undefined);
      return saving;
    };
    await this.importFiles(submissionId, status, context.signal, () => void save(false));
    await save(true);
    if (status.state === 'finished')
      await this.onImported(
        submissionId,
        status.imported.flatMap((i) => (i.itemId === null ? [] : [i.itemId])),
      );
    if (status.state === 'interrupted') throw new JobInterruptedError(`the import of ${submissionId} was stopped; it resumes when a worker takes it again`);
  }

  private async importFiles(submissionId: string, status: ImportStatus, signal: AbortSignal, changed: () => void): Promise<void> {
    // Deleted (or never there): no retry will find it.
    if (!(await this.repo.submission(submissionId))) throw new JobCannotRunError(`no submission ${submissionId}`);
    const identity = this.identity();
    const files = (await this.repo.filesOfSubmission(submissionId)).filter((f) => f.state === 'complete' && f.manifest_age);
    const byLocation = new Map<string, { file: IntakeFileRow; notes: string[] }>();
    const receipts = new Map<string, CiphertextReceipt>();
    const entries: SourceEntry[] = [];
    // Each file on its own: a description that cannot be read or used spoils that file only.
    for (const file of files) {
      let checked: CheckedManifest;
      try {
        checked = await openManifest(identity, file.manifest_age!);
      } catch (error) {
        await this.markDamaged(status, file.id, error instanceof ManifestError ? error.message : `its description cannot be read: ${(error as Error).message}`);
        continue;
      }
      const { manifest, notes } = checked;
      const location = `intake:${submissionId}/${file.id}/${manifest.name}`;
      byLocation.set(location, { file, notes });
      entries.push({
        location,
        filePath: `intake:${submissionId}/${file.id}`,
        entryPath: null,
        archiveFormat: null,
        size: manifest.size,
        timestamps: manifest.lastModified === null ? {} : { mtime: new Date(manifest.lastModified).toISOString() },
        sequential: true,
        open: async () => decryptingSource(this.store.read(file.id), identity, manifest.sha256, (r) => receipts.set(file.id, r)),
      });
    }
    const found: { location: string; itemId: string; sha256: string; size: number; status: 'new' | 'duplicate' | 'resumed' }[] = [];
    const problems: { location: string; reason: string }[] = [];
    const summary = await this.ingest.ingestEntries(`intake:${submissionId}`, entries, {
      signal,
      onProgress: (p) => {
        Object.assign(status, { bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, filesDone: p.filesDone, filesTotal: p.filesTotal });
        changed();
      },
      onItem: (item) => found.push({ location: item.paths[0]!, itemId: item.id, sha256: item.sha256, size: item.size, status: item.status }),
      onProblem: (problem) => problems.push({ location: problem.location, reason: problem.reason }),
    });
    const events: CustodyEvent[] = [];
    for (const item of found) {
      const { file } = byLocation.get(item.location)!;
      const receipt = receipts.get(file.id) ?? (await this.ciphertextReceipt(file.id));
      events.push({
        event: 'received',
        item: item.itemId,
        sha256: item.sha256,
        size: item.size,
        submission: submissionId,
        file: file.id,
        via: file.via,
        ciphertextSha256: receipt.sha256,
        ciphertextSize: receipt.size,
        receivedDay: file.completed_day ?? file.created_day,
      });
    }
    if (events.length > 0) await this.custody.record(events);
    for (const item of found) {
      const { file, notes } = byLocation.get(item.location)!;
      await this.repo.setFileState(file.id, 'imported', { item_id: item.itemId, problem: notes.length > 0 ? notes.join('; ') : null });
      status.imported = status.imported.filter((i) => i.fileId !== file.id);
      status.imported.push({ fileId: file.id, itemId: item.itemId, status: item.status === 'duplicate' ? 'duplicate' : 'new' });
      status.notes = status.notes.filter((n) => n.fileId !== file.id);
      for (const note of notes) status.notes.push({ fileId: file.id, note });
    }
    for (const problem of problems) {
      const entry = byLocation.get(problem.location);
      if (entry) await this.markDamaged(status, entry.file.id, problem.reason);
    }
    status.state = summary.status === 'interrupted' ? 'interrupted' : 'finished';
  }

  /** A file resumed from an earlier, interrupted import was not read this time: hash its ciphertext now. */
  private async ciphertextReceipt(fileId: string): Promise<CiphertextReceipt> {
    const hash = createHash('sha256');
    let size = 0;
    for await (const piece of this.store.read(fileId) as AsyncIterable<Buffer>) {
      hash.update(piece);
      size += piece.length;
    }
    return { sha256: hash.digest('hex'), size };
  }

  private async markDamaged(status: ImportStatus, fileId: string, reason: string): Promise<void> {
    await this.repo.setFileState(fileId, 'damaged', { problem: reason });
    status.problems = [...status.problems.filter((p) => p.fileId !== fileId), { fileId, reason }];
  }
}

/** A job as the import status the staff app shows: queued, retrying and active all read as running. */
export function importStatusOf(job: JobView): ImportStatus {
  const detail = (job.progress?.detail ?? null) as ImportDetail | null;
  const state: ImportStatus['state'] =
    job.state === 'done' ? 'finished' : job.state === 'parked' ? 'failed' : job.state === 'cancelled' ? 'interrupted' : 'running';
  return {
    state,
    bytesDone: job.progress?.done ?? 0,
    bytesTotal: job.progress?.total ?? 0,
    filesDone: detail?.filesDone ?? 0,
    filesTotal: detail?.filesTotal ?? 0,
    imported: detail?.imported ?? [],
    problems: detail?.problems ?? [],
    notes: detail?.notes ?? [],
    error: state === 'failed' ? job.lastError : null,
  };
}

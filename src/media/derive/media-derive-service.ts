import fs from 'node:fs';
import type { CustodyEvent } from '../../custody/index.js';
import { JobCannotRunError, JobInterruptedError } from '../../jobs/index.js';
import { InvalidInputError } from '../../shared/index.js';
import { derivedEntry, SourceUnreadableError, type IngestedItem, type PlaintextSource, type SourceEntry, type SourceProblem } from '../../vault/index.js';
import type { MediaAnalysisRepository } from '../media-analysis-repository.js';
import { mediaDeriveJob } from '../media-jobs.js';
import type { DerivedView, MediaAnalysis } from '../media-schemas.js';
import { MAX_IMAGE_FILE_BYTES } from '../media-hash-service.js';
import { serveOnLoopback, type SeekableSource } from '../probe/loopback-source.js';
import type { DerivedViewRepository } from './derived-view-repository.js';
import { imagePoster } from './image-poster.js';
import { removedMetadata } from './metadata-names.js';
import { imageMetadata, videoMetadata } from './read-metadata.js';
import { ToolOutputError, toolStream } from './tool-stream.js';
import { toolVersion } from './tool-versions.js';
import { INPUT, viewRecipes, type ViewKind, type ViewRecipe } from './view-recipes.js';
import { readWhole } from '../read-whole.js';

/** The vault as derivation asks it: each lending is a decryption in the custody log. */
export interface DeriveLender {
  lend(ref: string, identity: string, purpose: string): Promise<{ item: { id: string; sha256: string; size: number }; source: SeekableSource }>;
  describe(ref: string): Promise<{ item: { id: string } }>;
}

/** The vault's ingest, which seals each view as it streams from its tool and records it as a new item. */
export interface ViewIngest {
  ingestEntries(
    label: string,
    entries: SourceEntry[],
    options: { signal?: AbortSignal; onItem?: (item: IngestedItem) => void; onProblem?: (problem: SourceProblem) => void },
  ): Promise<{ status: 'finished' | 'interrupted' }>;
}

export interface DeriveParts {
  vault: DeriveLender;
  ingest: ViewIngest;
  custody: { record(events: CustodyEvent[]): Promise<number[]> };
  /** One transaction for a view's custody leaf and its row. */
  unit: { run<T>(work: () => Promise<T>): Promise<T> };
  views: DerivedViewRepository;
  analyses: MediaAnalysisRepository;
  /** A font ffmpeg may draw a contact sheet's times with; absent, the sheet has no text. */
  fontFile?: string | null;
}

export interface DeriveSummary {
  item: string;
  made: Array<{ kind: ViewKind; item: string }>;
  failed: Array<{ kind: ViewKind; reason: string }>;
  /** Views stored (or found impossible) before, not made again. */
  kept: ViewKind[];
}

/** A font Debian installs with fontconfig; a sheet without it has no times drawn on it. */
const DEFAULT_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';
const SWEEP_PAGE = 1000;

/**
 * Derived views of media items (the media.derive job): each made by a tool from the original's plaintext, lent on
 * the loopback or a pipe, into a pipe, sealed as it streams into a new vault item, and recorded in the custody log
 * as a `derived` leaf (tool, version, arguments; for a cleaned copy, what metadata it lost) in one transaction with
 * its row. A view already stored is not made again, so an interrupted derivation resumes where it stopped.
 */
export class MediaDeriveService {
  private readonly fontFile: string | null;

  constructor(private readonly parts: DeriveParts) {
    this.fontFile = parts.fontFile !== undefined ? parts.fontFile : fs.existsSync(DEFAULT_FONT) ? DEFAULT_FONT : null;
  }

  async derive(
    itemId: string,
    identity: string,
    options: { again?: boolean; signal?: AbortSignal; progress?: (done: number, total: number, message: string) => void } = {},
  ): Promise<DeriveSummary> {
    const { views, analyses, vault } = this.parts;
    const original = await views.originalOf(itemId);
    if (original !== null) throw new JobCannotRunError(`${itemId} is itself a view of ${original}: views are made of originals only`);
    const analysis = await analyses.get(itemId);
    const refusal = whyNoViews(itemId, analysis);
    if (refusal) throw new JobCannotRunError(refusal);
    const recipes = viewRecipes(analysis!.probe, { fontFile: this.fontFile });
    const existing = new Set((await views.of(itemId)).map((v) => v.kind));
    const todo = recipes.filter((r) => options.again || !existing.has(r.kind));
    const summary: DeriveSummary = { item: itemId, made: [], failed: [], kept: recipes.filter((r) => !todo.includes(r)).map((r) => r.kind) };
    if (todo.length === 0) return summary;

    const lent = await vault.lend(itemId, identity, 'media derivation');
    const stored: Array<{ recipe: ViewRecipe; item: IngestedItem }> = [];
    const failed: Array<{ recipe: ViewRecipe; reason: string }> = [];
    const report = (making?: ViewKind) =>
      options.progress?.(
        stored.length + failed.length,
        todo.length,
        making ? `making the ${making}` : `${stored.length + failed.length} of ${todo.length} views`,
      );
    const byLocation = new Map<string, ViewRecipe>();
    const entries = todo.map((recipe) => {
      const entry = derivedEntry(itemId, recipe.name, async () => {
        report(recipe.kind);
        return this.open(recipe, lent.source, options.signal);
      });
      byLocation.set(entry.location, recipe);
      return entry;
    });
    let status: 'finished' | 'interrupted';
    try {
      ({ status } = await this.parts.ingest.ingestEntries(`derived:${itemId}`, entries, {
        ...(options.signal ? { signal: options.signal } : {}),
        onItem: (item) => {
          stored.push({ recipe: byLocation.get(item.paths[0]!)!, item });
          report();
        },
        onProblem: (problem) => {
          const recipe = byLocation.get(problem.location);
          if (recipe) failed.push({ recipe, reason: problem.reason });
          report();
        },
      }));
    } catch (error) {
      if (options.signal?.aborted) status = 'interrupted';
      else throw error;
    }
    // What was stored is recorded even when the rest was interrupted: the next run does not make it again.
    const now = new Date().toISOString();
    const records: Array<{ view: DerivedView; event?: CustodyEvent }> = [];
    for (const { recipe, item } of stored) {
      const removed = recipe.kind === 'cleaned' ? await this.removedBy(analysis!, lent.source, item.id, identity, options.signal) : undefined;
      const view: DerivedView = {
        original: itemId,
        kind: recipe.kind,
        state: 'stored',
        item: item.id,
        mediaType: item.mediaType,
        size: item.size,
        tool: recipe.tool,
        toolVersion: await toolVersion(recipe.tool),
        parameters: recipe.args,
        ...(removed && 'names' in removed
          ? { removed: recipe.reencoded ? [`frame metadata, if any (${recipe.reencoded})`, ...removed.names] : removed.names }
          : {}),
        ...(removed && 'reason' in removed ? { reason: removed.reason } : {}),
        createdAt: now,
      };
      const event: CustodyEvent = {
        event: 'derived',
        item: item.id,
        sha256: item.sha256,
        size: item.size,
        from: itemId,
        fromSha256: lent.item.sha256,
        view: recipe.kind,
        tool: recipe.tool,
        toolVersion: view.toolVersion,
        parameters: recipe.args,
        ...(view.removed ? { removed: view.removed } : {}),
      };
      records.push({ view, event });
      summary.made.push({ kind: recipe.kind, item: item.id });
    }
    for (const { recipe, reason } of failed) {
      records.push({
        view: {
          original: itemId,
          kind: recipe.kind,
          state: 'failed',
          tool: recipe.tool,
          toolVersion: await toolVersion(recipe.tool),
          parameters: recipe.args,
          reason,
          createdAt: now,
        },
      });
      summary.failed.push({ kind: recipe.kind, reason });
    }
    await this.parts.unit.run(async () => {
      const events = records.flatMap((r) => (r.event ? [r.event] : []));
      if (events.length > 0) await this.parts.custody.record(events);
      for (const { view } of records) await views.save(view);
    });
    if (status === 'interrupted' || options.signal?.aborted) {
      throw new JobInterruptedError(`the derivation of ${itemId} was stopped after ${summary.made.length} view(s); it resumes when a worker takes it again`);
    }
    return summary;
  }

  /** Whether an analysis should be followed by views: a readable video or picture that is not itself a view. */
  async wantsViews(analysis: MediaAnalysis): Promise<boolean> {
    return whyNoViews(analysis.item, analysis) === null && (await this.parts.views.originalOf(analysis.item)) === null;
  }

  /** Sends the derivation of these items (`vigil media derive ID…`), after checking that each can have views. */
  async deriveItems(
    refs: string[],
    jobs: { send(kind: typeof mediaDeriveJob, payload: unknown): Promise<string> },
    options: { again?: boolean } = {},
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const ref of refs) {
      const id = (await this.parts.vault.describe(ref)).item.id;
      const original = await this.parts.views.originalOf(id);
      if (original !== null) throw new InvalidInputError(ref, `is a view of ${original}: views are made of originals only`);
      const refusal = whyNoViews(id, await this.parts.analyses.get(id));
      if (refusal) throw new InvalidInputError(ref, refusal.slice(id.length + 1));
      ids.push(id);
    }
    for (const itemId of ids) await jobs.send(mediaDeriveJob, { itemId, ...(options.again ? { again: true } : {}) });
    return ids;
  }

  /** Sends the derivation of every analysed video and picture that has no views yet; returns how many were sent. */
  async deriveSweep(jobs: { send(kind: typeof mediaDeriveJob, payload: unknown): Promise<string> }): Promise<number> {
    let sent = 0;
    let after: string | null = null;
    for (;;) {
      const page = await this.parts.views.underived(after, SWEEP_PAGE);
      for (const itemId of page) await jobs.send(mediaDeriveJob, { itemId });
      sent += page.length;
      if (page.length < SWEEP_PAGE) return sent;
      after = page[page.length - 1]!;
    }
  }

  /** An item's views, and the original it is a view of (when it is one). */
  async viewsOf(ref: string): Promise<{ item: string; views: DerivedView[]; viewOf: string | null }> {
    const id = (await this.parts.vault.describe(ref)).item.id;
    return { item: id, views: await this.parts.views.of(id), viewOf: await this.parts.views.originalOf(id) };
  }

  /** The view's bytes as its tool writes them; a failure of the tool is the file's (a problem the ingest records), one of the vault is not. */
  private async open(recipe: ViewRecipe, source: SeekableSource, signal: AbortSignal | undefined): Promise<PlaintextSource> {
    const abort = signal ? { signal } : {};
    if (recipe.tool === 'sharp') {
      if (source.size > MAX_IMAGE_FILE_BYTES)
        throw new SourceUnreadableError(`a picture of ${source.size} bytes is not made smaller (at most ${MAX_IMAGE_FILE_BYTES})`);
      const bytes = await readWhole(await source.range(0, source.size - 1));
      try {
        return once(await imagePoster(bytes));
      } catch (error) {
        throw error instanceof ToolOutputError ? new SourceUnreadableError(error.message) : error;
      } finally {
        bytes.fill(0);
      }
    }
    if (recipe.tool === 'exiftool') {
      const input = await source.range(0, source.size - 1);
      // A vault failure mid-way (a damaged blob) only cuts exiftool's input: it is kept, to fail the derivation.
      let failure: Error | null = null;
      input.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE' && error.name !== 'AbortError') failure ??= error;
      });
      return fileFault(
        toolStream('exiftool', recipe.args, { input, timeoutMs: recipe.timeoutMs, ...abort }),
        () => failure,
        async () => undefined,
      );
    }
    const lent = await serveOnLoopback(source);
    const args = recipe.args.map((arg) => (arg === INPUT ? lent.url : arg));
    const reason = (stderr: string) =>
      stderr
        .replaceAll(lent.env.http_proxy ?? lent.url, 'the lender')
        .replaceAll(lent.url, 'the file')
        .trim()
        .split('\n')
        .map((line) => line.replace(/^\[[^\]]*\]\s*/, '').trim())
        .filter(Boolean)
        .pop()
        ?.slice(0, 300) ?? '';
    return fileFault(toolStream('ffmpeg', args, { env: lent.env, timeoutMs: recipe.timeoutMs, reason, ...abort }), lent.sourceError, lent.close);
  }

  /** The names of the metadata the original holds and its cleaned copy does not, each read as its own lending. */
  private async removedBy(
    analysis: MediaAnalysis,
    original: SeekableSource,
    cleanedId: string,
    identity: string,
    signal: AbortSignal | undefined,
  ): Promise<{ names: string[] } | { reason: string }> {
    const read = analysis.probe.kind === 'image' ? imageMetadata : videoMetadata;
    try {
      const before = await read(original, signal);
      const cleaned = await this.parts.vault.lend(cleanedId, identity, 'media derivation check');
      return { names: removedMetadata(before, await read(cleaned.source, signal)) };
    } catch (error) {
      if (signal?.aborted) throw error;
      return { reason: `what was removed could not be listed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}

/** Why an item gets no views (not analysed, unreadable, not a video or picture), or null when it does. */
function whyNoViews(itemId: string, analysis: MediaAnalysis | null): string | null {
  if (analysis === null) return `${itemId} is not analysed yet: its views are made once it is`;
  if (analysis.state !== 'analysed') return `${itemId} is ${analysis.state}${analysis.reason ? ` (${analysis.reason})` : ''}: no views can be made of it`;
  if (analysis.probe.kind !== 'video' && analysis.probe.kind !== 'image') return `${itemId} is ${analysis.probe.kind}: views are made of videos and pictures`;
  return null;
}

/**
 * A tool's output as the ingest reads a source: the tool's own failure becomes SourceUnreadableError (the ingest
 * records it as the view's problem and goes on), unless the vault failed to give the plaintext (a damaged blob),
 * which fails the derivation.
 */
function fileFault(stream: AsyncIterable<Buffer> & { destroy(): void }, sourceError: () => Error | null, closeLent: () => Promise<void>): PlaintextSource {
  // Closed once, by the iteration's end or by destroy(): a generator returned before its first next() never
  // runs its finally, and the lent server (its token still valid) would go on listening.
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= closeLent());
  async function* pieces(): AsyncGenerator<Buffer> {
    try {
      yield* stream;
      // ffmpeg makes what it can of a cut input: a view of part of the plaintext is no view.
      const failure = sourceError();
      if (failure) throw failure;
    } catch (error) {
      const failure = sourceError();
      if (failure) throw failure;
      throw error instanceof ToolOutputError ? new SourceUnreadableError(error.message) : error;
    } finally {
      await close();
    }
  }
  const iterator = pieces();
  return {
    [Symbol.asyncIterator]: () => iterator,
    destroy: () => {
      stream.destroy();
      void iterator.return(undefined);
      void close();
    },
  };
}

function once(bytes: Buffer): PlaintextSource {
  async function* pieces(): AsyncGenerator<Buffer> {
    yield bytes;
  }
  const iterator = pieces();
  return { [Symbol.asyncIterator]: () => iterator, destroy: () => void iterator.return(undefined) };
}

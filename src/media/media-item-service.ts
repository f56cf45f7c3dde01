import { DERIVED_PREFIX } from '../vault/index.js';
import { InvalidInputError } from '../shared/index.js';
import { ImageDecodeError } from './image-pixels.js';
import { hashImageBytes, MAX_IMAGE_FILE_BYTES } from './media-hash-service.js';
import type { DuplicateClusters, ImageHash, MediaAnalysis, MediaProbe } from './media-schemas.js';
import { DUPLICATE_RADIUS, duplicateClusters } from './duplicate-clusters.js';
import type { MediaAnalysisRepository } from './media-analysis-repository.js';
import { mediaAnalyseJob } from './media-jobs.js';
import { JobInterruptedError, type JobKind } from '../jobs/index.js';
import { runTool, ToolNotInstalledError } from './probe/run-tool.js';
import { pdqOfImage } from './pdq/pdq-image.js';
import { FrameDecodeError, frameHashes, frameTimeoutMs } from './video/frame-hashes.js';
import { probeMedia } from './probe/media-probe.js';
import { burnedInTime, sampleTimes } from './ocr/burned-in-time.js';
import { OverlayDecodeError, type OverlayBands } from './ocr/overlay-bands.js';
import type { SeekableSource } from './probe/loopback-source.js';
import { readWhole } from './read-whole.js';

/** The vault, as media analysis asks it for an item's plaintext: the lending is a decryption in the custody log. */
export interface ItemLender {
  lend(ref: string, identity: string, purpose: string): Promise<{ item: { id: string; size: number }; source: SeekableSource }>;
  describe(ref: string): Promise<{ item: { id: string }; sources: Array<{ file_path: string }> }>;
}

/** Where analyses are sent: the job queue. */
export interface JobSender {
  send(kind: JobKind, payload: unknown): Promise<string>;
}

/** Items looked up at once by a sweep. */
const SWEEP_PAGE = 1000;
const PDQ_TOOL = 'Vigil PDQ 1 (ThreatExchange reference definition)';
let ffprobeVersion: Promise<string> | null = null;
let tesseractVersionAsked: Promise<string> | null = null;

/** Probes and hashes of vault items: the plaintext stays in memory and pipes; each look is in the custody log. */
export class MediaItemService {
  constructor(
    private readonly vault: ItemLender,
    private readonly analyses: MediaAnalysisRepository,
  ) {}

  /**
   * Analyses one item (the media.analyse job): probes it and, for a picture, hashes it, then stores the result.
   * A file no tool can read is stored as unreadable, with the reason: that is an answer, not a failure. When the
   * analysis itself fails on its last attempt, that is stored too, so that the sweep does not send it again.
   */
  async analyse(itemId: string, identity: string, options: { lastAttempt: boolean; signal?: AbortSignal }): Promise<MediaAnalysis> {
    const signal = options.signal ? { signal: options.signal } : {};
    try {
      const { item, source } = await this.vault.lend(itemId, identity, 'media analysis');
      const probe = await probeMedia({ source }, signal);
      const analysis: MediaAnalysis = {
        item: item.id,
        state: probe.readable ? 'analysed' : 'unreadable',
        probe,
        ...(probe.reason ? { reason: probe.reason } : {}),
        tools: { ffprobe: await toolVersion(), pdq: PDQ_TOOL, ocr: await tesseractVersion() },
        analysedAt: new Date().toISOString(),
      };
      // The strips a recorder prints its clock on come out of the frame pass, so that reading it decodes nothing again.
      let strips: OverlayBands[] | undefined;
      if (probe.readable && probe.kind === 'video') {
        try {
          const pass = await frameHashes(
            { source },
            { timeoutMs: frameTimeoutMs(probe.durationSeconds), overlayTimes: sampleTimes(probe.durationSeconds), ...signal },
          );
          strips = pass.overlays;
          await this.analyses.saveFrames(item.id, pass).catch((error: unknown) => {
            for (const strip of strips ?? []) [strip.top, strip.bottom].forEach((band) => band.pixels.fill(0));
            throw error;
          });
        } catch (error) {
          if (!(error instanceof FrameDecodeError)) throw error;
          analysis.reason = `the frames could not be hashed: ${error.message}`;
        }
      }
      if (probe.readable && probe.kind === 'image') {
        if (item.size > MAX_IMAGE_FILE_BYTES) analysis.reason = `a picture of ${item.size} bytes is not hashed (at most ${MAX_IMAGE_FILE_BYTES})`;
        else {
          const bytes = await readWhole(await source.range(0, item.size - 1));
          try {
            const { hash, quality, dihedral } = await pdqOfImage(bytes, { dihedral: true });
            analysis.pdq = { hash, quality, ...(dihedral ? { dihedral } : {}) };
          } catch (error) {
            if (!(error instanceof ImageDecodeError)) throw error;
            analysis.reason = `the picture could not be decoded for hashing: ${error.message}`;
          } finally {
            bytes.fill(0);
          }
        }
      }
      if (probe.readable && (probe.kind === 'video' || probe.kind === 'image')) {
        try {
          const printed = await burnedInTime(
            { source },
            { kind: probe.kind, durationSeconds: probe.durationSeconds },
            { ...signal, ...(strips ? { bands: strips } : {}) },
          );
          if (printed) analysis.burnedIn = printed;
        } catch (error) {
          // Without tesseract the rest of the analysis still stands: the printed time is said to be unread, and why.
          if (!(error instanceof OverlayDecodeError || (error instanceof ToolNotInstalledError && error.command === 'tesseract'))) throw error;
          analysis.reason = [analysis.reason, `the burned-in time could not be read: ${error.message}`].filter(Boolean).join('; ');
        }
      }
      await this.analyses.save(analysis);
      return analysis;
    } catch (error) {
      // The worker is stopping: the job goes back to the queue, to be done again from the start.
      if (options.signal?.aborted) throw new JobInterruptedError('the media analysis was interrupted: it starts again when a worker takes it');
      if (options.lastAttempt) {
        const reason = `the analysis failed: ${error instanceof Error ? error.message : String(error)}`;
        await this.analyses
          .save({ item: itemId, state: 'failed', reason, probe: { readable: false, kind: 'other', reason }, tools: {}, analysedAt: new Date().toISOString() })
          .catch(() => undefined); // an item that is not there has nothing to record against
      }
      throw error;
    }
  }

  /** Sends an analysis for every media item that has none yet; returns how many were sent. */
  async sweep(jobs: JobSender): Promise<number> {
    let sent = 0;
    let after: string | null = null;
    for (;;) {
      const page = await this.analyses.unanalysed(after, SWEEP_PAGE);
      for (const itemId of page) await jobs.send(mediaAnalyseJob, { itemId });
      sent += page.length;
      if (page.length < SWEEP_PAGE) return sent;
      after = page[page.length - 1]!;
    }
  }

  /** Sends these items' analyses again (`vigil media analyse ID…`), whatever they hold. */
  async analyseAgain(refs: string[], jobs: JobSender): Promise<string[]> {
    const ids: string[] = [];
    for (const ref of refs) {
      const { item, sources } = await this.vault.describe(ref);
      // A view (poster, proxy, cleaned copy) is made from its original's analysis, and is never analysed itself.
      if (sources.length > 0 && sources.every((s) => s.file_path.startsWith(DERIVED_PREFIX)))
        throw new InvalidInputError(
          'item',
          `${item.id} is a derived view (${sources[0]!.file_path.slice(DERIVED_PREFIX.length)} is its original): analyse the original`,
        );
      ids.push(item.id);
    }
    for (const itemId of ids) await jobs.send(mediaAnalyseJob, { itemId, again: true });
    return ids;
  }

  /**
   * Clusters of pictures and videos that are the same picture or share footage (see duplicateClusters), within
   * `radius` bits. With `keepOnly` (the items a viewer may see), no other item is there at all: nothing is joined through it.
   */
  async duplicates(options: { radius?: number; keepOnly?: ReadonlySet<string> } = {}): Promise<DuplicateClusters> {
    const radius = options.radius ?? DUPLICATE_RADIUS;
    if (!Number.isInteger(radius) || radius < 0 || radius > 64) throw new InvalidInputError('radius', 'is a whole number of bits from 0 to 64');
    const keep = options.keepOnly;
    return duplicateClusters(this.analyses, radius, (itemId) => keep === undefined || keep.has(itemId));
  }

  /** The stored analysis of an item, or null when it has none yet. */
  async analysisOf(ref: string): Promise<MediaAnalysis | null> {
    return this.analyses.get((await this.vault.describe(ref)).item.id);
  }

  counts(): Promise<{ analysed: number; unreadable: number; failed: number }> {
    return this.analyses.counts();
  }

  async probe(ref: string, identity: string): Promise<MediaProbe & { item: string }> {
    const { item, source } = await this.vault.lend(ref, identity, 'media probe');
    return { item: item.id, ...(await probeMedia({ source })) };
  }

  async hashImage(ref: string, identity: string, options: { dihedral?: boolean } = {}): Promise<ImageHash & { item: string }> {
    const { item, source } = await this.vault.lend(ref, identity, 'media hash');
    if (item.size === 0) throw new InvalidInputError(ref, 'is empty');
    if (item.size > MAX_IMAGE_FILE_BYTES) throw new InvalidInputError(ref, `is ${item.size} bytes; an image to hash is at most ${MAX_IMAGE_FILE_BYTES} bytes`);
    const bytes = await readWhole(await source.range(0, item.size - 1));
    try {
      return { item: item.id, ...(await hashImageBytes(bytes, ref, options)) };
    } finally {
      bytes.fill(0);
    }
  }
}

/** The version tesseract reports (`tesseract 5.3.0`), asked once a process. */
function tesseractVersion(): Promise<string> {
  tesseractVersionAsked ??= runTool('tesseract', ['--version'], { timeoutMs: 10_000 }).then(
    (run) => /^tesseract (\S+)/m.exec(run.stdout + run.stderr)?.[1] ?? 'unknown',
    () => 'unknown',
  );
  return tesseractVersionAsked;
}

/** The version ffprobe reports, asked once a process. */
function toolVersion(): Promise<string> {
  ffprobeVersion ??= runTool('ffprobe', ['-version'], { timeoutMs: 10_000 }).then(
    (run) => /^ffprobe version (\S+)/.exec(run.stdout)?.[1] ?? 'unknown',
    () => 'unknown',
  );
  return ffprobeVersion;
}

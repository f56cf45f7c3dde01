import { DERIVED_PREFIX } from '../vault/index.js';
import { InvalidInputError } from '../shared/index.js';
import { ImageDecodeError } from './image-pixels.js';
import { hashImageBytes, MAX_IMAGE_FILE_BYTES } from './media-hash-service.js';
import type { DuplicateClusters, ImageHash, MediaAnalysis, MediaProbe } from './media-schemas.js';
import { hammingDistance256 } from './pdq/hash256.js';
import { PdqIndex } from './pdq/pdq-index.js';
import { Clusters } from './clusters.js';
import type { MediaAnalysisRepository } from './media-analysis-repository.js';
import { mediaAnalyseJob } from './media-jobs.js';
import { JobInterruptedError, type JobKind } from '../jobs/index.js';
import { runTool, ToolNotInstalledError } from './probe/run-tool.js';
import { pdqOfImage } from './pdq/pdq-image.js';
import { FrameDecodeError, frameHashes, frameTimeoutMs } from './video/frame-hashes.js';
import { probeMedia } from './probe/media-probe.js';
import { tmkPairs } from './tmk/tmk-pairs.js';
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

/** PDQ's own guidance: hashes within 31 bits are the same picture; below quality 50 a hash is not to be matched on. */
export const DUPLICATE_RADIUS = 31;
const MIN_MATCH_QUALITY = 50;
/** Frames (one a second) two videos must share at one offset to be said to share a segment. */
const MIN_SEGMENT_FRAMES = 3;
/** A frame matching more of its own video's frames than this (itself included) is not used to align videos. */
const MOST_SELF_MATCHES = 3;
/** Matches of one hash followed (a frame's into other videos, a picture's): enough to link every copy through the others. */
const MOST_FRAME_MATCHES = 64;

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
          await this.analyses.saveFrames(item.id, pass);
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
   * Clusters of pictures that are the same picture: re-encoded, resized, recoloured a little, turned or
   * mirrored. Each item's eight orientations are looked up in an index of every picture's hash; two within
   * `radius` bits join one cluster (and so, transitively, do their neighbours). With `keepOnly` (the items a
   * viewer may see), no other item is there at all: nothing is joined through it.
   */
  async duplicates(options: { radius?: number; keepOnly?: ReadonlySet<string> } = {}): Promise<DuplicateClusters> {
    const radius = options.radius ?? DUPLICATE_RADIUS;
    if (!Number.isInteger(radius) || radius < 0 || radius > 64) throw new InvalidInputError('radius', 'is a whole number of bits from 0 to 64');
    const keep = options.keepOnly;
    const kept = (itemId: string) => keep === undefined || keep.has(itemId);
    const all = (await this.analyses.pictureHashes()).filter((p) => kept(p.itemId));
    const pictures = all.filter((p) => p.quality >= MIN_MATCH_QUALITY);
    const index = PdqIndex.fromHex(pictures.map((p) => p.pdq));
    const same = new Clusters(pictures.length);
    pictures.forEach((picture, i) => {
      for (const hash of [picture.pdq, ...Object.values(picture.dihedral ?? {})]) {
        // The nearest matches are enough to join every copy (through one another): a picture copied thousands of times stays linear.
        for (const match of index.query(hash, radius).slice(0, MOST_FRAME_MATCHES)) if (match.index !== i) same.join(i, match.index);
      }
    });
    const clusters = same.groups().map((members) => {
      const anchor = pictures[members[0]!]!;
      const orientations: Array<[string, string]> = [['original', anchor.pdq], ...Object.entries(anchor.dihedral ?? {})];
      return {
        items: members.map((m) => {
          const picture = pictures[m]!;
          const [orientation, distance] = orientations
            .map(([name, hash]): [string, number] => [name, hammingDistance256(hash, picture.pdq)])
            .reduce((best, next) => (next[1] < best[1] ? next : best));
          return { id: picture.itemId, paths: picture.paths, kind: 'picture' as const, pdq: picture.pdq, quality: picture.quality, distance, orientation };
        }),
        segments: [],
      };
    });
    const videos = await this.videoClusters(radius, kept);
    return { clusters: [...clusters, ...videos.clusters], radius, skippedLowQuality: all.length - pictures.length, skippedDamaged: videos.damaged };
  }

  /**
   * Videos that share footage: every frame hash of every video in one index; each frame's matches in other
   * videos vote for the offset between the two (this frame's time less that one's); an offset with at least
   * three frames behind it is a shared segment, from the first to the last frame that voted for it. Pairs whose
   * frames do not match are then compared by their TMK+PDQF fingerprints, which survive a crop or a mirror.
   */
  private async videoClusters(radius: number, kept: (itemId: string) => boolean): Promise<{ clusters: DuplicateClusters['clusters']; damaged: number }> {
    const stored = await this.analyses.videoFrames();
    const videos = stored.videos.filter((v) => kept(v.itemId));
    const damaged = stored.damaged;
    const owner: number[] = [];
    const time: number[] = [];
    const hashes: string[] = [];
    videos.forEach((video, v) => {
      for (const frame of video.frames) {
        if (frame.quality < MIN_MATCH_QUALITY) continue;
        owner.push(v);
        time.push(frame.t);
        hashes.push(frame.hash);
      }
    });
    const index = PdqIndex.fromHex(hashes);
    // Per (video a, video b, offset): how many frames voted for it, and the span they cover in each.
    const votes = new Map<string, { count: number; aFirst: number; aLast: number; bFirst: number; bLast: number }>();
    hashes.forEach((hash, f) => {
      const matches = index.query(hash, radius);
      // A frame like many others of its own video (a still scene, a fixed camera's empty corridor) says nothing
      // of which moment it is: two recordings of one empty room are not one recording. A frame like many frames
      // of other videos (a clip copied a thousand times) is kept to its nearest matches.
      if (matches.filter((m) => owner[m.index] === owner[f]).length > MOST_SELF_MATCHES) return;
      for (const match of matches.slice(0, MOST_FRAME_MATCHES)) {
        const a = owner[f]!;
        const b = owner[match.index]!;
        if (a >= b) continue; // each pair once, from its first video
        const key = `${a}:${b}:${Math.round(time[f]! - time[match.index]!)}`;
        const vote = votes.get(key);
        if (vote === undefined) votes.set(key, { count: 1, aFirst: time[f]!, aLast: time[f]!, bFirst: time[match.index]!, bLast: time[match.index]! });
        else {
          vote.count++;
          vote.aFirst = Math.min(vote.aFirst, time[f]!);
          vote.aLast = Math.max(vote.aLast, time[f]!);
          vote.bFirst = Math.min(vote.bFirst, time[match.index]!);
          vote.bLast = Math.max(vote.bLast, time[match.index]!);
        }
      }
    });
    const best = new Map<string, { count: number; aFirst: number; aLast: number; bFirst: number; bLast: number }>();
    for (const [key, vote] of votes) {
      const [a, b, offset] = key.split(':').map(Number) as [number, number, number];
      // Neighbouring offsets are one segment seen through frames a fraction of a second apart.
      const merged = { ...vote };
      for (const near of [votes.get(`${a}:${b}:${offset - 1}`), votes.get(`${a}:${b}:${offset + 1}`)]) {
        if (near === undefined) continue;
        merged.count += near.count;
        merged.aFirst = Math.min(merged.aFirst, near.aFirst);
        merged.aLast = Math.max(merged.aLast, near.aLast);
        merged.bFirst = Math.min(merged.bFirst, near.bFirst);
        merged.bLast = Math.max(merged.bLast, near.bLast);
      }
      const pair = `${a}:${b}`;
      if (merged.count >= MIN_SEGMENT_FRAMES && merged.count > (best.get(pair)?.count ?? 0)) best.set(pair, merged);
    }
    const shared = new Clusters(videos.length);
    const segments: Array<{ a: number; b: number; span: { count: number; aFirst: number; aLast: number; bFirst: number; bLast: number } }> = [];
    for (const [pair, span] of best) {
      const [a, b] = pair.split(':').map(Number) as [number, number];
      shared.join(a, b);
      segments.push({ a, b, span });
    }
    const averages = await this.analyses.tmkAverages(videos.map((v) => v.itemId));
    const fingerprinted = await tmkPairs(
      videos.map((v) => averages.get(v.itemId) ?? null),
      (i) => this.analyses.tmkFeatures(videos[i]!.itemId),
      shared,
    );
    const clusters = shared.groups().map((members) => ({
      items: members.map((m) => ({ id: videos[m]!.itemId, paths: videos[m]!.paths, kind: 'video' as const })),
      segments: segments
        .filter((s) => members.includes(s.a))
        .map(({ a, b, span }) => {
          const step = 1 / videos[a]!.fps;
          return {
            a: videos[a]!.itemId,
            b: videos[b]!.itemId,
            aStart: span.aFirst,
            aEnd: span.aLast + step,
            bStart: span.bFirst,
            bEnd: span.bLast + step,
            frames: span.count,
          };
        }),
      tmk: fingerprinted
        .filter((p) => members.includes(p.a))
        .map((p) => ({ a: videos[p.a]!.itemId, b: videos[p.b]!.itemId, level1: round3(p.level1), level2: round3(p.level2), mirrored: p.mirrored })),
    }));
    return { clusters, damaged };
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

function round3(score: number): number {
  return Math.round(score * 1000) / 1000;
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

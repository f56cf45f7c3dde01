import { Clusters } from './clusters.js';
import type { MediaAnalysisRepository } from './media-analysis-repository.js';
import type { DuplicateClusters } from './media-schemas.js';
import { hammingDistance256 } from './pdq/hash256.js';
import { PdqIndex } from './pdq/pdq-index.js';
import { tmkPairs } from './tmk/tmk-pairs.js';

/** PDQ's own guidance: hashes within 31 bits are the same picture; below quality 50 a hash is not to be matched on. */
export const DUPLICATE_RADIUS = 31;
const MIN_MATCH_QUALITY = 50;
/** Frames (one a second) two videos must share at one offset to be said to share a segment. */
const MIN_SEGMENT_FRAMES = 3;
/** A frame matching more of its own video's frames than this (itself included) is not used to align videos. */
const MOST_SELF_MATCHES = 3;
/** Matches of one hash followed (a frame's into other videos, a picture's): enough to link every copy through the others. */
const MOST_FRAME_MATCHES = 64;

type Stored = Pick<MediaAnalysisRepository, 'pictureHashes' | 'videoFrames' | 'tmkAverages' | 'tmkFeatures'>;
type Picture = Awaited<ReturnType<Stored['pictureHashes']>>[number];
type Video = Awaited<ReturnType<Stored['videoFrames']>>['videos'][number];
interface Span {
  count: number;
  aFirst: number;
  aLast: number;
  bFirst: number;
  bLast: number;
}
type Cluster = DuplicateClusters['clusters'][number];
type Still = NonNullable<Cluster['stills']>[number];

/**
 * Clusters of pictures and videos that are the same picture or share footage, over one numbering: pictures first,
 * then videos. Pictures join through their hashes in any of eight orientations; videos through frames that match at
 * one offset (the shared segment) or through their TMK+PDQF fingerprints (a crop, a mirror); a picture joins a video
 * when it is one of its frames (a still taken from the footage), which says where. With `kept` false for an item
 * (one the viewer may not see), that item is not there at all: nothing is joined through it.
 */
export async function duplicateClusters(stored: Stored, radius: number, kept: (itemId: string) => boolean): Promise<DuplicateClusters> {
  const all = (await stored.pictureHashes()).filter((p) => kept(p.itemId));
  const pictures = all.filter((p) => p.quality >= MIN_MATCH_QUALITY);
  const frames = await storedFrames(stored, kept);
  const { videos } = frames;
  const joint = new Clusters(pictures.length + videos.length);
  const videoNode = (v: number) => pictures.length + v;

  const pictureIndex = PdqIndex.fromHex(pictures.map((p) => p.pdq));
  pictures.forEach((picture, i) => {
    for (const hash of orientationHashes(picture)) {
      // The nearest matches are enough to join every copy (through one another): a picture copied thousands of times stays linear.
      for (const match of pictureIndex.query(hash, radius).slice(0, MOST_FRAME_MATCHES)) if (match.index !== i) joint.join(i, match.index);
    }
  });

  const telling = new Array<boolean>(frames.hashes.length).fill(false);
  const segments = sharedSegments(frames, radius, telling);
  for (const { a, b } of segments) joint.join(videoNode(a), videoNode(b));
  const averages = await stored.tmkAverages(videos.map((v) => v.itemId));
  const fingerprinted = await tmkPairs(
    videos.map((v) => averages.get(v.itemId) ?? null),
    (i) => stored.tmkFeatures(videos[i]!.itemId),
    { same: (a, b) => joint.same(videoNode(a), videoNode(b)), join: (a, b) => joint.join(videoNode(a), videoNode(b)) },
  );

  const stills = stillsOfVideos(pictures, frames, telling, radius);
  for (const still of stills) joint.join(still.picture, videoNode(still.video));

  const clusters = joint.groups().map((members): Cluster => {
    const inCluster = new Set(members);
    const pictureMembers = members.filter((m) => m < pictures.length);
    const videoMembers = members.filter((m) => m >= pictures.length).map((m) => m - pictures.length);
    const cluster: Cluster = {
      items: [
        ...describePictures(pictureMembers.map((m) => pictures[m]!)),
        ...videoMembers.map((v) => ({ id: videos[v]!.itemId, paths: videos[v]!.paths, kind: 'video' as const })),
      ],
      segments: segments
        .filter((s) => inCluster.has(videoNode(s.a)))
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
    };
    const pairs = fingerprinted.filter((p) => inCluster.has(videoNode(p.a)));
    if (videoMembers.length > 0)
      cluster.tmk = pairs.map((p) => ({
        a: videos[p.a]!.itemId,
        b: videos[p.b]!.itemId,
        level1: round3(p.level1),
        level2: round3(p.level2),
        mirrored: p.mirrored,
      }));
    const seen: Still[] = stills
      .filter((s) => inCluster.has(s.picture))
      .map((s) => ({ picture: pictures[s.picture]!.itemId, video: videos[s.video]!.itemId, at: s.at, distance: s.distance, orientation: s.orientation }));
    if (seen.length > 0) cluster.stills = seen;
    return cluster;
  });
  return { clusters, radius, skippedLowQuality: all.length - pictures.length, skippedDamaged: frames.damaged };
}

/** A picture's hash and its seven turned and mirrored ones, with their names. */
function orientations(picture: Picture): Array<[string, string]> {
  return [['original', picture.pdq], ...Object.entries(picture.dihedral ?? {})];
}

function orientationHashes(picture: Picture): string[] {
  return orientations(picture).map(([, hash]) => hash);
}

/** Each picture with its distance from the first, in the orientation that matches best. */
function describePictures(members: Picture[]): Cluster['items'] {
  const anchor = members[0];
  if (!anchor) return [];
  const turned = orientations(anchor);
  return members.map((picture) => {
    const [orientation, distance] = turned
      .map(([name, hash]): [string, number] => [name, hammingDistance256(hash, picture.pdq)])
      .reduce((best, next) => (next[1] < best[1] ? next : best));
    return { id: picture.itemId, paths: picture.paths, kind: 'picture' as const, pdq: picture.pdq, quality: picture.quality, distance, orientation };
  });
}

interface Frames {
  videos: Video[];
  damaged: number;
  index: PdqIndex;
  owner: number[];
  time: number[];
  hashes: string[];
}

/** Every frame hash of every video the viewer may see, of quality enough, in one index. */
async function storedFrames(stored: Stored, kept: (itemId: string) => boolean): Promise<Frames> {
  const found = await stored.videoFrames();
  const videos = found.videos.filter((v) => kept(v.itemId));
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
  return { videos, damaged: found.damaged, index: PdqIndex.fromHex(hashes), owner, time, hashes };
}

/**
 * Segments two videos share: each frame's matches in other videos vote for the offset between the two (this frame's
 * time less that one's); an offset with at least three frames behind it is a shared segment, from the first to the
 * last frame that voted for it. One segment a pair, the best. Marks in `telling` the frames that say which moment
 * of their video they are.
 */
function sharedSegments({ index, owner, time, hashes }: Frames, radius: number, telling: boolean[]): Array<{ a: number; b: number; span: Span }> {
  const votes = new Map<string, Span>();
  hashes.forEach((hash, f) => {
    const matches = index.query(hash, radius);
    // A frame like many others of its own video (a still scene, a fixed camera's empty corridor) says nothing
    // of which moment it is: two recordings of one empty room are not one recording, nor joined through a still of it.
    telling[f] = matches.filter((m) => owner[m.index] === owner[f]).length <= MOST_SELF_MATCHES;
    if (!telling[f]) return;
    // A frame like many frames of other videos (a clip copied a thousand times) is kept to its nearest matches.
    for (const match of matches.slice(0, MOST_FRAME_MATCHES)) {
      const a = owner[f]!;
      const b = owner[match.index]!;
      if (a >= b) continue; // each pair once, from its first video
      const key = `${a}:${b}:${Math.round(time[f]! - time[match.index]!)}`;
      const vote = votes.get(key);
      const one = { count: 1, aFirst: time[f]!, aLast: time[f]!, bFirst: time[match.index]!, bLast: time[match.index]! };
      if (vote === undefined) votes.set(key, one);
      else widen(vote, one);
    }
  });
  const best = new Map<string, Span>();
  for (const [key, vote] of votes) {
    const [a, b, offset] = key.split(':').map(Number) as [number, number, number];
    // Neighbouring offsets are one segment seen through frames a fraction of a second apart.
    const merged = { ...vote };
    for (const near of [votes.get(`${a}:${b}:${offset - 1}`), votes.get(`${a}:${b}:${offset + 1}`)]) if (near !== undefined) widen(merged, near);
    const pair = `${a}:${b}`;
    if (merged.count >= MIN_SEGMENT_FRAMES && merged.count > (best.get(pair)?.count ?? 0)) best.set(pair, merged);
  }
  return [...best].map(([pair, span]) => {
    const [a, b] = pair.split(':').map(Number) as [number, number];
    return { a, b, span };
  });
}

function widen(span: Span, by: Span): void {
  span.count += by.count;
  span.aFirst = Math.min(span.aFirst, by.aFirst);
  span.aLast = Math.max(span.aLast, by.aLast);
  span.bFirst = Math.min(span.bFirst, by.bFirst);
  span.bLast = Math.max(span.bLast, by.bLast);
}

/**
 * Pictures that are a frame of a video (a still taken from the footage, a screenshot of a player): the picture's
 * hashes, in its eight orientations, against every telling frame; for each video, the closest frame (the earliest of
 * equals).
 */
function stillsOfVideos(
  pictures: Picture[],
  { index, owner, time }: Frames,
  telling: boolean[],
  radius: number,
): Array<{ picture: number; video: number; at: number; distance: number; orientation: string }> {
  const stills: Array<{ picture: number; video: number; at: number; distance: number; orientation: string }> = [];
  pictures.forEach((picture, p) => {
    const closest = new Map<number, { at: number; distance: number; orientation: string }>();
    for (const [orientation, hash] of orientations(picture)) {
      for (const match of index.query(hash, radius)) {
        if (!telling[match.index]) continue;
        const video = owner[match.index]!;
        const at = time[match.index]!;
        const known = closest.get(video);
        if (known === undefined || match.distance < known.distance || (match.distance === known.distance && at < known.at))
          closest.set(video, { at, distance: match.distance, orientation });
      }
    }
    const nearest = [...closest].sort((x, y) => x[1].distance - y[1].distance).slice(0, MOST_FRAME_MATCHES);
    for (const [video, found] of nearest) stills.push({ picture: p, video, ...found });
  });
  return stills;
}

function round3(score: number): number {
  return Math.round(score * 1000) / 1000;
}

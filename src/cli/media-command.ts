import { InvalidArgumentError, type Command } from 'commander';
import { MediaHashService } from '../media/index.js';
import { printJson, unlock, withVigil } from './session.js';
import { openJobs } from '../app/index.js';
import type { BurnedInTime, ImageHash, MediaProbe, VideoFingerprint } from '../media/index.js';
import { counted } from './counted.js';

export function registerMedia(program: Command): void {
  const media = program.command('media').description('what media files show');
  media
    .command('hash')
    .description(
      "an image's PDQ perceptual hash and quality, or a video's fingerprint (frames hashed, TMK+PDQF summed up): of a file (nothing is stored or logged) or, with --item, of a vault image (a decryption in the custody log)",
    )
    .argument(
      '<file>',
      'an image (JPEG, PNG, WebP, GIF, TIFF, HEIF, AVIF, JPEG 2000, JPEG XL) or a video, or with --item an item id, unique id prefix or SHA-256',
    )
    .option('--item', 'the argument names a vault item')
    .option('--passphrase-file <file>', 'read the passphrase from a file (with --item)')
    .option('--dihedral', 'also the hashes of the image turned and mirrored')
    .option(
      '--json',
      "print JSON: {pdq, quality, format, width, height} for an image; {kind: 'video', duration, fps, framesHashed, framesMatchable, tmk} for a video",
    )
    .action(async (file: string, options: { item?: boolean; passphraseFile?: string; dihedral?: boolean; json?: boolean }) => {
      const dihedral = options.dihedral ?? false;
      const hash: ImageHash | VideoFingerprint = options.item
        ? await withVigil(async (vigil) => vigil.media.hashImage(file, (await unlock(vigil, options)).identity, { dihedral }))
        : await new MediaHashService().hashFile(file, { dihedral });
      if (options.json) return printJson(hash);
      if ('kind' in hash) {
        const { tmk } = hash;
        process.stdout.write(
          `${file}: video, ${hash.duration?.toFixed(3) ?? '?'} s, ${hash.framesHashed} frames hashed (${hash.framesMatchable} clear enough to match), ${tmk.algorithm} of ${tmk.frames} frames, stillness ${tmk.stillness}\n`,
        );
        return;
      }
      process.stdout.write(`${hash.pdq}  quality ${hash.quality}  ${hash.format} ${hash.width}×${hash.height}  ${file}\n`);
      for (const [name, value] of Object.entries(hash.dihedral ?? {})) process.stdout.write(`${value}  ${name}\n`);
    });
  media
    .command('probe')
    .description('what a media file is and records of itself (container, codecs, duration, size, creation time, device, place), without touching the vault')
    .argument('<file>', 'a video, audio file or image, or with --item an item id, unique id prefix or SHA-256')
    .option('--item', 'the argument names a vault item (its plaintext is lent to ffprobe on the loopback; a decryption in the custody log)')
    .option('--passphrase-file <file>', 'read the passphrase from a file (with --item)')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { item?: boolean; passphraseFile?: string; json?: boolean }) => {
      const probe: MediaProbe = options.item
        ? await withVigil(async (vigil) => vigil.media.probe(file, (await unlock(vigil, options)).identity))
        : await new MediaHashService().probeFile(file);
      if (options.json) return printJson(probe);
      if (!probe.readable) {
        process.stdout.write(`${file}: not readable: ${probe.reason}\n`);
        process.exitCode = 2;
        return;
      }
      const lines = [`${file}: ${probe.kind}, ${probe.container}`];
      if (probe.durationSeconds !== undefined) lines.push(`  duration ${probe.durationSeconds.toFixed(3)} s`);
      if (probe.video)
        lines.push(
          `  ${probe.kind === 'image' ? 'picture' : 'video  '}  ${probe.video.codec} ${probe.video.width}×${probe.video.height}${probe.video.frameRate ? ` at ${probe.video.frameRate} frames/s` : ''}`,
        );
      if (probe.audio)
        lines.push(
          `  audio    ${probe.audio.codec}${probe.audio.channels ? `, ${probe.audio.channels} channel${probe.audio.channels === 1 ? '' : 's'}` : ''}${probe.audio.sampleRate ? `, ${probe.audio.sampleRate} Hz` : ''}`,
        );
      if (probe.recordedAt) lines.push(`  recorded ${probe.recordedAt} (as the file says)`);
      if (probe.device) lines.push(`  device   ${[probe.device.make, probe.device.model].filter(Boolean).join(' ')}`);
      if (probe.location)
        lines.push(
          `  place    ${probe.location.latitude}, ${probe.location.longitude}${probe.location.altitudeMetres !== undefined ? `, ${probe.location.altitudeMetres} m` : ''}`,
        );
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  media
    .command('timestamps')
    .description(
      "the date and time a CCTV recorder printed on the picture (and the camera name beside it), read by OCR from a few frames and checked against the clock running with the video, without touching the vault. The time is ISO 8601 without a time zone: a recorder's clock has none",
    )
    .argument('<file>', 'a video or a picture')
    .option('--json', 'print JSON: {start, confidence, camera?}; start is null (and confidence 0) when no clock was found')
    .action(async (file: string, options: { json?: boolean }) => {
      const printed = await new MediaHashService().burnedInTimeOfFile(file);
      if (options.json) return printJson(printed ?? { start: null, confidence: 0 });
      if (printed === null) process.stdout.write(`${file}: no burned-in date and time found\n`);
      else process.stdout.write(`${file}: ${burnedInLine(printed)}\n`);
    });
  media
    .command('analyse')
    .description(
      'queue the analysis of vault items (probe; PDQ of pictures): of the items given, again, or else of every media item not yet analysed; `vigil worker` or `vigil serve` runs it',
    )
    .argument('[ids...]', 'item ids, unique id prefixes or SHA-256s')
    .option('--json', 'print JSON')
    .action(async (ids: string[], options: { json?: boolean }) => {
      await withVigil(async (vigil) => {
        const queue = await openJobs(vigil, { schedules: false });
        try {
          const sent = ids.length > 0 ? (await vigil.media.analyseAgain(ids, queue)).length : await vigil.media.sweep(queue);
          if (options.json) return printJson({ queued: sent });
          process.stdout.write(`${counted(sent, 'item')} queued for analysis; \`vigil jobs\` shows the queue, \`vigil worker\` or \`vigil serve\` works it.\n`);
        } finally {
          await queue.close();
        }
      });
    });
  media
    .command('derive')
    .description(
      'queue the derived views (poster, keyframe strip, contact sheet, 480p proxy, cleaned copy) of analysed videos and pictures: of the items given, or else of every one that has none; views already stored are kept unless --again',
    )
    .argument('[ids...]', 'item ids, unique id prefixes or SHA-256s')
    .option('--again', 'make every view again (the earlier ones stay in the vault)')
    .option('--json', 'print JSON')
    .action(async (ids: string[], options: { again?: boolean; json?: boolean }) => {
      await withVigil(async (vigil) => {
        const queue = await openJobs(vigil, { schedules: false });
        try {
          const sent =
            ids.length > 0
              ? (await vigil.mediaViews.deriveItems(ids, queue, { again: options.again ?? false })).length
              : await vigil.mediaViews.deriveSweep(queue);
          if (options.json) return printJson({ queued: sent });
          process.stdout.write(
            `${counted(sent, 'item')} queued for derived views; \`vigil jobs\` shows the queue, \`vigil worker\` or \`vigil serve\` works it.\n`,
          );
        } finally {
          await queue.close();
        }
      });
    });
  media
    .command('show')
    .description("a vault item's stored analysis and derived views (or, for a view, the item it was made of)")
    .argument('<id>', 'item id, unique id prefix or SHA-256')
    .option(
      '--json',
      'print JSON: the analysis (null when there is none) and {views: [{kind, state, item, size, tool, toolVersion, parameters, removed?, reason?}], viewOf}',
    )
    .action(async (id: string, options: { json?: boolean }) => {
      await withVigil(async (vigil) => {
        const analysis = await vigil.media.analysisOf(id);
        const { item, views, viewOf } = await vigil.mediaViews.viewsOf(id);
        if (options.json) return printJson({ item, analysis, views, viewOf });
        if (viewOf !== null) process.stdout.write(`${item}: a derived view of ${viewOf} (\`vigil media show ${viewOf}\`)\n`);
        if (analysis === null) {
          if (viewOf === null) process.stdout.write(`${id}: not analysed yet (\`vigil media analyse ${id}\` queues it)\n`);
          return;
        }
        const { probe } = analysis;
        const lines = [`${analysis.item}: ${analysis.state}, ${probe.kind}${probe.container ? `, ${probe.container}` : ''}, ${analysis.analysedAt}`];
        if (analysis.reason) lines.push(`  reason   ${analysis.reason}`);
        if (probe.durationSeconds !== undefined) lines.push(`  duration ${probe.durationSeconds.toFixed(3)} s`);
        if (probe.video)
          lines.push(
            `  ${probe.kind === 'image' ? 'picture' : 'video  '}  ${probe.video.codec} ${probe.video.width}×${probe.video.height}${probe.video.frameRate ? ` at ${probe.video.frameRate} frames/s` : ''}`,
          );
        if (probe.recordedAt) lines.push(`  recorded ${probe.recordedAt} (as the file says)`);
        if (analysis.burnedIn) lines.push(`  printed  ${burnedInLine(analysis.burnedIn)}`);
        if (analysis.pdq) lines.push(`  pdq      ${analysis.pdq.hash} (quality ${analysis.pdq.quality})`);
        for (const view of views) {
          if (view.state === 'failed') lines.push(`  ${view.kind.padEnd(8)} not made: ${view.reason ?? ''}`);
          else lines.push(`  ${view.kind.padEnd(8)} ${view.item}  ${view.mediaType ?? ''}, ${view.size ?? 0} bytes, ${view.tool} ${view.toolVersion}`);
          if (view.removed) lines.push(`           removed: ${view.removed.length > 0 ? view.removed.join(', ') : 'nothing (it held no metadata)'}`);
          else if (view.kind === 'cleaned' && view.reason && view.state === 'stored') lines.push(`           ${view.reason}`);
        }
        if (views.length > 0) lines.push(`  (a view is a vault item: \`vigil export ID\` writes it out, logged as any export)`);
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });
  media
    .command('duplicates')
    .description(
      'clusters of pictures that are the same picture (re-encoded, resized, turned, mirrored) and of videos that share footage (by their frames, with the shared segments, or by their TMK+PDQF fingerprints: cropped, mirrored), from their analyses',
    )
    .option('--radius <bits>', 'the most bits two PDQ hashes of one picture may differ by', wholeNumber, 31)
    .option(
      '--json',
      'print JSON: {clusters: [{items: [{id, paths, kind, pdq?, quality?, distance?, orientation?}], segments: [{a, aStart, aEnd, b, bStart, bEnd, frames}], tmk?: [{a, b, level1, level2, mirrored}], stills?: [{picture, video, at, distance, orientation}]}]}',
    )
    .action(async (options: { radius: number; json?: boolean }) => {
      await withVigil(async (vigil) => {
        const found = await vigil.media.duplicates({ radius: options.radius });
        if (options.json) return printJson(found);
        if (found.clusters.length === 0) process.stdout.write('No two analysed pictures are the same picture, and no two videos share footage.\n');
        found.clusters.forEach((cluster, n) => {
          const videos = cluster.items.filter((i) => i.kind === 'video').length;
          const pictures = cluster.items.length - videos;
          const parts = [videos > 0 ? counted(videos, 'video') : '', pictures > 0 ? counted(pictures, 'picture') : ''].filter(Boolean);
          process.stdout.write(`cluster ${n + 1}: ${parts.join(' and ')}\n`);
          for (const item of cluster.items) {
            const how = item.distance === undefined ? '' : `${item.distance} bits${item.orientation === 'original' ? '' : `, ${item.orientation}`}  `;
            const more = item.paths.length > 1 ? ` (+${item.paths.length - 1} more)` : '';
            process.stdout.write(`  ${item.id}  ${how}${item.paths[0] ?? ''}${more}\n`);
          }
          for (const s of cluster.segments) {
            process.stdout.write(`  ${s.a} ${clock(s.aStart)}–${clock(s.aEnd)} ≈ ${s.b} ${clock(s.bStart)}–${clock(s.bEnd)} (${s.frames} frames)\n`);
          }
          for (const still of cluster.stills ?? []) {
            const turned = still.orientation === 'original' ? '' : `, ${still.orientation}`;
            process.stdout.write(`  ${still.picture} is the frame of ${still.video} at ${clock(still.at)} (${still.distance} bits${turned})\n`);
          }
          for (const t of cluster.tmk ?? []) {
            process.stdout.write(
              `  ${t.a} ≈ ${t.b}${t.mirrored ? ' mirrored' : ''} (TMK+PDQF levels ${t.level1.toFixed(2)} and ${t.level2.toFixed(2)}; its frames not matched by PDQ)\n`,
            );
          }
        });
        if (found.skippedDamaged > 0)
          process.stdout.write(
            `${counted(found.skippedDamaged, 'video')} whose stored frame hashes are damaged ${found.skippedDamaged === 1 ? 'was' : 'were'} left out: analyse ${found.skippedDamaged === 1 ? 'it' : 'them'} again.\n`,
          );
        if (found.skippedLowQuality > 0)
          process.stdout.write(
            `${counted(found.skippedLowQuality, 'picture')} with too little detail to match on ${found.skippedLowQuality === 1 ? 'was' : 'were'} left out.\n`,
          );
      });
    });
}

/** A burned-in time as a person reads it: `2024-03-01T10:20:30 (recorder's clock, no time zone), confidence 0.93, camera CAM 03`. */
function burnedInLine(printed: BurnedInTime): string {
  return `${printed.start} (recorder's clock, no time zone), confidence ${printed.confidence.toFixed(2)}${printed.camera ? `, camera ${printed.camera}` : ''}`;
}

/** Seconds as m:ss (or h:mm:ss). */
function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('a whole number of bits, e.g. 31');
  return Number(value);
}

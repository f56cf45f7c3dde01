import type { Command } from 'commander';
import { MediaHashService } from '../media/index.js';
import { printJson } from './session.js';

export function registerMedia(program: Command): void {
  const media = program.command('media').description('what media files show');
  media
    .command('hash')
    .description("an image's PDQ perceptual hash and quality, without touching the vault (nothing is stored or logged)")
    .argument('<file>', 'an image: JPEG, PNG, WebP, GIF, TIFF, HEIF, AVIF or SVG')
    .option('--dihedral', 'also the hashes of the image turned and mirrored')
    .option('--json', 'print JSON: {pdq, quality, format, width, height}')
    .action(async (file: string, options: { dihedral?: boolean; json?: boolean }) => {
      const hash = await new MediaHashService().hashImageFile(file, { dihedral: options.dihedral ?? false });
      if (options.json) return printJson(hash);
      process.stdout.write(`${hash.pdq}  quality ${hash.quality}  ${hash.format} ${hash.width}×${hash.height}  ${file}\n`);
      for (const [name, value] of Object.entries(hash.dihedral ?? {})) process.stdout.write(`${value}  ${name}\n`);
    });
  media
    .command('probe')
    .description('what a media file is and records of itself (container, codecs, duration, size, creation time, device, place), without touching the vault')
    .argument('<file>', 'a video, audio file or image')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const probe = await new MediaHashService().probeFile(file);
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
          `  video    ${probe.video.codec} ${probe.video.width}×${probe.video.height}${probe.video.frameRate ? ` at ${probe.video.frameRate} frames/s` : ''}`,
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
}

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
}

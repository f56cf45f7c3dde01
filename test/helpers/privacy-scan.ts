import fs from 'node:fs';
import path from 'node:path';

/** Every file under `dir`, recursively, but for the ciphertext uploads (random bytes, gigabytes of them). */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? (e.name === 'uploads' ? [] : filesUnder(path.join(dir, e.name))) : [path.join(dir, e.name)]));
}

/** Where each needle (a string or a pattern) occurs in the files under `dirs` or in `texts`: `name: needle`. */
export function findTraces(dirs: string[], texts: Record<string, string>, needles: Array<string | RegExp>): string[] {
  const found: string[] = [];
  const look = (name: string, content: string) => {
    for (const needle of needles) {
      const hit = typeof needle === 'string' ? content.includes(needle) : needle.test(content);
      if (hit) found.push(`${name}: ${String(needle)}`);
    }
  };
  for (const file of dirs.flatMap(filesUnder)) look(file, fs.readFileSync(file).toString('latin1'));
  for (const [name, text] of Object.entries(texts)) look(name, text);
  return found;
}

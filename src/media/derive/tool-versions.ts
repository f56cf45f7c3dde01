import { loadSharp } from '../image-pixels.js';
import { runTool } from '../probe/run-tool.js';

const asked = new Map<string, Promise<string>>();

/** The version of a tool that made a view, asked once a process: it goes into the custody log with the view. */
export function toolVersion(tool: 'ffmpeg' | 'exiftool' | 'sharp'): Promise<string> {
  let version = asked.get(tool);
  if (version === undefined) {
    version = ask(tool).catch(() => 'unknown');
    asked.set(tool, version);
  }
  return version;
}

async function ask(tool: 'ffmpeg' | 'exiftool' | 'sharp'): Promise<string> {
  if (tool === 'sharp') {
    const versions = (await loadSharp()).versions as { sharp?: string; vips?: string };
    return `${versions.sharp ?? 'unknown'} (libvips ${versions.vips ?? 'unknown'})`;
  }
  const run = await runTool(tool, tool === 'ffmpeg' ? ['-version'] : ['-ver'], { timeoutMs: 10_000 });
  return (tool === 'ffmpeg' ? /^ffmpeg version (\S+)/.exec(run.stdout)?.[1] : run.stdout.trim()) || 'unknown';
}

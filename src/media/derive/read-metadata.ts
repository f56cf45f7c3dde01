import type { SeekableSource } from '../probe/loopback-source.js';
import { serveOnLoopback } from '../probe/loopback-source.js';
import { LENT_INPUT_ARGS } from '../probe/media-probe.js';
import { runTool } from '../probe/run-tool.js';
import { exiftoolMetadata, ffprobeMetadata, type MetadataEntries } from './metadata-names.js';

const READ_TIMEOUT_MS = 60_000;

/** A video's container and stream tags, chapters, side streams and its first frame's side data (SEI), by ffprobe from the loopback. */
export async function videoMetadata(source: SeekableSource, signal?: AbortSignal): Promise<MetadataEntries> {
  const lent = await serveOnLoopback(source);
  try {
    const common = ['-v', 'error', ...LENT_INPUT_ARGS, '-threads', '2'];
    const options = { timeoutMs: READ_TIMEOUT_MS, env: lent.env, ...(signal ? { signal } : {}) };
    const streams = await runTool('ffprobe', [...common, '-show_format', '-show_streams', '-show_chapters', '-of', 'json', '-i', lent.url], options);
    const frames = await runTool(
      'ffprobe',
      [...common, '-select_streams', 'v:0', '-read_intervals', '%+#1', '-show_frames', '-of', 'json', '-i', lent.url],
      options,
    );
    const failure = lent.sourceError();
    if (failure) throw failure;
    if (streams.status !== 0) throw new Error(`ffprobe could not read the metadata: ${streams.stderr.trim().split('\n').pop() ?? ''}`);
    const sideData = (JSON.parse(frames.stdout || '{}') as { frames?: Array<{ side_data_list?: Array<{ side_data_type?: string }> }> }).frames
      ?.flatMap((f) => f.side_data_list ?? [])
      .map((d) => d.side_data_type ?? 'unknown');
    return ffprobeMetadata(JSON.parse(streams.stdout) as object, sideData ?? []);
  } finally {
    await lent.close();
  }
}

/** A picture's metadata as exiftool reads it from stdin (every group, duplicates too). */
export async function imageMetadata(source: SeekableSource, signal?: AbortSignal): Promise<MetadataEntries> {
  const input = await source.range(0, source.size - 1);
  const run = await runTool('exiftool', ['-json', '-G1', '-a', '-'], { input, timeoutMs: READ_TIMEOUT_MS, ...(signal ? { signal } : {}) });
  input.destroy();
  if (run.status !== 0) throw new Error(`exiftool could not read the metadata: ${run.stderr.trim().split('\n').pop() ?? ''}`);
  return exiftoolMetadata((JSON.parse(run.stdout) as Array<Record<string, unknown>>)[0] ?? {});
}

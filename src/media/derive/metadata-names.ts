/**
 * What metadata a file holds, as names and values to compare: a cleaned copy's "removed" list is what its
 * original held and it does not (or holds with another value). Only the names are recorded: the values (a
 * position, a serial number) are what cleaning is for, and the custody log travels with evidence packages.
 */
export type MetadataEntries = Map<string, string>;

interface FfprobeJson {
  format?: { tags?: Record<string, unknown> };
  streams?: Array<{ codec_type?: string; codec_name?: string; disposition?: { attached_pic?: number }; tags?: Record<string, unknown> }>;
  chapters?: unknown[];
}

/** Tags that say which flavour of MP4 a file is, not anything about the recording: they change with any remux. */
const CONTAINER_STRUCTURE = new Set(['major_brand', 'minor_version', 'compatible_brands']);
/** Streams that carry no picture or sound: telemetry (a GoPro's GPS), timecodes, subtitles, attachments. */
const SIDE_STREAMS = new Set(['data', 'subtitle', 'attachment']);

/** A video's metadata from ffprobe's JSON (-show_format -show_streams -show_chapters) and its first frame's side data types. */
export function ffprobeMetadata(probe: FfprobeJson, frameSideData: string[]): MetadataEntries {
  const entries: MetadataEntries = new Map();
  for (const [key, value] of Object.entries(probe.format?.tags ?? {})) {
    if (!CONTAINER_STRUCTURE.has(key)) entries.set(`container tag ${key}`, String(value));
  }
  const seen = new Map<string, number>();
  for (const stream of probe.streams ?? []) {
    const type = stream.disposition?.attached_pic === 1 ? 'attached picture' : (stream.codec_type ?? 'unknown');
    // Streams are counted by type: the cleaned copy numbers its streams anew.
    const n = (seen.get(type) ?? 0) + 1;
    seen.set(type, n);
    const name = `${type} stream ${n}`;
    if (type === 'attached picture' || SIDE_STREAMS.has(type)) entries.set(name, stream.codec_name ?? 'unknown');
    for (const [key, value] of Object.entries(stream.tags ?? {})) entries.set(`${name} tag ${key}`, String(value));
  }
  if ((probe.chapters ?? []).length > 0) entries.set('chapters', String(probe.chapters!.length));
  for (const type of new Set(frameSideData)) entries.set(`frame side data: ${type}`, 'present');
  return entries;
}

/** Groups exiftool reports that are not in the file (its own, the file system's, values it computes). */
const NOT_METADATA = new Set(['SourceFile', 'ExifTool', 'System', 'Composite']);
/** Of exiftool's File group, only the comment is metadata; the rest (type, size, byte order) describes the encoding. */
const FILE_METADATA = new Set(['File:Comment']);

/** A picture's metadata from `exiftool -json -G1 -a`: Group:Tag names. */
export function exiftoolMetadata(tags: Record<string, unknown>): MetadataEntries {
  const entries: MetadataEntries = new Map();
  for (const [name, value] of Object.entries(tags)) {
    const group = name.includes(':') ? name.slice(0, name.indexOf(':')) : name;
    if (NOT_METADATA.has(group)) continue;
    if (group === 'File' && !FILE_METADATA.has(name)) continue;
    entries.set(name, JSON.stringify(value));
  }
  return entries;
}

/**
 * A tag's name as the file's author wrote it (a Matroska SimpleTag, a PNG tEXt keyword, an XMP element) is
 * recorded only when it looks like a name: otherwise it could carry a value into the custody log.
 */
const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9_:.-]{0,47}$/;
/** Names this module composes: a tag of the container or of a stream (its key the author's), a stream, side data. */
const TAG_NAME = /^(?:container|[a-z]+(?: [a-z]+)? stream \d+) tag (.*)$/s;
const STREAM_NAME = /^(?:chapters|[a-z]+(?: [a-z]+)? stream \d+)$/;
const SIDE_DATA_NAME = /^frame side data: [A-Za-z0-9 .,()[\]_/:-]{1,80}$/;

function recordable(name: string): boolean {
  const tag = TAG_NAME.exec(name);
  if (tag) return PLAIN_NAME.test(tag[1]!);
  return STREAM_NAME.test(name) || SIDE_DATA_NAME.test(name) || PLAIN_NAME.test(name);
}

/**
 * What `before` held that `after` does not, by name, sorted; a value changed is "NAME (replaced)". Names that do
 * not look like names are not written down but counted ("3 other tags").
 */
export function removedMetadata(before: MetadataEntries, after: MetadataEntries): string[] {
  const removed: string[] = [];
  let others = 0;
  for (const [name, value] of before) {
    const now = after.get(name);
    if (now !== undefined && now === value) continue;
    if (!recordable(name)) others += 1;
    else removed.push(now === undefined ? name : `${name} (replaced)`);
  }
  removed.sort();
  if (others > 0) removed.push(`${others} other tag${others === 1 ? '' : 's'}`);
  return removed;
}

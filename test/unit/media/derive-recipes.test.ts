import { describe, expect, it } from 'vitest';
import { exiftoolMetadata, ffprobeMetadata, removedMetadata, viewRecipes, type ViewRecipe } from '../../../src/media/index.js';
import type { MediaProbe } from '../../../src/media/index.js';

const video: MediaProbe = {
  readable: true,
  kind: 'video',
  container: 'mov,mp4,m4a,3gp,3g2,mj2',
  durationSeconds: 120,
  video: { codec: 'h264', width: 1920, height: 1080, frameRate: 25 },
  audio: { codec: 'aac', channels: 2, sampleRate: 48000 },
};
const recipe = (recipes: ViewRecipe[], kind: string) => recipes.find((r) => r.kind === kind)!;

describe('the recipes of derived views', () => {
  it('makes five views of a video and two of a picture, none of anything else', () => {
    expect(viewRecipes(video, { fontFile: null }).map((r) => r.kind)).toEqual(['poster', 'strip', 'sheet', 'proxy', 'cleaned']);
    const picture: MediaProbe = { readable: true, kind: 'image', container: 'jpeg_pipe', video: { codec: 'mjpeg', width: 800, height: 600 } };
    expect(viewRecipes(picture, { fontFile: null }).map((r) => [r.kind, r.tool, r.name])).toEqual([
      ['poster', 'sharp', 'poster.jpg'],
      ['cleaned', 'exiftool', 'cleaned.jpg'],
    ]);
    expect(viewRecipes({ readable: true, kind: 'audio', audio: { codec: 'mp3' } }, { fontFile: null })).toEqual([]);
    expect(viewRecipes({ readable: false, kind: 'other', reason: 'cut short' }, { fontFile: null })).toEqual([]);
  });

  it('has every ffmpeg view written to a pipe, read from the lent input only: no file argument', () => {
    for (const r of viewRecipes(video, { fontFile: '/usr/share/fonts/x.ttf' }).filter((r) => r.tool === 'ffmpeg')) {
      expect(r.args[r.args.length - 1]).toBe('pipe:1');
      expect(r.args[r.args.indexOf('-i') + 1]).toBe('{input}');
      expect(r.args.filter((a) => a === '-i')).toHaveLength(1);
      expect(r.args).toContain('-protocol_whitelist');
      // Anything that looks like a path is the font, inside the filter graph.
      expect(r.args.filter((a) => a.startsWith('/'))).toEqual([]);
    }
  });

  it('makes the proxy H.264 within 854 × 480, a fragmented MP4 with AAC sound when there is sound', () => {
    const proxy = recipe(viewRecipes(video, { fontFile: null }), 'proxy');
    expect(proxy.args.join(' ')).toMatch(/-c:v libx264 .*-c:a aac/);
    expect(proxy.args.join(' ')).toContain("scale=w='min(854,iw)':h='min(480,ih)':force_original_aspect_ratio=decrease");
    expect(proxy.args.join(' ')).toContain('-movflags frag_keyframe+empty_moov+default_base_moof -f mp4');
    const silent = recipe(viewRecipes({ ...video, audio: undefined } as MediaProbe, { fontFile: null }), 'proxy');
    expect(silent.args).not.toContain('-c:a');
    expect(silent.args).not.toContain('0:a:0');
  });

  it('spreads the strip and the sheet over the clip, and draws times only with a font', () => {
    const recipes = viewRecipes(video, { fontFile: null });
    expect(recipe(recipes, 'strip').args.join(' ')).toContain('fps=8/120.000');
    expect(recipe(recipes, 'sheet').args.join(' ')).toMatch(/fps=16\/120\.000.*tile=4x4/);
    expect(recipe(recipes, 'sheet').args.join(' ')).not.toContain('drawtext');
    expect(recipe(viewRecipes(video, { fontFile: '/f.ttf' }), 'sheet').args.join(' ')).toContain('drawtext=fontfile=/f.ttf');
    expect(recipe(recipes, 'poster').args.slice(0, 2)).toEqual(['-ss', '12.000']);
    const unknown = viewRecipes({ ...video, durationSeconds: undefined } as MediaProbe, { fontFile: null });
    expect(recipe(unknown, 'strip').args.join(' ')).toContain('fps=1,');
  });

  it('copies H.264 and H.265 less their SEI, and encodes any other video anew, into a fragmented MP4', () => {
    const h264 = recipe(viewRecipes(video, { fontFile: null }), 'cleaned');
    expect(h264.args.join(' ')).toMatch(/-c:v copy -bsf:v filter_units=remove_types=6 -c:a copy -map_metadata -1 -map_chapters -1 .*-f mp4 pipe:1$/);
    expect(h264.name).toBe('cleaned.mp4');
    expect(h264.reencoded).toBeUndefined();
    const hevc = recipe(viewRecipes({ ...video, video: { ...video.video!, codec: 'hevc' } }, { fontFile: null }), 'cleaned');
    expect(hevc.args).toContain('filter_units=remove_types=39|40');
    expect(hevc.args.join(' ')).toContain('-c:v copy');
    // MJPEG frames are JPEGs with their EXIF; MPEG-4 Part 2 has user data, AV1 metadata OBUs: no filter takes them out.
    for (const codec of ['mjpeg', 'mpeg4', 'av1', 'vp9', 'msmpeg4v3']) {
      const other = recipe(viewRecipes({ ...video, video: { ...video.video!, codec } }, { fontFile: null }), 'cleaned');
      expect(other.args.join(' ')).not.toContain('-c:v copy');
      expect(other.args.join(' ')).toMatch(/format=yuv420p -c:v libx264 -preset veryfast -crf 18 -bsf:v filter_units=remove_types=6 -c:a copy/);
      expect(other.args.join(' ')).toContain('scale=trunc(iw/2)*2:trunc(ih/2)*2');
      expect(other.reencoded).toMatch(new RegExp(`^${codec} video .*encoded anew as H.264`));
      expect(other.name).toBe('cleaned.mp4');
    }
    const old = recipe(viewRecipes({ ...video, video: { ...video.video!, codec: 'msmpeg4v3' }, audio: { codec: 'pcm_s16le' } }, { fontFile: null }), 'cleaned');
    expect(old.args.join(' ')).toMatch(/-c:a aac .*-f mp4 pipe:1$/);
    const silent = recipe(viewRecipes({ ...video, audio: undefined } as MediaProbe, { fontFile: null }), 'cleaned');
    expect(silent.args).not.toContain('-c:a');
    expect(silent.args).not.toContain('0:a:0');
  });
});

describe('the list of removed metadata', () => {
  it('names the tags, streams, chapters and SEI a cleaned video lost, and a value replaced', () => {
    const before = ffprobeMetadata(
      {
        format: { tags: { major_brand: 'isom', title: 'Corridor', location: '+55.7+037.6/' } },
        streams: [
          { codec_type: 'video', codec_name: 'h264', tags: { handler_name: 'Ambarella AVC', creation_time: '2024-03-01' } },
          { codec_type: 'audio', codec_name: 'aac', tags: { handler_name: 'SoundHandler' } },
          { codec_type: 'data', codec_name: 'bin_data', tags: { handler_name: 'GoPro MET' } },
          { codec_type: 'video', codec_name: 'mjpeg', disposition: { attached_pic: 1 } },
        ],
        chapters: [{}, {}],
      },
      ['H.26[45] User Data Unregistered SEI message'],
    );
    const after = ffprobeMetadata(
      {
        format: { tags: { major_brand: 'iso5' } },
        streams: [
          { codec_type: 'video', codec_name: 'h264', tags: { handler_name: 'VideoHandler' } },
          { codec_type: 'audio', codec_name: 'aac', tags: { handler_name: 'SoundHandler' } },
        ],
      },
      [],
    );
    expect(removedMetadata(before, after)).toEqual([
      'attached picture stream 1',
      'chapters',
      'container tag location',
      'container tag title',
      'data stream 1',
      'data stream 1 tag handler_name',
      'frame side data: H.26[45] User Data Unregistered SEI message',
      'video stream 1 tag creation_time',
      'video stream 1 tag handler_name (replaced)',
    ]);
  });

  it("names a picture's EXIF, GPS and comment, not what exiftool computes or the file system says", () => {
    const before = exiftoolMetadata({
      SourceFile: '-',
      'ExifTool:ExifToolVersion': 12.57,
      'System:FileSize': '361 kB',
      'File:FileType': 'JPEG',
      'File:Comment': 'taken by',
      'IFD0:Make': 'Canon',
      'IFD0:Orientation': 'Rotate 90 CW',
      'GPS:GPSLatitude': 55.75,
      'Composite:GPSPosition': '55.75 N',
    });
    const after = exiftoolMetadata({ 'File:FileType': 'JPEG', 'IFD0:Orientation': 'Rotate 90 CW', 'IFD0:XResolution': 72 });
    expect(removedMetadata(before, after)).toEqual(['File:Comment', 'GPS:GPSLatitude', 'IFD0:Make']);
    expect(removedMetadata(after, after)).toEqual([]);
  });

  it('writes down only tag names that look like names: the others, which could carry values, are counted', () => {
    const before = new Map([
      ...ffprobeMetadata(
        {
          format: { tags: { title: 'x', 'Home at 55.7512 N 37.6184 E': 'x', 'a\nb': 'x', DURATION: 'x' } },
          streams: [{ codec_type: 'video', codec_name: 'h264', tags: { 'suspect: Ivan Petrov': 'x', handler_name: 'x' } }],
        },
        ['H.26[45] User Data Unregistered SEI message'],
      ),
      ...exiftoolMetadata({ 'XMP-x:Secret code 1234': 'x', 'PNG:Comment': 'x', 'PNG:Ivan_Petrov_55.75_37.61_lives_at_the_corner_of_the_second_street': 'x' }),
    ]);
    expect(removedMetadata(before, new Map())).toEqual([
      'PNG:Comment',
      'container tag DURATION',
      'container tag title',
      'frame side data: H.26[45] User Data Unregistered SEI message',
      'video stream 1 tag handler_name',
      '5 other tags',
    ]);
    expect(removedMetadata(new Map([['container tag a b', '1']]), new Map([['container tag a b', '2']]))).toEqual(['1 other tag']);
  });
});

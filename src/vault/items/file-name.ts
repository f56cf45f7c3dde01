/** The last part of a place: `/leak/a.zip!clips/cam 1.mp4` → `cam 1.mp4`. */
export function fileName(location: string): string {
  return (
    location
      .split(/[/!\\]/)
      .filter(Boolean)
      .pop() ?? location
  );
}

/** What the vault list sorts a file name by: lower case, compared byte by byte on either engine. */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

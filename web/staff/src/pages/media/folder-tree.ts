/** A folder of the archive as the source had it: its sub-folders and the items found directly in it. */
export interface Folder<T> {
  name: string;
  path: string;
  folders: Folder<T>[];
  items: T[];
  /** Items here and in every sub-folder. */
  count: number;
}

/**
 * Items grouped by the folders of the place each was first found, as a tree. An archive entry's place,
 * `leak.zip!/cam-1/a.mp4`, puts it in folder `cam-1` inside `leak.zip`. The folders every item shares (the
 * disk the source's copy sat on) are the root, named by their path.
 */
export function folderTree<T extends { paths: string[]; name: string }>(items: T[]): Folder<T> {
  const placed = items.map((item) => ({ item, parts: folderParts(item.paths[0] ?? '') }));
  let common = placed[0]?.parts.length ?? 0;
  for (const { parts } of placed) {
    let i = 0;
    while (i < common && i < parts.length && parts[i] === placed[0]!.parts[i]) i++;
    common = i;
  }
  const rootPath = placed[0]?.parts.slice(0, common).join('/') ?? '';
  const root: Folder<T> = { name: rootPath || '/', path: rootPath, folders: [], items: [], count: 0 };
  for (const { item, parts } of placed) {
    let folder = root;
    folder.count++;
    for (const part of parts.slice(common)) {
      let next = folder.folders.find((f) => f.name === part);
      if (!next) folder.folders.push((next = { name: part, path: `${folder.path}/${part}`, folders: [], items: [], count: 0 }));
      next.count++;
      folder = next;
    }
    folder.items.push(item);
  }
  return root;
}

function folderParts(location: string): string[] {
  const parts = location.replace(/!\//g, '/').split(/[/\\]/).filter(Boolean);
  return parts.slice(0, -1);
}

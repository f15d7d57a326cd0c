/**
 * Files from the places a person hands them over: a dropped directory walked for images and
 * label files, and pasted images given names. No element state: used by `<file-drop-zone>`.
 */

import { isLabelFileName } from '../../tuning/pipeline/labels.js';
import { looksLikeImage } from './image-files.js';

/** File paths in the order a person expects: numbers by value, case ignored. */
export const byPath = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** Whether a chosen or dropped file is taken: an image, or a label file to pair with the images. */
export function isWantedFile(file: File): boolean {
  return looksLikeImage(file.name, file.type) || isLabelFileName(file.name);
}

/** Every wanted file under a dropped directory, hidden files and folders left out, sorted by path. */
export async function filesUnder(directory: FileSystemDirectoryEntry): Promise<File[]> {
  const found: { path: string; file: File }[] = [];
  const walk = async (dir: FileSystemDirectoryEntry): Promise<void> => {
    const reader = dir.createReader();
    // readEntries hands out at most 100 entries per call (Chrome); call until it returns none.
    for (
      let batch = await readEntries(reader);
      batch.length > 0;
      batch = await readEntries(reader)
    ) {
      for (const entry of batch) {
        if (entry.name.startsWith('.')) continue;
        if (entry.isDirectory) await walk(entry as FileSystemDirectoryEntry);
        else if (entry.isFile) {
          const file = await fileOf(entry as FileSystemFileEntry).catch(() => null);
          if (file && isWantedFile(file)) found.push({ path: entry.fullPath, file });
        }
      }
    }
  };
  await walk(directory);
  return found.sort((a, b) => byPath.compare(a.path, b.path)).map(({ file }) => file);
}

const PASTED_EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/bmp': 'bmp',
  'image/avif': 'avif',
};

/** A local time stamp safe in file names: 2024-05-01-14-03-22. */
function fileTimeStamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}-${pad(date.getHours())}-${pad(date.getMinutes())}-${pad(date.getSeconds())}`;
}

/**
 * Gives pasted images a name that tells them apart. Browsers name a copied bitmap `image.png`
 * (Chrome, Firefox) or nothing at all, so two pastes would collide in the results and the CSV.
 */
export function namePasted(files: File[]): File[] {
  const stamp = fileTimeStamp(new Date());
  return files.map((file, index) => {
    if (file.name && !/^image\.\w+$/.test(file.name)) return file;
    const extension = PASTED_EXTENSIONS[file.type] ?? 'png';
    const suffix = files.length > 1 ? `-${index + 1}` : '';
    return new File([file], `pasted-${stamp}${suffix}.${extension}`, {
      type: file.type || 'image/png',
      lastModified: file.lastModified,
    });
  });
}

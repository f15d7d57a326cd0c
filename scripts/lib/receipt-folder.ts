/** Reading a folder of SROIE receipt keys and ground-truth lines (`../shared/eval` layout). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReceiptKeys } from '../../src/features/receipt/pipeline/fields.js';
import type { ReceiptRegion } from '../../src/features/receipt/pipeline/receipt-lines.js';

/** The keys in `<folder>/keys/*.json` by image name (`sroie_019.json` → `sroie_019.jpg`); {} without. */
export function readReceiptKeys(folder: string): Record<string, ReceiptKeys> {
  const dir = join(folder, 'keys');
  if (!existsSync(dir)) return {};
  const keys: Record<string, ReceiptKeys> = {};
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    keys[file.replace(/\.json$/, '.jpg')] = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  }
  return keys;
}

/** The ground-truth lines in `<folder>/lines/*.json` as regions, by image name. */
export function readReceiptLines(folder: string): Record<string, ReceiptRegion[]> {
  const dir = join(folder, 'lines');
  const receipts: Record<string, ReceiptRegion[]> = {};
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const json = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      lines: { points: [number, number][]; text: string }[];
    };
    receipts[file.replace(/\.json$/, '.jpg')] = json.lines.map((line) => ({
      imagePolygon: line.points,
      text: line.text,
    }));
  }
  return receipts;
}

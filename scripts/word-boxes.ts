/**
 * `npx tsx scripts/word-boxes.ts [--folder ../shared/eval/dev] [--threads 1]`: word-box quality
 * on the SROIE ground-truth lines of an evaluation folder. Each counted line is read with the
 * app's recognition core on onnxruntime-node; each ground-truth word (the line's text split at
 * spaces) gets an estimated position along the line from its characters (character index ÷
 * line length, receipts being near monospace), and counts as placed when a word box read from
 * the line covers it: intersection over union ≥ 0.5 along the line, and any overlap at all.
 * The last line printed is JSON.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import jpeg from 'jpeg-js';
import { invert3 } from '../src/core/geometry/matrix3.js';
import {
  applyHomography,
  orderQuad,
  quadCropSize,
  solveHomography,
} from '../src/core/geometry/perspective.js';
import type { Polygon } from '../src/core/geometry/types.js';
import { recognizeRegions } from '../src/features/recognition/pipeline/recognize.js';
import { loadNativeRecognizer, openNativeRecognizer } from './lib/native-inference.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    folder: { type: 'string', default: join(root, '../shared/eval/dev') },
    threads: { type: 'string', default: '1' },
  },
});
const folder = resolve(values.folder);
const { descriptor, classes } = loadNativeRecognizer(join(root, 'public/models'));
const session = await openNativeRecognizer(
  join(root, 'public/models'),
  descriptor,
  Number(values.threads),
);

/** `points` as a fraction range along `quad`'s reading direction (0 = its left edge, 1 = its right). */
function alongLine(quad: Polygon, points: Polygon): [number, number] {
  const ordered = orderQuad(quad);
  const { width, height } = quadCropSize(ordered);
  const imageToCrop = invert3(
    solveHomography(
      [
        [0, 0],
        [width, 0],
        [width, height],
        [0, height],
      ],
      ordered,
    ),
  );
  const xs = points.map((p) => applyHomography(imageToCrop, p)[0] / width);
  return [Math.min(...xs), Math.max(...xs)];
}

function iou([a0, a1]: [number, number], [b0, b1]: [number, number]): number {
  const overlap = Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
  return overlap / (Math.max(a1, b1) - Math.min(a0, b0) || 1);
}

let truthWords = 0;
let placedHalf = 0;
let overlapping = 0;
let sameCount = 0;
let lines = 0;
for (const name of readdirSync(join(folder, 'json'))
  .filter((n) => n.startsWith('sroie'))
  .sort()) {
  const gt = JSON.parse(readFileSync(join(folder, 'json', name), 'utf8')) as {
    image: string;
    polygons: Polygon[];
    texts: string[];
    ignore: boolean[];
  };
  const counted = gt.polygons
    .map((_, i) => i)
    .filter((i) => !gt.ignore[i] && gt.polygons[i]!.length === 4 && gt.texts[i]!.trim() !== '');
  const decoded = jpeg.decode(readFileSync(join(folder, 'images', gt.image)), {
    useTArray: true,
    formatAsRGBA: true,
    maxMemoryUsageInMB: 1024,
  });
  const polygons = counted.map((i) => gt.polygons[i]!);
  const read = await recognizeRegions(decoded, polygons, descriptor, classes, session.run);
  counted.forEach((index, n) => {
    const text = gt.texts[index]!;
    const boxes = read[n]!.words.map((w) => alongLine(polygons[n]!, w.points));
    const words = [...text.matchAll(/\S+/g)];
    lines++;
    if (words.length === boxes.length) sameCount++;
    for (const word of words) {
      const estimate: [number, number] = [
        word.index / text.length,
        (word.index + word[0].length) / text.length,
      ];
      truthWords++;
      const best = Math.max(0, ...boxes.map((box) => iou(estimate, box)));
      if (best >= 0.5) placedHalf++;
      if (best > 0) overlapping++;
    }
  });
}
await session.release();
const share = (count: number, total: number) => Math.round((count / total) * 1000) / 1000;
const result = {
  lines,
  truthWords,
  placedIoU50: share(placedHalf, truthWords),
  overlapping: share(overlapping, truthWords),
  linesWithSameWordCount: share(sameCount, lines),
};
console.log(
  `${truthWords} ground-truth words on ${lines} SROIE lines: ${result.placedIoU50} placed (IoU ≥ 0.5 along the line), ` +
    `${result.overlapping} overlapped by a read word box; ${result.linesWithSameWordCount} of lines read with as many words`,
);
console.log(JSON.stringify(result));

/**
 * `npx tsx scripts/make-turned-set.ts <folder> <out> [90|180|270]`: copies an evaluation folder
 * (`images/`, `json/` as in ../shared/eval) turned clockwise by a quarter, half or three quarter
 * turn — images re-encoded by jpeg-js at quality 95, ground-truth polygons mapped with them — so
 * `npm run eval -- <out>` measures reading on turned pages. Keep the copies out of the repo.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';

type Point = [number, number];

/** The clockwise turns this script makes, degrees. */
const TURNS = [90, 180, 270] as const;

/** Maps a point of a `width` × `height` image to the image turned `degrees` clockwise. */
function turnPoint([x, y]: Point, degrees: number, width: number, height: number): Point {
  if (degrees === 90) return [height - y, x];
  if (degrees === 180) return [width - x, height - y];
  return [y, width - x];
}

/** The RGBA pixels of a `width` × `height` image turned `degrees` clockwise. */
function turnPixels(data: Uint8Array, width: number, height: number, degrees: number) {
  const quarter = degrees !== 180;
  const outWidth = quarter ? height : width;
  const outHeight = quarter ? width : height;
  const out = Buffer.alloc(outWidth * outHeight * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [tx, ty] = turnPoint([x + 0.5, y + 0.5], degrees, width, height);
      const to = (Math.floor(ty) * outWidth + Math.floor(tx)) * 4;
      out.set(data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4), to);
    }
  }
  return { data: out, width: outWidth, height: outHeight };
}

const [folder, out, turn] = process.argv.slice(2);
const degrees = Number(turn ?? 90);
if (!folder || !out || !TURNS.includes(degrees as (typeof TURNS)[number])) {
  console.error('usage: npx tsx scripts/make-turned-set.ts <folder> <out> [90|180|270]');
  process.exit(2);
}
mkdirSync(join(out, 'images'), { recursive: true });
mkdirSync(join(out, 'json'), { recursive: true });
for (const name of readdirSync(join(folder, 'json')).filter((n) => n.endsWith('.json'))) {
  const gt = JSON.parse(readFileSync(join(folder, 'json', name), 'utf8'));
  const image = jpeg.decode(readFileSync(join(folder, 'images', gt.image)), {
    useTArray: true,
    maxMemoryUsageInMB: 1024,
  });
  const turned = turnPixels(image.data, image.width, image.height, degrees);
  writeFileSync(join(out, 'images', gt.image), jpeg.encode(turned, 95).data);
  const polygons = (gt.polygons as Point[][]).map((polygon) =>
    polygon.map((point) => turnPoint(point, degrees, gt.width, gt.height)),
  );
  writeFileSync(
    join(out, 'json', name),
    `${JSON.stringify({ ...gt, width: turned.width, height: turned.height, polygons })}\n`,
  );
  console.log(`${gt.image}: ${turned.width}×${turned.height}`);
}

/** Loads the normalised ground-truth JSON files of an evaluation folder (Node only). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Point, Polygon } from '../../src/geometry/types.js';
import type { GroundTruthImage } from './icdar2015.js';

function isPoint(value: unknown): value is Point {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((c) => typeof c === 'number' && Number.isFinite(c))
  );
}

function isPolygon(value: unknown): value is Polygon {
  return Array.isArray(value) && value.every(isPoint);
}

function parseGroundTruth(text: string, fileName: string): GroundTruthImage & { texts?: string[] } {
  const data: unknown = JSON.parse(text);
  if (typeof data !== 'object' || data === null) throw new TypeError(`${fileName}: not an object`);
  const record = data as Record<string, unknown>;
  const { image, width, height, polygons, ignore, source } = record;
  if (typeof image !== 'string' || typeof source !== 'string') {
    throw new TypeError(`${fileName}: "image" and "source" must be strings`);
  }
  if (typeof width !== 'number' || typeof height !== 'number') {
    throw new TypeError(`${fileName}: "width" and "height" must be numbers`);
  }
  if (!Array.isArray(polygons) || !polygons.every(isPolygon)) {
    throw new TypeError(`${fileName}: "polygons" must be an array of [x, y] point lists`);
  }
  if (
    !Array.isArray(ignore) ||
    ignore.length !== polygons.length ||
    !ignore.every((flag) => typeof flag === 'boolean')
  ) {
    throw new TypeError(`${fileName}: "ignore" must hold one boolean per polygon`);
  }
  const texts = record.texts;
  if (
    texts !== undefined &&
    (!Array.isArray(texts) ||
      texts.length !== polygons.length ||
      !texts.every((text) => typeof text === 'string'))
  ) {
    throw new TypeError(`${fileName}: "texts" must hold one string per polygon`);
  }
  return {
    image,
    width,
    height,
    polygons,
    ignore,
    source,
    ...(texts === undefined ? {} : { texts: texts as string[] }),
  };
}

/**
 * Reads every `<folder>/json/*.json` ground-truth file (format of ../shared/eval/README.md),
 * sorted by file name, with each region's text where the file has them. Polygons are in the
 * stored image's pixels. Throws on a malformed file.
 */
export function loadGroundTruth(folder: string): (GroundTruthImage & { texts?: string[] })[] {
  const jsonFolder = join(folder, 'json');
  return readdirSync(jsonFolder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => parseGroundTruth(readFileSync(join(jsonFolder, name), 'utf8'), name));
}

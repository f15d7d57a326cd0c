/**
 * Ground-truth label files → text boxes per image, and pairing them with images by file name.
 * Three formats: ICDAR 2015 text (`gt_<name>.txt` or `<name>.txt`), the competition's JSON
 * (`{"images": {"<file>": {"words": {"<id>": {"points": [[x, y], …]}}}}}`) and TextSpot's eval
 * JSON (`json/<name>.json`, ../shared/eval/README.md). Coordinates are original-image pixels.
 */
import { ErrorName, namedError } from '../../../core/errors.js';
import type { Point, Polygon } from '../../../core/geometry/types.js';

/** The transcription ICDAR 2015 uses for a don't-care box. */
export const DONT_CARE_TRANSCRIPTION = '###';

/** Label file formats, as named in messages and summaries. */
export const LabelFormat = {
  Icdar2015Txt: 'ICDAR 2015 text',
  CompetitionJson: 'competition JSON',
  TextSpotJson: 'TextSpot eval JSON',
} as const;

/** One of {@link LabelFormat}. */
export type LabelFormatValue = (typeof LabelFormat)[keyof typeof LabelFormat];

/** The ground truth of one image as read from a label file, polygons in image pixels. */
export interface ImageLabels {
  /**
   * The image these labels are for: a file name with extension (JSON formats) or, for ICDAR
   * 2015 text, the label file's name without `gt_` and extension (`img_1`), matched by stem.
   */
  image: string;
  polygons: Polygon[];
  /** `true` marks a don't-care box; one flag per polygon. */
  ignore: boolean[];
  /** Transcriptions, one per polygon ('' when the file has none). */
  texts: string[];
  /** Line of each polygon in its label file (0 where unknown), for reports; absent when none is known. */
  lines?: number[];
}

/** Everything one label file holds. */
export interface LabelFile {
  fileName: string;
  format: LabelFormatValue;
  images: ImageLabels[];
}

/** The error for a label file that cannot be read; the message names the file and the line. */
function labelError(fileName: string, where: string, problem: string): Error {
  return namedError(ErrorName.LabelFormat, `${fileName}${where ? `, ${where}` : ''}: ${problem}`);
}

/** True when `name` looks like a label file (by extension), not an image. */
export function isLabelFileName(name: string): boolean {
  return /\.(txt|csv|json)$/i.test(name);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `name` without folders and without its last extension. */
export function fileStem(name: string): string {
  return baseName(name).replace(/\.[^.]*$/, '');
}

/** `name` without folders. */
export function baseName(name: string): string {
  return name.slice(name.replace(/\\/g, '/').lastIndexOf('/') + 1);
}

/**
 * Reads ICDAR 2015 text: one box per line, `x1,y1,x2,y2,x3,y3,x4,y4,transcription` (the
 * transcription may hold commas, and may be missing), `###` marking don't care. A byte-order
 * mark, CRLF line ends and blank lines are tolerated. Throws `LabelFormatError` naming the line.
 */
export function parseIcdar2015Text(text: string, fileName: string): LabelFile {
  const labels: ImageLabels = {
    image: fileStem(fileName).replace(/^gt_/, ''),
    polygons: [],
    ignore: [],
    texts: [],
    lines: [],
  };
  stripBom(text)
    .split(/\r\n|\r|\n/)
    .forEach((line, index) => {
      if (line.trim() === '') return;
      // Plain loops, no per-field arrays: a label file may hold 100,000 lines.
      const fields = line.split(',');
      const c: number[] = [];
      for (let i = 0; i < 8 && fields.length >= 8; i++) {
        const field = fields[i]!.trim();
        const value = Number(field);
        if (field === '' || !Number.isFinite(value)) break;
        c.push(value);
      }
      if (c.length < 8) {
        throw labelError(
          fileName,
          `line ${index + 1}`,
          `expected 8 coordinates then the transcription, found "${line.slice(0, 60)}"`,
        );
      }
      const transcription = (fields.length === 9 ? fields[8]! : fields.slice(8).join(',')).trim();
      const polygon: Polygon = [
        [c[0]!, c[1]!],
        [c[2]!, c[3]!],
        [c[4]!, c[5]!],
        [c[6]!, c[7]!],
      ];
      labels.polygons.push(polygon);
      labels.texts.push(transcription);
      labels.ignore.push(transcription === DONT_CARE_TRANSCRIPTION);
      labels.lines?.push(index + 1);
    });
  return { fileName, format: LabelFormat.Icdar2015Txt, images: [labels] };
}

/** Where a `JSON.parse` error happened, as "line N" (engines word their messages differently). */
function jsonErrorPlace(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return `line ${lineColumn[1]}`;
  const position = /position (\d+)/.exec(message);
  if (position) return `line ${text.slice(0, Number(position[1])).split('\n').length}`;
  return '';
}

function parseJson(text: string, fileName: string): unknown {
  const clean = stripBom(text);
  try {
    return JSON.parse(clean);
  } catch (error) {
    throw labelError(fileName, jsonErrorPlace(clean, error), 'not valid JSON');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPoint(value: unknown): value is Point {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((c) => typeof c === 'number' && Number.isFinite(c))
  );
}

function isPolygon(value: unknown): value is Polygon {
  return Array.isArray(value) && value.length >= 3 && value.every(isPoint);
}

/**
 * The line of `text` where the key `"key"` first appears after `from` (JSON structure errors
 * have no parse position; the key is the best pointer a person can follow).
 */
function lineOfKey(text: string, key: string, from = 0): { line: number; at: number } {
  const at = text.indexOf(JSON.stringify(key), from);
  if (at < 0) return { line: 0, at: from };
  return { line: text.slice(0, at).split('\n').length, at };
}

function place(found: { line: number }): string {
  return found.line > 0 ? `line ${found.line}` : '';
}

/**
 * Reads the competition's JSON: `{"images": {"<file>": {"words": {"<id>": {"points": [[x, y],
 * …]}}}}}`; a word may carry `"transcription"` and `"ignore"` (or the `###` transcription) to be
 * don't care. Throws `LabelFormatError` naming the file, the image and word, and their line.
 */
export function parseCompetitionJson(text: string, fileName: string): LabelFile {
  const data = parseJson(text, fileName);
  if (!isRecord(data) || !isRecord(data['images'])) {
    throw labelError(fileName, '', 'expected {"images": {"<file name>": {"words": …}}}');
  }
  const clean = stripBom(text);
  const images = Object.entries(data['images']).map(([image, entry]): ImageLabels => {
    const imageKey = lineOfKey(clean, image);
    if (!isRecord(entry) || !isRecord(entry['words'])) {
      throw labelError(fileName, place(imageKey), `image "${image}" has no "words" object`);
    }
    const labels: ImageLabels = { image, polygons: [], ignore: [], texts: [], lines: [] };
    for (const [id, word] of Object.entries(entry['words'])) {
      const points = isRecord(word) ? word['points'] : undefined;
      const wordKey = lineOfKey(clean, id, imageKey.at);
      if (!isPolygon(points)) {
        throw labelError(
          fileName,
          place(wordKey),
          `image "${image}", word "${id}": "points" must be at least 3 [x, y] pairs of numbers`,
        );
      }
      const transcription =
        isRecord(word) && typeof word['transcription'] === 'string' ? word['transcription'] : '';
      labels.polygons.push(points);
      labels.texts.push(transcription);
      labels.ignore.push(
        (isRecord(word) && word['ignore'] === true) || transcription === DONT_CARE_TRANSCRIPTION,
      );
      labels.lines?.push(wordKey.line);
    }
    return labels;
  });
  return { fileName, format: LabelFormat.CompetitionJson, images };
}

/** TextSpot's eval ground truth of one image (../shared/eval/README.md). */
export interface EvalGroundTruth extends ImageLabels {
  width: number;
  height: number;
  /** Dataset the image comes from (e.g. `sroie`), for per-source figures. */
  source: string;
}

/**
 * Reads one TextSpot eval JSON file (`{"image", "width", "height", "polygons", "ignore",
 * "source", "texts"?}`). Throws `LabelFormatError` naming the file and the field's line.
 */
export function parseTextSpotJson(text: string, fileName: string): EvalGroundTruth {
  const data = parseJson(text, fileName);
  const clean = stripBom(text);
  if (!isRecord(data)) throw labelError(fileName, '', 'expected an object');
  const { image, width, height, polygons, ignore, source, texts } = data;
  const at = (key: string) => place(lineOfKey(clean, key));
  if (typeof image !== 'string')
    throw labelError(fileName, at('image'), '"image" must be a string');
  if (typeof source !== 'string') {
    throw labelError(fileName, at('source'), '"source" must be a string');
  }
  if (typeof width !== 'number' || typeof height !== 'number') {
    throw labelError(fileName, at('width'), '"width" and "height" must be numbers');
  }
  if (!Array.isArray(polygons)) {
    throw labelError(fileName, at('polygons'), '"polygons" must be an array of [x, y] point lists');
  }
  const bad = polygons.findIndex((polygon) => !isPolygon(polygon));
  if (bad >= 0) {
    throw labelError(
      fileName,
      at('polygons'),
      `polygon ${bad + 1} must be at least 3 [x, y] pairs of numbers`,
    );
  }
  if (
    !Array.isArray(ignore) ||
    ignore.length !== polygons.length ||
    !ignore.every((flag) => typeof flag === 'boolean')
  ) {
    throw labelError(fileName, at('ignore'), '"ignore" must hold one boolean per polygon');
  }
  const textList =
    Array.isArray(texts) && texts.length === polygons.length
      ? texts.map((t) => (typeof t === 'string' ? t : ''))
      : polygons.map(() => '');
  return {
    image,
    width,
    height,
    polygons: polygons as Polygon[],
    ignore: ignore as boolean[],
    texts: textList,
    source,
  };
}

/**
 * Reads a label file of any supported format, told apart by extension (`.txt`, `.csv`: ICDAR
 * 2015 text) and, for JSON, by shape (`images` → competition, `polygons` → TextSpot eval).
 */
export function parseLabelFile(fileName: string, text: string): LabelFile {
  if (/\.(txt|csv)$/i.test(fileName)) return parseIcdar2015Text(text, fileName);
  if (!/\.json$/i.test(fileName)) {
    throw labelError(fileName, '', 'not a label file (expected .txt, .csv or .json)');
  }
  const data = parseJson(text, fileName);
  if (isRecord(data) && 'images' in data) return parseCompetitionJson(text, fileName);
  if (isRecord(data) && 'polygons' in data) {
    return {
      fileName,
      format: LabelFormat.TextSpotJson,
      images: [parseTextSpotJson(text, fileName)],
    };
  }
  throw labelError(
    fileName,
    '',
    'neither the competition JSON ("images") nor TextSpot eval JSON ("polygons")',
  );
}

/** Labels matched to an image, and where they came from. */
export interface PairedLabels {
  /** The image's file name as given. */
  imageName: string;
  labels: ImageLabels;
  labelFile: string;
  format: LabelFormatValue;
}

/** A label entry no image took, and why. */
export interface UnpairedLabels {
  labelFile: string;
  /** The image the entry names. */
  image: string;
  reason: 'no image' | 'duplicate';
}

/** Result of {@link pairLabels}: nothing is dropped without being listed. */
export interface Pairing {
  paired: PairedLabels[];
  /** Image names no label entry names. */
  unpairedImages: string[];
  unpairedLabels: UnpairedLabels[];
}

/**
 * Pairs label entries with images by file name: an entry naming `a.jpg` pairs with the image
 * `a.jpg` (folders ignored), else with the one image whose stem is `a`; an ICDAR 2015 text entry
 * (`gt_a.txt` → `a`) pairs by stem. The first entry for an image wins; later ones are listed
 * as duplicates, so no label is dropped silently.
 */
export function pairLabels(imageNames: readonly string[], files: readonly LabelFile[]): Pairing {
  const byName = new Map<string, string>();
  const byStem = new Map<string, string[]>();
  for (const name of imageNames) {
    byName.set(baseName(name), name);
    const stem = fileStem(name);
    byStem.set(stem, [...(byStem.get(stem) ?? []), name]);
  }
  const taken = new Map<string, PairedLabels>();
  const unpairedLabels: UnpairedLabels[] = [];
  for (const file of files) {
    for (const labels of file.images) {
      const exact = byName.get(baseName(labels.image));
      // An ICDAR 2015 text entry is already a stem; a JSON entry names a file.
      const stem = file.format === LabelFormat.Icdar2015Txt ? labels.image : fileStem(labels.image);
      const stemMatches = byStem.get(stem) ?? [];
      const imageName = exact ?? (stemMatches.length === 1 ? stemMatches[0] : undefined);
      if (imageName === undefined) {
        unpairedLabels.push({ labelFile: file.fileName, image: labels.image, reason: 'no image' });
      } else if (taken.has(imageName)) {
        unpairedLabels.push({ labelFile: file.fileName, image: labels.image, reason: 'duplicate' });
      } else {
        taken.set(imageName, { imageName, labels, labelFile: file.fileName, format: file.format });
      }
    }
  }
  return {
    paired: [...taken.values()],
    unpairedImages: imageNames.filter((name) => !taken.has(name)),
    unpairedLabels,
  };
}

/** Loads the normalised ground-truth JSON files of an evaluation folder (Node only). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GroundTruthImage } from '../../src/features/tuning/pipeline/icdar2015.js';
import { parseTextSpotJson } from '../../src/features/tuning/pipeline/labels.js';

/**
 * Reads every `<folder>/json/*.json` ground-truth file (format of ../shared/eval/README.md),
 * sorted by file name, with the app's parser. Polygons are in the stored image's pixels.
 * Throws `LabelFormatError` on a malformed file.
 */
export function loadGroundTruth(folder: string): (GroundTruthImage & { texts?: string[] })[] {
  const jsonFolder = join(folder, 'json');
  return readdirSync(jsonFolder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => parseTextSpotJson(readFileSync(join(jsonFolder, name), 'utf8'), name));
}

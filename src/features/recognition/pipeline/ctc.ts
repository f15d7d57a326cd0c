/** Greedy CTC decoding of a recognizer's per-time-step class probabilities. */
import type { ClassCharacters } from './dictionary.js';

/** One decoded line: its text and confidence. */
export interface DecodedLine {
  /** The recognised characters, repeats collapsed and blanks dropped. */
  text: string;
  /** Mean of the kept characters' top probabilities (0–1); 0 when nothing was kept, as PaddleOCR. */
  confidence: number;
  /** Each kept character with the time steps it was read at, in `text` order. */
  characters: CtcCharacter[];
  /** Time steps of the line (the model's output width for this input). */
  timeSteps: number;
}

/** One kept character: its first and last time step (inclusive) and its top probability. */
export interface CtcCharacter {
  char: string;
  firstStep: number;
  lastStep: number;
  probability: number;
}

/**
 * Decodes one line from a `timeSteps` × `classCount` probability matrix stored row-major in
 * `probabilities` from `offset`: argmax per step, consecutive repeats collapsed, blanks dropped.
 */
export function ctcGreedyDecode(
  probabilities: Float32Array,
  offset: number,
  timeSteps: number,
  classes: ClassCharacters,
  blankIndex: number,
): DecodedLine {
  const classCount = classes.length;
  let text = '';
  let sum = 0;
  const characters: CtcCharacter[] = [];
  let previous = -1;
  for (let t = 0; t < timeSteps; t++) {
    const row = offset + t * classCount;
    let best = 0;
    let bestProbability = probabilities[row]!;
    for (let c = 1; c < classCount; c++) {
      const p = probabilities[row + c]!;
      if (p > bestProbability) {
        bestProbability = p;
        best = c;
      }
    }
    if (best !== blankIndex && best !== previous) {
      text += classes[best]!;
      sum += bestProbability;
      characters.push({
        char: classes[best]!,
        firstStep: t,
        lastStep: t,
        probability: bestProbability,
      });
    } else if (best !== blankIndex) {
      characters.at(-1)!.lastStep = t;
    }
    previous = best;
  }
  const kept = characters.length;
  return { text, confidence: kept === 0 ? 0 : sum / kept, characters, timeSteps };
}

/**
 * Decodes every line of an N × T × C output tensor; throws `RangeError` when its shape does not
 * fit the class list (a dictionary that does not belong to the model).
 */
export function ctcGreedyDecodeBatch(
  probabilities: Float32Array,
  dims: readonly number[],
  classes: ClassCharacters,
  blankIndex: number,
): DecodedLine[] {
  const [lineCount, timeSteps, classCount] = dims as [number, number, number];
  if (dims.length !== 3 || classCount !== classes.length) {
    throw new RangeError(
      `recognizer output is [${dims.join(', ')}], expected N × T × ${classes.length} classes`,
    );
  }
  const lines: DecodedLine[] = [];
  for (let n = 0; n < lineCount; n++) {
    lines.push(
      ctcGreedyDecode(probabilities, n * timeSteps * classCount, timeSteps, classes, blankIndex),
    );
  }
  return lines;
}

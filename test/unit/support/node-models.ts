/**
 * The real models and images for stage tests in Node: JPEG fixtures decoded by jpeg-js, and the
 * app's models (public/models, copied by `npm ci`) run by onnxruntime-node as a {@link RunModel}.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import * as ort from 'onnxruntime-node';
import type { Polygon } from '../../../src/core/geometry/types.js';
import type { RgbaImage } from '../../../src/core/image.js';
import type { RunModel } from '../../../src/features/models/pipeline/run-model.js';

/** A file of test/fixtures, by name. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));
}

/** A file of public/models, by name. */
export function modelPath(name: string): string {
  return fileURLToPath(new URL(`../../../public/models/${name}`, import.meta.url));
}

/** A JPEG fixture as RGBA pixels (EXIF orientation not applied). */
export function readJpeg(name: string): RgbaImage {
  const { data, width, height } = jpeg.decode(readFileSync(fixturePath(name)), {
    useTArray: true,
    formatAsRGBA: true,
  });
  return { data, width, height };
}

/** The ground-truth polygons of an eval image (test/fixtures/eval-gt/json), original-image pixels. */
export function groundTruth(name: string): Polygon[] {
  const gt = JSON.parse(readFileSync(fixturePath(`eval-gt/json/${name}.json`), 'utf8')) as {
    polygons: Polygon[];
  };
  return gt.polygons;
}

/** An onnxruntime-node session as a stage runs it, counting its runs and the batch items they held. */
export interface NodeModel {
  run: RunModel;
  /** Runs so far. */
  runs: number;
  /** Batch items (dims[0]) summed over the runs so far. */
  items: number;
  release(): Promise<void>;
}

/** Opens `path` on the CPU, one thread (the machine is shared), fed by its first input. */
export async function openNodeModel(path: string): Promise<NodeModel> {
  const session = await ort.InferenceSession.create(path, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  const inputName = session.inputNames[0]!;
  const outputName = session.outputNames[0]!;
  const model: NodeModel = {
    runs: 0,
    items: 0,
    async run(input, dims) {
      model.runs++;
      model.items += dims[0] ?? 0;
      const outputs = await session.run({ [inputName]: new ort.Tensor('float32', input, dims) });
      const output = outputs[outputName]!;
      return { data: output.data as Float32Array, dims: output.dims };
    },
    release: () => session.release(),
  };
  return model;
}

/** `image` turned `quarterTurnsCW` quarter turns clockwise, as a phone held sideways takes it. */
export function turnClockwise(image: RgbaImage, quarterTurnsCW: 0 | 1 | 2 | 3): RgbaImage {
  const { width, height, data } = image;
  const sideways = quarterTurnsCW % 2 === 1;
  const outWidth = sideways ? height : width;
  const outHeight = sideways ? width : height;
  const out = new Uint8ClampedArray(outWidth * outHeight * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [u, v] =
        quarterTurnsCW === 0
          ? [x, y]
          : quarterTurnsCW === 1
            ? [height - 1 - y, x]
            : quarterTurnsCW === 2
              ? [width - 1 - x, height - 1 - y]
              : [y, width - 1 - x];
      const from = (y * width + x) * 4;
      out.set(data.subarray(from, from + 4), (v * outWidth + u) * 4);
    }
  }
  return { data: out, width: outWidth, height: outHeight };
}

/** `polygon` (pixels of a `width` × `height` image) where it lies once the image is turned like {@link turnClockwise}. */
export function turnPolygonClockwise(
  polygon: Polygon,
  width: number,
  height: number,
  quarterTurnsCW: 0 | 1 | 2 | 3,
): Polygon {
  return polygon.map(([x, y]) =>
    quarterTurnsCW === 0
      ? [x, y]
      : quarterTurnsCW === 1
        ? [height - y, x]
        : quarterTurnsCW === 2
          ? [width - x, height - y]
          : [y, width - x],
  );
}

/**
 * `image` reduced so its long side is at most `longSide`, each output pixel the mean of the
 * source pixels it covers (the browser's decode-time resize stands in as near enough).
 */
export function reduceTo(image: RgbaImage, longSide: number): RgbaImage {
  const ratio = longSide / Math.max(image.width, image.height);
  if (ratio >= 1) return image;
  const width = Math.max(1, Math.round(image.width * ratio));
  const height = Math.max(1, Math.round(image.height * ratio));
  const out = new Uint8ClampedArray(width * height * 4);
  for (let v = 0; v < height; v++) {
    const y0 = Math.floor((v * image.height) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((v + 1) * image.height) / height));
    for (let u = 0; u < width; u++) {
      const x0 = Math.floor((u * image.width) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((u + 1) * image.width) / width));
      const sum = [0, 0, 0, 0];
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          for (let c = 0; c < 4; c++) sum[c]! += image.data[(y * image.width + x) * 4 + c]!;
        }
      }
      const count = (y1 - y0) * (x1 - x0);
      for (let c = 0; c < 4; c++) out[(v * width + u) * 4 + c] = sum[c]! / count;
    }
  }
  return { data: out, width, height };
}

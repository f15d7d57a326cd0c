/**
 * hOCR (https://kba.github.io/hocr-spec/1.2/), the open format other OCR tools and viewers read:
 * one XHTML file per image, its regions as `ocr_line`s in reading order, each word an `ocrx_word`
 * with its box (original-image pixels) and confidence.
 */
import { polygonBounds } from '../../../core/geometry/polygon.js';
import { readingOrderLines } from '../../../core/geometry/reading-order.js';
import type { Polygon } from '../../../core/geometry/types.js';
import type { Detection, RecognizedWord } from '../../detection/pipeline/detection.js';

/** One image as the hOCR writer reads it: its name, size (original pixels) and regions. */
export interface HocrPage {
  fileName: string;
  width: number;
  height: number;
  detections: readonly Detection[];
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/** hOCR's `bbox x0 y0 x1 y1`: the polygon's bounds, whole pixels, inside the image. */
function bbox(imagePolygon: Polygon, width: number, height: number): string {
  const { minX, minY, maxX, maxY } = polygonBounds(imagePolygon);
  const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));
  return `bbox ${[
    clamp(Math.floor(minX), width),
    clamp(Math.floor(minY), height),
    clamp(Math.ceil(maxX), width),
    clamp(Math.ceil(maxY), height),
  ].join(' ')}`;
}

/** A region's words; a region read before word boxes existed is one word per space-split piece, on the whole line. */
function wordsOf(detection: Detection): RecognizedWord[] {
  if (detection.words && detection.words.length > 0) return detection.words;
  const text = detection.text?.trim() ?? '';
  if (text === '') return [];
  return text.split(/\s+/).map((word) => ({
    text: word,
    points: detection.imagePolygon,
    score: detection.textScore ?? 0,
  }));
}

/** The hOCR document of one image: lines in reading order, regions without text left out. */
export function toHocr(page: HocrPage): string {
  const { width, height } = page;
  const order = readingOrderLines(page.detections.map((d) => d.imagePolygon)).flat();
  const lines: string[] = [];
  let wordCount = 0;
  for (const index of order) {
    const detection = page.detections[index]!;
    const words = wordsOf(detection);
    if (words.length === 0) continue;
    const lineId = lines.length + 1;
    const spans = words.map((word) => {
      wordCount++;
      const confidence = Math.round(word.score * 100);
      return `<span class="ocrx_word" id="word_1_${wordCount}" title="${bbox(word.points, width, height)}; x_wconf ${confidence}">${escapeXml(word.text)}</span>`;
    });
    lines.push(
      `   <span class="ocr_line" id="line_1_${lineId}" title="${bbox(detection.imagePolygon, width, height)}">${spans.join(' ')}</span>`,
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
    '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">',
    ' <head>',
    `  <title>${escapeXml(page.fileName)}</title>`,
    '  <meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>',
    '  <meta name="ocr-system" content="TextSpot"/>',
    '  <meta name="ocr-capabilities" content="ocr_page ocr_line ocrx_word ocrp_wconf"/>',
    ' </head>',
    ' <body>',
    `  <div class="ocr_page" id="page_1" title="image &quot;${escapeXml(page.fileName)}&quot;; bbox 0 0 ${width} ${height}; ppageno 0">`,
    ...lines,
    '  </div>',
    ' </body>',
    '</html>',
    '',
  ].join('\n');
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorName } from '../../src/core/errors.js';
import {
  labelMarginPx,
  outsideLabelMessage,
  withinImage,
} from '../../src/features/tuning/pipeline/label-bounds.js';
import {
  type LabelFile,
  LabelFormat,
  pairLabels,
  parseCompetitionJson,
  parseIcdar2015Text,
  parseLabelFile,
  parseTextSpotJson,
} from '../../src/features/tuning/pipeline/labels.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/labels/${name}`, import.meta.url), 'utf8');
const evalGt = (name: string) =>
  parseTextSpotJson(
    readFileSync(new URL(`../fixtures/eval-gt/json/${name}`, import.meta.url), 'utf8'),
    name,
  );

/** The thrown error's name and message, or null when nothing is thrown. */
function failure(run: () => unknown): { name: string; message: string } | null {
  try {
    run();
    return null;
  } catch (error) {
    return { name: errorName(error), message: (error as Error).message };
  }
}

describe('parseIcdar2015Text', () => {
  it('reads boxes, transcriptions with commas and ### as don’t care', () => {
    const file = parseIcdar2015Text(
      '1,2,3,2,3,4,1,4,HELLO, WORLD\n5,6,7,6,7,8,5,8,###\n',
      'gt_a.txt',
    );
    expect(file.format).toBe(LabelFormat.Icdar2015Txt);
    expect(file.images).toEqual([
      {
        image: 'a',
        polygons: [
          [
            [1, 2],
            [3, 2],
            [3, 4],
            [1, 4],
          ],
          [
            [5, 6],
            [7, 6],
            [7, 8],
            [5, 8],
          ],
        ],
        ignore: [false, true],
        texts: ['HELLO, WORLD', '###'],
        lines: [1, 2],
      },
    ]);
  });

  it('tolerates a byte-order mark, CRLF line ends, blank lines and a missing transcription', () => {
    const file = parseIcdar2015Text('\uFEFF1,2,3,2,3,4,1,4,A\r\n\r\n5,6,7,6,7,8,5,8\r\n', 'b.txt');
    expect(file.images[0]).toMatchObject({ image: 'b', ignore: [false, false], texts: ['A', ''] });
    expect(file.images[0]!.polygons[1]).toEqual([
      [5, 6],
      [7, 6],
      [7, 8],
      [5, 8],
    ]);
  });

  it('reads the upstream ICDAR 2015 file as the normalised eval JSON holds it', () => {
    const file = parseIcdar2015Text(fixture('gt_ic15_img_2.txt'), 'gt_ic15_img_2.txt');
    const expected = evalGt('ic15_img_2.json');
    expect(file.images[0]).toMatchObject({
      image: 'ic15_img_2',
      polygons: expected.polygons,
      ignore: expected.ignore,
    });
  });

  it.each([
    ['too few coordinates', '1,2,3,4,5,6,7\n', 'line 1'],
    ['a coordinate that is not a number', '1,2,3,2,3,4,1,4,ok\n1,2,x,2,3,4,1,4,bad\n', 'line 2'],
    ['an empty coordinate', '\r\n1,,3,2,3,4,1,4,bad\r\n', 'line 2'],
  ])('refuses %s with a LabelFormatError naming file and line', (_, text, line) => {
    expect(failure(() => parseIcdar2015Text(text, 'gt_c.txt'))).toEqual({
      name: 'LabelFormatError',
      message: expect.stringContaining(`gt_c.txt, ${line}:`),
    });
  });
});

describe('parseCompetitionJson', () => {
  it('reads every image’s words as polygons, in the eval JSON’s order', () => {
    const file = parseCompetitionJson(fixture('competition.json'), 'competition.json');
    expect(file.images.map((i) => i.image)).toEqual(['sroie_019.jpg', 'sroie_053.jpg']);
    const expected = evalGt('sroie_053.json');
    expect(file.images[1]).toMatchObject({ polygons: expected.polygons, texts: expected.texts });
    expect(file.images[1]!.ignore.every((flag) => !flag)).toBe(true);
  });

  it('marks words flagged ignore, or transcribed ###, as don’t care', () => {
    const text = JSON.stringify({
      images: {
        'a.jpg': {
          words: {
            '0': {
              points: [
                [0, 0],
                [1, 0],
                [1, 1],
              ],
              ignore: true,
            },
            '1': {
              points: [
                [0, 0],
                [1, 0],
                [1, 1],
              ],
              transcription: '###',
            },
            '2': {
              points: [
                [0, 0],
                [1, 0],
                [1, 1],
              ],
              transcription: 'x',
            },
          },
        },
      },
    });
    expect(parseCompetitionJson(text, 'c.json').images[0]!.ignore).toEqual([true, true, false]);
  });

  it('names the file, image, word and line of a word without points', () => {
    const text =
      '{"images": {\n "a.jpg": {"words": {\n  "0": {"points": [[0,0],[1,0],[1,1]]},\n  "7": {"points": [[0,0]]}\n}}}}';
    expect(failure(() => parseCompetitionJson(text, 'c.json'))).toEqual({
      name: 'LabelFormatError',
      message:
        'c.json, line 4: image "a.jpg", word "7": "points" must be at least 3 [x, y] pairs of numbers',
    });
  });

  it('names the line of a JSON syntax error', () => {
    const error = failure(() => parseCompetitionJson('{"images": {\n "a.jpg": {,}\n}}', 'c.json'));
    expect(error).toEqual({ name: 'LabelFormatError', message: 'c.json, line 2: not valid JSON' });
  });
});

describe('parseTextSpotJson', () => {
  it('reads the eval ground truth with its size and source', () => {
    const gt = parseTextSpotJson(fixture('sroie_614.json'), 'sroie_614.json');
    expect(gt).toMatchObject({ image: 'sroie_614.jpg', width: 660, height: 1243, source: 'sroie' });
    expect(gt.polygons).toHaveLength(gt.ignore.length);
  });

  it.each([
    [
      'ignore flags that do not line up',
      { ignore: [] },
      '"ignore" must hold one boolean per polygon',
    ],
    ['a polygon of one point', { polygons: [[[0, 0]]], ignore: [false] }, 'polygon 1 must be'],
    ['a missing image name', { image: 3 }, '"image" must be a string'],
  ])('refuses %s, naming the file', (_, change, problem) => {
    const base = {
      image: 'a.jpg',
      width: 10,
      height: 10,
      source: 's',
      polygons: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
        ],
      ],
      ignore: [false],
    };
    const text = JSON.stringify({ ...base, ...change }, null, 1);
    expect(failure(() => parseTextSpotJson(text, 'a.json'))).toEqual({
      name: 'LabelFormatError',
      message: expect.stringMatching(
        new RegExp(`^a\\.json, line \\d+: .*${problem.replace(/[[\]"]/g, '.')}`),
      ),
    });
  });
});

describe('parseLabelFile', () => {
  it('tells the three formats apart by extension and shape', () => {
    expect(parseLabelFile('gt_ic15_img_2.txt', fixture('gt_ic15_img_2.txt')).format).toBe(
      LabelFormat.Icdar2015Txt,
    );
    expect(parseLabelFile('competition.json', fixture('competition.json')).format).toBe(
      LabelFormat.CompetitionJson,
    );
    expect(parseLabelFile('sroie_614.json', fixture('sroie_614.json')).format).toBe(
      LabelFormat.TextSpotJson,
    );
  });

  it('refuses JSON of neither shape and files of other kinds', () => {
    expect(failure(() => parseLabelFile('x.json', '{"words": []}'))?.message).toMatch(
      /^x\.json: neither/,
    );
    expect(failure(() => parseLabelFile('x.xml', '<a/>'))?.name).toBe('LabelFormatError');
  });
});

describe('pairLabels', () => {
  const file = (fileName: string, format: LabelFile['format'], images: string[]): LabelFile => ({
    fileName,
    format,
    images: images.map((image) => ({ image, polygons: [], ignore: [], texts: [] })),
  });

  it('pairs by exact name, by stem, and ICDAR text files by their gt_ stem', () => {
    const pairing = pairLabels(
      ['shop/a.jpg', 'b.png', 'img_1.jpg'],
      [
        file('comp.json', LabelFormat.CompetitionJson, ['a.jpg', 'b.jpg']),
        file('gt_img_1.txt', LabelFormat.Icdar2015Txt, ['img_1']),
      ],
    );
    expect(pairing.paired.map((p) => [p.imageName, p.labelFile])).toEqual([
      ['shop/a.jpg', 'comp.json'],
      ['b.png', 'comp.json'],
      ['img_1.jpg', 'gt_img_1.txt'],
    ]);
    expect(pairing.unpairedImages).toEqual([]);
    expect(pairing.unpairedLabels).toEqual([]);
  });

  it('lists images without labels, labels without images and duplicates instead of dropping them', () => {
    const pairing = pairLabels(
      ['a.jpg', 'lonely.jpg'],
      [
        file('a.txt', LabelFormat.Icdar2015Txt, ['a']),
        file('comp.json', LabelFormat.CompetitionJson, ['a.jpg', 'ghost.jpg']),
      ],
    );
    expect(pairing.paired.map((p) => p.labelFile)).toEqual(['a.txt']);
    expect(pairing.unpairedImages).toEqual(['lonely.jpg']);
    expect(pairing.unpairedLabels).toEqual([
      { labelFile: 'comp.json', image: 'a.jpg', reason: 'duplicate' },
      { labelFile: 'comp.json', image: 'ghost.jpg', reason: 'no image' },
    ]);
  });

  it('does not guess between two images with the same stem', () => {
    const pairing = pairLabels(
      ['a.jpg', 'a.png'],
      [file('gt_a.txt', LabelFormat.Icdar2015Txt, ['a'])],
    );
    expect(pairing.paired).toEqual([]);
    expect(pairing.unpairedLabels).toHaveLength(1);
  });
});

describe('label boxes outside their image', () => {
  it('leaves out boxes beyond the margin and names each by file and line', () => {
    const text = [
      '10,10,50,10,50,30,10,30,INSIDE',
      '1e308,10,1e308,20,5,20,5,10,FAR RIGHT',
      '',
      '-3,-3,40,-3,40,20,-3,20,WITHIN MARGIN',
      '10,-1000000000,20,-1000000000,20,5,10,5,FAR ABOVE',
    ].join('\n');
    const [labels] = parseIcdar2015Text(text, 'gt_img_1.txt').images;
    const { labels: kept, outside } = withinImage(labels!, 200, 100, 'gt_img_1.txt');
    expect(kept.texts).toEqual(['INSIDE', 'WITHIN MARGIN']);
    expect(kept.polygons).toHaveLength(2);
    expect(kept.ignore).toHaveLength(2);
    expect(kept.lines).toEqual([1, 4]);
    expect(outside.map((o) => outsideLabelMessage(o, 200, 100))).toEqual([
      'gt_img_1.txt, line 2: x = 1e+308 is outside the 200 × 100 image; left out of scoring.',
      'gt_img_1.txt, line 5: y = -1000000000 is outside the 200 × 100 image; left out of scoring.',
    ]);
  });

  it('keeps the same labels when every box is inside, and scales the margin with the image', () => {
    const [labels] = parseIcdar2015Text('0,0,10,0,10,10,0,10,A', 'a.txt').images;
    expect(withinImage(labels!, 20, 20, 'a.txt').labels).toBe(labels);
    expect(labelMarginPx(100, 50)).toBe(4);
    expect(labelMarginPx(2000, 1000)).toBe(40);
  });

  it('names the line of a competition JSON word, and the box where a format has no lines', () => {
    const json = JSON.stringify(
      {
        images: {
          'a.jpg': {
            words: {
              w1: {
                points: [
                  [0, 0],
                  [9e9, 0],
                  [5, 5],
                ],
              },
            },
          },
        },
      },
      null,
      2,
    );
    const [labels] = parseCompetitionJson(json, 'labels.json').images;
    const [entry] = withinImage(labels!, 100, 100, 'labels.json').outside;
    expect(outsideLabelMessage(entry!, 100, 100)).toBe(
      'labels.json, line 5: x = 9000000000 is outside the 100 × 100 image; left out of scoring.',
    );
    const noLines = { ...labels!, lines: undefined };
    const [unplaced] = withinImage(noLines, 100, 100, 'eval.json').outside;
    expect(outsideLabelMessage(unplaced!, 100, 100)).toBe(
      'eval.json, box 1 of "a.jpg": x = 9000000000 is outside the 100 × 100 image; left out of scoring.',
    );
  });
});

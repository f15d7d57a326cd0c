// Renders public/icons/icon.svg to the PNG sizes browsers ask for (manifest 192 and 512, the
// 180 px Apple touch icon), with Debian's Chromium: `npx tsx scripts/make-icons.ts`. The PNGs
// are committed; run this again after changing the SVG.
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const svg = readFileSync(new URL('../public/icons/icon.svg', import.meta.url), 'utf8');
const sizes: [string, number][] = [
  ['icon-192.png', 192],
  ['icon-512.png', 512],
  ['apple-touch-icon.png', 180],
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  for (const [name, size] of sizes) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(
      `<body style="margin:0"><img src="${dataUrl}" width="${size}" height="${size}"></body>`,
    );
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
    const png = await page.screenshot({ clip: { x: 0, y: 0, width: size, height: size } });
    writeFileSync(new URL(`../public/icons/${name}`, import.meta.url), png);
    console.log(`icons: public/icons/${name} (${size} px, ${png.length} bytes)`);
    await page.close();
  }
} finally {
  await browser.close();
}

// Renders the app icons (public/icons/*.png) from their SVG sources in headless Chromium, so the
// PNGs the web manifest needs come from one drawing. Run after changing an SVG:
//   node scripts/make-icons.mjs
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

const targets = [
  { svg: 'icon.svg', png: 'icon-192.png', size: 192 },
  { svg: 'icon.svg', png: 'icon-512.png', size: 512 },
  { svg: 'icon-maskable.svg', png: 'icon-maskable-512.png', size: 512 },
  { svg: 'icon.svg', png: 'apple-touch-icon-180.png', size: 180 },
];

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
for (const { svg, png, size } of targets) {
  const source = readFileSync(new URL(`../public/icons/${svg}`, import.meta.url), 'utf8');
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${source.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  await page.screenshot({ path: new URL(`../public/icons/${png}`, import.meta.url).pathname, omitBackground: true });
  console.log(`public/icons/${png} (${size}x${size})`);
}
await browser.close();

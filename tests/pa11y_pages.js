// Runs pa11y (HTML_CodeSniffer, WCAG 2 AA) over pages with one Chromium, at each width and colour
// scheme asked for, and prints one JSON array: {url, width, scheme, issues: [...]} per run.
// Usage: node tests/pa11y_pages.js '{"urls": [...], "widths": [390, 1280], "schemes": ["light", "dark"]}'
// The browser is Debian's Chromium (PUPPETEER_EXECUTABLE_PATH, else /usr/bin/chromium); pa11y's own
// browser download is never needed (PUPPETEER_SKIP_DOWNLOAD=1 at install).
"use strict";

const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

async function main() {
  const { urls, widths, schemes } = JSON.parse(process.argv[2]);
  const browser = await puppeteer.launch({
    executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    headless: true,
  });
  const results = [];
  try {
    for (const scheme of schemes) {
      const page = await browser.newPage();
      await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
      for (const width of widths) {
        for (const url of urls) {
          const result = await pa11y(url, {
            browser,
            page,
            standard: "WCAG2AA",
            runners: ["htmlcs"],
            viewport: { width, height: width < 600 ? 844 : 1024 },
            includeWarnings: false,
            includeNotices: false,
            timeout: 60000,
          });
          const theme = await page.evaluate(() => document.documentElement.dataset.theme);
          results.push({ url, width, scheme, theme, issues: result.issues });
        }
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});

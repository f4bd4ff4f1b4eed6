// pa11y drives Debian's Chromium (apt-get install chromium) through Puppeteer, which must never try
// to download a browser of its own: the tests run offline.
module.exports = {
  skipDownload: true,
  executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || "/usr/bin/chromium",
};

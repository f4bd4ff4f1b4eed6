/* Print in the light colours: the theme's print button (or the browser's Print) in dark mode
   would otherwise print light text on white paper. The reader's choice comes back afterwards. */
(() => {
  "use strict";
  const root = document.documentElement;
  let chosen = null;
  window.addEventListener("beforeprint", () => {
    chosen = root.dataset.theme;
    root.dataset.theme = "light";
  });
  window.addEventListener("afterprint", () => {
    if (chosen !== null) root.dataset.theme = chosen;
    chosen = null;
  });
})();

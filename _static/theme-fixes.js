/* Accessibility fixes for markup that the theme and its extensions write on every page, found by
   axe-core. Each fix makes an element's accessible name or role agree with what it shows:
   - the search field is labelled "Search" but shows "Search Ctrl+K": its name becomes its text;
   - the colour-mode button's icons carry titles (Light, Dark, System Settings) that read as text
     inside a button named "Color mode": the icons become decorative;
   - bibliography entries use the retired role doc-biblioentry inside a list: they become list items;
   - a wide table scrolls sideways in its container (the theme's, or a cell's HTML output on a
     phone), which the keyboard cannot reach: a container that overflows becomes a tab stop. (pydata-sphinx-theme 0.16 does this itself, but it comes
     only with sphinx-book-theme 1.2+, whose sidebar buttons are broken; the book pins the 0.15.4
     and 1.1.4 pair, see requirements.txt.) */
(() => {
  "use strict";
  function fixPage() {
    document.querySelectorAll(".search-button-field[aria-label]")
      .forEach((element) => element.removeAttribute("aria-label"));
    document.querySelectorAll(".theme-switch-button > *").forEach((icon) => {
      ["title", "role", "aria-labelledby"].forEach((name) => icon.removeAttribute(name));
      icon.querySelectorAll("title").forEach((title) => title.remove());
      icon.setAttribute("aria-hidden", "true");
    });
    document.querySelectorAll('[role="list"] > [role="doc-biblioentry"]')
      .forEach((entry) => entry.setAttribute("role", "listitem"));
    const scrollers = new ResizeObserver((entries) => entries.forEach(({ target }) => {
      if (target.scrollWidth > target.clientWidth) target.setAttribute("tabindex", "0");
      else target.removeAttribute("tabindex");
    }));
    document.querySelectorAll(".pst-scrollable-table-container, div.output.text_html")
      .forEach((container) => scrollers.observe(container));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fixPage);
  else fixPage();
})();

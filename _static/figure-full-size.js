/* A link under every chart's caption opens the chart on its own, at full size: on a phone, where a
   chart shrinks to the width of the screen, the reader can open it and zoom into a sharp SVG.
   Charts embedded in the page as data (the economics scenarios) open through a blob URL, because
   browsers do not open data URLs in a tab. */
(() => {
  "use strict";
  function addLinks() {
    document.querySelectorAll(".bd-article figure").forEach((figure) => {
      const image = figure.querySelector("img");
      const caption = figure.querySelector("figcaption");
      if (!image || !caption || figure.querySelector(".figure-full-size")) return;
      const link = document.createElement("a");
      link.textContent = "Open the figure at full size";
      link.href = image.currentSrc || image.src;
      if (link.href.startsWith("data:")) {
        fetch(link.href).then((response) => response.blob()).then((blob) => { link.href = URL.createObjectURL(blob); });
      }
      const line = document.createElement("p");
      line.className = "figure-full-size";
      line.append(link);
      caption.append(line);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", addLinks);
  else addLinks();
})();

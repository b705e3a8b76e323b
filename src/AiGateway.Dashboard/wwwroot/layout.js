// The layout's small browser-side helpers: the dark-mode choice a person made on this browser, and the phone width
// at which the navigation starts closed (MudBlazor's "sm" breakpoint).
window.aigwTheme = {
  saved: function (person) {
    try { return localStorage.getItem("aigw-theme:" + person); } catch { return null; }
  },
  save: function (person, value) {
    try { localStorage.setItem("aigw-theme:" + person, value); } catch { }
  },
  isNarrow: function () { return window.matchMedia("(max-width: 959.98px)").matches; }
};

// Runs fn once per animation frame after the page's DOM changed (Blazor renders), and once when the page has loaded.
function aigwOnDomChange(fn) {
  let pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; fn(); });
  }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  document.addEventListener("DOMContentLoaded", fn);
}

// A table wider than a phone scrolls inside its own container: that container takes keyboard focus and is named
// after its table, so it can be scrolled without a mouse (tables wrapped in a ScrollRegion already are).
(function () {
  function label(container) {
    const table = container.querySelector("table");
    const named = container.closest("[aria-label]");
    const heading = container.closest(".mud-paper, .mud-card, section")?.querySelector("h1, h2, h3, h4, h5, h6");
    return table?.getAttribute("aria-label") || named?.getAttribute("aria-label") || heading?.textContent?.trim() || "Table";
  }
  function mark() {
    for (const c of document.querySelectorAll(".mud-table-container:not([tabindex])")) {
      if (c.closest(".scroll-region")) continue;
      c.setAttribute("tabindex", "0");
      c.setAttribute("role", "region");
      c.setAttribute("aria-label", label(c));
    }
  }
  aigwOnDomChange(mark);
})();

// The skip link moves focus to the page's content (the base address would otherwise turn "#…" into another page),
// and the reconnect banner's link reloads. Handled here, before Blazor's own link handling: the CSP allows no inline script.
window.addEventListener("click", function (e) {
  const skip = e.target.closest && e.target.closest("[data-skip-to]");
  if (skip) {
    e.preventDefault();
    e.stopPropagation();
    document.getElementById(skip.dataset.skipTo)?.focus();
    return;
  }
  if (e.target.closest && e.target.closest("[data-reload]")) {
    e.preventDefault();
    e.stopPropagation();
    location.reload();
  }
}, true);

// A bar chart whose card says data-axis-every="N": every bar keeps its label (its tooltip names the day), the axis
// shows every Nth, the last, and any that carries a mark (⚠), so the labels stay readable.
(function () {
  function thin() {
    for (const card of document.querySelectorAll("[data-axis-every]")) {
      const every = parseInt(card.dataset.axisEvery, 10) || 1;
      const labels = card.querySelectorAll(".mud-charts-xaxis text");
      labels.forEach(function (t, i) {
        const keep = i % every === 0 || i === labels.length - 1 || t.textContent.includes("⚠");
        t.style.display = keep ? "" : "none";
      });
    }
  }
  aigwOnDomChange(thin);
})();

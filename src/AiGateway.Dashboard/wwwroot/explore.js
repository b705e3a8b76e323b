// Explore's drill-down from the chart: MudBlazor draws the bars but raises no click for them, so clicks on a
// bar segment (or a legend entry) are matched to their series by colour and handed to the page.
window.aigwExplore = {
  attach: function (host, page) {
    if (host.dataset.aigwAttached) return;
    host.dataset.aigwAttached = "1";
    host.addEventListener("click", function (e) {
      const chart = host.querySelector("[data-testid=explore-chart]");
      if (!chart || !chart.contains(e.target)) return;
      const markers = Array.from(chart.querySelectorAll(".mud-chart-legend-marker"))
        .map(m => (m.style.backgroundColor || "").toLowerCase());
      const legend = e.target.closest(".mud-chart-legend-item");
      if (legend) {
        const items = Array.from(chart.querySelectorAll(".mud-chart-legend-item"));
        page.invokeMethodAsync("OnSeriesClicked", items.indexOf(legend));
        return;
      }
      const bar = e.target.closest("path.mud-chart-bar");
      if (!bar) return;
      // Compare colours as the browser normalises them (rgb(…)).
      const probe = document.createElement("span");
      probe.style.backgroundColor = bar.getAttribute("stroke") || bar.getAttribute("fill") || "";
      const index = markers.indexOf((probe.style.backgroundColor || "").toLowerCase());
      if (index >= 0) page.invokeMethodAsync("OnSeriesClicked", index);
    });
  }
};

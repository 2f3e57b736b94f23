// Octavo's preview: ask the server which build is current and reload the page when another is shown,
// or when the last build failed (the server then puts its error at the top of the page). Served only by
// `octavo serve`, never part of an edition.
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = script.getAttribute("data-generation");
  var failed = script.getAttribute("data-failed") === "1";
  function ask() {
    fetch("/__octavo/state", { cache: "no-store" })
      .then(function (answer) { return answer.json(); })
      .then(function (state) {
        if (String(state.generation) !== shown || Boolean(state.error) !== failed) {
          window.location.reload();
        } else {
          window.setTimeout(ask, 500);
        }
      })
      .catch(function () { window.setTimeout(ask, 2000); });
  }
  window.setTimeout(ask, 500);
})();

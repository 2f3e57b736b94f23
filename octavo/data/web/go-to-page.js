// Octavo's go-to-page box on the web edition's contents page: it looks a printed page up in the table that the
// build wrote beside it (folio → page#anchor) and opens that place. Without this script the box stays hidden.
(function () {
  "use strict";
  var form = document.getElementById("go-to-page");
  var table = document.getElementById("page-table");
  if (!form || !table) {
    return;
  }
  var pages = JSON.parse(table.textContent);
  var input = form.querySelector("input");
  var status = form.querySelector("[role=status]");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var asked = input.value.trim();
    var folio = asked.toLowerCase();
    if (Object.prototype.hasOwnProperty.call(pages, folio)) {
      status.textContent = "";
      window.location.href = pages[folio];
    } else {
      status.textContent = form.getAttribute("data-missing").replace("{page}", asked);
    }
  });
  form.hidden = false;
})();

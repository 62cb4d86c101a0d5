/* Figure span <-> value: pointing at (or focusing) one lights up its pair (issue 15).
   The page reads fine without this script; it only adds the highlight. */
(function () {
  "use strict";
  function toggle(event, on) {
    var pair = document.getElementById(event.currentTarget.getAttribute("data-pair"));
    event.currentTarget.classList.toggle("lit", on);
    if (pair) { pair.classList.toggle("lit", on); }
  }
  document.querySelectorAll("[data-pair]").forEach(function (node) {
    ["mouseenter", "focus"].forEach(function (n) { node.addEventListener(n, function (e) { toggle(e, true); }); });
    ["mouseleave", "blur"].forEach(function (n) { node.addEventListener(n, function (e) { toggle(e, false); }); });
  });
}());

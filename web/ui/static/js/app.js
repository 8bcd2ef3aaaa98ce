// Small conveniences; every page works without them.
document.addEventListener("click", function (e) {
  var t = e.target.closest("[data-print],[data-back],[data-confirm]");
  if (!t) return;
  if (t.hasAttribute("data-print")) {
    e.preventDefault();
    window.print();
  } else if (t.hasAttribute("data-back") && history.length > 1) {
    e.preventDefault();
    history.back();
  } else if (t.hasAttribute("data-confirm") && !window.confirm(t.getAttribute("data-confirm"))) {
    e.preventDefault();
  }
});

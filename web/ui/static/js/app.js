// Small conveniences; every page works without them.
document.addEventListener("click", function (e) {
  // A tap outside the phone's open menu closes it, as a menu does.
  var menu = document.querySelector("details.menu-phone[open]");
  if (menu && !menu.contains(e.target)) menu.open = false;
  // So does a click outside an open group of the menu bar; opening a group
  // closes the one open before.
  document.querySelectorAll("details.menu-group[open]").forEach(function (g) {
    if (!g.contains(e.target)) g.open = false;
  });
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
// Escape closes the open group of the bar, or the phone's menu, and
// returns to its button.
document.addEventListener("keydown", function (e) {
  var group = document.querySelector("details.menu-group[open]");
  if (group && e.key === "Escape") {
    group.open = false;
    group.querySelector("summary").focus();
    return;
  }
  var menu = document.querySelector("details.menu-phone[open]");
  if (menu && e.key === "Escape") {
    menu.open = false;
    menu.querySelector("summary").focus();
  }
});

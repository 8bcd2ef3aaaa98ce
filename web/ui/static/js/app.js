// Small conveniences; every page works without them.
document.addEventListener("click", function (e) {
  // A tap outside the phone's open menu closes it, as a menu does.
  var menu = document.querySelector("details.menu-phone[open]");
  if (menu && !menu.contains(e.target)) menu.open = false;
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
// Escape closes the phone's menu and returns to its button.
document.addEventListener("keydown", function (e) {
  var menu = document.querySelector("details.menu-phone[open]");
  if (menu && e.key === "Escape") {
    menu.open = false;
    menu.querySelector("summary").focus();
  }
});

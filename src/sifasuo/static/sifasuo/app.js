// sifasuo — page behaviour without inline scripts or handlers (the Content-Security-Policy allows none):
// elements say what they do in data- attributes, and these listeners act on them.
document.addEventListener("click", function (event) {
  const target = event.target.closest("[data-print], [data-back], [data-confirm], [data-reveal], [data-tree-toggle]");
  if (!target) return;
  if (target.hasAttribute("data-print")) {
    window.print();
  } else if (target.hasAttribute("data-back")) {
    event.preventDefault();
    history.back();
  } else if (target.hasAttribute("data-confirm")) {
    if (!window.confirm(target.dataset.confirm)) event.preventDefault();
  } else if (target.hasAttribute("data-reveal")) {
    const shown = document.getElementById(target.dataset.reveal);
    if (shown) shown.classList.remove("d-none");
  } else if (target.hasAttribute("data-tree-toggle")) {
    toggleTreeNode(target);
  }
});

// The organisation tree: expand a node (its children load once, over htmx), or fold it away again.
function toggleTreeNode(button) {
  const children = button.parentElement.querySelector(":scope > .children");
  const open = button.getAttribute("aria-expanded") === "true";
  const name = button.getAttribute("aria-label").slice(2);
  if (!button.dataset.loaded) {
    button.dataset.loaded = "1";
    htmx.trigger(button, "sifasuo:load");
  }
  children.hidden = open;
  button.setAttribute("aria-expanded", open ? "false" : "true");
  button.setAttribute("aria-label", (open ? "展开" : "收起") + name);
  button.textContent = open ? "▸" : "▾";
}

// Behaviour every page shares (no inline scripts): the side menu marks the page being shown and opens its
// group; on wide screens the menu can be folded away, and stays so (remembered in this browser).
(function () {
  "use strict";

  function markCurrent(menu) {
    const here = window.location.pathname;
    let best = null;
    let bestLength = 0;
    menu.querySelectorAll("a.side-link").forEach(function (link) {
      const path = new URL(link.href, window.location.href).pathname;
      const matches = path === "/" ? here === "/" : here === path || here.startsWith(path);
      if (matches && path.length > bestLength) {
        best = link;
        bestLength = path.length;
      }
    });
    if (!best) { return; }
    best.classList.add("active");
    best.setAttribute("aria-current", "page");
    const group = best.closest(".side-group");
    if (group) {
      group.querySelector(".collapse").classList.add("show");
      const toggle = group.querySelector(".side-group-toggle");
      toggle.classList.remove("collapsed");
      toggle.setAttribute("aria-expanded", "true");
    }
  }

  function setupFolding() {
    const key = "sifasuo.side-hidden";
    if (window.localStorage && window.localStorage.getItem(key) === "1") {
      document.body.classList.add("side-hidden");
    }
    document.querySelectorAll("[data-side-toggle]").forEach(function (button) {
      button.addEventListener("click", function () {
        const hidden = document.body.classList.toggle("side-hidden");
        button.setAttribute("aria-label", hidden ? "展开菜单" : "收起菜单");
        if (window.localStorage) { window.localStorage.setItem(key, hidden ? "1" : "0"); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const menu = document.getElementById("mainnav");
    if (menu) {
      markCurrent(menu);
      setupFolding();
    }
  });
}());
// Progress bars (a job's page, polled by htmx): the width comes from data-percent, as the
// Content-Security-Policy refuses a style attribute; set on the page and on every fragment htmx brings.
function setProgressWidths(root) {
  root.querySelectorAll("[data-percent]").forEach(function (bar) {
    bar.style.width = bar.dataset.percent + "%";
  });
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", function () { setProgressWidths(document); });
} else {
  setProgressWidths(document);
}
document.addEventListener("htmx:load", function (event) { setProgressWidths(event.detail.elt); });

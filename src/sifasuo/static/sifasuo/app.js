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

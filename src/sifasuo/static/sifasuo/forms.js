// Form helpers shared by the pages that load this file:
//  - rows of a Django formset added and removed in the page ([data-formset]);
//  - the cascading division picker, province → city → county → township ([data-region-picker]);
//  - sex and birth date shown from a typed ID number ([data-id-preview]).
// The server checks everything again; these only spare typing.
(function () {
  "use strict";

  // --- formsets -------------------------------------------------------------------------------------
  function renumber(box) {
    let n = 0;
    box.querySelectorAll("[data-formset-row]").forEach(function (row) {
      const cell = row.querySelector("[data-formset-number]");
      if (!row.hidden) { n += 1; }
      if (cell) { cell.textContent = row.hidden ? "" : String(n); }
    });
  }

  function removeRow(box, row) {
    const flag = row.querySelector("input[name$='-DELETE']");
    if (flag) { flag.checked = true; }
    row.hidden = true;
    renumber(box);
  }

  function setupFormset(box) {
    const prefix = box.dataset.formset;
    const total = box.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    const body = box.querySelector("[data-formset-body]");
    const template = box.querySelector("template[data-formset-template]");
    box.addEventListener("click", function (event) {
      const remove = event.target.closest("[data-formset-remove]");
      if (remove) {
        removeRow(box, remove.closest("[data-formset-row]"));
        return;
      }
      if (event.target.closest("[data-formset-add]")) {
        const index = parseInt(total.value, 10);
        const html = template.innerHTML.replace(/__prefix__/g, String(index));
        body.insertAdjacentHTML("beforeend", html);
        total.value = String(index + 1);
        renumber(box);
        const added = body.lastElementChild;
        initRegionPickers(added);
        const first = added.querySelector("select, input:not([type=hidden])");
        if (first) { first.focus(); }
      }
    });
    renumber(box);
  }

  // --- division picker ------------------------------------------------------------------------------
  function fillSelect(select, items, placeholder) {
    select.innerHTML = "";
    const empty = document.createElement("option");
    empty.value = "";
    empty.textContent = placeholder;
    select.appendChild(empty);
    items.forEach(function (item) {
      const option = document.createElement("option");
      option.value = item.code;
      option.textContent = item.name;
      select.appendChild(option);
    });
    select.disabled = items.length === 0;
  }

  function setupRegionPicker(picker) {
    if (picker.dataset.ready) { return; }
    picker.dataset.ready = "1";
    const url = picker.dataset.regionPicker;
    const selects = Array.from(picker.querySelectorAll("select"));
    selects.forEach(function (select, level) {
      select.addEventListener("change", function () {
        const below = selects.slice(level + 1);
        below.forEach(function (s) { fillSelect(s, [], s.dataset.placeholder || "请选择"); });
        if (!select.value || below.length === 0) { return; }
        fetch(url + "?parent=" + encodeURIComponent(select.value), {credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (items) {
            // A city without counties (东莞, 中山, 儋州) lists its townships at once: they go one level down.
            let target = below[0];
            if (items.length && items[0].level === "township" && below.length > 1) {
              target = below[1];
            }
            fillSelect(target, items, target.dataset.placeholder || "请选择");
          });
      });
    });
  }

  function initRegionPickers(root) {
    (root || document).querySelectorAll("[data-region-picker]").forEach(setupRegionPicker);
  }

  // --- ID number preview ----------------------------------------------------------------------------
  function setupIdPreview(input) {
    const out = document.getElementById(input.dataset.idPreview);
    if (!out) { return; }
    function show() {
      const value = input.value.trim().toUpperCase();
      const m = /^\d{6}(\d{4})(\d{2})(\d{2})\d{2}(\d)[\dX]$/.exec(value);
      if (!m) {
        out.textContent = value ? "身份证号码应为18位，末位可为X；性别和出生日期将从号码中读取" : "";
        return;
      }
      const sex = parseInt(m[4], 10) % 2 === 1 ? "男" : "女";
      out.textContent = "性别：" + sex + "　出生日期：" + m[1] + "-" + m[2] + "-" + m[3] + "（取自身份证号码）";
    }
    input.addEventListener("input", show);
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-formset]").forEach(setupFormset);
    initRegionPickers(document);
    document.querySelectorAll("[data-id-preview]").forEach(setupIdPreview);
  });
})();

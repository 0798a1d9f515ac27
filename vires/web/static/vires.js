// Progressive enhancement: searchable lists under the body and decision fields, and a filter for tables.
// Every page works without this file: a name that is not exact gets a list of the nearest to choose from.
(function () {
  "use strict";
  var lists = {};

  function words(text) {
    return text.toLowerCase().split(/[\s.\-_,()]+/).filter(function (w) { return w && ["and", "of", "the"].indexOf(w) < 0; });
  }

  function load(kind) {
    if (!lists[kind]) {
      lists[kind] = fetch("/api/" + kind, { credentials: "same-origin" }).then(function (r) { return r.json(); });
    }
    return lists[kind];
  }

  function searchable(input) {
    var kind = input.getAttribute("data-search");
    var list = document.createElement("ul");
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    var active = -1;

    function close() { list.hidden = true; active = -1; }

    function choose(item) {
      input.value = item.getAttribute("data-value");
      close();
      input.dispatchEvent(new Event("change"));
    }

    function show() {
      var wanted = words(input.value);
      if (!wanted.length) { close(); return; }
      load(kind).then(function (entries) {
        list.textContent = "";
        var shown = entries.filter(function (e) {
          if (kind === "functions" && !e.declared) { return false; }
          var have = words(e.name + " " + e.id).join(" ");
          return wanted.every(function (w) { return have.indexOf(w) >= 0; });
        }).slice(0, 12);
        shown.forEach(function (e) {
          var li = document.createElement("li");
          li.setAttribute("role", "option");
          li.setAttribute("data-value", e.name);
          li.appendChild(document.createTextNode(e.name));
          var id = document.createElement("code");
          id.className = "id";
          id.textContent = e.id;
          li.appendChild(id);
          li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(li); });
          list.appendChild(li);
        });
        active = -1;
        list.hidden = shown.length === 0;
      });
    }

    input.addEventListener("input", show);
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    input.addEventListener("keydown", function (ev) {
      var items = list.querySelectorAll("li");
      if (list.hidden || !items.length) { return; }
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        active = (active + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
        items.forEach(function (li, i) { li.setAttribute("aria-selected", i === active ? "true" : "false"); });
      } else if (ev.key === "Enter" && active >= 0) {
        ev.preventDefault();
        choose(items[active]);
      } else if (ev.key === "Escape") {
        close();
      }
    });
  }

  function filtering(input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    if (!table) { return; }
    input.addEventListener("input", function () {
      var wanted = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var text = row.textContent.toLowerCase();
        row.hidden = !wanted.every(function (w) { return text.indexOf(w) >= 0; });
      });
    });
  }

  document.querySelectorAll("input[data-search]").forEach(searchable);
  document.querySelectorAll("input[data-filter]").forEach(filtering);
})();

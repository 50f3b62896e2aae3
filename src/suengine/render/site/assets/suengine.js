/* suengine's script for the site, shipped with it (no external library or host):
   - sortable tables (`<div class="su-sortable">`): a button in every column header, aria-sort on
     the sorted column; numbers in Swedish format sort as numbers, `..` and `–` always last;
   - an accessible name for Material's search dialog (axe: aria-dialog-name);
   - keyboard access to tables that scroll sideways (axe: scrollable-region-focusable);
   - the version selector keeps the page: choosing another version opens the same page there when
     that version has it (its search index lists its pages), else that version's start page;
   - a short version label ("2025.1") beside the long one, for narrow screens (see suengine.css). */
(function () {
  "use strict";

  function sortKey(cell) {
    var marked = cell.querySelector("[data-sort]");
    var raw = marked ? marked.getAttribute("data-sort") : cell.textContent;
    var compact = raw.replace(/[\s\u00a0]/g, "").replace("\u2212", "-").replace("±", "").replace(",", ".");
    var match = compact.match(/^[+-]?\d+(\.\d+)?/);
    if (match) {
      return { kind: 0, number: parseFloat(match[0]), text: "" };
    }
    var text = raw.trim();
    if (text === "" || text === ".." || text === "–" || text === "." || text.indexOf("..") === 0) {
      return { kind: 2, number: 0, text: "" };
    }
    return { kind: 1, number: 0, text: text };
  }

  function compare(a, b) {
    if (a.kind !== b.kind) {
      return a.kind - b.kind;
    }
    if (a.kind === 0) {
      return a.number - b.number;
    }
    return a.text.localeCompare(b.text, "sv");
  }

  function sortBy(table, index, header) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.querySelectorAll("th[aria-sort]"), function (th) {
      th.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.map.call(body.rows, function (row, position) {
      return { row: row, key: sortKey(row.cells[index]), position: position };
    });
    rows.sort(function (a, b) {
      var missing = (a.key.kind === 2) - (b.key.kind === 2);
      if (missing !== 0) {
        return missing;
      }
      var order = compare(a.key, b.key);
      return (ascending ? order : -order) || a.position - b.position;
    });
    rows.forEach(function (item) {
      body.appendChild(item.row);
    });
  }

  function initTables() {
    Array.prototype.forEach.call(document.querySelectorAll(".su-sortable table"), function (table) {
      if (table.getAttribute("data-su-sortable") || !table.tHead || !table.tBodies.length) {
        return;
      }
      table.setAttribute("data-su-sortable", "1");
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "su-sort";
        while (header.firstChild) {
          button.appendChild(header.firstChild);
        }
        header.appendChild(button);
        button.addEventListener("click", function () {
          sortBy(table, index, header);
        });
      });
    });
  }

  function labelSearchDialog() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    if (dialog && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", "Sök på webbplatsen");
    }
  }

  function focusableScrollers() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) {
        wrap.setAttribute("tabindex", "0");
      } else {
        wrap.removeAttribute("tabindex");
      }
    });
  }

  /* The folder of the current version, from Material's base URL ("..", "." …) in #__config. */
  function versionRoot() {
    var config = document.getElementById("__config");
    var base = ".";
    try {
      base = JSON.parse(config.textContent).base || ".";
    } catch (error) {
      base = ".";
    }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  /* Pages of the version whose folder is `root`, from its search index (every version has one). */
  function pagesOf(root) {
    return window.fetch(new URL("search/search_index.json", root).href)
      .then(function (response) {
        return response.ok ? response.json() : { docs: [] };
      })
      .then(function (index) {
        var pages = {};
        (index.docs || []).forEach(function (doc) {
          pages[String(doc.location).split("#")[0] || "index.html"] = true;
        });
        return pages;
      });
  }

  function samePageInVersion(event) {
    var link = event.target instanceof Element ? event.target.closest(".md-version__link") : null;
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) {
      return;
    }
    /* Before Material's own handler, which needs an absolute sitemap we cannot write. */
    event.preventDefault();
    event.stopPropagation();
    var target = new URL(link.href, window.location.href);
    var here = window.location.pathname;
    var root = versionRoot().pathname;
    var page = here.indexOf(root) === 0 ? decodeURIComponent(here.slice(root.length)) : "";
    if (page === "" || page.slice(-1) === "/") {
      page += "index.html";
    }
    pagesOf(target)
      .then(function (pages) {
        return pages[page] ? new URL(page, target).href + window.location.hash : target.href;
      }, function () {
        return target.href;
      })
      .then(function (url) {
        window.location.assign(url);
      });
  }

  /* Material renders the selector from versions.json after the page has loaded. */
  function shortVersionLabel() {
    var button = document.querySelector(".md-version__current");
    if (!button || button.querySelector(".su-version-short")) {
      return;
    }
    var parts = versionRoot().pathname.split("/").filter(Boolean);
    var short = document.createElement("span");
    short.className = "su-version-short";
    short.textContent = parts.length ? decodeURIComponent(parts[parts.length - 1]) : "";
    var long = document.createElement("span");
    long.className = "su-version-long";
    while (button.firstChild) {
      long.appendChild(button.firstChild);
    }
    button.appendChild(long);
    button.appendChild(short);
  }

  function watchVersionSelector() {
    var header = document.querySelector(".md-header");
    if (!header || header.hasAttribute("data-su-watched") || typeof MutationObserver === "undefined") {
      return;
    }
    header.setAttribute("data-su-watched", "1");
    shortVersionLabel();
    new MutationObserver(shortVersionLabel).observe(header, { childList: true, subtree: true });
  }

  document.addEventListener("click", samePageInVersion, true);

  function init() {
    labelSearchDialog();
    watchVersionSelector();
    initTables();
    window.setTimeout(focusableScrollers, 0);
  }

  window.addEventListener("resize", focusableScrollers);

  if (typeof document$ !== "undefined") {
    document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();

/* mtqa HTML report: views, index sorting and filters, finding navigation, popovers, triage.
   Values read from the page are only ever used as text (textContent, attributes, JSON);
   nothing from the report is evaluated or inserted as HTML. */
(function () {
  "use strict";
  var d = document, body = d.body;
  var meta = JSON.parse(d.getElementById("mtqa-meta").textContent);
  var STATUSES = ["accepted", "false-alarm"];
  var KEY = "mtqa-triage:v1:" + meta.source, UIKEY = "mtqa-ui:v1";

  function $(sel, root) { return (root || d).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || d).querySelectorAll(sel)); }
  function attrSel(name, value) { return "[" + name + "=\"" + CSS.escape(value) + "\"]"; }
  function say(text) {
    var m = $("#msg");
    m.textContent = text;
    clearTimeout(say.t);
    say.t = setTimeout(function () { m.textContent = ""; }, 4000);
  }

  // ---- storage: triage marks and view preferences stay in this browser until exported ----
  var memory = {};
  function load(key) {
    try { var v = JSON.parse(localStorage.getItem(key) || "{}"); return v && typeof v === "object" ? v : {}; }
    catch (e) { return memory[key] || {}; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { memory[key] = value; }
  }
  var store = load(KEY), ui = load(UIKEY);

  // ---- views: in one file, #aN shows article N and anything else the index ----
  var current = null, shownArticle = null, indexScroll = 0;
  function route() {
    var h = decodeURIComponent(location.hash.slice(1));
    var m = /^(a\d+)(?:-|$)/.exec(h);
    var art = null;
    if (meta.mode === "single") {
      art = m ? d.getElementById(m[1]) : null;
      if (art && art.tagName !== "ARTICLE") art = null;
      if (!current && art) indexScroll = window.scrollY;
      if (shownArticle && shownArticle !== art) shownArticle.hidden = true;
      if (art) art.hidden = false;
      shownArticle = art;
      $("#index").hidden = !!art;
    } else if (meta.mode === "page") {
      art = $("article.doc");
    }
    var changed = art !== current;
    current = art;
    body.classList.toggle("view-article", !!art);
    body.classList.toggle("view-index", !art);
    closePop();
    if (changed) { curFid = null; updatePos(); }
    if (art) {
      d.title = art.getAttribute("data-article") + " · " + meta.title;
      var target = h && h !== art.id ? d.getElementById(h) : null;
      if (target) {
        target.scrollIntoView({block: "center"});
        flash(target);
      } else if (changed && meta.mode === "single") {
        window.scrollTo(0, 0);
      }
    } else {
      d.title = meta.title;
      var spot = h && d.getElementById(h);
      if (spot && spot.tagName === "DETAILS") { spot.open = true; spot.scrollIntoView(); }
      else if (changed && meta.mode === "single") window.scrollTo(0, indexScroll);
    }
  }
  function flash(el) {
    var row = el.closest("tr") || el;
    row.classList.remove("flash");
    void row.offsetWidth;
    row.classList.add("flash");
  }
  function toIndex() {
    if (meta.mode === "single") location.hash = "index";
    else if (meta.mode === "page") location.href = meta.index;
  }

  // ---- filters and columns (body classes; the stylesheet does the hiding) ----
  function applyPrefs() {
    $$("input[data-filter]").forEach(function (box) {
      var off = !!(ui.off && ui.off[box.getAttribute("data-filter")]);
      box.checked = !off;
      body.classList.toggle("off-" + box.getAttribute("data-filter"), off);
    });
    $$("input[data-col]").forEach(function (box) {
      var hide = !!(ui.hide && ui.hide[box.getAttribute("data-col")]);
      box.checked = !hide;
      body.classList.toggle("hide-" + box.getAttribute("data-col"), hide);
    });
    $$("input[data-toggle]").forEach(function (box) {
      var on = !!(ui.toggle && ui.toggle[box.getAttribute("data-toggle")]);
      box.checked = on;
      body.classList.toggle(box.getAttribute("data-toggle"), on);
    });
  }
  d.addEventListener("change", function (e) {
    var box = e.target, name;
    if (!box.matches) return;
    if (box.matches("input[data-filter]")) {
      name = box.getAttribute("data-filter");
      ui.off = ui.off || {};
      ui.off[name] = !box.checked;
      body.classList.toggle("off-" + name, !box.checked);
    } else if (box.matches("input[data-col]")) {
      name = box.getAttribute("data-col");
      ui.hide = ui.hide || {};
      ui.hide[name] = !box.checked;
      body.classList.toggle("hide-" + name, !box.checked);
    } else if (box.matches("input[data-toggle]")) {
      name = box.getAttribute("data-toggle");
      ui.toggle = ui.toggle || {};
      ui.toggle[name] = box.checked;
      body.classList.toggle(name, box.checked);
    } else {
      return;
    }
    save(UIKEY, ui);
    if (curFid && !visible(d.getElementById(curFid))) { closePop(); select(null); }
    updatePos();
  });
  function visible(el) {
    if (!el) return false;
    if (body.classList.contains("hide-triaged") && el.hasAttribute("data-triage")) return false;
    for (var i = 0; i < el.classList.length; i++) {
      var c = el.classList[i];
      if ((c.indexOf("fam-") === 0 || c.indexOf("sev-") === 0) && body.classList.contains("off-" + c)) return false;
    }
    return true;
  }

  // ---- findings: navigation and the popover ----
  var curFid = null, pop = $("#pop"), popFid = null, pinned = false, hideTimer = null;
  function heads() { return current ? $$("mark.f[id]", current).filter(visible) : []; }
  function updatePos() {
    var pos = $("#pos");
    if (!pos) return;
    if (!current) { pos.textContent = ""; return; }
    var list = heads(), i = curFid ? list.indexOf(d.getElementById(curFid)) : -1;
    pos.textContent = list.length ? (i >= 0 ? "finding " + (i + 1) + " of " + list.length : list.length + " findings shown · j/k to step")
      : "no findings shown";
  }
  function select(mark) {
    $$(".cur").forEach(function (el) { el.classList.remove("cur"); });
    curFid = mark ? mark.getAttribute("data-fid") : null;
    if (!mark) { updatePos(); return; }
    $$(attrSel("data-fid", curFid)).forEach(function (el) { el.classList.add("cur"); });
    var head = d.getElementById(curFid);
    head.scrollIntoView({block: "center"});
    head.focus({preventScroll: true});
    openPop(head, true);
    updatePos();
  }
  function step(delta) {
    var list = heads();
    if (!list.length) { say("No findings shown in this article"); return; }
    var i = curFid ? list.indexOf(d.getElementById(curFid)) : -1;
    var j = i < 0 ? (delta > 0 ? 0 : list.length - 1) : i + delta;
    if (j >= list.length) { j = 0; say("Back to the first finding"); }
    if (j < 0) { j = list.length - 1; say("Last finding"); }
    select(list[j]);
  }
  function openPop(mark, pin) {
    var fid = mark.getAttribute("data-fid"), item = d.getElementById(fid + "-d");
    if (!item) return;
    clearTimeout(hideTimer);
    if (popFid !== fid) {
      var copy = item.cloneNode(true);
      copy.removeAttribute("id");
      pop.textContent = "";
      pop.appendChild(copy);
      popFid = fid;
    }
    pinned = !!pin;
    pop.hidden = false;
    var head = d.getElementById(fid) || mark, r = head.getBoundingClientRect();
    var width = pop.offsetWidth, maxLeft = window.scrollX + d.documentElement.clientWidth - width - 8;
    pop.style.top = (r.bottom + window.scrollY + 6) + "px";
    pop.style.left = Math.max(window.scrollX + 4, Math.min(r.left + window.scrollX, maxLeft)) + "px";
  }
  function closePop() {
    if (!pop) return;
    pop.hidden = true;
    pinned = false;
    popFid = null;
  }
  d.addEventListener("mouseover", function (e) {
    var mark = e.target.closest && e.target.closest("mark.f");
    if (mark && visible(mark) && !pinned) openPop(mark, false);
    if (e.target.closest && e.target.closest("#pop")) clearTimeout(hideTimer);
  });
  d.addEventListener("focusin", function (e) {
    var mark = e.target.closest && e.target.closest("mark.f[id]");
    if (mark && !pinned) openPop(mark, false);
  });
  d.addEventListener("mouseout", function (e) {
    var from = e.target.closest && (e.target.closest("mark.f") || e.target.closest("#pop"));
    if (from && !pinned) {
      clearTimeout(hideTimer);
      hideTimer = setTimeout(closePop, 350);
    }
  });

  // ---- triage ----
  function record(item) {
    var fp = item.getAttribute("data-fingerprint");
    var li = d.getElementById(item.getAttribute("data-fid") + "-d") || item, art = li.closest("article");
    return store[fp] || (store[fp] = {
      article: art ? art.getAttribute("data-article") : "", code: item.getAttribute("data-code"),
      status: "", note: "", text: item.getAttribute("data-text")
    });
  }
  function paint(el, rec) {
    var status = rec && STATUSES.indexOf(rec.status) >= 0 ? rec.status : "";
    if (status) el.setAttribute("data-triage", status); else el.removeAttribute("data-triage");
    $$("button[data-act]", el).forEach(function (b) {
      var act = b.getAttribute("data-act");
      if (STATUSES.indexOf(act) >= 0) b.setAttribute("aria-pressed", String(act === status));
    });
    $$("input.note", el).forEach(function (inp) {
      var note = rec ? rec.note || "" : "";
      inp.setAttribute("value", note);
      if (inp !== d.activeElement) inp.value = note;
    });
  }
  function showTriage(fp) {
    $$(attrSel("data-fingerprint", fp)).forEach(function (el) { paint(el, store[fp]); });
  }
  function triaged() {
    return Object.keys(store).filter(function (fp) { return STATUSES.indexOf(store[fp].status) >= 0; });
  }
  function updateCount() {
    var n = triaged().length, el = $("#tcount");
    if (el) el.textContent = n + " triaged";
  }
  function setStatus(item, status) {
    var fp = item.getAttribute("data-fingerprint"), rec = record(item);
    rec.status = status && rec.status !== status ? status : "";
    if (!rec.status && !rec.note) delete store[fp];
    save(KEY, store);
    showTriage(fp);
    updateCount();
    updatePos();
  }
  function suppressions() {
    var list = triaged().map(function (fp) {
      var r = store[fp];
      return {fingerprint: fp, article: String(r.article || ""), code: String(r.code || ""), status: r.status,
              note: String(r.note || ""), text: String(r.text || "")};
    });
    list.sort(function (a, b) {
      return a.article < b.article ? -1 : a.article > b.article ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1
        : a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0;
    });
    return {version: 1, kind: "mtqa-suppressions", suppressions: list};
  }
  function exportFile() {
    var data = suppressions();
    var blob = new Blob([JSON.stringify(data, null, 2) + "\n"], {type: "application/json"});
    var a = d.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "mtqa-suppressions.json";
    body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 2000);
    say("Exported " + data.suppressions.length + " suppressions to mtqa-suppressions.json");
  }
  function importFile(file) {
    file.text().then(function (text) {
      var data = JSON.parse(text), n = 0;
      if (!data || data.kind !== "mtqa-suppressions" || data.version !== 1 || !Array.isArray(data.suppressions)) {
        throw new Error("not an mtqa suppressions file (version 1)");
      }
      data.suppressions.forEach(function (s) {
        if (!s || typeof s.fingerprint !== "string" || STATUSES.indexOf(s.status) < 0) return;
        store[s.fingerprint] = {article: String(s.article || ""), code: String(s.code || ""), status: s.status,
                                note: String(s.note || ""), text: String(s.text || "")};
        showTriage(s.fingerprint);
        n++;
      });
      save(KEY, store);
      updateCount();
      say("Imported " + n + " suppressions");
    }).catch(function (err) { say("Import failed: " + err.message); });
  }
  function copyText(text, button) {
    function done(ok) {
      if (!button) return;
      var old = button.textContent;
      button.textContent = ok ? "Copied" : "Copy failed";
      setTimeout(function () { button.textContent = old; }, 1200);
    }
    function fallback() {
      var area = d.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = d.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      done(ok);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  }
  function copySuggestion(item, button) {
    var sugg = item && item.querySelector(".sugg");
    if (!sugg) { say("No suggestion for this finding"); return; }
    copyText(sugg.textContent, button);
  }
  function currentItem() { return curFid ? d.getElementById(curFid + "-d") : null; }

  d.addEventListener("click", function (e) {
    var t = e.target, btn = t.closest && t.closest("[data-act]");
    if (btn) {
      var act = btn.getAttribute("data-act"), item = btn.closest(".finding");
      if (act === "export") exportFile();
      else if (act === "import") $("#importfile").click();
      else if (act === "help") $("#help").hidden = !$("#help").hidden;
      else if (act === "copy") copySuggestion(item, btn);
      else if (act === "clear" && item) setStatus(item, "");
      else if (STATUSES.indexOf(act) >= 0 && item) setStatus(item, act);
      return;
    }
    var mark = t.closest && t.closest("mark.f");
    if (mark && visible(mark)) { select(d.getElementById(mark.getAttribute("data-fid")) || mark); return; }
    if (!(t.closest && t.closest("#pop"))) closePop();
  });
  d.addEventListener("input", function (e) {
    var inp = e.target;
    if (!inp.matches || !inp.matches("input.note")) return;
    var item = inp.closest(".finding"), rec = record(item);
    rec.note = inp.value;
    save(KEY, store);
    showTriage(item.getAttribute("data-fingerprint"));
  });
  var fileInput = $("#importfile");
  if (fileInput) fileInput.addEventListener("change", function () {
    if (this.files && this.files[0]) importFile(this.files[0]);
    this.value = "";
  });

  // ---- index: sorting, filters, row selection ----
  var table = $("#articles"), tbody = table ? table.tBodies[0] : null, selRow = null;
  function sortBy(button) {
    var key = button.getAttribute("data-sort"), num = button.getAttribute("data-type") === "num";
    var th = button.closest("th"), dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    $$("th", table).forEach(function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", dir);
    var sign = dir === "ascending" ? 1 : -1;
    var rows = Array.prototype.slice.call(tbody.rows).map(function (r) {
      var v = r.getAttribute("data-" + key) || "";
      return {row: r, v: num ? (v === "" ? -Infinity : parseFloat(v)) : v.toLowerCase(), n: +r.getAttribute("data-n")};
    });
    rows.sort(function (a, b) {
      var c = num ? a.v - b.v : a.v.localeCompare(b.v);
      return (c || a.n - b.n) * sign;
    });
    var frag = d.createDocumentFragment();
    rows.forEach(function (x) { frag.appendChild(x.row); });
    tbody.appendChild(frag);
  }
  function filterIndex() {
    var q = $("#f-q").value.trim().toLowerCase(), fam = $("#f-fam").value, sev = +$("#f-sev").value;
    var max = $("#f-max").value === "" ? Infinity : +$("#f-max").value, only = $("#f-only").checked;
    var shown = 0, rows = tbody.rows;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var ok = (!q || r.getAttribute("data-id").toLowerCase().indexOf(q) >= 0) &&
        (!fam || (" " + r.getAttribute("data-fams")).indexOf(" " + fam + " ") >= 0) &&
        (+r.getAttribute("data-sev") >= sev) && (+r.getAttribute("data-score") <= max) &&
        (!only || +r.getAttribute("data-findings") > 0);
      r.hidden = !ok;
      if (ok) shown++;
    }
    $("#shown").textContent = shown + " of " + rows.length + " articles";
  }
  function moveRow(delta) {
    var rows = Array.prototype.slice.call(tbody.rows).filter(function (r) { return !r.hidden; });
    if (!rows.length) return;
    var i = rows.indexOf(selRow), j = i < 0 ? 0 : Math.max(0, Math.min(rows.length - 1, i + delta));
    if (selRow) selRow.classList.remove("sel");
    selRow = rows[j];
    selRow.classList.add("sel");
    selRow.scrollIntoView({block: "nearest"});
  }
  if (table) {
    $$("th button[data-sort]", table).forEach(function (b) { b.addEventListener("click", function () { sortBy(b); }); });
    ["#f-q", "#f-fam", "#f-sev", "#f-max", "#f-only"].forEach(function (sel) {
      $(sel).addEventListener("input", filterIndex);
      $(sel).addEventListener("change", filterIndex);
    });
    $(".filters").addEventListener("submit", function (e) { e.preventDefault(); });
  }

  // ---- keyboard ----
  function typing(t) {
    if (!t || !t.tagName) return false;
    if (t.isContentEditable || t.tagName === "TEXTAREA" || t.tagName === "SELECT") return true;
    return t.tagName === "INPUT" && !/^(checkbox|radio|button|submit|reset|file)$/.test(t.type);
  }
  d.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (typing(t)) {
      if (e.key === "Escape") t.blur();
      return;
    }
    var k = e.key, item;
    if (k === "Escape") { closePop(); $("#help").hidden = true; return; }
    if (k === "?") { $("#help").hidden = !$("#help").hidden; return; }
    if (current) {
      if (k === "j" || k === "n") step(1);
      else if (k === "k" || k === "p") step(-1);
      else if (k === "i" || k === "u") toIndex();
      else if (k === "[" || k === "]") {
        var link = $(k === "[" ? "a[rel=prev]" : "a[rel=next]", current);
        if (link) link.click(); else say(k === "[" ? "First article" : "Last article");
      } else if ((k === "a" || k === "f" || k === "x") && (item = currentItem())) {
        setStatus(item, k === "a" ? "accepted" : k === "f" ? "false-alarm" : "");
      } else if (k === "c" && (item = currentItem())) copySuggestion(item, null);
      else return;
      e.preventDefault();
    } else if (tbody) {
      if (k === "j" || k === "n") moveRow(1);
      else if (k === "k" || k === "p") moveRow(-1);
      else if ((k === "Enter" || k === "o") && selRow) $("a.open", selRow).click();
      else return;
      e.preventDefault();
    }
  });

  // ---- start ----
  $$("[data-fingerprint]").forEach(function (el) {
    var rec = store[el.getAttribute("data-fingerprint")];
    if (rec) paint(el, rec);
  });
  applyPrefs();
  updateCount();
  window.addEventListener("hashchange", route);
  route();
  window.__mtqaReady = true;
  if (window.performance && performance.mark) performance.mark("mtqa-ready");
})();

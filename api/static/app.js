// The analyst page: the article view (POST /classify, article mode) and the archive view
// (/archive: upload, score in the background, follow progress, then the shared archive charts).
// Plain browser JavaScript: no build step, nothing loaded from outside this server.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const STANCES = ["supportive", "critical", "neutral"];
  const BLOCS = ["russia_dprk", "western", "international", "other"];
  const LANGUAGES = {
    en: "English", fr: "French", ar: "Arabic", pt: "Portuguese", de: "German", es: "Spanish", ru: "Russian",
    ko: "Korean", zh: "Chinese", so: "Somali", am: "Amharic", rw: "Kinyarwanda", lg: "Luganda",
    sw: "Swahili", und: "undetermined",
  };
  const MAX_CHARS = Number(document.body.dataset.maxChars);
  const ARCHIVE_MAX_BYTES = Number(document.body.dataset.archiveMaxBytes);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function show(node, on) { node.hidden = !on; }

  function showError(box, message) {
    box.textContent = message;
    show(box, Boolean(message));
  }

  // An answer of the service in words: never a JSON dump or a stack trace.
  async function problemOf(response) {
    let body = null;
    try { body = await response.json(); } catch (_) { /* not JSON */ }
    const extra = body && Array.isArray(body.extra) ? body.extra[0] : null;
    const detail = body && typeof body.detail === "string" ? body.detail : "";
    switch (response.status) {
      case 401: return needKey();
      case 429: return "Too many requests from this computer in the last minute (the server's RATE_LIMIT): wait a minute and try again.";
      case 413: return extra && extra.message && extra.key === "file" ? extra.message
        : "The text is too large for one request. Send a shorter article, or score files with `msimamo score`.";
      case 408: return "The upload stalled and was stopped. Try again.";
      case 503: return detail ? `The service is busy or has no model: ${detail}.` : "The service is not ready yet. Try again in a moment.";
      case 404: return detail || "Not found.";
      default: {
        if (extra && extra.message) {
          const field = extra.key && extra.key !== "body" && extra.key !== "file" ? ` (${extra.key})` : "";
          return sentence(extra.message) + field;
        }
        return detail ? sentence(detail) : `The service answered with an error (HTTP ${response.status}).`;
      }
    }
  }

  function sentence(text) {
    const s = String(text).trim();
    return s.charAt(0).toUpperCase() + s.slice(1) + (/[.!?)]$/.test(s) ? "" : ".");
  }

  const pct = (x) => `${Math.round(x * 100)}%`;
  const MiB = 1024 * 1024;

  // API_KEY: the key typed into the page, sent as a bearer token, kept for this tab only
  const keyInput = $("api-key");
  keyInput.value = sessionStorage.getItem("msimamo-api-key") || "";
  keyInput.addEventListener("change", () => sessionStorage.setItem("msimamo-api-key", keyInput.value.trim()));
  function auth(headers) {
    const key = keyInput.value.trim();
    return key ? { ...headers, authorization: `Bearer ${key}` } : headers;
  }
  function needKey() {
    show($("key-box"), true);
    keyInput.focus();
    return "This server needs an API key: type it in the box at the top of the page, then try again.";
  }

  // ---- tabs ---------------------------------------------------------------------------------
  const tabs = [$("tab-article"), $("tab-archive")];
  function select(tab) {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      show($(t.getAttribute("aria-controls")), on);
    }
    tab.focus();
  }
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (e) => {
      if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
        e.preventDefault();
        select(tabs[(i + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length]);
      }
    });
  });

  // ---- article view -------------------------------------------------------------------------
  let current = null; // {text, statements, article}

  $("article-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("article-text").value;
    const error = $("article-error");
    showError(error, "");
    if (!text.trim()) { showError(error, "Paste an article or a statement first."); return; }
    if ([...text].length > MAX_CHARS) {
      showError(error, `The text has ${[...text].length.toLocaleString()} characters; one text may have at most ` +
        `${MAX_CHARS.toLocaleString()}. Split the article, or score it as a file with \`msimamo score\`.`);
      return;
    }
    $("analyse").disabled = true;
    show($("article-busy"), true);
    try {
      const response = await fetch("/classify", {
        method: "POST", headers: auth({ "content-type": "application/json" }),
        body: JSON.stringify({ text, mode: "article", explain: true }),
      });
      if (!response.ok) { showError(error, await problemOf(response)); show($("article-results"), false); return; }
      const body = await response.json();
      const article = body.results[0];
      if (article.language && !article.language.swahili) {
        const name = LANGUAGES[article.language.code] || article.language.code;
        showError(error, `This text looks like ${name}, not Swahili, so it was not labelled: Msimamo's model ` +
          "only knows Swahili news.");
        show($("article-results"), false);
        return;
      }
      $("model-version").textContent = body.model.version;
      renderArticle(text, article);
    } catch (e) {
      showError(error, "The service did not answer. Is `msimamo serve` still running?");
    } finally {
      $("analyse").disabled = false;
      show($("article-busy"), false);
    }
  });

  function stanceOf(s) { return s.stance ? s.stance.label : "none"; }
  function offTopic(s) { return Boolean(s.relevant) && s.relevant.label === false; }

  function renderArticle(text, article) {
    // offsets count code points (Python's str), so index an array of code points, not UTF-16 units
    const chars = Array.from(text);
    const statements = article.statements;
    current = { text, statements, article };
    const view = $("article-text-view");
    view.replaceChildren();
    const order = statements.map((s, i) => i).sort((a, b) => statements[a].start - statements[b].start);
    let at = 0;
    for (const i of order) {
      const s = statements[i];
      const start = Math.max(s.start, at), end = Math.max(s.end, start);
      if (start > at) view.append(chars.slice(at, start).join(""));
      view.append(markFor(s, i, chars.slice(start, end).join("")));
      at = Math.max(at, end);
    }
    if (at < chars.length) view.append(chars.slice(at).join(""));

    const relevant = statements.filter((s) => s.stance && !offTopic(s)).length;
    const offs = statements.filter(offTopic).length;
    $("article-overview").textContent = statements.length === 0
      ? "No statements found. Msimamo looks for quotations, reported speech (alisema, amesema, kwa mujibu wa …) " +
        "and headlines that report speech."
      : `${statements.length} statement${statements.length === 1 ? "" : "s"} found; ${relevant} about the ` +
        `partnership, ${offs} off-topic (dimmed, not counted in the chart).` +
        (article.relevant ? ` The article as a whole is ${article.relevant.label ? "" : "not "}about the ` +
          `Russia–DPRK partnership (${pct(article.relevant.score)}).` : "");
    // shown before drawing: Plotly sizes a chart by its container, and a hidden one has no width
    show($("article-results"), true);
    drawSummaryChart($("article-chart"), article.summary);
    setDownloads(statements);
    $("statement-detail").replaceChildren(el("p", { class: "hint", text: "No statement selected." }));
  }

  function markFor(s, i, covered) {
    const stance = stanceOf(s);
    const speaker = s.speaker || "unknown speaker";
    const bloc = s.bloc ? s.bloc.label : "no bloc";
    const mark = el("mark", {
      class: "statement" + (offTopic(s) ? " offtopic" : ""), "data-index": i, "data-stance": stance,
      tabindex: 0, role: "button",
      "aria-label": `Statement ${i + 1}: ${stance}${offTopic(s) ? ", off-topic" : ""}, ${speaker}, ${bloc}`,
    }, covered, el("span", { class: "tags" },
      el("span", { class: "stance-label", text: offTopic(s) ? `${stance} · off-topic` : stance }),
      el("span", { class: "speaker-chip", text: `${speaker} · ${bloc}` })));
    mark.addEventListener("click", () => choose(i));
    mark.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); choose(i); }
    });
    return mark;
  }

  function choose(i) {
    for (const m of document.querySelectorAll("mark.statement.selected")) m.classList.remove("selected");
    const mark = document.querySelector(`mark.statement[data-index="${i}"]`);
    if (mark) mark.classList.add("selected");
    renderDetail(current.statements[i], i);
  }

  function bars(scores, cls) {
    return Object.entries(scores).sort((a, b) => b[1] - a[1]).map(([label, p]) =>
      el("div", { class: `bar ${cls ? label : ""}` },
        el("span", { text: label }),
        el("span", { class: "track", "aria-hidden": "true" }, el("span", { class: "fill", style: `width:${pct(p)}` })),
        el("span", { class: "num", text: p.toFixed(2) })));
  }

  function ngrams(title, list) {
    if (!list || !list.length) return null;
    return el("div", {}, el("span", { text: title }),
      el("ul", {}, ...list.map((n) => el("li", {}, el("code", { text: n.ngram }), ` ${n.weight > 0 ? "+" : ""}${n.weight.toFixed(3)}`))));
  }

  function renderDetail(s, i) {
    const box = $("statement-detail");
    const heads = [];
    const reasons = el("div", { class: "reasons", hidden: true });
    for (const [name, title] of [["stance", "Stance (msimamo)"], ["bloc", "Bloc"], ["sentiment", "Sentiment"]]) {
      const head = s[name];
      if (!head) continue;
      heads.push(el("div", { class: "head" },
        el("div", {}, el("span", { class: "name", text: `${title}: ` }), head.label,
          head.source ? el("span", { class: "hint", text: ` (from the ${head.source})` }) : null),
        ...bars(head.scores, name === "stance")));
      reasons.append(...[el("h3", { text: `${title}: ${head.label}` }),
        head.reason ? el("p", { text: head.reason }) : null,
        ngrams("for:", head.explanation), ngrams("against:", head.against)].filter(Boolean));
    }
    if (s.relevant) {
      heads.push(el("div", { class: "head" }, el("span", { class: "name", text: "About the partnership: " }),
        `${s.relevant.label ? "yes" : "no (off-topic)"} (${s.relevant.score.toFixed(2)})`));
      reasons.append(...[el("h3", { text: `About the partnership: ${s.relevant.label ? "yes" : "no"}` }),
        ngrams("for:", s.relevant.explanation), ngrams("against:", s.relevant.against)].filter(Boolean));
    }
    const toggle = el("button", { type: "button", class: "show-reasons", "aria-expanded": "false",
      text: "Show the n-grams behind each decision" });
    toggle.addEventListener("click", () => {
      reasons.hidden = !reasons.hidden;
      toggle.setAttribute("aria-expanded", String(!reasons.hidden));
      toggle.textContent = reasons.hidden ? "Show the n-grams behind each decision" : "Hide the n-grams";
    });
    box.replaceChildren(
      el("h3", { text: `Statement ${i + 1} of ${current.statements.length}` }),
      el("blockquote", { text: s.quote }),
      el("p", {}, el("b", { text: s.speaker || "Unknown speaker" }),
        ` · ${s.kind === "quote" ? "direct quotation" : s.kind === "reported" ? "reported speech" : s.kind}` +
        (s.headline ? " · headline" : "") +
        (s.language ? ` · language ${s.language.code} (${s.language.score.toFixed(2)})` : "")),
      ...heads, toggle, reasons);
  }

  function drawSummaryChart(box, summary) {
    const blocs = Object.keys(summary || {}).sort((a, b) => BLOCS.indexOf(a) - BLOCS.indexOf(b));
    box.replaceChildren();
    if (!blocs.length) {
      box.append(el("p", { class: "hint", text: "No statement about the partnership to count." }));
      return;
    }
    const plot = el("div", { class: "plot", role: "img",
      "aria-label": "Stacked bar chart of statement counts per bloc and stance; the table below has the numbers." });
    box.append(plot, countsTable(blocs, summary));
    if (!window.Plotly) return;
    const colors = (window.MsimamoCharts && window.MsimamoCharts.COLORS) || {};
    const traces = STANCES.map((stance) => ({
      type: "bar", name: stance, x: blocs, y: blocs.map((b) => (summary[b] || {})[stance] || 0),
      marker: { color: colors[stance] }, hovertemplate: `%{x}: %{y} ${stance}<extra></extra>`,
    }));
    window.Plotly.newPlot(plot, traces, {
      barmode: "stack", height: 260, margin: { l: 40, r: 10, t: 10, b: 40 },
      yaxis: { title: { text: "statements" }, dtick: 1, rangemode: "tozero" }, xaxis: { title: { text: "bloc" } },
      legend: { orientation: "h", y: 1.15 },
    }, { displayModeBar: false, responsive: true });
  }

  function countsTable(blocs, summary) {
    const table = el("table", { class: "counts" },
      el("thead", {}, el("tr", {}, el("th", { text: "bloc" }), ...STANCES.map((s) => el("th", { text: s })))),
      el("tbody", {}, ...blocs.map((b) => el("tr", {}, el("th", { text: b }),
        ...STANCES.map((s) => el("td", { text: String((summary[b] || {})[s] || 0) }))))));
    return el("details", { class: "table-alt" }, el("summary", { text: "The numbers as a table" }), table);
  }

  const COLUMNS = ["index", "speaker", "bloc", "bloc_source", "kind", "headline", "stance", "stance_score",
    "sentiment", "sentiment_score", "relevant", "relevant_score", "language", "start", "end", "quote", "text"];

  function rowOf(s, i) {
    const score = (h) => (h ? h.scores[h.label] : "");
    return [i + 1, s.speaker || "", s.bloc ? s.bloc.label : "", s.bloc ? s.bloc.source || "" : "", s.kind,
      s.headline ? "yes" : "no", s.stance ? s.stance.label : "", score(s.stance), s.sentiment ? s.sentiment.label : "",
      score(s.sentiment), s.relevant ? (s.relevant.label ? "yes" : "no") : "", s.relevant ? s.relevant.score : "",
      s.language ? s.language.code : "", s.start, s.end, s.quote, s.text];
  }

  function csvCell(value) {
    const s = String(value);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }

  let blobUrls = [];
  function setDownloads(statements) {
    blobUrls.forEach((u) => URL.revokeObjectURL(u));
    const csv = [COLUMNS, ...statements.map(rowOf)].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
    const json = JSON.stringify(statements, null, 2);
    blobUrls = [URL.createObjectURL(new Blob(["\ufeff" + csv], { type: "text/csv;charset=utf-8" })),
      URL.createObjectURL(new Blob([json], { type: "application/json" }))];
    $("download-csv").href = blobUrls[0];
    $("download-json").href = blobUrls[1];
  }

  // ---- archive view -------------------------------------------------------------------------
  let upload = null;

  function archiveError(message) {
    showError($("archive-error"), message);
  }

  function status(text) { $("archive-status").textContent = text; }

  function progress(value) {
    const bar = $("archive-progress");
    show(bar, value !== null);
    if (value === undefined) bar.removeAttribute("value");
    else if (value !== null) bar.value = value;
  }

  $("archive-file").addEventListener("change", () => {
    const file = $("archive-file").files[0];
    archiveError("");
    show($("archive-options"), false);
    show($("archive-done"), false);
    $("archive-summary").replaceChildren();
    upload = null;
    if (!file) return;
    if (file.size > ARCHIVE_MAX_BYTES) {
      archiveError(`${file.name} is ${(file.size / MiB).toFixed(1)} MiB; this page takes CSV files up to ` +
        `${(ARCHIVE_MAX_BYTES / MiB).toFixed(1)} MiB. Score it with \`msimamo score ${file.name} scored.csv\` ` +
        "and draw its charts with `msimamo report scored.csv -o report.html`.");
      $("archive-file").value = "";
      return;
    }
    sendFile(file);
  });

  function sendFile(file) {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/archive?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader("content-type", "text/csv");
    const headers = auth({});
    if (headers.authorization) xhr.setRequestHeader("authorization", headers.authorization);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) { progress(e.loaded / e.total); status(`Uploading ${file.name}: ${pct(e.loaded / e.total)}`); }
    };
    xhr.onerror = () => { progress(null); status(""); archiveError("The upload failed: the service did not answer."); };
    xhr.onload = async () => {
      progress(null);
      const response = new Response(xhr.responseText, { status: xhr.status, headers: { "content-type": "application/json" } });
      if (xhr.status !== 201) { status(""); archiveError(`${file.name}: ${await problemOf(response)}`); return; }
      upload = await response.json();
      const select = $("text-column");
      select.replaceChildren(...upload.columns.map((c) => el("option", { value: c, text: c, selected: c === upload.text_column })));
      $("archive-mode").value = upload.mode;
      show($("archive-options"), true);
      $("archive-score").disabled = false;
      status(`${upload.name}: ${(upload.bytes / MiB).toFixed(2)} MiB, ${upload.columns.length} columns. ` +
        "Choose the text column and press Score.");
    };
    progress(0);
    status(`Uploading ${file.name}…`);
    xhr.send(file);
  }

  $("archive-score").addEventListener("click", async () => {
    if (!upload) return;
    archiveError("");
    $("archive-score").disabled = true;
    const response = await fetch(`/archive/${upload.id}/score`, {
      method: "POST", headers: auth({ "content-type": "application/json" }),
      body: JSON.stringify({ text_column: $("text-column").value, mode: $("archive-mode").value }),
    }).catch(() => null);
    if (!response || response.status !== 202) {
      archiveError(response ? await problemOf(response) : "The service did not answer.");
      $("archive-score").disabled = false;
      return;
    }
    follow(upload);
  });

  async function follow(job) {
    progress(undefined);
    for (;;) {
      const response = await fetch(`/archive/${job.id}`).catch(() => null);
      if (!response || !response.ok) {
        progress(null);
        archiveError(response ? await problemOf(response) : "The service stopped answering while scoring.");
        return;
      }
      const state = await response.json();
      if (state.state === "failed") { progress(null); status(""); archiveError(sentence(state.error || "Scoring failed.")); return; }
      if (state.state === "done") break;
      if (state.state === "queued") { progress(undefined); status("Waiting for another archive to finish…"); }
      else if (state.rows_total) {
        progress(state.rows_done / Math.max(1, state.rows_total));
        status(state.state === "summarising" ? "Drawing the summary…"
          : `${state.rows_done.toLocaleString()} of ${state.rows_total.toLocaleString()} rows scored`);
      } else { progress(undefined); status("Reading the file…"); }
      await new Promise((r) => setTimeout(r, 400));
    }
    progress(1);
    const done = await (await fetch(`/archive/${job.id}`)).json();
    status(`Done: ${done.summary_line}`);
    const link = $("archive-download");
    link.href = `/archive/${job.id}/scored.csv`;
    link.setAttribute("download", job.name.replace(/\.csv$/i, "") + "-scored.csv");
    show($("archive-done"), true);
    const summary = await fetch(`/archive/${job.id}/summary`).then((r) => (r.ok ? r.json() : null)).catch(() => null);
    if (!summary) { archiveError("The file was scored, but its summary could not be read."); return; }
    if (window.MsimamoCharts) window.MsimamoCharts.renderArchive($("archive-summary"), summary);
  }
})();

/* Msimamo archive charts: draws an ArchiveSummary (msimamo/report/summary.py) with Plotly.
 *
 * Plain browser JavaScript, no build step, nothing fetched: Plotly is the global `Plotly` from the
 * plotly.min.js the page already has. Used by `msimamo report` (inlined into one HTML file) and by
 * the web page's archive view (served beside it).
 *
 *   MsimamoCharts.renderArchive(container, summary)
 *
 * Values from the summary reach the page through textContent, and reach Plotly (which reads
 * titles, tick labels and hover text as a little HTML) escaped, so a cell holding markup stays
 * text. Each chart has a caption in words and a table of its numbers: nothing depends on colour.
 */
(function (global) {
  "use strict";

  // Okabe–Ito: blue and vermillion stay distinct under every common colour-vision deficiency.
  var COLORS = { supportive: "#0072B2", critical: "#D55E00", neutral: "#999999" };
  var STANCES = ["supportive", "critical", "neutral"];
  var STANCE_NAMES = { supportive: "Supportive", critical: "Critical", neutral: "Neutral" };
  var BLOC_NAMES = {
    russia_dprk: "Russia / DPRK", western: "Western", international: "International",
    other: "Other", unknown: "No bloc"
  };
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  // Below this width (px) a chart shortens its labels.
  var NARROW = 560;
  var uid = 0;

  var STYLE = [
    ".msm{font-family:" + FONT + ";color:#1b1b1b;line-height:1.45}",
    ".msm section{margin:0 0 2.2rem}",
    ".msm h2{font-size:1.25rem;margin:0 0 .4rem}",
    ".msm .msm-note{color:#4a4a4a;font-size:.92rem;margin:.3rem 0}",
    ".msm .msm-totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr));gap:.5rem;margin:0 0 .6rem;padding:0}",
    ".msm .msm-totals div{border:1px solid #d6d6d6;border-radius:6px;padding:.45rem .7rem;background:#fafafa}",
    ".msm .msm-totals dt{font-size:.8rem;color:#4a4a4a;margin:0}",
    ".msm .msm-totals dd{font-size:1.25rem;font-weight:600;margin:0;font-variant-numeric:tabular-nums}",
    ".msm .msm-plot{width:100%;min-height:200px}",
    ".msm .msm-controls{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:center;margin:.2rem 0 .4rem;font-size:.95rem}",
    ".msm .msm-controls select{font:inherit;padding:.2rem .3rem;max-width:100%}",
    ".msm .msm-controls label{cursor:pointer}",
    ".msm details{margin:.4rem 0}",
    ".msm summary{cursor:pointer;color:#0b4f8a}",
    ".msm summary:focus-visible,.msm select:focus-visible,.msm input:focus-visible{outline:3px solid #E69F00;outline-offset:2px}",
    ".msm .msm-scroll{overflow-x:auto;max-width:100%}",
    ".msm table{border-collapse:collapse;font-size:.88rem;margin:.3rem 0;font-variant-numeric:tabular-nums}",
    ".msm caption{text-align:left;font-size:.85rem;color:#4a4a4a;padding:.2rem 0}",
    ".msm th,.msm td{border-bottom:1px solid #e2e2e2;padding:.2rem .55rem;text-align:right;vertical-align:top}",
    ".msm th:first-child,.msm td:first-child{text-align:left}",
    ".msm .msm-cells td{text-align:left;overflow-wrap:anywhere;max-width:40rem}",
    ".msm .msm-cells th{text-align:left;font-weight:600;overflow-wrap:anywhere}",
    ".msm .msm-key{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.35em;vertical-align:-.05em}",
    ".msm .msm-examples{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,22rem),1fr));gap:1.2rem}",
    ".msm .msm-examples h3{font-size:1.05rem;margin:0 0 .4rem}",
    ".msm .msm-examples ol{list-style:none;margin:0;padding:0}",
    ".msm .msm-examples li{border-left:5px solid #999;padding:.35rem .7rem;margin:0 0 .7rem;background:#fafafa}",
    ".msm .msm-legend{display:flex;flex-wrap:wrap;gap:.2rem 1.1rem;margin:.3rem 0 0;font-size:.9rem}",
    ".msm .msm-meta{font-size:.85rem;color:#4a4a4a}",
    ".msm blockquote{margin:.25rem 0;font-size:.98rem;overflow-wrap:anywhere}"
  ].join("\n");

  // --- small helpers ---------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) {
        node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
      }
    });
    return node;
  }

  function num(n) { return Number(n).toLocaleString("en-GB"); }

  function pct(part, whole) {
    if (!whole) return "–";
    var p = 100 * part / whole;
    return (p > 0 && p < 0.5 ? "<1" : p.toFixed(p >= 10 || p === 0 ? 0 : 1)) + "%";
  }

  function plural(n, one, many) { return num(n) + " " + (n === 1 ? one : many); }

  function sum(values) { return values.reduce(function (a, b) { return a + b; }, 0); }

  function blocName(bloc) { return BLOC_NAMES[bloc] || bloc; }

  /* "2024-06-19" → "19 Jun 2024", "2024-06" → "Jun 2024". */
  function period(label, unit) {
    var parts = label.split("-");
    var month = MONTHS[Number(parts[1]) - 1] || parts[1];
    return unit === "day" ? Number(parts[2]) + " " + month + " " + parts[0] : month + " " + parts[0];
  }

  function shorten(text, max) { return text.length > max ? text.slice(0, max - 1) + "…" : text; }

  /* For Plotly's titles, tick labels and hover text, which it reads as a little HTML (<a href>,
     <b>): escaped, a speaker called "<a href=…>" stays a name instead of becoming a link. */
  function esc(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function installStyle() {
    if (document.getElementById("msimamo-charts-style")) return;
    document.head.appendChild(el("style", { id: "msimamo-charts-style", text: STYLE }));
  }

  /* A table of numbers: a header row, then rows whose first cell names the row. */
  function table(caption, head, rows) {
    var thead = el("thead", {}, [el("tr", {}, head.map(function (h) { return el("th", { scope: "col", text: h }); }))]);
    var tbody = el("tbody", {}, rows.map(function (row) {
      return el("tr", {}, row.map(function (cell, i) {
        return el(i === 0 ? "th" : "td", i === 0 ? { scope: "row", text: String(cell) } : { text: String(cell) });
      }));
    }));
    return el("div", { className: "msm-scroll" }, [el("table", {}, [el("caption", { text: caption }), thead, tbody])]);
  }

  function tableDetails(label, tableNode) {
    return el("details", {}, [el("summary", { text: label }), tableNode]);
  }

  /* Counts or shares: two radio buttons (arrow keys move between them) for a stacked chart. */
  function scaleControl(name, onChange) {
    var box = el("div", { className: "msm-controls", role: "radiogroup", "aria-label": "Scale" });
    [["", "Counts"], ["percent", "Share (%)"]].forEach(function (option, i) {
      var id = name + "-" + (option[0] || "count");
      var input = el("input", { type: "radio", name: name, id: id, value: option[0] });
      if (i === 0) input.checked = true;
      input.addEventListener("change", function () { if (input.checked) onChange(option[0]); });
      box.appendChild(el("label", { "for": id }, [input, " " + option[1]]));
    });
    return box;
  }

  // --- charts ----------------------------------------------------------------------------------

  var CONFIG = {
    responsive: true, displaylogo: false,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
    toImageButtonOptions: { format: "png", scale: 2 }
  };

  /* What every chart shares: stacked bars, and ``title`` (escaped) on one line where there is room
     for it (in the page the section heading says what the chart is; the title is for the chart
     saved as an image); ``height`` is the plot's. The legend is the page's (``legend()``): it wraps
     on a phone, where Plotly's took width from the bars. */
  function baseLayout(title, height, width) {
    var titled = width >= NARROW;
    var top = titled ? 40 : 12;
    var layout = {
      font: { family: FONT, size: 12, color: "#1b1b1b" },
      height: height + top, barmode: "stack", bargap: 0.25, showlegend: false,
      margin: { l: 10, r: 10, t: top, b: 50 },
      hoverlabel: { font: { family: FONT } },
      uniformtext: { minsize: 10, mode: "hide" },
      plot_bgcolor: "#ffffff", paper_bgcolor: "#ffffff"
    };
    if (titled) {
      layout.title = { text: title, x: 0, xref: "container", xanchor: "left", y: 1, yref: "container", yanchor: "top",
                       pad: { t: 8, l: 4 }, font: { size: 15 } };
    }
    return layout;
  }

  /* The value axis of a stacked chart: counts, or (norm "percent") each bar's shares. */
  function valueAxis(norm, shareTitle) {
    return { title: { text: norm ? shareTitle : "Statements" }, ticksuffix: norm ? "%" : "", rangemode: "tozero",
             automargin: true, fixedrange: true };
  }

  function stackedBars(names, counts, horizontal, extra) {
    return STANCES.map(function (s, k) {
      var trace = { type: "bar", name: STANCE_NAMES[s], marker: { color: COLORS[s] } };
      trace[horizontal ? "y" : "x"] = names;
      trace[horizontal ? "x" : "y"] = counts[k];
      if (horizontal) {
        trace.orientation = "h";
        trace.text = counts[k].map(function (n) { return n ? num(n) : ""; });
        trace.textposition = "inside";
        trace.insidetextanchor = "middle";
        trace.textangle = 0;  // a count that does not fit is hidden (uniformtext), not turned on its side
        trace.textfont = { color: s === "neutral" ? "#1b1b1b" : "#ffffff" };
      }
      return Object.assign(trace, extra(s, k));
    });
  }

  /* The stance colours as a line of text: the key for every chart and list of the page. */
  function legend() {
    return el("p", { className: "msm-legend", "aria-hidden": "true" }, STANCES.map(function (s) {
      return el("span", {}, [el("span", { className: "msm-key", style: "background:" + COLORS[s] }), STANCE_NAMES[s]]);
    }));
  }

  function plotDiv(label) { return el("div", { className: "msm-plot", role: "img", "aria-label": label }); }

  /* A chart is ``build(width, norm)`` → {data, layout}. It is painted once its div is in the page
     (so Plotly measures the real width), again when the page width changes enough to re-wrap its
     title and labels, and when its scale switches between counts and shares (norm "percent"). */
  var charts = [];
  var resizeTimer = null;

  function chart(div, build) {
    var c = { div: div, build: build, norm: "", width: 0 };
    charts.push(c);
    return c;
  }

  function paint(c) {
    if (!global.Plotly) {
      if (!c.div.firstChild) {
        c.div.appendChild(el("p", { className: "msm-note", text: "The chart needs Plotly, which did not load; the table below holds the same numbers." }));
      }
      return;
    }
    if (!document.body.contains(c.div)) return;
    c.width = c.div.clientWidth || 800;
    var figure = c.build(c.width, c.norm);
    // on a phone the tool bar would sit on the bars; the tables hold the numbers
    var config = Object.assign({}, CONFIG, { displayModeBar: c.width >= NARROW ? "hover" : false });
    (c.div.data ? global.Plotly.react : global.Plotly.newPlot)(c.div, figure.data, figure.layout, config);
  }

  function onResize() {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      charts = charts.filter(function (c) { return document.body.contains(c.div); });
      charts.forEach(function (c) { if (Math.abs(c.div.clientWidth - c.width) > 30) paint(c); });
    }, 250);
  }

  // --- sections --------------------------------------------------------------------------------

  function totals(summary, relevant) {
    var items = [
      ["Rows", summary.rows], ["Labelled", summary.labelled], ["Relevant (charted)", relevant],
      ["Off-topic", summary.off_topic], ["Errors", summary.errors], ["Not Swahili", summary.not_swahili]
    ];
    var dl = el("dl", { className: "msm-totals" }, items.map(function (item) {
      return el("div", {}, [el("dt", { text: item[0] }), el("dd", { text: num(item[1]) })]);
    }));
    var words = plural(summary.rows, "row", "rows") + " (" + summary.mode + " mode): " +
      num(summary.labelled) + " labelled, of which " + num(summary.off_topic) + " off-topic and " +
      num(relevant) + " relevant; " + plural(summary.errors, "row has an error", "rows have an error") +
      " (" + num(summary.not_swahili) + " not Swahili). The charts count relevant statements only.";
    return el("section", { "aria-label": "Totals" }, [dl, el("p", { className: "msm-note", text: words })]);
  }

  function byBloc(summary, id) {
    var blocs = Object.keys(summary.stance_by_bloc || {});
    var count = function (b, s) { return summary.stance_by_bloc[b][s] || 0; };
    var totalsByBloc = blocs.map(function (b) { return sum(STANCES.map(function (s) { return count(b, s); })); });
    var all = sum(totalsByBloc);
    var section = el("section", { "aria-labelledby": id + "-bloc-h" }, [el("h2", { id: id + "-bloc-h", text: "Stance by the speaker's bloc" })]);
    if (!all) {
      section.appendChild(el("p", { className: "msm-note", text: "No relevant labelled statements: nothing to chart." }));
      return section;
    }
    var div = plotDiv("Stacked bar chart of stance by the speaker's bloc; the numbers are in the table below.");
    var c = chart(div, function (width, norm) {
      var labels = blocs.map(function (b, i) { return esc(blocName(b)) + " (n=" + num(totalsByBloc[i]) + ")"; });
      var counts = STANCES.map(function (s) { return blocs.map(function (b) { return count(b, s); }); });
      var data = stackedBars(labels, counts, true, function (s, k) {
        return {
          customdata: counts[k].map(function (n, i) { return pct(n, totalsByBloc[i]); }),
          hovertemplate: "%{y}<br>" + STANCE_NAMES[s] + ": %{text} (%{customdata} of the bloc)<extra></extra>"
        };
      });
      var layout = baseLayout("Stance of relevant statements by the speaker's bloc", 90 + 46 * blocs.length, width);
      layout.barnorm = norm;
      layout.xaxis = valueAxis(norm, "Share of the bloc's statements");
      layout.yaxis = { autorange: "reversed", automargin: true, fixedrange: true };
      return { data: data, layout: layout };
    });
    var busiest = blocs.map(function (b, i) { return i; }).sort(function (a, b) { return totalsByBloc[b] - totalsByBloc[a]; })[0];
    var caption = STANCES.map(function (s) {
      var n = sum(blocs.map(function (b) { return count(b, s); }));
      return num(n) + " " + s + " (" + pct(n, all) + ")";
    }).join(", ");
    section.appendChild(scaleControl(id + "-bloc-scale", function (norm) { c.norm = norm; paint(c); }));
    section.appendChild(legend());
    section.appendChild(div);
    section.appendChild(el("p", { className: "msm-note", text: "Of " + plural(all, "relevant statement", "relevant statements") +
      ": " + caption + ". The most quoted bloc is " + blocName(blocs[busiest]) + " (" + pct(totalsByBloc[busiest], all) + ")." }));
    section.appendChild(tableDetails("Table: stance by bloc", table("Relevant statements by bloc and stance (share of the bloc)",
      ["Bloc"].concat(STANCES.map(function (s) { return STANCE_NAMES[s]; }), ["Total"]),
      blocs.map(function (b, i) {
        return [blocName(b)].concat(STANCES.map(function (s) {
          return num(count(b, s)) + " (" + pct(count(b, s), totalsByBloc[i]) + ")";
        }), [num(totalsByBloc[i])]);
      }))));
    return section;
  }

  function overTime(summary, id) {
    var columns = Object.keys(summary.over_time || {});
    var section = el("section", { "aria-labelledby": id + "-time-h" }, [el("h2", { id: id + "-time-h", text: "Stance over time" })]);
    if (!columns.length) {
      section.appendChild(el("p", { className: "msm-note", text: "No column of this file was recognised as dates " +
        "(2024-06-19 or 2024-06-19T10:00, or day first: 19/06/2024, 19.06.2024), so there is no chart over time." }));
      return section;
    }
    var select = el("select", { id: id + "-date" }, columns.map(function (name) { return el("option", { value: name, text: name }); }));
    if (columns.length === 1) select.disabled = true;
    var div = plotDiv("Stacked bar chart of stance over time; the numbers are in the table below.");
    var note = el("p", { className: "msm-note" });
    var holder = el("div");

    function current() {
      var series = summary.over_time[select.value];
      var totalsByPeriod = series.periods.map(function (_, i) { return sum(STANCES.map(function (s) { return series.counts[s][i]; })); });
      return { column: select.value, series: series, unit: series.unit, totals: totalsByPeriod };
    }

    var c = chart(div, function (width, norm) {
      var t = current(), series = t.series, unit = t.unit;
      var counts = STANCES.map(function (s) { return series.counts[s]; });
      var data = stackedBars(series.periods, counts, false, function (s, k) {
        return {
          customdata: series.periods.map(function (p, i) { return [period(p, unit), pct(counts[k][i], t.totals[i])]; }),
          hovertemplate: "%{customdata[0]}<br>" + STANCE_NAMES[s] + ": %{y:,} (%{customdata[1]})<extra></extra>"
        };
      });
      var layout = baseLayout("Stance of relevant statements per " + unit + " (" + esc(shorten(t.column, 30)) + ")", 320, width);
      layout.bargap = series.periods.length > 40 ? 0.05 : 0.2;
      layout.barnorm = norm;
      layout.xaxis = { title: { text: unit === "day" ? "Day" : "Month" }, type: "date", automargin: true, fixedrange: true,
                       tickformat: unit === "day" ? "%-d %b %Y" : "%b %Y", nticks: width < NARROW ? 4 : 10 };
      layout.yaxis = valueAxis(norm, "Share of the " + unit + "'s statements");
      return { data: data, layout: layout };
    });

    function describe() {
      var t = current(), series = t.series, unit = t.unit;
      var dated = sum(t.totals);
      var peak = t.totals.indexOf(Math.max.apply(null, t.totals.concat([0])));
      var words = plural(dated, "relevant statement", "relevant statements") + " dated by “" + t.column + "”, per " + unit;
      if (dated) {
        words += ", from " + period(series.periods[0], unit) + " to " + period(series.periods[series.periods.length - 1], unit) +
          "; the busiest " + unit + " is " + period(series.periods[peak], unit) + " with " + num(t.totals[peak]);
      }
      words += ". " + plural(series.undated, "relevant statement has", "relevant statements have") +
        " no readable date in this column and " + (series.undated === 1 ? "is" : "are") + " not shown.";
      note.textContent = words;
      holder.textContent = "";
      holder.appendChild(tableDetails("Table: stance per " + unit, table(
        "Relevant statements per " + unit + " by stance (" + t.column + ")",
        [unit === "day" ? "Day" : "Month"].concat(STANCES.map(function (s) { return STANCE_NAMES[s]; }), ["Total"]),
        series.periods.map(function (p, i) {
          return [period(p, unit)].concat(STANCES.map(function (s) { return num(series.counts[s][i]); }), [num(t.totals[i])]);
        }))));
    }

    select.addEventListener("change", function () { describe(); paint(c); });
    section.appendChild(el("div", { className: "msm-controls" }, [el("label", { "for": id + "-date", text: "Date column: " }), select]));
    section.appendChild(scaleControl(id + "-time-scale", function (norm) { c.norm = norm; paint(c); }));
    section.appendChild(legend());
    section.appendChild(div);
    section.appendChild(note);
    section.appendChild(holder);
    describe();
    return section;
  }

  function speakers(summary, id) {
    var section = el("section", { "aria-labelledby": id + "-spk-h" }, [el("h2", { id: id + "-spk-h", text: "Most quoted speakers" })]);
    var list = summary.speakers || [];
    if (!list.length) {
      section.appendChild(el("p", { className: "msm-note", text: "No speakers to show: the file has no speaker column, or no relevant statement names one." }));
      return section;
    }
    var div = plotDiv("Stacked bar chart of the most quoted speakers by stance; the numbers are in the table below.");
    var c = chart(div, function (width, norm) {
      var small = width < NARROW;
      // numbered, so two names cut to the same start stay two bars
      var labels = list.map(function (sp, i) {
        return (i + 1) + ". " + esc(shorten(sp.speaker, small ? 16 : 30)) + (small ? "" : " · " + esc(blocName(sp.bloc)));
      });
      var counts = STANCES.map(function (s) { return list.map(function (sp) { return sp.stances[s] || 0; }); });
      var data = stackedBars(labels, counts, true, function (s, k) {
        return {
          customdata: list.map(function (sp, i) { return [esc(sp.speaker), esc(blocName(sp.bloc)), pct(counts[k][i], sp.total), num(sp.total)]; }),
          hovertemplate: "%{customdata[0]} (%{customdata[1]})<br>" + STANCE_NAMES[s] +
            ": %{text} of %{customdata[3]} (%{customdata[2]})<extra></extra>"
        };
      });
      var layout = baseLayout("Most quoted speakers, relevant statements by stance", 70 + 28 * list.length, width);
      layout.barnorm = norm;
      layout.xaxis = valueAxis(norm, "Share of the speaker's statements");
      layout.yaxis = { autorange: "reversed", automargin: true, fixedrange: true };
      return { data: data, layout: layout };
    });
    section.appendChild(scaleControl(id + "-spk-scale", function (norm) { c.norm = norm; paint(c); }));
    section.appendChild(legend());
    section.appendChild(div);
    var words = "The " + plural(list.length, "speaker", "speakers") + " with the most relevant statements, most first, " +
      "each with the bloc of most of their statements.";
    if (!summary.speakers_exact) {
      words += " Approximate: the archive names more distinct speakers than are counted at once, so rarely quoted " +
        "speakers were dropped along the way; a total shown may be lower than the true one, never higher.";
    }
    section.appendChild(el("p", { className: "msm-note", text: words }));
    section.appendChild(tableDetails("Table: top speakers", table("Top speakers: relevant statements by stance",
      ["Speaker", "Bloc"].concat(STANCES.map(function (s) { return STANCE_NAMES[s]; }), ["Total"]),
      list.map(function (sp) {
        return [sp.speaker, blocName(sp.bloc)].concat(STANCES.map(function (s) { return num(sp.stances[s] || 0); }), [num(sp.total)]);
      }))));
    return section;
  }

  function cellsTable(example) {
    var rows = Object.keys(example.cells).map(function (name) {
      return el("tr", {}, [el("th", { scope: "row", text: name }), el("td", { text: example.cells[name] })]);
    });
    return el("div", { className: "msm-scroll" }, [el("table", { className: "msm-cells" }, [
      el("caption", { text: "Every cell of row " + num(example.row) + " (each cut to 300 characters)" }),
      el("tbody", {}, rows)])]);
  }

  function confident(summary, id) {
    var section = el("section", { "aria-labelledby": id + "-conf-h" }, [
      el("h2", { id: id + "-conf-h", text: "Most confident statements" }),
      el("p", { className: "msm-note", text: "The distinct relevant statements the model is surest of, per stance, with " +
        "the probability it gave that stance and the row's number in the scored file (1 is the first row after the header)." })
    ]);
    var grid = el("div", { className: "msm-examples" });
    Object.keys(summary.confident || {}).forEach(function (stance) {
      var examples = summary.confident[stance];
      var column = el("div", {}, [el("h3", {}, [
        el("span", { className: "msm-key", style: "background:" + (COLORS[stance] || "#999"), "aria-hidden": "true" }),
        (STANCE_NAMES[stance] || stance) + " (" + examples.length + ")"])]);
      if (!examples.length) column.appendChild(el("p", { className: "msm-note", text: "None in this archive." }));
      var ol = el("ol");
      examples.forEach(function (ex) {
        var who = [ex.speaker, ex.bloc ? blocName(ex.bloc) : null].filter(Boolean).join(" · ");
        ol.appendChild(el("li", { style: "border-left-color:" + (COLORS[stance] || "#999") }, [
          el("div", { className: "msm-meta", text: "Row " + num(ex.row) + " · P(" + stance + ") = " + ex.score.toFixed(4) + (who ? " · " + who : "") }),
          el("blockquote", { text: ex.text || "(no text cell)" }),
          el("details", {}, [el("summary", { text: "All cells of row " + num(ex.row) }), cellsTable(ex)])
        ]));
      });
      column.appendChild(ol);
      grid.appendChild(column);
    });
    section.appendChild(grid);
    return section;
  }

  /* Build the archive picture for ``summary`` inside ``container`` (its content is replaced). */
  function renderArchive(container, summary) {
    installStyle();
    var id = "msm" + (++uid);
    var relevant = sum(Object.keys(summary.stance_by_bloc || {}).map(function (b) {
      return sum(STANCES.map(function (s) { return summary.stance_by_bloc[b][s] || 0; }));
    }));
    container.textContent = "";
    var root = el("div", { className: "msm" }, [
      totals(summary, relevant), byBloc(summary, id), overTime(summary, id), speakers(summary, id), confident(summary, id)
    ]);
    container.appendChild(root);
    charts.forEach(function (c) { if (!c.width) paint(c); });
    if (!global.MsimamoCharts.listening) {
      global.addEventListener("resize", onResize);
      global.MsimamoCharts.listening = true;
    }
    return root;
  }

  global.MsimamoCharts = { COLORS: COLORS, STANCES: STANCES, renderArchive: renderArchive, listening: false };
})(window);

// The partner's reports page: calls GET /v1/partner/hotels/{hotelId}/reports/{report} with the credential typed
// in, sent both as the partner header and as a bearer token, and draws the answer as an SVG line chart.
(function () {
  "use strict";

  const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#4b5563"];
  const $ = (id) => document.getElementById(id);

  function init() {
    const params = new URLSearchParams(window.location.search);
    const today = new Date();
    const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
    const next = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1));
    $("hotelId").value = params.get("hotelId") || "";
    $("report").value = params.get("report") || "occupancy";
    $("from").value = params.get("from") || first.toISOString().slice(0, 10);
    $("to").value = params.get("to") || next.toISOString().slice(0, 10);
    $("credential").value = window.sessionStorage.getItem("innflow.partner.credential") || "";
    $("query").addEventListener("submit", (event) => {
      event.preventDefault();
      show();
    });
    $("csv").addEventListener("click", download);
  }

  function url(format) {
    const hotelId = encodeURIComponent($("hotelId").value.trim());
    const query = new URLSearchParams({ from: $("from").value, to: $("to").value, format: format });
    if ($("report").value === "pace") {
      query.set("days", $("days").value || "90");
    }
    return "/v1/partner/hotels/" + hotelId + "/reports/" + $("report").value + "?" + query;
  }

  async function call(format) {
    const credential = $("credential").value.trim();
    window.sessionStorage.setItem("innflow.partner.credential", credential);
    // The partner's bearer token (for the demo: "partner" in var/demo-tokens.json).
    const response = await fetch(url(format), {
      headers: {
        "Authorization": "Bearer " + credential,
        "Accept": format === "csv" ? "text/csv" : "application/json",
      },
    });
    if (!response.ok) {
      let detail = response.status + " " + response.statusText;
      try {
        const problem = await response.json();
        detail = problem.title + ": " + problem.detail;
      } catch (ignored) {
        // Not a problem document: the status line says enough.
      }
      throw new Error(detail);
    }
    return response;
  }

  async function show() {
    $("status").textContent = "Loading…";
    try {
      const report = await (await call("json")).json();
      $("status").textContent = "";
      render(report);
    } catch (e) {
      $("status").textContent = e.message;
      clear();
    }
  }

  async function download() {
    try {
      const blob = await (await call("csv")).blob();
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = $("hotelId").value.trim() + "-" + $("report").value + "-" + $("from").value + "-"
          + $("to").value + ".csv";
      document.body.appendChild(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(link.href);
    } catch (e) {
      $("status").textContent = e.message;
    }
  }

  function clear() {
    $("chart").replaceChildren();
    $("legend").replaceChildren();
    $("table").replaceChildren();
  }

  function render(report) {
    clear();
    if (report.report === "pace") {
      const points = report.hotel.map((p) => p.daysBefore);
      chart(points.map((d) => d + "d"), [
        { name: "This period (" + report.from + " – " + report.to + ")", values: report.hotel.map((p) => p.roomNights) },
        { name: "Previous period (" + report.previousFrom + " – " + report.previousTo + ")",
          values: report.hotel.map((p) => p.previousRoomNights) },
      ], "room nights on the books, by days before the first night");
      table(["Days before", "Booking date", "Room nights", "Previous booking date", "Previous room nights"],
          report.hotel.map((p) => [p.daysBefore, p.bookingDate, p.roomNights, p.previousBookingDate,
            p.previousRoomNights]));
      return;
    }
    const field = report.report === "occupancy" ? "occupancy" : "adrMinor";
    const nights = [];
    report.roomTypes.forEach((rt) => rt.nights.forEach((n) => {
      if (!nights.includes(n.night)) {
        nights.push(n.night);
      }
    }));
    nights.sort();
    const series = report.roomTypes.map((rt) => {
      const byNight = Object.fromEntries(rt.nights.map((n) => [n.night, n[field]]));
      return { name: rt.roomTypeId, values: nights.map((n) => (n in byNight ? byNight[n] : null)) };
    });
    chart(nights, series, report.report === "occupancy" ? "occupancy by night" : "ADR by night (minor units)");
    const columns = report.report === "occupancy"
      ? ["allotment", "roomNightsSold", "occupancy"]
      : ["roomNightsSold", "revenueMinor", "adrMinor", "allotment", "revparMinor"];
    const rows = report.roomTypes.map((rt) => [rt.roomTypeId].concat(columns.map((c) => rt[c])));
    if (report.hotel) {
      rows.push(["hotel"].concat(columns.map((c) => report.hotel[c])));
    }
    table(["Room type"].concat(columns), rows);
  }

  function svg(name, attributes, text) {
    const element = document.createElementNS("http://www.w3.org/2000/svg", name);
    Object.entries(attributes).forEach(([k, v]) => element.setAttribute(k, v));
    if (text !== undefined) {
      element.textContent = text;
    }
    return element;
  }

  function chart(labels, series, title) {
    const width = 900, height = 360, left = 60, right = 45, top = 30, bottom = 50;
    const values = series.flatMap((s) => s.values).filter((v) => v !== null && v !== undefined).map(Number);
    const max = values.length ? Math.max(...values) : 1;
    const top_ = max > 0 ? max * 1.1 : 1;
    const x = (i) => left + (labels.length <= 1 ? 0 : (i * (width - left - right)) / (labels.length - 1));
    const y = (v) => top + (height - top - bottom) * (1 - Number(v) / top_);
    const root = svg("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height });
    root.appendChild(svg("text", { x: left, y: 18, "font-size": 13 }, title));
    for (let t = 0; t <= 4; t++) {
      const v = (top_ * t) / 4;
      root.appendChild(svg("line", { x1: left, x2: width - right, y1: y(v), y2: y(v), stroke: "#eef0f4" }));
      root.appendChild(svg("text", { x: left - 6, y: y(v) + 4, "font-size": 11, "text-anchor": "end" },
          Number.isInteger(v) ? v : v.toFixed(2)));
    }
    const step = Math.max(1, Math.ceil(labels.length / 12));
    labels.forEach((label, i) => {
      if (i % step === 0) {
        root.appendChild(svg("text", { x: x(i), y: height - bottom + 16, "font-size": 11, "text-anchor": "middle" },
            label));
      }
    });
    series.forEach((s, n) => {
      const color = COLORS[n % COLORS.length];
      let path = "";
      s.values.forEach((v, i) => {
        if (v === null || v === undefined) {
          return;
        }
        path += (path === "" || s.values[i - 1] === null || s.values[i - 1] === undefined ? "M" : "L")
            + x(i) + " " + y(v) + " ";
        root.appendChild(svg("circle", { cx: x(i), cy: y(v), r: 2.5, fill: color }))
            .appendChild(svg("title", {}, s.name + " · " + labels[i] + ": " + v));
      });
      root.appendChild(svg("path", { d: path.trim(), fill: "none", stroke: color, "stroke-width": 2 }));
      const key = document.createElement("span");
      const swatch = document.createElement("i");
      swatch.style.background = color;
      key.append(swatch, s.name);
      $("legend").appendChild(key);
    });
    $("chart").appendChild(root);
  }

  function table(header, rows) {
    const t = document.createElement("table");
    const head = t.insertRow();
    header.forEach((h) => {
      const th = document.createElement("th");
      th.textContent = h;
      head.appendChild(th);
    });
    rows.forEach((r) => {
      const tr = t.insertRow();
      r.forEach((v) => {
        tr.insertCell().textContent = v === null || v === undefined ? "–" : v;
      });
    });
    $("table").appendChild(t);
  }

  init();
})();

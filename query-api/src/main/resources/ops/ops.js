// The operator page: polls /ops/data, keeps a short history in memory and draws it with Chart.js.
// window.opsState holds the history and the charts, so a test can read what the page shows.
(function () {
  'use strict';
  const REFRESH_MS = 2000;
  const POINTS = 150;
  const state = { history: [], charts: {}, last: null, errors: 0 };
  window.opsState = state;

  function lineChart(id, seriesNames) {
    const chart = new Chart(document.getElementById(id), {
      type: 'line',
      data: { labels: [], datasets: seriesNames.map(name => ({ label: name, data: [], pointRadius: 0, borderWidth: 1.5 })) },
      options: { animation: false, responsive: true, scales: { y: { beginAtZero: true } }, plugins: { legend: { labels: { boxWidth: 10 } } } }
    });
    state.charts[id] = chart;
    return chart;
  }

  const charts = {
    lag: lineChart('lag', []),
    commands: lineChart('commands', ['commands/s', 'hold requests/s']),
    latency: lineChart('latency', ['p50', 'p95', 'p99']),
    waiters: lineChart('waiters', ['waiting', 'timeouts/s', 'overloads/s', 'searches in progress']),
    cdc: lineChart('cdc', ['retained WAL', 'unconfirmed WAL'])
  };

  function push(chart, label, values) {
    chart.data.labels.push(label);
    values.forEach((v, i) => chart.data.datasets[i].data.push(v));
    if (chart.data.labels.length > POINTS) {
      chart.data.labels.shift();
      chart.data.datasets.forEach(d => d.data.shift());
    }
  }

  function rate(now, before, key) {
    if (!before) return 0;
    const seconds = (now.time - before.time) / 1000;
    return seconds > 0 ? Math.max(0, (now[key] - before[key]) / seconds) : 0;
  }

  function lagKey(row) { return row.group + ' ' + row.topic + '-' + row.partition; }

  function drawLag(label, data) {
    const chart = charts.lag;
    const byKey = new Map(data.lag.map(row => [lagKey(row), row.lag]));
    byKey.forEach((_, key) => {
      if (!chart.data.datasets.some(d => d.label === key)) {
        chart.data.datasets.push({ label: key, data: chart.data.labels.map(() => null), pointRadius: 0, borderWidth: 1.5 });
      }
    });
    push(chart, label, chart.data.datasets.map(d => byKey.has(d.label) ? byKey.get(d.label) : null));
  }

  function cell(text) { const td = document.createElement('td'); td.textContent = text; return td; }

  function table(id, header, rows) {
    const t = document.getElementById(id);
    t.replaceChildren();
    const head = document.createElement('tr');
    header.forEach(h => { const th = document.createElement('th'); th.textContent = h; head.appendChild(th); });
    t.appendChild(head);
    rows.forEach(r => { const tr = document.createElement('tr'); r.forEach(v => tr.appendChild(cell(v))); t.appendChild(tr); });
  }

  function upDown(el, up) { el.textContent = up ? 'UP' : 'DOWN'; el.className = up ? 'up' : 'down'; }

  function render(data) {
    const before = state.history.length ? state.history[state.history.length - 1] : null;
    state.history.push(data);
    if (state.history.length > POINTS) state.history.shift();
    const label = new Date(data.time).toLocaleTimeString();
    document.getElementById('node').textContent = data.node;
    upDown(document.getElementById('status'), data.health.status === 'UP');
    document.getElementById('updated').textContent = 'updated ' + label + ', lag computed ' + new Date(data.lagComputedAt).toLocaleTimeString();
    table('checks', ['check', 'state'], Object.entries(data.health.checks));
    drawLag(label, data);
    push(charts.commands, label, [rate(data, before, 'commandsProcessed'), rate(data, before, 'holdRequests')]);
    const l = data.holdLatencyMs || {};
    push(charts.latency, label, [l.p50 || 0, l.p95 || 0, l.p99 || 0]);
    push(charts.waiters, label, [data.waiters, rate(data, before, 'timeouts'), rate(data, before, 'overloads'), data.searchesInProgress]);
    const cdc = data.cdc;
    push(charts.cdc, label, cdc && cdc.slotFound ? [cdc.retainedWalBytes, cdc.confirmedLagBytes] : [null, null]);
    const c = data.catalog;
    document.getElementById('catalog').textContent = 'catalog changes applied: ' + c.applied
      + (c.lastChangeAgeSeconds === null ? '' : ', last ' + Math.round(c.lastChangeAgeSeconds) + ' s ago')
      + ', apply delay p50 ' + Math.round(c.applyDelayP50Ms) + ' ms, p99 ' + Math.round(c.applyDelayP99Ms) + ' ms'
      + (c.commitToAppliedMs === null ? '' : ', latest commit → applied ' + c.commitToAppliedMs + ' ms')
      + (cdc ? (cdc.slotFound ? (cdc.active ? '' : ' — slot inactive') : ' — slot not found') : ' — no catalog database on this node')
      + ((data.catalogBlocks || []).length === 0 ? '' : ' — NEW SALES REFUSED (a change could not be read; update the row): '
        + data.catalogBlocks.map(b => b.scope + ' since ' + b.since + ' (' + b.source + ')').join('; '));
    const inv = data.invariant;
    const invEl = document.getElementById('invariant');
    invEl.textContent = (inv.unreported === 0 ? 'OK' : 'BROKEN') + ': ' + inv.unreported + ' unreported, '
      + inv.overCapacity + ' overbooked nights (reported ones included), ' + inv.scanned + ' nights scanned'
      + (inv.complete ? '' : ' so far (a pass of several runs, under way)');
    invEl.className = inv.unreported === 0 ? 'up' : 'down';
    table('placement', ['instance', 'active', 'standby'], data.placement.map(p => [p.instance, p.active.join(' '), p.standby.join(' ')]));
    table('lagTable', ['group', 'topic', 'partition', 'lag', 'owner'], data.lag.filter(r => r.lag > 0 || r.group.startsWith('facade'))
      .map(r => [r.group, r.topic, r.partition, r.lag, r.owner || '']));
    document.getElementById('dlqCount').textContent = data.deadLetters.count + ' records in the dead-letter topic';
    table('dlq', ['partition', 'offset', 'source', 'error'], data.deadLetters.latest.map(d => [d.partition, d.offset,
      (d.errors.topic || '') + '-' + (d.errors.partition || '') + '@' + (d.errors.offset || ''),
      (d.errors.exception || '') + ': ' + (d.errors.message || '')]));
    Object.values(charts).forEach(chart => chart.update('none'));
    state.last = data;
  }

  async function refresh() {
    try {
      const response = await fetch('/ops/data', { cache: 'no-store' });
      render(await response.json());
    } catch (e) {
      state.errors++;
      document.getElementById('updated').textContent = 'cannot reach the node: ' + e;
    }
  }

  refresh();
  setInterval(refresh, REFRESH_MS);
})();

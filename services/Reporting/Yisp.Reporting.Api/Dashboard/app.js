// The panel's reports dashboard: signs the person in (authorization code flow with PKCE, public client),
// keeps the access token in sessionStorage only, fetches the published figures and draws them with Chart.js.
// A suppressed value ("c") is drawn as absent and shown as "c" in the table under its chart.
(() => {
  'use strict';

  const clientId = 'reports-dashboard';
  const redirectUri = `${window.location.origin}/reports/signed-in`;
  const keys = { token: 'yisp.reports.token', expires: 'yisp.reports.expires', state: 'yisp.reports.state', verifier: 'yisp.reports.verifier' };
  const charts = [
    { id: 'referrals-by-month', type: 'bar', stacked: true, series: 'columns' },
    { id: 'consent', type: 'bar', series: 'rows' },
    { id: 'timeliness', type: 'bar', series: 'statistics' },
    { id: 'outcomes', type: 'bar', series: 'rows', horizontal: true },
    { id: 'score-change', type: 'bar', series: 'rows' },
  ];
  const palette = ['#1d3557', '#e76f51', '#2a9d8f', '#e9c46a', '#8d99ae', '#6a4c93', '#f4a261', '#264653'];
  const drawn = [];

  const statusLine = document.getElementById('status');
  const main = document.getElementById('figures');
  const say = (text) => { statusLine.textContent = text; };

  function base64Url(bytes) {
    let text = '';
    bytes.forEach((b) => { text += String.fromCharCode(b); });
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function randomText() {
    return base64Url(crypto.getRandomValues(new Uint8Array(32)));
  }

  async function signIn() {
    const verifier = randomText();
    const state = randomText();
    const challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
    sessionStorage.setItem(keys.verifier, verifier);
    sessionStorage.setItem(keys.state, state);
    sessionStorage.removeItem(keys.token);
    const query = new URLSearchParams({
      response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope: 'reports',
      state, code_challenge: challenge, code_challenge_method: 'S256',
    });
    window.location.assign(`/connect/authorize?${query}`);
  }

  async function finishSignIn() {
    const answer = new URLSearchParams(window.location.search);
    const state = sessionStorage.getItem(keys.state);
    const verifier = sessionStorage.getItem(keys.verifier);
    sessionStorage.removeItem(keys.state);
    sessionStorage.removeItem(keys.verifier);
    window.history.replaceState(null, '', '/reports');
    if (answer.get('error')) {
      throw new Error(`Sign-in failed: ${answer.get('error_description') || answer.get('error')}`);
    }
    if (!state || answer.get('state') !== state || !verifier || !answer.get('code')) {
      throw new Error('Sign-in answer did not match this browser\'s request; reload to sign in again.');
    }
    const response = await fetch('/connect/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', client_id: clientId, code: answer.get('code'), redirect_uri: redirectUri, code_verifier: verifier,
      }),
    });
    if (!response.ok) {
      throw new Error(`Sign-in failed at the token endpoint (${response.status}).`);
    }
    const token = await response.json();
    sessionStorage.setItem(keys.token, token.access_token);
    sessionStorage.setItem(keys.expires, String(Date.now() + ((token.expires_in || 300) - 10) * 1000));
  }

  function currentToken() {
    const token = sessionStorage.getItem(keys.token);
    const expires = Number(sessionStorage.getItem(keys.expires) || 0);
    return token && Date.now() < expires ? token : null;
  }

  function defaultPeriod(kind) {
    const now = new Date();
    const year = now.getUTCFullYear();
    const month = now.getUTCMonth() + 1;
    if (kind === 'month') {
      return `${year}-${String(month).padStart(2, '0')}`;
    }
    if (kind === 'quarter') {
      return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
    }
    return `FY${month >= 4 ? year : year - 1}`;
  }

  const value = (v) => (typeof v === 'number' ? v : null);

  function cellText(v) {
    if (v === null || v === undefined) {
      return '';
    }
    return typeof v === 'number' ? v.toLocaleString('en-GB') : String(v);
  }

  function addCell(row, v, heading) {
    const cell = document.createElement(heading ? 'th' : 'td');
    cell.textContent = cellText(v);
    if (heading) {
      cell.scope = 'row';
    } else if (typeof v === 'string') {
      cell.className = 'suppressed';
      cell.title = 'suppressed: a small number';
    }
    row.appendChild(cell);
  }

  function renderTable(table) {
    const element = document.createElement('table');
    const caption = element.createCaption();
    caption.textContent = table.title;
    const head = element.createTHead().insertRow();
    const derived = table.derived || [];
    [table.rowHeading, ...table.columnLabels, ...(table.rowTotals ? ['Total'] : []), ...derived.map((d) => d.label)].forEach((label) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = label;
      head.appendChild(th);
    });
    const body = element.createTBody();
    table.rowLabels.forEach((label, r) => {
      const row = body.insertRow();
      addCell(row, label, true);
      table.cells[r].forEach((v) => addCell(row, v));
      if (table.rowTotals) {
        addCell(row, table.rowTotals[r]);
      }
      derived.forEach((d) => addCell(row, d.values[r]));
    });
    if (table.columnTotals) {
      const row = body.insertRow();
      addCell(row, 'Total', true);
      table.columnTotals.forEach((v) => addCell(row, v));
      if (table.rowTotals) {
        addCell(row, table.grandTotal);
      }
    }
    return element;
  }

  function chartData(spec, figure) {
    const table = figure.table;
    if (spec.series === 'columns') {
      return {
        labels: table.rowLabels,
        datasets: table.columnLabels.map((label, c) => ({
          label, data: table.rowLabels.map((_, r) => value(table.cells[r][c])), backgroundColor: palette[c % palette.length],
        })),
      };
    }
    if (spec.series === 'statistics' && figure.statistics && figure.statistics.derived && figure.statistics.derived.length) {
      const stats = figure.statistics;
      return {
        labels: stats.rowLabels,
        datasets: [{ label: stats.derived[0].label, data: stats.derived[0].values.map(value), backgroundColor: stats.rowLabels.map((_, i) => palette[Math.floor(i / 2) % palette.length]) }],
      };
    }
    return {
      labels: table.rowLabels,
      datasets: [{ label: figure.unit, data: table.cells.map((row) => value(row[0])), backgroundColor: table.rowLabels.map((_, i) => palette[i % palette.length]) }],
    };
  }

  function drawFigure(spec, figure) {
    const section = document.createElement('section');
    section.className = 'figure';
    section.id = `figure-${figure.id}`;
    const title = document.createElement('h2');
    title.textContent = figure.title;
    const definition = document.createElement('p');
    definition.className = 'definition';
    definition.textContent = figure.definition;
    const holder = document.createElement('div');
    holder.className = 'chart';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `${figure.title} (chart; the table below gives the figures)`);
    holder.appendChild(canvas);
    section.append(title, definition, holder, renderTable(figure.table));
    if (figure.statistics) {
      section.appendChild(renderTable(figure.statistics));
    }
    main.appendChild(section);

    const data = chartData(spec, figure);
    const points = data.datasets.reduce((n, d) => n + d.data.filter((v) => v !== null).length, 0);
    drawn.push(new window.Chart(canvas, {
      type: spec.type,
      data,
      options: {
        animation: false,
        maintainAspectRatio: false,
        indexAxis: spec.horizontal ? 'y' : 'x',
        plugins: { legend: { display: data.datasets.length > 1 } },
        scales: {
          x: { stacked: !!spec.stacked, beginAtZero: true },
          y: { stacked: !!spec.stacked, beginAtZero: true },
        },
      },
    }));
    section.dataset.points = String(points);
  }

  async function load() {
    const token = currentToken();
    if (!token) {
      await signIn();
      return;
    }
    const query = new URLSearchParams({ period: document.getElementById('period-value').value.trim() });
    const districts = document.getElementById('districts').value.replace(/\s+/g, '');
    if (districts) {
      query.set('districts', districts);
    }
    main.dataset.state = 'loading';
    say('Loading the figures…');
    const response = await fetch(`/api/reports/figures?${query}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
    if (response.status === 401) {
      await signIn();
      return;
    }
    if (response.status === 403) {
      throw new Error('Only the panel\'s roles (coordinator, panel member) may see the reports.');
    }
    if (!response.ok) {
      let detail = '';
      try {
        const problem = await response.json();
        detail = problem.errors ? Object.values(problem.errors).flat().join(' ') : (problem.detail || problem.title || '');
      } catch {
        detail = '';
      }
      throw new Error(`The figures could not be loaded (${response.status}). ${detail}`);
    }
    const answer = await response.json();
    drawn.splice(0).forEach((chart) => chart.destroy());
    main.replaceChildren();
    charts.forEach((spec) => {
      const figure = answer.figures.find((f) => f.id === spec.id);
      if (figure) {
        drawFigure(spec, figure);
      }
    });
    const area = answer.districts && answer.districts.length ? answer.districts.join(', ') : 'all districts';
    say(`Referrals received from ${answer.from.slice(0, 10)} to before ${answer.to.slice(0, 10)}, ${area}.`);
    main.dataset.state = 'drawn';
  }

  function fail(error) {
    main.dataset.state = 'failed';
    say(error.message);
  }

  async function start() {
    const kind = document.getElementById('period-kind');
    const period = document.getElementById('period-value');
    period.value = defaultPeriod(kind.value);
    kind.addEventListener('change', () => { period.value = defaultPeriod(kind.value); load().catch(fail); });
    document.getElementById('filters').addEventListener('submit', (e) => { e.preventDefault(); load().catch(fail); });
    if (window.location.pathname === '/reports/signed-in') {
      await finishSignIn();
    }
    await load();
  }

  start().catch(fail);
})();

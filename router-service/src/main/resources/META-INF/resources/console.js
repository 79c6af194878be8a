// The operator console: draws the router's status stream (GET /v1/routing/stream) and delivery's Prometheus figures.
// Plain script, no build step; charts by uPlot, served by the router from its WebJar.
const Console = (() => {
    const HISTORY_SECONDS = 300;
    const COLORS = { kinesis: '#2563eb', kafka: '#d97706', merge: '#7c3aed', lag: '#0f766e', kinesisVis: '#64748b', kafkaVis: '#be185d' };
    const STATE_NAMES = { PRIMARY: 'Primary', FAILING_OVER: 'Failing over', FALLBACK: 'Fallback', RECOVERING: 'Recovering' };
    const $ = id => document.getElementById(id);
    const esc = s => String(s ?? '').replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
    const clock = iso => iso ? new Date(iso).toISOString().substring(11, 19) : '–';
    const charts = {};
    let latest = null;
    let firstSeen = null;
    let deliveryUrl = null;
    let delivery = { ok: false, partners: null, routers: null, error: 'not configured (router.status.delivery-url)' };

    function chart(id, series) {
        const data = [[], ...series.map(() => [])];
        const el = $(id);
        const plot = new uPlot({
            width: Math.max(300, el.clientWidth), height: 220,
            scales: { x: { time: true } },
            axes: [{}, { size: 60 }],
            series: [{}, ...series.map(s => ({ label: s.label, stroke: s.color, width: 2, spanGaps: false,
                value: (u, v) => v == null ? '–' : v.toFixed(1) }))],
        }, data, el);
        new ResizeObserver(() => plot.setSize({ width: Math.max(300, el.clientWidth), height: plot.height })).observe(el);
        charts[id] = { plot, data };
        return charts[id];
    }

    function push(id, t, values) {
        const c = charts[id];
        c.data[0].push(t);
        values.forEach((v, i) => c.data[i + 1].push(v == null || Number.isNaN(v) ? null : v));
        while (c.data[0].length && c.data[0][0] < t - HISTORY_SECONDS) c.data.forEach(a => a.shift());
        c.plot.setData(c.data);
    }

    function renderHeader(view) {
        const r = view.routing;
        $('stateBadge').textContent = STATE_NAMES[r.state] ?? r.state;
        $('stateBadge').className = 'badge ' + r.state;
        $('target').textContent = r.target === 'kinesis' ? 'Kinesis' : 'Kafka';
        $('mode').textContent = r.mode;
        $('routerId').textContent = r.router ?? '–';
        $('withheld').hidden = !r.failoverWithheld;
        $('withheld').textContent = 'Failover withheld (Kafka is not writable): ' + (r.failoverWithheld ?? '');
        $('pinned').hidden = r.mode === 'auto';
        $('pinned').textContent = 'Override: writes pinned to ' + (r.mode === 'kinesis' ? 'Kinesis' : 'Kafka')
            + ' on every router, whatever the state' + (r.override ? ` (${r.override.reason}, ${clock(r.override.time)} UTC)` : '')
            + '; set the mode back to auto to let health decide';
    }

    // The band: the state at each moment of the window, from the transitions (newest first) the router keeps.
    function renderBand(view) {
        const now = Date.parse(view.time), start = now - HISTORY_SECONDS * 1000;
        const transitions = view.routing.transitions.slice().reverse();
        const width = t => (100 * (t - start) / (now - start));
        // before the page's first message and the oldest transition the router still keeps, the state is not known
        const known = Math.max(start, Math.min(firstSeen ?? now, transitions.length ? Date.parse(transitions[0].time) : now));
        let html = known > start ? `<div class="segment UNKNOWN" style="left:0;width:${width(known)}%" title="not known"></div>` : '';
        let from = known;
        let state = transitions.length ? transitions[0].from : view.routing.state;
        for (const t of transitions) {
            const at = Date.parse(t.time);
            if (at > known) {
                html += `<div class="segment ${state}" style="left:${width(from)}%;width:${width(at) - width(from)}%"></div>`;
                from = at;
            }
            state = t.to;
        }
        html += `<div class="segment ${state}" data-state="${state}" style="left:${width(from)}%;width:${100 - width(from)}%"></div>`;
        for (const t of transitions) {
            const at = Date.parse(t.time);
            if (at > start) html += `<div class="marker" style="left:${width(at)}%" title="${esc(clock(t.time) + ' ' + t.from + ' → ' + t.to + ': ' + t.reason)}"></div>`;
        }
        for (const o of view.overrides) {
            const at = Date.parse(o.time);
            if (at > start) html += `<div class="marker override" style="left:${width(at)}%" title="${esc(clock(o.time) + ' override ' + o.before + ' → ' + o.after + ': ' + (o.reason ?? ''))}"></div>`;
        }
        $('band').innerHTML = html;
        $('bandStart').textContent = clock(new Date(start).toISOString());
        $('transitions').tBodies[0].innerHTML = view.routing.transitions.map(t =>
            `<tr class="transition"><td>${clock(t.time)}</td><td class="state ${t.from}">${STATE_NAMES[t.from] ?? t.from}</td>`
            + `<td class="state ${t.to}">${STATE_NAMES[t.to] ?? t.to}</td><td>${esc(t.reason)}</td></tr>`).join('')
            || '<tr><td colspan="4" class="muted">no transition since start-up</td></tr>';
    }

    function renderSinks(view) {
        $('sinks').tBodies[0].innerHTML = ['kinesis', 'kafka'].map(name => [name, view.routing.sinks[name]]).map(([name, s]) => {
            const w = s.window, p = s.lastProbe;
            return `<tr><td>${name === 'kinesis' ? 'Kinesis' : 'Kafka'}</td>`
                + `<td class="${s.writable ? 'ok' : 'bad'}">${s.writable ? 'yes' : 'no: ' + esc(s.lastError)}</td>`
                + `<td>${w.eventsPerSecond.toFixed(1)}</td><td>${w.failed}</td><td>${w.timedOut}</td><td>${w.throttled}</td>`
                + `<td>${s.callsInFlight}${s.callsInFlight ? ' (oldest ' + s.oldestCallInFlightMs + ' ms)' : ''}</td>`
                + `<td>${p ? (p.ok ? 'ok' : 'failed') + ', ' + p.latencyMs + ' ms at ' + clock(p.time) : '–'}</td></tr>`;
        }).join('');
    }

    // the fleet as the control topic shows it: every router and delivery replica, stale when silent too long
    function renderFleet(view) {
        const r = view.routing;
        const fleet = r.fleet ?? { routers: [], deliveries: [] };
        const from = r.kinesisWritesFrom ? Date.parse(r.kinesisWritesFrom) : null;
        const lease = !from ? 'announcing its lease' : from > Date.parse(view.time)
            ? 'no Kinesis write before ' + clock(r.kinesisWritesFrom) : 'may write to Kinesis';
        const silent = m => `stale: last heard ${Math.round((m.heardAgoMs ?? 0) / 1000)} s ago`;
        const routers = fleet.routers.some(m => m.router === r.router) ? fleet.routers
            : [{ router: r.router, state: r.state, mode: r.mode, target: r.target, override: r.override }, ...fleet.routers];
        let rows = routers.map(m => {
            const self = m.router === r.router;
            const t = m.lastTransition;
            const detail = `writes to ${esc(m.target)} (mode ${esc(m.mode)})` + (self ? '; ' + lease : '')
                + (t ? `; last transition ${clock(t.time)} ${STATE_NAMES[t.from] ?? esc(t.from)} → ${STATE_NAMES[t.to] ?? esc(t.to)}: ${esc(t.reason)}` : '')
                + (m.override ? `; override ${esc(m.override.after)}: ${esc(m.override.reason)}` : '');
            return `<tr class="router${m.stale ? ' stale' : ''}" data-id="${esc(m.router)}"><td>${esc(m.router)}${self ? ' (this page)' : ''}</td>`
                + `<td>router</td><td class="state ${m.stale ? 'bad' : m.state}">${m.stale ? silent(m) : STATE_NAMES[m.state] ?? esc(m.state)}</td>`
                + `<td>${detail}</td></tr>`;
        }).join('');
        rows += fleet.deliveries.map(d => {
            const lag = Object.entries(d.lag ?? {}).map(([source, v]) => `${esc(source)} ${Math.round(v)} ${esc(d.lagUnits?.[source] ?? '')}`).join(', ');
            return `<tr class="delivery${d.stale ? ' stale' : ''}" data-id="${esc(d.replica)}"><td>${esc(d.replica)}</td><td>delivery</td>`
                + `<td class="${d.stale ? 'bad' : 'ok'}">${d.stale ? silent(d) : 'reporting'}</td>`
                + `<td>${esc(d.partnersConnected)} partner(s) connected; readers behind: ${lag || '–'}</td></tr>`;
        }).join('');
        if (deliveryUrl) {
            rows += `<tr><td>${esc(deliveryUrl)}</td><td>delivery (charts)</td>`
                + `<td class="${delivery.ok ? 'ok' : 'bad'}">${delivery.ok ? 'reachable' : 'unreachable'}</td>`
                + `<td>${delivery.ok ? 'reads heartbeats of ' + (delivery.routers ?? '–') + ' router(s)' : esc(delivery.error)}</td></tr>`;
        }
        $('fleet').tBodies[0].innerHTML = rows;
        const partners = fleet.deliveries.filter(d => !d.stale).reduce((sum, d) => sum + (d.partnersConnected ?? 0), 0);
        $('partners').textContent = fleet.deliveries.length ? partners : delivery.partners ?? '–';
    }

    function renderAudit(entries) {
        $('audit').tBodies[0].innerHTML = entries.map(e =>
            `<tr><td>${clock(e.time)}</td><td><code>${esc(e.token)}</code></td><td>${esc(e.address)}</td><td>${esc(e.router)}</td>`
            + `<td>${esc(e.before)} → <b>${esc(e.after)}</b>${e.force ? ' (forced)' : ''}</td><td>${esc(e.reason ?? '')}</td></tr>`).join('')
            || '<tr><td colspan="6" class="muted">no override change on the control topic</td></tr>';
    }

    function render(view) {
        latest = view;
        firstSeen = firstSeen ?? Date.parse(view.time);
        deliveryUrl = view.deliveryUrl;
        const t = Date.parse(view.time) / 1000;
        renderHeader(view);
        renderBand(view);
        renderSinks(view);
        renderFleet(view);
        renderAudit(view.overrides);
        const s = view.routing.sinks, l = view.ackLatency;
        push('writesChart', t, [s.kinesis.window.eventsPerSecond, s.kafka.window.eventsPerSecond]);
        push('latencyChart', t, [l.kinesis.p50Ms, l.kinesis.p99Ms, l.kafka.p50Ms, l.kafka.p99Ms]);
    }

    // delivery's figures from its Prometheus endpoint (delivery allows the router's origin through CORS)
    function metric(text, name, label) {
        const line = text.split('\n').find(l => l.startsWith(name) && (!label || l.includes(label)) && !l.startsWith('#'));
        return line ? parseFloat(line.slice(line.lastIndexOf(' ') + 1)) : null;
    }

    async function pollDelivery() {
        if (!deliveryUrl) {
            $('deliveryNote').textContent = 'Delivery not configured: set router.status.delivery-url to chart it.';
            return;
        }
        try {
            const text = await (await fetch(deliveryUrl.replace(/\/$/, '') + '/q/metrics')).text();
            delivery = { ok: true, partners: metric(text, 'delivery_partners_connected'), routers: metric(text, 'delivery_merge_routers') };
            $('deliveryNote').textContent = 'From ' + deliveryUrl + '. Partner lag is at least the merge delay: how far the merge watermark trails the clock.';
            push('deliveryChart', Date.now() / 1000, [
                metric(text, 'delivery_merge_watermark_delay'),
                metric(text, 'delivery_source_lag', 'source="kinesis"'),
                metric(text, 'delivery_source_visibility_lag', 'source="kinesis"'),
                metric(text, 'delivery_source_visibility_lag', 'source="kafka"')]);
        } catch (e) {
            delivery = { ok: false, error: String(e) };
            $('deliveryNote').textContent = 'Delivery unreachable at ' + deliveryUrl + ': ' + e;
        }
        if (latest) renderFleet(latest);
    }

    async function override(event) {
        event.preventDefault();
        const result = $('overrideResult');
        const token = $('overrideToken').value.trim();
        const headers = { 'Content-Type': 'application/json' };
        if (token) headers.Authorization = 'Bearer ' + token;
        const body = { mode: $('overrideMode').value, force: $('overrideForce').checked, reason: $('overrideReason').value.trim() || null };
        try {
            const response = await fetch('/v1/routing/override', { method: 'PUT', headers, body: JSON.stringify(body) });
            const answer = await response.json();
            if (response.ok) {
                result.className = 'ok';
                result.textContent = `Mode is now ${answer.mode}; writes go to ${answer.target}.`;
                renderAudit(await (await fetch('/v1/routing/audit')).json());
            } else {
                result.className = 'bad';
                result.textContent = `Refused (${response.status} ${answer.title ?? ''}): ${answer.detail ?? ''}`;
            }
        } catch (e) {
            result.className = 'bad';
            result.textContent = 'Override failed: ' + e;
        }
    }

    function start(source) {
        chart('writesChart', [{ label: 'Kinesis (events/s)', color: COLORS.kinesis }, { label: 'Kafka (events/s)', color: COLORS.kafka }]);
        chart('latencyChart', [{ label: 'Kinesis p50', color: COLORS.kinesis }, { label: 'Kinesis p99', color: '#93c5fd' },
            { label: 'Kafka p50', color: COLORS.kafka }, { label: 'Kafka p99', color: '#fcd34d' }]);
        chart('deliveryChart', [{ label: 'Merge delay', color: COLORS.merge }, { label: 'Kinesis reader behind', color: COLORS.lag },
            { label: 'Kinesis visibility lag', color: COLORS.kinesisVis }, { label: 'Kafka visibility lag', color: COLORS.kafkaVis }]);
        $('override').addEventListener('submit', override);
        source.onopen = () => { $('conn').textContent = 'live'; $('conn').className = 'conn live'; };
        source.onerror = () => { $('conn').textContent = 'reconnecting…'; $('conn').className = 'conn'; };
        source.onmessage = e => render(JSON.parse(e.data));
        setInterval(pollDelivery, 2000);
    }

    return { start, charts };
})();

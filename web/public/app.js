// stepdown web app: a single page over the HTTP API (docs/API.md).
//
// Hash routes: #/check (default), #/plan, #/login, #/setup?token=...,
// #/diary, #/panel, #/patient/{id}, #/admin.
//
// The page runs under a strict Content-Security-Policy: no inline script,
// no inline style attribute in the HTML, no eval. Everything is built with
// DOM calls (never innerHTML with data), styles come from classes in
// style.css, and Chart.js (loaded before this module as /vendor/chart.umd.js)
// draws the charts.

/* ===== DOM helpers ===== */

const PROPS = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'textContent', 'htmlFor']);

/** h('p', {class: 'x', onclick: fn}, 'text', child, [more]) */
function h(tag, props, ...children) {
    const el = document.createElement(tag);
    if (props) {
        for (const [k, v] of Object.entries(props)) {
            if (v === undefined || v === null || v === false) continue;
            if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
            else if (k === 'class') el.className = v;
            else if (PROPS.has(k)) el[k] = v;
            else el.setAttribute(k, v === true ? '' : String(v));
        }
    }
    append(el, children);
    return el;
}

function append(el, children) {
    for (const c of children) {
        if (c === undefined || c === null || c === false) continue;
        if (Array.isArray(c)) append(el, c);
        else if (c instanceof Node) el.append(c);
        else el.append(document.createTextNode(String(c)));
    }
    return el;
}

function clear(el) {
    while (el.firstChild) el.firstChild.remove();
    return el;
}

let uid = 0;
const nextId = (p) => `${p}-${++uid}`;

/* ===== Levels (PRODUCT.md: dispositions) ===== */

const LEVELS = [
    {name: 'info', meaning: 'nothing to do', todo: 'Nothing to do now.'},
    {name: 'self-care', meaning: 'what helps; mention it at the next visit if it persists',
     todo: 'Look after yourself as advised; mention it at your next visit if it persists.'},
    {name: 'contact-soon', meaning: 'tell the prescriber within a few days',
     todo: 'Tell your prescriber within a few days.'},
    {name: 'call-today', meaning: 'call the prescriber today; do not change the dose on your own',
     todo: 'Call your prescriber today. Do not change the dose on your own.'},
    {name: 'call-now', meaning: 'call the prescriber immediately; urgent care if unreachable',
     todo: 'Call your prescriber now. If you cannot reach them, go to urgent care.'},
    {name: 'emergency', meaning: 'call emergency services now', todo: 'Call emergency services now.'},
];

function levelOf(v) {
    if (v === null || v === undefined) return -1;
    if (typeof v === 'number') return v >= 0 && v <= 5 ? v : -1;
    if (typeof v === 'object') return levelOf(v.level ?? v.name ?? v.disposition);
    const n = LEVELS.findIndex((l) => l.name === v);
    return n;
}

/** A badge with the level's name in words: colour is never the only cue. */
function badge(v, extra) {
    const n = levelOf(v);
    if (n < 0) return h('span', {class: 'badge lvl-none'}, 'no open alert');
    return h('span', {class: `badge lvl-${n}`}, extra ? `${LEVELS[n].name} (level ${n})` : LEVELS[n].name);
}

/** The element is seen but not read out (the text next to it says the same). */
function hideFromAT(el) {
    el.setAttribute('aria-hidden', 'true');
    return el;
}

/* ===== Dates and amounts ===== */

function isoDay(d = new Date()) {
    const p = (x) => String(x).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function parseDay(s) {
    const [y, m, d] = s.slice(0, 10).split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d));
}

function addDays(s, n) {
    const d = parseDay(s);
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
}

function daysBetween(a, b) {
    return Math.round((parseDay(b) - parseDay(a)) / 86400000);
}

function fmtDay(s, opts) {
    if (!s) return '';
    return parseDay(s).toLocaleDateString('en-GB', {
        timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', ...opts,
    });
}

function fmtShortDay(s) {
    return parseDay(s).toLocaleDateString('en-GB', {timeZone: 'UTC', day: 'numeric', month: 'short'});
}

/**
 * A time from the API: seconds since 1970 (alerts, entries: shown in the
 * browser's time zone) or ISO 8601 local time (the diary: shown as written).
 */
function fmtTime(t) {
    if (t === null || t === undefined || t === '') return '';
    if (typeof t === 'number') {
        const d = new Date(t * 1000);
        return `${fmtDay(isoDay(d))} ${hhmm(d)}`;
    }
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(t);
    return m ? `${fmtDay(m[1])} ${m[2]}` : String(t);
}

/** The clock time alone ("08:05") of an API time. */
function clockOf(t) {
    if (typeof t === 'number') return hhmm(new Date(t * 1000));
    const m = /T(\d{2}:\d{2})/.exec(t || '');
    return m ? m[1] : '';
}

function hhmm(d) {
    return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** "A,B" or ["A", "B"] as a list. */
function listOf(v) {
    if (Array.isArray(v)) return v;
    if (typeof v === 'string') return v.split(',').map((x) => x.trim()).filter(Boolean);
    return [];
}

/** Micrograms to "2.5" (mg, exact: integer arithmetic, no float noise). */
function mgText(ug) {
    const whole = Math.trunc(ug / 1000);
    const frac = String(Math.abs(ug % 1000)).padStart(3, '0').replace(/0+$/, '');
    return frac ? `${whole}.${frac}` : String(whole);
}

function mgNum(x) {
    return Math.round(Number(x) * 1000) / 1000;
}

function plural(n, one, many) {
    return `${n} ${n === 1 ? one : many ?? one + 's'}`;
}

/* ===== API ===== */

class ApiError extends Error {
    constructor(status, code, message, where) {
        super(message);
        this.status = status;
        this.code = code;
        this.where = where;
    }
}

const state = {account: null, csrf: null, sources: new Map()};

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A call to the API. Returns the parsed JSON (null for 204), or the
 * Response itself with opts.raw. Throws ApiError on any status >= 400.
 */
async function api(method, path, body, opts = {}) {
    const headers = {Accept: opts.accept || 'application/json'};
    if (UNSAFE.has(method)) {
        headers['Content-Type'] = 'application/json';
        if (state.csrf) headers['X-CSRF-Token'] = state.csrf;
    }
    let res;
    try {
        res = await fetch(path, {
            method, headers, credentials: 'same-origin', cache: 'no-store',
            body: body === undefined ? undefined : JSON.stringify(body),
        });
    } catch (e) {
        throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
    }
    if (!res.ok) {
        let err = null;
        try {
            err = (await res.json()).error;
        } catch (e) { /* not JSON */ }
        const ae = new ApiError(res.status, err?.code || `http_${res.status}`,
                                err?.message || `${res.status} ${res.statusText}`, err?.where);
        if (res.status === 401 && opts.authed !== false && state.account) setSession(null);
        throw ae;
    }
    if (opts.raw) return res;
    if (res.status === 204) return null;
    const text = await res.text();
    return text ? JSON.parse(text) : null;
}

// Whether this browser has logged in: the session cookie is HttpOnly, so a
// flag in localStorage saves anonymous visitors a GET /auth/session that can
// only answer 401.
const SESSION_HINT = 'stepdown.session';

function setSession(r) {
    state.account = r?.account ?? null;
    state.csrf = r?.csrf ?? null;
    try {
        if (state.account) localStorage.setItem(SESSION_HINT, '1');
        else localStorage.removeItem(SESSION_HINT);
    } catch (e) { /* storage disabled: always ask */ }
    updateNav();
}

function mayHaveSession() {
    try {
        return localStorage.getItem(SESSION_HINT) !== null;
    } catch (e) {
        return true;
    }
}

async function loadSession() {
    if (!mayHaveSession()) {
        updateNav();
        return;
    }
    try {
        setSession(await api('GET', '/api/v1/auth/session', undefined, {authed: false}));
    } catch (e) {
        // This browser had a session and the server no longer knows it.
        if (e instanceof ApiError && e.status === 401) state.sessionEnded = true;
        setSession(null);
    }
}

/** Source titles by tag, from /api/v1/drugs/{drug}/sources, cached. */
async function sourcesFor(drug = 'baclofen') {
    if (state.sources.has(drug)) return state.sources.get(drug);
    const map = {};
    try {
        const r = await api('GET', `/api/v1/drugs/${encodeURIComponent(drug)}/sources`);
        for (const s of r.sources || []) map[s.id] = s;
    } catch (e) { /* tags alone then */ }
    state.sources.set(drug, map);
    return map;
}

function filenameFrom(disposition) {
    const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition || '');
    return m ? decodeURIComponent(m[1]) : null;
}

function saveBlob(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = h('a', {href: url, download: name, class: 'visually-hidden'}, name);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
}

async function download(method, path, body, fallback) {
    const res = await api(method, path, body, {raw: true, accept: '*/*'});
    const blob = await res.blob();
    const name = filenameFrom(res.headers.get('Content-Disposition')) || fallback;
    saveBlob(blob, name);
    return name;
}

/* ===== Forms and errors ===== */

/**
 * A labelled field. o: {id, label, type, name, where, hint, options, attrs}.
 * `where` is the JSON path (or paths, space-separated) of the API error
 * that belongs next to this field.
 */
function field(o) {
    const id = o.id;
    const attrs = {id, name: o.name || id, ...(o.attrs || {})};
    let input;
    if (o.type === 'textarea') input = h('textarea', {rows: 4, ...attrs});
    else if (o.type === 'select') {
        input = h('select', attrs, (o.options || []).map(([v, t]) => h('option', {value: v}, t)));
        if (o.value !== undefined) input.value = o.value;
    } else {
        input = h('input', {type: o.type || 'text', ...attrs});
        if (o.value !== undefined && o.type !== 'checkbox') input.value = o.value;
        if (o.type === 'checkbox' && o.value) input.checked = true;
    }
    if (o.where) input.dataset.where = o.where;
    const hint = o.hint ? h('p', {class: 'hint', id: `${id}-hint`}, o.hint) : null;
    if (hint) input.setAttribute('aria-describedby', hint.id);
    if (o.type === 'checkbox') {
        return h('div', {class: 'field check'}, input, h('label', {for: id}, o.label), hint);
    }
    return h('div', {class: `field${o.wide ? ' wide' : ''}`}, h('label', {for: id}, o.label), hint, input);
}

function formError() {
    return h('div', {class: 'form-error', role: 'alert', hidden: true});
}

function clearErrors(form) {
    for (const p of form.querySelectorAll('.field-error')) p.remove();
    for (const el of form.querySelectorAll('[aria-invalid]')) {
        el.removeAttribute('aria-invalid');
        const ids = (el.getAttribute('aria-describedby') || '').split(' ').filter((x) => !x.endsWith('-error'));
        if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
        else el.removeAttribute('aria-describedby');
    }
    for (const box of form.querySelectorAll('.form-error')) {
        box.hidden = true;
        clear(box);
    }
}

function errorText(err) {
    return err instanceof ApiError ? err.message : `Something went wrong: ${err?.message || err}`;
}

/** The API's error next to the field its `where` names, or at the form's top. */
function showError(form, err) {
    if (!(err instanceof ApiError)) console.warn(err);
    let where = err?.where || '';
    // A library error without a path ("$"): the form may know the field from the message.
    if ((!where || where === '$') && form.guessWhere) where = form.guessWhere(err?.message || '') || where;
    let target = null;
    let best = -1;
    if (where) {
        for (const el of form.querySelectorAll('[data-where]')) {
            for (const w of el.dataset.where.split(' ')) {
                const hit = where === w || where.startsWith(`${w}.`) || where.startsWith(`${w}[`);
                if (hit && w.length > best) {
                    best = w.length;
                    target = el;
                }
            }
        }
    }
    const msg = errorText(err);
    if (target) {
        const id = `${target.id}-error`;
        const p = h('p', {class: 'field-error', id}, msg, where ? h('span', {class: 'where'}, ` (${where})`) : null);
        target.closest('.field')?.append(p);
        target.setAttribute('aria-invalid', 'true');
        const ids = (target.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
        target.setAttribute('aria-describedby', [...ids, id].join(' '));
        target.focus();
        return;
    }
    const box = form.querySelector('.form-error') || form.prepend(formError()) || form.querySelector('.form-error');
    clear(box);
    box.append(h('p', {}, msg, where ? h('span', {class: 'where'}, ` (${where})`) : null));
    box.hidden = false;
}

/** Wires a form's submit to an async handler with busy state and errors. */
function onSubmit(form, handler) {
    form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        clearErrors(form);
        const btns = form.querySelectorAll('button[type=submit]');
        for (const b of btns) b.disabled = true;
        form.setAttribute('aria-busy', 'true');
        try {
            await handler(form);
        } catch (err) {
            if (err instanceof ApiError && err.status === 401 && !form.dataset.public) {
                go(`#/login?next=${encodeURIComponent(location.hash)}`, 'Your session has ended. Please log in again.');
                return;
            }
            showError(form, err);
        } finally {
            for (const b of btns) b.disabled = false;
            form.removeAttribute('aria-busy');
        }
    });
}

function val(form, name) {
    const el = form.elements.namedItem(name);
    if (!el) return undefined;
    if (el.type === 'checkbox') return el.checked;
    return el.value.trim();
}

function numOrUndef(s) {
    if (s === undefined || s === '') return undefined;
    const n = Number(s);
    return Number.isFinite(n) ? n : s; // let the server say what is wrong
}

/* ===== Sources and rules ===== */

function sourceLink(tag, map, short) {
    const s = map?.[tag];
    let url = s?.url && /^https?:\/\//.test(s.url) ? s.url : null;
    if (!url && s?.doi) url = `https://doi.org/${s.doi}`;
    const label = s?.title && !short ? `${tag}: ${s.title}` : tag;
    const title = s?.title && short ? s.title : undefined;
    if (url) return h('a', {href: url, target: '_blank', rel: 'noopener noreferrer', title}, label);
    return h('span', {title}, label);
}

function sourceList(tags, map) {
    if (!tags || !tags.length) return null;
    return h('ul', {class: 'sources'}, tags.map((t) => h('li', {}, sourceLink(t, map))));
}

/* ===== Charts ===== */

const charts = new Set();

function destroyCharts() {
    for (const c of charts) c.destroy();
    charts.clear();
}

function chartAvailable() {
    return typeof window.Chart === 'function';
}

function chartBox(label, tall) {
    const canvas = h('canvas', {role: 'img', 'aria-label': label});
    return {canvas, box: h('div', {class: tall ? 'chart-box tall' : 'chart-box'}, canvas)};
}

function makeChart(canvas, config) {
    if (!chartAvailable()) {
        canvas.replaceWith(h('p', {class: 'hint'}, 'The chart library did not load; the table below has the same data.'));
        return null;
    }
    const c = new window.Chart(canvas, config);
    charts.add(c);
    return c;
}

const COLORS = {
    planned: '#1d4ed8', taken: '#0f766e', score: '#7c2d12', symptom: '#b91c1c', grid: '#d1d5db', text: '#1f2937',
};

/* ===== Router ===== */

const main = () => document.getElementById('main');
let renderSeq = 0;
let flash = null;

function go(hash, message) {
    flash = message || null;
    if (location.hash === hash) render();
    else location.hash = hash;
}

function parseHash() {
    const raw = location.hash.replace(/^#\/?/, '') || 'check';
    const [path, query = ''] = raw.split('?');
    const parts = path.split('/').filter(Boolean);
    return {parts, params: new URLSearchParams(query)};
}

const ROUTES = {
    check: {view: viewCheck, title: 'Check a symptom'},
    plan: {view: viewPlan, title: 'Plan a taper'},
    login: {view: viewLogin, title: 'Log in'},
    setup: {view: viewSetup, title: 'First setup'},
    diary: {view: viewDiary, title: 'My diary', role: ['patient']},
    panel: {view: viewPanel, title: 'Patients', role: ['clinician', 'admin']},
    patient: {view: viewPatient, title: 'Patient', role: ['clinician', 'admin', 'patient']},
    admin: {view: viewAdmin, title: 'Accounts', role: ['admin']},
};

function homeFor(account) {
    if (!account) return '#/check';
    if (account.role === 'patient') return '#/diary';
    if (account.role === 'clinician') return '#/panel';
    if (account.role === 'admin') return '#/admin';
    return '#/check';
}

async function render() {
    const seq = ++renderSeq;
    const {parts, params} = parseHash();
    const route = ROUTES[parts[0]] || null;
    destroyCharts();
    closeNav();
    const root = clear(main());
    if (!route) {
        root.append(h('h1', {}, 'Page not found'), h('p', {}, h('a', {href: '#/check'}, 'Check a symptom')));
        document.title = 'Not found · stepdown';
        return;
    }
    if (route.role) {
        if (!state.account) {
            go(`#/login?next=${encodeURIComponent(location.hash)}`, state.sessionEnded
                ? 'Your session has ended. Please log in again.' : 'Please log in to see this page.');
            state.sessionEnded = false;
            return;
        }
        if (!route.role.includes(state.account.role)) {
            root.append(h('h1', {}, route.title),
                        h('p', {class: 'form-error', role: 'alert'}, 'Your account cannot open this page.'),
                        h('p', {}, h('a', {href: homeFor(state.account)}, 'Go to your start page')));
            return;
        }
    }
    document.title = `${route.title} · stepdown`;
    for (const a of document.querySelectorAll('.site-nav a[data-route]')) {
        if (a.dataset.route === parts[0]) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
    }
    const msg = flash;
    flash = null;
    if (msg) root.append(h('p', {class: 'flash', role: 'status'}, msg));
    const ctx = {parts, params, stale: () => seq !== renderSeq};
    try {
        await route.view(root, ctx);
        // After a navigation, focus goes to the new page's heading unless
        // the view put it somewhere itself.
        if (seq > 1 && !ctx.stale() && !root.contains(document.activeElement)) {
            const h1 = root.querySelector('h1');
            if (h1) {
                h1.setAttribute('tabindex', '-1');
                h1.focus({preventScroll: true});
            }
        }
    } catch (err) {
        if (ctx.stale()) return;
        if (err instanceof ApiError && err.status === 401) {
            go(`#/login?next=${encodeURIComponent(location.hash)}`, 'Your session has ended. Please log in again.');
            return;
        }
        root.append(h('div', {class: 'form-error', role: 'alert'}, h('p', {}, errorText(err))));
    }
}

/* ===== Navigation ===== */

function updateNav() {
    const role = state.account?.role;
    for (const li of document.querySelectorAll('.site-nav [data-need]')) {
        const need = li.dataset.need;
        let show = false;
        if (need === 'anon') show = !role;
        else if (need === 'any') show = !!role;
        else if (need === 'clinician') show = role === 'clinician' || role === 'admin';
        else show = role === need;
        li.hidden = !show;
    }
    const who = document.getElementById('who');
    if (who) who.textContent = state.account ? `${state.account.username} (${state.account.role})` : '';
}

function closeNav() {
    const t = document.getElementById('nav-toggle');
    if (t) {
        t.setAttribute('aria-expanded', 'false');
        document.getElementById('site-nav').classList.remove('open');
    }
}

function setupNav() {
    // The skip link must not change the hash (the hash is the route).
    document.querySelector('.skip-link').addEventListener('click', (ev) => {
        ev.preventDefault();
        main().focus();
    });
    const t = document.getElementById('nav-toggle');
    t.addEventListener('click', () => {
        const open = t.getAttribute('aria-expanded') !== 'true';
        t.setAttribute('aria-expanded', String(open));
        document.getElementById('site-nav').classList.toggle('open', open);
    });
    document.getElementById('logout').addEventListener('click', async () => {
        try {
            await api('POST', '/api/v1/auth/logout');
        } catch (e) { /* the session is gone either way */ }
        setSession(null);
        go('#/login', 'You are logged out.');
    });
}

/* ===== #/check: the symptom checker ===== */

function viewCheck(root) {
    let check = null;
    const out = h('section', {class: 'result', 'aria-live': 'polite', 'aria-label': 'Result'});
    const form = h('form', {class: 'card', novalidate: true, 'data-public': '1'},
        formError(),
        field({id: 'check-text', type: 'textarea', label: 'What do you feel, in your own words?', where: '$.text',
               attrs: {required: true, rows: 4, maxlength: 4000, autocomplete: 'off'},
               hint: 'For example: "I keep seeing things since I cut my dose" or "so sleepy I can\'t stay awake".'}),
        h('details', {class: 'more'},
          h('summary', {}, 'Add context (optional): dose, dose changes, alcohol'),
          h('div', {class: 'grid'},
            field({id: 'check-dose', type: 'number', label: 'Current dose, mg a day', where: '$.context.dose_mg_day',
                   attrs: {min: 0, step: 'any', inputmode: 'decimal'}}),
            field({id: 'check-reduced', type: 'date', label: 'Dose reduced on', where: '$.context.reduced_on'}),
            field({id: 'check-stopped', type: 'date', label: 'Stopped on', where: '$.context.stopped_on'}),
            field({id: 'check-hours', type: 'number', label: 'Hours since the last dose', where: '$.context.hours_since_dose',
                   attrs: {min: 0, step: 'any', inputmode: 'decimal'}})),
          field({id: 'check-alcohol', type: 'checkbox', label: 'I drink alcohol', where: '$.context.alcohol'}),
          field({id: 'check-sedatives', type: 'checkbox', label: 'I take other medicines that make me sleepy (sedatives)',
                 where: '$.context.sedatives'})),
        h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Check')));
    form.dataset.public = '1';
    root.append(h('h1', {}, 'Check a symptom'),
                h('p', {class: 'lead'}, 'Describe what you feel. stepdown says what it most likely is and what to do now, '
                  + 'with the rule and the source behind each advice. No account is needed; nothing is stored.'),
                form, out);
    onSubmit(form, async () => {
        const text = val(form, 'check-text');
        if (!text) throw new ApiError(400, 'invalid', 'Write what you feel, in your own words.', '$.text');
        const context = {};
        const dose = numOrUndef(val(form, 'check-dose'));
        if (dose !== undefined) context.dose_mg_day = dose;
        if (val(form, 'check-reduced')) context.reduced_on = [val(form, 'check-reduced')];
        if (val(form, 'check-stopped')) context.stopped_on = [val(form, 'check-stopped')];
        const hours = numOrUndef(val(form, 'check-hours'));
        if (hours !== undefined) context.hours_since_dose = hours;
        if (val(form, 'check-alcohol')) context.alcohol = true;
        if (val(form, 'check-sedatives')) context.sedatives = true;
        context.today = isoDay();
        // The answers to the red-flag questions belong to this message: a
        // new message starts without them; the same message keeps them.
        if (!check || check.text !== text) check = {text, answers: {}, seen: new Map()};
        check.context = context;
        await runCheck(check, out);
        out.querySelector('h2')?.focus();
    });
}

/**
 * One check and its red-flag questions: the request (text, context and the
 * answers so far), the questions in the order they were first asked (an
 * answered question is no longer in the API's list, but stays on the page
 * with its answer so it can be changed), and the last answer.
 */
async function runCheck(check, out, note) {
    const body = {text: check.text, context: check.context};
    if (Object.keys(check.answers).length) body.answers = {...check.answers};
    const res = await api('POST', '/api/v1/check', body);
    for (const q of res.questions || []) if (!check.seen.has(q.id)) check.seen.set(q.id, q);
    check.res = res;
    clear(out).append(checkResult(res, questionsBlock(check, out, note)));
    return res;
}

/**
 * The checker's yes/no questions under the level: each one a group named by
 * its question, with a Yes and a No button. A tap sends the same check
 * again with every answer given so far.
 */
function questionsBlock(check, out, note) {
    const res = check.res;
    const asked = new Set((res.questions || []).map((q) => q.id));
    const list = [...check.seen.values()].filter((q) => asked.has(q.id) || check.answers[q.id]);
    if (!list.length) return null;
    const open = list.some((q) => !check.answers[q.id]);
    const headId = nextId('q-head');
    const error = h('p', {class: 'error-text', role: 'alert', hidden: true});
    const box = h('section', {class: 'questions', 'aria-labelledby': headId});
    let busy = false;

    const answer = async (q, a, btn) => {
        if (busy || check.answers[q.id] === a) return;
        busy = true;
        box.setAttribute('aria-busy', 'true');
        error.hidden = true;
        const before = levelOf(res.disposition);
        const prev = check.answers[q.id];
        check.answers[q.id] = a;
        btn.classList.add('sending');
        try {
            const now = await runCheck(check, out, {q, a, before});
            const after = levelOf(now.disposition);
            if (after !== before) {
                out.querySelector('h2')?.focus();
            } else {
                out.querySelector(`.questions button[data-q="${q.id}"][data-a="${a}"]`)?.focus();
            }
        } catch (err) {
            if (prev === undefined) delete check.answers[q.id];
            else check.answers[q.id] = prev;
            if (!(err instanceof ApiError)) console.warn(err);
            clear(error).append(`Your answer could not be sent: ${errorText(err)}`);
            error.hidden = false;
            btn.classList.remove('sending');
            busy = false;
            box.removeAttribute('aria-busy');
        }
    };

    const item = (q) => {
        const textId = nextId('q');
        const given = check.answers[q.id];
        const btn = (a, label) => {
            const b = h('button', {type: 'button', class: 'answer', 'data-q': q.id, 'data-a': a,
                                   'aria-pressed': given === a ? 'true' : 'false'},
                           given === a ? hideFromAT(h('span', {class: 'tick'}, '✓ ')) : null, label);
            b.addEventListener('click', () => answer(q, a, b));
            return b;
        };
        return h('li', {class: given ? 'answered' : null},
            h('div', {role: 'group', 'aria-labelledby': textId},
              h('p', {class: 'q-text', id: textId}, q.text),
              h('div', {class: 'yes-no'}, btn('yes', 'Yes'), btn('no', 'No')),
              given ? h('p', {class: 'q-given'}, `You answered: ${given === 'yes' ? 'Yes' : 'No'}. `,
                        h('span', {class: 'muted'}, 'Tap the other button to change it.')) : null));
    };

    let said = null;
    if (note) {
        const after = levelOf(res.disposition);
        const l = LEVELS[after] || LEVELS[0];
        said = h('p', {class: after !== note.before ? 'q-note changed' : 'q-note', role: 'status'},
                 after !== note.before
                     ? [h('strong', {}, 'Your answer changed the advice: '),
                        `level ${after} of 5, ${res.disposition.name || l.name}. `,
                        res.disposition.headline || l.todo]
                     : 'Your answer did not change the advice.');
    }
    // append() (not the DOM's own): it skips the parts that are absent.
    return append(box, [h('h3', {id: headId}, open ? 'Questions that could change this advice' : 'Your answers'),
                        open ? h('p', {class: 'hint'}, 'Answer what you can. stepdown checks again after each answer.') : null,
                        h('ul', {class: 'question-list'}, list.map(item)),
                        said, error]);
}

function explanationText(e) {
    return {side_effect: 'side effect', withdrawal: 'withdrawal', overdose: 'overdose', toxicity: 'toxicity',
            interaction: 'interaction'}[e] || e;
}

/** The level, what it means and what to do now, in one block. */
function levelBlock(level, name, meaning, headline, headingTag = 'h2') {
    const n = levelOf(level ?? name);
    const l = LEVELS[n] || LEVELS[0];
    return h('div', {class: `level-block lvl-border-${n}`},
        h(headingTag, {class: 'level-title', tabindex: '-1'}, hideFromAT(badge(n)), ' ', `Level ${n} of 5: ${name || l.name}`),
        h('p', {class: 'meaning'}, h('strong', {}, 'What it means: '), meaning || l.meaning),
        h('p', {class: 'todo'}, h('strong', {}, 'What to do now: '), headline || l.todo));
}

function checkResult(res, questions) {
    const d = res.disposition;
    const frag = h('div', {class: 'check-result'});
    frag.append(levelBlock(d.level, d.name, d.meaning, d.headline));
    if (questions) frag.append(questions);
    const reasons = res.reasons || [];
    const used = new Set();
    if (res.advice?.length) {
        frag.append(h('h3', {}, 'What to do'), h('ol', {class: 'advice'}, res.advice.map((a) => {
            const why = reasons.filter((r, i) => r.advice === a && used.add(i));
            return h('li', {}, h('p', {}, a), why.length ? whyLine(why, res.sources) : null,
                     why.length ? h('details', {class: 'why-more'}, h('summary', {}, 'Why'),
                                    h('div', {class: 'why'}, why.map((r) => ruleBlock(r, res)))) : null);
        })));
    }
    // Only what is happening now counts: a finding in the past ("years
    // ago") or in a question or a what-if is listed apart, briefly.
    const now = (res.findings || []).filter((f) => !f.status || f.status === 'current');
    const notNow = (res.findings || []).filter((f) => f.status && f.status !== 'current');
    const named = new Set((res.findings || []).map((f) => f.concept));
    const flagsNotNow = (res.red_flags || []).filter((r) => !r.negated && r.status && r.status !== 'current'
                                                       && !(r.concept && named.has(r.concept)));
    if (now.length) {
        frag.append(h('h3', {}, 'What stepdown recognised'), h('ul', {class: 'findings'}, now.map((f) =>
            h('li', {}, h('strong', {}, f.name), ' ', badge(f.disposition), ' ',
              h('span', {class: 'muted'}, `(${f.tier} side effect list)`),
              h('br'), h('span', {}, 'Your words: '), h('q', {}, f.text),
              f.corrected ? h('span', {class: 'muted'}, ` (read as "${f.phrase}")`) : null,
              f.ongoing ? h('span', {}, ' · going on now') : null,
              f.explanations?.length ? h('span', {}, ` · most likely: ${f.explanations.map(explanationText).join(', ')}`) : null))));
    }
    if (notNow.length || flagsNotNow.length) {
        const when = (s) => (s === 'past' ? 'in the past' : 'asked about, or a what-if');
        const items = [...notNow.map((f) => [f.name, f.text, f.status]),
                       ...flagsNotNow.map((r) => [null, r.text, r.status])];
        frag.append(h('p', {class: 'not-now'}, h('strong', {}, 'Not counted as happening now: '),
            items.map(([name, text, status], i) => [i ? '; ' : '', name ? `${name} ` : '',
                                                   h('q', {}, text), ` (${when(status)})`]),
            '. If it is happening now, say so and check again.'));
    }
    if (res.negated?.length) {
        frag.append(h('p', {}, h('strong', {}, 'You said you do not have: '),
                      res.negated.map((n) => n.name).join(', ')));
    }
    if (res.not_recognised?.length) {
        frag.append(h('p', {class: 'unrecognised'}, h('strong', {}, 'Words stepdown did not recognise: '),
                      res.not_recognised.map((s) => `"${s.text}"`).join(', '),
                      '. If they describe another symptom, tell your prescriber.'));
    }
    const rest = reasons.filter((r, i) => !used.has(i));
    if (rest.length) {
        frag.append(h('details', {class: 'more'}, h('summary', {}, `Other rules that were applied (${rest.length})`),
                      h('div', {class: 'why'}, rest.map((r) => ruleBlock(r, res)))));
    }
    if (res.notice) frag.append(h('p', {class: 'notice-inline'}, res.notice));
    return frag;
}

/** The rules and sources behind one advice, in one line: tag links, each with the source's title. */
function whyLine(reasons, map) {
    const rules = [...new Map(reasons.map((r) => [r.rule, r])).values()];
    const tags = [...new Set(reasons.flatMap((r) => r.sources || []))];
    const links = tags.map((t) => {
        const el = sourceLink(t, map, true);
        return el;
    });
    return h('p', {class: 'why-line'},
        h('span', {}, rules.length > 1 ? 'Rules: ' : 'Rule: '),
        rules.map((r, i) => [i ? ', ' : '', h('code', {title: r.rule_text}, r.rule)]),
        tags.length ? [h('span', {}, ' · Sources: '), links.map((l, i) => [i ? ', ' : '', l])] : null);
}

function ruleBlock(r, res) {
    return h('div', {class: 'rule'},
        h('p', {}, h('strong', {}, 'Rule: '), r.rule_text, ' ', h('code', {}, r.rule), ' ', badge(r.disposition)),
        r.detail ? h('p', {class: 'muted'}, r.detail) : null,
        r.fact ? h('p', {}, h('strong', {}, 'Fact: '), r.fact) : null,
        r.sources?.length ? h('div', {}, h('strong', {}, 'Sources: '), sourceList(r.sources, res.sources)) : null,
        r.policy ? h('p', {class: 'muted'}, `Policy: ${r.policy}`) : null);
}

/* ===== #/plan: the taper planner ===== */

const SPEEDS = [
    ['', 'Chosen from the risk (recommended)'],
    ['very-slow', 'Very slow: 10 % every 4 weeks'],
    ['slow', 'Slow: 10 % every 2 weeks'],
    ['standard', 'Standard: 10 % every week'],
    ['two-weeks', 'Over two weeks: four equal cuts'],
    ['rapid', 'Rapid (serious reaction, clinician only)'],
    ['stop', 'Stop at once (serious reaction, clinician only)'],
];

function parseRegimen(s, times) {
    const mgs = s.split(/[-\s]+/).filter(Boolean);
    if (!mgs.length || mgs.some((x) => !/^\d+(\.\d{1,3})?$/.test(x))) {
        throw new ApiError(400, 'invalid', 'Give the dose of each administration in mg, separated by "-", e.g. 20-20-20.',
                           '$.regimen');
    }
    const ts = times ? times.split(/[,\s]+/).filter(Boolean) : [];
    if (ts.length && ts.length !== mgs.length) {
        throw new ApiError(400, 'invalid', `Give one time per dose (${mgs.length}), e.g. 08:00,14:00,22:00.`, '$.times');
    }
    return mgs.map((m, i) => (ts[i] ? {mg: Number(m), time: ts[i]} : {mg: Number(m)}));
}

function parseTablets(s) {
    const parts = s.split(/[,;\s]+/).filter(Boolean);
    if (!parts.length || parts.some((x) => !/^\d+(\.\d{1,3})?(\/[124])?$/.test(x))) {
        throw new ApiError(400, 'invalid', 'Give the tablet strengths in mg, e.g. 10/2,5 (/2 halves, /4 quarters).',
                           '$.tablets');
    }
    return parts.map((p) => {
        const [mg, split] = p.split('/');
        return split ? {mg: Number(mg), split: Number(split)} : {mg: Number(mg)};
    });
}

function planRequest(form) {
    const req = {
        regimen: parseRegimen(val(form, 'plan-regimen'), val(form, 'plan-times')),
        tablets: parseTablets(val(form, 'plan-tablets')),
    };
    const speed = val(form, 'plan-speed');
    if (speed) req.speed = {preset: speed};
    if (val(form, 'plan-start')) req.start = val(form, 'plan-start');
    const patient = {};
    for (const [id, key] of [['plan-days', 'days_on_drug'], ['plan-age', 'age'], ['plan-egfr', 'egfr']]) {
        const v = numOrUndef(val(form, id));
        if (v !== undefined) patient[key] = v;
    }
    if (val(form, 'plan-prev')) patient.previous_withdrawal = true;
    if (val(form, 'plan-aud')) patient.alcohol_use_disorder = true;
    if (Object.keys(patient).length) req.patient = patient;
    const reason = val(form, 'plan-reason');
    if (reason) req.reason = reason;
    if (val(form, 'plan-approved')) req.clinician_approved = true;
    return req;
}

function viewPlan(root) {
    const out = h('section', {class: 'result', 'aria-live': 'polite', 'aria-label': 'Plan'});
    const form = h('form', {class: 'card', novalidate: true},
        formError(),
        h('div', {class: 'grid'},
          field({id: 'plan-regimen', label: 'Current doses, mg', value: '20-20-20', where: '$.regimen',
                 hint: 'Each dose of the day in mg, separated by "-": 20-20-20 is 20 mg three times a day.',
                 attrs: {required: true, autocomplete: 'off'}}),
          field({id: 'plan-tablets', label: 'Tablets you have, mg', value: '10/2', where: '$.tablets',
                 hint: 'Strengths separated by commas; /2 for halves, /4 for quarters: 10/2,5.',
                 attrs: {required: true, autocomplete: 'off'}}),
          field({id: 'plan-speed', type: 'select', label: 'Speed', options: SPEEDS, where: '$.speed $.reason $.clinician_approved'}),
          field({id: 'plan-start', type: 'date', label: 'Start date', value: isoDay(), where: '$.start'})),
        h('details', {class: 'more'}, h('summary', {}, 'More: times of day, the patient (sets the default speed)'),
          h('div', {class: 'grid'},
            field({id: 'plan-times', label: 'Times of the doses', where: '$.times',
                   hint: 'Optional, e.g. 08:00,14:00,22:00.', attrs: {autocomplete: 'off'}}),
            field({id: 'plan-days', type: 'number', label: 'Days on the drug', where: '$.patient.days_on_drug',
                   attrs: {min: 0, step: 1, inputmode: 'numeric'}}),
            field({id: 'plan-age', type: 'number', label: 'Age, years', where: '$.patient.age',
                   attrs: {min: 0, max: 130, step: 1, inputmode: 'numeric'}}),
            field({id: 'plan-egfr', type: 'number', label: 'Kidney function (eGFR)', where: '$.patient.egfr',
                   attrs: {min: 0, max: 250, step: 1, inputmode: 'numeric'}}),
            field({id: 'plan-reason', type: 'select', label: 'Reason for the taper', where: '$.reason',
                   options: [['', 'Elective (default)'], ['side-effects', 'Side effects'],
                             ['serious-adverse-reaction', 'A serious adverse reaction']]})),
          field({id: 'plan-prev', type: 'checkbox', label: 'Had withdrawal before', where: '$.patient.previous_withdrawal'}),
          field({id: 'plan-aud', type: 'checkbox', label: 'Alcohol use disorder', where: '$.patient.alcohol_use_disorder'}),
          field({id: 'plan-approved', type: 'checkbox', label: 'A clinician orders a rapid taper or a stop',
                 where: '$.clinician_approved'})),
        h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Make the plan')));
    form.dataset.public = '1';
    form.guessWhere = (msg) => {
        if (/tablet|split|score line|halves|quarters|formulation/i.test(msg)) return '$.tablets';
        if (/rapid|stop at once|clinician|speed|preset/i.test(msg)) return '$.speed';
        if (/start/i.test(msg)) return '$.start';
        if (/regimen|dose|decimals|times? of day/i.test(msg)) return '$.regimen';
        return null;
    };
    root.append(h('h1', {}, 'Plan a taper'),
                h('p', {class: 'lead'}, 'A schedule that comes down to zero with the tablets you have. '
                  + 'stepdown proposes the plan; your prescriber decides.'),
                form, out);
    onSubmit(form, async () => {
        const plan = await api('POST', '/api/v1/plans', planRequest(form));
        clear(out).append(planView(plan));
        drawPlanChart(out.querySelector('canvas'), plan);
        out.querySelector('h2')?.focus();
    });
}

const FLAG_TEXT = {
    rounded: 'a smaller cut than planned: the planned dose cannot be made',
    min_cut: 'a longer step: the smallest cut the tablets allow is more than the plan\'s pace',
    hold: 'hold: stay on this dose',
    step_back: 'back to the last dose you tolerated',
};

function timeText(t) {
    return t.replace(/^0(\d)/, '$1');
}

/** One patient line per step, as the CLI's `lines` format. */
function stepLine(step) {
    const doses = step.doses.filter((d) => d.ug > 0);
    const groups = [];
    for (const d of doses) {
        const g = groups.find((x) => x.ug === d.ug);
        if (g) g.times.push(timeText(d.time));
        else groups.push({ug: d.ug, made: d.made_of, ml: d.ml, times: [timeText(d.time)]});
    }
    const join = (ts) => (ts.length > 1 ? `${ts.slice(0, -1).join(', ')} and ${ts[ts.length - 1]}` : ts[0]);
    return groups.map((g) => `${mgText(g.ug)} mg (${g.made}) at ${join(g.times)}`).join('; ');
}

function stepRange(step) {
    return step.from === step.to ? fmtDay(step.from) : `${fmtDay(step.from)} – ${fmtDay(step.to)}`;
}

function planView(plan) {
    const steps = plan.steps || [];
    const last = steps[steps.length - 1];
    const days = daysBetween(plan.start, plan.stop);
    const wrap = h('div', {class: 'plan'});
    wrap.append(h('h2', {tabindex: '-1'}, `From ${fmtDay(plan.start)} to the stop on ${fmtDay(plan.stop)}`),
                h('p', {}, `${plural(days, 'day')}, ${plural(steps.filter((s) => s.total_ug > 0).length, 'step')}. `,
                  h('strong', {}, 'Speed: '), `${plan.policy?.speed ?? ''}: ${plan.policy?.summary ?? ''}`,
                  plan.policy?.chosen_by === 'risk' ? ' (chosen from the risk)' : ''));
    if (plan.watch?.required) wrap.append(h('div', {class: 'warning', role: 'note'}, h('strong', {}, 'Withdrawal watch. '), plan.watch.text));
    const {canvas, box} = chartBox(`Daily dose from ${mgText(steps[0]?.total_ug ?? 0)} mg on ${fmtDay(plan.start)} `
        + `down to 0 on ${fmtDay(plan.stop)}; the steps are listed below.`);
    wrap.append(h('h3', {}, 'Daily dose over time'), box);
    const status = h('p', {class: 'hint', role: 'status'});
    const dl = (fmt, ext, label) => h('button', {type: 'button', class: 'secondary', 'data-format': fmt, onclick: async (ev) => {
        const b = ev.currentTarget;
        b.disabled = true;
        status.textContent = '';
        try {
            const name = await download('POST', `/api/v1/plans/export?format=${fmt}`, {plan}, `stepdown-plan.${ext}`);
            status.textContent = `Downloaded ${name}.`;
        } catch (e) {
            status.textContent = `The download failed: ${errorText(e)}`;
            status.classList.add('error-text');
        } finally {
            b.disabled = false;
        }
    }}, label);
    wrap.append(h('div', {class: 'downloads'},
        h('h3', {}, 'Take it with you'),
        h('div', {class: 'button-row'},
          dl('ics', 'ics', 'Calendar (.ics)'),
          dl('fhir', 'json', 'FHIR (.json)'),
          dl('csv', 'csv', 'Table (.csv)'),
          dl('text', 'txt', 'Handout (.txt)'),
          h('button', {type: 'button', class: 'secondary', onclick: () => window.print()}, 'Print the handout')),
        status));
    const instructions = h('section', {class: 'handout', 'aria-labelledby': 'handout-title'},
        h('h3', {id: 'handout-title'}, 'Instructions for the patient'),
        h('ol', {class: 'lines'}, steps.filter((s) => s.total_ug > 0).map((s) => h('li', {},
            h('strong', {}, `${stepRange(s)}: `), stepLine(s),
            s.flags?.length ? h('span', {class: 'muted'}, ` (${s.flags.map((f) => FLAG_TEXT[f] || f).join('; ')})`) : null)),
          last ? h('li', {}, h('strong', {}, `From ${fmtDay(last.from)}: `), 'stop.') : null),
        plan.pharmacy?.tablets?.length ? h('p', {}, h('strong', {}, 'To dispense: '), plan.pharmacy.tablets.map((t) =>
            `${t.tablets} tablets of ${t.mg} mg${t.split > 1 ? ` (${t.pieces} ${t.split === 2 ? 'halves' : 'quarters'})` : ''}`)
            .join(', ')) : null,
        plan.watch && !plan.watch.required ? h('p', {}, h('strong', {}, 'Withdrawal watch: '), plan.watch.text) : null,
        plan.notes?.length ? h('ul', {class: 'notes'}, plan.notes.map((n) => h('li', {}, n))) : null,
        plan.adjustments?.length ? h('ul', {class: 'notes'}, plan.adjustments.map((a) =>
            h('li', {}, `Adjusted after withdrawal on ${fmtDay(a.withdrawal_on)}: back to ${a.back_to_mg} mg for `
              + `${plural(a.hold_days, 'day')}. ${a.why}`))) : null,
        h('p', {class: 'notice-inline'}, plan.notice || 'stepdown supports your prescriber; it does not replace them.'));
    wrap.append(instructions);
    wrap.append(stepsTable(plan));
    return wrap;
}

function stepsTable(plan) {
    const times = plan.steps[0]?.doses.map((d) => d.time) || [];
    return h('details', {class: 'more table-wrap'}, h('summary', {}, 'Steps table (for the prescriber)'),
        h('div', {class: 'scroll', tabindex: '0', role: 'region', 'aria-label': 'Steps table'},
          h('table', {class: 'steps'},
            h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Step'), h('th', {scope: 'col'}, 'From'),
              h('th', {scope: 'col'}, 'Days'), h('th', {scope: 'col'}, 'Daily'),
              times.map((t) => h('th', {scope: 'col'}, t)), h('th', {scope: 'col'}, 'Notes'))),
            h('tbody', {}, plan.steps.map((s) => h('tr', {},
              h('th', {scope: 'row'}, String(s.step)), h('td', {}, fmtDay(s.from)), h('td', {}, String(s.days)),
              h('td', {}, `${mgText(s.total_ug)} mg`),
              s.doses.map((d) => h('td', {}, d.ug > 0 ? `${mgText(d.ug)} mg (${d.made_of})` : '–')),
              h('td', {}, (s.flags || []).join(', '))))))));
}

function planSeries(plan) {
    const pts = [];
    for (const s of plan.steps) pts.push({x: daysBetween(plan.start, s.from), y: s.total_ug / 1000});
    const last = plan.steps[plan.steps.length - 1];
    if (last) pts.push({x: daysBetween(plan.start, last.to) + 1, y: last.total_ug / 1000});
    return pts;
}

function drawPlanChart(canvas, plan) {
    if (!canvas) return;
    const pts = planSeries(plan);
    makeChart(canvas, {
        type: 'line',
        data: {datasets: [{label: 'Daily dose (mg)', data: pts, stepped: 'before',
                           borderColor: COLORS.planned, backgroundColor: 'rgba(29,78,216,0.12)', fill: true,
                           pointRadius: 3, borderWidth: 2}]},
        options: {
            responsive: true, maintainAspectRatio: false, animation: false, parsing: false,
            scales: {
                x: {type: 'linear', min: 0, max: pts[pts.length - 1]?.x,
                    ticks: {color: COLORS.text, maxTicksLimit: 6, callback: (v) => fmtShortDay(addDays(plan.start, v))}},
                y: {beginAtZero: true, title: {display: true, text: 'mg a day', color: COLORS.text}, ticks: {color: COLORS.text}},
            },
            plugins: {
                legend: {display: false},
                tooltip: {callbacks: {title: (items) => fmtDay(addDays(plan.start, items[0].parsed.x)),
                                      label: (item) => `${item.parsed.y} mg a day`}},
            },
        },
    });
}

/* ===== #/login, #/setup ===== */

function viewLogin(root, ctx) {
    const next = ctx.params.get('next');
    if (state.account) {
        root.append(h('h1', {}, 'Log in'),
                    h('p', {}, `You are logged in as ${state.account.username}. `,
                      h('a', {href: homeFor(state.account)}, 'Go to your start page')));
        return;
    }
    const form = h('form', {class: 'card narrow', novalidate: true},
        formError(),
        field({id: 'login-user', label: 'Username', where: '$.username',
               attrs: {required: true, autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false'}}),
        field({id: 'login-pass', type: 'password', label: 'Password', where: '$.password',
               attrs: {required: true, autocomplete: 'current-password'}}),
        h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Log in')));
    form.dataset.public = '1';
    root.append(h('h1', {}, 'Log in'),
                h('p', {class: 'lead'}, 'Patients keep their diary; clinicians watch their patients. '
                  + 'Checking a symptom or planning a taper needs no account.'), form);
    onSubmit(form, async () => {
        const r = await api('POST', '/api/v1/auth/login',
                            {username: val(form, 'login-user'), password: form.elements.namedItem('login-pass').value},
                            {authed: false});
        setSession(r);
        const target = next && next.startsWith('#/') && !next.startsWith('#/login') ? next : homeFor(r.account);
        go(target);
    });
    form.querySelector('input').focus();
}

function viewSetup(root, ctx) {
    const token = ctx.params.get('token') || '';
    const form = h('form', {class: 'card narrow', novalidate: true},
        formError(),
        field({id: 'setup-token', label: 'Setup token', value: token, where: '$.token',
               hint: 'From the link the server printed when it first started.', attrs: {required: true, autocomplete: 'off'}}),
        field({id: 'setup-user', label: 'Administrator username', where: '$.username',
               attrs: {required: true, autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false'}}),
        field({id: 'setup-pass', type: 'password', label: 'Password', where: '$.password',
               hint: 'A long passphrase you do not use elsewhere.', attrs: {required: true, autocomplete: 'new-password'}}),
        field({id: 'setup-pass2', type: 'password', label: 'Password again', where: '$.password2',
               attrs: {required: true, autocomplete: 'new-password'}}),
        h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Create the administrator')));
    form.dataset.public = '1';
    root.append(h('h1', {}, 'First setup'),
                h('p', {class: 'lead'}, 'Create the first administrator account. The link works once.'), form);
    onSubmit(form, async () => {
        const password = form.elements.namedItem('setup-pass').value;
        if (password !== form.elements.namedItem('setup-pass2').value) {
            throw new ApiError(400, 'invalid', 'The two passwords differ.', '$.password2');
        }
        const r = await api('POST', '/api/v1/auth/setup',
                            {token: val(form, 'setup-token'), username: val(form, 'setup-user'), password}, {authed: false});
        if (r?.csrf) setSession(r);
        else await loadSession();
        go('#/admin', 'The administrator account is ready.');
    });
    form.querySelector(token ? '#setup-user' : '#setup-token').focus();
}

/* ===== Patient data helpers ===== */

/**
 * Today's planned doses from GET /api/v1/patients/{id}: today.doses
 * [{slot, time, ug}] and today.logged [{id, sub, ug, at}]. The logged
 * doses taken fill the slots in order.
 */
function todaysDoses(p) {
    const doses = (p.today?.doses || []).filter((d) => d.ug > 0)
        .map((d) => ({slot: d.slot, time: d.time, ug: d.ug, taken: false, takenAt: null}));
    const taken = (p.today?.logged || []).filter((e) => e.sub === 'taken').sort((a, b) => a.at - b.at);
    for (let i = 0; i < doses.length && i < taken.length; i++) {
        doses[i].taken = true;
        doses[i].takenAt = taken[i].at;
    }
    return doses;
}

function patientName(p) {
    return p?.pseudonym ?? `patient ${p?.id ?? ''}`;
}

/**
 * An alert as the API answers it (level, acked_at, acked_by, ack_note,
 * sources "A,B", times in seconds) or as the diary holds it
 * (disposition, acknowledged {at, by, note}, sources [..], ISO times).
 */
function normAlert(a) {
    const acked = a.acknowledged ?? (a.acked_at ? {at: a.acked_at, by: a.acked_by, note: a.ack_note} : null);
    return {id: a.id, rule: a.rule, level: levelOf(a.level ?? a.disposition), at: a.at, created: a.created,
            text: a.text, advice: a.advice, sources: listOf(a.sources), acknowledged: acked};
}

/** The highest open alert: the panel's highest_open, or the open alerts. */
function highestOf(p) {
    if (p.highest_open !== undefined) return levelOf(p.highest_open);
    let n = -1;
    for (const a of Array.isArray(p.open_alerts) ? p.open_alerts : []) {
        const na = normAlert(a);
        if (!na.acknowledged) n = Math.max(n, na.level);
    }
    return n;
}

function alertCard(raw, opts = {}) {
    const a = normAlert(raw);
    const acked = a.acknowledged;
    const card = h('li', {class: `alert-card lvl-border-${a.level}`, 'data-alert-id': a.id},
        h('p', {class: 'alert-head'}, badge(a.level), ' ', h('strong', {}, a.text)),
        a.advice ? h('p', {}, h('strong', {}, 'What to do: '), a.advice) : null,
        h('p', {class: 'muted'}, `Since ${fmtTime(a.at)} · rule ${a.rule}`,
          a.sources.length ? ` · sources ${a.sources.join(', ')}` : ''),
        acked ? h('p', {class: 'acked'}, `Acknowledged ${fmtTime(acked.at)}${acked.by ? ` by ${acked.by}` : ''}`,
                  acked.note ? `: ${acked.note}` : '') : null);
    if (opts.onAck && !acked) card.append(ackForm(a, opts.onAck));
    return card;
}

function ackForm(a, onAck) {
    const id = `ack-${a.id}`;
    const form = h('form', {class: 'ack-form', novalidate: true},
        formError(),
        field({id: `${id}-note`, label: 'Note (what was done)', where: '$.note', attrs: {maxlength: 2000, autocomplete: 'off'}}),
        h('button', {type: 'submit', class: 'primary'}, 'Acknowledge'));
    onSubmit(form, async () => onAck(a, val(form, `${id}-note`)));
    return form;
}

/** Day by day: planned mg, taken mg, symptom levels and score totals. */
function diarySeries(diary, from, to) {
    const days = [];
    for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
    const idx = new Map(days.map((d, i) => [d, i]));
    const planned = days.map(() => null);
    const taken = days.map(() => 0);
    const versions = [...(diary.plans || [])].sort((a, b) => a.version - b.version);
    const latest = versions[versions.length - 1];
    for (const rx of diary.prescriptions || []) {
        const total = (rx.doses || []).reduce((s, d) => s + d.amount_ug, 0);
        for (const d of days) if (d >= rx.start && (!rx.end || d <= rx.end)) planned[idx.get(d)] = total / 1000;
    }
    if (latest) {
        for (const s of latest.steps || []) {
            for (const d of days) if (d >= s.first && d <= s.last) planned[idx.get(d)] = s.total_ug / 1000;
        }
        const lastStep = latest.steps?.[latest.steps.length - 1];
        if (lastStep) for (const d of days) if (d > lastStep.last) planned[idx.get(d)] = 0;
    }
    const symptoms = [];
    const scores = [];
    for (const e of diary.entries || []) {
        const day = e.at.slice(0, 10);
        if (!idx.has(day)) continue;
        if (e.kind === 'dose' && e.sub !== 'skipped') taken[idx.get(day)] += e.amount_ug / 1000;
        else if (e.kind === 'symptom') symptoms.push({x: day, y: Math.max(levelOf(e.disposition), 0), e});
        else if (e.kind === 'score') scores.push({x: day, y: e.total, e});
    }
    return {days, planned, taken: taken.map((v) => Math.round(v * 1000) / 1000), symptoms, scores};
}

function drawDiaryChart(canvas, series) {
    const maxMg = Math.max(10, ...series.planned.filter((v) => v !== null), ...series.taken);
    // Symptom markers sit on the mg axis at a height that shows their level (level / 5 of the axis).
    const symPts = series.symptoms.map((s) => ({x: s.x, y: Math.round((maxMg * (s.y + 1)) / 6), e: s.e}));
    return makeChart(canvas, {
        data: {
            labels: series.days,
            datasets: [
                {type: 'bar', label: 'Taken (mg)', data: series.taken, backgroundColor: 'rgba(15,118,110,0.35)',
                 borderColor: COLORS.taken, borderWidth: 0, yAxisID: 'y', order: 3},
                {type: 'line', label: 'Planned (mg)', data: series.planned, stepped: 'middle', borderColor: COLORS.planned,
                 backgroundColor: COLORS.planned, borderWidth: 3, pointRadius: 0, spanGaps: false, yAxisID: 'y', order: 2},
                {type: 'line', label: 'Withdrawal score', data: series.scores, showLine: false, pointStyle: 'rectRot',
                 pointRadius: 6, borderColor: COLORS.score, backgroundColor: COLORS.score, yAxisID: 'y2', order: 1},
                {type: 'line', label: 'Symptom (height: level)', data: symPts, showLine: false, pointStyle: 'triangle',
                 pointRadius: 7, borderColor: COLORS.symptom, backgroundColor: COLORS.symptom, yAxisID: 'y', order: 0},
            ],
        },
        options: {
            responsive: true, maintainAspectRatio: false, animation: false,
            interaction: {mode: 'nearest', intersect: true},
            scales: {
                x: {type: 'category', ticks: {color: COLORS.text, maxTicksLimit: 6, autoSkip: true,
                                              callback(v) { return fmtShortDay(this.getLabelForValue(v)); }}},
                y: {beginAtZero: true, suggestedMax: maxMg, title: {display: true, text: 'mg a day', color: COLORS.text},
                    ticks: {color: COLORS.text}},
                y2: {position: 'right', beginAtZero: true, suggestedMax: 20, grid: {drawOnChartArea: false},
                     title: {display: true, text: 'score', color: COLORS.text}, ticks: {color: COLORS.text}},
            },
            plugins: {
                legend: {position: 'bottom', labels: {color: COLORS.text, boxWidth: 12, padding: 8}},
                tooltip: {callbacks: {
                    title: (items) => fmtDay(items[0].label || items[0].raw?.x),
                    label: (item) => {
                        const e = item.raw?.e;
                        if (e?.kind === 'symptom') return `symptom, ${e.disposition ?? 'no level'}: ${e.text.slice(0, 60)}`;
                        if (e?.kind === 'score') return `withdrawal score ${e.total}`;
                        return `${item.dataset.label}: ${item.formattedValue}`;
                    },
                }},
            },
        },
    });
}

/**
 * The timeline's items, newest first: entries, plan versions, the plan's
 * step changes (from the latest version) and alerts, from day `from` on.
 */
function timelineItems(diary, from, to) {
    const items = [];
    for (const e of diary.entries || []) items.push({at: e.at, kind: e.kind, e});
    const versions = [...(diary.plans || [])].sort((x, y) => x.version - y.version);
    for (const p of versions) items.push({at: p.entered, kind: 'plan', e: p});
    const latest = versions[versions.length - 1];
    (latest?.steps || []).forEach((st, i) => {
        if (st.first >= from && st.first <= to) items.push({at: `${st.first}T00:00:00`, kind: 'step', e: {...st, n: i + 1}});
    });
    for (const a of diary.alerts || []) items.push({at: a.created || a.at, kind: 'alert', e: a});
    return items.filter((it) => it.at.slice(0, 10) >= from)
        .sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0));
}

function timelineLine(it) {
    const e = it.e;
    switch (it.kind) {
    case 'symptom':
        return [h('span', {class: 'tag'}, 'symptom'), ' ', badge(e.disposition), ' ', h('q', {}, e.text),
                e.severity !== null && e.severity !== undefined ? ` (severity ${e.severity} of 4)` : '',
                e.rules?.length ? h('span', {class: 'muted'}, ` · rules ${e.rules.join(', ')}`) : null];
    case 'score':
        return [h('span', {class: 'tag'}, 'score'), ` withdrawal score ${e.total} (`,
                Object.entries(e.items || {}).map(([k, v]) => `${k} ${v}`).join(', '), ')'];
    case 'substance':
        return [h('span', {class: 'tag'}, e.sub), e.sub === 'alcohol' ? ` ${e.drinks} drinks` : ` ${e.what}`];
    case 'supply':
        return [h('span', {class: 'tag'}, 'supply'), ` ${e.units} units dispensed`];
    case 'egfr':
        return [h('span', {class: 'tag'}, 'kidney'), ` eGFR ${e.egfr}`];
    case 'plan': {
        const first = e.steps?.[0];
        return [h('span', {class: 'tag'}, 'plan'), ` version ${e.version} stored`,
                first ? `: ${plural(e.steps.length, 'step')} from ${fmtDay(first.first)}` : '',
                e.steps?.some((st) => st.step_back) ? ' (with a step back)' : ''];
    }
    case 'step':
        return [h('span', {class: 'tag tag-step'}, 'plan step'), ` step ${e.n}: ${mgText(e.total_ug)} mg a day`,
                e.total_ug === 0 ? ' (the stop)' : '', e.step_back ? ' (back to the last tolerated dose)' : ''];
    case 'alert':
        return [h('span', {class: 'tag'}, 'alert'), ' ', badge(e.disposition), ` ${e.text}`,
                e.acknowledged ? h('span', {class: 'acked'}, ` · acknowledged${e.acknowledged.by ? ` by ${e.acknowledged.by}` : ''}`
                                   + `${e.acknowledged.note ? `: ${e.acknowledged.note}` : ''}`) : ''];
    default:
        return [h('span', {class: 'tag'}, it.kind)];
    }
}

/** One day of the timeline: its doses on one line, everything else on its own. */
function timelineDay(day, items) {
    const doses = items.filter((it) => it.kind === 'dose').reverse();
    // The day's plan step first, then the rest newest first.
    const rest = [...items.filter((it) => it.kind === 'step'), ...items.filter((it) => it.kind !== 'dose' && it.kind !== 'step')];
    const ul = h('ul', {class: 'tl-items'});
    if (doses.length) {
        ul.append(h('li', {class: 'tl-dose'}, h('span', {class: 'tag'}, 'doses'), ' ',
            doses.map((it, i) => [i ? ' · ' : '', h('span', {class: 'nowrap'}, `${mgText(it.e.amount_ug)} mg`,
                                  it.e.sub !== 'taken' ? ` ${it.e.sub}` : '',
                                  h('span', {class: 'muted'}, ` ${clockOf(it.at)}`))])));
    }
    for (const it of rest) {
        ul.append(h('li', {class: `tl-${it.kind}`},
                    it.kind !== 'step' ? h('time', {datetime: it.at, class: 'muted'}, `${clockOf(it.at)} `) : null,
                    timelineLine(it)));
    }
    return h('li', {}, h('h4', {}, fmtDay(day)), ul);
}

/** The timeline by day, newest first; the first `limit` days, then a button for the rest. */
function timelineList(diary, from, to, limit = 10) {
    const items = timelineItems(diary, from, to);
    const days = new Map();
    for (const it of items) {
        const d = it.at.slice(0, 10);
        if (!days.has(d)) days.set(d, []);
        days.get(d).push(it);
    }
    const list = [...days.entries()];
    const ol = h('ol', {class: 'timeline'});
    const show = (n) => {
        clear(ol);
        for (const [d, its] of list.slice(0, n)) ol.append(timelineDay(d, its));
    };
    show(limit);
    const more = list.length > limit ? h('button', {type: 'button', class: 'secondary', onclick: (ev) => {
        show(list.length);
        ev.currentTarget.remove();
    }}, `Show all ${list.length} days`) : null;
    return h('div', {}, list.length ? ol : h('p', {class: 'muted'}, 'Nothing recorded yet.'), more);
}

const SCORE_ITEMS = [
    ['nausea', 'Nausea and vomiting', 7, '0 none; 7 constant nausea, frequent dry heaves and vomiting'],
    ['tremor', 'Tremor', 7, '0 none; 7 severe, even with arms not extended'],
    ['sweats', 'Sweats', 7, '0 none; 7 drenching sweats'],
    ['anxiety', 'Anxiety', 7, '0 at ease; 7 as in acute panic'],
    ['agitation', 'Agitation', 7, '0 normal activity; 7 paces or thrashes about constantly'],
    ['tactile', 'Itching, pins and needles, burning, numbness, or feeling bugs on the skin', 7,
     '0 none; 4 moderately severe hallucinations; 7 continuous'],
    ['auditory', 'Sounds: harsh, frightening, or hearing things', 7, '0 none; 4 moderately severe hallucinations; 7 continuous'],
    ['visual', 'Light too bright, colours off, or seeing things', 7, '0 none; 4 moderately severe hallucinations; 7 continuous'],
    ['headache', 'Headache, fullness in the head', 7, '0 none; 7 extremely severe'],
    ['orientation', 'Confusion: what day it is, where you are', 4, '0 oriented; 2 or more unsure of the date; 4 of place or person'],
    ['spasticity', 'Muscle stiffness or spasms coming back', 7, '0 usual tone; 7 rigid, worse than before treatment'],
    ['itching', 'Itching without a rash', 7, '0 none; 7 constant, severe'],
    ['fever', 'Fever', 4, '0 none; 4 feels feverish or a measured fever', [0, 4]],
    ['hallucinations', 'Seeing or hearing things that are not there', 7, '0 none; 7 continuous'],
];

function scoreForm(onDone) {
    const form = h('form', {class: 'card score-form', novalidate: true},
        formError(),
        h('p', {class: 'hint'}, 'Adapted from the CIWA-Ar scale. Rate only what you can; leave the rest "not rated".'),
        h('div', {class: 'grid'}, SCORE_ITEMS.map(([id, label, max, hint, only]) => {
            const values = only || Array.from({length: max + 1}, (_, i) => i);
            return field({id: `score-${id}`, type: 'select', label, hint: hint, where: `$.items.${id}`,
                          options: [['', 'not rated'], ...values.map((v) => [String(v), String(v)])]});
        })),
        h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Save the score')));
    onSubmit(form, async () => {
        const items = {};
        for (const [id] of SCORE_ITEMS) {
            const v = val(form, `score-${id}`);
            if (v !== '') items[id] = Number(v);
        }
        if (!Object.keys(items).length) throw new ApiError(400, 'invalid', 'Rate at least one item.', '$.items');
        await onDone(form, items);
    });
    return form;
}

/* ===== #/diary: the patient's diary ===== */

async function viewDiary(root, ctx) {
    const pid = state.account.patient_id;
    if (!pid) {
        root.append(h('h1', {}, 'My diary'), h('p', {class: 'form-error', role: 'alert'}, 'This account has no patient record.'));
        return;
    }
    root.append(h('h1', {}, 'My diary'));
    const body = h('div', {class: 'diary'});
    root.append(body);
    await renderDiary(body, pid, ctx);
}

async function renderDiary(body, pid, ctx) {
    let afterSave = () => {};
    const today = isoDay();
    const from = addDays(today, -29);
    const [p, diary, alertsRes, smap] = await Promise.all([
        api('GET', `/api/v1/patients/${pid}`),
        api('GET', `/api/v1/patients/${pid}/diary?from=${from}&to=${today}`),
        api('GET', `/api/v1/patients/${pid}/alerts`),
        sourcesFor(),
    ]);
    if (ctx.stale()) return;
    clear(body);
    const refresh = () => renderDiary(body, pid, ctx).catch((e) => body.prepend(h('p', {class: 'form-error', role: 'alert'}, errorText(e))));

    // Today's doses: one tap each. The key is the day and the slot, so a
    // retried tap is stored once and a dose is not logged twice.
    const day = p.today?.date || today;
    const doses = todaysDoses(p);
    const doseStatus = h('p', {class: 'hint', role: 'status', 'aria-live': 'polite'});
    const doseList = h('ul', {class: 'dose-buttons'}, doses.map((d) => {
        const label = `${timeText(d.time || '')} · ${mgText(d.ug)} mg`;
        const btn = h('button', {type: 'button', class: `dose${d.taken ? ' done' : ''}`, 'aria-pressed': d.taken ? 'true' : 'false',
                                 'data-time': d.time, 'data-mg': mgText(d.ug)},
            h('span', {class: 'dose-main'}, label),
            h('span', {class: 'dose-sub'}, d.taken ? `Taken${d.takenAt ? ` at ${clockOf(d.takenAt)}` : ''}` : 'Tap when taken'));
        if (d.taken) btn.disabled = true;
        const markDone = (text) => {
            btn.classList.add('done');
            btn.setAttribute('aria-pressed', 'true');
            btn.disabled = true;
            btn.querySelector('.dose-sub').textContent = text;
        };
        btn.addEventListener('click', async () => {
            btn.disabled = true;
            doseStatus.textContent = 'Saving…';
            doseStatus.classList.remove('error-text');
            try {
                const r = await api('POST', `/api/v1/patients/${pid}/entries`,
                                    {kind: 'dose', sub: 'taken', dose: `${mgText(d.ug)}mg`, key: `web-dose-${day}-${d.slot}`});
                markDone(`Taken at ${clockOf(r?.entry?.at) || 'now'}`);
                doseStatus.textContent = `Saved: ${label} taken.`;
                if (r?.alerts?.length) showNewAlerts(alertsBox, r.alerts);
                afterSave();
            } catch (e) {
                if (e instanceof ApiError && e.status === 401) {
                    go('#/login?next=%23%2Fdiary', 'Your session has ended. Please log in again.');
                    return;
                }
                if (e instanceof ApiError && e.status === 409) {
                    markDone('Already logged');
                    doseStatus.textContent = `${label} was already logged today.`;
                    return;
                }
                btn.disabled = false;
                doseStatus.textContent = `Not saved: ${errorText(e)}`;
                doseStatus.classList.add('error-text');
            }
        });
        return h('li', {}, btn);
    }));
    const planned = p.today?.plan_daily_ug ?? p.plan?.daily_ug ?? p.prescription?.daily_ug;
    body.append(h('section', {class: 'card', 'aria-labelledby': 'doses-title'},
        h('h2', {id: 'doses-title'}, `Today, ${fmtDay(day)}`),
        planned !== undefined && planned !== null
            ? h('p', {}, `Today's plan: ${mgText(planned)} mg a day`,
                p.plan ? ` (step ${p.plan.step} of ${p.plan.steps} of your taper).` : '.') : null,
        doses.length ? doseList : h('p', {class: 'muted'}, 'No doses are planned for today.'),
        doseStatus,
        p.adherence_7d ? h('p', {class: 'hint'}, `Last 7 days: ${p.adherence_7d.taken} of ${p.adherence_7d.expected} doses taken.`)
                       : null));

    // Alerts.
    const alertsBox = h('section', {class: 'card', 'aria-labelledby': 'alerts-title', 'aria-live': 'polite'});
    const alerts = alertsRes?.alerts ?? [];
    alertsBox.append(h('h2', {id: 'alerts-title'}, 'Alerts'),
                     alerts.length ? h('ul', {class: 'alerts'}, alerts.map((a) => alertCard(a)))
                                   : h('p', {class: 'muted'}, 'No open alerts.'));
    body.append(alertsBox);

    // A symptom in the patient's own words.
    const symOut = h('div', {class: 'result', 'aria-live': 'polite'});
    const symForm = h('form', {class: 'card', novalidate: true},
        h('h2', {}, 'How do you feel?'),
        formError(),
        field({id: 'sym-text', type: 'textarea', label: 'What do you feel, in your own words?', where: '$.text',
               attrs: {required: true, rows: 3, maxlength: 4000, autocomplete: 'off'}}),
        field({id: 'sym-sev', type: 'select', label: 'How bad is it?', where: '$.severity',
               options: [['', 'not said'], ['0', '0 – not at all'], ['1', '1 – a little'], ['2', '2 – moderate'],
                         ['3', '3 – bad'], ['4', '4 – the worst']]}),
        h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Save and check')),
        symOut);
    onSubmit(symForm, async () => {
        const text = val(symForm, 'sym-text');
        if (!text) throw new ApiError(400, 'invalid', 'Write what you feel, in your own words.', '$.text');
        const entry = {kind: 'symptom', text};
        const sev = val(symForm, 'sym-sev');
        if (sev !== '') entry.severity = Number(sev);
        const r = await api('POST', `/api/v1/patients/${pid}/entries`, entry);
        clear(symOut).append(symptomResult(r, smap));
        symForm.elements.namedItem('sym-text').value = '';
        if (r?.alerts?.length) showNewAlerts(alertsBox, r.alerts);
        symOut.querySelector('h3')?.focus();
        afterSave();
    });
    body.append(symForm);

    // The withdrawal score.
    const scoreOut = h('div', {class: 'result', 'aria-live': 'polite'});
    const sf = scoreForm(async (form, items) => {
        const r = await api('POST', `/api/v1/patients/${pid}/entries`, {kind: 'score', items});
        clear(scoreOut).append(h('p', {}, h('strong', {}, `Saved: withdrawal score ${r?.entry?.total ?? ''}`
                                                      + `${r?.entry?.band ? ` (${r.entry.band})` : ''}.`)),
                               r?.alerts?.length ? h('ul', {class: 'alerts'}, r.alerts.map((a) => alertCard(a)))
                                                 : h('p', {class: 'muted'}, 'No new alert.'));
        if (r?.alerts?.length) showNewAlerts(alertsBox, r.alerts);
        form.reset();
        afterSave();
    });
    body.append(h('details', {class: 'card more'}, h('summary', {}, h('span', {class: 'h2like'}, 'Withdrawal score')), sf, scoreOut));

    // The chart and the recent entries, drawn again after each save.
    const chartSection = h('section', {class: 'card', 'aria-labelledby': 'chart-title'});
    let chart = null;
    const drawChart = (dj) => {
        if (chart) {
            chart.destroy();
            charts.delete(chart);
        }
        const series = diarySeries(dj, from, today);
        const {canvas, box} = chartBox(`Doses taken and planned over the last 30 days, with ${series.symptoms.length} symptom `
            + `reports and ${series.scores.length} scores; the list below has every entry.`, true);
        const open = chartSection.querySelector('details')?.open;
        clear(chartSection).append(
            h('h2', {id: 'chart-title'}, 'The last 30 days'), box,
            h('p', {class: 'hint'}, 'Bars: mg taken each day. Line: mg planned. Triangles: symptoms (higher is more urgent). '
              + 'Diamonds: withdrawal scores (right axis).'),
            h('details', {class: 'more', open: !!open}, h('summary', {}, 'Recent entries'), timelineList(dj, from, today, 7)),
            h('button', {type: 'button', class: 'secondary', onclick: refresh}, 'Refresh'));
        chart = drawDiaryChart(canvas, series);
    };
    afterSave = async () => {
        try {
            const dj = await api('GET', `/api/v1/patients/${pid}/diary?from=${from}&to=${today}`);
            if (!ctx.stale() && chartSection.isConnected) drawChart(dj);
        } catch (e) { /* the chart stays as it was; Refresh tries again */ }
    };
    body.append(chartSection);
    drawChart(diary);
}

function showNewAlerts(box, alerts) {
    let ul = box.querySelector('ul.alerts');
    if (!ul) {
        box.querySelector('p.muted')?.remove();
        ul = h('ul', {class: 'alerts'});
        box.append(ul);
    }
    for (const a of alerts) {
        ul.querySelector(`[data-alert-id="${CSS.escape(String(a.id))}"]`)?.remove();
        ul.prepend(alertCard(a));
    }
}

/**
 * What POST .../entries answered for a symptom: the checker's level in the
 * diary's context, the concepts, rules and sources, and the alerts the
 * monitor raised with their advice.
 */
function symptomResult(r, smap) {
    const e = r?.entry ?? {};
    const n = Math.max(levelOf(e.level ?? e.disposition), 0);
    const alerts = (r?.alerts || []).map(normAlert);
    const advice = [...new Set(alerts.map((a) => a.advice).filter((x) => x && x !== e.meaning))];
    const frag = h('div', {class: 'check-result'});
    frag.append(levelBlock(n, LEVELS[n].name, e.meaning, undefined, 'h3'));
    if (advice.length) frag.append(h('ul', {class: 'advice'}, advice.map((x) => h('li', {}, x))));
    const concepts = listOf(e.concepts);
    if (concepts.length) frag.append(h('p', {}, h('strong', {}, 'Recognised: '), concepts.map((c) => c.replace(/[_-]/g, ' ')).join(', ')));
    const rules = listOf(e.rules);
    if (rules.length) frag.append(h('p', {}, h('strong', {}, rules.length > 1 ? 'Rules: ' : 'Rule: '),
                                    rules.map((x, i) => [i ? ', ' : '', h('code', {}, x)])));
    const sources = listOf(e.sources);
    if (sources.length) frag.append(h('p', {}, h('strong', {}, 'Sources: '), sources.map((t, i) => [i ? ', ' : '', sourceLink(t, smap, true)])));
    if (alerts.length) frag.append(h('p', {class: 'warning'}, h('strong', {}, 'Your care team has been alerted. '),
                                     'Follow "What to do now" above; do not wait for them to call you.'));
    if (r?.notice) frag.append(h('p', {class: 'notice-inline'}, r.notice));
    return frag;
}

/* ===== #/panel: the clinician's panel ===== */

async function viewPanel(root, ctx) {
    root.append(h('h1', {}, 'Patients'),
                h('p', {class: 'lead'}, 'Ranked by the highest open alert, then by the oldest open alert.'));
    const r = await api('GET', '/api/v1/patients');
    if (ctx.stale()) return;
    const patients = r?.patients ?? [];
    const list = h('ol', {class: 'patients'}, patients.map((p, i) => {
        const n = highestOf(p);
        const open = p.open_alerts;
        return h('li', {class: `patient-row lvl-border-${n}`, 'data-patient-id': p.id, 'data-rank': i + 1},
            h('p', {class: 'row-head'}, h('span', {class: 'rank'}, `${i + 1}.`),
              h('a', {href: `#/patient/${p.id}`, class: 'patient-link'}, h('strong', {}, patientName(p))), badge(n)),
            h('p', {class: 'muted'}, typeof open === 'number' ? plural(open, 'open alert') : '',
              p.oldest_open_at ? `, the oldest since ${fmtTime(p.oldest_open_at)}` : '',
              p.birth_year ? ` · born ${p.birth_year}` : ''));
    }));
    root.append(patients.length ? list : h('p', {class: 'muted'}, 'No patients are linked to you yet.'));
    if (state.account.role === 'clinician') root.append(newPatientForm());
}

function newPatientForm() {
    const out = h('p', {role: 'status'});
    const form = h('form', {class: 'card', novalidate: true},
        h('h2', {}, 'Add a patient'), formError(),
        h('div', {class: 'grid'},
          field({id: 'np-pseudo', label: 'Pseudonym (never a name)', where: '$.pseudonym', attrs: {required: true, autocomplete: 'off'}}),
          field({id: 'np-year', type: 'number', label: 'Birth year', where: '$.birth_year', attrs: {min: 1900, max: 2100}}),
          field({id: 'np-user', label: 'Patient login: username (optional)', where: '$.login.username', attrs: {autocomplete: 'off'}}),
          field({id: 'np-pass', type: 'password', label: 'Patient login: password', where: '$.login.password',
                 attrs: {autocomplete: 'new-password'}})),
        h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Add')), out);
    onSubmit(form, async () => {
        const body = {pseudonym: val(form, 'np-pseudo')};
        const y = numOrUndef(val(form, 'np-year'));
        if (y !== undefined) body.birth_year = y;
        if (val(form, 'np-user')) body.login = {username: val(form, 'np-user'), password: form.elements.namedItem('np-pass').value};
        const p = await api('POST', '/api/v1/patients', body);
        go(`#/patient/${p?.id ?? p?.patient?.id}`, `Patient ${body.pseudonym} added.`);
    });
    return form;
}

/* ===== #/patient/{id}: one patient for the clinician ===== */

async function viewPatient(root, ctx) {
    const pid = Number(ctx.parts[1]);
    if (!Number.isInteger(pid) || pid <= 0) {
        root.append(h('h1', {}, 'Patient'), h('p', {class: 'form-error', role: 'alert'}, 'No such patient.'));
        return;
    }
    const head = h('h1', {}, 'Patient');
    root.append(h('p', {}, h('a', {href: state.account.role === 'patient' ? '#/diary' : '#/panel'}, '← All patients')), head);
    const body = h('div', {class: 'patient'});
    root.append(body);
    await renderPatient(body, head, pid, ctx);
}

async function renderPatient(body, head, pid, ctx) {
    const today = isoDay();
    const from = addDays(today, -59);
    const [p, diary, alertsRes] = await Promise.all([
        api('GET', `/api/v1/patients/${pid}`),
        api('GET', `/api/v1/patients/${pid}/diary?from=${from}&to=${today}`),
        api('GET', `/api/v1/patients/${pid}/alerts?all=1`),
    ]);
    if (ctx.stale()) return;
    const name = patientName(p);
    head.textContent = `Patient ${name}`;
    document.title = `${name} · stepdown`;
    clear(body);
    const isClinician = state.account.role === 'clinician';

    const rx = p.prescription;
    const rxs = diary.prescriptions || [];
    const rxFull = rxs[rxs.length - 1];
    const ad = p.adherence_7d;
    body.append(h('section', {class: 'card summary'},
        highestOf(p) >= 0 ? h('p', {}, badge(highestOf(p)), ' ', h('span', {}, 'the highest open alert'))
                          : h('p', {}, 'No open alert.'),
        p.birth_year ? h('p', {}, `Born ${p.birth_year}`) : null,
        rx ? h('p', {}, h('strong', {}, 'Prescription: '), `${mgText(rx.daily_ug)} mg a day`,
               rxFull?.doses ? ` (${rxFull.doses.map((d) => `${mgText(d.amount_ug)} mg at ${d.time}`).join(', ')})` : '',
               rx.formulation ? `, ${rx.formulation.replace(/[_-]/g, ' ')}` : '',
               rxFull?.since ? `; on the drug since ${fmtDay(rxFull.since)}` : '') : null,
        p.plan ? h('p', {}, h('strong', {}, 'Taper: '),
                   `step ${p.plan.step} of ${p.plan.steps} (plan version ${p.plan.version}), ${mgText(p.plan.daily_ug)} mg a day today`)
               : h('p', {class: 'muted'}, 'No taper plan stored.'),
        ad ? h('p', {}, h('strong', {}, 'Last 7 days: '),
               `${ad.taken} of ${ad.expected} doses taken, ${ad.skipped} skipped, ${ad.missing} missing`) : null));

    // Open alerts with their acknowledgement; the acknowledged ones folded.
    const all = (alertsRes?.alerts ?? []).map(normAlert);
    const open = all.filter((a) => !a.acknowledged).sort((a, b) => b.level - a.level);
    const done = all.filter((a) => a.acknowledged);
    const ackStatus = h('p', {role: 'status', class: 'hint'});
    const openList = h('ul', {class: 'alerts'});
    const onAck = isClinician ? async (a, note) => {
        const r = await api('POST', `/api/v1/patients/${pid}/alerts/${a.id}/ack`, note ? {note} : {});
        const card = openList.querySelector(`[data-alert-id="${CSS.escape(String(a.id))}"]`);
        const fresh = alertCard(r && r.id ? r : {...a, acknowledged: {at: Math.floor(Date.now() / 1000), by: state.account.username, note}});
        card?.replaceWith(fresh);
        ackStatus.textContent = 'Alert acknowledged.';
        fresh.querySelector('.acked')?.setAttribute('tabindex', '-1');
        fresh.querySelector('.acked')?.focus();
    } : null;
    for (const a of open) openList.append(alertCard(a, {onAck}));
    body.append(h('section', {class: 'card', 'aria-labelledby': 'alerts-title'},
        h('h2', {id: 'alerts-title', tabindex: '-1'}, `Open alerts (${open.length})`), ackStatus,
        open.length ? openList : h('p', {class: 'muted'}, 'No open alerts.'),
        done.length ? h('details', {class: 'more'}, h('summary', {}, `Acknowledged alerts (${done.length})`),
                        h('ul', {class: 'alerts'}, done.map((a) => alertCard(a)))) : null));

    // Chart and timeline.
    const series = diarySeries(diary, from, today);
    const {canvas, box} = chartBox(`Doses taken and planned over the last 60 days for ${name}, with `
        + `${series.symptoms.length} symptom reports and ${series.scores.length} withdrawal scores; the timeline below lists them.`, true);
    body.append(h('section', {class: 'card', 'aria-labelledby': 'tl-title'},
        h('h2', {id: 'tl-title'}, 'The last 60 days'), box,
        h('p', {class: 'hint'}, 'Bars: mg taken. Line: mg planned. Triangles: symptoms (higher is more urgent). '
          + 'Diamonds: withdrawal scores (right axis).'),
        h('h3', {}, 'Timeline'), timelineList(diary, from, today, 10)));
    drawDiaryChart(canvas, series);

    // Adjust the plan after withdrawal.
    if (isClinician) {
        const out = h('div', {role: 'status', 'aria-live': 'polite'});
        const form = h('form', {class: 'card', novalidate: true},
            h('h2', {}, 'Adjust the plan after withdrawal'),
            h('p', {class: 'hint'}, 'Back to the last tolerated dose, a hold, then half the cut and twice the days per step.'),
            formError(),
            h('div', {class: 'grid'},
              field({id: 'adj-date', type: 'date', label: 'Withdrawal began on', value: today, where: '$.withdrawal_on',
                     attrs: {required: true}}),
              field({id: 'adj-hold', type: 'number', label: 'Hold days', value: '7', where: '$.hold_days',
                     attrs: {min: 1, max: 365, step: 1, inputmode: 'numeric'}})),
            h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Adjust the plan')), out);
        onSubmit(form, async () => {
            const req = {withdrawal_on: val(form, 'adj-date')};
            const hold = numOrUndef(val(form, 'adj-hold'));
            if (hold !== undefined) req.hold_days = hold;
            const r = await api('POST', `/api/v1/patients/${pid}/plans/adjust`, req);
            const plan = r?.plan ?? r;
            const adj = plan?.adjustments?.[plan.adjustments.length - 1];
            go(location.hash, `Plan version ${r?.version ?? ''} stored: `
               + (adj ? `${adj.why}.` : 'adjusted.'));
        });
        body.append(form);
    }

    // The doctor's report.
    const rep = `/api/v1/patients/${pid}/report`;
    const repStatus = h('p', {role: 'status', class: 'hint'});
    const repDl = (fmt, ext, label) => h('button', {type: 'button', class: 'secondary', onclick: async () => {
        repStatus.textContent = '';
        try {
            const n = await download('GET', `${rep}?format=${fmt}`, undefined, `stepdown-report-${name}.${ext}`);
            repStatus.textContent = `Downloaded ${n}.`;
        } catch (e) {
            repStatus.textContent = `The download failed: ${errorText(e)}`;
        }
    }}, label);
    body.append(h('section', {class: 'card'}, h('h2', {}, 'Report for the doctor'),
        h('div', {class: 'button-row'},
          h('a', {class: 'button secondary', href: `${rep}?format=html`, target: '_blank', rel: 'noopener'}, 'Open the report'),
          repDl('html', 'html', 'Download (HTML)'), repDl('text', 'txt', 'Text'), repDl('csv', 'csv', 'CSV'),
          repDl('json', 'json', 'JSON')),
        repStatus));
}

/* ===== #/admin ===== */

async function viewAdmin(root, ctx) {
    root.append(h('h1', {}, 'Accounts'));
    const r = await api('GET', '/api/v1/accounts');
    if (ctx.stale()) return;
    const accounts = r?.accounts ?? [];
    const status = h('p', {role: 'status', class: 'hint'});
    const table = h('ul', {class: 'accounts'}, accounts.map((a) => h('li', {class: 'account-row'},
        h('p', {class: 'row-head'}, h('strong', {}, a.username), h('span', {class: 'tag'}, a.role),
          a.disabled ? h('span', {class: 'tag tag-off'}, 'disabled') : null),
        h('p', {class: 'muted'}, `account ${a.id}`, a.patient_id ? ` · patient ${a.patient_id}` : ''),
        a.id === state.account.id ? null : h('button', {type: 'button', class: 'secondary small', onclick: async (ev) => {
            const b = ev.currentTarget;
            b.disabled = true;
            try {
                await api('PATCH', `/api/v1/accounts/${a.id}`, {disabled: !a.disabled});
                go('#/admin', `${a.username} ${a.disabled ? 'enabled' : 'disabled'}.`);
            } catch (e) {
                status.textContent = errorText(e);
                b.disabled = false;
            }
        }}, a.disabled ? `Enable ${a.username}` : `Disable ${a.username}`))));
    root.append(table, status);

    const cf = h('form', {class: 'card', novalidate: true}, h('h2', {}, 'Create an account'), formError(),
        h('div', {class: 'grid'},
          field({id: 'acc-user', label: 'Username', where: '$.username', attrs: {required: true, autocomplete: 'off'}}),
          field({id: 'acc-pass', type: 'password', label: 'Password', where: '$.password', attrs: {required: true, autocomplete: 'new-password'}}),
          field({id: 'acc-role', type: 'select', label: 'Role', where: '$.role',
                 options: [['clinician', 'clinician'], ['patient', 'patient'], ['admin', 'admin']]}),
          field({id: 'acc-pid', type: 'number', label: 'Patient id (for a patient account)', where: '$.patient_id', attrs: {min: 1}})),
        h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Create')));
    onSubmit(cf, async () => {
        const body = {username: val(cf, 'acc-user'), password: cf.elements.namedItem('acc-pass').value, role: val(cf, 'acc-role')};
        const pidv = numOrUndef(val(cf, 'acc-pid'));
        if (pidv !== undefined) body.patient_id = pidv;
        await api('POST', '/api/v1/accounts', body);
        go('#/admin', `Account ${body.username} created.`);
    });

    const clinicians = accounts.filter((a) => a.role === 'clinician');
    const lf = h('form', {class: 'card', novalidate: true}, h('h2', {}, 'Link a clinician and a patient'), formError(),
        h('div', {class: 'grid'},
          field({id: 'link-acc', type: 'select', label: 'Clinician', where: '$.account',
                 options: clinicians.map((a) => [String(a.id), `${a.username} (id ${a.id})`])}),
          field({id: 'link-pid', type: 'number', label: 'Patient id', where: '$.patient_id', attrs: {required: true, min: 1}})),
        h('div', {class: 'actions'},
          h('button', {type: 'submit', class: 'primary', value: 'link'}, 'Link'),
          h('button', {type: 'submit', class: 'secondary', value: 'unlink'}, 'Unlink')));
    let action = 'link';
    for (const b of lf.querySelectorAll('button[type=submit]')) b.addEventListener('click', () => { action = b.value; });
    onSubmit(lf, async () => {
        const acc = val(lf, 'link-acc');
        const pidv = val(lf, 'link-pid');
        if (!acc) throw new ApiError(400, 'invalid', 'Create a clinician account first.', '$.account');
        if (!/^\d+$/.test(pidv)) throw new ApiError(400, 'invalid', 'Give the patient\'s id (a number).', '$.patient_id');
        await api(action === 'link' ? 'PUT' : 'DELETE', `/api/v1/accounts/${acc}/patients/${pidv}`);
        go('#/admin', action === 'link' ? `Linked patient ${pidv}.` : `Unlinked patient ${pidv}.`);
    });
    root.append(cf, lf);
}

/* ===== Start ===== */

async function start() {
    setupNav();
    await loadSession();
    window.addEventListener('hashchange', render);
    if (!location.hash || location.hash === '#' || location.hash === '#/') {
        history.replaceState(null, '', state.account ? homeFor(state.account) : '#/check');
    }
    await render();
}

start();

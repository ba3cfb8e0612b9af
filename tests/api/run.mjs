// End-to-end tests of the HTTP API (`make api-test`).
//
// Starts a real server (`stepdown serve --demo` on a free loopback port with a
// fresh database) and checks:
//
//   - the OpenAPI document (/api/v1/openapi.json): OpenAPI 3, the same
//     (method, path) set as `stepdown serve --routes` both ways, x-roles as
//     the access table below; every JSON answer of every request below is
//     validated against the document's schema for that route and status;
//   - first setup (201, the token works once);
//   - the access matrix: every route, for anonymous, two patients, the
//     linked clinician, an unlinked clinician, the admin and an API token,
//     with own and foreign data; CSRF with the cookie, none with a token;
//   - bad input (bad JSON, wrong types, missing and unknown fields, 413,
//     404, 405, 415, foreign data) and that nothing was written;
//   - the flow: a patient logs a dose and a worrying symptom, the alert
//     reaches the clinician's panel first, the clinician acknowledges it,
//     the audit log holds the reads and writes;
//   - the login rate limit (429 with Retry-After), security headers and
//     cookie attributes;
//   - an expired session (a restart with the clock 3 h later: 401);
//   - a graceful shutdown (SIGTERM with a request in flight: it completes,
//     exit 0).
//
// Environment: STEPDOWN (the binary, default build/stepdown).

import {spawn, execFileSync} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const requireJs = createRequire(path.join(ROOT, 'tests/js/package.json'));
const Ajv = requireJs('ajv').default;
const addFormats = requireJs('ajv-formats').default;
const BIN = path.resolve(ROOT, process.env.STEPDOWN || 'build/stepdown');
const WORRYING = 'I am seeing things that are not there and my muscles are rigid with a high fever';

/* ===== checks ===== */

let passed = 0;
const failures = [];

function check(cond, what) {
    if (cond) {
        passed++;
    } else {
        failures.push(what);
        console.log(`  FAIL ${what}`);
    }
    return !!cond;
}

function section(name) {
    console.log(`== ${name}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* ===== the server ===== */

function startServer(tmp, env = {}) {
    return new Promise((resolve, reject) => {
        const args = ['serve', '--listen', '127.0.0.1:0', '--db', path.join(tmp, 'x.db'), '--demo',
                      '--access-log', path.join(tmp, 'access.log')];
        const p = spawn(BIN, args, {env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'pipe']});
        const s = {proc: p, out: '', err: '', exit: null};
        servers.push(s);
        s.exited = new Promise((res) => p.on('exit', (code, sig) => { s.exit = {code, sig}; res(s.exit); }));
        const timer = setTimeout(() => reject(new Error(`the server did not start in 60 s:\n${s.out}\n${s.err}`)), 60000);
        p.stderr.on('data', (d) => { s.err += d; });
        p.stdout.on('data', (d) => {
            s.out += d;
            if (!/stop with Ctrl-C/.test(s.out)) return;
            clearTimeout(timer);
            s.url = s.out.match(/serving (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
            s.setup = s.out.match(/#\/setup\?token=([A-Za-z0-9_-]+)/)?.[1];
            s.logins = {};
            for (const m of s.out.matchAll(/demo (?:clinician|patient):\s+username (\S+) password (\S+)/g))
                s.logins[m[1]] = m[2];
            resolve(s);
        });
        p.on('exit', (code) => {
            clearTimeout(timer);
            reject(new Error(`the server exited (${code}) before serving:\n${s.out}\n${s.err}`));
        });
    });
}

async function stopServer(s) {
    if (s.exit) return s.exit;
    s.proc.kill('SIGTERM');
    return s.exited;
}

/* ===== the OpenAPI document ===== */

let doc;
let ajv;
const validators = new Map();
const exercised = new Set();

const norm = (p) => p.replace(/\{[^}]+\}/g, '{}');
const ptr = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function resolveRef(o) {
    while (o && o.$ref) {
        const parts = o.$ref.replace(/^#\//, '').split('/').map((x) => x.replace(/~1/g, '/').replace(/~0/g, '~'));
        o = parts.reduce((a, k) => a?.[k], doc);
    }
    return o;
}

// Validate a JSON answer against the document: the route's response for the
// status (a 2xx must be listed; errors may fall to default).
function validateAnswer(route, status, ctype, json) {
    const [method, tmpl] = route;
    const opPath = Object.keys(doc.paths).find((p) => norm(p) === norm(tmpl));
    const op = doc.paths[opPath]?.[method.toLowerCase()];
    const what = `${method} ${tmpl} ${status}`;
    if (!check(op, `${what}: the operation is in the OpenAPI document`)) return;
    let key = String(status);
    if (!op.responses[key]) {
        if (!check(status >= 400 && op.responses.default, `${what}: the status is in the document`)) return;
        key = 'default';
    }
    const resp = resolveRef(op.responses[key]);
    if (status === 204) {
        check(!resp.content, `${what}: 204 has no content in the document`);
        return;
    }
    const media = Object.keys(resp.content || {}).find((m) => ctype.startsWith(m));
    if (!check(media, `${what}: content type ${ctype} is in the document`)) return;
    if (json === undefined) return;
    let ref;
    if (op.responses[key].$ref) {
        ref = `oa${op.responses[key].$ref}/content/${ptr(media)}/schema`;
    } else {
        ref = `oa#/paths/${ptr(opPath)}/${method.toLowerCase()}/responses/${key}/content/${ptr(media)}/schema`;
    }
    let v = validators.get(ref);
    if (!v) {
        v = ajv.compile({$ref: ref});
        validators.set(ref, v);
    }
    exercised.add(`${method} ${norm(tmpl)}`);
    check(v(json), `${what}: the answer matches the document: ${ajv.errorsText(v.errors)} ${JSON.stringify(json).slice(0, 300)}`);
}

/* ===== requests ===== */

let BASE;
const servers = [];    // every server started, for its stderr on failure
const actors = {};

// One request as actor (an object {cookie, csrf, bearer} or null). Returns
// {status, headers, json, text}. opts: body (object: JSON, string: raw),
// type, csrf (false: leave the header out), headers, route (for the
// document check), noValidate.
async function call(actor, method, url, opts = {}) {
    const headers = {...(opts.headers || {})};
    if (actor?.cookie) {
        headers.Cookie = actor.cookie;
        if (opts.csrf !== false && method !== 'GET' && actor.csrf) headers['X-CSRF-Token'] = actor.csrf;
    }
    if (actor?.bearer) headers.Authorization = `Bearer ${actor.bearer}`;
    let body;
    if (opts.body !== undefined) {
        body = typeof opts.body === 'string' || opts.body instanceof Uint8Array ? opts.body : JSON.stringify(opts.body);
        headers['Content-Type'] = opts.type || 'application/json';
    }
    const res = await fetch(BASE + url, {method, headers, body, redirect: 'manual'});
    const text = await res.text();
    const ctype = res.headers.get('content-type') || '';
    let json;
    if (/json/.test(ctype) && text.length) {
        try {
            json = JSON.parse(text);
        } catch {
            check(false, `${method} ${url}: the answer is JSON (${text.slice(0, 80)})`);
        }
    }
    if (status4xx5xx(res.status) && url.startsWith('/api/')) {
        check(json && json.error && typeof json.error.code === 'string' && typeof json.error.message === 'string',
              `${method} ${url} ${res.status}: a JSON error object`);
    }
    const route = opts.route || routeOf(method, url);
    if (route && !opts.noValidate) validateAnswer(route, res.status, ctype, json);
    return {status: res.status, headers: res.headers, json, text};
}

const status4xx5xx = (s) => s >= 400;

let ROUTES = [];

// The route of a concrete request (null for 404/405 paths).
function routeOf(method, url) {
    const p = url.split('?')[0];
    for (const r of ROUTES) {
        if (r[0] !== method) continue;
        const re = new RegExp('^' + r[1].replace(/\{[^}]+\}/g, '[^/]+') + '$');
        if (re.test(p)) return r;
    }
    return null;
}

function expectStatus(res, want, what) {
    const ok = Array.isArray(want) ? want.includes(res.status) : res.status === want;
    return check(ok, `${what}: status ${res.status}, want ${want}${ok ? '' : ' ' + res.text.slice(0, 300)}`);
}

function expectError(res, status, code, what, where) {
    expectStatus(res, status, what);
    check(res.json?.error?.code === code, `${what}: error code ${res.json?.error?.code}, want ${code}`);
    if (where !== undefined)
        check(res.json?.error?.where === where, `${what}: where ${res.json?.error?.where}, want ${where}`);
}

async function login(username, password) {
    const res = await call(null, 'POST', '/api/v1/auth/login', {body: {username, password}});
    if (!expectStatus(res, 200, `login ${username}`)) throw new Error(`cannot log in ${username}: ${res.text}`);
    const sc = res.headers.get('set-cookie') || '';
    const m = sc.match(/sd_session=([^;]+)/);
    return {name: username, password, cookie: `sd_session=${m[1]}`, csrf: res.json.csrf, account: res.json.account,
            setCookie: sc};
}

const today = () => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const daysAgo = (n) => {
    const d = new Date(Date.now() - n * 86400000);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

const PLAN_REQUEST = {
    regimen: [{mg: 20, time: '08:00'}, {mg: 20, time: '14:00'}, {mg: 20, time: '22:00'}],
    tablets: [{mg: 10, split: 2}],
};

async function diaryCount(pid, actor = actors.drdemo) {
    const r = await call(actor, 'GET', `/api/v1/patients/${pid}/diary`);
    return r.json?.entries?.length ?? -1;
}

/* ===== the access table: who each route is for (srv_route.c) ===== */

const PUBLIC = 'public';
const ANY = ['patient', 'clinician', 'admin'];
const CLIN = ['clinician'];
const STAFF = ['clinician', 'admin'];
const ADMIN = ['admin'];
const ACCESS = {
    'GET /api/v1/health': PUBLIC,
    'GET /api/v1/openapi.json': PUBLIC,
    'GET /api/v1/drugs': PUBLIC,
    'GET /api/v1/drugs/{}/side-effects': PUBLIC,
    'GET /api/v1/drugs/{}/sources': PUBLIC,
    'POST /api/v1/check': PUBLIC,
    'POST /api/v1/plans': PUBLIC,
    'POST /api/v1/plans/adjust': PUBLIC,
    'POST /api/v1/plans/export': PUBLIC,
    'POST /api/v1/pump': PUBLIC,
    'POST /api/v1/auth/setup': PUBLIC,
    'POST /api/v1/auth/login': PUBLIC,
    'POST /api/v1/auth/logout': ANY,
    'GET /api/v1/auth/session': ANY,
    'POST /api/v1/auth/password': ANY,
    'GET /api/v1/tokens': STAFF,
    'POST /api/v1/tokens': STAFF,
    'DELETE /api/v1/tokens/{}': STAFF,
    'GET /api/v1/accounts': ADMIN,
    'POST /api/v1/accounts': ADMIN,
    'PATCH /api/v1/accounts/{}': ADMIN,
    'PUT /api/v1/accounts/{}/patients/{}': ADMIN,
    'DELETE /api/v1/accounts/{}/patients/{}': ADMIN,
    'GET /api/v1/audit': ADMIN,
    'GET /api/v1/patients': ANY,
    'POST /api/v1/patients': CLIN,
    'GET /api/v1/patients/{}': ANY,
    'GET /api/v1/patients/{}/diary': ANY,
    'POST /api/v1/patients/{}/prescriptions': CLIN,
    'POST /api/v1/patients/{}/plans': CLIN,
    'POST /api/v1/patients/{}/plans/adjust': CLIN,
    'POST /api/v1/patients/{}/entries': ANY,
    'GET /api/v1/patients/{}/alerts': ANY,
    'POST /api/v1/patients/{}/alerts/{}/ack': CLIN,
    'GET /api/v1/patients/{}/report': ANY,
    'GET /api/v1/patients/{}/fhir': ANY,
};

/* ===== main ===== */

async function main() {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-api-'));
    let srv;
    try {
        srv = await startServer(tmp);
        BASE = srv.url;
        console.log(`server ${BASE} (${BIN})`);
        await run(tmp, srv);
        srv = null;
    } finally {
        if (srv) await stopServer(srv);
        if (!failures.length) fs.rmSync(tmp, {recursive: true, force: true});
        else console.log(`(kept ${tmp})`);
    }
}

async function run(tmp, srv) {
    /* ---- the document and the routes ---- */
    section('OpenAPI document');
    ROUTES = execFileSync(BIN, ['serve', '--routes'], {encoding: 'utf8'}).trim().split('\n').map((l) => l.split(' '));
    check(ROUTES.length >= 30, `serve --routes lists ${ROUTES.length} routes`);
    const dres = await fetch(`${BASE}/api/v1/openapi.json`);
    check(dres.status === 200 && /application\/json/.test(dres.headers.get('content-type')), 'GET /api/v1/openapi.json: 200 JSON');
    doc = await dres.json();
    check(/^3\.\d+\.\d+$/.test(doc.openapi || ''), `OpenAPI 3 (${doc.openapi})`);
    check(doc.info?.title && doc.info?.version, 'info has title and version');
    ajv = new Ajv({strict: false, allErrors: true, validateSchema: false});
    addFormats(ajv);
    ajv.addSchema(doc, 'oa');
    const fromServer = new Set(ROUTES.map(([m, p]) => `${m} ${norm(p)}`));
    const fromDoc = new Set();
    for (const [p, item] of Object.entries(doc.paths))
        for (const m of Object.keys(item))
            if (['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(m))
                fromDoc.add(`${m.toUpperCase()} ${norm(p)}`);
    for (const r of fromServer) check(fromDoc.has(r), `route ${r} is in the OpenAPI document`);
    for (const r of fromDoc) check(fromServer.has(r), `the document's ${r} is a route of the server`);
    for (const r of fromServer) check(ACCESS[r] !== undefined, `route ${r} is in the test's access table`);
    for (const [p, item] of Object.entries(doc.paths)) {
        for (const [m, op] of Object.entries(item)) {
            const key = `${m.toUpperCase()} ${norm(p)}`;
            const want = ACCESS[key];
            check(JSON.stringify(op['x-roles']) === JSON.stringify(want), `${key}: x-roles ${JSON.stringify(op['x-roles'])} = ${JSON.stringify(want)}`);
            check(want === PUBLIC ? op.security?.length === 0 : op.security?.length === 2, `${key}: security matches its roles`);
            const params = [...p.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]);
            for (const name of params)
                check((op.parameters || []).some((x) => x.in === 'path' && x.name === name && x.required),
                      `${key}: path parameter ${name} is described`);
            check(op.responses?.default, `${key}: has a default (error) response`);
        }
    }

    /* ---- setup ---- */
    section('first setup');
    check(srv.setup, 'the server printed a setup link');
    check(srv.logins['dr.demo'] && srv.logins['demo-ana'] && srv.logins['demo-ben'], 'the server printed the demo logins');
    const adminPw = 'admin-password-1';
    let res = await call(null, 'POST', '/api/v1/auth/setup', {body: {token: srv.setup, username: 'admin', password: adminPw}});
    expectStatus(res, 201, 'setup with the token');
    check(res.json?.account?.role === 'admin', 'setup made an admin');
    const setupCookie = res.headers.get('set-cookie') || '';
    check(/HttpOnly/.test(setupCookie) && /SameSite=Strict/.test(setupCookie), 'setup cookie: HttpOnly, SameSite=Strict');
    res = await call(null, 'POST', '/api/v1/auth/setup', {body: {token: srv.setup, username: 'admin2', password: adminPw}});
    expectError(res, 401, 'unauthorized', 'setup: the token works once');

    actors.admin = await login('admin', adminPw);
    check(/HttpOnly/.test(actors.admin.setCookie) && /SameSite=Strict/.test(actors.admin.setCookie) &&
          /Path=\//.test(actors.admin.setCookie), 'login cookie: HttpOnly, SameSite=Strict, Path=/');
    actors.ana = await login('demo-ana', srv.logins['demo-ana']);
    actors.ben = await login('demo-ben', srv.logins['demo-ben']);
    actors.drdemo = await login('dr.demo', srv.logins['dr.demo']);
    res = await call(actors.admin, 'POST', '/api/v1/accounts',
                     {body: {username: 'dr.new', password: 'clinician-pw-2', role: 'clinician'}});
    expectStatus(res, 201, 'the admin creates a second clinician');
    check(res.json?.role === 'clinician' && res.json?.patient_id === null, 'the new clinician is a clinician');
    actors.drnew = await login('dr.new', 'clinician-pw-2');
    res = await call(actors.drdemo, 'POST', '/api/v1/tokens', {body: {name: 'matrix'}});
    expectStatus(res, 201, 'dr.demo makes an API token');
    check(/^sdt_/.test(res.json?.token || ''), 'the token starts sdt_');
    actors.token = {name: 'token(dr.demo)', bearer: res.json.token, account: actors.drdemo.account,
                    password: actors.drdemo.password};
    actors.anon = null;

    const anaId = actors.ana.account.patient_id;
    const benId = actors.ben.account.patient_id;
    check(anaId && benId && anaId !== benId, 'the demo patients have their own records');
    res = await call(actors.drdemo, 'GET', '/api/v1/patients');
    const ids = (res.json?.patients || []).map((p) => p.id);
    check(ids.includes(anaId) && ids.includes(benId), 'dr.demo is linked to demo-ana and demo-ben');
    res = await call(actors.drnew, 'GET', '/api/v1/patients');
    check(res.json?.patients?.length === 0, 'the new clinician has no patients');
    res = await call(actors.admin, 'GET', '/api/v1/patients');
    check(res.json?.patients?.length === 0, 'the admin sees no patient (no link)');
    res = await call(actors.ana, 'GET', '/api/v1/patients');
    check(res.json?.patients?.length === 1 && res.json.patients[0].id === anaId, 'demo-ana sees only her record');

    /* ---- bad input ---- */
    section('bad input');
    await badInput(anaId, benId);

    /* ---- the flow ---- */
    section('flow: dose, worrying symptom, alert, panel, acknowledgement, audit');
    await flow(benId);

    /* ---- CSRF ---- */
    section('CSRF');
    const dose = {kind: 'dose', sub: 'taken', dose: '10mg'};
    let before = await diaryCount(benId);
    res = await call(actors.ben, 'POST', `/api/v1/patients/${benId}/entries`, {body: dose, csrf: false});
    expectError(res, 403, 'csrf', 'a cookie session without X-CSRF-Token');
    res = await call(actors.ben, 'POST', `/api/v1/patients/${benId}/entries`,
                     {body: dose, csrf: false, headers: {'X-CSRF-Token': 'x'.repeat(32)}});
    expectError(res, 403, 'csrf', 'a cookie session with a wrong X-CSRF-Token');
    res = await call({cookie: actors.ben.cookie, csrf: actors.ana.csrf}, 'POST', `/api/v1/patients/${benId}/entries`,
                     {body: dose});
    expectError(res, 403, 'csrf', 'a cookie session with another session\'s CSRF token');
    check(await diaryCount(benId) === before, 'CSRF refusals wrote nothing');
    res = await call(actors.token, 'POST', `/api/v1/patients/${benId}/entries`, {body: {kind: 'egfr', egfr: 88}});
    expectStatus(res, 201, 'a bearer token without CSRF');
    res = await call(actors.token, 'GET', '/api/v1/auth/session');
    check(res.json?.csrf === null && res.json?.account?.username === 'dr.demo', 'the session of a token: dr.demo, no csrf');

    /* ---- the access matrix ---- */
    section('access matrix');
    await matrix(anaId, benId);

    /* ---- headers ---- */
    section('security headers');
    for (const u of ['/api/v1/health', '/', '/app.js', '/api/v1/nope', '/nope.html']) {
        const r = await fetch(BASE + u);
        await r.arrayBuffer();
        check(/default-src 'self'/.test(r.headers.get('content-security-policy') || '') &&
              /frame-ancestors 'none'/.test(r.headers.get('content-security-policy') || ''), `${u}: Content-Security-Policy`);
        check(r.headers.get('x-content-type-options') === 'nosniff', `${u}: X-Content-Type-Options nosniff`);
        check(r.headers.get('x-frame-options') === 'DENY', `${u}: X-Frame-Options DENY`);
    }
    res = await fetch(BASE + '/');
    check(res.status === 200 && /text\/html/.test(res.headers.get('content-type')), 'GET / is the web app');
    await res.text();

    /* ---- logout ---- */
    section('logout');
    const tmpSession = await login('demo-ana', srv.logins['demo-ana']);
    res = await call(tmpSession, 'POST', '/api/v1/auth/logout');
    expectStatus(res, 204, 'logout');
    check(/Max-Age=0/.test(res.headers.get('set-cookie') || ''), 'logout clears the cookie');
    res = await call(tmpSession, 'GET', '/api/v1/auth/session');
    expectError(res, 401, 'unauthorized', 'the cookie after logout');

    /* ---- an expired session and a graceful shutdown ---- */
    section('restart with the clock 3 h later: expired session');
    const ex = await stopServer(srv);
    check(ex.code === 0, `the server exits 0 on SIGTERM (${JSON.stringify(ex)})`);
    checkSanitizer(srv, 'first server');
    const later = new Date(Date.now() + 3 * 3600 * 1000);
    const p2 = (n) => String(n).padStart(2, '0');
    const nowEnv = `${later.getFullYear()}-${p2(later.getMonth() + 1)}-${p2(later.getDate())}T${p2(later.getHours())}:${p2(later.getMinutes())}`;
    const srv2 = await startServer(tmp, {STEPDOWN_NOW: nowEnv});
    BASE = srv2.url;
    try {
        check(!srv2.setup, 'no new setup link once an admin exists');
        res = await call(actors.ben, 'GET', `/api/v1/patients/${benId}`);
        expectError(res, 401, 'unauthorized', 'a session idle for 3 h');
        res = await call(actors.drdemo, 'POST', `/api/v1/patients/${benId}/entries`, {body: {kind: 'egfr', egfr: 77}});
        expectError(res, 401, 'unauthorized', 'a write with a session idle for 3 h');
        res = await call(actors.token, 'GET', `/api/v1/patients/${benId}`);
        expectStatus(res, 200, 'an API token does not expire');
        const fresh = await login('demo-ben', srv.logins['demo-ben']);
        res = await call(fresh, 'GET', `/api/v1/patients/${benId}`);
        expectStatus(res, 200, 'a new login after the restart works');

        /* ---- rate limit (on the fresh server: its count of failures per address is new) ---- */
        section('login rate limit');
        for (let i = 0; i < 5; i++) {
            res = await call(null, 'POST', '/api/v1/auth/login', {body: {username: 'nobody.here', password: `wrong-${i}-password`}});
            expectError(res, 401, 'unauthorized', `wrong password ${i + 1}`);
        }
        res = await call(null, 'POST', '/api/v1/auth/login', {body: {username: 'nobody.here', password: 'wrong-6-password'}});
        expectError(res, 429, 'rate_limited', 'the sixth attempt after five failures');
        let ra = Number(res.headers.get('retry-after'));
        check(ra > 0 && ra <= 900, `Retry-After ${res.headers.get('retry-after')}`);

        res = await call(null, 'POST', '/api/v1/auth/login', {body: {username: 'demo-ana', password: srv.logins['demo-ana']}});
        expectError(res, 429, 'rate_limited', 'the right password of another user from this address, within the window');
        check(Number(res.headers.get('retry-after')) > 0, 'with Retry-After');

        section('graceful shutdown with requests in flight');
        await shutdown(srv2, fresh, benId);
    } finally {
        await stopServer(srv2);
    }
    checkSanitizer(srv2, 'second server');

    /* ---- coverage of the document ---- */
    section('coverage');
    for (const r of fromServer) check(exercised.has(r), `${r}: a JSON answer was validated against the document`);
}

function checkSanitizer(s, what) {
    check(!/AddressSanitizer|LeakSanitizer|runtime error:/.test(s.err),
          `${what}: no sanitizer report${/Sanitizer|runtime error/.test(s.err) ? '\n' + s.err.slice(0, 3000) : ''}`);
}

/* ===== bad input ===== */

async function badInput(anaId, benId) {
    const ben = actors.ben;
    const url = `/api/v1/patients/${benId}/entries`;
    const before = await diaryCount(benId);
    let res;
    res = await call(ben, 'POST', url, {body: '{"kind": "dose", "sub": '});
    expectError(res, 400, 'bad_json', 'malformed JSON', '$');
    res = await call(ben, 'POST', url, {body: '{"kind": "dose", "kind": "dose"}'});
    expectError(res, 400, 'bad_json', 'a duplicate key');
    res = await call(ben, 'POST', url, {body: '[1, 2]'});
    expectError(res, 400, 'invalid', 'a JSON array body', '$');
    res = await call(ben, 'POST', url, {body: ''});
    expectError(res, 400, 'invalid', 'an empty body');
    res = await call(ben, 'POST', url, {body: {kind: 'symptom', text: 5}});
    expectError(res, 400, 'invalid', 'wrong type (text: 5)', '$.text');
    res = await call(ben, 'POST', url, {body: {kind: 'dose', sub: 'taken', dose: true}});
    expectError(res, 400, 'invalid', 'wrong type (dose: true)', '$.dose');
    res = await call(ben, 'POST', url, {body: {kind: 'symptom', text: 'tired', severity: 'high'}});
    expectError(res, 400, 'invalid', 'wrong type (severity: "high")', '$.severity');
    res = await call(ben, 'POST', url, {body: {kind: 'symptom', text: 'tired', severity: 9}});
    expectError(res, 400, 'invalid', 'out of range (severity: 9)', '$.severity');
    res = await call(ben, 'POST', url, {body: {kind: 'symptom'}});
    expectError(res, 400, 'invalid', 'missing field (text)', '$.text');
    res = await call(ben, 'POST', url, {body: {sub: 'taken'}});
    expectError(res, 400, 'invalid', 'missing field (kind)', '$.kind');
    res = await call(ben, 'POST', url, {body: {kind: 'dose', sub: 'taken', dose: '10mg', colour: 'red'}});
    expectError(res, 400, 'invalid', 'unknown field', '$.colour');
    res = await call(ben, 'POST', url, {body: {kind: 'dose', sub: 'taken'}});
    expectError(res, 400, 'invalid', 'a taken dose without the dose', '$.dose');
    res = await call(ben, 'POST', url, {body: {kind: 'potion'}});
    expectError(res, 400, 'invalid', 'an unknown kind', '$.kind');
    res = await call(ben, 'POST', url, {body: {kind: 'dose', sub: 'taken', dose: '10mg', at: 'yesterday'}});
    expectError(res, 400, 'invalid', 'a bad time', '$.at');
    res = await call(ben, 'POST', url, {body: {kind: 'score', items: {tremor: 99}}});
    expectError(res, 400, 'invalid', 'a score item out of range', '$.items.tremor');
    res = await call(ben, 'POST', url, {body: {kind: 'dose', sub: 'taken', dose: '10mg'}, type: 'text/plain'});
    expectError(res, 415, 'unsupported_media_type', 'Content-Type text/plain');
    const big = JSON.stringify({kind: 'symptom', text: 'a'.repeat(300 * 1024)});
    res = await rawPost(ben, url, big, false);
    check(res.status === 413 && res.json?.error?.code === 'too_large',
          `a body over 256 KiB (Content-Length), answered before it is sent: ${res.status} ${res.json?.error?.code}`);
    res = await rawPost(ben, url, big, true);
    check(res.status === 413 && res.json?.error?.code === 'too_large',
          `a chunked body over 256 KiB: ${res.status} ${res.json?.error?.code}`);
    res = await call(actors.ana, 'POST', url, {body: {kind: 'dose', sub: 'taken', dose: '10mg'}});
    expectError(res, 404, 'not_found', 'demo-ana writes to demo-ben\'s diary');
    res = await call(actors.drnew, 'POST', url, {body: {kind: 'dose', sub: 'taken', dose: '10mg'}});
    expectError(res, 404, 'not_found', 'an unlinked clinician writes to demo-ben\'s diary');
    res = await call(actors.admin, 'POST', url, {body: {kind: 'dose', sub: 'taken', dose: '10mg'}});
    expectError(res, 404, 'not_found', 'the (unlinked) admin writes to demo-ben\'s diary');
    res = await call(null, 'POST', url, {body: {kind: 'dose', sub: 'taken', dose: '10mg'}});
    expectError(res, 401, 'unauthorized', 'anonymous writes to a diary');
    res = await call(ben, 'POST', `/api/v1/patients/${benId}abc/entries`, {body: {kind: 'dose', sub: 'taken', dose: '10mg'}});
    expectError(res, 404, 'not_found', 'a malformed patient id');
    res = await call(ben, 'POST', '/api/v1/patients/999999/entries', {body: {kind: 'dose', sub: 'taken', dose: '10mg'}});
    expectError(res, 404, 'not_found', 'an unknown patient id');
    check(await diaryCount(benId) === before, `nothing was written to demo-ben's diary (${before} entries)`);

    // unknown routes and methods
    res = await call(ben, 'GET', '/api/v1/nope');
    expectError(res, 404, 'not_found', 'an unknown API route');
    res = await call(ben, 'GET', '/api/v2/patients');
    expectError(res, 404, 'not_found', 'another API version');
    res = await call(ben, 'GET', `/api/v1/patients/${benId}/diary/extra`);
    expectError(res, 404, 'not_found', 'a route with an extra segment');
    res = await call(ben, 'DELETE', '/api/v1/patients');
    expectError(res, 405, 'method_not_allowed', 'DELETE /api/v1/patients');
    check(/GET/.test(res.headers.get('allow') || '') && /POST/.test(res.headers.get('allow') || ''),
          `405 Allow: ${res.headers.get('allow')}`);
    res = await call(null, 'PUT', '/api/v1/health', {body: {}});
    expectError(res, 405, 'method_not_allowed', 'PUT /api/v1/health');
    check(res.headers.get('allow') === 'GET', `405 Allow: ${res.headers.get('allow')}`);
    res = await call(null, 'POST', '/index.html', {body: {}});
    expectError(res, 405, 'method_not_allowed', 'POST to a static page');

    // other routes: accounts, check, query parameters
    const accounts = (await call(actors.admin, 'GET', '/api/v1/accounts')).json.accounts.length;
    res = await call(actors.admin, 'POST', '/api/v1/accounts', {body: {username: 'x.y', password: 'long-enough-pw', role: 5}});
    expectError(res, 400, 'invalid', 'accounts: wrong type (role: 5)', '$.role');
    res = await call(actors.admin, 'POST', '/api/v1/accounts', {body: {username: 'x.y', password: 'long-enough-pw', role: 'wizard'}});
    expectError(res, 400, 'invalid', 'accounts: an unknown role', '$.role');
    res = await call(actors.admin, 'POST', '/api/v1/accounts', {body: {username: 'x.y', role: 'clinician'}});
    expectError(res, 400, 'invalid', 'accounts: missing password', '$.password');
    res = await call(actors.admin, 'POST', '/api/v1/accounts', {body: {username: 'x.y', password: 'short', role: 'clinician'}});
    expectStatus(res, 400, 'accounts: a short password');
    res = await call(actors.admin, 'POST', '/api/v1/accounts', {body: {username: 'x.y', password: 'long-enough-pw', role: 'patient'}});
    expectStatus(res, 400, 'accounts: a patient account without patient_id');
    res = await call(actors.admin, 'POST', '/api/v1/accounts', {body: {username: 'dr.demo', password: 'long-enough-pw', role: 'clinician'}});
    expectError(res, 409, 'conflict', 'accounts: a username taken', '$.username');
    res = await call(actors.admin, 'POST', '/api/v1/accounts', {body: '{"username": '});
    expectError(res, 400, 'bad_json', 'accounts: malformed JSON');
    check((await call(actors.admin, 'GET', '/api/v1/accounts')).json.accounts.length === accounts, 'no account was written');
    res = await call(null, 'POST', '/api/v1/check', {body: {text: 'dizzy', context: {egfr: 'low'}}});
    expectError(res, 400, 'invalid', 'check: wrong type in the context', '$.context.egfr');
    res = await call(null, 'POST', '/api/v1/check', {body: {text: 'dizzy', context: {mood: 1}}});
    expectError(res, 400, 'invalid', 'check: an unknown context field', '$.context.mood');
    res = await call(null, 'POST', '/api/v1/check', {body: {text: 'dizzy', drug: 'unobtainium-x'}});
    expectError(res, 400, 'invalid', 'check: an unknown drug', '$.drug');
    check(/unobtainium-x/.test(res.json?.error?.message || ''), 'check: the message names the drug');
    res = await call(null, 'POST', '/api/v1/check', {body: {context: {}}});
    expectError(res, 400, 'invalid', 'check: missing text', '$.text');
    res = await call(null, 'POST', '/api/v1/check', {body: {text: 'so sleepy', answers: {'can-wake': 'no', 'fit-now': 'yes'}}});
    expectStatus(res, 200, 'check: answers to the questions');
    res = await call(null, 'POST', '/api/v1/check', {body: {text: 'so sleepy', answers: {'can-walk': 'no'}}});
    expectError(res, 400, 'invalid', 'check: an unknown question', '$.answers.can-walk');
    check(/can-wake/.test(res.json?.error?.message || ''), 'check: the message lists the questions');
    res = await call(null, 'POST', '/api/v1/check', {body: {text: 'so sleepy', answers: {'can-wake': 'maybe'}}});
    expectError(res, 400, 'invalid', 'check: an answer that is not yes or no', '$.answers.can-wake');
    res = await call(null, 'POST', '/api/v1/check', {body: {text: 'so sleepy', answers: ['can-wake=no']}});
    expectError(res, 400, 'invalid', 'check: answers that are not an object', '$.answers');
    // check --batch refuses the same body with the same error
    {
        const body = {text: 'dizzy', context: {egfr: 'low'}};
        res = await call(null, 'POST', '/api/v1/check', {body});
        let out = '';
        try {
            execFileSync(BIN, ['check', '--batch'], {input: JSON.stringify(body) + '\n', encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore']});
        } catch (e) { out = e.stdout; }
        const line = out ? JSON.parse(out) : {};
        check(JSON.stringify(line.error) === JSON.stringify(res.json?.error),
              `check --batch refuses a body as the API does (${JSON.stringify(line.error)})`);
    }
    res = await call(null, 'POST', '/api/v1/plans', {body: {regimen: 'lots'}});
    expectStatus(res, 400, 'plans: a bad regimen');
    res = await call(null, 'POST', '/api/v1/plans/export?format=pdf', {body: {request: PLAN_REQUEST}});
    expectError(res, 400, 'invalid', 'export: an unknown format', 'format');
    res = await call(null, 'POST', '/api/v1/plans/export?format=csv', {body: {}});
    expectError(res, 400, 'invalid', 'export: neither plan nor request');
    res = await call(null, 'GET', '/api/v1/drugs/nodrug/sources');
    expectError(res, 404, 'not_found', 'an unknown drug');
    res = await call(null, 'GET', '/api/v1/drugs/baclofen/side-effects?tier=mild');
    expectError(res, 400, 'invalid', 'side effects: an unknown tier', 'tier');
    // the same JSON view as the CLI, every code of a concept included
    res = await call(null, 'GET', '/api/v1/drugs/baclofen/side-effects');
    const cliSe = JSON.parse(execFileSync(BIN, ['side-effects', 'baclofen', '--json'], {encoding: 'utf8'}));
    check(JSON.stringify(res.json) === JSON.stringify(cliSe), 'side effects: the API answers what side-effects --json prints');
    check(res.json?.side_effects?.some((c) => c.snomed_related?.length && c.snomed?.code && c.meddra_pt?.name),
          'side effects: a concept carries its SNOMED CT code, related codes and MedDRA PT');
    res = await call(actors.admin, 'GET', '/api/v1/audit?limit=0');
    expectError(res, 400, 'invalid', 'audit: limit 0', 'limit');
    res = await call(ben, 'GET', `/api/v1/patients/${benId}/diary?from=yesterday`);
    expectError(res, 400, 'invalid', 'diary: a bad from', 'from');
    res = await call(ben, 'GET', `/api/v1/patients/${benId}/report?format=pdf`);
    expectError(res, 400, 'invalid', 'report: an unknown format', 'format');
    res = await call(actors.drdemo, 'POST', `/api/v1/patients/${benId}/prescriptions`,
                     {body: {regimen: '20-20-20', tablet_mg: 10, pieces: 3}});
    expectError(res, 400, 'invalid', 'prescription: 3 pieces', '$.pieces');
    res = await call(actors.drdemo, 'POST', `/api/v1/patients/${benId}/prescriptions`, {body: {tablet_mg: 10}});
    expectError(res, 400, 'invalid', 'prescription: missing regimen', '$.regimen');
    res = await call(actors.drdemo, 'POST', `/api/v1/patients/${benId}/alerts/999999/ack`, {body: {}});
    expectError(res, 404, 'not_found', 'ack: an unknown alert');
    res = await call(actors.drdemo, 'POST', `/api/v1/patients/${benId}/alerts/1/ack`, {body: {note: 7}});
    expectError(res, 400, 'invalid', 'ack: wrong type (note: 7)', '$.note');
    res = await call(actors.drdemo, 'POST', '/api/v1/patients', {body: {pseudonym: 'demo-ana'}});
    expectError(res, 409, 'conflict', 'patients: a pseudonym taken', '$.pseudonym');
    check(/'demo-ana'/.test(res.json?.error?.message || ''), 'patients: the message names the pseudonym');
    res = await call(actors.drdemo, 'POST', '/api/v1/patients', {body: {pseudonym: 'x', login: {username: 'x'}}});
    expectError(res, 400, 'invalid', 'patients: a login without password', '$.login.password');
    check((await call(actors.drdemo, 'GET', '/api/v1/patients')).json.patients.length === 2,
          'no patient was written');
    res = await call(actors.ben, 'POST', '/api/v1/auth/password', {body: {old: 'not-my-password', new: 'another-password-1'}});
    expectError(res, 401, 'unauthorized', 'password: a wrong old password', '$.old');
    res = await call(actors.ben, 'POST', '/api/v1/auth/password', {body: {old: actors.ben.password, new: 'short'}});
    expectError(res, 400, 'invalid', 'password: a short new password', '$.new');
    check(await diaryCount(benId) === before, 'still nothing written to demo-ben\'s diary');
}

// A POST of body: chunked (all of it, no Content-Length), or with its
// Content-Length and only its first KiB (the answer must come first).
function rawPost(actor, url, body, isChunked) {
    return new Promise((resolve, reject) => {
        const u = new URL(BASE + url);
        const headers = {'Content-Type': 'application/json', Cookie: actor.cookie, 'X-CSRF-Token': actor.csrf};
        if (isChunked) headers['Transfer-Encoding'] = 'chunked';
        else headers['Content-Length'] = Buffer.byteLength(body);
        let answered = false;
        const req = http.request({host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent: false, headers},
                                 (res) => {
                                     answered = true;
                                     let t = '';
                                     res.on('data', (d) => { t += d; });
                                     res.on('end', () => {
                                         let json;
                                         try { json = JSON.parse(t); } catch { /* checked by the caller */ }
                                         resolve({status: res.statusCode, json, text: t});
                                         req.destroy();
                                     });
                                 });
        req.on('error', (e) => { if (!answered) reject(e); });
        if (isChunked) {
            for (let i = 0; i < body.length; i += 16384) req.write(body.slice(i, i + 16384));
            req.end();
        } else {
            req.write(body.slice(0, 1024));
        }
    });
}

/* ===== the flow ===== */

async function flow(benId) {
    const ben = actors.ben;
    const before = await diaryCount(benId);
    let res = await call(ben, 'POST', `/api/v1/patients/${benId}/entries`, {body: {kind: 'dose', sub: 'taken', dose: '10mg'}});
    expectStatus(res, 201, 'demo-ben logs a dose with one tap');
    check(res.json?.entry?.kind === 'dose' && res.json.entry.amount_ug === 10000, 'the dose is stored as 10 mg');
    const doseId = res.json?.entry?.id;
    const keyed = {kind: 'dose', sub: 'skipped', key: 'flow-skip-1'};
    res = await call(ben, 'POST', `/api/v1/patients/${benId}/entries`, {body: keyed});
    expectStatus(res, 201, 'a dose skipped, with an idempotency key');
    const keyedId = res.json?.entry?.id;
    res = await call(ben, 'POST', `/api/v1/patients/${benId}/entries`, {body: keyed});
    check(res.status === 201 && res.json?.entry?.id === keyedId, 'the same key and content again is stored once');
    res = await call(ben, 'POST', `/api/v1/patients/${benId}/entries`, {body: {...keyed, sub: 'taken', dose: '5mg'}});
    expectError(res, 409, 'conflict', 'the same key with other content', '$.key');
    res = await call(ben, 'GET', `/api/v1/patients/${benId}`);
    check(res.json?.today?.logged?.some((d) => d.id === doseId), 'the dose is in today\'s doses');
    res = await call(ben, 'POST', `/api/v1/patients/${benId}/entries`, {body: {kind: 'symptom', text: WORRYING}});
    expectStatus(res, 201, 'demo-ben logs a worrying symptom');
    check(['call-now', 'emergency'].includes(res.json?.entry?.level), `the symptom is rated ${res.json?.entry?.level}`);
    const raised = res.json?.alerts || [];
    check(raised.length > 0, `the monitor raised ${raised.length} alert(s)`);
    const alert = raised.find((a) => a.rule === 'symptom-report') || raised[0];
    check(await diaryCount(benId) === before + 3, 'three entries were written');
    res = await call(ben, 'GET', `/api/v1/patients/${benId}/alerts`);
    check(res.json?.alerts?.some((a) => a.id === alert?.id), 'the alert is in demo-ben\'s alerts');
    res = await call(actors.drdemo, 'GET', '/api/v1/patients');
    check(res.json?.patients?.[0]?.id === benId, 'dr.demo sees demo-ben first');
    check(['call-now', 'emergency'].includes(res.json?.patients?.[0]?.highest_open),
          `demo-ben's highest open alert: ${res.json?.patients?.[0]?.highest_open}`);
    res = await call(actors.drdemo, 'GET', `/api/v1/patients/${benId}`);
    check(res.json?.open_alerts?.[0]?.level === alert?.level, 'the patient page lists the most urgent alert first');
    res = await call(actors.drdemo, 'POST', `/api/v1/patients/${benId}/alerts/${alert?.id}/ack`, {body: {note: 'called him'}});
    expectStatus(res, 200, 'dr.demo acknowledges the alert');
    check(res.json?.acked_by === 'dr.demo' && res.json?.ack_note === 'called him' && res.json?.acked_at > 0,
          'the alert is acknowledged by dr.demo with the note');
    res = await call(actors.drdemo, 'POST', `/api/v1/patients/${benId}/alerts/${alert?.id}/ack`, {body: {}});
    expectStatus(res, 400, 'a second acknowledgement is refused');
    res = await call(ben, 'GET', `/api/v1/patients/${benId}/alerts`);
    check(!res.json?.alerts?.some((a) => a.id === alert?.id), 'the acknowledged alert is no longer open');
    res = await call(ben, 'GET', `/api/v1/patients/${benId}/alerts?all=1`);
    check(res.json?.alerts?.some((a) => a.id === alert?.id && a.acked_at), 'alerts?all=1 lists it acknowledged');
    res = await call(actors.admin, 'GET', `/api/v1/audit?patient_id=${benId}&limit=1000`);
    expectStatus(res, 200, 'the admin reads the audit log');
    const lines = res.json?.audit || [];
    check(lines.every((l) => l.patient_id === benId), 'audit?patient_id filters');
    const has = (user, action, method, re) => lines.some((l) => l.username === user && l.action === action &&
                                                          l.method === method && re.test(l.target));
    check(has('demo-ben', 'write', 'POST', /\/entries$/), 'audit: demo-ben wrote entries');
    check(has('demo-ben', 'read', 'GET', new RegExp(`/patients/${benId}$`)), 'audit: demo-ben read his record');
    check(has('dr.demo', 'read', 'GET', /\/patients$/) || lines.some((l) => l.username === 'dr.demo' && l.action === 'read'),
          'audit: dr.demo read');
    check(has('dr.demo', 'write', 'POST', /\/ack$/), 'audit: dr.demo acknowledged');
    check(lines.some((l) => l.username === 'demo-ana' && l.status === 404), 'audit: demo-ana\'s refused attempt is logged');
}

/* ===== the access matrix ===== */

let uniq = 0;
const u = (p) => `${p}-${++uniq}`;

async function matrix(anaId, benId) {
    // Each clinician's own patient (a fresh one, created through the API), and
    // a patient of the other clinician.
    let res = await call(actors.drdemo, 'POST', '/api/v1/patients', {body: {pseudonym: 'mx-demo', birth_year: 1970}});
    expectStatus(res, 201, 'dr.demo creates a patient');
    check(res.json?.pseudonym === 'mx-demo', `the new patient's pseudonym: ${JSON.stringify(res.json?.pseudonym)}`);
    const mxDemo = res.json.id;
    res = await call(actors.drnew, 'POST', '/api/v1/patients',
                     {body: {pseudonym: 'mx-new', login: {username: 'mx-new-login', password: 'patient-pw-33'}}});
    expectStatus(res, 201, 'dr.new creates a patient with a login');
    check(res.json?.account_id > 0, 'the patient got an account');
    const mxNew = res.json.id;
    for (const [who, pid] of [['drdemo', mxDemo], ['drnew', mxNew]]) {
        res = await call(actors[who], 'POST', `/api/v1/patients/${pid}/prescriptions`,
                         {body: {regimen: '20-20-20', tablet_mg: 10, pieces: 2, start: daysAgo(40)}});
        expectStatus(res, 201, `${who}: a prescription for the new patient`);
        res = await call(actors[who], 'POST', `/api/v1/patients/${pid}/plans`,
                         {body: {request: {...PLAN_REQUEST, start: daysAgo(30)}}});
        expectStatus(res, 201, `${who}: a plan for the new patient`);
    }
    // Alerts to acknowledge: several per patient.
    const alertsOf = {};
    for (const [who, pid] of [['drdemo', mxDemo], ['drnew', mxNew], ['drdemo', benId]]) {
        alertsOf[pid] = alertsOf[pid] || [];
        for (let i = 0; i < 4; i++) {
            res = await call(actors[who], 'POST', `/api/v1/patients/${pid}/entries`,
                             {body: {kind: 'symptom', text: WORRYING, key: u('worry')}});
            for (const a of res.json?.alerts || []) if (!alertsOf[pid].includes(a.id)) alertsOf[pid].push(a.id);
        }
        const all = await call(actors[who], 'GET', `/api/v1/patients/${pid}/alerts`);
        for (const a of all.json?.alerts || []) if (!alertsOf[pid].includes(a.id)) alertsOf[pid].push(a.id);
    }
    const takeAlert = (pid) => alertsOf[pid]?.shift() ?? 999999;
    // Tokens to revoke: one per staff account.
    const tokensOf = {};
    for (const who of ['drdemo', 'drnew', 'admin']) {
        tokensOf[who] = [];
        for (let i = 0; i < 3; i++) {
            res = await call(actors[who], 'POST', '/api/v1/tokens', {body: {name: u('revoke-me')}});
            tokensOf[who].push(res.json?.id);
        }
    }
    tokensOf.token = tokensOf.drdemo;
    res = await call(actors.admin, 'POST', '/api/v1/accounts', {body: {username: 'dr.link', password: 'clinician-pw-9', role: 'clinician'}});
    const linkId = res.json?.id;

    // own and foreign patient for each actor
    const own = {anon: benId, ana: anaId, ben: benId, drdemo: mxDemo, token: mxDemo, drnew: mxNew, admin: benId};
    const foreign = {anon: anaId, ana: benId, ben: anaId, drdemo: mxNew, token: mxNew, drnew: benId, admin: anaId};
    const roleOf = {anon: null, ana: 'patient', ben: 'patient', drdemo: 'clinician', token: 'clinician',
                    drnew: 'clinician', admin: 'admin'};
    const sessions = {};

    // The request of route for actor against patient pid (own or foreign).
    const build = (route, who, pid, mine) => {
        const key = `${route[0]} ${norm(route[1])}`;
        const p = (s) => s.replace('{id}', pid);
        switch (key) {
        case 'GET /api/v1/drugs/{}/side-effects': return {url: '/api/v1/drugs/baclofen/side-effects?tier=serious'};
        case 'GET /api/v1/drugs/{}/sources': return {url: '/api/v1/drugs/baclofen/sources'};
        case 'POST /api/v1/check': return {body: {text: 'my legs are jumping', context: {route: 'oral', dose_mg_day: 60}}};
        case 'POST /api/v1/plans': return {body: PLAN_REQUEST};
        case 'POST /api/v1/plans/adjust': return {needPlan: true};
        case 'POST /api/v1/plans/export': return {url: '/api/v1/plans/export?format=ics', body: {request: PLAN_REQUEST}};
        case 'POST /api/v1/pump': return {body: {reservoir_ml: 20, concentration_mcg_ml: 500, dose_mcg_day: 200,
                                                 filled: daysAgo(10), alarm_ml: 2}};
        case 'POST /api/v1/auth/setup': return {body: {}, want: 400};
        case 'POST /api/v1/auth/login': return {login: true};
        case 'POST /api/v1/auth/logout': return {logout: true};
        case 'POST /api/v1/auth/password': return {body: {old: actors[who]?.password || 'x-password-1',
                                                          new: actors[who]?.password || 'x-password-1'}};
        case 'POST /api/v1/tokens': return {body: {name: u('tok')}};
        case 'DELETE /api/v1/tokens/{}': {
            const mineT = tokensOf[who]?.[0];
            const other = who === 'drnew' ? tokensOf.admin?.[1] : tokensOf.drnew?.[1];
            if (mine) tokensOf[who]?.shift();
            return {url: `/api/v1/tokens/${mine ? mineT ?? 999999 : other}`, wantForeign: 404};
        }
        case 'POST /api/v1/accounts': return {body: {username: u('acct'), password: 'account-pw-12', role: 'clinician'}};
        case 'PATCH /api/v1/accounts/{}': return {url: `/api/v1/accounts/${linkId}`, body: {disabled: false}};
        case 'PUT /api/v1/accounts/{}/patients/{}':
        case 'DELETE /api/v1/accounts/{}/patients/{}': return {url: `/api/v1/accounts/${linkId}/patients/${pid}`};
        case 'POST /api/v1/patients': return {body: {pseudonym: u('mx')}};
        case 'POST /api/v1/patients/{}/prescriptions':
            return {url: p(route[1]), body: {regimen: '20-20-20', tablet_mg: 10, pieces: 2, key: u('rx')}};
        case 'POST /api/v1/patients/{}/plans': return {url: p(route[1]), body: {request: {...PLAN_REQUEST, start: daysAgo(30)}}};
        case 'POST /api/v1/patients/{}/plans/adjust': return {url: p(route[1]), body: {withdrawal_on: daysAgo(1)}};
        case 'POST /api/v1/patients/{}/entries': return {url: p(route[1]), body: {kind: 'egfr', egfr: 85, key: u('e')}};
        case 'POST /api/v1/patients/{}/alerts/{}/ack': {
            const aid = mine && roleOf[who] === 'clinician' ? takeAlert(pid) : (alertsOf[pid]?.[0] ?? alertsOf[benId]?.[0] ?? 1);
            return {url: `/api/v1/patients/${pid}/alerts/${aid}/ack`, body: {note: 'seen'}};
        }
        case 'GET /api/v1/patients/{}/report': return {url: p(route[1]) + '?format=json'};
        default: return {url: p(route[1])};
        }
    };
    let publicPlan = (await call(null, 'POST', '/api/v1/plans', {body: {...PLAN_REQUEST, start: daysAgo(30)}})).json;

    const mxNewBefore = await diaryCount(mxNew, actors.drnew);
    const matrixOrder = ['anon', 'ana', 'ben', 'drdemo', 'drnew', 'admin', 'token'];
    for (const route of ROUTES) {
        const key = `${route[0]} ${norm(route[1])}`;
        const access = ACCESS[key];
        const hasPatient = /\/patients\/\{id\}/.test(route[1]);
        for (const who of matrixOrder) {
            for (const mine of hasPatient ? [true, false] : [true]) {
                const pid = mine ? own[who] : foreign[who];
                const b = build(route, who, pid, mine);
                let actor = who === 'anon' ? null : actors[who];
                let body = b.body;
                if (b.needPlan) body = {plan: publicPlan, withdrawal_on: daysAgo(1)};
                if (b.login) {
                    // a real login for everyone (a wrong one would count against this address)
                    body = {username: 'demo-ana', password: actors.ana.password};
                }
                if (b.logout && who !== 'anon' && who !== 'token') {
                    // a throwaway session, so that the actor's stays
                    sessions[who] = sessions[who] || await login(actors[who].name, actors[who].password);
                    actor = sessions[who];
                }
                const url = b.url || route[1];
                const res = await call(actor, route[0], url, {body, route});
                const label = `${key} as ${who} (${hasPatient ? (mine ? 'own' : 'foreign') : 'no patient'})`;
                let want;
                const role = roleOf[who];
                if (access === PUBLIC) {
                    want = b.want || (route[0] === 'POST' && key !== 'POST /api/v1/auth/login' ? [200, 201] : 200);
                } else if (!role) {
                    want = 401;
                } else if (!access.includes(role)) {
                    want = 403;
                } else if (hasPatient) {
                    const linked = mine && role !== 'admin';
                    want = linked ? (route[0] === 'GET' ? 200 : route[1].endsWith('/ack') ? 200 : 201) : 404;
                } else if (key === 'DELETE /api/v1/tokens/{}') {
                    want = mine ? 204 : b.wantForeign;
                } else if (['POST /api/v1/auth/logout', 'POST /api/v1/auth/password',
                            'DELETE /api/v1/accounts/{}/patients/{}'].includes(key)) {
                    want = 204;
                } else if (['POST /api/v1/tokens', 'POST /api/v1/accounts', 'POST /api/v1/patients'].includes(key)) {
                    want = 201;
                } else {
                    want = 200;
                }
                expectStatus(res, want, label);
                if (res.status === 403 && !role) check(false, `${label}: 403 for anonymous`);
                if (want === 403) check(res.json?.error?.code === 'forbidden', `${label}: code forbidden`);
                if (want === 404 && hasPatient) {
                    check(res.json?.error?.code === 'not_found' && !new RegExp(`demo-|mx-`).test(res.text),
                          `${label}: not_found without revealing the record`);
                }
                if (b.logout && sessions[who]) sessions[who] = null;
            }
        }
    }
    // the foreign records are unchanged by the refusals: no alert of mx-new was acknowledged by dr.demo
    res = await call(actors.drnew, 'GET', `/api/v1/patients/${mxNew}/alerts?all=1`);
    check(!(res.json?.alerts || []).some((a) => a.acked_by === 'dr.demo' || a.acked_by === 'demo-ana'),
          'no foreign acknowledgement was stored');
    const mxNewAfter = await diaryCount(mxNew, actors.drnew);
    check(mxNewAfter === mxNewBefore + 1, `only dr.new's own entry was stored in mx-new's diary (${mxNewBefore} -> ${mxNewAfter})`);
}

/* ===== graceful shutdown ===== */

async function shutdown(s, session, benId) {
    // A request in flight: headers and half the body sent before SIGTERM,
    // the rest after.
    const body = JSON.stringify({request: {...PLAN_REQUEST}});
    const half = Math.floor(body.length / 2);
    const u2 = new URL(BASE + '/api/v1/plans/export?format=ics');
    const inflight = new Promise((resolve, reject) => {
        const req = http.request({host: u2.hostname, port: u2.port, path: u2.pathname + u2.search, method: 'POST', agent: false,
                                  headers: {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body)}},
                                 (res) => {
                                     let t = '';
                                     res.on('data', (d) => { t += d; });
                                     res.on('end', () => resolve({status: res.statusCode, text: t}));
                                 });
        req.on('error', reject);
        req.write(body.slice(0, half));
        setTimeout(() => {
            s.proc.kill('SIGTERM');
            setTimeout(() => req.end(body.slice(half)), 500);
        }, 500);
    });
    // and a few ordinary ones at the same time
    const others = [];
    for (let i = 0; i < 6; i++)
        others.push(fetch(`${BASE}/api/v1/patients/${benId}/report?format=text`, {headers: {Cookie: session.cookie}})
            .then(async (r) => ({status: r.status, text: await r.text()}))
            .catch((e) => ({status: 0, text: String(e)})));
    const r = await inflight.catch((e) => ({status: 0, text: String(e)}));
    check(r.status === 200 && /BEGIN:VCALENDAR/.test(r.text), `the request in flight at SIGTERM completed (${r.status})`);
    for (const o of await Promise.all(others))
        check(o.status === 200 || o.status === 503 || o.status === 0, `a concurrent request: ${o.status}`);
    const ex = await s.exited;
    check(ex.code === 0, `the server exits 0 after SIGTERM (${JSON.stringify(ex)})`);
    check(/SIGTERM, finishing the requests in flight/.test(s.err), 'the server says it finishes the requests in flight');
}

main().then(() => {
    if (failures.length) {
        console.log(`api-test: ${failures.length} of ${passed + failures.length} checks FAILED:`);
        for (const f of failures.slice(0, 50)) console.log(`  - ${f}`);
        process.exit(1);
    }
    console.log(`api-test: ${passed} checks passed`);
}).catch((e) => {
    console.error(`api-test: error: ${e.stack || e}`);
    for (const s of servers)
        if (s.err.trim()) console.error(`server stderr (exit ${JSON.stringify(s.exit)}):\n${s.err.slice(-4000)}`);
    if (failures.length) for (const f of failures.slice(0, 50)) console.log(`  - ${f}`);
    process.exit(1);
});

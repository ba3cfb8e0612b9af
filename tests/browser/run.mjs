// Browser tests of the web app (`make browser-test`).
//
// Starts a real server (`stepdown serve --demo` on a free loopback port with a
// fresh database), drives Debian's chromium headless through npm's
// playwright-core, and walks the product's main paths:
//
//   (a) anyone checks a symptom without an account and sees the level; on a
//       390 x 844 phone, a message that leaves the checker unsure shows its
//       yes/no red-flag questions, and "No" to "Can they be woken up..."
//       sends the check again with that answer and turns it into an
//       emergency (the answer can be changed back);
//   (b) anyone builds a taper, sees the chart, downloads its .ics;
//   (c) a demo patient on a 360 x 740 phone logs today's doses with a tap
//       each, as the day goes (the server is started again at 08:05, 14:05
//       and 22:05 with $STEPDOWN_NOW; the expired session sends the patient
//       to the login), then a worrying symptom, and sees the alert; the demo
//       clinician, in a new browser context, sees that patient ranked first,
//       opens the patient and acknowledges the alert;
//   (d) the first administrator uses the one-time setup link and sees the
//       accounts page.
//
// Any console error, uncaught exception or Content-Security-Policy violation
// in a page fails the run, except the few 4xx answers a step provokes on
// purpose (listed where they happen). A full-page screenshot of each page goes
// to $SD_SCREENSHOTS (default build/screenshots), named NN-name.png.
//
// Environment: STEPDOWN (the binary, default build/stepdown), CHROMIUM
// (default /usr/bin/chromium), SD_SCREENSHOTS, SD_BROWSER_ONLY (e.g. "a,b"),
// SD_BROWSER_URL (test a server already running instead of starting one;
// scenario c and d need the demo logins and setup link and are skipped then),
// SD_BROWSER_NOW (the server's first $STEPDOWN_NOW; default today at 07:30).

import {spawn} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// playwright-core is pinned with the other test packages in tests/js.
const {chromium} = createRequire(path.join(ROOT, 'tests/js/package.json'))('playwright-core');
const BIN = path.resolve(ROOT, process.env.STEPDOWN || 'build/stepdown');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.resolve(ROOT, process.env.SD_SCREENSHOTS || 'build/screenshots');
const ONLY = (process.env.SD_BROWSER_ONLY || 'a,b,c,d').split(',').map((s) => s.trim());
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
                     '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PHONE = {width: 360, height: 740};
const DESKTOP = {width: 1280, height: 900};
const WORRYING = 'I am seeing things that are not there and my muscles are rigid with a high fever';

let failures = 0;
let passes = 0;
let shotNo = 0;

function log(...a) {
    console.log(...a);
}

function ok(cond, what) {
    if (!cond) throw new Error(`assertion failed: ${what}`);
    passes++;
    log(`  ok ${what}`);
}

/* ===== The server ===== */

function freePort() {
    return new Promise((resolve, reject) => {
        const tryPort = (n, left) => {
            const port = 18000 + Math.floor(Math.random() * 2000);
            const srv = net.createServer();
            srv.once('error', () => (left > 0 ? tryPort(n, left - 1) : reject(new Error('no free port'))));
            srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(port)));
        };
        tryPort(0, 50);
    });
}

function localDay(d) {
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The server under test: one database and one port for the whole run,
 * started again with a later $STEPDOWN_NOW to move its clock through a day
 * (the session cookies of an earlier clock then expire, as they would).
 */
class Server {
    constructor(tmp, port) {
        this.db = path.join(tmp, 'stepdown.db');
        this.port = port;
        this.base = `http://127.0.0.1:${port}`;
        this.logins = {};
        this.setup = null;
        this.child = null;
        this.logPath = path.join(path.dirname(SHOTS), 'browser-server.log');
        fs.mkdirSync(path.dirname(this.logPath), {recursive: true});
        this.logFile = fs.createWriteStream(this.logPath);
    }

    /** Starts at local time hh:mm today (or $SD_BROWSER_NOW for the first start). */
    async start(hhmm) {
        const now = (!this.started && process.env.SD_BROWSER_NOW) || `${localDay(new Date())}T${hhmm}`;
        this.started = true;
        const args = ['serve', '--listen', `127.0.0.1:${this.port}`, '--db', this.db, '--demo'];
        log(`server: STEPDOWN_NOW=${now} ${path.relative(ROOT, BIN)} ${args.join(' ')}`);
        this.logFile.write(`==== STEPDOWN_NOW=${now}\n`);
        const child = spawn(BIN, args, {cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
                                        env: {...process.env, STEPDOWN_NOW: now}});
        this.child = child;
        const info = {out: '', logins: {}, setup: null};
        const onData = (buf) => {
            this.logFile.write(buf);
            info.out += buf.toString();
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        let exited = null;
        child.on('exit', (code, sig) => { exited = {code, sig}; });
        const deadline = Date.now() + 60000;
        for (;;) {
            if (exited) throw new Error(`the server exited (${exited.code ?? exited.sig}) before it was ready:\n${info.out}`);
            if (Date.now() > deadline) throw new Error(`the server was not ready in 60 s:\n${info.out}`);
            parseServerOutput(info);
            if (info.logins.patient && info.logins.clinician) {
                try {
                    const r = await fetch(`${this.base}/api/v1/health`);
                    if (r.ok) break;
                } catch (e) { /* not listening yet */ }
            }
            await sleep(100);
        }
        this.logins = info.logins;
        this.setup = info.setup;
    }

    async stop() {
        const child = this.child;
        this.child = null;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const t = setTimeout(() => {
            log('server: no exit 10 s after SIGTERM; SIGKILL');
            failures++;
            child.kill('SIGKILL');
        }, 10000);
        const code = await done;
        clearTimeout(t);
        if (code !== 0 && code !== null) {
            log(`server: exit status ${code} after SIGTERM`);
            failures++;
        }
    }

    async restart(hhmm) {
        await this.stop();
        await this.start(hhmm);
    }

    close() {
        this.logFile.end();
    }
}

/**
 * The server prints its one-time setup link and the demo logins, e.g.
 *   setup: http://127.0.0.1:8080/#/setup?token=...
 *   demo clinician: username dr.demo password ...
 *   demo patient: username ... password ...
 */
function parseServerOutput(info) {
    const setup = /(https?:\/\/\S*#\/setup\?token=[A-Za-z0-9_%.~-]+)/.exec(info.out);
    if (setup) info.setup = setup[1];
    const re = /demo (clinician|patient|admin)\b[^\n]*?username[:=]?\s+(\S+)[^\n]*?password[:=]?\s+(\S+)/gi;
    for (const m of info.out.matchAll(re)) {
        const role = m[1].toLowerCase();
        const entry = {username: m[2].replace(/[,;]$/, ''), password: m[3].replace(/[,;]$/, '')};
        if (!info.logins[role]) info.logins[role] = entry;
        (info.logins[`${role}s`] ||= []).some((x) => x.username === entry.username) || info.logins[`${role}s`].push(entry);
    }
}

/* ===== Pages ===== */

/**
 * A page whose console errors, uncaught exceptions and CSP violations are
 * collected; `allow(re)` lets one expected console error through.
 */
/** Records every CSP violation of the context's pages in window.__cspViolations. */
function cspRecorder() {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
        window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} `
                                    + `(${e.sourceFile || ''}:${e.lineNumber || ''})`);
    });
}

/** A browser context whose pages record their CSP violations. */
async function newContext(browser, opts) {
    const context = await browser.newContext(opts);
    await context.addInitScript(cspRecorder);
    return context;
}

async function watchedPage(context, name) {
    return watch(await context.newPage(), name);
}

/**
 * Collects a page's console errors, uncaught exceptions and CSP violations;
 * page.sd.check() fails on any; page.sd.allow(re) lets one expected console
 * error through.
 */
function watch(page, name) {
    const problems = [];
    const allowed = [];
    page.on('console', (msg) => {
        if (msg.type() !== 'error' && !/Content.Security.Policy/i.test(msg.text())) return;
        // The browser asks a document without an icon for /favicon.ico on
        // its own (the app's pages declare theirs).
        if (/\/favicon\.ico$/.test(msg.location()?.url || '')) return;
        const text = `${msg.text()}${msg.location()?.url ? ` (${msg.location().url})` : ''}`;
        const i = allowed.findIndex((re) => re.test(text));
        if (i >= 0) {
            allowed.splice(i, 1);
            return;
        }
        problems.push(`console ${msg.type()}: ${text}`);
    });
    page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
    page.sd = {
        name,
        allow: (re) => allowed.push(re),
        async check(where) {
            const csp = await page.evaluate(() => window.__cspViolations || []).catch(() => []);
            const all = [...problems.splice(0), ...csp.map((c) => `CSP violation: ${c}`)];
            if (csp.length) await page.evaluate(() => { window.__cspViolations = []; }).catch(() => {});
            if (all.length) throw new Error(`${name} ${where}: ${all.join('\n')}`);
            passes++;
            log(`  ok no console error or CSP violation (${where})`);
        },
    };
    return page;
}

/** Every form control of the app's page has a label; every button a name. */
async function labelled(page, where) {
    const bad = await page.evaluate(() => {
        if (!document.getElementById('main')) return [];
        const out = [];
        for (const el of document.querySelectorAll('input, select, textarea')) {
            if (el.type === 'hidden') continue;
            if (!(el.labels && el.labels.length) && !el.getAttribute('aria-label')) out.push(`${el.tagName} ${el.id || el.name}`);
        }
        for (const b of document.querySelectorAll('button, a[href]')) {
            if (!(b.textContent.trim() || b.getAttribute('aria-label'))) out.push(`${b.tagName} without a name`);
        }
        return out;
    });
    if (bad.length) throw new Error(`${where}: unlabelled: ${bad.join(', ')}`);
}

async function shot(page, name) {
    shotNo++;
    const file = path.join(SHOTS, `${String(shotNo).padStart(2, '0')}-${name}.png`);
    await page.waitForLoadState('networkidle').catch(() => {});
    await page.evaluate(() => document.fonts?.ready).catch(() => {});
    await page.screenshot({path: file, fullPage: true});
    log(`  screenshot ${path.relative(ROOT, file)}`);
    await labelled(page, `page ${name}`);
    await page.sd.check(`page ${name}`);
}

async function noHorizontalScroll(page, what) {
    const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    ok(over <= 0, `${what}: no horizontal scrolling at ${page.viewportSize().width} px (overflow ${over} px)`);
}

async function login(page, base, who) {
    await page.goto(`${base}/#/login`);
    await page.getByLabel('Username').fill(who.username);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', {name: 'Log in'}).click();
}

async function sessionOf(context, base) {
    const r = await context.request.get(`${base}/api/v1/auth/session`);
    ok(r.ok(), `GET /api/v1/auth/session answers ${r.status()}`);
    return r.json();
}

/* ===== Scenarios ===== */

async function scenarioCheck(browser, base) {
    log('(a) a symptom check without an account');
    const context = await newContext(browser, {viewport: PHONE, hasTouch: true, isMobile: true});
    const page = await watchedPage(context, 'check');
    await page.goto(`${base}/`);
    await page.getByLabel('What do you feel, in your own words?').waitFor();
    ok(await page.getByText('stepdown supports your prescriber; it does not replace them.').first().isVisible(),
       'the notice "supports your prescriber" is visible');
    await shot(page, 'check');
    // The keyboard: the skip link comes first and moves to the content; the
    // focused element shows an outline.
    await page.keyboard.press('Tab');
    ok(await page.evaluate(() => document.activeElement?.classList.contains('skip-link')), 'Tab reaches the skip link first');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
        const el = document.activeElement;
        return {tag: el?.tagName, id: el?.id, outline: getComputedStyle(el).outlineStyle};
    });
    ok(focus.tag === 'TEXTAREA' && focus.outline !== 'none',
       `after the skip link, Tab reaches the symptom field with a visible focus (${focus.tag} ${focus.outline})`);
    await page.getByLabel('What do you feel, in your own words?')
        .fill('I keep seeing things since I cut my dose and I feel very drowsy');
    await page.getByText('Add context (optional)').click();
    await page.getByLabel('Dose reduced on').fill(new Date(Date.now() - 86400000).toISOString().slice(0, 10));
    await page.getByRole('button', {name: 'Check', exact: true}).click();
    const title = page.locator('.check-result .level-title');
    await title.waitFor();
    const text = await title.innerText();
    ok(/Level [0-5] of 5: (info|self-care|contact-soon|call-today|call-now|emergency)/.test(text), `the level is shown: "${text}"`);
    ok(/call-now|emergency/.test(text), 'hallucinations after a dose cut are at least call-now');
    ok(await page.locator('.check-result .todo').isVisible(), 'what to do now is shown');
    ok(await page.locator('.check-result .rule').count() > 0, 'every advice shows its rule');
    ok(await page.locator('.check-result ul.sources li').count() > 0, 'and its sources');
    ok(await page.locator('.check-result .findings li').count() >= 2, 'the recognised symptoms are listed');
    await noHorizontalScroll(page, 'check result');
    await shot(page, 'check-result');
    await context.close();
}

async function scenarioCheckQuestions(browser, base) {
    log('(a) the checker\'s yes/no questions on a 390 x 844 phone');
    const context = await newContext(browser, {viewport: {width: 390, height: 844}, hasTouch: true, isMobile: true});
    const page = await watchedPage(context, 'check-questions');
    const bodies = [];
    page.on('request', (r) => {
        if (r.method() === 'POST' && r.url().endsWith('/api/v1/check')) bodies.push(r.postDataJSON());
    });
    await page.goto(`${base}/`);
    const message = 'he is not right, keeps mumbling';
    await page.getByLabel('What do you feel, in your own words?').fill(message);
    await page.getByRole('button', {name: 'Check', exact: true}).click();
    const title = page.locator('.check-result .level-title');
    await title.waitFor();
    const first = await title.innerText();
    ok(!/emergency/.test(first), `without answers the level is not yet an emergency: "${first}"`);
    const groups = page.locator('.check-result .questions [role=group]');
    ok(await groups.count() >= 2, `the questions are listed (${await groups.count()})`);
    const wake = page.getByRole('group', {name: /^Can they be woken up/});
    ok(await wake.isVisible(), 'the question "Can they be woken up..." is shown, named by its text');
    const yes = wake.getByRole('button', {name: 'Yes', exact: true});
    const no = wake.getByRole('button', {name: 'No', exact: true});
    ok(await yes.isVisible() && await no.isVisible(), 'it has a "Yes" and a "No" button');
    for (const [name, b] of [['Yes', yes], ['No', no]]) {
        const box = await b.boundingBox();
        ok(box && box.height >= 44 && box.width >= 88, `"${name}" is big enough to tap (${box?.width} x ${box?.height} px)`);
    }
    ok(await page.evaluate(() => [...document.querySelectorAll('.questions button')].every((b) => b.tagName === 'BUTTON'
        && b.type === 'button' && b.tabIndex === 0 && b.textContent.trim())), 'every answer is a real, named button');
    // The keyboard: from the level (focused after the check), Tab reaches the first question's "Yes".
    ok(await page.evaluate(() => document.activeElement?.classList.contains('level-title')), 'the level has the focus');
    await page.keyboard.press('Tab');
    const tabbed = await page.evaluate(() => ({cls: document.activeElement?.className, text: document.activeElement?.textContent}));
    ok(tabbed.cls === 'answer' && tabbed.text === 'Yes', `Tab reaches the first question's "Yes" (${tabbed.cls} ${tabbed.text})`);
    ok(!/\b[a-z]+-[a-z]+(-[a-z]+)*\b/.test((await page.locator('.check-result .questions').innerText())
        .replace(/\bre-\w+/g, '')), 'the questions show no rule or question ids');
    ok(!/\b(null|undefined)\b/.test(await page.locator('.check-result').innerText()), 'no "null" or "undefined" on the page');
    await shot(page, 'check-questions-asked');

    await no.tap();
    await page.locator('.check-result .level-title', {hasText: 'emergency'}).waitFor();
    const after = await title.innerText();
    ok(/Level 5 of 5: emergency/.test(after), `"No" to "Can they be woken up" makes it an emergency: "${after}"`);
    const sent = bodies[bodies.length - 1];
    ok(bodies.length === 2 && sent.text === message && sent.answers?.['can-wake'] === 'no',
       `the same check was sent again with the answer (${JSON.stringify(sent.answers)})`);
    ok(/Call emergency services now/.test(await page.locator('.check-result .todo').innerText()),
       'what to do now: call emergency services');
    ok(await page.evaluate(() => document.activeElement?.classList.contains('level-title')),
       'the new level takes the focus');
    const wake2 = page.getByRole('group', {name: /^Can they be woken up/});
    ok(await wake2.getByRole('button', {name: 'No', exact: true}).getAttribute('aria-pressed') === 'true',
       'the answered question stays, its "No" pressed');
    ok(/You answered: No/.test(await wake2.innerText()), 'and says what was answered');
    ok(/changed the advice/.test(await page.locator('.check-result .q-note').innerText()),
       'next to the questions, a line says the answer changed the advice');
    ok(!/\b(null|undefined)\b/.test(await page.locator('.check-result').innerText()), 'still no "null" or "undefined"');
    ok(await page.getByText('stepdown supports your prescriber; it does not replace them.').first().isVisible(),
       'the notice "supports your prescriber" is still visible');
    await noHorizontalScroll(page, 'check questions');
    await shot(page, 'check-questions');

    // The answer can be changed: "Yes" sends it again and the level goes back.
    await wake2.getByRole('button', {name: 'Yes', exact: true}).tap();
    await page.locator('.check-result .level-title', {hasText: first.replace(/^.*Level/s, 'Level')}).waitFor();
    ok(bodies[bodies.length - 1].answers?.['can-wake'] === 'yes', 'changing the answer sends "yes"');
    ok(/You answered: Yes/.test(await page.getByRole('group', {name: /^Can they be woken up/}).innerText()),
       `the level is back to "${(await title.innerText()).trim()}" and the answer shows "Yes"`);

    // A finding in the past or in a what-if is not counted, and the page says so.
    await page.getByLabel('What do you feel, in your own words?')
        .fill('I had a seizure years ago, now a bit drowsy. What if I stop suddenly, would I hallucinate?');
    await page.getByRole('button', {name: 'Check', exact: true}).click();
    const notNow = page.locator('.check-result .not-now');
    await notNow.waitFor();
    const nn = await notNow.innerText();
    ok(/^Not counted as happening now:/.test(nn) && /seizure/i.test(nn) && /hallucinat/i.test(nn),
       `past and what-if findings are listed apart: "${nn}"`);
    ok(!/seizure/i.test(await page.locator('.check-result .findings').innerText()),
       'and not among what was recognised as happening now');
    ok(!bodies[bodies.length - 1].answers, 'a new message starts without the earlier answers');
    await page.sd.check('after the questions');
    await context.close();
}

async function scenarioPlan(browser, base) {
    log('(b) a taper plan with its chart and .ics');
    const context = await newContext(browser, {viewport: PHONE, hasTouch: true, isMobile: true, acceptDownloads: true});
    const page = await watchedPage(context, 'plan');
    await page.goto(`${base}/#/plan`);
    await page.getByLabel('Current doses, mg').fill('20-20-20');
    // A tablet the formulation does not have: the API's error shows next to the field.
    await page.getByLabel('Tablets you have, mg').fill('7');
    page.sd.allow(/status of 400/);
    await page.getByRole('button', {name: 'Make the plan'}).click();
    const err = page.locator('#plan-tablets').locator('xpath=..').locator('.field-error');
    await err.waitFor();
    ok((await err.innerText()).length > 0, `a refused tablet shows the error next to the field: "${await err.innerText()}"`);
    ok(await page.locator('#plan-tablets').getAttribute('aria-invalid') === 'true', 'the field is marked aria-invalid');
    await shot(page, 'plan-error');
    await page.getByLabel('Tablets you have, mg').fill('10/2');
    await page.getByLabel('Start date').fill('2026-11-24');
    await page.getByRole('button', {name: 'Make the plan'}).click();
    const canvas = page.locator('.plan canvas');
    await canvas.waitFor();
    const drawn = await canvas.evaluate((c) => !!window.Chart?.getChart(c) && c.width > 0 && c.height > 0);
    ok(drawn, 'the daily dose chart is drawn (Chart.js)');
    const lines = await page.locator('ol.lines li').count();
    ok(lines >= 10, `the patient instructions list every step (${lines} lines)`);
    ok(/stop/.test(await page.locator('ol.lines li').last().innerText()), 'the last instruction is the stop');
    await noHorizontalScroll(page, 'plan');
    await shot(page, 'plan');

    const [dl] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', {name: 'Calendar (.ics)'}).click(),
    ]);
    const file = await dl.path();
    const ics = fs.readFileSync(file, 'utf8');
    ok(ics.startsWith('BEGIN:VCALENDAR'), `the download ${dl.suggestedFilename()} starts with BEGIN:VCALENDAR`);
    const events = (ics.match(/^BEGIN:VEVENT/gm) || []).length;
    ok(events > 0, `the calendar has VEVENTs (${events})`);
    ok(/\.ics$/.test(dl.suggestedFilename()), 'the file name ends in .ics');
    await page.sd.check('after the .ics download');

    // The printable handout: the instructions alone, without the app around them.
    await page.emulateMedia({media: 'print'});
    ok(!(await page.locator('form').first().isVisible()) && await page.locator('.handout').isVisible(),
       'printed, the page is the handout alone');
    await shot(page, 'plan-print');
    await page.emulateMedia({media: 'screen'});

    const [fhir] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', {name: 'FHIR (.json)'}).click(),
    ]);
    const res = JSON.parse(fs.readFileSync(await fhir.path(), 'utf8'));
    ok(typeof res.resourceType === 'string', `the FHIR download is a FHIR resource (${res.resourceType})`);
    await context.close();

    // The same plan on a desktop screen.
    const wide = await newContext(browser, {viewport: DESKTOP});
    const p2 = await watchedPage(wide, 'plan-desktop');
    await p2.goto(`${base}/#/plan`);
    await p2.getByLabel('Start date').fill('2026-11-24');
    await p2.getByRole('button', {name: 'Make the plan'}).click();
    await p2.locator('.plan canvas').waitFor();
    await shot(p2, 'plan-desktop');
    await wide.close();
}

/** Taps the next dose still to take; returns its label. */
async function tapNextDose(page) {
    const open = page.locator('button.dose:not(.done)');
    const before = await open.count();
    const btn = open.first();
    const label = await btn.locator('.dose-main').innerText();
    await btn.tap();
    await page.waitForFunction((n) => document.querySelectorAll('button.dose:not(.done)').length === n, before - 1);
    const status = page.locator('#doses-title ~ [role=status]');
    await status.filter({hasText: 'Saved'}).waitFor();
    log(`  tapped ${label}`);
    return label;
}

async function scenarioDiaryAndPanel(browser, server) {
    log('(c) a day of the patient\'s diary; the clinician acknowledges the alert');
    const base = server.base;
    const patientWho = server.logins.patient;
    // Morning: the server's clock at 08:05, the first dose is due.
    await server.restart('08:05');
    const pctx = await newContext(browser, {viewport: PHONE, hasTouch: true, isMobile: true});
    const page = await watchedPage(pctx, 'diary');
    await login(page, base, patientWho);
    await page.waitForURL(/#\/diary/);
    await page.locator('#doses-title').waitFor();
    const session = await sessionOf(pctx, base);
    const pid = session.account.patient_id;
    ok(Number.isInteger(pid) && pid > 0, `the patient account has a patient record (${pid})`);
    const total = await page.locator('button.dose').count();
    const todo = await page.locator('button.dose:not(.done)').count();
    ok(total >= 2, `today has planned doses (${total})`);
    ok(todo === total, 'at 08:05 no dose of today is logged yet');
    await noHorizontalScroll(page, 'diary');
    // The menu at 360 px: a button that opens the navigation.
    const menu = page.getByRole('button', {name: 'Menu'});
    await menu.tap();
    ok(await menu.getAttribute('aria-expanded') === 'true' && await page.getByRole('link', {name: 'My diary'}).isVisible()
       && await page.getByRole('button', {name: 'Log out'}).isVisible(), 'the menu opens with My diary and Log out');
    ok(!(await page.getByRole('link', {name: 'Patients'}).isVisible()), 'a patient has no Patients page in the menu');
    await menu.tap();
    await shot(page, 'diary-morning');
    const first = await tapNextDose(page);
    ok(/^8:00/.test(first), `the first tap logs the 8:00 dose (${first})`);
    await page.sd.check('after the morning dose');

    // Afternoon and evening: the server starts again later in the day; the
    // morning's session has expired (2 h idle), so the patient logs in again.
    const later = [['14:05', 1], ['22:05', 2]];
    for (const [hhmm, n] of later) {
        if (n >= total) break;
        await server.restart(hhmm);
        page.sd.allow(/status of 401/);
        await page.reload();
        await page.waitForURL(/#\/login/);
        ok(await page.getByRole('status').filter({hasText: /log in/i}).count() > 0,
           `at ${hhmm} the expired session sends the patient to the login with a message`);
        if (n === 1) await shot(page, 'session-ended');
        await page.getByLabel('Username').fill(patientWho.username);
        await page.getByLabel('Password').fill(patientWho.password);
        await page.getByRole('button', {name: 'Log in'}).click();
        await page.waitForURL(/#\/diary/);
        await page.locator('button.dose').first().waitFor();
        ok(await page.locator('button.dose.done').count() === n, `at ${hhmm} the diary shows ${n} dose(s) taken`);
        await tapNextDose(page);
    }
    while (await page.locator('button.dose:not(.done)').count() > 0) await tapNextDose(page);
    ok(await page.locator('button.dose.done').count() === total, 'every dose of today shows taken');
    const diary = await (await pctx.request.get(`${base}/api/v1/patients/${pid}/diary`)).json();
    const todayIso = localDay(new Date());
    const taken = diary.entries.filter((e) => e.kind === 'dose' && e.sub === 'taken' && e.at.startsWith(todayIso)).length;
    ok(taken === total, `the diary holds today's ${total} taken doses (${taken})`);
    const alerts0 = await (await pctx.request.get(`${base}/api/v1/patients/${pid}/alerts`)).json();
    ok(alerts0.alerts.length === 0, `doses taken as planned raise no alert (${alerts0.alerts.map((x) => x.rule).join(', ')})`);
    await shot(page, 'diary-doses-taken');

    // A withdrawal score: two items rated, the rest left out.
    await page.getByText('Withdrawal score', {exact: true}).click();
    await page.getByLabel('Tremor').selectOption('2');
    await page.getByLabel('Anxiety').selectOption('1');
    await page.getByRole('button', {name: 'Save the score'}).click();
    const saved = page.locator('.score-form ~ .result').filter({hasText: 'Saved: withdrawal score 3'});
    await saved.waitFor();
    ok(true, `the withdrawal score is saved: "${(await saved.innerText()).split('\n')[0]}"`);

    await page.getByLabel('What do you feel, in your own words?').fill(WORRYING);
    await page.getByRole('button', {name: 'Save and check'}).click();
    const level = page.locator('form .check-result .level-title');
    await level.waitFor();
    const levelText = await level.innerText();
    ok(/call-now|emergency/.test(levelText), `the symptom's level is shown: "${levelText}"`);
    const alert = page.locator('#alerts-title ~ ul.alerts li.alert-card').first();
    await alert.waitFor();
    const alertText = await alert.innerText();
    ok(/call-now|emergency/.test(alertText), `the new alert is listed with its level: "${alertText.split('\n')[0].slice(0, 90)}..."`);
    await noHorizontalScroll(page, 'diary after the symptom');
    await shot(page, 'diary-symptom-alert');
    await pctx.close();

    // The clinician, in a new browser context.
    const cctx = await newContext(browser, {viewport: PHONE, hasTouch: true, isMobile: true});
    const cpage = await watchedPage(cctx, 'panel');
    await login(cpage, base, server.logins.clinician);
    await cpage.waitForURL(/#\/panel/);
    const row = cpage.locator('ol.patients > li').first();
    await row.waitFor();
    ok(await row.getAttribute('data-patient-id') === String(pid), `the patient (${pid}) is ranked first in the panel`);
    ok(/call-now|emergency/.test(await row.locator('.badge').innerText()), 'with the level in words on its badge');
    ok(await cpage.locator('ol.patients > li').count() >= 2, 'the other demo patient is listed below');
    await noHorizontalScroll(cpage, 'panel');
    await shot(cpage, 'panel');

    await row.locator('a.patient-link').click();
    await cpage.waitForURL(new RegExp(`#/patient/${pid}$`));
    const card = cpage.locator('li.alert-card').filter({has: cpage.locator('form.ack-form')}).first();
    await card.waitFor();
    const aid = await card.getAttribute('data-alert-id');
    ok(!!aid, `an open alert with an acknowledge form (alert ${aid})`);
    ok(await cpage.locator('.chart-box canvas').evaluate((c) => !!window.Chart?.getChart(c)), 'the timeline chart is drawn');
    ok(await cpage.locator('ol.timeline > li').count() > 0, 'the timeline lists the days');
    ok(await cpage.locator('ol.timeline .tl-symptom').count() > 0, 'with the symptom reports');
    await shot(cpage, 'patient');
    const note = 'Called the patient; sent to the emergency department.';
    await card.getByLabel('Note (what was done)').fill(note);
    await card.getByRole('button', {name: 'Acknowledge'}).click();
    const acked = cpage.locator(`li.alert-card[data-alert-id="${aid}"] .acked`);
    await acked.waitFor();
    const ackText = await acked.innerText();
    ok(/Acknowledged/.test(ackText) && ackText.includes(note), `the acknowledgement shows: "${ackText}"`);
    const alerts = await (await cctx.request.get(`${base}/api/v1/patients/${pid}/alerts?all=1`)).json();
    const stored = alerts.alerts.find((x) => String(x.id) === aid);
    ok((stored?.ack_note ?? stored?.acknowledged?.note) === note, 'the API has the acknowledgement with its note');
    await noHorizontalScroll(cpage, 'patient page');
    await shot(cpage, 'patient-acknowledged');

    // The plan adjusted after withdrawal today: back to the last tolerated dose.
    await cpage.getByRole('button', {name: 'Adjust the plan'}).click();
    const flash = cpage.locator('.flash').filter({hasText: /Plan version \d+ stored/});
    await flash.waitFor();
    ok(/last tolerated dose/.test(await flash.innerText()), `the plan is adjusted: "${await flash.innerText()}"`);
    ok(/plan version 2/.test(await cpage.locator('.summary').innerText()), 'the patient now follows plan version 2');
    await shot(cpage, 'patient-plan-adjusted');

    // The panel again: the acknowledged alert no longer ranks the patient.
    await cpage.goto(`${base}/#/panel`);
    await cpage.locator('ol.patients > li').first().waitFor();
    const badgeNow = await cpage.locator(`ol.patients > li[data-patient-id="${pid}"] .badge`).innerText();
    log(`  the patient's badge after the acknowledgement: ${badgeNow}`);

    // The doctor's report opens in a new tab (an HTML document from the API).
    await cpage.goto(`${base}/#/patient/${pid}`);
    const [report] = await Promise.all([
        cctx.waitForEvent('page').then((p) => watch(p, 'report')),
        cpage.getByRole('link', {name: 'Open the report'}).click(),
    ]);
    await report.waitForLoadState('load');
    ok(/report/i.test(await report.title()), `the report opens in a new tab ("${await report.title()}")`);
    await shot(report, 'report');
    await cctx.close();
}

async function scenarioSetup(browser, base, setupUrl) {
    log('(d) the first administrator from the one-time setup link');
    const context = await newContext(browser, {viewport: PHONE, hasTouch: true, isMobile: true});
    const page = await watchedPage(context, 'setup');
    const u = new URL(setupUrl);
    await page.goto(`${base}/${u.hash}`);
    await page.getByLabel('Administrator username').fill('admin');
    await page.getByLabel('Password', {exact: true}).fill('a long admin passphrase 42');
    await page.getByLabel('Password again').fill('a long admin passphrase 42');
    await shot(page, 'setup');
    await page.getByRole('button', {name: 'Create the administrator'}).click();
    await page.waitForURL(/#\/admin/);
    await page.locator('ul.accounts').waitFor();
    const rows = await page.locator('ul.accounts > li').count();
    ok(rows >= 1, `the accounts page lists the accounts (${rows})`);
    await noHorizontalScroll(page, 'accounts');
    // A new clinician, linked to patient 1 (a POST and a PUT with the CSRF token).
    await page.getByLabel('Username').fill('nurse.kim');
    await page.getByLabel('Password').fill('a long nurse passphrase 7');
    await page.getByLabel('Role').selectOption('clinician');
    await page.getByRole('button', {name: 'Create'}).click();
    await page.locator('.flash').filter({hasText: 'nurse.kim'}).waitFor();
    ok(await page.locator('ul.accounts > li').filter({hasText: 'nurse.kim'}).count() === 1, 'the admin creates a clinician');
    await page.getByLabel('Clinician').selectOption({label: await page.locator('#link-acc option', {hasText: 'nurse.kim'}).innerText()});
    await page.getByLabel('Patient id', {exact: true}).fill('1');
    await page.getByRole('button', {name: 'Link', exact: true}).click();
    await page.locator('.flash').filter({hasText: 'Linked patient 1'}).waitFor();
    ok(true, 'and links the clinician to patient 1');
    await shot(page, 'admin');
    await context.close();
}

/* ===== Main ===== */

async function main() {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (scripts/deps.sh test)`);
    fs.mkdirSync(SHOTS, {recursive: true});
    for (const f of fs.readdirSync(SHOTS)) if (/^\d\d-.*\.png$/.test(f)) fs.rmSync(path.join(SHOTS, f));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stepdown-browser-'));
    let server = null;
    let browser = null;
    try {
        let base = process.env.SD_BROWSER_URL;
        if (!base) {
            if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: make`);
            server = new Server(tmp, await freePort());
            await server.start('07:30');
            base = server.base;
            log(`server: ${base}; demo logins ${Object.keys(server.logins).filter((k) => !k.endsWith('s')).join(', ')}; `
                + `setup link ${server.setup ? 'printed' : 'not printed'} (log ${path.relative(ROOT, server.logPath)})`);
        }
        // launch() gives chromium a fresh temporary --user-data-dir of its own
        // and removes it on close.
        browser = await chromium.launch({executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS,
                                         downloadsPath: path.join(tmp, 'downloads')});
        log(`chromium ${browser.version()}`);
        const scenarios = [
            ['a', () => scenarioCheck(browser, base)],
            ['a', () => scenarioCheckQuestions(browser, base)],
            ['b', () => scenarioPlan(browser, base)],
            ['c', () => (server.logins.patient && server.logins.clinician ? scenarioDiaryAndPanel(browser, server)
                                                                          : Promise.reject(new Error('the server printed no demo logins')))],
            ['d', () => (server.setup ? scenarioSetup(browser, base, server.setup)
                                      : Promise.reject(new Error('the server printed no setup link')))],
        ];
        for (const [id, fn] of scenarios) {
            if (!ONLY.includes(id)) continue;
            if (!server && (id === 'c' || id === 'd')) {
                log(`(${id}) skipped: SD_BROWSER_URL is set`);
                continue;
            }
            try {
                await fn();
            } catch (e) {
                failures++;
                log(`  FAIL (${id}): ${e.stack || e}`);
            }
        }
    } finally {
        if (browser) await browser.close().catch(() => {});
        if (server) {
            await server.stop();
            server.close();
        }
        fs.rmSync(tmp, {recursive: true, force: true});
    }
    log(`browser tests: ${passes} checks passed, ${failures} failed; screenshots in ${path.relative(ROOT, SHOTS)}/`);
    process.exitCode = failures ? 1 : 0;
}

main().catch((e) => {
    console.error(`browser tests: ${e.stack || e}`);
    process.exitCode = 1;
});

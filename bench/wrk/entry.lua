-- entry.lua: a logged-in diary write, POST /api/v1/patients/ID/entries
-- with a dose, as the demo clinician. bench/run.sh logs in with curl and
-- passes the session cookie, the CSRF token and the patient's id in the
-- environment (SD_COOKIE, SD_CSRF, SD_PATIENT). Every request carries a
-- new idempotency key (thread, counter), so each one writes a new entry
-- rather than repeating a stored one. wrk counts the answers that are not
-- 2xx ("Non-2xx or 3xx responses"); run.sh prints that count.
local counter = 0
tag = ""          -- set by setup() in each thread
local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("tag", string.format("%d-%d", os.time(), threads))
end

function init(args)
    wrk.method = "POST"
    wrk.path = "/api/v1/patients/" .. os.getenv("SD_PATIENT") .. "/entries"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Cookie"] = "sd_session=" .. os.getenv("SD_COOKIE")
    wrk.headers["X-CSRF-Token"] = os.getenv("SD_CSRF")
end

function request()
    counter = counter + 1
    local body = string.format(
        '{"kind": "dose", "sub": "taken", "dose": "10mg", ' ..
        '"key": "bench-%s-%d"}', tag, counter)
    return wrk.format(nil, nil, nil, body)
end

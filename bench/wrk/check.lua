-- check.lua: POST /api/v1/check with a ~100-character symptom report
-- (bench/run.sh; wrk -s bench/wrk/check.lua).
wrk.method = "POST"
wrk.path = "/api/v1/check"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"text": "since we lowered the dose my legs are jumping at night, ' ..
           'I feel itchy all over and sweaty and shaky", ' ..
           '"context": {"route": "oral", "dose_mg_day": 40}}'

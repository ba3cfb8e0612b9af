-- plan.lua: POST /api/v1/plans with a typical request (docs/PLAN.md,
-- "Inputs"): 20 mg three times a day, 10 mg tablets that may be halved,
-- starting on a fixed day so that every response is the same plan.
wrk.method = "POST"
wrk.path = "/api/v1/plans"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"regimen": [{"mg": 20, "time": "08:00"}, {"mg": 20, "time": ' ..
           '"14:00"}, {"mg": 20, "time": "22:00"}], "tablets": [{"mg": 10, ' ..
           '"split": 2}], "start": "2026-11-24"}'

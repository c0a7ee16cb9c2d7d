-- wrk: every request with the bearer token from $PENG_TOKEN, each connection pausing DELAY_MS (default 18) between
-- requests, so that 10 connections make a little over 500 requests per second.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("PENG_TOKEN")
local pause = tonumber(os.getenv("DELAY_MS") or "18")
function delay() return pause end

-- wrk script for the benchmark: adds the bearer token and counts every response that is not a 200 or whose
-- body length differs from the expected one (an incomplete or wrong body). Usage:
--   BENCH_TOKEN=... wrk -s bench/wrk_check.lua URL -- <expected_body_length>
-- At the end it prints one line "BENCH_JSON {...}" with the figures the harness reads.

local token = os.getenv("BENCH_TOKEN") or ""
local threads = {}
wrk.headers["Authorization"] = "Bearer " .. token

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  expected = tonumber(args[1]) or -1
  bad_status = 0
  bad_body = 0
  checked = 0
end

function response(status, headers, body)
  checked = checked + 1
  if status ~= 200 then
    bad_status = bad_status + 1
  end
  if expected >= 0 and (body == nil or #body ~= expected) then
    bad_body = bad_body + 1
  end
end

function done(summary, latency, requests)
  local bs, bb, ck = 0, 0, 0
  for _, t in ipairs(threads) do
    bs = bs + t:get("bad_status")
    bb = bb + t:get("bad_body")
    ck = ck + t:get("checked")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"mean_us":%.1f,"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,"err_timeout":%d,' ..
    '"bad_status":%d,"bad_body":%d,"checked":%d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write, e.status, e.timeout,
    bs, bb, ck))
end

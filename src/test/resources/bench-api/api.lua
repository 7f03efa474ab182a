-- Load for the hub's resident API under wrk 4: one operation per run, its requests made from a file
-- of lines that ApiLoadBenchmark wrote. Arguments (after --):
--   operation  create | update | get | search
--   file       create: a JSON body a line; update: id TAB version TAB JSON body with @ROOM@;
--              get: a resident id a line; search: a query string a line
--   rate       requests a second for this thread, 0 for as fast as the connections go
--   auth       the Authorization header's value
-- wrk is closed-loop: each connection sends its next request when the last one is answered. At a
-- rate, delay() holds each request back to its slot of a fixed schedule for the thread (slot k at
-- start + k / rate); a request whose slot has passed goes at once. wrk measures each request from
-- when it is sent, so time a request waited for a busy connection is not in its latency.
-- done() prints one parseable line (BENCH ...), with the responses outside 2xx counted here, since
-- wrk itself counts only socket errors, timeouts and statuses over 399.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_usec; } bench_timeval;
int gettimeofday(bench_timeval *tv, void *tz);
]]
local tv = ffi.new("bench_timeval")

local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  op = args[1]
  local rate = tonumber(args[3])
  interval = rate > 0 and 1000 / rate or 0
  lines = {}
  for line in io.lines(args[2]) do
    lines[#lines + 1] = line
  end
  headers = { ["Authorization"] = args[4], ["Accept"] = "application/json" }
  if op == "create" or op == "update" then
    headers["Content-Type"] = "application/json"
  end
  versions = {}
  sent = {}
  n = 0
  slot = 0
  start = nil
  non2xx = 0
  first_failure = ""
end

function delay()
  if interval == 0 then
    return 0
  end
  local now = now_ms()
  if start == nil then
    start = now
  end
  slot = slot + 1
  local wait = start + slot * interval - now
  return wait > 0 and wait or 0
end

function request()
  n = n + 1
  local line = lines[(n - 1) % #lines + 1]
  if op == "create" then
    return wrk.format("POST", "/api/v1/residents", headers, line)
  elseif op == "update" then
    -- Each resident is edited at the version the database had when the file was written, then at
    -- the one its last answer gave. A resident whose last edit has no answer yet (or never had
    -- one, or failed) is passed over until it has, so no edit is sent with a version known to be
    -- stale. The room alternates with the version so that each edit changes something.
    for _ = 1, #lines do
      local id, version, body = line:match("^([^\t]+)\t([^\t]+)\t(.*)$")
      local v = versions[id]
      if v == nil and not sent[id] then
        v = tonumber(version)
      end
      if v ~= nil then
        sent[id] = true
        versions[id] = nil
        headers["If-Match"] = '"' .. v .. '"'
        local room = (v % 2 == 0) and "9901" or "9902"
        return wrk.format("PUT", "/api/v1/residents/" .. id, headers, (body:gsub("@ROOM@", room)))
      end
      n = n + 1
      line = lines[(n - 1) % #lines + 1]
    end
    error("no resident to edit: every edit is waiting for its answer")
  elseif op == "get" then
    return wrk.format("GET", "/api/v1/residents/" .. line, headers)
  else
    return wrk.format("GET", "/api/v1/residents?" .. line, headers)
  end
end

function response(status, headers, body)
  if op == "update" and status == 200 then
    local id = (body or ""):match('^{"id":"([^"]+)"')
    local etag = headers["ETag"] or headers["etag"] or headers["Etag"]
    if id ~= nil and etag ~= nil then
      versions[id] = tonumber(etag:match("%d+"))
    end
  end
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if first_failure == "" then
      -- At most 300 bytes, without the bytes of a character cut at the end.
      local text = string.sub((body or ""):gsub("[\r\n\t]", " "), 1, 300)
      first_failure = status .. " " .. text:gsub("[\192-\255][\128-\191]*$", "")
    end
  end
end

function done(summary, latency, requests)
  local bad, first = 0, ""
  for _, t in ipairs(threads) do
    bad = bad + t:get("non2xx")
    local f = t:get("first_failure")
    if first == "" and f ~= nil and f ~= "" then
      first = f
    end
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%.0f p90_us=%.0f p99_us=%.0f max_us=%.0f mean_us=%.0f"
      .. " socket_errors=%d timeouts=%d status_errors=%d non2xx=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, e.connect + e.read + e.write, e.timeout,
    e.status, bad))
  io.write("BENCH first_failure=" .. first .. "\n")
end

-- wrk script: GET /api/search with a mix of queries, one per line of the
-- file given after `--`, picked at random for each request. Prints one
-- summary line that benches/http-load.sh reads.
local queries = {}
local path_prefix = "/api/search?q="

local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

function init(args)
  local file = args[1]
  if args[2] == "healthz" then path_prefix = nil end
  for line in io.lines(file) do
    if line ~= "" and line:sub(1, 1) ~= "#" then
      table.insert(queries, encode(line))
    end
  end
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

function request()
  if path_prefix == nil then
    return wrk.format("GET", "/healthz")
  end
  local q = queries[math.random(#queries)]
  return wrk.format("GET", path_prefix .. q .. "&limit=10")
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d connect_err=%d read_err=%d write_err=%d timeouts=%d\n",
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect, e.read, e.write, e.timeout))
end

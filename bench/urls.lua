-- wrk script: requests the paths listed in a file, one per line, and reports in JSON.
--
--   wrk ... -s bench/urls.lua http://127.0.0.1:PORT -- PATHS_FILE random|cycle
--
-- "random" picks a path at random for every request (detail pages: no one page stays hot);
-- "cycle" walks the list in order from a different starting point in each thread, so every
-- path is requested about equally often (the 500-URL list mix).

local paths = {}
local mode = "random"
local position = 0

function init(args)
  local file = args[1]
  mode = args[2] or "random"
  for line in io.lines(file) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  -- Threads are separate Lua states: seed each one differently.
  math.randomseed(os.time() + math.floor(os.clock() * 1000000) + #tostring({}))
  position = math.random(#paths)
end

function request()
  local path
  if mode == "cycle" then
    position = position % #paths + 1
    path = paths[position]
  else
    path = paths[math.random(#paths)]
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "errors_status": %d, "errors_other": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
